import { describe, expect, it } from 'vitest';
import { MESSAGES } from './i18n';
import {
  checkSubject,
  emptySubjectValues,
  firstError,
  toNewSubject,
  toSubjectChanges,
  type SubjectFormValues,
} from './subjectForm';

const zh = MESSAGES.zh;
const en = MESSAGES.en;

const filled = (edit: Partial<SubjectFormValues> = {}): SubjectFormValues => ({
  ...emptySubjectValues('330102001201'),
  name: '测试甲',
  id_number: '11010519491231002x',
  category: 'probation',
  correction_start: '2026-01-01',
  correction_end: '2027-01-01',
  ...edit,
});

describe('the basic-information form', () => {
  it('starts as 汉族 and in correction, with nothing else filled in', () => {
    const v = emptySubjectValues();
    expect([v.ethnicity, v.status, v.name, v.jurisdiction]).toEqual(['汉族', 'in_correction', '', '']);
  });

  it('asks for every required field in words', () => {
    const errors = checkSubject(emptySubjectValues(), zh);
    expect(errors).toEqual({
      name: '请填写姓名',
      id_number: '请填写身份证号',
      jurisdiction: '请选择村(居)',
      category: '请选择矫正类别',
      correction_start: '请填写矫正开始日期',
      correction_end: '请填写矫正结束日期',
    });
    expect(firstError(errors)).toBe('请填写姓名');
    expect(checkSubject(emptySubjectValues(), en).jurisdiction).toBe('Choose village');
  });

  it('accepts a complete form', () => {
    expect(checkSubject(filled(), zh)).toEqual({});
  });

  it.each([
    [{ id_number: '1101051949' }, 'id_number', '身份证号应为 18 位，现在是 10 位', 'An ID number has 18 characters; this one has 10'],
    [{ id_number: '110105194912310021' }, 'id_number', '身份证号最后一位（校验码）与前 17 位对不上，请逐位核对是否输错', 'The last character (the check) does not match the first 17; check each digit for a typing error'],
    [{ id_number: '11010519491231002A' }, 'id_number', '身份证号只能是数字，最后一位可以是 X', 'An ID number has digits only, with X allowed as the last character'],
    [{ id_number: '110105194902300021' }, 'id_number', '身份证号第 7–14 位（出生日期）不是真实的日期，请核对', 'Characters 7–14 (the birth date) are not a real date; check the number'],
    [{ correction_end: '2025-12-31' }, 'correction_end', '矫正结束日期不能早于开始日期', 'The correction cannot end before it starts'],
    [{ correction_start: '2026-02-30' }, 'correction_start', '矫正开始日期应为日期，格式 YYYY-MM-DD', 'Correction starts must be a date, YYYY-MM-DD'],
    [{ phone: '138 abc' }, 'phone', '联系电话只能包含数字、空格、+ 和 -', 'A phone number has digits, spaces, + and - only'],
    [{ name: '名'.repeat(51) }, 'name', '姓名不能超过 50 个字', 'The name is longer than 50 characters'],
    [{ crime: '罪'.repeat(201) }, 'crime', '罪名不能超过 200 个字', 'Crime is longer than 200 characters'],
  ] as const)('%o: %s', (edit, field, zhText, enText) => {
    expect(checkSubject(filled(edit), zh)).toEqual({ [field]: zhText });
    expect(checkSubject(filled(edit), en)).toEqual({ [field]: enText });
  });

  it('sends a new subject trimmed, with empty optional fields left out', () => {
    expect(toNewSubject(filled({ name: ' 测试甲 ', phone: ' ', crime: ' 盗窃罪 ' }))).toEqual({
      name: '测试甲',
      id_number: '11010519491231002X',
      jurisdiction: '330102001201',
      category: 'probation',
      correction_start: '2026-01-01',
      correction_end: '2027-01-01',
      status: 'in_correction',
      ethnicity: '汉族',
      crime: '盗窃罪',
    });
  });

  it('sends only the changed fields of an edit, an emptied one as null', () => {
    const before = filled({ phone: '13800000000', id_number: '11010519491231002X' });
    expect(toSubjectChanges(before, before)).toEqual({});
    expect(
      toSubjectChanges(before, {
        ...before,
        phone: '',
        id_number: '11010519491231002x',
        jurisdiction: '330102001202',
        status: 'released',
      }),
    ).toEqual({ phone: null, jurisdiction: '330102001202' });
  });
});
