// The basic-information form (新增矫正对象 / 编辑基本信息) as plain functions: the values, their
// checks in words, and what goes to the backend. The Rust side checks everything again
// (NewSubject::validate); these only say what is wrong while the user types.

import type { NewSubjectInput } from './backend/bindings/NewSubjectInput';
import type { SubjectFileView } from './backend';
import { isIsoDate } from './dates';
import { checkIdNumber, type IdCheck } from './idnumber';
import type { Messages } from './i18n';

export interface SubjectFormValues {
  name: string;
  id_number: string;
  ethnicity: string;
  education: string;
  marital_status: string;
  phone: string;
  household_address: string;
  residence_address: string;
  jurisdiction: string;
  category: string;
  crime: string;
  original_sentence: string;
  correction_start: string;
  correction_end: string;
  status: string;
}

export type SubjectField = keyof SubjectFormValues;

/** The fields in the order of the form (and of the first error named). */
export const SUBJECT_FIELDS: SubjectField[] = [
  'name',
  'id_number',
  'ethnicity',
  'education',
  'marital_status',
  'phone',
  'jurisdiction',
  'household_address',
  'residence_address',
  'category',
  'crime',
  'original_sentence',
  'correction_start',
  'correction_end',
  'status',
];

/** What the form sends to subject_update: every field but the status (set elsewhere). */
export const UPDATABLE: SubjectField[] = SUBJECT_FIELDS.filter((f) => f !== 'status');

export const REQUIRED: SubjectField[] = [
  'name',
  'id_number',
  'jurisdiction',
  'category',
  'correction_start',
  'correction_end',
];

const OPTIONAL_TEXT: SubjectField[] = [
  'ethnicity',
  'education',
  'marital_status',
  'phone',
  'household_address',
  'residence_address',
  'crime',
  'original_sentence',
];

export const EDUCATION_OPTIONS = ['文盲', '小学', '初中', '高中', '中专', '大专', '本科', '研究生'];
export const MARITAL_OPTIONS = ['未婚', '已婚', '离异', '丧偶'];
export const ETHNICITY_OPTIONS = ['汉族', '畲族', '回族', '满族', '壮族', '苗族', '土家族', '彝族'];
export const NEW_STATUS_CODES = ['in_correction', 'awaiting_report'];

export function emptySubjectValues(jurisdiction = ''): SubjectFormValues {
  return {
    name: '',
    id_number: '',
    ethnicity: '汉族',
    education: '',
    marital_status: '',
    phone: '',
    household_address: '',
    residence_address: '',
    jurisdiction,
    category: '',
    crime: '',
    original_sentence: '',
    correction_start: '',
    correction_end: '',
    status: 'in_correction',
  };
}

export function valuesFromFile(file: SubjectFileView): SubjectFormValues {
  const { subject: s, detail: d } = file;
  return {
    name: s.name,
    id_number: s.id_number,
    ethnicity: s.ethnicity,
    education: d.education ?? '',
    marital_status: d.marital_status ?? '',
    phone: s.phone ?? '',
    household_address: d.household_address ?? '',
    residence_address: d.residence_address ?? '',
    jurisdiction: s.jurisdiction,
    category: s.category,
    crime: s.crime ?? '',
    original_sentence: d.original_sentence ?? '',
    correction_start: s.correction_start,
    correction_end: s.correction_end,
    status: s.status,
  };
}

/** The label of each field, for messages. */
export function fieldLabel(t: Messages, field: SubjectField): string {
  const labels: Record<SubjectField, string> = {
    name: t.basicName,
    id_number: t.basicIdNumber,
    ethnicity: t.basicEthnicity,
    education: t.basicEducation,
    marital_status: t.basicMarital,
    phone: t.basicPhone,
    household_address: t.basicHousehold,
    residence_address: t.basicResidence,
    jurisdiction: t.basicVillage,
    category: t.basicCategory,
    crime: t.basicCrime,
    original_sentence: t.basicSentence,
    correction_start: t.sfStart,
    correction_end: t.sfEnd,
    status: t.basicStatus,
  };
  return labels[field];
}

/** What is wrong with the ID number, in words; undefined when it is valid. */
export function idNumberError(t: Messages, check: IdCheck): string | undefined {
  if (check.ok) return undefined;
  switch (check.problem) {
    case 'empty':
      return t.vRequired(t.basicIdNumber);
    case 'length':
      return t.sfIdLength(check.length);
    case 'chars':
      return t.sfIdChars;
    case 'date':
      return t.sfIdDate;
    case 'check':
      return t.sfIdCheck;
  }
}

export type SubjectErrors = Partial<Record<SubjectField, string>>;

/** Every problem of the form, by field. */
export function checkSubject(values: SubjectFormValues, t: Messages): SubjectErrors {
  const errors: SubjectErrors = {};
  const v = (f: SubjectField) => values[f].trim();
  for (const f of REQUIRED) {
    if (v(f) === '') {
      errors[f] = f === 'jurisdiction' || f === 'category' ? t.vChoose(fieldLabel(t, f)) : t.vRequired(fieldLabel(t, f));
    }
  }
  if (!errors.name && [...v('name')].length > 50) errors.name = t.sfNameLong;
  if (!errors.id_number) errors.id_number = idNumberError(t, checkIdNumber(values.id_number));
  for (const f of OPTIONAL_TEXT) {
    if ([...v(f)].length > 200) errors[f] = t.sfTooLong(fieldLabel(t, f));
  }
  if (v('phone') !== '' && !/^[0-9+\-\s()]{5,20}$/.test(v('phone'))) errors.phone = t.sfPhone;
  for (const f of ['correction_start', 'correction_end'] as const) {
    if (!errors[f] && !isIsoDate(v(f))) errors[f] = t.vDateFormat(fieldLabel(t, f));
  }
  if (!errors.correction_start && !errors.correction_end && v('correction_end') < v('correction_start')) {
    errors.correction_end = t.sfEndBeforeStart;
  }
  for (const f of SUBJECT_FIELDS) if (errors[f] === undefined) delete errors[f];
  return errors;
}

export function firstError(errors: SubjectErrors): string | undefined {
  return SUBJECT_FIELDS.map((f) => errors[f]).find(Boolean);
}

/** The new subject's JSON for subject_add: trimmed, empty optional fields left out. */
export function toNewSubject(values: SubjectFormValues): NewSubjectInput {
  const opt = (f: SubjectField) => (values[f].trim() === '' ? undefined : values[f].trim());
  const input: NewSubjectInput = {
    name: values.name.trim(),
    id_number: values.id_number.trim().toUpperCase(),
    jurisdiction: values.jurisdiction,
    category: values.category,
    correction_start: values.correction_start,
    correction_end: values.correction_end,
    status: values.status || undefined,
  };
  for (const f of OPTIONAL_TEXT) {
    const value = opt(f);
    if (value !== undefined) (input as unknown as Record<string, string>)[f] = value;
  }
  return input;
}

/** Only the fields that changed, for subject_update; an emptied field is null. */
export function toSubjectChanges(
  before: SubjectFormValues,
  values: SubjectFormValues,
): Record<string, string | null> {
  const changes: Record<string, string | null> = {};
  for (const f of UPDATABLE) {
    let now = values[f].trim();
    if (f === 'id_number') now = now.toUpperCase();
    if (now !== before[f].trim()) changes[f] = now === '' ? null : now;
  }
  return changes;
}
