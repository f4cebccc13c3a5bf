import { describe, expect, it } from 'vitest';
import { createTauriBackend, normaliseError, type ErrorView } from './index';
import {
  MOCK_OFFICERS,
  MOCK_PASSPHRASE,
  MOCK_SUBJECTS,
  createMockBackend,
  generateSubjects,
} from './mock';

describe('normaliseError', () => {
  const cases: Array<[string, unknown, ErrorView]> = [
    [
      'an ErrorView from Rust passes through',
      { code: 'wrong_passphrase', message: 'The passphrase is wrong.' },
      { code: 'wrong_passphrase', message: 'The passphrase is wrong.' },
    ],
    [
      'extra fields on an ErrorView are dropped',
      { code: 'archive_damaged', message: 'Damaged.', backtrace: 'x' },
      { code: 'archive_damaged', message: 'Damaged.' },
    ],
    [
      'a string rejection (Tauri itself) becomes internal',
      'command subject_list not found',
      { code: 'internal', message: 'command subject_list not found' },
    ],
    ['an Error becomes internal', new Error('boom'), { code: 'internal', message: 'boom' }],
    [
      'an object with only a message becomes internal',
      { message: 'odd' },
      { code: 'internal', message: 'odd' },
    ],
    [
      'an object whose code is not a string is not an ErrorView',
      { code: 42, message: 'numeric code' },
      { code: 'internal', message: 'numeric code' },
    ],
    ['null', null, { code: 'internal', message: 'null' }],
    ['undefined', undefined, { code: 'internal', message: 'undefined' }],
    ['a number', 7, { code: 'internal', message: '7' }],
  ];

  it.each(cases)('%s', (_label, reason, expected) => {
    expect(normaliseError(reason)).toEqual(expected);
  });
});

describe('Tauri backend', () => {
  function recordingInvoke(result: (cmd: string) => Promise<unknown>) {
    const calls: Array<[string, Record<string, unknown> | undefined]> = [];
    const inv = (cmd: string, args?: Record<string, unknown>) => {
      calls.push([cmd, args]);
      return result(cmd);
    };
    return { calls, inv };
  }

  it('calls the commands by their Rust names with camelCase arguments', async () => {
    const { calls, inv } = recordingInvoke(async (cmd) => (cmd === 'subject_list' ? [] : {}));
    const backend = createTauriBackend(inv);
    await backend.archiveInfo();
    await backend.unlock('officer-1', 'secret');
    await backend.subjectList();
    await backend.lock();
    expect(calls).toEqual([
      ['archive_info', undefined],
      ['unlock', { officerId: 'officer-1', passphrase: 'secret' }],
      ['subject_list', undefined],
      ['lock', undefined],
    ]);
  });

  const rejections: Array<[string, unknown, ErrorView]> = [
    [
      'ErrorView',
      { code: 'not_an_archive', message: 'Not an archive.' },
      { code: 'not_an_archive', message: 'Not an archive.' },
    ],
    ['string', 'invalid args `officerId`', { code: 'internal', message: 'invalid args `officerId`' }],
  ];

  it.each(rejections)('normalises a %s rejection', async (_kind, reason, expected) => {
    const backend = createTauriBackend(() => Promise.reject(reason));
    await expect(backend.unlock('x', 'y')).rejects.toEqual(expected);
    await expect(backend.subjectList()).rejects.toEqual(expected);
  });

  it('normalises a synchronous throw from invoke', async () => {
    const backend = createTauriBackend(() => {
      throw 'IPC not available';
    });
    await expect(backend.archiveInfo()).rejects.toEqual({
      code: 'internal',
      message: 'IPC not available',
    });
  });
});

describe('mock backend', () => {
  it('lists the officers and refuses a wrong passphrase', async () => {
    const backend = createMockBackend();
    const info = await backend.archiveInfo();
    expect(info.officers).toEqual(MOCK_OFFICERS);
    await expect(backend.unlock(MOCK_OFFICERS[0].officer_id, 'nope')).rejects.toMatchObject({
      code: 'wrong_passphrase',
    });
  });

  it('hands out subjects only while unlocked', async () => {
    const backend = createMockBackend();
    await expect(backend.subjectList()).rejects.toMatchObject({ code: 'locked' });
    const session = await backend.unlock(MOCK_OFFICERS[1].officer_id, MOCK_PASSPHRASE);
    expect(session.officer_name).toBe(MOCK_OFFICERS[1].name);
    expect(session.site_role).toBe('office');
    expect(await backend.subjectList()).toHaveLength(MOCK_SUBJECTS.length);
    await backend.lock();
    await expect(backend.subjectList()).rejects.toMatchObject({ code: 'locked' });
  });

  it('has valid check digits on every synthetic ID number', () => {
    const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    const all = [...MOCK_SUBJECTS, ...generateSubjects(200)];
    expect(new Set(all.map((s) => s.id)).size).toBe(all.length);
    for (const s of all) {
      const sum = weights.reduce((acc, w, i) => acc + w * Number(s.id_number[i]), 0);
      expect(s.id_number[17], s.name).toBe('10X98765432'[sum % 11]);
      expect(s.correction_end > s.correction_start, s.name).toBe(true);
      expect(s.id_number.slice(6, 14)).toBe(s.birth_date.replaceAll('-', ''));
      expect(Number(s.id_number[16]) % 2 === 1 ? 'male' : 'female').toBe(s.sex);
    }
  });
});
