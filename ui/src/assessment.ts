// Monthly assessments (月度考核) as the form and the pane need them: which months can be
// assessed, which quarter a month is in, and whether a draft is ready to send. The score
// itself is the backend's (the points table in force, caps, grades); nothing here scores.

import type { AssessmentView } from './backend';
import { isIsoDate } from './dates';

/** "2026-02" → "2026-02-28". */
export function lastDayOf(month: string): string {
  const [y, m] = month.split('-').map(Number);
  const d = new Date(Date.UTC(y, m, 0));
  return d.toISOString().slice(0, 10);
}

export function monthOf(day: string): string {
  return day.slice(0, 7);
}

/** "2026-11" → "2026-Q4". */
export function quarterOf(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return `${y}-Q${Math.floor((m - 1) / 3) + 1}`;
}

/** The three months of "2026-Q4". */
export function monthsOfQuarter(quarter: string): string[] {
  const [y, q] = quarter.split('-Q').map(Number);
  return [1, 2, 3].map((i) => `${y}-${String((q - 1) * 3 + i).padStart(2, '0')}`);
}

/**
 * The months that may be assessed, latest first: from the correction's first month to this
 * month, and not past the correction's end.
 */
export function assessableMonths(correctionStart: string, correctionEnd: string, today: string): string[] {
  const first = monthOf(correctionStart);
  const last = [monthOf(today), monthOf(correctionEnd)].sort()[0];
  const out: string[] = [];
  let [y, m] = last.split('-').map(Number);
  for (let guard = 0; guard < 600; guard++) {
    const month = `${y}-${String(m).padStart(2, '0')}`;
    if (month < first) break;
    out.push(month);
    m -= 1;
    if (m === 0) {
      m = 12;
      y -= 1;
    }
  }
  return out;
}

/**
 * The month a new assessment most likely is for: the latest past month not yet assessed
 * (a month is assessed early in the next), else this month.
 */
export function suggestedMonth(months: readonly string[], assessed: readonly AssessmentView[]): string | null {
  if (months.length === 0) return null;
  const done = new Set(assessed.map((a) => a.month));
  return months.slice(1).find((m) => !done.has(m)) ?? months[0];
}

/** Quarters with at least one assessment, latest first. */
export function assessedQuarters(assessed: readonly AssessmentView[]): string[] {
  return [...new Set(assessed.map((a) => quarterOf(a.month)))].sort().reverse();
}

export interface ItemDraft {
  /** Row key, stable while the row is edited. */
  key: number;
  code: string;
  on: string;
  count: number | null;
}

export type DraftProblem = 'code_missing' | 'date_missing' | 'date_outside' | 'count_bad';

/** What keeps a row from being sent, or null; the first problem of the first bad row. */
export function draftProblem(month: string, items: readonly ItemDraft[]): { key: number; problem: DraftProblem } | null {
  for (const it of items) {
    if (!it.code) return { key: it.key, problem: 'code_missing' };
    if (!isIsoDate(it.on)) return { key: it.key, problem: 'date_missing' };
    if (monthOf(it.on) !== month) return { key: it.key, problem: 'date_outside' };
    if (it.count === null || !Number.isInteger(it.count) || it.count < 1) return { key: it.key, problem: 'count_bad' };
  }
  return null;
}

/** The default day of a new row: the month's last day, or today while the month runs. */
export function defaultDay(month: string, today: string): string {
  const last = lastDayOf(month);
  return last < today ? last : today;
}

