// Proposals (提请/建议) and decisions as the form needs them: which fields each matter asks
// for, what is still missing before it can be sent, and the input the backend takes. The
// backend judges for real (categories, deadlines, the rules table); this only keeps the
// form from sending something half filled in. Deliberately absent: any rule of the ladder or
// of the deadlines — a step the category does not have is refused by the backend, in words.

import type { ProposalInput } from './backend';
import { isIsoDate } from './dates';

export const MATTERS = ['sanction', 'transfer', 'positioning', 'injunction_entry', 'ending'] as const;
export type Matter = (typeof MATTERS)[number];

/** The six rungs of the ladder, mildest first (core's `ladder::Step`). */
export const STEPS = [
  'praise',
  'admonition',
  'warning',
  'police_penalty_request',
  'revocation_request',
  'return_to_prison',
] as const;

/** Why a correction ends: the first two are 解除, the rest 终止 (core's `EndReason`). */
export const END_REASONS = ['completed', 'pardoned', 'revoked', 'returned_to_prison', 'died'] as const;

/** The form's fields; all text, '' when empty. */
export interface ProposalDraft {
  matter: Matter;
  step: string;
  destination_code: string;
  move_on: string;
  positioning_reason: string;
  from: string;
  to: string;
  place: string;
  end_reason: string;
  summary: string;
  certificate_no: string;
  facts: string;
  grounds: string;
  doc_no: string;
  evidence: string[];
}

export const emptyDraft = (matter: Matter = 'sanction'): ProposalDraft => ({
  matter,
  step: '',
  destination_code: '',
  move_on: '',
  positioning_reason: '',
  from: '',
  to: '',
  place: '',
  end_reason: '',
  summary: '',
  certificate_no: '',
  facts: '',
  grounds: '',
  doc_no: '',
  evidence: [],
});

export type MatterField =
  | 'step'
  | 'destination_code'
  | 'move_on'
  | 'positioning_reason'
  | 'from'
  | 'to'
  | 'place'
  | 'end_reason'
  | 'summary'
  | 'certificate_no';

/** The fields of each matter, in the form's order, and whether each must be filled in. */
export const MATTER_FIELDS: Record<Matter, Array<{ name: MatterField; required: boolean }>> = {
  sanction: [{ name: 'step', required: true }],
  transfer: [
    { name: 'destination_code', required: true },
    { name: 'move_on', required: true },
  ],
  positioning: [
    { name: 'positioning_reason', required: true },
    { name: 'from', required: true },
    // Empty: as long as the rules allow (three months by default).
    { name: 'to', required: false },
  ],
  injunction_entry: [
    { name: 'place', required: true },
    { name: 'from', required: true },
    { name: 'to', required: true },
  ],
  ending: [
    { name: 'end_reason', required: true },
    { name: 'summary', required: true },
    { name: 'certificate_no', required: false },
  ],
};

const DATE_FIELDS = new Set<MatterField>(['move_on', 'from', 'to']);

export type ProposalProblem =
  | { field: MatterField | 'facts' | 'grounds'; why: 'missing' }
  | { field: 'destination_code'; why: 'division_code' }
  | { field: 'to'; why: 'to_before_from' };

/** The first thing that keeps the draft from being sent, or null. */
export function proposalProblem(draft: ProposalDraft): ProposalProblem | null {
  for (const { name, required } of MATTER_FIELDS[draft.matter]) {
    const value = draft[name].trim();
    if (required && (value === '' || (DATE_FIELDS.has(name) && !isIsoDate(value))))
      return { field: name, why: 'missing' };
  }
  if (draft.matter === 'transfer' && !/^(\d{9}|\d{12})$/.test(draft.destination_code.trim()))
    return { field: 'destination_code', why: 'division_code' };
  if (
    (draft.matter === 'injunction_entry' || draft.matter === 'positioning') &&
    isIsoDate(draft.to) &&
    isIsoDate(draft.from) &&
    draft.to < draft.from
  )
    return { field: 'to', why: 'to_before_from' };
  if (!draft.facts.trim()) return { field: 'facts', why: 'missing' };
  if (!draft.grounds.trim()) return { field: 'grounds', why: 'missing' };
  return null;
}

/** What the backend takes: the paper trail and only the fields of the chosen matter, trimmed. */
export function proposalInput(draft: ProposalDraft): ProposalInput {
  const input: ProposalInput = {
    matter: draft.matter,
    facts: draft.facts.trim(),
    grounds: draft.grounds.trim(),
    doc_no: draft.doc_no.trim(),
    evidence: [...draft.evidence],
  };
  for (const { name } of MATTER_FIELDS[draft.matter]) {
    const value = draft[name].trim();
    if (value !== '') input[name] = value;
  }
  return input;
}

/** The same day n months later; a day the month lacks becomes its last (01-31 + 1 = 02-28). */
export function addMonths(day: string, n: number): string {
  const [y, m, d] = day.split('-').map(Number);
  const first = new Date(Date.UTC(y, m - 1 + n, 1));
  const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  first.setUTCDate(Math.min(d, last));
  return first.toISOString().slice(0, 10);
}

