import { describe, expect, it } from 'vitest';
import { KNOWN_ERROR_CODES } from './backend';
import { MESSAGES, categoryLabel, errorText, sexLabel } from './i18n';

describe('errorText', () => {
  it.each(KNOWN_ERROR_CODES)('translates %s in Chinese and keeps the message in English', (code) => {
    const error = { code, message: `English message for ${code}` };
    const zh = errorText('zh', error);
    expect(zh.title).toMatch(/[\u4e00-\u9fff]/);
    expect(zh.title).not.toContain('English');
    expect(errorText('en', error)).toEqual({ title: error.message });
  });

  it('uses the exact wording for a wrong passphrase', () => {
    expect(errorText('zh', { code: 'wrong_passphrase', message: 'x' }).title).toBe(
      '密码错误。请检查键盘布局和大小写锁定后重试。',
    );
  });

  it('keeps the Rust message as the detail where it says more', () => {
    const error = { code: 'invalid_input', message: 'Place is required.' };
    expect(errorText('zh', error)).toEqual({
      title: '填写的内容有误，未能保存。',
      detail: 'Place is required.',
    });
    expect(errorText('zh', { code: 'wrong_passphrase', message: 'x' }).detail).toBeUndefined();
  });

  it('shows the message of an unknown code in both languages', () => {
    const error = { code: 'quota_exceeded', message: 'The disk is full.' };
    expect(errorText('zh', error)).toEqual({ title: '操作未能完成', detail: 'The disk is full.' });
    expect(errorText('en', error)).toEqual({ title: 'The disk is full.' });
  });
});

describe('labels', () => {
  it.each([
    ['zh', 'surveillance', '管制'],
    ['zh', 'probation', '缓刑'],
    ['zh', 'parole', '假释'],
    ['zh', 'temporary_outside', '暂予监外执行'],
    ['en', 'surveillance', 'Public surveillance'],
    ['en', 'probation', 'Probation'],
    ['en', 'parole', 'Parole'],
    ['en', 'temporary_outside', 'Temporary execution outside prison'],
    ['zh', 'something_new', 'something_new'],
  ] as const)('%s category %s is %s', (lang, code, label) => {
    expect(categoryLabel(lang, code)).toBe(label);
  });

  it.each([
    ['zh', 'male', '男'],
    ['zh', 'female', '女'],
    ['en', 'male', 'Male'],
    ['en', 'female', 'Female'],
  ] as const)('%s sex %s is %s', (lang, code, label) => {
    expect(sexLabel(lang, code)).toBe(label);
  });

  it('has every message in both languages', () => {
    expect(Object.keys(MESSAGES.en).sort()).toEqual(Object.keys(MESSAGES.zh).sort());
    expect(MESSAGES.zh.count(9)).toBe('共 9 人');
    expect(MESSAGES.en.count(9)).toBe('9 subjects');
  });
});
