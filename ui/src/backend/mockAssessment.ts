// The mock's stand-in for dossier-core's points scheme, quarterly roll-up and level
// suggestion, with the default rules table's numbers. Only the mock uses it: the real scores
// come from the Rust side, whose rules table the office may have changed.

import type { AssessmentView } from './bindings/AssessmentView';
import type { PointItemView } from './bindings/PointItemView';
import type { PointsTableView } from './bindings/PointsTableView';
import type { QuarterView } from './bindings/QuarterView';
import type { ScoreLineView } from './bindings/ScoreLineView';
import { monthsOfQuarter } from '../assessment';
import { addDays } from '../dates';

const item = (
  code: string,
  label_zh: string,
  label_en: string,
  points: number,
  max_per_month: number | null = null,
): PointItemView => ({ code, label_zh, label_en, points, max_per_month });

/** core::rules DEFAULT_ITEMS. */
export const MOCK_POINT_ITEMS: PointItemView[] = [
  item('good_deed', '见义勇为、好人好事', 'good deed', 5, 2),
  item('reported_crime', '检举揭发违法犯罪', 'reported a crime', 10, 1),
  item('education_excellent', '学习教育表现突出', 'outstanding in education', 2, 1),
  item('public_service_extra', '公益活动表现突出', 'outstanding public service', 2, 1),
  item('check_in_late', '未按时报到', 'late check-in', -5),
  item('check_in_missed', '无故未报到', 'missed check-in', -10),
  item('written_report_late', '未按时提交思想汇报', 'late written report', -3),
  item('education_absent', '无故缺席教育学习', 'absent from education', -5),
  item('public_service_absent', '无故缺席公益活动', 'absent from public service', -5),
  item('visit_uncooperative', '不配合走访', 'uncooperative at a visit', -5),
  item('leave_overdue_day', '外出逾期未归（每日）', 'back late from leave (per day)', -3),
  item('leave_unapproved', '未经批准擅自外出', 'left without approval', -20),
  item('residence_unapproved', '未经批准变更居住地', 'moved without approval', -20),
  item('out_of_contact_day', '失去联系（每日）', 'out of contact (per day)', -3),
  item('positioning_tampered', '擅自拆除、损坏定位装置', 'tampered with positioning device', -20),
  item('injunction_breach', '违反禁止令', 'breached an injunction', -30),
  item('admonished', '受到训诫', 'admonished (训诫)', -10),
  item('warned', '受到警告', 'warned (警告)', -20),
  item('police_penalty', '受到治安管理处罚', 'public-security penalty', -30),
];

const BASE = 100;
const GOOD_MIN = 90;
const FAIR_MIN = 75;
const PASS_MIN = 60;

export function mockPointsTable(on: string): PointsTableView {
  return {
    on,
    base: BASE,
    good_min: GOOD_MIN,
    fair_min: FAIR_MIN,
    pass_min: PASS_MIN,
    items: MOCK_POINT_ITEMS.map((i) => ({ ...i })),
  };
}

export function gradeOf(points: number): string {
  if (points >= GOOD_MIN) return 'good';
  if (points >= FAIR_MIN) return 'fair';
  if (points >= PASS_MIN) return 'pass';
  return 'fail';
}

/** Items already checked (known code, inside the month, count ≥ 1). */
export function scoreLines(items: ReadonlyArray<{ code: string; count: number }>): ScoreLineView[] {
  const lines: ScoreLineView[] = [];
  for (const it of items) {
    const def = MOCK_POINT_ITEMS.find((d) => d.code === it.code)!;
    const used = lines.filter((l) => l.code === it.code).reduce((n, l) => n + l.counted, 0);
    const counted = def.max_per_month === null ? it.count : Math.min(it.count, Math.max(0, def.max_per_month - used));
    lines.push({ code: it.code, label: def.label_zh, count: it.count, counted, points: def.points * counted });
  }
  return lines;
}

export function monthlyProposal(points: number): string | null {
  if (points <= 40) return 'warning';
  if (points <= 60) return 'admonition';
  return null;
}

export function mockQuarter(subjectId: string, quarter: string, months: readonly AssessmentView[]): QuarterView {
  const sorted = [...months].sort((a, b) => a.month.localeCompare(b.month));
  const n = sorted.length;
  const total = sorted.reduce((s, m) => s + m.points, 0);
  const average = Math.floor(total / n);
  let proposal: string | null = total * 3 <= 150 * n ? 'warning' : total * 3 <= 210 * n ? 'admonition' : null;
  const clean = sorted.every((m) => m.grade !== 'fail' && m.lines.every((l) => l.points >= 0));
  if (!proposal && n === 3 && clean && total >= 285) proposal = 'praise';
  const [year, number] = quarter.split('-Q').map(Number);
  return {
    subject_id: subjectId,
    quarter,
    year,
    number,
    months: sorted.map((m) => ({ month: m.month, points: m.points, grade: m.grade })),
    missing: monthsOfQuarter(quarter).filter((m) => !sorted.some((a) => a.month === m)),
    total,
    average,
    grade: gradeOf(average),
    proposal,
  };
}

/** "2026-Q4" and its spellings; null when malformed. */
export function parseQuarter(text: string): string | null {
  const m = /^(\d{4})-?Q([1-4])$/i.exec(text.trim());
  return m ? `${m[1]}-Q${m[2]}` : null;
}

/** core::level::suggest with the default numbers, sanctions and risk unknown. */
export function mockLevelSuggestion(
  correctionStart: string,
  today: string,
  assessed: readonly AssessmentView[],
): { suggested: string; reasons: string[]; passing: number } {
  const latestFirst = [...assessed].sort((a, b) => b.month.localeCompare(a.month));
  const passing = latestFirst.findIndex((a) => a.grade === 'fail');
  const inARow = passing < 0 ? latestFirst.length : passing;
  const months = (n: number) => {
    const [y, m, d] = correctionStart.split('-').map(Number);
    const last = new Date(Date.UTC(y, m - 1 + n + 1, 0)).getUTCDate();
    return new Date(Date.UTC(y, m - 1 + n, Math.min(d, last))).toISOString().slice(0, 10);
  };
  const strict: string[] = [];
  if (today < months(2)) strict.push('newly_in_correction');
  if (latestFirst[0]?.grade === 'fail') strict.push('failed_assessment');
  if (strict.length > 0) return { suggested: 'strict', reasons: strict, passing: inARow };
  if (today >= months(6) && inARow >= 3) return { suggested: 'lenient', reasons: ['steady_record'], passing: inARow };
  return { suggested: 'normal', reasons: ['ordinary'], passing: inARow };
}

/** Months of the demo people already assessed, as months before today's, with their items. */
export const MOCK_ASSESSED: Array<{
  subject: string;
  monthsAgo: number;
  items: Array<{ code: string; day: number; count: number }>;
  opinion?: string;
}> = [
  { subject: 'mock-subject-03', monthsAgo: 4, items: [], opinion: '同意' },
  { subject: 'mock-subject-03', monthsAgo: 3, items: [{ code: 'check_in_late', day: 9, count: 1 }], opinion: '同意' },
  { subject: 'mock-subject-03', monthsAgo: 2, items: [{ code: 'leave_overdue_day', day: 20, count: 2 }, { code: 'written_report_late', day: 25, count: 1 }] },
  { subject: 'mock-subject-01', monthsAgo: 3, items: [{ code: 'good_deed', day: 12, count: 1 }], opinion: '同意' },
  { subject: 'mock-subject-01', monthsAgo: 2, items: [] , opinion: '同意' },
  { subject: 'mock-subject-10', monthsAgo: 2, items: [{ code: 'check_in_missed', day: 6, count: 2 }, { code: 'out_of_contact_day', day: 14, count: 4 }] },
  { subject: 'mock-subject-10', monthsAgo: 1, items: [{ code: 'education_absent', day: 10, count: 1 }] },
];

/** "2026-11" shifted by n months. */
export function shiftMonth(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number);
  const d = new Date(Date.UTC(y, m - 1 + n, 1));
  return d.toISOString().slice(0, 7);
}

/** The day an assessment of `month` was made: the 3rd of the next month. */
export function assessedOnFor(month: string): string {
  return addDays(`${shiftMonth(month, 1)}-01`, 2);
}
