// Leave (外出, Art 27) as the UI previews it while the form is filled in: days, who approves,
// what is late. The backend decides for real (its rules table may differ); these are the
// defaults of DOMAIN.md, so the preview and the backend agree unless the office changed them.

import type { LeaveView } from './backend';
import { addDays, daysBetween, isIsoDate } from './dates';

/** Days of leave, counting the first and the last day. */
export function leaveDays(from: string, to: string): number {
  return daysBetween(from, to) + 1;
}

export type Approver = 'office' | 'county' | 'above_county';

export const OFFICE_MAX_DAYS = 7;
export const COUNTY_MAX_DAYS = 30;
/** Apply this many days before a leave the office approves. */
export const APPLY_AHEAD_DAYS = 3;
/** Apply this many days before a longer leave (the backend's default rule, one county's). */
export const APPLY_AHEAD_DAYS_LONG = 7;

/** Days ahead a leave of `days` must be asked for (unknown length: the shorter rule). */
export function applyAheadDays(days: number | null): number {
  return days !== null && days > OFFICE_MAX_DAYS ? APPLY_AHEAD_DAYS_LONG : APPLY_AHEAD_DAYS;
}

/** Leave that still counts: asked for, approved and not back, or back already. */
const COUNTS = new Set(['requested', 'approved', 'returned']);
const OPEN = new Set(['requested', 'approved']);

export function isOpenLeave(leave: Pick<LeaveView, 'status'>): boolean {
  return OPEN.has(leave.status);
}

/** The end that holds now: the extension if there is one. */
export function leaveEnd(leave: Pick<LeaveView, 'to' | 'extension_to'>): string {
  return leave.extension_to ?? leave.to;
}

/**
 * Days of other leave within the two months (60 days) before this one starts, the part that
 * falls inside that window only.
 */
export function daysInTwoMonths(from: string, others: ReadonlyArray<Pick<LeaveView, 'from' | 'to' | 'extension_to' | 'status'>>): number {
  const windowStart = addDays(from, -60);
  const windowEnd = addDays(from, -1);
  let total = 0;
  for (const leave of others) {
    if (!COUNTS.has(leave.status)) continue;
    const a = leave.from > windowStart ? leave.from : windowStart;
    const end = leaveEnd(leave);
    const b = end < windowEnd ? end : windowEnd;
    if (a <= b) total += leaveDays(a, b);
  }
  return total;
}

/** Who approves a leave of `days`, with `earlier` days already taken within two months. */
export function approverFor(days: number, earlier = 0): Approver {
  if (days > COUNTY_MAX_DAYS || days + earlier > COUNTY_MAX_DAYS) return 'above_county';
  if (days > OFFICE_MAX_DAYS) return 'county';
  return 'office';
}

export interface LeaveDraft {
  from: string;
  to: string;
  destination_code: string;
  destination_detail: string;
  reason: string;
  contact: string;
}

export type LeaveProblem =
  | 'from_missing'
  | 'to_missing'
  | 'to_before_from'
  | 'destination_missing'
  | 'destination_code'
  | 'reason_missing'
  | 'contact_missing'
  | 'open_leave';

export interface LeavePreview {
  days: number | null;
  approver: Approver | null;
  /** Days already out within the two months before, when they change the approver. */
  earlier: number;
  /** Applied fewer than `ahead` days ahead. */
  late: boolean;
  /** Days ahead this leave must be asked for. */
  ahead: number;
  /** The first thing that stops saving, or null. */
  problem: LeaveProblem | null;
}

/** Division codes: 6 (county), 9 (township) or 12 (village) digits. */
export const DIVISION_CODE = /^(\d{6}|\d{9}|\d{12})$/;

export function previewLeave(
  draft: LeaveDraft,
  today: string,
  others: ReadonlyArray<LeaveView> = [],
): LeavePreview {
  const fromOk = isIsoDate(draft.from);
  const toOk = isIsoDate(draft.to);
  const days = fromOk && toOk && draft.to >= draft.from ? leaveDays(draft.from, draft.to) : null;
  const earlier = fromOk ? daysInTwoMonths(draft.from, others) : 0;
  const approver = days !== null ? approverFor(days, earlier) : null;
  const ahead = applyAheadDays(days);
  const late = fromOk && daysBetween(today, draft.from) < ahead;
  let problem: LeaveProblem | null = null;
  if (others.some(isOpenLeave)) problem = 'open_leave';
  else if (!fromOk) problem = 'from_missing';
  else if (!toOk) problem = 'to_missing';
  else if (draft.to < draft.from) problem = 'to_before_from';
  else if (draft.destination_detail.trim() === '') problem = 'destination_missing';
  // The rules judge leaves by where they go (a division code), so the code is required.
  else if (!DIVISION_CODE.test(draft.destination_code.trim())) problem = 'destination_code';
  else if (draft.reason.trim() === '') problem = 'reason_missing';
  else if (draft.contact.trim() === '') problem = 'contact_missing';
  return {
    days,
    approver,
    earlier: approver === 'above_county' && days !== null && days <= COUNTY_MAX_DAYS ? earlier : 0,
    late,
    ahead,
    problem,
  };
}

/** Office staff decide; a village worker only asks. */
export function canDecide(role: string): boolean {
  return role === 'office_staff' || role === 'office_admin';
}

/** What the return of a leave means: days late (0 when on time). */
export function overdueDays(leave: Pick<LeaveView, 'to' | 'extension_to'>, returnedOn: string): number {
  return Math.max(0, daysBetween(leaveEnd(leave), returnedOn));
}
