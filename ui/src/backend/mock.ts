// A stand-in backend with synthetic people, used in a plain browser (`npm run dev`) and in the
// tests. Everything here is made up: names, ID numbers (valid check digits, fictitious people),
// villages and file numbers.

import type { Backend } from './index';
import type { ErrorView } from './bindings/ErrorView';
import type { OfficerSlotView } from './bindings/OfficerSlotView';
import type { SessionView } from './bindings/SessionView';
import type { SubjectRow } from './bindings/SubjectRow';
import type { AttachmentView } from './bindings/AttachmentView';
import type { FactsView } from './bindings/FactsView';
import type { KindView } from './bindings/KindView';
import type { RecordView } from './bindings/RecordView';
import type { SearchHit } from './bindings/SearchHit';
import type { SubjectDetail } from './bindings/SubjectDetail';
import type { SubjectFileView } from './bindings/SubjectFileView';
import type { DueItemView } from './bindings/DueItemView';
import type { LeaveView } from './bindings/LeaveView';
import type { AssessmentView } from './bindings/AssessmentView';
import { MOCK_KINDS } from './mockKinds';
import { addDays, daysBetween, isIsoDate, todayIso } from '../dates';
import { applyAheadDays, approverFor, daysInTwoMonths, isOpenLeave, leaveDays, leaveEnd } from '../leave';
import { countByVillage, dueAction } from '../due';
import { DEMO_SUBJECT_ID, MOCK_RECORDS, detailFor } from './mockFile';
import type { NewSubjectInput } from './bindings/NewSubjectInput';
import { checkIdNumber } from '../idnumber';
import { createMockProposals } from './mockProposals';
import { createMockSync } from './mockSync';
import { mockAudit } from './mockAudit';
import { mockBackup } from './mockBackup';
import { createMockReports } from './mockReports';
import { mockAdministers, mockOfficers } from './mockOfficers';
import type { PickedBundle } from './index';
import {
  MOCK_ASSESSED,
  assessedOnFor,
  gradeOf,
  mockLevelSuggestion,
  mockPointsTable,
  mockQuarter,
  monthlyProposal,
  parseQuarter,
  scoreLines,
  shiftMonth,
} from './mockAssessment';
import { quarterOf } from '../assessment';
import { mockRegisters } from './mockRegisters';

export { DEMO_SUBJECT_ID };

export { MOCK_KINDS };

export const MOCK_PASSPHRASE = 'demo-pass';

export const MOCK_ARCHIVE_PATH = '/home/demo/.local/share/dossier/archive.dossier';

export const MOCK_OFFICERS: OfficerSlotView[] = [
  { officer_id: '01J9Z6X4Q0A1B2C3D4E5F6G7H8', name: '王晓明', role: 'village_worker' },
  { officer_id: '01J9Z6X4Q0A1B2C3D4E5F6G7H9', name: '陈丽', role: 'office_staff' },
  { officer_id: '01J9Z6X4Q0A1B2C3D4E5F6G7HA', name: '林建国', role: 'office_admin' },
];

const TONGLU = { jurisdiction: '330102001201', jurisdiction_name: '童庐村委会' };
const QINGSHI = { jurisdiction: '330102001202', jurisdiction_name: '青石社区居委会' };
const LIUWAN = { jurisdiction: '330102001203', jurisdiction_name: '柳湾村委会' };

type Optional = 'ethnicity' | 'phone' | 'crime' | 'management_level' | 'key_subject';

function subject(
  n: number,
  fields: Omit<SubjectRow, 'id' | 'file_no' | Optional> & Partial<Pick<SubjectRow, Optional>>,
): SubjectRow {
  const row: SubjectRow = {
    id: `mock-subject-${String(n).padStart(2, '0')}`,
    file_no: `CN2025${String(n).padStart(3, '0')}`,
    ethnicity: '汉族',
    phone: null,
    crime: null,
    management_level: 'normal',
    key_subject: false,
    ...fields,
  };
  if (fields.key_subject === undefined) {
    row.key_subject = keyReasons(row).length > 0;
  }
  return row;
}

const VIOLENT = /故意伤害|抢劫|故意杀人|强奸|寻衅滋事|聚众斗殴/;
const PROPERTY = /盗窃|抢劫|诈骗|抢夺|敲诈勒索/;

function ageOn(birth: string, day: string): number {
  const [by, bm, bd] = birth.split('-').map(Number);
  const [y, m, d] = day.split('-').map(Number);
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

/** The key-subject rules, roughly as dossier-core has them. */
function keyReasons(row: SubjectRow): string[] {
  const reasons: string[] = [];
  const crime = row.crime ?? '';
  if (VIOLENT.test(crime)) reasons.push('violent_crime');
  if (PROPERTY.test(crime)) reasons.push('property_crime');
  if (ageOn(row.birth_date, todayIso()) < 18) reasons.push('minor');
  if (row.category === 'parole') reasons.push('parolee');
  if (row.category === 'temporary_outside') reasons.push('temporary_outside');
  return reasons;
}

// Deliberately not in roster order: the UI sorts.
export const MOCK_SUBJECTS: SubjectRow[] = [
  subject(1, {
    name: '张伟', sex: 'male', id_number: '330102198503120110', birth_date: '1985-03-12',
    category: 'probation', correction_start: '2025-03-01', correction_end: '2027-02-28',
    ...TONGLU, status: 'in_correction', phone: '13800000001', crime: '危险驾驶罪',
  }),
  subject(2, {
    name: '李秀英', sex: 'female', id_number: '330102199207080200', birth_date: '1992-07-08',
    category: 'surveillance', correction_start: '2025-01-15', correction_end: '2025-10-14',
    ...QINGSHI, status: 'in_correction',
  }),
  subject(3, {
    name: '王磊', sex: 'male', id_number: '33010219780125039X', birth_date: '1978-01-25',
    category: 'parole', correction_start: '2025-11-20', correction_end: '2027-05-19',
    ...LIUWAN, status: 'in_correction', crime: '盗窃罪', management_level: 'strict',
    phone: '13900000003',
  }),
  subject(4, {
    name: '刘洋', sex: 'male', id_number: '330102200109190313', birth_date: '2001-09-19',
    category: 'probation', correction_start: '2026-10-20', correction_end: '2028-10-19',
    ...TONGLU, status: 'awaiting_report', crime: '故意伤害罪', management_level: 'strict',
  }),
  subject(5, {
    name: '陈桂兰', sex: 'female', id_number: '330102196911030385', birth_date: '1969-11-03',
    category: 'temporary_outside', correction_start: '2025-02-01', correction_end: '2026-01-31',
    ...LIUWAN, status: 'in_correction',
  }),
  subject(6, {
    name: '赵建军', sex: 'male', id_number: '330102198805300459', birth_date: '1988-05-30',
    category: 'probation', correction_start: '2024-09-01', correction_end: '2025-08-31',
    ...QINGSHI, status: 'released',
  }),
  subject(7, {
    name: '周婷', sex: 'female', id_number: '330102199502140528', birth_date: '1995-02-14',
    category: 'probation', correction_start: '2025-04-18', correction_end: '2026-10-17',
    ...TONGLU, status: 'in_correction', ethnicity: '畲族', management_level: 'lenient',
  }),
  subject(8, {
    name: '吴海涛', sex: 'male', id_number: '330102197308280595', birth_date: '1973-08-28',
    category: 'surveillance', correction_start: '2025-05-06', correction_end: '2025-11-05',
    ...LIUWAN, status: 'in_correction',
  }),
  subject(9, {
    name: '孙浩', sex: 'male', id_number: '330102199906010674', birth_date: '1999-06-01',
    category: 'parole', correction_start: '2025-07-01', correction_end: '2026-03-31',
    ...QINGSHI, status: 'in_correction', management_level: 'lenient',
  }),
  subject(10, {
    name: '何俊', sex: 'male', id_number: '330102200904160316', birth_date: '2009-04-16',
    category: 'probation', correction_start: '2026-06-01', correction_end: '2027-05-31',
    ...QINGSHI, status: 'in_correction', crime: '盗窃罪', management_level: 'strict',
  }),
];

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

/** The 18th character of a resident ID number for its first 17 digits. */
export function idCheckChar(first17: string): string {
  const sum = ID_WEIGHTS.reduce((acc, w, i) => acc + w * Number(first17[i]), 0);
  return '10X98765432'[sum % 11];
}

/**
 * A larger synthetic roster (`?mock=many` in the browser), to see scrolling and searching
 * with a street's worth of people. Deterministic: the same n gives the same people.
 */
export function generateSubjects(n: number): SubjectRow[] {
  const surnames = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高';
  const given = ['伟', '芳', '娜', '敏', '静', '强', '磊', '军', '洋', '勇', '艳', '杰', '涛', '明', '超', '秀兰', '霞', '平', '刚', '桂英'];
  const villages = [
    TONGLU,
    QINGSHI,
    LIUWAN,
    { jurisdiction: '330102001204', jurisdiction_name: '杏花村委会' },
    { jurisdiction: '330102001205', jurisdiction_name: '东门社区居委会' },
  ];
  const categories = ['probation', 'probation', 'probation', 'surveillance', 'parole', 'temporary_outside'];
  const rows: SubjectRow[] = [];
  for (let i = 0; i < n; i++) {
    const year = 1960 + ((i * 7) % 45);
    const month = 1 + ((i * 5) % 12);
    const day = 1 + ((i * 11) % 28);
    const birth = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
    const sex = i % 3 === 1 ? 'female' : 'male';
    let seq = 100 + ((i * 13) % 800);
    if ((seq % 2 === 1) !== (sex === 'male')) seq += 1;
    const first17 = `330102${birth.replaceAll('-', '')}${String(seq).padStart(3, '0')}`;
    const start = new Date(Date.UTC(2024, (i * 3) % 18, 1 + (i % 27)));
    const months = [6, 12, 18, 24, 36][i % 5];
    const end = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + months, start.getUTCDate() - 1));
    rows.push(
      subject(100 + i, {
        name: surnames[(i * 7) % surnames.length] + given[(i * 3 + Math.floor(i / 20)) % given.length],
        sex,
        id_number: first17 + idCheckChar(first17),
        birth_date: birth,
        category: categories[i % categories.length],
        correction_start: start.toISOString().slice(0, 10),
        correction_end: end.toISOString().slice(0, 10),
        ...villages[i % villages.length],
        status: i % 9 === 0 ? 'awaiting_report' : 'in_correction',
        management_level: ['normal', 'strict', 'normal', 'lenient'][i % 4],
      }),
    );
  }
  return rows;
}

export const WRONG_PASSPHRASE_ERROR: ErrorView = {
  code: 'wrong_passphrase',
  message: 'The passphrase is wrong. Check the keyboard layout and Caps Lock, then try again.',
};

export interface MockOptions {
  /** Delay of every call, to show busy states (unlocking really takes about half a second). */
  latencyMs?: number;
  /**
   * "no_archive": no archive; "empty": no subjects; "many": about two hundred more; "fresh":
   * never enrolled for sync.
   */
  scenario?: string;
  officers?: OfficerSlotView[];
  subjects?: SubjectRow[];
  /**
   * Seal minors' files from village workers, as the real default rules do. Off by default:
   * the mock's village is one whose office lets it supervise its minors.
   */
  sealMinors?: boolean;
  /** What attachmentPick returns: a file, or null as if the dialog was cancelled. */
  pick?: (purpose: 'photo' | 'document') => AttachmentView | null;
  /** What syncPickBundle returns: a bundle file, or null as if the dialog was cancelled. */
  pickBundle?: () => PickedBundle | null;
  /** Where reportSave's dialog saves: a path, or null as if it was cancelled. */
  pickReportPath?: (suggested: string) => string | null;
  /** Where backupNow's dialog saves: a path, or null as if it was cancelled. */
  pickBackupPath?: (suggested: string) => string | null;
  /** The backup file restorePickFile returns (see mockBackup for names it refuses). */
  pickBackupFile?: () => string | null;
  /** The folder restorePickFolder returns. */
  pickRestoreFolder?: () => string | null;
}

function sessionFor(officer: OfficerSlotView): SessionView {
  const village = officer.role === 'village_worker';
  return {
    officer_id: officer.officer_id,
    officer_name: officer.name,
    role: officer.role,
    site_role: village ? 'village' : 'office',
    jurisdiction: village ? TONGLU.jurisdiction : '330102001',
    jurisdiction_name: village ? TONGLU.jurisdiction_name : '城南街道司法所',
    administers_accounts: mockAdministers(officer.role),
  };
}

// Pinyin of the characters in the mock names, for searching as the real index does.
const PINYIN: Record<string, string> = {
  王: 'wang', 李: 'li', 张: 'zhang', 刘: 'liu', 陈: 'chen', 杨: 'yang', 黄: 'huang', 赵: 'zhao',
  吴: 'wu', 周: 'zhou', 徐: 'xu', 孙: 'sun', 马: 'ma', 朱: 'zhu', 胡: 'hu', 郭: 'guo', 何: 'he',
  林: 'lin', 罗: 'luo', 高: 'gao', 伟: 'wei', 芳: 'fang', 娜: 'na', 敏: 'min', 静: 'jing',
  强: 'qiang', 磊: 'lei', 军: 'jun', 洋: 'yang', 勇: 'yong', 艳: 'yan', 杰: 'jie', 涛: 'tao',
  明: 'ming', 超: 'chao', 秀: 'xiu', 兰: 'lan', 霞: 'xia', 平: 'ping', 刚: 'gang', 桂: 'gui',
  英: 'ying', 婷: 'ting', 海: 'hai', 浩: 'hao', 建: 'jian', 俊: 'jun',
};

function pinyinOf(name: string): { full: string; initials: string } {
  const syllables = [...name].map((c) => PINYIN[c] ?? c);
  return { full: syllables.join(''), initials: syllables.map((p) => p[0]).join('') };
}

export function mockSearch(rows: readonly SubjectRow[], text: string): SearchHit[] {
  const q = text.trim().toLowerCase();
  if (q === '') return [];
  const hits: SearchHit[] = [];
  for (const row of rows) {
    const { full, initials } = pinyinOf(row.name);
    let matched: string | null = null;
    if (row.name.includes(q)) matched = 'name';
    else if (/^[a-z]+$/.test(q) && initials.startsWith(q) && q.length <= row.name.length)
      matched = 'initials';
    else if (/^[a-z]+$/.test(q) && full.startsWith(q)) matched = 'pinyin';
    else if (row.id_number.toLowerCase().includes(q)) matched = 'id_number';
    else if (row.file_no.toLowerCase().includes(q)) matched = 'file_no';
    if (matched) hits.push({ subject: { ...row }, matched });
  }
  return hits;
}

/** A drawn stand-in for a photo or a scan (the mock has no files to read). */
function placeholderImage(label: string, hue: number): string {
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="300" height="400" viewBox="0 0 300 400">` +
    `<rect width="300" height="400" fill="hsl(${hue},30%,88%)"/>` +
    `<circle cx="150" cy="150" r="70" fill="hsl(${hue},20%,62%)"/>` +
    `<path d="M40 400c0-80 50-130 110-130s110 50 110 130z" fill="hsl(${hue},20%,62%)"/>` +
    `<text x="150" y="385" font-size="22" text-anchor="middle" fill="#334">${label}</text></svg>`;
  return `data:image/svg+xml;base64,${btoa(unescape(encodeURIComponent(svg)))}`;
}

/** A drawn head-and-shoulders "photo" for the demo file. */
function portrait(): string {
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="300" height="400" viewBox="0 0 300 400">` +
    `<rect width="300" height="400" fill="#dfe9f3"/>` +
    `<path d="M30 400c0-90 55-135 120-135s120 45 120 135z" fill="#3d5a80"/>` +
    `<path d="M125 250h50v30c0 12-50 12-50 0z" fill="#e0b48f"/>` +
    `<ellipse cx="150" cy="180" rx="62" ry="76" fill="#edc39f"/>` +
    `<path d="M88 170c-4-60 30-92 64-92s66 26 62 92c-8-30-22-42-62-44-40 2-56 14-64 44z" fill="#2b2b2b"/>` +
    `<ellipse cx="126" cy="186" rx="6" ry="4" fill="#333"/><ellipse cx="174" cy="186" rx="6" ry="4" fill="#333"/>` +
    `<path d="M134 226q16 8 32 0" stroke="#a0644a" stroke-width="4" fill="none"/></svg>`;
  return `data:image/svg+xml;base64,${btoa(svg)}`;
}

function fakeSha(n: number): string {
  return n.toString(16).padStart(8, '0').repeat(8);
}

const err = (code: string, message: string): ErrorView => ({ code, message });

/** Division names for the codes the mock knows (the real side has the whole table). */
export const MOCK_DIVISIONS: Record<string, string> = {
  '330723': '浙江省金华市武义县',
  '330723001': '武义县白洋街道',
  '330723002': '武义县熟溪街道',
  '330102': '浙江省杭州市上城区',
  '330106': '浙江省杭州市西湖区',
  '330782': '浙江省金华市义乌市',
  '310101': '上海市黄浦区',
};

/** Subjects the mock treats as high risk of re-offending: no leave for them. */
export const MOCK_HIGH_RISK = new Set(['mock-subject-10']);

/**
 * Reminders the mock "finds" for the demo people, as offsets from today. The real side derives
 * them from the rules table and the records; these only have to look right.
 */
const MOCK_DUE: Array<{ subject: string; kind: string; offset: number; severity: string; note?: string }> = [
  { subject: 'mock-subject-03', kind: 'check_in', offset: -2, severity: 'danger' },
  { subject: 'mock-subject-03', kind: 'written_report', offset: 0, severity: 'warning' },
  // Notes as the backend writes them: the period and the missing ones by code.
  { subject: 'mock-subject-03', kind: 'four_ones', offset: 3, severity: 'warning', note: '国庆: home_visit,talk' },
  { subject: 'mock-subject-01', kind: 'visit', offset: 0, severity: 'warning' },
  { subject: 'mock-subject-01', kind: 'monthly_assessment', offset: -1, severity: 'warning' },
  { subject: 'mock-subject-05', kind: 'health_reexam', offset: 2, severity: 'warning' },
  { subject: 'mock-subject-07', kind: 'education', offset: 4, severity: 'info' },
  { subject: 'mock-subject-09', kind: 'positioning_expiring', offset: 5, severity: 'warning' },
  { subject: 'mock-subject-10', kind: 'visit', offset: -3, severity: 'danger' },
];

/** Leaves of the demo people, as offsets from today. */
const MOCK_LEAVES: Array<{
  subject: string;
  from: number;
  to: number;
  status: string;
  returned?: number;
  code: string;
  detail: string;
  reason: string;
}> = [
  { subject: 'mock-subject-01', from: -40, to: -36, status: 'returned', returned: -36, code: '330106', detail: '文三路 18 号', reason: '探望生病的母亲' },
  { subject: 'mock-subject-01', from: -5, to: -1, status: 'approved', code: '330782', detail: '福田市场', reason: '进货' },
  { subject: 'mock-subject-09', from: -2, to: 1, status: 'approved', code: '330723001', detail: '白洋街道溪里村', reason: '参加亲属婚礼' },
  { subject: 'mock-subject-07', from: 5, to: 14, status: 'requested', code: '310101', detail: '南京东路 200 号', reason: '到上海务工面试' },
  { subject: 'mock-subject-03', from: -50, to: -46, status: 'returned', returned: -44, code: '330723002', detail: '熟溪街道', reason: '办理房屋过户' },
];

export function createMockBackend(options: MockOptions = {}): Backend {
  const latency = options.latencyMs ?? 0;
  const officers = options.officers ?? MOCK_OFFICERS;
  const subjects: SubjectRow[] = (
    options.scenario === 'empty'
      ? []
      : options.scenario === 'many'
        ? [...MOCK_SUBJECTS, ...generateSubjects(200)]
        : (options.subjects ?? MOCK_SUBJECTS)
  ).map((row) => ({ ...row }));
  let session: SessionView | null = null;
  let counter = 0;
  const next = () => ++counter;

  const details = new Map<string, SubjectDetail>(subjects.map((s) => [s.id, detailFor(s.id)]));
  const overrides = new Map<string, { key: boolean; reason: string }>();
  const attachments = new Map<string, { view: AttachmentView; url: string }>();

  const addAttachment = (name: string, mime: string, url: string): AttachmentView => {
    const view: AttachmentView = { sha256: fakeSha(next()), mime, size: 48_000 + counter * 1000, name };
    attachments.set(view.sha256, { view, url });
    return view;
  };

  const kinds = new Map<string, KindView>(MOCK_KINDS.map((k) => [k.name, k]));
  const records: RecordView[] = [];
  const dateOf = (kind: KindView, data: Record<string, unknown>): string | null => {
    if (!kind.date_field) return null;
    const value = data[kind.date_field];
    return typeof value === 'string' && value !== '' ? value : null;
  };

  const demoPhoto = addAttachment('王磊.jpg', 'image/jpeg', portrait());
  const demoScan = addAttachment('判决书.pdf', 'application/pdf', placeholderImage('判决书', 30));
  const demoVisitPhoto = addAttachment('走访照片.jpg', 'image/jpeg', placeholderImage('走访', 120));
  for (const seed of MOCK_RECORDS) {
    const kind = kinds.get(seed.kind);
    if (!kind || !details.has(seed.subject)) continue;
    const data = { ...seed.data };
    if (seed.subject === DEMO_SUBJECT_ID && seed.kind === 'legal_document' && data.doc_type === 'judgment')
      data.files = demoScan.sha256;
    if (seed.subject === DEMO_SUBJECT_ID && seed.kind === 'visit' && data.date === '2026-09-30')
      data.photos = demoVisitPhoto.sha256;
    const n = next();
    records.push({
      id: `mock-record-${n}`,
      subject_id: seed.subject,
      kind: seed.kind,
      date: dateOf(kind, data),
      data,
      author: seed.author ?? '王晓明',
      version: `mock-op-${n}`,
    });
  }
  // Leaves and the reminders settled by records added since the mock started.
  const leaves: LeaveView[] = [];
  const settled: Array<{ subject: string; kind: string; data: Record<string, unknown> }> = [];
  const seedDay = todayIso();
  for (const seed of MOCK_LEAVES) {
    const row = subjects.find((x) => x.id === seed.subject);
    if (!row) continue;
    const from = addDays(seedDay, seed.from);
    const to = addDays(seedDay, seed.to);
    const days = leaveDays(from, to);
    const decided = seed.status !== 'requested';
    const returnedOn = seed.returned === undefined ? null : addDays(seedDay, seed.returned);
    const overdue = returnedOn ? Math.max(0, daysBetween(to, returnedOn)) : 0;
    leaves.push({
      id: `mock-leave-${next()}`,
      subject_id: row.id,
      subject_name: row.name,
      from,
      to,
      days,
      destination_code: seed.code,
      destination_name: MOCK_DIVISIONS[seed.code] ?? '',
      destination_detail: seed.detail,
      reason: seed.reason,
      contact: '13700000000',
      // Asked for 4 days ahead, or yesterday for a leave still to come.
      applied_on: addDays(from, -4) < seedDay ? addDays(from, -4) : addDays(seedDay, -1),
      approver: approverFor(days),
      status: seed.status,
      decided_by: decided ? '陈丽' : null,
      decided_on: decided ? (addDays(from, -2) < seedDay ? addDays(from, -2) : seedDay) : null,
      opinion: decided ? '同意' : null,
      extension_to: null,
      extension_status: null,
      extension_reason: null,
      returned_on: returnedOn,
      overdue_days: overdue,
      violation: overdue > 0,
      warnings: [],
    });
  }

  // Monthly assessments of the demo people, a few months back from today.
  const assessments: AssessmentView[] = [];
  const scored = (
    row: SubjectRow,
    month: string,
    items: Array<{ code: string; count: number }>,
    assessor: string,
    assessedOn: string,
    opinion: string | null,
  ): AssessmentView => {
    const lines = scoreLines(items);
    const points = 100 + lines.reduce((n, l) => n + l.points, 0);
    return {
      id: `${row.id}/${month}`,
      subject_id: row.id,
      month,
      points,
      grade: gradeOf(points),
      proposal: monthlyProposal(points),
      assessor,
      assessed_on: assessedOn,
      office_opinion: opinion,
      lines,
    };
  };
  for (const seed of MOCK_ASSESSED) {
    const row = subjects.find((x) => x.id === seed.subject);
    if (!row) continue;
    const month = shiftMonth(seedDay.slice(0, 7), -seed.monthsAgo);
    if (month < row.correction_start.slice(0, 7)) continue;
    const on = assessedOnFor(month) < seedDay ? assessedOnFor(month) : seedDay;
    assessments.push(scored(row, month, seed.items, '王晓明', on, seed.opinion ?? null));
  }
  const assessmentsOf = (subjectId: string) =>
    assessments.filter((a) => a.subject_id === subjectId).sort((a, b) => b.month.localeCompare(a.month));

  const findLeave = (id: string) => {
    const leave = leaves.find((l) => l.id === id);
    if (!leave) throw err('not_found', `There is no leave ${id}.`);
    return leave;
  };

  const dueOn = (today: string): DueItemView[] => {
    const items: DueItemView[] = [];
    const item = (row: SubjectRow, kind: string, due: string, severity: string, note: string | null = null) =>
      items.push({
        subject_id: row.id,
        subject_name: row.name,
        file_no: row.file_no,
        jurisdiction: row.jurisdiction,
        jurisdiction_name: row.jurisdiction_name,
        kind,
        due,
        overdue: due < today,
        severity,
        note,
      });
    for (const seed of MOCK_DUE) {
      const row = subjects.find((x) => x.id === seed.subject);
      if (!row || row.status !== 'in_correction') continue;
      if (
        seed.kind === 'monthly_assessment' &&
        assessments.some((a) => a.subject_id === row.id && a.month === shiftMonth(today.slice(0, 7), -1))
      )
        continue;
      const action = dueAction(seed.kind);
      if (
        action &&
        'form' in action &&
        settled.some(
          (r) =>
            r.subject === row.id &&
            r.kind === action.form &&
            Object.entries(action.values ?? {}).every(([k, v]) => r.data[k] === v),
        )
      )
        continue;
      // The real reminder names the month due, as here.
      const note = seed.kind === 'monthly_assessment' ? shiftMonth(today.slice(0, 7), -1) : (seed.note ?? null);
      item(row, seed.kind, addDays(seedDay, seed.offset), seed.severity, note);
    }
    for (const row of subjects) {
      if (row.status === 'awaiting_report') {
        const detail = details.get(row.id);
        if (detail?.papers_received) {
          const waited = daysBetween(detail.papers_received, today);
          if (waited >= 30) item(row, 'missing_report_30', addDays(detail.papers_received, 30), 'danger');
          else if (waited >= 10) item(row, 'missing_report_10', addDays(detail.papers_received, 10), 'danger');
        }
        if (detail?.judgment_date) {
          const deadline = addDays(detail.judgment_date, 10);
          if (deadline >= today) item(row, 'report_deadline', deadline, 'warning');
        }
      }
      if (row.status === 'in_correction') {
        const left = daysBetween(today, row.correction_end);
        if (left >= 0 && left <= 30) item(row, 'term_ending', row.correction_end, 'info');
      }
    }
    for (const p of proposals.pending()) {
      const row = subjects.find((x) => x.id === p.subject_id);
      if (row) item(row, 'decision_pending', p.due, p.due < today ? 'danger' : 'warning', p.id);
    }
    for (const leave of leaves) {
      if (leave.status !== 'approved') continue;
      const row = subjects.find((x) => x.id === leave.subject_id);
      if (!row) continue;
      const end = leaveEnd(leave);
      // As the backend does: the leave's id, for the app rather than for people.
      if (end < today) item(row, 'leave_overdue', end, 'danger', leave.id);
      else if (daysBetween(today, end) <= 2) item(row, 'leave_ending', end, 'warning', leave.id);
    }
    return items;
  };

  const demoDetail = details.get(DEMO_SUBJECT_ID);
  if (demoDetail) demoDetail.photo = demoPhoto.sha256;

  const settle = <T>(produce: () => T): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const run = () => {
        try {
          resolve(produce());
        } catch (reason) {
          reject(reason);
        }
      };
      if (latency > 0) setTimeout(run, latency);
      else queueMicrotask(run);
    });

  const requireSession = () => {
    if (!session) throw err('locked', 'The archive is locked.');
    return session;
  };
  /** Whether a row's file is sealed from the signed-in officer (see `sealMinors`). */
  const sealed = (row: SubjectRow) =>
    !!options.sealMinors && session?.role === 'village_worker' && ageOn(row.birth_date, todayIso()) < 18;
  const registers = mockRegisters(requireSession, next);
  const accounts = mockOfficers(officers, MOCK_PASSPHRASE, next);
  const { note: auditNote, ...auditMethods } = mockAudit(requireSession, settle, subjects);
  const backups = mockBackup({
    requireSession,
    settle,
    officers: () => accounts.slotViews(),
    passphrase: MOCK_PASSPHRASE,
    archivePath: MOCK_ARCHIVE_PATH,
    audit: auditNote,
    pickBackupPath: options.pickBackupPath,
    pickBackupFile: options.pickBackupFile,
    pickRestoreFolder: options.pickRestoreFolder,
  });

  const findSubject = (id: string) => {
    const row = subjects.find((s) => s.id === id);
    if (!row) throw err('not_found', `There is no subject ${id}.`);
    return row;
  };

  // Proposals and decisions (奖惩与审批) live in their own module.
  const proposals = createMockProposals({
    subjects,
    requireSession,
    findSubject,
    next,
    kinds,
    settle,
    divisionName: (code) => MOCK_DIVISIONS[code] ?? villageNames.get(code) ?? '',
    addRecord: (subjectId, kind, data, author) => {
      const n = next();
      records.push({
        id: `mock-record-${n}`,
        subject_id: subjectId,
        kind,
        date: data[kinds.get(kind)?.date_field ?? ''] ?? null,
        data,
        author,
        version: `mock-op-${n}`,
      });
    },
  });

  const factsFor = (row: SubjectRow, detail: SubjectDetail): FactsView => {
    const today = todayIso();
    const age = ageOn(row.birth_date, today);
    const reasons = keyReasons(row);
    const override = overrides.get(row.id);
    const awaiting = row.status === 'awaiting_report';
    const deadline = awaiting && detail.judgment_date ? addDays(detail.judgment_date, 10) : null;
    let alert: string | null = null;
    if (awaiting && detail.papers_received) {
      const waited = daysBetween(detail.papers_received, today);
      alert = waited >= 30 ? 'overdue_30' : waited >= 10 ? 'overdue_10' : 'due';
    }
    return {
      age,
      minor: age < 18,
      days_served: Math.max(0, daysBetween(row.correction_start, today)),
      days_remaining: Math.max(0, daysBetween(today, row.correction_end)),
      report_deadline: deadline,
      report_alert: alert,
      key_subject: override ? override.key : reasons.length > 0,
      key_reasons: reasons,
      key_override: override ? override.key : null,
      key_override_reason: override ? override.reason : null,
    };
  };

  const fileOf = (id: string): SubjectFileView => {
    const row = findSubject(id);
    const detail = details.get(id) ?? detailFor(id);
    const facts = factsFor(row, detail);
    row.key_subject = facts.key_subject;
    const own = records
      .filter((r) => r.subject_id === id)
      .map((r) => ({ ...r, data: { ...r.data } }))
      .sort(
        (a, b) =>
          (b.date ?? '').localeCompare(a.date ?? '') ||
          Number(b.id.replace(/\D/g, '')) - Number(a.id.replace(/\D/g, '')),
      );
    return { subject: { ...row }, detail: { ...detail }, facts, records: own };
  };

  /** Checks data against a kind the way the real side would, throwing invalid_input. */
  const clean = (kind: KindView, data: Record<string, unknown>, partial: boolean) => {
    const out: Record<string, string | number | boolean> = {};
    for (const [name, value] of Object.entries(data)) {
      const field = kind.fields.find((f) => f.name === name);
      if (!field) throw err('invalid_input', `${kind.en} has no field ${name}.`);
      if (value === null || value === undefined || value === '') continue;
      if (field.type === 'number' && typeof value !== 'number')
        throw err('invalid_input', `${field.en} must be a number.`);
      if (field.type === 'bool' && typeof value !== 'boolean')
        throw err('invalid_input', `${field.en} must be true or false.`);
      if (
        field.type === 'choice' &&
        !field.choices.some((c) => c.value === value)
      )
        throw err('invalid_input', `${String(value)} is not a choice of ${field.en}.`);
      out[name] = value as string | number | boolean;
    }
    if (!partial) {
      const missing = kind.fields.find((f) => f.required && out[f.name] === undefined);
      if (missing) throw err('invalid_input', `${missing.en} is required.`);
    }
    return out;
  };

  // Villages the mock knows: those of its people and the three demo ones.
  const villageNames = new Map<string, string>(
    [TONGLU, QINGSHI, LIUWAN, ...subjects].map((v) => [v.jurisdiction, v.jurisdiction_name]),
  );
  const BASIC_TEXT = ['ethnicity', 'education', 'marital_status', 'phone', 'household_address',
    'residence_address', 'crime', 'original_sentence'] as const;
  const UPDATABLE = ['name', 'id_number', 'jurisdiction', 'category', 'correction_start',
    'correction_end', ...BASIC_TEXT];

  /** Checks basic information as NewSubject::validate and the archive would. */
  const checkBasics = (input: Record<string, unknown>, selfId: string | null) => {
    const text = (k: string) => (typeof input[k] === 'string' ? (input[k] as string).trim() : '');
    const no = (why: string) => err('invalid_input', `The subject was not saved: ${why}.`);
    if (!text('name')) throw no('the name is empty');
    const id = checkIdNumber(text('id_number'));
    if (!id.ok) throw no('the ID number is not valid');
    const village = villageNames.get(text('jurisdiction'));
    if (!village)
      throw err('unknown_jurisdiction', `The division code ${text('jurisdiction')} is not in the division list.`);
    if (!['surveillance', 'probation', 'parole', 'temporary_outside'].includes(text('category')))
      throw no('the category is not one of the four');
    const start = text('correction_start');
    const end = text('correction_end');
    if (!isIsoDate(start) || !isIsoDate(end)) throw no('the correction dates must be YYYY-MM-DD');
    if (end < start) throw no('the correction period ends before it starts');
    const dup = subjects.find((s) => s.id !== selfId && s.id_number === id.normalised);
    if (dup)
      throw err(
        'possible_duplicate',
        `Possible duplicate: a subject with this ID number is already on file (file no. ${dup.file_no}). Nothing was added; check both files before entering it again.`,
      );
    const opt = (k: string) => text(k) || null;
    return {
      row: {
        name: text('name'),
        id_number: id.normalised,
        sex: id.sex,
        birth_date: id.birthDate,
        jurisdiction: text('jurisdiction'),
        jurisdiction_name: village,
        category: text('category'),
        correction_start: start,
        correction_end: end,
        ethnicity: text('ethnicity') || '汉族',
        phone: opt('phone'),
        crime: opt('crime'),
      },
      detail: {
        education: opt('education'),
        marital_status: opt('marital_status'),
        household_address: opt('household_address'),
        residence_address: opt('residence_address'),
        original_sentence: opt('original_sentence'),
      },
    };
  };

  /** A subject's basic information as subject_add would take it. */
  const basicsOf = (row: SubjectRow, detail: SubjectDetail): Record<string, unknown> => ({
    name: row.name, id_number: row.id_number, jurisdiction: row.jurisdiction, category: row.category,
    correction_start: row.correction_start, correction_end: row.correction_end,
    ethnicity: row.ethnicity, phone: row.phone, crime: row.crime, education: detail.education,
    marital_status: detail.marital_status, household_address: detail.household_address,
    residence_address: detail.residence_address, original_sentence: detail.original_sentence,
  });

  return {
    archiveInfo: () =>
      settle(() => {
        if (options.scenario === 'no_archive' && !backups.switched()) {
          throw {
            code: 'no_archive',
            message: 'There is no archive on this computer yet.',
          } satisfies ErrorView;
        }
        return { path: backups.archivePath(), officers: accounts.slotViews() };
      }),
    unlock: (officerId, passphrase) =>
      settle(() => {
        session = sessionFor(accounts.check(officerId, passphrase));
        return { ...session };
      }),
    lock: () =>
      settle(() => {
        session = null;
      }),
    officerList: () => settle(() => accounts.list(requireSession())),
    officerAdd: (input, adminPassphrase) => settle(() => accounts.add(requireSession(), input, adminPassphrase)),
    officerSetActive: (officerId, active) =>
      settle(() => accounts.setActive(requireSession(), officerId, active)),
    officerRemove: (officerId) => settle(() => accounts.remove(requireSession(), officerId)),
    changePassphrase: (old, next) => settle(() => accounts.changePassphrase(requireSession(), old, next)),
    subjectList: () =>
      settle(() => {
        requireSession();
        return subjects.filter((s) => !sealed(s)).map((s) => ({ ...s }));
      }),
    sealedCount: () =>
      settle(() => {
        requireSession();
        return subjects.filter(sealed).length;
      }),
    kinds: () =>
      settle(() => {
        requireSession();
        return structuredClone(MOCK_KINDS);
      }),
    subjectFile: (subjectId) =>
      settle(() => {
        requireSession();
        const row = subjects.find((s) => s.id === subjectId);
        if (row && sealed(row))
          throw err('sealed', "This file is sealed: the person is under 18, and the law keeps a minor's identity confidential (Art 54).");
        return fileOf(subjectId);
      }),
    recordAdd: (subjectId, kindName, data) =>
      settle(() => {
        const who = requireSession();
        findSubject(subjectId);
        const kind = kinds.get(kindName);
        if (!kind) throw err('unknown_kind', `There is no record kind ${kindName}.`);
        if (kind.singular && records.some((r) => r.subject_id === subjectId && r.kind === kindName))
          throw err('invalid_input', `${kind.en} is already recorded; edit it instead.`);
        const clean_ = clean(kind, data, false);
        const n = next();
        const record: RecordView = {
          id: `mock-record-${n}`,
          subject_id: subjectId,
          kind: kindName,
          date: dateOf(kind, clean_),
          data: clean_,
          author: who.officer_name,
          version: `mock-op-${n}`,
        };
        records.push(record);
        settled.push({ subject: subjectId, kind: kindName, data: clean_ });
        return { ...record, data: { ...record.data } };
      }),
    recordEdit: (recordId, changes) =>
      settle(() => {
        const who = requireSession();
        const record = records.find((r) => r.id === recordId);
        if (!record) throw err('not_found', `There is no record ${recordId}.`);
        const kind = kinds.get(record.kind)!;
        const merged: Record<string, unknown> = { ...record.data, ...changes };
        for (const [k, v] of Object.entries(changes)) if (v === null || v === '') delete merged[k];
        record.data = clean(kind, merged, false);
        record.date = dateOf(kind, record.data);
        record.author = who.officer_name;
        record.version = `mock-op-${next()}`;
        return { ...record, data: { ...record.data } };
      }),
    recordDelete: (recordId) =>
      settle(() => {
        requireSession();
        const i = records.findIndex((r) => r.id === recordId);
        if (i < 0) throw err('not_found', `There is no record ${recordId}.`);
        records.splice(i, 1);
      }),
    search: (text) =>
      settle(() => {
        requireSession();
        return mockSearch(subjects.filter((s) => !sealed(s)), text);
      }),
    subjectKeyOverride: (subjectId, key, reason) =>
      settle(() => {
        requireSession();
        findSubject(subjectId);
        if (key === null) overrides.delete(subjectId);
        else {
          if (!reason || reason.trim() === '')
            throw err('invalid_input', 'Say why the rules are overridden.');
          overrides.set(subjectId, { key, reason: reason.trim() });
        }
        return fileOf(subjectId);
      }),
    attachmentPick: (purpose) =>
      settle(() => {
        requireSession();
        if (options.pick) {
          const picked = options.pick(purpose);
          if (picked && !attachments.has(picked.sha256))
            attachments.set(picked.sha256, { view: picked, url: placeholderImage('', 0) });
          return picked;
        }
        const n = counter + 1;
        return purpose === 'photo'
          ? addAttachment(`照片${n}.jpg`, 'image/jpeg', placeholderImage('', (n * 47) % 360))
          : addAttachment(`扫描件${n}.pdf`, 'application/pdf', placeholderImage(`扫描件${n}`, 40));
      }),
    attachmentData: (sha256) =>
      settle(() => {
        requireSession();
        const found = attachments.get(sha256);
        if (!found) throw err('not_found', `There is no attachment ${sha256}.`);
        return found.url;
      }),
    subjectSetPhoto: (subjectId, sha256) =>
      settle(() => {
        requireSession();
        findSubject(subjectId);
        const found = attachments.get(sha256);
        if (!found) throw err('not_found', `There is no attachment ${sha256}.`);
        if (!found.view.mime.startsWith('image/'))
          throw err('attachment_type', 'A photo must be a JPEG or PNG image.');
        details.get(subjectId)!.photo = sha256;
        return fileOf(subjectId);
      }),
    subjectAdd: (input: NewSubjectInput) =>
      settle(() => {
        requireSession();
        const checked = checkBasics(input as unknown as Record<string, unknown>, null);
        const status = input.status ?? 'in_correction';
        if (status !== 'in_correction' && status !== 'awaiting_report')
          throw err('invalid_input', 'The subject was not saved: a new subject is in correction or awaiting report.');
        const n = next();
        const row: SubjectRow = {
          ...checked.row,
          id: `mock-subject-new-${n}`,
          file_no: `CN2026${String(n).padStart(3, '0')}`,
          status,
          management_level: 'normal',
          key_subject: false,
        };
        row.key_subject = keyReasons(row).length > 0;
        subjects.push(row);
        details.set(row.id, { ...detailFor(row.id), ...checked.detail, photo: null });
        return fileOf(row.id);
      }),
    subjectUpdate: (subjectId, changes) =>
      settle(() => {
        requireSession();
        const row = findSubject(subjectId);
        const detail = details.get(subjectId) ?? detailFor(subjectId);
        const unknown = Object.keys(changes).find((k) => !UPDATABLE.includes(k));
        if (unknown) throw err('invalid_input', `The field "${unknown}" cannot be changed here.`);
        const merged = { ...basicsOf(row, detail), ...changes };
        const checked = checkBasics(merged, subjectId);
        Object.assign(row, checked.row);
        details.set(subjectId, { ...detail, ...checked.detail });
        return fileOf(subjectId);
      }),
    subjectDuplicates: (idNumber) =>
      settle(() => {
        requireSession();
        const id = checkIdNumber(idNumber);
        if (!id.ok) throw err('invalid_input', 'The ID number is not valid.');
        return subjects.filter((s) => s.id_number === id.normalised).map((s) => ({ ...s }));
      }),
    due: (date) =>
      settle(() => {
        requireSession();
        const today = date ?? todayIso();
        if (!isIsoDate(today)) throw err('invalid_input', `${today} is not a date (YYYY-MM-DD).`);
        const items = dueOn(today);
        return { today, items, villages: countByVillage(items, today) };
      }),
    leaveList: (subjectId) =>
      settle(() => {
        requireSession();
        if (subjectId) findSubject(subjectId);
        return leaves
          .filter((l) => !subjectId || l.subject_id === subjectId)
          .sort((a, b) => b.from.localeCompare(a.from))
          .map((l) => structuredClone(l));
      }),
    leaveRequest: (subjectId, input) =>
      settle(() => {
        requireSession();
        const row = findSubject(subjectId);
        const today = todayIso();
        const applied = input.applied_on ?? today;
        if (!isIsoDate(input.from) || !isIsoDate(input.to))
          throw err('invalid_input', 'The dates must be YYYY-MM-DD.');
        if (input.to < input.from) throw err('leave_refused', 'The leave ends before it starts.');
        if (MOCK_HIGH_RISK.has(subjectId))
          throw err('leave_refused', 'The subject is at high risk of re-offending; leave is not allowed.');
        if (row.status !== 'in_correction')
          throw err('leave_refused', 'Only a subject in correction can ask for leave.');
        const own = leaves.filter((l) => l.subject_id === subjectId);
        if (own.some(isOpenLeave))
          throw err('leave_refused', 'The subject already has a leave that is open (asked for or not back yet).');
        if (!input.reason.trim()) throw err('invalid_input', 'Reason is required.');
        if (!input.contact.trim()) throw err('invalid_input', 'Contact at the destination is required.');
        const days = leaveDays(input.from, input.to);
        const leave: LeaveView = {
          id: `mock-leave-${next()}`,
          subject_id: subjectId,
          subject_name: row.name,
          from: input.from,
          to: input.to,
          days,
          destination_code: input.destination_code.trim(),
          destination_name: MOCK_DIVISIONS[input.destination_code.trim()] ?? '',
          destination_detail: input.destination_detail.trim(),
          reason: input.reason.trim(),
          contact: input.contact.trim(),
          applied_on: applied,
          approver: approverFor(days, daysInTwoMonths(input.from, own)),
          status: 'requested',
          decided_by: null,
          decided_on: null,
          opinion: null,
          extension_to: null,
          extension_status: null,
          extension_reason: null,
          returned_on: null,
          overdue_days: 0,
          violation: false,
          warnings: daysBetween(applied, input.from) < applyAheadDays(days) ? ['applied_late'] : [],
        };
        leaves.push(leave);
        return structuredClone(leave);
      }),
    leaveDecide: (leaveId, approve, opinion) =>
      settle(() => {
        const who = requireSession();
        const leave = findLeave(leaveId);
        if (who.role !== 'office_staff' && who.role !== 'office_admin')
          throw err('permission_denied', 'Only the judicial office decides on leave.');
        if (leave.status !== 'requested')
          throw err('leave_refused', 'This leave has already been decided.');
        if (!approve && !opinion.trim())
          throw err('invalid_input', 'Say why the leave is not approved.');
        leave.status = approve ? 'approved' : 'rejected';
        leave.decided_by = who.officer_name;
        leave.decided_on = todayIso();
        leave.opinion = opinion.trim() || null;
        return structuredClone(leave);
      }),
    leaveExtend: (leaveId, to, reason) =>
      settle(() => {
        requireSession();
        const leave = findLeave(leaveId);
        if (leave.status !== 'approved') throw err('leave_refused', 'Only an approved leave can be extended.');
        if (todayIso() > leaveEnd(leave))
          throw err('leave_refused', 'An extension must be asked for before the leave ends.');
        if (!isIsoDate(to) || to <= leaveEnd(leave))
          throw err('invalid_input', 'The new end must be after the current end.');
        if (!reason.trim()) throw err('invalid_input', 'Say why the leave is extended.');
        leave.extension_to = to;
        return structuredClone(leave);
      }),
    leaveReturn: (leaveId, returnedOn) =>
      settle(() => {
        requireSession();
        const leave = findLeave(leaveId);
        if (leave.status !== 'approved') throw err('leave_refused', 'Only an approved leave can be closed.');
        if (!isIsoDate(returnedOn)) throw err('invalid_input', 'The return date must be YYYY-MM-DD.');
        if (returnedOn < leave.from) throw err('leave_refused', 'The return is before the leave started.');
        if (returnedOn > todayIso()) throw err('invalid_input', 'The return date cannot be in the future.');
        leave.status = 'returned';
        leave.returned_on = returnedOn;
        leave.overdue_days = Math.max(0, daysBetween(leaveEnd(leave), returnedOn));
        leave.violation = leave.overdue_days > 0;
        return structuredClone(leave);
      }),
    ...proposals.methods,
    ...createMockSync({
      requireSession,
      settle,
      latencyMs: latency,
      pickBundle: options.pickBundle,
      scenario: options.scenario,
      subjectName: (id) => subjects.find((x) => x.id === id)?.name ?? null,
    }),
    // Reports and the dashboard's charts
    ...createMockReports({
      requireSession,
      settle,
      latencyMs: latency,
      subjects,
      leaves: () => leaves,
      pickReportPath: options.pickReportPath,
      scenario: options.scenario,
    }),
    assess: (subjectId, month, items) =>
      settle(() => {
        const who = requireSession();
        const row = findSubject(subjectId);
        if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month.trim()))
          throw err('invalid_input', `The month is wrong: "${month}" is not a month written as YYYY-MM.`);
        const m = month.trim();
        const today = todayIso();
        if (m > today.slice(0, 7))
          throw err('invalid_input', `${m} has not begun yet; a month is assessed during or after it.`);
        const refused = (why: string) => err('assessment_refused', `The assessment was refused: ${why}.`);
        if (row.status === 'released' || row.status === 'terminated')
          throw refused(`the subject's correction has ended (${row.status}); a finished subject is not assessed`);
        if (row.status === 'awaiting_report')
          throw refused('the subject has not reported yet; assessment starts with the correction');
        if (m < row.correction_start.slice(0, 7))
          throw refused(`${m} is before the correction started (${row.correction_start})`);
        const checked: Array<{ code: string; count: number }> = [];
        for (const it of items) {
          if (!isIsoDate(it.on.trim()))
            throw err('invalid_input', `The day of the item "${it.code}" must be a date written YYYY-MM-DD.`);
          const count = it.count ?? 1;
          if (count === 0) throw err('invalid_input', `The item "${it.code}" counts zero times; leave it out instead.`);
          if (!mockPointsTable(it.on).items.some((d) => d.code === it.code))
            throw refused(`the points table in force on ${it.on} has no item "${it.code}"`);
          if (it.on.slice(0, 7) !== m) throw refused(`an item dated ${it.on} does not belong to ${m}`);
          checked.push({ code: it.code, count });
        }
        const a = scored(row, m, checked, who.officer_name, today, null);
        const i = assessments.findIndex((x) => x.id === a.id);
        if (i >= 0) assessments.splice(i, 1);
        assessments.push(a);
        return structuredClone(a);
      }),
    assessmentList: (subjectId) =>
      settle(() => {
        requireSession();
        findSubject(subjectId);
        return structuredClone(assessmentsOf(subjectId));
      }),
    assessmentOpinion: (assessmentId, opinion) =>
      settle(() => {
        const who = requireSession();
        if (who.role !== 'office_staff' && who.role !== 'office_admin')
          throw err(
            'permission_denied',
            "Your role may not give the office's opinion on assessments (the judicial office gives it).",
          );
        const a = assessments.find((x) => x.id === assessmentId);
        if (!a) throw err('not_found', 'The assessment was not found.');
        if (!opinion.trim()) throw err('invalid_input', "The opinion is empty; write the office's opinion.");
        a.office_opinion = opinion.trim();
        return structuredClone(a);
      }),
    assessmentQuarter: (subjectId, quarter) =>
      settle(() => {
        requireSession();
        const q = parseQuarter(quarter);
        if (!q)
          throw err(
            'invalid_input',
            `The quarter "${quarter}" is not written YYYY-Qn; write it like 2026-Q4 (quarters 1 to 4).`,
          );
        findSubject(subjectId);
        const months = assessmentsOf(subjectId).filter((a) => quarterOf(a.month) === q);
        if (months.length === 0)
          throw err(
            'invalid_input',
            `No month of ${q} has been assessed for this subject yet; assess at least one of its months first.`,
          );
        return mockQuarter(subjectId, q, months);
      }),
    assessmentItems: (date) =>
      settle(() => {
        requireSession();
        const on = date ?? todayIso();
        if (!isIsoDate(on)) throw err('invalid_input', `"${on}" is not a date written YYYY-MM-DD.`);
        return mockPointsTable(on);
      }),
    levelSuggestion: (subjectId) =>
      settle(() => {
        requireSession();
        const row = findSubject(subjectId);
        const today = todayIso();
        const s = mockLevelSuggestion(row.correction_start, today, assessmentsOf(subjectId));
        return {
          subject_id: subjectId,
          on: today,
          current: row.management_level || null,
          suggested: s.suggested,
          reasons: s.reasons,
          passing_months_in_a_row: s.passing,
          not_considered: ['risk'],
        };
      }),
    levelChange: (subjectId, to, reason) =>
      settle(() => {
        const who = requireSession();
        if (who.role !== 'office_staff' && who.role !== 'office_admin')
          throw err('permission_denied', 'Your role may not change management levels (the judicial office decides).');
        const row = findSubject(subjectId);
        if (!['strict', 'normal', 'lenient'].includes(to))
          throw err('invalid_input', 'The management level must be strict, normal or lenient (严管/普管/宽管).');
        if (row.management_level === to)
          throw err(
            'invalid_input',
            `The management level was not changed: the subject is already at this level (${to}).`,
          );
        if (!reason.trim())
          throw err('invalid_input', 'The management level was not changed: a change of level needs a reason.');
        const today = todayIso();
        const s = mockLevelSuggestion(row.correction_start, today, assessmentsOf(subjectId));
        const from = row.management_level || null;
        row.management_level = to;
        return {
          id: `mock-level-${next()}`,
          subject_id: subjectId,
          on: today,
          from_level: from,
          to_level: to,
          reason: reason.trim(),
          decided_by: who.officer_name,
          against_suggestion: to !== s.suggested,
        };
      }),
    ...auditMethods,
    ...backups.methods,
    registerKinds: () => settle(() => registers.registerKinds()),
    registerList: (kind) => settle(() => registers.registerList(kind)),
    registerAdd: (kind, data) => settle(() => registers.registerAdd(kind, data)),
    registerEdit: (entryId, changes) => settle(() => registers.registerEdit(entryId, changes)),
    registerDelete: (entryId) => settle(() => registers.registerDelete(entryId)),
  };
}
