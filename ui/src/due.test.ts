import { describe, expect, it } from 'vitest';
import type { DueItemView } from './backend';
import { countByVillage, dueAction, dueGroup, dueNoteText, groupDue } from './due';
import { DUE_KIND_CODES, MESSAGES, dueKindLabel } from './i18n';
import { createMockBackend, MOCK_OFFICERS, MOCK_PASSPHRASE } from './backend/mock';
import { addDays, todayIso } from './dates';

const TODAY = '2026-02-27';

function item(name: string, due: string, extra: Partial<DueItemView> = {}): DueItemView {
  return {
    subject_id: `s-${name}`,
    subject_name: name,
    file_no: 'F1',
    jurisdiction: '330723001201',
    jurisdiction_name: '甲村',
    kind: 'visit',
    due,
    overdue: due < TODAY,
    severity: 'warning',
    note: null,
    ...extra,
  };
}

describe('due groups', () => {
  it.each([
    ['2026-02-26', 'overdue'],
    ['2026-02-27', 'today'],
    ['2026-02-28', 'week'],
    // Across the month end (not a leap year): six days ahead is still this week.
    ['2026-03-05', 'week'],
    ['2026-03-06', 'later'],
  ] as const)('%s is %s', (due, group) => {
    expect(dueGroup(item('a', due), TODAY)).toBe(group);
  });

  it('trusts the overdue flag even for a date of today', () => {
    expect(dueGroup(item('a', TODAY, { overdue: true }), TODAY)).toBe('overdue');
  });

  it('sorts each group by date, then severity', () => {
    const groups = groupDue(
      [
        item('乙', '2026-02-25', { severity: 'warning' }),
        item('甲', '2026-02-25', { severity: 'danger' }),
        item('丙', '2026-02-20'),
        item('丁', TODAY),
      ],
      TODAY,
    );
    expect(groups.overdue.map((i) => i.subject_name)).toEqual(['丙', '甲', '乙']);
    expect(groups.today.map((i) => i.subject_name)).toEqual(['丁']);
    expect(groups.week).toEqual([]);
  });

  it('counts per village, overdue apart, most overdue first', () => {
    const other = { jurisdiction: '330723001202', jurisdiction_name: '乙村' };
    const counts = countByVillage(
      [item('a', '2026-02-28'), item('b', '2026-02-01', other), item('c', TODAY, other)],
      TODAY,
    );
    expect(counts).toEqual([
      { jurisdiction: '330723001202', name: '乙村', overdue: 1, due: 1 },
      { jurisdiction: '330723001201', name: '甲村', overdue: 0, due: 1 },
    ]);
  });
});

describe('the action that settles an item', () => {
  it.each([
    ['check_in', { form: 'checkin' }],
    ['written_report', { form: 'checkin', values: { form: 'thoughts' } }],
    ['visit', { form: 'visit' }],
    ['four_ones', { form: 'visit', values: { reason: 'four_ones' } }],
    ['education', { form: 'education' }],
    ['health_reexam', { form: 'health_report', values: { reexamination: true } }],
    ['leave_ending', { tab: 'leave' }],
    ['leave_overdue', { tab: 'leave' }],
    ['decision_pending', { tab: 'proposals' }],
    ['transfer_report', { form: 'checkin' }],
    ['report_deadline', null],
    ['missing_report_10', null],
    ['monthly_assessment', { tab: 'assessment' }],
    ['term_ending', null],
    ['positioning_expiring', null],
  ])('%s opens %j', (kind, opening) => {
    expect(dueAction(kind)).toEqual(opening);
  });

  it('every kind has a label in both languages', () => {
    expect(DUE_KIND_CODES).toHaveLength(16);
    for (const code of DUE_KIND_CODES) {
      expect(dueKindLabel('zh', code)).toMatch(/[\u4e00-\u9fff]/);
      expect(dueKindLabel('en', code)).toMatch(/^[A-Z“]/);
    }
    expect(dueKindLabel('zh', 'missing_report_10')).toBe('漏管（10天）');
    expect(dueKindLabel('zh', 'four_ones')).toBe('敏感期“四个一”');
  });
});

describe('the mock reminders', () => {
  it('lists overdue, today and this week, with village counts, and a record settles one', async () => {
    const b = createMockBackend();
    await b.unlock(MOCK_OFFICERS[1].officer_id, MOCK_PASSPHRASE);
    const view = await b.due();
    const today = todayIso();
    expect(view.today).toBe(today);
    const groups = groupDue(view.items, today);
    expect(groups.overdue.length).toBeGreaterThan(0);
    expect(groups.today.length).toBeGreaterThan(0);
    expect(groups.week.length).toBeGreaterThan(0);
    const total = view.villages.reduce((n, v) => n + v.overdue + v.due, 0);
    expect(total).toBe(view.items.length);
    // An approved leave that ended yesterday is overdue; one ending tomorrow is ending.
    expect(view.items.some((i) => i.kind === 'leave_overdue' && i.due === addDays(today, -1))).toBe(true);
    expect(view.items.some((i) => i.kind === 'leave_ending')).toBe(true);

    const checkIn = view.items.find((i) => i.kind === 'check_in')!;
    await b.recordAdd(checkIn.subject_id, 'checkin', { date: today, form: 'in_person', punctuality: 'late' });
    const after = await b.due();
    expect(after.items.some((i) => i.kind === 'check_in' && i.subject_id === checkIn.subject_id)).toBe(false);
    expect(after.items).toHaveLength(view.items.length - 1);
  });
});

describe('the note beside an item', () => {
  it.each([
    ['four_ones', '国庆: home_visit,talk', 'zh', '国庆：缺家访、面对面谈话'],
    ['four_ones', '国庆: community_visit,home_visit,talk,counselling', 'en', '国庆: missing community visit, home visit, talk, counselling'],
    ['four_ones', 'no codes', 'zh', 'no codes'],
    ['leave_ending', '01a22f1d-c235-7589-94e0-37b5b9cc76ad', 'zh', ''],
    ['leave_overdue', '01a22f1d-c239-7fd9-9449-0d37b06d1571', 'en', ''],
    ['monthly_assessment', '2026-10', 'zh', '2026-10'],
    ['visit', null, 'zh', ''],
  ] as const)('%s %j in %s reads %j', (kind, note, lang, text) => {
    expect(dueNoteText(item('a', TODAY, { kind, note }), lang, MESSAGES[lang])).toBe(text);
  });
});
