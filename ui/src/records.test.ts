import { describe, expect, it } from 'vitest';
import { MOCK_KINDS } from './backend/mock';
import { MOCK_REGISTERS } from './backend/mockRegisters';
import { MESSAGES, type Lang } from './i18n';
import {
  checkAll,
  checkField,
  initialValues,
  summarise,
  toChanges,
  toRecordData,
  type FormValue,
} from './records';
import type { RecordView } from './backend';

const kind = (name: string) => MOCK_KINDS.find((k) => k.name === name)!;
const field = (k: string, f: string) => kind(k).fields.find((x) => x.name === f)!;
const subject = { correction_start: '2024-03-01', correction_end: '2026-02-28' };
const ctx = (lang: Lang = 'zh') => ({ lang, t: MESSAGES[lang], today: '2025-06-15', subject });
const check = (k: string, f: string, value: FormValue, lang: Lang = 'zh') =>
  checkField(kind(k), field(k, f), value, ctx(lang));

describe('checking a field', () => {
  it.each([
    ['a required text left empty', 'visit', 'place', '', '请填写走访地点'],
    ['a required text of spaces', 'visit', 'place', '   ', '请填写走访地点'],
    ['a required choice left empty', 'visit', 'reason', '', '请选择走访事由'],
    ['an optional text left empty', 'visit', 'met', '', null],
    ['a date before the correction start', 'visit', 'date', '2024-02-29', '日期不能早于矫正开始日期 2024-03-01'],
    ['the correction start itself', 'visit', 'date', '2024-03-01', null],
    ['a date after today', 'visit', 'date', '2025-06-16', '日期不能晚于今天'],
    ['today', 'visit', 'date', '2025-06-15', null],
    ['a future date where only the past is allowed', 'emergency', 'date', '2025-07-01', '日期不能晚于今天'],
    ['an early date where only the past is allowed', 'emergency', 'date', '2020-01-01', null],
    ['a date that is not a date', 'visit', 'date', '2025-02-30', '走访日期应为日期，格式 YYYY-MM-DD'],
    ['a date field that is not the kind’s date', 'family_member', 'birth_date', '2030-01-01', null],
    ['hours below the minimum', 'education', 'hours', '0.2', '时长(小时)不能小于 0.5'],
    ['hours above the maximum', 'education', 'hours', '9', '时长(小时)不能大于 8'],
    ['hours that are not a number', 'education', 'hours', '两', '时长(小时)应为数字'],
    ['hours in range', 'education', 'hours', '2.5', null],
    ['a choice that is not offered', 'visit', 'reason', 'party', '走访事由的选项无效'],
    ['a choice that is offered', 'visit', 'reason', 'routine', null],
    ['a time out of range', 'talk', 'start', '25:00', '开始时间应为时间，格式 HH:MM'],
    ['a time', 'talk', 'start', '09:30', null],
  ] as const)('%s', (_label, k, f, value, expected) => {
    expect(check(k, f, value)).toBe(expected);
  });

  it('speaks English too', () => {
    expect(check('visit', 'place', '', 'en')).toBe('Fill in place');
    expect(check('visit', 'date', '2024-01-01', 'en')).toBe(
      'The date cannot be before the correction start, 2024-03-01',
    );
    expect(check('education', 'hours', '9', 'en')).toBe('Hours cannot be more than 8');
  });
});

describe('checking a register entry (no subject, periods)', () => {
  const reg = (name: string) => MOCK_REGISTERS.find((r) => r.kind.name === name)!;
  const staff = { name: '测试员', role: 'office_staff', term_from: '2025-01-01' };
  it.each([
    ['a term starting next year', 'staff', { term_from: '2026-01-01' }, {}],
    ['a term ending before it starts', 'staff', { term_to: '2024-12-31' }, { term_to: '不能早于任期起（2025-01-01）' }],
    ['an evaluation before the term', 'staff', { evaluated_on: '2024-12-01' }, { evaluated_on: '不能早于任期起（2025-01-01）' }],
    ['an evaluation ahead', 'staff', { evaluated_on: '2025-06-16' }, { evaluated_on: '日期不能晚于今天' }],
    ['a meeting ahead', 'meeting', { meeting_type: 'joint', date: '2025-06-16' }, { date: '日期不能晚于今天' }],
  ] as const)('%s', (_label, name, edit, expected) => {
    const r = reg(name);
    const values = { ...initialValues(r.kind, '2025-06-15'), ...(name === 'staff' ? staff : {}), ...edit };
    const errors = checkAll(r.kind, values, { lang: 'zh', t: MESSAGES.zh, today: '2025-06-15' }, r.spans);
    const dated = Object.fromEntries(Object.entries(errors).filter(([f]) => f in edit));
    expect(dated).toEqual(expected);
  });

  it('a new training or meeting starts dated today; a term does not', () => {
    expect(initialValues(reg('meeting').kind, '2025-06-15').date).toBe('2025-06-15');
    expect(initialValues(reg('staff').kind, '2025-06-15').term_from).toBe('');
  });
});

describe('form values', () => {
  it('a new daily record starts dated today, everything else empty', () => {
    const values = initialValues(kind('visit'), '2025-06-15');
    expect(values.date).toBe('2025-06-15');
    expect(values.place).toBe('');
    expect(values.photos).toEqual([]);
    const errors = checkAll(kind('visit'), values, ctx());
    expect(Object.keys(errors)).toEqual(['place', 'visitors', 'reason', 'findings']);
  });

  it('a new file section is not dated for the user', () => {
    expect(initialValues(kind('legal_document'), '2025-06-15').received_on).toBe('');
  });

  it('turns values into record data: numbers, booleans, digests; empty left out', () => {
    const values = {
      ...initialValues(kind('education'), '2025-06-15'),
      content: ' 法治教育 ',
      form: 'group',
      hours: '2.5',
      attended: true,
    };
    expect(toRecordData(kind('education'), values)).toEqual({
      date: '2025-06-15',
      content: '法治教育',
      form: 'group',
      hours: 2.5,
      attended: true,
    });
    const visit = { ...initialValues(kind('visit'), '2025-06-15'), photos: ['a', 'b'] };
    expect(toRecordData(kind('visit'), visit).photos).toBe('a,b');
  });

  it('an edit sends only what changed, and null for a cleared field', () => {
    const record: RecordView = {
      id: 'r1',
      subject_id: 's1',
      kind: 'education',
      date: '2025-06-01',
      data: { date: '2025-06-01', content: '学习', form: 'group', hours: 2, attended: true },
      author: null,
      version: 'v1',
    };
    const values = initialValues(kind('education'), '2025-06-15', record);
    expect(values.hours).toBe('2');
    expect(toChanges(kind('education'), record, values)).toEqual({});
    expect(
      toChanges(kind('education'), record, { ...values, hours: '3', content: '', attended: false }),
    ).toEqual({ hours: 3, content: null, attended: false });
  });

  it('summarises a record in one line with labels for bare numbers', () => {
    const record: RecordView = {
      id: 'r1',
      subject_id: 's1',
      kind: 'education',
      date: '2025-06-01',
      data: { date: '2025-06-01', content: '法治教育。', form: 'group', hours: 2, attended: true },
      author: null,
      version: 'v1',
    };
    expect(summarise(kind('education'), record, 'zh', MESSAGES.zh)).toBe(
      '法治教育；集中教育；时长(小时) 2；已参加',
    );
  });
});

describe('mock kinds', () => {
  it('has every kind of the contract, with labels in both languages', () => {
    expect(MOCK_KINDS.map((k) => k.name).sort()).toEqual(
      [
        'family_member', 'employment', 'resume_entry', 'legal_document', 'pre_assessment', 'intake',
        'correction_plan', 'group_member', 'guardian', 'injunction', 'positioning',
        'checkin', 'visit', 'talk', 'education', 'community_service', 'health_report', 'emergency',
      ].sort(),
    );
    for (const k of MOCK_KINDS) {
      expect(k.zh).toMatch(/[\u4e00-\u9fff]/);
      expect(k.en).toMatch(/^[A-Z]/);
      if (k.date_field) expect(k.fields.map((f) => f.name)).toContain(k.date_field);
    }
  });
});
