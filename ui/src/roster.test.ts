import { describe, expect, it } from 'vitest';
import { MOCK_SUBJECTS } from './backend/mock';
import { applyFilters, filterRoster, sortRoster, villagesOf } from './roster';

const names = (rows: { name: string }[]) => rows.map((r) => r.name);

describe('sortRoster', () => {
  it('orders by village, then name, in pinyin order', () => {
    expect(names(sortRoster(MOCK_SUBJECTS))).toEqual([
      // 柳湾 liu < 青石 qing < 童庐 tong
      '陈桂兰', '王磊', '吴海涛',
      '何俊', '李秀英', '孙浩', '赵建军',
      '刘洋', '张伟', '周婷',
    ]);
  });

  it('does not change its input', () => {
    const copy = [...MOCK_SUBJECTS];
    sortRoster(MOCK_SUBJECTS);
    expect(MOCK_SUBJECTS).toEqual(copy);
  });
});

describe('filterRoster', () => {
  const cases: Array<[string, string, string[]]> = [
    ['empty query keeps everyone', '', names(sortRoster(MOCK_SUBJECTS))],
    ['blank query keeps everyone', '   ', names(sortRoster(MOCK_SUBJECTS))],
    ['full name', '张伟', ['张伟']],
    ['part of a name', '建', ['赵建军']],
    ['ID fragment', '0385', ['陈桂兰']],
    ['ID check letter, lower case', '39x', ['王磊']],
    ['file number, any case', 'cn2025007', ['周婷']],
    ['village', '柳湾', ['陈桂兰', '王磊', '吴海涛']],
    ['village suffix', '社区居委会', ['何俊', '李秀英', '孙浩', '赵建军']],
    ['surrounding spaces are ignored', '  周婷 ', ['周婷']],
    ['no match', '不存在的人', []],
  ];

  it.each(cases)('%s', (_label, query, expected) => {
    expect(names(filterRoster(sortRoster(MOCK_SUBJECTS), query))).toEqual(expected);
  });
});

describe('applyFilters', () => {
  const sorted = sortRoster(MOCK_SUBJECTS);
  it.each([
    ['no filter', {}, names(sorted)],
    ['village', { village: '330102001201' }, ['刘洋', '张伟', '周婷']],
    ['category', { category: 'parole' }, ['王磊', '孙浩']],
    ['level', { level: 'strict' }, ['王磊', '何俊', '刘洋']],
    ['status', { status: 'awaiting_report' }, ['刘洋']],
    ['key subjects', { key: 'yes' }, ['陈桂兰', '王磊', '何俊', '孙浩', '刘洋']],
    ['not key subjects', { key: 'no' }, ['吴海涛', '李秀英', '赵建军', '张伟', '周婷']],
    ['village and level combine', { village: '330102001203', level: 'strict' }, ['王磊']],
    ['category, key and village combine', { category: 'probation', key: 'yes', village: '330102001202' }, ['何俊']],
    ['nothing left', { category: 'surveillance', level: 'strict' }, []],
  ] as const)('%s', (_label, filters, expected) => {
    expect(names(applyFilters(sorted, filters))).toEqual(expected);
  });

  it('lists each village once, in Chinese order', () => {
    expect(villagesOf(MOCK_SUBJECTS).map((v) => v.name)).toEqual([
      '柳湾村委会',
      '青石社区居委会',
      '童庐村委会',
    ]);
  });
});
