import { describe, expect, it } from 'vitest';
import type { LeaveView } from './backend';
import {
  approverFor,
  canDecide,
  daysInTwoMonths,
  leaveDays,
  overdueDays,
  previewLeave,
  type LeaveDraft,
} from './leave';
import { createMockBackend, MOCK_OFFICERS, MOCK_PASSPHRASE } from './backend/mock';
import { addDays, todayIso } from './dates';
import { errorText, MESSAGES } from './i18n';
import { approverText } from './components/LeavePane';

const draft = (from: string, to: string, extra: Partial<LeaveDraft> = {}): LeaveDraft => ({
  from,
  to,
  destination_code: '330106',
  destination_detail: '文三路 18 号',
  reason: '探亲',
  contact: '李明 13800000000',
  ...extra,
});

const past = (from: string, to: string, status = 'returned'): LeaveView =>
  ({ from, to, extension_to: null, status }) as LeaveView;

describe('leave days and the approver', () => {
  it.each([
    ['2026-03-01', '2026-03-01', 1],
    ['2026-02-27', '2026-03-01', 3], // not a leap year
    ['2028-02-27', '2028-03-01', 4], // a leap year
    ['2026-12-30', '2027-01-02', 4],
  ])('%s to %s is %i days', (from, to, days) => {
    expect(leaveDays(from, to)).toBe(days);
  });

  it.each([
    [1, 'office'],
    [7, 'office'],
    [8, 'county'],
    [30, 'county'],
    [31, 'above_county'],
  ] as const)('%i days: %s', (days, approver) => {
    expect(approverFor(days)).toBe(approver);
  });

  it('more than 30 days within two months goes above the county', () => {
    expect(approverFor(5, 25)).toBe('office');
    expect(approverFor(5, 26)).toBe('above_county');
    // Only the part of an earlier leave inside the 60 days before counts.
    expect(daysInTwoMonths('2026-03-01', [past('2025-12-29', '2026-01-02')])).toBe(3); // from 12-31
    expect(daysInTwoMonths('2026-03-01', [past('2026-02-01', '2026-02-10', 'rejected')])).toBe(0);
  });

  it.each([
    [7, '7天以内：司法所审批'],
    [8, '超过7天：需报县社区矫正机构审批'],
    [30, '超过7天：需报县社区矫正机构审批'],
    [31, '超过30天：需报上级审批'],
  ])('the form says who approves %i days', (days, text) => {
    const from = '2026-03-10';
    const preview = previewLeave(draft(from, addDays(from, days - 1)), '2026-03-01');
    expect(preview.days).toBe(days);
    expect(approverText(MESSAGES.zh, preview)).toContain(text);
  });

  it('says what is missing or wrong, first thing first', () => {
    const today = '2026-03-01';
    expect(previewLeave(draft('', ''), today).problem).toBe('from_missing');
    expect(previewLeave(draft('2026-03-10', '2026-03-09'), today).problem).toBe('to_before_from');
    expect(previewLeave(draft('2026-03-10', '2026-03-12', { reason: ' ' }), today).problem).toBe('reason_missing');
    expect(previewLeave(draft('2026-03-10', '2026-03-12', { destination_code: '3301' }), today).problem).toBe(
      'destination_code',
    );
    // The rules need the division code; the address alone is not enough.
    expect(previewLeave(draft('2026-03-10', '2026-03-12', { destination_code: '' }), today).problem).toBe(
      'destination_code',
    );
    expect(previewLeave(draft('2026-03-10', '2026-03-12', { destination_detail: ' ' }), today).problem).toBe(
      'destination_missing',
    );
    expect(previewLeave(draft('2026-03-10', '2026-03-12'), today, [past('2026-03-01', '2026-03-03', 'approved')]).problem).toBe(
      'open_leave',
    );
    expect(previewLeave(draft('2026-03-10', '2026-03-12'), today).problem).toBeNull();
  });

  // Up to 7 days: 3 days ahead; longer: 7 days ahead (the backend's default rules).
  it.each([
    ['2026-03-03', '2026-03-04', true, 3],
    ['2026-03-04', '2026-03-05', false, 3],
    ['2026-03-04', '2026-03-10', false, 3], // 7 days
    ['2026-03-04', '2026-03-11', true, 7], // 8 days, asked 3 days ahead
    ['2026-03-07', '2026-03-16', true, 7], // 10 days, asked 6 days ahead
    ['2026-03-08', '2026-03-17', false, 7], // 10 days, asked 7 days ahead
    ['2026-03-01', '2026-03-10', true, 7], // 10 days from today
  ] as const)('leave from %s to %s asked on 2026-03-01: late %s (%i days ahead needed)', (from, to, late, ahead) => {
    const preview = previewLeave(draft(from, to), '2026-03-01');
    expect(preview.late).toBe(late);
    expect(preview.ahead).toBe(ahead);
    if (late) expect(MESSAGES.zh.leaveApplyLate(preview.ahead)).toContain(`应提前${ahead}天申请`);
  });

  it('office roles decide, a village worker does not', () => {
    expect(canDecide('office_staff')).toBe(true);
    expect(canDecide('office_admin')).toBe(true);
    expect(canDecide('village_worker')).toBe(false);
  });

  it('counts days late from the extension when there is one', () => {
    const l = { to: '2026-03-05', extension_to: null };
    expect(overdueDays(l, '2026-03-05')).toBe(0);
    expect(overdueDays(l, '2026-03-08')).toBe(3);
    expect(overdueDays({ ...l, extension_to: '2026-03-08' }, '2026-03-08')).toBe(0);
  });
});

describe('the mock leave workflow', () => {
  const input = (from: string, to: string) => ({
    from,
    to,
    destination_code: '330106',
    destination_detail: '文三路 18 号',
    reason: '探亲',
    contact: '13800000000',
  });

  async function as(officer: number) {
    const b = createMockBackend();
    await b.unlock(MOCK_OFFICERS[officer].officer_id, MOCK_PASSPHRASE);
    return b;
  }

  it('requests, approves as the office, and a late return is overdue and a violation', async () => {
    const b = await as(1);
    const today = todayIso();
    const leave = await b.leaveRequest('mock-subject-03', input(addDays(today, -9), addDays(today, -2)));
    expect(leave).toMatchObject({ days: 8, approver: 'county', status: 'requested', destination_name: '浙江省杭州市西湖区' });
    expect(leave.warnings).toEqual(['applied_late']);
    // A second open leave is refused.
    await expect(b.leaveRequest('mock-subject-03', input(addDays(today, 5), addDays(today, 6)))).rejects.toMatchObject({
      code: 'leave_refused',
    });
    const approved = await b.leaveDecide(leave.id, true, '同意');
    expect(approved).toMatchObject({ status: 'approved', decided_by: '陈丽', opinion: '同意' });
    await expect(b.leaveReturn(leave.id, addDays(today, -10))).rejects.toMatchObject({ code: 'leave_refused' });
    const back = await b.leaveReturn(leave.id, today);
    expect(back).toMatchObject({ status: 'returned', overdue_days: 2, violation: true });
  });

  it('a village worker cannot decide', async () => {
    const b = await as(0);
    const pending = (await b.leaveList()).find((l) => l.status === 'requested')!;
    await expect(b.leaveDecide(pending.id, true, '')).rejects.toMatchObject({ code: 'permission_denied' });
  });

  it('refuses high risk and an end before the start, in Chinese by code', async () => {
    const b = await as(1);
    const today = todayIso();
    const refusal = await b
      .leaveRequest('mock-subject-10', input(addDays(today, 5), addDays(today, 6)))
      .catch((e: unknown) => e);
    expect(refusal).toMatchObject({ code: 'leave_refused' });
    await expect(b.leaveRequest('mock-subject-03', input(addDays(today, 5), addDays(today, 4)))).rejects.toMatchObject({
      code: 'leave_refused',
    });
    const shown = errorText('zh', refusal as { code: string; message: string });
    expect(shown.title).toBe('不符合请假外出的规定，未能办理。');
    expect(shown.detail).toContain('high risk');
    expect(errorText('zh', { code: 'permission_denied', message: 'x' }).title).toBe('您没有进行这项操作的权限。');
  });
});
