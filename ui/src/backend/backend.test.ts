import { describe, expect, it } from 'vitest';
import { createTauriBackend, normaliseError, type ErrorView } from './index';
import {
  DEMO_SUBJECT_ID,
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

  it('calls the file, record, search and attachment commands with camelCase arguments', async () => {
    const { calls, inv } = recordingInvoke(async () => null);
    const b = createTauriBackend(inv);
    await b.kinds();
    await b.subjectFile('s1');
    await b.recordAdd('s1', 'visit', { place: '家中' });
    await b.recordEdit('r1', { place: null });
    await b.recordDelete('r1');
    await b.search('wl');
    await b.subjectKeyOverride('s1', false, '表现良好');
    await b.subjectKeyOverride('s1', null, null);
    await b.attachmentPick('photo');
    await b.attachmentData('abc');
    await b.subjectSetPhoto('s1', 'abc');
    await b.subjectAdd({ name: '测试', id_number: 'x', jurisdiction: 'j', category: 'parole', correction_start: 'a', correction_end: 'b' });
    await b.subjectUpdate('s1', { phone: null });
    await b.subjectDuplicates('11010519491231002X');
    expect(calls).toEqual([
      ['kinds', undefined],
      ['subject_file', { subjectId: 's1' }],
      ['record_add', { subjectId: 's1', kind: 'visit', data: { place: '家中' } }],
      ['record_edit', { recordId: 'r1', changes: { place: null } }],
      ['record_delete', { recordId: 'r1' }],
      ['search', { text: 'wl' }],
      ['subject_key_override', { subjectId: 's1', key: false, reason: '表现良好' }],
      ['subject_key_override', { subjectId: 's1', key: null, reason: null }],
      ['attachment_pick', { purpose: 'photo' }],
      ['attachment_data', { sha256: 'abc' }],
      ['subject_set_photo', { subjectId: 's1', sha256: 'abc' }],
      [
        'subject_add',
        {
          input: { name: '测试', id_number: 'x', jurisdiction: 'j', category: 'parole', correction_start: 'a', correction_end: 'b' },
        },
      ],
      ['subject_update', { subjectId: 's1', changes: { phone: null } }],
      ['subject_duplicates', { idNumber: '11010519491231002X' }],
    ]);
  });

  it('calls the sync commands; import progress arrives over a channel', async () => {
    const { calls, inv } = recordingInvoke(async () => null);
    const channels: Array<{ onmessage: (m: unknown) => void }> = [];
    const b = createTauriBackend(inv, <T,>() => {
      const channel = { onmessage: (_: T) => {} };
      channels.push(channel as { onmessage: (m: unknown) => void });
      return channel;
    });
    const seen: unknown[] = [];
    await b.syncStatus();
    await b.syncPickBundle();
    await b.syncVerify('/media/usb/a.bundle');
    await b.syncImport('/media/usb/a.bundle', (p) => seen.push(p));
    await b.syncExport(null);
    await b.syncExport('device-1');
    await b.syncConflicts();
    await b.syncResolve('record', 'r-1', 'd.phone', 'op-2');
    expect(calls).toEqual([
      ['sync_status', undefined],
      ['sync_pick_bundle', undefined],
      ['sync_verify', { path: '/media/usb/a.bundle' }],
      ['sync_import', { path: '/media/usb/a.bundle', onProgress: channels[0] }],
      ['sync_export', { to: null }],
      ['sync_export', { to: 'device-1' }],
      ['sync_conflicts', undefined],
      ['sync_resolve', { entity: 'record', entityId: 'r-1', field: 'd.phone', keepOpId: 'op-2' }],
    ]);
    channels[0].onmessage({ done: 500, total: 900 });
    expect(seen).toEqual([{ done: 500, total: 900 }]);
  });

  it('calls the report and chart commands; saving progress arrives over a channel', async () => {
    const { calls, inv } = recordingInvoke(async () => null);
    const channels: Array<{ onmessage: (m: unknown) => void }> = [];
    const b = createTauriBackend(inv, <T,>() => {
      const channel = { onmessage: (_: T) => {} };
      channels.push(channel as { onmessage: (m: unknown) => void });
      return channel;
    });
    const request = { ledger: 'leave', period: '2026-11', jurisdiction: null, subject_id: null, format: 'pdf' };
    const seen: unknown[] = [];
    await b.dashboardCharts(12);
    await b.reportList();
    await b.reportPreview(request, 3);
    await b.reportSave(request, (p) => seen.push(p));
    await b.reportOpen('/home/a/花名册.pdf');
    expect(calls).toEqual([
      ['dashboard_charts', { months: 12 }],
      ['report_list', undefined],
      ['report_preview', { request, maxPages: 3 }],
      ['report_save', { request, onProgress: channels[0] }],
      ['report_open', { path: '/home/a/花名册.pdf' }],
    ]);
    channels[0].onmessage({ done: 1, total: 3, stage: 'typeset' });
    expect(seen).toEqual([{ done: 1, total: 3, stage: 'typeset' }]);
  });

  it('calls the due and leave commands with camelCase arguments', async () => {
    const { calls, inv } = recordingInvoke(async () => null);
    const b = createTauriBackend(inv);
    await b.due();
    await b.due('2026-11-23');
    await b.leaveList();
    await b.leaveList('s1');
    const input = {
      from: '2026-12-01',
      to: '2026-12-05',
      destination_code: '330723001',
      destination_detail: '白洋街道',
      reason: '探亲',
      contact: '13900000000',
    };
    await b.leaveRequest('s1', input);
    await b.leaveDecide('l1', true, '同意');
    await b.leaveExtend('l1', '2026-12-08', '病');
    await b.leaveReturn('l1', '2026-12-08');
    expect(calls).toEqual([
      ['due', { date: null }],
      ['due', { date: '2026-11-23' }],
      ['leave_list', { subjectId: null }],
      ['leave_list', { subjectId: 's1' }],
      ['leave_request', { subjectId: 's1', input }],
      ['leave_decide', { leaveId: 'l1', approve: true, opinion: '同意' }],
      ['leave_extend', { leaveId: 'l1', to: '2026-12-08', reason: '病' }],
      ['leave_return', { leaveId: 'l1', returnedOn: '2026-12-08' }],
    ]);
  });

  it('calls the proposal commands with camelCase arguments', async () => {
    const { calls, inv } = recordingInvoke(async () => null);
    const b = createTauriBackend(inv);
    await b.proposalList();
    await b.proposalList('s1');
    const input = { matter: 'sanction', step: 'warning', facts: '三次未报到', grounds: '第三十五条', doc_no: '', evidence: [] };
    await b.propose('s1', input);
    const decision = { approve: true, facts: '', grounds: '第三十五条', doc_no: '武司矫〔2026〕1号', evidence: [] };
    await b.decide('p1', decision);
    await b.withdraw('p1');
    expect(calls).toEqual([
      ['proposal_list', { subjectId: null }],
      ['proposal_list', { subjectId: 's1' }],
      ['propose', { subjectId: 's1', input }],
      ['decide', { proposalId: 'p1', input: decision }],
      ['withdraw', { proposalId: 'p1' }],
    ]);
  });

  it('calls the assessment and level commands with camelCase arguments', async () => {
    const { calls, inv } = recordingInvoke(async () => null);
    const b = createTauriBackend(inv);
    const items = [{ code: 'check_in_late', on: '2026-10-08', count: 2 }];
    await b.assess('s1', '2026-10', items);
    await b.assessmentList('s1');
    await b.assessmentOpinion('s1/2026-10', '同意');
    await b.assessmentQuarter('s1', '2026-Q4');
    await b.assessmentItems();
    await b.assessmentItems('2026-10-31');
    await b.levelSuggestion('s1');
    await b.levelChange('s1', 'strict', '考核不合格');
    expect(calls).toEqual([
      ['assess', { subjectId: 's1', month: '2026-10', items }],
      ['assessment_list', { subjectId: 's1' }],
      ['assessment_opinion', { assessmentId: 's1/2026-10', opinion: '同意' }],
      ['assessment_quarter', { subjectId: 's1', quarter: '2026-Q4' }],
      ['assessment_items', { date: null }],
      ['assessment_items', { date: '2026-10-31' }],
      ['level_suggestion', { subjectId: 's1' }],
      ['level_change', { subjectId: 's1', to: 'strict', reason: '考核不合格' }],
    ]);
  });

  it('calls the register commands with camelCase arguments', async () => {
    const { calls, inv } = recordingInvoke(async () => null);
    const b = createTauriBackend(inv);
    await b.registerKinds();
    await b.registerList('meeting');
    await b.registerAdd('training', { title: '培训' });
    await b.registerEdit('e1', { hours: null });
    await b.registerDelete('e1');
    expect(calls).toEqual([
      ['register_kinds', undefined],
      ['register_list', { kind: 'meeting' }],
      ['register_add', { kind: 'training', data: { title: '培训' } }],
      ['register_edit', { entryId: 'e1', changes: { hours: null } }],
      ['register_delete', { entryId: 'e1' }],
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

describe('mock file backend', () => {
  async function unlocked() {
    const backend = createMockBackend();
    await backend.unlock(MOCK_OFFICERS[0].officer_id, MOCK_PASSPHRASE);
    return backend;
  }

  it('has a demo file with a record in every section', async () => {
    const backend = await unlocked();
    const file = await backend.subjectFile(DEMO_SUBJECT_ID);
    const kinds = await backend.kinds();
    for (const kind of kinds) {
      expect(file.records.some((r) => r.kind === kind.name), kind.name).toBe(true);
    }
    expect(file.facts.key_subject).toBe(true);
    expect(file.facts.key_reasons).toEqual(['property_crime', 'parolee']);
    expect(file.detail.photo).not.toBeNull();
  });

  it('adds, edits and deletes records, and refuses bad ones by code', async () => {
    const backend = await unlocked();
    const added = await backend.recordAdd('mock-subject-01', 'checkin', {
      date: '2026-01-05',
      form: 'phone',
      punctuality: 'on_time',
    });
    expect(added.date).toBe('2026-01-05');
    const edited = await backend.recordEdit(added.id, { punctuality: 'late' });
    expect(edited.data.punctuality).toBe('late');
    expect(edited.version).not.toBe(added.version);
    await backend.recordDelete(added.id);
    await expect(backend.recordDelete(added.id)).rejects.toMatchObject({ code: 'not_found' });
    await expect(backend.recordAdd('mock-subject-01', 'party', {})).rejects.toMatchObject({
      code: 'unknown_kind',
    });
    await expect(backend.recordAdd('mock-subject-01', 'checkin', { date: '2026-01-05' })).rejects.toMatchObject({
      code: 'invalid_input',
    });
    await expect(
      backend.recordAdd('mock-subject-01', 'intake', { intake_date: '2025-03-01' }),
    ).rejects.toMatchObject({ code: 'invalid_input' });
  });

  it('searches by name, pinyin, initials, ID and file numbers', async () => {
    const backend = await unlocked();
    const hit = async (text: string) =>
      (await backend.search(text)).map((h) => [h.subject.name, h.matched]);
    expect(await hit('wl')).toEqual([['王磊', 'initials']]);
    expect(await hit('wanglei')).toEqual([['王磊', 'pinyin']]);
    expect(await hit('王磊')).toEqual([['王磊', 'name']]);
    expect(await hit('0125039x')).toEqual([['王磊', 'id_number']]);
    expect(await hit('CN2025003')).toEqual([['王磊', 'file_no']]);
    expect(await hit('')).toEqual([]);
  });

  it('overrides the key-subject rules only with a reason', async () => {
    const backend = await unlocked();
    await expect(backend.subjectKeyOverride(DEMO_SUBJECT_ID, false, ' ')).rejects.toMatchObject({
      code: 'invalid_input',
    });
    const off = await backend.subjectKeyOverride(DEMO_SUBJECT_ID, false, '经研究决定');
    expect(off.facts.key_subject).toBe(false);
    expect(off.subject.key_subject).toBe(false);
    expect(off.facts.key_override_reason).toBe('经研究决定');
    const back = await backend.subjectKeyOverride(DEMO_SUBJECT_ID, null, null);
    expect(back.facts.key_subject).toBe(true);
    expect(back.facts.key_override).toBeNull();
  });

  it('picks attachments and serves them as data URLs; a PDF is no photo', async () => {
    const backend = await unlocked();
    const doc = await backend.attachmentPick('document');
    expect(doc?.mime).toBe('application/pdf');
    expect(await backend.attachmentData(doc!.sha256)).toMatch(/^data:/);
    await expect(backend.subjectSetPhoto('mock-subject-01', doc!.sha256)).rejects.toMatchObject({
      code: 'attachment_type',
    });
    const cancelled = createMockBackend({ pick: () => null });
    await cancelled.unlock(MOCK_OFFICERS[0].officer_id, MOCK_PASSPHRASE);
    expect(await cancelled.attachmentPick('photo')).toBeNull();
  });

  it('adds and edits subjects, and refuses a duplicate ID number with possible_duplicate', async () => {
    const backend = await unlocked();
    const input = {
      name: '测试甲',
      id_number: '11010519491231002x',
      jurisdiction: '330102001201',
      category: 'probation',
      correction_start: '2026-01-01',
      correction_end: '2027-01-01',
    };
    const file = await backend.subjectAdd(input);
    expect(file.subject).toMatchObject({ sex: 'female', birth_date: '1949-12-31', status: 'in_correction', jurisdiction_name: '童庐村委会' });
    expect((await backend.subjectList()).some((s) => s.id === file.subject.id)).toBe(true);
    await expect(backend.subjectAdd({ ...input, name: '测试乙' })).rejects.toMatchObject({ code: 'possible_duplicate' });
    expect((await backend.subjectDuplicates('11010519491231002X')).map((s) => s.id)).toEqual([file.subject.id]);
    await expect(backend.subjectAdd({ ...input, id_number: '110105194912310021' })).rejects.toMatchObject({ code: 'invalid_input' });
    const edited = await backend.subjectUpdate(file.subject.id, { phone: '13800000000', education: '初中' });
    expect([edited.subject.phone, edited.detail.education]).toEqual(['13800000000', '初中']);
    await expect(
      backend.subjectUpdate(file.subject.id, { id_number: '330102198503120110' }),
    ).rejects.toMatchObject({ code: 'possible_duplicate' });
    await expect(backend.subjectUpdate(file.subject.id, { status: 'released' })).rejects.toMatchObject({ code: 'invalid_input' });
  });
});
