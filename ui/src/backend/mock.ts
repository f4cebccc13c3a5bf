// A stand-in backend with synthetic people, used in a plain browser (`npm run dev`) and in the
// tests. Everything here is made up: names, ID numbers (valid check digits, fictitious people),
// villages and file numbers.

import type { Backend } from './index';
import type { ErrorView } from './bindings/ErrorView';
import type { OfficerSlotView } from './bindings/OfficerSlotView';
import type { SessionView } from './bindings/SessionView';
import type { SubjectRow } from './bindings/SubjectRow';

export const MOCK_PASSPHRASE = 'demo-pass';

export const MOCK_ARCHIVE_PATH = '/home/demo/.local/share/dossier/archive.dossier';

export const MOCK_OFFICERS: OfficerSlotView[] = [
  { officer_id: '01J9Z6X4Q0A1B2C3D4E5F6G7H8', name: '王晓明', role: 'village_worker' },
  { officer_id: '01J9Z6X4Q0A1B2C3D4E5F6G7H9', name: '陈丽', role: 'office_staff' },
  { officer_id: '01J9Z6X4Q0A1B2C3D4E5F6G7HA', name: '林建国', role: 'office_admin' },
];

const TONGLU = { jurisdiction: '330102001201', jurisdiction_name: '童庐村委会' };
const QINGSHI = { jurisdiction: '330102001202', jurisdiction_name: '青石社区居委会' };
const LIUWAN = { jurisdiction: '330102001203', jurisdiction_name: '柳湾村委会' };

function subject(
  n: number,
  fields: Omit<SubjectRow, 'id' | 'file_no' | 'ethnicity' | 'phone' | 'crime'> &
    Partial<Pick<SubjectRow, 'ethnicity' | 'phone' | 'crime'>>,
): SubjectRow {
  return {
    id: `mock-subject-${String(n).padStart(2, '0')}`,
    file_no: `CN2025${String(n).padStart(3, '0')}`,
    ethnicity: '汉族',
    phone: null,
    crime: null,
    ...fields,
  };
}

// Deliberately not in roster order: the UI sorts.
export const MOCK_SUBJECTS: SubjectRow[] = [
  subject(1, {
    name: '张伟', sex: 'male', id_number: '330102198503120110', birth_date: '1985-03-12',
    category: 'probation', correction_start: '2025-03-01', correction_end: '2026-02-28',
    ...TONGLU, status: 'in_correction', phone: '13800000001', crime: '危险驾驶罪',
  }),
  subject(2, {
    name: '李秀英', sex: 'female', id_number: '330102199207080200', birth_date: '1992-07-08',
    category: 'surveillance', correction_start: '2025-01-15', correction_end: '2025-10-14',
    ...QINGSHI, status: 'in_correction',
  }),
  subject(3, {
    name: '王磊', sex: 'male', id_number: '33010219780125039X', birth_date: '1978-01-25',
    category: 'parole', correction_start: '2024-11-20', correction_end: '2026-05-19',
    ...LIUWAN, status: 'in_correction', crime: '盗窃罪',
  }),
  subject(4, {
    name: '刘洋', sex: 'male', id_number: '330102200109190313', birth_date: '2001-09-19',
    category: 'probation', correction_start: '2025-06-10', correction_end: '2027-06-09',
    ...TONGLU, status: 'awaiting_report',
  }),
  subject(5, {
    name: '陈桂兰', sex: 'female', id_number: '330102196911030385', birth_date: '1969-11-03',
    category: 'temporary_outside', correction_start: '2025-02-01', correction_end: '2026-01-31',
    ...LIUWAN, status: 'in_correction',
  }),
  subject(6, {
    name: '赵建军', sex: 'male', id_number: '330102198805300459', birth_date: '1988-05-30',
    category: 'probation', correction_start: '2024-09-01', correction_end: '2025-08-31',
    ...QINGSHI, status: 'released',
  }),
  subject(7, {
    name: '周婷', sex: 'female', id_number: '330102199502140528', birth_date: '1995-02-14',
    category: 'probation', correction_start: '2025-04-18', correction_end: '2026-10-17',
    ...TONGLU, status: 'in_correction', ethnicity: '畲族',
  }),
  subject(8, {
    name: '吴海涛', sex: 'male', id_number: '330102197308280595', birth_date: '1973-08-28',
    category: 'surveillance', correction_start: '2025-05-06', correction_end: '2025-11-05',
    ...LIUWAN, status: 'in_correction',
  }),
  subject(9, {
    name: '孙浩', sex: 'male', id_number: '330102199906010674', birth_date: '1999-06-01',
    category: 'parole', correction_start: '2025-07-01', correction_end: '2026-03-31',
    ...QINGSHI, status: 'in_correction',
  }),
];

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

/** The 18th character of a resident ID number for its first 17 digits. */
export function idCheckChar(first17: string): string {
  const sum = ID_WEIGHTS.reduce((acc, w, i) => acc + w * Number(first17[i]), 0);
  return '10X98765432'[sum % 11];
}

/**
 * A larger synthetic roster (`?mock=many` in the browser), to see scrolling and searching
 * with a street's worth of people. Deterministic: the same n gives the same people.
 */
export function generateSubjects(n: number): SubjectRow[] {
  const surnames = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高';
  const given = ['伟', '芳', '娜', '敏', '静', '强', '磊', '军', '洋', '勇', '艳', '杰', '涛', '明', '超', '秀兰', '霞', '平', '刚', '桂英'];
  const villages = [
    TONGLU,
    QINGSHI,
    LIUWAN,
    { jurisdiction: '330102001204', jurisdiction_name: '杏花村委会' },
    { jurisdiction: '330102001205', jurisdiction_name: '东门社区居委会' },
  ];
  const categories = ['probation', 'probation', 'probation', 'surveillance', 'parole', 'temporary_outside'];
  const rows: SubjectRow[] = [];
  for (let i = 0; i < n; i++) {
    const year = 1960 + ((i * 7) % 45);
    const month = 1 + ((i * 5) % 12);
    const day = 1 + ((i * 11) % 28);
    const birth = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
    const sex = i % 3 === 1 ? 'female' : 'male';
    let seq = 100 + ((i * 13) % 800);
    if ((seq % 2 === 1) !== (sex === 'male')) seq += 1;
    const first17 = `330102${birth.replaceAll('-', '')}${String(seq).padStart(3, '0')}`;
    const start = new Date(Date.UTC(2024, (i * 3) % 18, 1 + (i % 27)));
    const months = [6, 12, 18, 24, 36][i % 5];
    const end = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + months, start.getUTCDate() - 1));
    rows.push(
      subject(100 + i, {
        name: surnames[(i * 7) % surnames.length] + given[(i * 3 + Math.floor(i / 20)) % given.length],
        sex,
        id_number: first17 + idCheckChar(first17),
        birth_date: birth,
        category: categories[i % categories.length],
        correction_start: start.toISOString().slice(0, 10),
        correction_end: end.toISOString().slice(0, 10),
        ...villages[i % villages.length],
        status: i % 9 === 0 ? 'awaiting_report' : 'in_correction',
      }),
    );
  }
  return rows;
}

export const WRONG_PASSPHRASE_ERROR: ErrorView = {
  code: 'wrong_passphrase',
  message: 'The passphrase is wrong. Check the keyboard layout and Caps Lock, then try again.',
};

export interface MockOptions {
  /** Delay of every call, to show busy states (unlocking really takes about half a second). */
  latencyMs?: number;
  /** "no_archive": no archive; "empty": no subjects; "many": about two hundred more. */
  scenario?: string;
  officers?: OfficerSlotView[];
  subjects?: SubjectRow[];
}

function sessionFor(officer: OfficerSlotView): SessionView {
  const village = officer.role === 'village_worker';
  return {
    officer_id: officer.officer_id,
    officer_name: officer.name,
    role: officer.role,
    site_role: village ? 'village' : 'office',
    jurisdiction: village ? TONGLU.jurisdiction : '330102001',
    jurisdiction_name: village ? TONGLU.jurisdiction_name : '城南街道司法所',
  };
}

export function createMockBackend(options: MockOptions = {}): Backend {
  const latency = options.latencyMs ?? 0;
  const officers = options.officers ?? MOCK_OFFICERS;
  const subjects =
    options.scenario === 'empty'
      ? []
      : options.scenario === 'many'
        ? [...MOCK_SUBJECTS, ...generateSubjects(200)]
        : (options.subjects ?? MOCK_SUBJECTS);
  let session: SessionView | null = null;

  const settle = <T>(produce: () => T): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const run = () => {
        try {
          resolve(produce());
        } catch (reason) {
          reject(reason);
        }
      };
      if (latency > 0) setTimeout(run, latency);
      else queueMicrotask(run);
    });

  return {
    archiveInfo: () =>
      settle(() => {
        if (options.scenario === 'no_archive') {
          throw {
            code: 'no_archive',
            message: 'There is no archive on this computer yet.',
          } satisfies ErrorView;
        }
        return { path: MOCK_ARCHIVE_PATH, officers: officers.map((o) => ({ ...o })) };
      }),
    unlock: (officerId, passphrase) =>
      settle(() => {
        const officer = officers.find((o) => o.officer_id === officerId);
        if (!officer) {
          throw {
            code: 'unknown_officer',
            message: 'That officer cannot unlock this archive.',
          } satisfies ErrorView;
        }
        if (passphrase !== MOCK_PASSPHRASE) {
          throw { ...WRONG_PASSPHRASE_ERROR };
        }
        session = sessionFor(officer);
        return { ...session };
      }),
    lock: () =>
      settle(() => {
        session = null;
      }),
    subjectList: () =>
      settle(() => {
        if (!session) {
          throw { code: 'locked', message: 'The archive is locked.' } satisfies ErrorView;
        }
        return subjects.map((s) => ({ ...s }));
      }),
  };
}
