// The mock's proposals and decisions: what `mock.ts` answers for proposal_list, propose,
// decide and withdraw. The checks follow dossier-core's `decision` module closely enough to
// look right (missing facts, a step the category lacks, an approval without a document
// number, one open proposal per matter) and refuse with `decision_refused` as it does.
// Deliberately absent: the rules table (the defaults are written in) and the residence plan.

import type { ErrorView } from './bindings/ErrorView';
import type { KindView } from './bindings/KindView';
import type { ProposalInput } from './bindings/ProposalInput';
import type { ProposalView } from './bindings/ProposalView';
import type { SessionView } from './bindings/SessionView';
import type { SubjectRow } from './bindings/SubjectRow';
import type { Backend } from './index';
import { addDays, isIsoDate, todayIso } from '../dates';
import { MATTERS, addMonths, proposalInput, emptyDraft, type Matter } from '../proposal';

const MATTER_ZH: Record<string, string> = {
  sanction: '奖惩',
  transfer: '执行地变更',
  positioning: '电子定位',
  injunction_entry: '进入禁止区域',
  ending: '解除/终止矫正',
};

const STEP_ZH: Record<string, string> = {
  praise: '表扬',
  admonition: '训诫',
  warning: '警告',
  police_penalty_request: '提请治安管理处罚',
  revocation_request: '提请撤销缓刑/假释',
  return_to_prison: '收监执行',
};

const END_ZH: Record<string, string> = {
  completed: '期满解除',
  pardoned: '赦免解除',
  revoked: '撤销缓刑/假释',
  returned_to_prison: '收监执行',
  died: '死亡',
};

const CATEGORY_ZH: Record<string, string> = {
  surveillance: '管制',
  probation: '缓刑',
  parole: '假释',
  temporary_outside: '暂予监外执行',
};

/** The longest positioning the default rules allow. */
const POSITIONING_MONTHS = 3;
/** How many days ahead a move must be applied for. */
const APPLY_AHEAD_DAYS = 30;
/** Days the subject has to report at the new place after a transfer is approved. */
const REPORT_WITHIN_DAYS = 7;
/** Days the office has to decide (the dashboard's `decision_pending`). */
export const DECIDE_WITHIN_DAYS = 7;

const err = (code: string, message: string): ErrorView => ({ code, message });
const refused = (what: 'proposal' | 'decision', why: string) =>
  err('decision_refused', `The ${what} was not recorded: ${why}.`);

export interface ProposalMockContext {
  subjects: SubjectRow[];
  requireSession: () => SessionView;
  findSubject: (id: string) => SubjectRow;
  next: () => number;
  kinds: Map<string, KindView>;
  /** Division names the mock knows, by code. */
  divisionName: (code: string) => string;
  /** Adds a record to the subject's file, as the real decision adds the positioning record. */
  addRecord: (subjectId: string, kind: string, data: Record<string, string>, author: string) => void;
  /** Runs a call after the mock's latency; a throw rejects. */
  settle: <T>(produce: () => T) => Promise<T>;
}

/** Seeded proposals, as offsets from today. */
const SEEDS: Array<{
  subject: string;
  matter: Matter;
  ask: Partial<ProposalInput>;
  facts: string;
  grounds: string;
  doc_no: string;
  on: number;
  decided?: { on: number; doc_no: string; grounds: string };
}> = [
  {
    subject: 'mock-subject-03',
    matter: 'sanction',
    ask: { step: 'warning' },
    facts: '受到训诫后仍两次未按规定时间报到',
    grounds: '《社区矫正法实施办法》第三十五条第（六）项',
    doc_no: '城南司建〔2026〕3号',
    on: -24,
    decided: { on: -20, doc_no: '上城司矫警〔2026〕5号', grounds: '《社区矫正法实施办法》第三十五条' },
  },
  {
    subject: 'mock-subject-03',
    matter: 'positioning',
    ask: { positioning_reason: 'missed_reports' },
    facts: '本季度两次无正当理由不按规定时间报告',
    grounds: '《社区矫正法》第二十九条第一款第（二）项',
    doc_no: '',
    on: -2,
  },
  {
    subject: 'mock-subject-07',
    matter: 'sanction',
    ask: { step: 'praise' },
    facts: '积极参加公益活动，协助村里抗台救灾',
    grounds: '《社区矫正法实施办法》第三十三条',
    doc_no: '',
    on: -1,
  },
];

export function createMockProposals(ctx: ProposalMockContext) {
  const proposals: ProposalView[] = [];

  const askLabel = (ask: ProposalInput): string => {
    switch (ask.matter) {
      case 'sanction':
        return STEP_ZH[ask.step ?? ''] ?? '';
      case 'transfer':
        return `迁往${ctx.divisionName(ask.destination_code ?? '') || ask.destination_code}（${ask.move_on}）`;
      case 'positioning':
        return ask.to ? `电子定位 ${ask.from} 至 ${ask.to}` : `电子定位 自 ${ask.from} 起三个月`;
      case 'injunction_entry':
        return `进入${ask.place}（${ask.from} 至 ${ask.to}）`;
      case 'ending':
        return END_ZH[ask.end_reason ?? ''] ?? '';
      default:
        return '';
    }
  };

  /** Only the matter's fields, as the real side stores `ask`. */
  const askOf = (input: ProposalInput): ProposalInput => ({
    ...proposalInput({ ...emptyDraft(input.matter as Matter), ...stringsOf(input) }),
    facts: '',
    grounds: '',
    doc_no: '',
    evidence: [],
  });

  const checkProposal = (row: SubjectRow, input: ProposalInput, today: string): string[] => {
    if (row.status === 'released' || row.status === 'terminated')
      throw refused('proposal', `the correction has already ended (${row.status === 'released' ? '已解除' : '已终止'}); nothing more can be proposed`);
    if (!MATTERS.includes(input.matter as Matter))
      throw err('invalid_input', `There is no matter "${input.matter}". The matters are: ${MATTERS.join(', ')}.`);
    if (!input.facts.trim()) throw refused('proposal', 'the facts is missing');
    if (!input.grounds.trim()) throw refused('proposal', 'the grounds is missing');
    const text = (v: string | undefined) => (v ?? '').trim();
    const day = (what: string, v: string | undefined) => {
      if (!isIsoDate(text(v))) throw err('invalid_input', `${what} is missing; write it YYYY-MM-DD.`);
      return text(v);
    };
    const notices: string[] = [];
    switch (input.matter) {
      case 'sanction': {
        const step = text(input.step);
        if (!STEP_ZH[step]) throw err('invalid_input', `There is no step "${step}".`);
        const applies =
          step === 'revocation_request'
            ? row.category === 'probation' || row.category === 'parole'
            : step === 'return_to_prison'
              ? row.category === 'temporary_outside'
              : true;
        if (!applies)
          throw refused('proposal', `${STEP_ZH[step]} does not apply to a subject under ${CATEGORY_ZH[row.category]}`);
        break;
      }
      case 'transfer': {
        const code = text(input.destination_code);
        if (!code) throw err('invalid_input', "The new place's division code is missing.");
        const moveOn = day('The day of the move', input.move_on);
        if (!/^(\d{9}|\d{12})$/.test(code))
          throw refused('proposal', `"${code}" is not the division code of a street, township or village (9 or 12 digits, e.g. 330723001 or 330723001001)`);
        if (code === row.jurisdiction)
          throw refused('proposal', `the new place (${code}) is where the file is kept already`);
        if (moveOn < today) throw refused('proposal', `the move (${moveOn}) is before the application (${today})`);
        const applyBy = addDays(moveOn, -APPLY_AHEAD_DAYS);
        if (today > applyBy) notices.push(`申请晚于规定：应不迟于${applyBy}提出（提前一个月）`);
        break;
      }
      case 'positioning': {
        const reasons = ctx.kinds.get('positioning')?.fields.find((f) => f.name === 'reason')?.choices ?? [];
        const reason = text(input.positioning_reason);
        if (!reasons.some((c) => c.value === reason))
          throw refused('proposal', `"${reason}" is not one of the reasons the law allows for electronic positioning`);
        const from = day('The first day of positioning', input.from);
        const latest = addMonths(from, POSITIONING_MONTHS);
        const to = text(input.to) ? day('The last day of positioning', input.to) : latest;
        if (to > latest)
          throw refused('proposal', `positioning is approved for at most ${POSITIONING_MONTHS} months at a time: from ${from} it may run until ${latest}`);
        if (to < from) throw refused('proposal', `positioning ends (${to}) before it starts (${from})`);
        if (to > row.correction_end) notices.push(`定位期限超过矫正期满日${row.correction_end}`);
        break;
      }
      case 'injunction_entry': {
        if (!text(input.place)) throw refused('proposal', 'the place to enter is missing');
        const from = day('The first day of the entry', input.from);
        const to = day('The last day of the entry', input.to);
        if (to < from) throw refused('proposal', `the entry ends (${to}) before it starts (${from})`);
        break;
      }
      case 'ending': {
        const reason = text(input.end_reason);
        if (!END_ZH[reason]) throw err('invalid_input', `There is no reason for ending "${reason}".`);
        if (!text(input.summary)) throw refused('proposal', 'the summary is missing');
        if (reason === 'revoked' && row.category !== 'probation' && row.category !== 'parole')
          throw refused('proposal', `${END_ZH[reason]} applies only to 缓刑、假释`);
        if (reason === 'returned_to_prison' && row.category !== 'temporary_outside')
          throw refused('proposal', `${END_ZH[reason]} applies only to 暂予监外执行`);
        break;
      }
    }
    return notices;
  };

  const add = (row: SubjectRow, input: ProposalInput, by: string, on: string, notices: string[]) => {
    const ask = askOf(input);
    const view: ProposalView = {
      id: `mock-proposal-${ctx.next()}`,
      subject_id: row.id,
      subject_name: row.name,
      matter: input.matter,
      matter_label: MATTER_ZH[input.matter] ?? '',
      ask_label: askLabel(ask),
      ask,
      facts: input.facts.trim(),
      grounds: input.grounds.trim(),
      doc_no: input.doc_no.trim(),
      evidence: [...input.evidence],
      proposed_by: by,
      proposed_on: on,
      status: 'proposed',
      notices,
      decision: null,
    };
    proposals.push(view);
    return view;
  };

  const find = (id: string) => {
    const p = proposals.find((x) => x.id === id);
    if (!p) throw err('not_found', 'The proposal was not found.');
    return p;
  };

  const seedDay = todayIso();
  for (const seed of SEEDS) {
    const row = ctx.subjects.find((s) => s.id === seed.subject);
    if (!row) continue;
    const on = addDays(seedDay, seed.on);
    const ask: ProposalInput = { matter: seed.matter, ...seed.ask, facts: seed.facts, grounds: seed.grounds, doc_no: seed.doc_no, evidence: [] };
    if (seed.matter === 'positioning') ask.from = addDays(seedDay, 3);
    const p = add(row, ask, '王晓明', on, []);
    if (seed.decided) {
      p.status = 'approved';
      p.decision = {
        id: `mock-decision-${ctx.next()}`,
        outcome: 'approved',
        facts: '',
        grounds: seed.decided.grounds,
        doc_no: seed.decided.doc_no,
        evidence: [],
        decided_by: '陈丽',
        decided_on: addDays(seedDay, seed.decided.on),
        effects: [],
      };
    }
  }

  const methods: Pick<Backend, 'proposalList' | 'propose' | 'decide' | 'withdraw'> = {
    proposalList: (subjectId) =>
      ctx.settle(() => {
        ctx.requireSession();
        if (subjectId) ctx.findSubject(subjectId);
        return proposals
          .filter((p) => (subjectId ? p.subject_id === subjectId : p.status === 'proposed'))
          .sort((a, b) => b.proposed_on.localeCompare(a.proposed_on) || b.id.localeCompare(a.id, 'en', { numeric: true }))
          .map((p) => structuredClone(p));
      }),
    propose: (subjectId, input) =>
      ctx.settle(() => {
        const who = ctx.requireSession();
        const row = ctx.findSubject(subjectId);
        const today = todayIso();
        const notices = checkProposal(row, input, today);
        if (proposals.some((p) => p.subject_id === subjectId && p.matter === input.matter && p.status === 'proposed'))
          throw err(
            'decision_refused',
            `The proposal was not recorded: this subject already has an open proposal of ${MATTER_ZH[input.matter]} waiting for a decision. Decide or withdraw that one first.`,
          );
        return structuredClone(add(row, input, who.officer_name, today, notices));
      }),
    decide: (proposalId, input) =>
      ctx.settle(() => {
        const who = ctx.requireSession();
        if (who.role !== 'office_staff' && who.role !== 'office_admin')
          throw err('permission_denied', 'You may not decide on proposals (the judicial office decides).');
        const p = find(proposalId);
        const row = ctx.findSubject(p.subject_id);
        const today = todayIso();
        if (p.status !== 'proposed') throw refused('decision', `this proposal was already ${p.status}`);
        if (row.status === 'released' || row.status === 'terminated')
          throw refused('decision', 'the correction has already ended; nothing more can be decided');
        if (!input.grounds.trim()) throw refused('decision', 'the grounds is missing');
        const effects: string[] = [];
        if (input.approve) {
          if (!input.doc_no.trim()) throw refused('decision', "the decision's document number is missing");
          const ask = p.ask;
          if (p.matter === 'ending') {
            if (ask.end_reason === 'completed' && today < row.correction_end)
              throw refused('decision', `the term runs until ${row.correction_end}; 期满解除 can be decided from that day on`);
            const released = ask.end_reason === 'completed' || ask.end_reason === 'pardoned';
            row.status = released ? 'released' : 'terminated';
            effects.push(`矫正于${today}${released ? '已解除' : '已终止'}`);
          } else if (p.matter === 'transfer') {
            const code = ask.destination_code ?? '';
            const from = row.jurisdiction_name;
            row.jurisdiction = code;
            row.jurisdiction_name = ctx.divisionName(code) || code;
            effects.push(`档案由${from}移交${row.jurisdiction_name}；应于${addDays(today, REPORT_WITHIN_DAYS)}前到新执行地报到`);
          } else if (p.matter === 'positioning') {
            const from = (ask.from ?? today) > today ? (ask.from ?? today) : today;
            const latest = addMonths(from, POSITIONING_MONTHS);
            const to = ask.to && ask.to >= from ? (ask.to < latest ? ask.to : latest) : latest;
            ctx.addRecord(
              row.id,
              'positioning',
              { reason: ask.positioning_reason ?? '', approved_by: '县级社区矫正机构', from, to },
              who.officer_name,
            );
            effects.push(`电子定位 ${from} 至 ${to}`);
          }
        }
        const outcome = input.approve ? 'approved' : 'rejected';
        p.status = outcome;
        p.decision = {
          id: `mock-decision-${ctx.next()}`,
          outcome,
          facts: input.facts.trim(),
          grounds: input.grounds.trim(),
          doc_no: input.doc_no.trim(),
          evidence: [...input.evidence],
          decided_by: who.officer_name,
          decided_on: today,
          effects,
        };
        return structuredClone(p);
      }),
    withdraw: (proposalId) =>
      ctx.settle(() => {
        const who = ctx.requireSession();
        const p = find(proposalId);
        const office = who.role === 'office_staff' || who.role === 'office_admin';
        if (p.proposed_by !== who.officer_name && !office)
          throw err('permission_denied', "You may not withdraw someone else's proposal (its proposer or the office may).");
        if (p.status !== 'proposed')
          throw err('decision_refused', `The proposal cannot be withdrawn: it was already ${p.status}.`);
        p.status = 'withdrawn';
        return structuredClone(p);
      }),
  };

  /** The dashboard's `decision_pending` items: each open proposal, due a week after it was made. */
  const pending = () =>
    proposals
      .filter((p) => p.status === 'proposed')
      .map((p) => ({ subject_id: p.subject_id, id: p.id, due: addDays(p.proposed_on, DECIDE_WITHIN_DAYS) }));

  return { methods, pending };
}

/** The optional text fields of an input as the draft holds them ('' when absent). */
function stringsOf(input: ProposalInput) {
  const s = (v: string | undefined) => v ?? '';
  return {
    step: s(input.step),
    destination_code: s(input.destination_code),
    move_on: s(input.move_on),
    positioning_reason: s(input.positioning_reason),
    from: s(input.from),
    to: s(input.to),
    place: s(input.place),
    end_reason: s(input.end_reason),
    summary: s(input.summary),
    certificate_no: s(input.certificate_no),
  };
}
