// Pure logic for records: form values, checking them against a kind, and showing them.
// Kept apart from the components so it can be tested on its own.

import type { FieldView, KindView, RecordView, SubjectRow } from './backend';
import { isIsoDate } from './dates';
import { pick, type Lang, type Messages } from './i18n';

/** What a form holds per field: text for most, true/false for bool, digests for attachments. */
export type FormValue = string | boolean | string[];
export type FormValues = Record<string, FormValue>;

export interface CheckContext {
  lang: Lang;
  t: Messages;
  today: string;
  /** Absent for a register entry, which has no correction period. */
  subject?: Pick<SubjectRow, 'correction_start' | 'correction_end'>;
}

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

export function emptyValue(field: FieldView): FormValue {
  if (field.type === 'bool') return false;
  if (field.type === 'attachments') return [];
  return '';
}

/**
 * Values for a new record (the kind's date field set to today for daily work, and for a
 * register's training or meeting) or an edit.
 */
export function initialValues(
  kind: KindView,
  today: string,
  record?: Pick<RecordView, 'data'>,
): FormValues {
  const values: FormValues = {};
  for (const field of kind.fields) {
    const stored = record?.data[field.name];
    if (stored === undefined || stored === null) {
      values[field.name] = emptyValue(field);
    } else if (field.type === 'bool') {
      values[field.name] = stored === true;
    } else if (field.type === 'attachments') {
      values[field.name] = String(stored)
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
    } else {
      values[field.name] = String(stored);
    }
  }
  const dayOfWork =
    kind.section === 'daily' || (kind.section === 'register' && kind.date_rule === 'not_future');
  if (!record && kind.date_field && dayOfWork) {
    values[kind.date_field] = today;
  }
  return values;
}

function isEmpty(value: FormValue | undefined): boolean {
  if (value === undefined) return true;
  if (Array.isArray(value)) return value.length === 0;
  if (typeof value === 'string') return value.trim() === '';
  return false; // a bool is always answered
}

/** The message for one field, or null when it is fine. */
export function checkField(
  kind: KindView,
  field: FieldView,
  value: FormValue | undefined,
  ctx: CheckContext,
): string | null {
  const { t } = ctx;
  const label = pick(ctx.lang, field);
  if (isEmpty(value)) {
    if (!field.required) return null;
    return field.type === 'choice' || field.type === 'attachments'
      ? t.vChoose(label)
      : t.vRequired(label);
  }
  const text = typeof value === 'string' ? value.trim() : '';
  switch (field.type) {
    case 'date': {
      if (!isIsoDate(text)) return t.vDateFormat(label);
      // The field's own rule where the kind declares one (an evaluation is never ahead, a term
      // may start next month), else the kind's for its date field.
      const rule = field.date_rule ?? (kind.date_field === field.name ? kind.date_rule : undefined);
      if (rule) {
        if (rule === 'during_correction' && ctx.subject) {
          if (text < ctx.subject.correction_start) return t.vBeforeStart(ctx.subject.correction_start);
          if (text > ctx.today) return t.vFuture;
          if (text > ctx.subject.correction_end) return t.vAfterEnd(ctx.subject.correction_end);
        } else if (rule === 'not_future' || rule === 'during_correction') {
          if (text > ctx.today) return t.vFuture;
        }
      }
      return null;
    }
    case 'time':
      return TIME.test(text) ? null : t.vTimeFormat(label);
    case 'number': {
      const n = Number(text);
      if (text === '' || !Number.isFinite(n)) return t.vNumber(label);
      if (field.min !== null && n < field.min) return t.vMin(label, field.min);
      if (field.max !== null && n > field.max) return t.vMax(label, field.max);
      return null;
    }
    case 'choice':
      return field.choices.some((c) => c.value === value) ? null : t.vChoice(label);
    default:
      return null;
  }
}

/**
 * Every field's message; `spans` are (start, end) pairs of date fields whose end must not come
 * before the start (a register's term), reported on the end field.
 */
export function checkAll(
  kind: KindView,
  values: FormValues,
  ctx: CheckContext,
  spans: ReadonlyArray<readonly [string, string]> = [],
) {
  const errors: Record<string, string> = {};
  for (const field of kind.fields) {
    const message = checkField(kind, field, values[field.name], ctx);
    if (message) errors[field.name] = message;
  }
  for (const [start, end] of spans) {
    const a = values[start];
    const b = values[end];
    const startField = kind.fields.find((f) => f.name === start);
    if (errors[start] || errors[end] || !startField) continue;
    if (typeof a === 'string' && typeof b === 'string' && isIsoDate(a) && isIsoDate(b) && b < a)
      errors[end] = ctx.t.vBeforeField(pick(ctx.lang, startField), a);
  }
  return errors;
}

function toData(field: FieldView, value: FormValue): string | number | boolean | null {
  if (field.type === 'bool') return value === true;
  if (Array.isArray(value)) return value.length ? value.join(',') : null;
  const text = String(value).trim();
  if (text === '') return null;
  if (field.type === 'number') return Number(text);
  return text;
}

/** The data of a new record: empty fields are left out. */
export function toRecordData(kind: KindView, values: FormValues): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  for (const field of kind.fields) {
    const v = toData(field, values[field.name] ?? emptyValue(field));
    if (v !== null) data[field.name] = v;
  }
  return data;
}

/** The changes of an edit: only fields that differ; a cleared field is null. */
export function toChanges(
  kind: KindView,
  record: Pick<RecordView, 'data'>,
  values: FormValues,
): Record<string, unknown> {
  const changes: Record<string, unknown> = {};
  for (const field of kind.fields) {
    const v = toData(field, values[field.name] ?? emptyValue(field));
    const before = record.data[field.name];
    const same =
      field.type === 'bool'
        ? (before === true) === v
        : (before === undefined || before === null ? null : before) === v ||
          (typeof before === 'number' && v === before);
    if (!same) changes[field.name] = v;
  }
  return changes;
}

/** A stored value as words: choice labels, 是/否, numbers as typed. */
export function displayValue(
  field: FieldView,
  value: string | number | boolean | undefined,
  lang: Lang,
  t: Messages,
): string {
  if (value === undefined || value === null || value === '') return '';
  switch (field.type) {
    case 'bool':
      return value === true ? t.yes : t.no;
    case 'choice': {
      const choice = field.choices.find((c) => c.value === value);
      return choice ? pick(lang, choice) : String(value);
    }
    case 'attachments': {
      return t.filesCount(String(value).split(',').filter(Boolean).length);
    }
    default:
      return String(value);
  }
}

/** One line about a record for the timeline: its fields in order, short. */
export function summarise(kind: KindView, record: RecordView, lang: Lang, t: Messages, max = 90) {
  const parts: string[] = [];
  for (const field of kind.fields) {
    if (field.name === kind.date_field) continue;
    const value = record.data[field.name];
    if (value === undefined || value === '' || value === false) continue;
    if (field.type === 'attachments') continue;
    let shown = field.type === 'bool' ? pick(lang, field) : displayValue(field, value, lang, t);
    // A bare number or time says nothing without its label ("时长(小时) 2").
    if (field.type === 'number' || field.type === 'time') shown = `${pick(lang, field)} ${shown}`;
    if (shown) parts.push(shown.replace(/\s+/g, ' ').replace(/[。.；;]+$/, ''));
  }
  const line = parts.join(lang === 'zh' ? '；' : '; ');
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}
