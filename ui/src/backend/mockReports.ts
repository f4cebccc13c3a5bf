// The mock's report centre and dashboard charts: what `mock.ts` answers for report_list,
// report_preview, report_save, report_open and dashboard_charts. Ledgers are the real list
// (ids, titles, which need a month or a subject); previews are tiny blank PNG pages, one
// per 20 rows; saving streams a few progress steps and "writes" a path under /home/demo.
// The charts count the mock's own subjects and leaves; its sanctions per month are made up.
// Deliberately absent: real layouts, files and fonts (those are crates/report's).

import type { Backend } from './index';
import type { ChartsView } from './bindings/ChartsView';
import type { ErrorView } from './bindings/ErrorView';
import type { LeaveView } from './bindings/LeaveView';
import type { SessionView } from './bindings/SessionView';
import type { SubjectRow } from './bindings/SubjectRow';
import type { LedgerView, ReportProgress, ReportRequest, ReportSaved } from './index';
import { todayIso } from '../dates';

type ReportMethods = Pick<Backend, 'dashboardCharts' | 'reportList' | 'reportPreview' | 'reportSave' | 'reportOpen'>;

export interface MockReportOptions {
  requireSession: () => SessionView;
  settle: <T>(produce: () => T) => Promise<T>;
  latencyMs: number;
  subjects: readonly SubjectRow[];
  leaves: () => readonly LeaveView[];
  /**
   * Where the save dialog "saves": a path, or null as if it was cancelled. Default: the
   * suggested name under /home/demo/报表.
   */
  pickReportPath?: (suggested: string) => string | null;
  /** "report_io": saving fails as a full disk would. */
  scenario?: string;
}

/** A blank 8×6 PNG: the mock's stand-in for a rendered page. */
export const MOCK_PAGE_PNG =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAgAAAAGCAIAAABxZ0isAAAAD0lEQVR4nGP4hQMwDKQEADXdjKEBnue7AAAAAElFTkSuQmCC';

const ALL = ['pdf', 'xlsx', 'csv'];

const ledger = (id: string, title: string, title_en: string, period_kind = 'month', extra: Partial<LedgerView> = {}) =>
  ({ id, title, title_en, period_kind, needs_subject: false, formats: ALL, ...extra }) satisfies LedgerView;

/** The ledgers as crates/api's report_list gives them, in its order. */
export const MOCK_LEDGERS: LedgerView[] = [
  ledger('roster', '社区矫正对象花名册', 'Roster'),
  ledger('leave', '请假外出审批登记表', 'Leave approvals'),
  ledger('visit', '走访记录登记表', 'Visits'),
  ledger('talk', '个别谈话记录登记表', 'Individual talks'),
  ledger('thought_report', '思想汇报登记表', 'Thought reports'),
  ledger('education', '集中教育学习记录表', 'Education and learning'),
  ledger('public_service', '公益活动记录表', 'Public-interest activities'),
  ledger('assessment', '月度考核登记表', 'Monthly assessments'),
  ledger('reward_sanction', '奖惩登记表', 'Rewards and sanctions'),
  ledger('level_change', '管理等级变更登记表', 'Management level changes'),
  ledger('abscond_reoffend', '脱管及重新犯罪登记表', 'Absconding and re-offending'),
  ledger('key_subject', '重点对象台账', 'Key subjects'),
  ledger('correction_group', '矫正小组登记表', 'Correction groups', 'none'),
  ledger('volunteer', '志愿者登记表', 'Volunteers', 'none'),
  ledger('training', '工作人员培训登记表', 'Staff trainings'),
  ledger('meeting', '工作会议记录登记表', 'Meetings'),
  ledger('monthly_stats', '社区矫正对象情况统计表', 'Monthly statistics'),
  ledger('personal_file', '社区矫正对象档案', 'Personal file', 'none', { needs_subject: true }),
];

const err = (code: string, message: string): ErrorView => ({ code, message });

const ROWS_PER_PAGE = 20;

const monthOf = (day: string) => day.slice(0, 7);

/** "YYYY-MM" `back` months before `month`. */
function monthsBack(month: string, back: number): string {
  const [y, m] = month.split('-').map(Number);
  const index = y * 12 + (m - 1) - back;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** The last day of "YYYY-MM". */
function monthEnd(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}

const CATEGORY_ZH: Array<[string, string]> = [
  ['surveillance', '管制'],
  ['probation', '缓刑'],
  ['parole', '假释'],
  ['temporary_outside', '暂予监外执行'],
];

const current = (s: SubjectRow) => s.status === 'in_correction' || s.status === 'awaiting_report';

export function createMockReports(o: MockReportOptions): ReportMethods {
  let saved = 0;
  const written = new Set<string>();

  const inScope = (who: SessionView) => o.subjects.filter((s) => s.jurisdiction.startsWith(who.jurisdiction));

  /** The checks the Rust side makes of a request, in its words. */
  const check = (request: ReportRequest): { ledger: LedgerView; rows: number } => {
    const who = o.requireSession();
    const found = MOCK_LEDGERS.find((l) => l.id === request.ledger);
    if (!found) throw err('invalid_input', `There is no ledger "${request.ledger}". Choose one from the list.`);
    if (found.period_kind === 'month' && !/^\d{4}-(0[1-9]|1[0-2])$/.test(request.period ?? ''))
      throw err('invalid_input', 'This ledger covers one month: choose the month, written YYYY-MM.');
    if (found.needs_subject && !o.subjects.some((s) => s.id === request.subject_id))
      throw err('invalid_input', 'The personal file is one subject\'s: choose the subject.');
    if (!found.formats.includes(request.format))
      throw err('invalid_input', `This ledger is made as ${found.formats.join(', ')}; choose one of those.`);
    if (request.jurisdiction && !request.jurisdiction.startsWith(who.jurisdiction))
      throw err('outside_scope', `The division ${request.jurisdiction} is outside this site's jurisdiction.`);
    const people = inScope(who).filter((s) => !request.jurisdiction || s.jurisdiction.startsWith(request.jurisdiction));
    const rows = found.needs_subject ? 1 : found.id === 'roster' ? people.length : Math.ceil(people.length / 2);
    return { ledger: found, rows };
  };
  const pagesFor = (rows: number) => Math.max(1, Math.ceil(rows / ROWS_PER_PAGE));

  return {
    dashboardCharts: (months) =>
      o.settle((): ChartsView => {
        const who = o.requireSession();
        if (!Number.isInteger(months) || months < 1 || months > 36)
          throw err('invalid_input', `The charts cover 1 to 36 months; ${months} is outside that. Choose fewer months.`);
        const today = todayIso();
        const people = inScope(who);
        const list = Array.from({ length: months }, (_, i) => monthsBack(monthOf(today), months - 1 - i));
        const leaves = o.leaves().filter((l) => l.status === 'approved' || l.status === 'returned');
        return {
          today,
          months: list.map((month, i) => {
            const end = i === months - 1 ? today : monthEnd(month);
            return {
              month,
              on_register: people.filter((s) => s.correction_start <= end && (current(s) || end <= s.correction_end)).length,
              leaves: leaves.filter((l) => monthOf(l.from) === month && l.from <= end).length,
              // Made up: a sanction now and then, a praise less often.
              sanctions: (i * 7) % 5 === 1 ? 1 : 0,
              praises: (i * 5) % 7 === 3 ? 1 : 0,
            };
          }),
          by_category: CATEGORY_ZH.map(([key, label]) => ({
            key,
            label,
            count: people.filter((s) => current(s) && s.category === key).length,
          })),
          by_village: [...new Set(people.filter(current).map((s) => s.jurisdiction))]
            .map((key) => ({
              key,
              label: people.find((s) => s.jurisdiction === key)?.jurisdiction_name ?? key,
              count: people.filter((s) => current(s) && s.jurisdiction === key).length,
            }))
            .sort((a, b) => b.count - a.count || a.key.localeCompare(b.key)),
        };
      }),
    reportList: () =>
      o.settle(() => {
        o.requireSession();
        return structuredClone(MOCK_LEDGERS);
      }),
    reportPreview: (request, maxPages) =>
      o.settle(() => {
        const { rows } = check(request);
        const total = pagesFor(rows);
        return {
          pages: Array.from({ length: Math.min(total, Math.max(0, maxPages)) }, () => MOCK_PAGE_PNG),
          total_pages: total,
          rows,
        };
      }),
    reportSave: (request, onProgress) =>
      new Promise<ReportSaved | null>((resolve, reject) => {
        let result: { ledger: LedgerView; rows: number };
        try {
          result = check(request);
        } catch (reason) {
          o.settle(() => undefined).then(() => reject(reason));
          return;
        }
        const ext = request.format;
        const suggested = `${result.ledger.title}${request.period ? `-${request.period}` : ''}.${ext}`;
        const path = o.pickReportPath ? o.pickReportPath(suggested) : `/home/demo/报表/${suggested}`;
        if (path === null) {
          o.settle(() => null).then(resolve);
          return;
        }
        // The stages the Rust side reports, one step each.
        const steps: ReportProgress[] = ['collect', 'typeset', 'write', 'done'].map((stage, done) => ({
          done,
          total: 3,
          stage,
        }));
        const next = () => {
          const step = steps.shift();
          if (step) {
            onProgress(step);
            schedule();
          } else if (o.scenario === 'report_io') {
            reject(err('io', 'Could not write the report: the disk is full. Nothing was changed; try again or choose another place.'));
          } else {
            saved += 1;
            written.add(path);
            resolve({
              path,
              bytes: 40_000 + result.rows * 300 + saved,
              pages: ext === 'pdf' ? pagesFor(result.rows) : null,
              rows: result.rows,
            });
          }
        };
        const schedule = () => (o.latencyMs > 0 ? setTimeout(next, o.latencyMs) : queueMicrotask(next));
        schedule();
      }),
    reportOpen: (path) =>
      o.settle(() => {
        o.requireSession();
        if (!written.has(path)) throw err('invalid_input', 'Only a report saved here can be opened; save it first.');
      }),
  };
}
