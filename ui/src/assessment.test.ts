import { describe, expect, it } from 'vitest';
import {
  assessableMonths,
  defaultDay,
  draftProblem,
  lastDayOf,
  monthsOfQuarter,
  quarterOf,
  suggestedMonth,
  type ItemDraft,
} from './assessment';
import type { AssessmentView } from './backend';

describe('months and quarters', () => {
  it.each([
    ['2026-02', '2026-02-28', '2026-Q1'],
    ['2028-02', '2028-02-29', '2028-Q1'],
    ['2026-03', '2026-03-31', '2026-Q1'],
    ['2026-04', '2026-04-30', '2026-Q2'],
    ['2026-12', '2026-12-31', '2026-Q4'],
  ])('%s ends on %s and is in %s', (month, last, quarter) => {
    expect(lastDayOf(month)).toBe(last);
    expect(quarterOf(month)).toBe(quarter);
    expect(monthsOfQuarter(quarter)).toContain(month);
  });

  it.each([
    // start, end, today: the months offered, latest first
    ['2026-10-20', '2027-10-19', '2026-12-01', ['2026-12', '2026-11', '2026-10']],
    ['2025-12-31', '2027-01-01', '2026-01-15', ['2026-01', '2025-12']],
    ['2026-01-01', '2026-02-10', '2026-05-01', ['2026-02', '2026-01']],
    ['2027-01-01', '2028-01-01', '2026-12-01', []],
  ])('from %s to %s on %s', (start, end, today, months) => {
    expect(assessableMonths(start, end, today)).toEqual(months);
  });

  it('suggests the latest past month not yet assessed', () => {
    const months = ['2026-12', '2026-11', '2026-10'];
    const done = (...ms: string[]) => ms.map((month) => ({ month }) as AssessmentView);
    expect(suggestedMonth(months, done())).toBe('2026-11');
    expect(suggestedMonth(months, done('2026-11'))).toBe('2026-10');
    expect(suggestedMonth(months, done('2026-11', '2026-10'))).toBe('2026-12');
    expect(suggestedMonth([], done())).toBeNull();
  });

  it('dates a new item on the month’s last day, or today while it runs', () => {
    expect(defaultDay('2026-11', '2026-12-01')).toBe('2026-11-30');
    expect(defaultDay('2026-12', '2026-12-01')).toBe('2026-12-01');
  });
});

describe('a draft is ready to send', () => {
  const row = (over: Partial<ItemDraft>): ItemDraft => ({ key: 1, code: 'check_in_late', on: '2026-11-08', count: 1, ...over });
  it.each([
    [[], null],
    [[row({})], null],
    [[row({ code: '' })], 'code_missing'],
    [[row({ on: '' })], 'date_missing'],
    [[row({ on: '2026-11-31' })], 'date_missing'],
    [[row({ on: '2026-12-01' })], 'date_outside'],
    [[row({ count: 0 })], 'count_bad'],
    [[row({ count: null })], 'count_bad'],
    [[row({ count: 1.5 })], 'count_bad'],
  ] as Array<[ItemDraft[], string | null]>)('%j → %s', (items, problem) => {
    expect(draftProblem('2026-11', items)?.problem ?? null).toBe(problem);
  });
});
