// The only way the UI talks to the Rust side. Components get a `Backend` from context
// (see BackendContext below) and never call `invoke` themselves.

import { createContext, useContext } from 'react';
import { Channel, invoke } from '@tauri-apps/api/core';

import type { ArchiveInfo } from './bindings/ArchiveInfo';
import type { ErrorView } from './bindings/ErrorView';
import type { OfficerSlotView } from './bindings/OfficerSlotView';
import type { OfficerView } from './bindings/OfficerView';
import type { OfficerInput } from './bindings/OfficerInput';
import type { SessionView } from './bindings/SessionView';
import type { SubjectRow } from './bindings/SubjectRow';
import type { ChoiceView } from './bindings/ChoiceView';
import type { FieldView } from './bindings/FieldView';
import type { KindView } from './bindings/KindView';
import type { RecordView } from './bindings/RecordView';
import type { FactsView } from './bindings/FactsView';
import type { SubjectDetail } from './bindings/SubjectDetail';
import type { SubjectFileView } from './bindings/SubjectFileView';
import type { SearchHit } from './bindings/SearchHit';
import type { AttachmentView } from './bindings/AttachmentView';
import type { NewSubjectInput } from './bindings/NewSubjectInput';
import type { DueItemView } from './bindings/DueItemView';
import type { DueView } from './bindings/DueView';
import type { LeaveView } from './bindings/LeaveView';
import type { VillageDueView } from './bindings/VillageDueView';
import type { ProposalInput } from './bindings/ProposalInput';
import type { DecisionInput } from './bindings/DecisionInput';
import type { ProposalView } from './bindings/ProposalView';
import type { DecisionView } from './bindings/DecisionView';
import type { AssessmentView } from './bindings/AssessmentView';
import type { AssessmentItemInput } from './bindings/AssessmentItemInput';
import type { ScoreLineView } from './bindings/ScoreLineView';
import type { QuarterView } from './bindings/QuarterView';
import type { QuarterMonthView } from './bindings/QuarterMonthView';
import type { PointItemView } from './bindings/PointItemView';
import type { PointsTableView } from './bindings/PointsTableView';
import type { LevelChangeView } from './bindings/LevelChangeView';
import type { LevelSuggestionView } from './bindings/LevelSuggestionView';
import type { RegisterKindView } from './bindings/RegisterKindView';
import type { RegisterEntryView } from './bindings/RegisterEntryView';
import type { BundleLinkView } from './bindings/BundleLinkView';
import type { ConflictSideView } from './bindings/ConflictSideView';
import type { ConflictView } from './bindings/ConflictView';
import type { ExportView } from './bindings/ExportView';
import type { GapView } from './bindings/GapView';
import type { ImportProgressView } from './bindings/ImportProgressView';
import type { ImportView } from './bindings/ImportView';
import type { PeerView } from './bindings/PeerView';
import type { SyncStatusView } from './bindings/SyncStatusView';
import type { AuditEntryView } from './bindings/AuditEntryView';
import type { AutoBackupView } from './bindings/AutoBackupView';
import type { BackupInfoView } from './bindings/BackupInfoView';
import type { BackupListView } from './bindings/BackupListView';
import type { BackupView } from './bindings/BackupView';
// Reports and the dashboard's charts
import type { ChartCountView } from './bindings/ChartCountView';
import type { ChartsView } from './bindings/ChartsView';
import type { MonthChartView } from './bindings/MonthChartView';
import type { LedgerView } from './bindings/LedgerView';
import type { ReportPreview } from './bindings/ReportPreview';
import type { ReportProgress } from './bindings/ReportProgress';
import type { ReportRequest } from './bindings/ReportRequest';
import type { ReportSaved } from './bindings/ReportSaved';
import { createMockBackend } from './mock';

export type {
  ArchiveInfo,
  ErrorView,
  OfficerSlotView,
  OfficerView,
  OfficerInput,
  SessionView,
  SubjectRow,
  ChoiceView,
  FieldView,
  KindView,
  RecordView,
  FactsView,
  SubjectDetail,
  SubjectFileView,
  SearchHit,
  AttachmentView,
  NewSubjectInput,
  DueItemView,
  DueView,
  LeaveView,
  VillageDueView,
  ProposalInput,
  DecisionInput,
  ProposalView,
  DecisionView,
  AssessmentView,
  AssessmentItemInput,
  ScoreLineView,
  QuarterView,
  QuarterMonthView,
  PointItemView,
  PointsTableView,
  LevelChangeView,
  LevelSuggestionView,
  RegisterKindView,
  RegisterEntryView,
  BundleLinkView,
  ConflictSideView,
  ConflictView,
  ExportView,
  GapView,
  ImportProgressView,
  ImportView,
  PeerView,
  SyncStatusView,
  AuditEntryView,
  AutoBackupView,
  BackupInfoView,
  BackupListView,
  BackupView,
  // Reports and the dashboard's charts
  ChartCountView,
  ChartsView,
  MonthChartView,
  LedgerView,
  ReportPreview,
  ReportProgress,
  ReportRequest,
  ReportSaved,
};

/** A bundle file chosen in the system's dialog (src-tauri `PickedBundle`). */
export interface PickedBundle {
  /** Passed back to syncVerify / syncImport; the Rust side reads only files chosen so. */
  path: string;
  name: string;
  bytes: number;
}

/** A bundle exported and saved where the user chose (src-tauri `SavedBundle`). */
export interface SavedBundle {
  path: string;
  export: ExportView;
}

/** A backup file chosen to restore (src-tauri `PickedBackup`). */
export interface PickedBackup {
  /** Passed back to restore; the Rust side reads only files chosen so. */
  path: string;
  name: string;
  info: BackupInfoView;
}

/** A backup restored into a new folder (src-tauri `RestoredArchive`). */
export interface RestoredArchive {
  /** The restored archive's folder; openRestored switches the window to it. */
  path: string;
  /** Where the app looks for its archive when it starts. */
  usual_path: string;
  /**
   * Opening the restored archive makes later starts open it too; false when the app was
   * started on an archive named on its command line, which always wins.
   */
  remembered_on_open: boolean;
}

/** A leave request as the form sends it (`applied_on` defaults to today on the Rust side). */
export interface LeaveRequestInput {
  from: string;
  to: string;
  destination_code: string;
  destination_detail: string;
  reason: string;
  contact: string;
  applied_on?: string | null;
}

export interface Backend {
  archiveInfo(): Promise<ArchiveInfo>;
  unlock(officerId: string, passphrase: string): Promise<SessionView>;
  lock(): Promise<void>;
  /** The officers who can unlock this archive (removed ones left out); any role may read it. */
  officerList(): Promise<OfficerView[]>;
  /**
   * Account administrators only (permission_denied otherwise). `adminPassphrase` is the
   * administrator's own, which unwraps the archive key for the new officer's slot.
   */
  officerAdd(input: OfficerInput, adminPassphrase: string): Promise<OfficerView>;
  /** Disables (slot kept, unlock refused) or enables an officer; never oneself. */
  officerSetActive(officerId: string, active: boolean): Promise<OfficerView>;
  /** Removes an officer: disabled and their key slot deleted; never oneself. */
  officerRemove(officerId: string): Promise<void>;
  /** The signed-in officer's own passphrase; wrong_passphrase when `old` is not it. */
  changePassphrase(old: string, next: string): Promise<void>;
  subjectList(): Promise<SubjectRow[]>;
  /** How many files in scope are sealed from this officer (minors' files, for villages). */
  sealedCount(): Promise<number>;
  /** Every record kind: the sections of the personal file and the kinds of daily work. */
  kinds(): Promise<KindView[]>;
  subjectFile(subjectId: string): Promise<SubjectFileView>;
  recordAdd(subjectId: string, kind: string, data: Record<string, unknown>): Promise<RecordView>;
  recordEdit(recordId: string, changes: Record<string, unknown>): Promise<RecordView>;
  recordDelete(recordId: string): Promise<void>;
  /** Name, pinyin, initials, ID number or file number. */
  search(text: string): Promise<SearchHit[]>;
  /** true/false overrides the key-subject rules, null follows them again. */
  subjectKeyOverride(
    subjectId: string,
    key: boolean | null,
    reason: string | null,
  ): Promise<SubjectFileView>;
  /** Opens a native file dialog on the Rust side; null when cancelled. */
  attachmentPick(purpose: 'photo' | 'document'): Promise<AttachmentView | null>;
  /** A data: URL with the attachment's content. */
  attachmentData(sha256: string): Promise<string>;
  subjectSetPhoto(subjectId: string, sha256: string): Promise<SubjectFileView>;
  /** Adds a subject; refuses a second file for an ID number with `possible_duplicate`. */
  subjectAdd(input: NewSubjectInput): Promise<SubjectFileView>;
  /** Changes basic information: only the fields given; null clears an optional one. */
  subjectUpdate(subjectId: string, changes: Record<string, string | null>): Promise<SubjectFileView>;
  /** The files in scope with this ID number (to show beside a possible duplicate). */
  subjectDuplicates(idNumber: string): Promise<SubjectRow[]>;
  /** What is due or overdue on `date` (default today), within the session's jurisdiction. */
  due(date?: string): Promise<DueView>;
  /** One subject's leaves, or every leave in the jurisdiction; newest first. */
  leaveList(subjectId?: string): Promise<LeaveView[]>;
  leaveRequest(subjectId: string, input: LeaveRequestInput): Promise<LeaveView>;
  /** Office roles only; a village worker gets permission_denied. */
  leaveDecide(leaveId: string, approve: boolean, opinion: string): Promise<LeaveView>;
  /** Before the leave ends. */
  leaveExtend(leaveId: string, to: string, reason: string): Promise<LeaveView>;
  /** 销假: back on `returnedOn`; late is overdue and a violation. */
  leaveReturn(leaveId: string, returnedOn: string): Promise<LeaveView>;
  /** One subject's proposals (newest first), or without a subject every open one in scope. */
  proposalList(subjectId?: string): Promise<ProposalView[]>;
  /** Refused with decision_refused when the rules say no; nothing is written then. */
  propose(subjectId: string, input: ProposalInput): Promise<ProposalView>;
  /** Office roles only; an approval needs its document number. */
  decide(proposalId: string, input: DecisionInput): Promise<ProposalView>;
  /** An open proposal, by its proposer or the office. */
  withdraw(proposalId: string): Promise<ProposalView>;
  /** Scores a month ("YYYY-MM") by the points table; assessing a month again replaces it. */
  assess(subjectId: string, month: string, items: AssessmentItemInput[]): Promise<AssessmentView>;
  /** A subject's monthly assessments, the latest month first. */
  assessmentList(subjectId: string): Promise<AssessmentView[]>;
  /** Office roles only; a village worker gets permission_denied. */
  assessmentOpinion(assessmentId: string, opinion: string): Promise<AssessmentView>;
  /** The roll-up of "YYYY-Qn"; invalid_input when no month of it is assessed. */
  assessmentQuarter(subjectId: string, quarter: string): Promise<QuarterView>;
  /** The points table in force on `date` (default today). */
  assessmentItems(date?: string): Promise<PointsTableView>;
  /** The level the rules suggest today, beside the one on file. */
  levelSuggestion(subjectId: string): Promise<LevelSuggestionView>;
  /** Office roles only; needs a reason. */
  levelChange(subjectId: string, to: string, reason: string): Promise<LevelChangeView>;
  /** The registers (台账) of staff, volunteers, trainings and meetings, and who may write each. */
  registerKinds(): Promise<RegisterKindView[]>;
  /** One register's entries this site sees (its own, its villages', its office's), newest first. */
  registerList(kind: string): Promise<RegisterEntryView[]>;
  /** Staff, volunteer and meeting registers: office roles only (permission_denied otherwise). */
  registerAdd(kind: string, data: Record<string, unknown>): Promise<RegisterEntryView>;
  registerEdit(entryId: string, changes: Record<string, unknown>): Promise<RegisterEntryView>;
  registerDelete(entryId: string): Promise<void>;
  /**
   * The audit log (审计日志), oldest first; with a subject, only entries about them. Office
   * roles only (permission_denied otherwise); reading it is itself recorded.
   */
  auditLog(subjectId?: string | null): Promise<AuditEntryView[]>;
  /** Records in the audit log that this subject's file is being printed. */
  subjectPrinted(subjectId: string): Promise<void>;
  // --- Backups and restoring ---
  /** The automatic backups in the archive's own folder (newest first) and how many are kept. */
  backupList(): Promise<BackupListView>;
  /** How many automatic backups to keep, 1 to 365 (invalid_input otherwise). */
  backupSetKept(keep: number): Promise<BackupListView>;
  /** Asks where to save (system dialog), then writes a backup there; null when cancelled. */
  backupNow(): Promise<BackupView | null>;
  /**
   * Before unlocking: the system's dialog for a backup file, checked whole and read for who
   * can open it; null when cancelled, backup_damaged / backup_foreign for a bad file.
   */
  restorePickFile(): Promise<PickedBackup | null>;
  /** The system's dialog for the new, empty folder to restore into; null when cancelled. */
  restorePickFolder(): Promise<string | null>;
  /**
   * Restores the chosen file into the chosen folder, checking `passphrase` for `officerId`
   * (wrong_passphrase); already_exists when the folder is not empty. The window stays on
   * its archive.
   */
  restore(file: string, folder: string, officerId: string, passphrase: string): Promise<RestoredArchive>;
  /** Switches the window (locked) to an archive restored in it; the unlock screen's new info. */
  openRestored(path: string): Promise<ArchiveInfo>;
  /** Where this archive stands with every device it exchanges bundles with. */
  syncStatus(): Promise<SyncStatusView>;
  /** Opens the system's file dialog for a bundle to import; null when cancelled. */
  syncPickBundle(): Promise<PickedBundle | null>;
  /** What importing the chosen bundle would do; changes nothing. Refusals are bundle_* codes. */
  syncVerify(path: string): Promise<ImportView>;
  /** Imports the chosen bundle whole, reporting the operations written as it goes. */
  syncImport(path: string, onProgress: (progress: ImportProgressView) => void): Promise<ImportView>;
  /**
   * Asks where to save (system dialog), then exports what `to` lacks: a device id, or null
   * for a village's office. Null when the dialog was cancelled (nothing exported).
   */
  syncExport(to: string | null): Promise<SavedBundle | null>;
  /** Fields two devices changed from the same starting point, both values side by side. */
  syncConflicts(): Promise<ConflictView[]>;
  /**
   * Settles a conflict by keeping the value written by `keepOpId` (one of its two sides);
   * not_found when it is not open (resolved already, perhaps by the other side).
   */
  syncResolve(entity: string, entityId: string, field: string, keepOpId: string): Promise<ConflictView>;
  // --- Reports and the dashboard's charts ---
  /** Counts for the dashboard's charts over the last `months` months (1 to 36). */
  dashboardCharts(months: number): Promise<ChartsView>;
  /** The ledgers (台账) the report centre can make. */
  reportList(): Promise<LedgerView[]>;
  /** The first `maxPages` pages as PNG data URLs, and how many pages and rows the whole has. */
  reportPreview(request: ReportRequest, maxPages: number): Promise<ReportPreview>;
  /**
   * Asks where to save (system dialog), then writes the report there, reporting progress as
   * it goes. Null when the dialog was cancelled (nothing written).
   */
  reportSave(request: ReportRequest, onProgress: (progress: ReportProgress) => void): Promise<ReportSaved | null>;
  /** Opens a report saved by reportSave in the system's viewer. */
  reportOpen(path: string): Promise<void>;
}

/** Codes the UI knows by name; the Rust side may send others, which are shown as given. */
export const KNOWN_ERROR_CODES = [
  'wrong_passphrase',
  'officer_disabled',
  'not_an_archive',
  'archive_too_new',
  'archive_damaged',
  'no_archive',
  'locked',
  'not_found',
  'unknown_kind',
  'invalid_input',
  'outside_scope',
  'sealed',
  'disk_full',
  'attachment_too_large',
  'attachment_type',
  'permission_denied',
  'possible_duplicate',
  'leave_refused',
  'decision_refused',
  'assessment_refused',
  'io',
  'bundle_damaged',
  'bundle_signature',
  'bundle_foreign',
  'bundle_too_new',
  'bundle_revoked',
  'bundle_fork',
  'bundle_scope',
  'not_enrolled',
  'enrolment_invalid',
  'already_exists',
  'backup_damaged',
  'backup_foreign',
  // Reports
  'unknown_ledger',
  'unknown_format',
  'cannot_write',
] as const;
export type KnownErrorCode = (typeof KNOWN_ERROR_CODES)[number];

export function isErrorView(value: unknown): value is ErrorView {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { code?: unknown }).code === 'string' &&
    typeof (value as { message?: unknown }).message === 'string'
  );
}

/**
 * Turns whatever a rejected promise carried into an ErrorView. The Rust commands reject with
 * an ErrorView; Tauri itself rejects with a plain string (unknown command, bad arguments), and
 * JavaScript code can throw Error objects.
 */
export function normaliseError(reason: unknown): ErrorView {
  if (isErrorView(reason)) {
    return { code: reason.code, message: reason.message };
  }
  if (typeof reason === 'string') {
    return { code: 'internal', message: reason };
  }
  if (reason instanceof Error) {
    return { code: 'internal', message: reason.message || reason.name };
  }
  if (typeof reason === 'object' && reason !== null) {
    const message = (reason as { message?: unknown }).message;
    if (typeof message === 'string') {
      return { code: 'internal', message };
    }
  }
  let text: string;
  try {
    text = JSON.stringify(reason) ?? String(reason);
  } catch {
    text = String(reason);
  }
  return { code: 'internal', message: text };
}

type Invoke = (cmd: string, args?: Record<string, unknown>) => Promise<unknown>;

async function call<T>(inv: Invoke, cmd: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return (await inv(cmd, args)) as T;
  } catch (reason) {
    throw normaliseError(reason);
  }
}

/** Something that carries messages from a Rust command back, as Tauri's `Channel` does. */
export interface ProgressChannel<T> {
  onmessage: (message: T) => void;
}

/**
 * The backend inside the Tauri app. Every rejection is an ErrorView. `inv` and `channel` are
 * replaceable so the wiring can be tested without Tauri.
 */
export function createTauriBackend(
  inv: Invoke = invoke,
  channel: <T>() => ProgressChannel<T> = () => new Channel(),
): Backend {
  return {
    archiveInfo: () => call<ArchiveInfo>(inv, 'archive_info'),
    unlock: (officerId, passphrase) =>
      call<SessionView>(inv, 'unlock', { officerId, passphrase }),
    lock: () => call<void>(inv, 'lock'),
    officerList: () => call<OfficerView[]>(inv, 'officer_list'),
    officerAdd: (input, adminPassphrase) =>
      call<OfficerView>(inv, 'officer_add', { input, adminPassphrase }),
    officerSetActive: (officerId, active) =>
      call<OfficerView>(inv, 'officer_set_active', { officerId, active }),
    officerRemove: (officerId) => call<void>(inv, 'officer_remove', { officerId }),
    changePassphrase: (old, next) => call<void>(inv, 'change_passphrase', { old, new: next }),
    subjectList: () => call<SubjectRow[]>(inv, 'subject_list'),
    sealedCount: () => call<number>(inv, 'sealed_count'),
    kinds: () => call<KindView[]>(inv, 'kinds'),
    subjectFile: (subjectId) => call<SubjectFileView>(inv, 'subject_file', { subjectId }),
    recordAdd: (subjectId, kind, data) =>
      call<RecordView>(inv, 'record_add', { subjectId, kind, data }),
    recordEdit: (recordId, changes) => call<RecordView>(inv, 'record_edit', { recordId, changes }),
    recordDelete: (recordId) => call<void>(inv, 'record_delete', { recordId }),
    search: (text) => call<SearchHit[]>(inv, 'search', { text }),
    subjectKeyOverride: (subjectId, key, reason) =>
      call<SubjectFileView>(inv, 'subject_key_override', { subjectId, key, reason }),
    attachmentPick: (purpose) => call<AttachmentView | null>(inv, 'attachment_pick', { purpose }),
    attachmentData: (sha256) => call<string>(inv, 'attachment_data', { sha256 }),
    subjectSetPhoto: (subjectId, sha256) =>
      call<SubjectFileView>(inv, 'subject_set_photo', { subjectId, sha256 }),
    subjectAdd: (input) => call<SubjectFileView>(inv, 'subject_add', { input }),
    subjectUpdate: (subjectId, changes) =>
      call<SubjectFileView>(inv, 'subject_update', { subjectId, changes }),
    subjectDuplicates: (idNumber) => call<SubjectRow[]>(inv, 'subject_duplicates', { idNumber }),
    due: (date) => call<DueView>(inv, 'due', { date: date ?? null }),
    leaveList: (subjectId) => call<LeaveView[]>(inv, 'leave_list', { subjectId: subjectId ?? null }),
    leaveRequest: (subjectId, input) => call<LeaveView>(inv, 'leave_request', { subjectId, input }),
    leaveDecide: (leaveId, approve, opinion) =>
      call<LeaveView>(inv, 'leave_decide', { leaveId, approve, opinion }),
    leaveExtend: (leaveId, to, reason) => call<LeaveView>(inv, 'leave_extend', { leaveId, to, reason }),
    leaveReturn: (leaveId, returnedOn) => call<LeaveView>(inv, 'leave_return', { leaveId, returnedOn }),
    proposalList: (subjectId) =>
      call<ProposalView[]>(inv, 'proposal_list', { subjectId: subjectId ?? null }),
    propose: (subjectId, input) => call<ProposalView>(inv, 'propose', { subjectId, input }),
    decide: (proposalId, input) => call<ProposalView>(inv, 'decide', { proposalId, input }),
    withdraw: (proposalId) => call<ProposalView>(inv, 'withdraw', { proposalId }),
    assess: (subjectId, month, items) => call<AssessmentView>(inv, 'assess', { subjectId, month, items }),
    assessmentList: (subjectId) => call<AssessmentView[]>(inv, 'assessment_list', { subjectId }),
    assessmentOpinion: (assessmentId, opinion) =>
      call<AssessmentView>(inv, 'assessment_opinion', { assessmentId, opinion }),
    assessmentQuarter: (subjectId, quarter) =>
      call<QuarterView>(inv, 'assessment_quarter', { subjectId, quarter }),
    assessmentItems: (date) => call<PointsTableView>(inv, 'assessment_items', { date: date ?? null }),
    levelSuggestion: (subjectId) => call<LevelSuggestionView>(inv, 'level_suggestion', { subjectId }),
    levelChange: (subjectId, to, reason) =>
      call<LevelChangeView>(inv, 'level_change', { subjectId, to, reason }),
    auditLog: (subjectId) => call<AuditEntryView[]>(inv, 'audit_log', { subjectId: subjectId ?? null }),
    subjectPrinted: (subjectId) => call<void>(inv, 'subject_printed', { subjectId }),
    registerKinds: () => call<RegisterKindView[]>(inv, 'register_kinds'),
    registerList: (kind) => call<RegisterEntryView[]>(inv, 'register_list', { kind }),
    registerAdd: (kind, data) => call<RegisterEntryView>(inv, 'register_add', { kind, data }),
    registerEdit: (entryId, changes) =>
      call<RegisterEntryView>(inv, 'register_edit', { entryId, changes }),
    registerDelete: (entryId) => call<void>(inv, 'register_delete', { entryId }),
    backupList: () => call<BackupListView>(inv, 'backup_list'),
    backupSetKept: (keep) => call<BackupListView>(inv, 'backup_set_kept', { keep }),
    backupNow: () => call<BackupView | null>(inv, 'backup_now'),
    restorePickFile: () => call<PickedBackup | null>(inv, 'restore_pick_file'),
    restorePickFolder: () => call<string | null>(inv, 'restore_pick_folder'),
    restore: (file, folder, officerId, passphrase) =>
      call<RestoredArchive>(inv, 'restore', { file, folder, officerId, passphrase }),
    openRestored: (path) => call<ArchiveInfo>(inv, 'open_restored', { path }),
    syncStatus: () => call<SyncStatusView>(inv, 'sync_status'),
    syncPickBundle: () => call<PickedBundle | null>(inv, 'sync_pick_bundle'),
    syncVerify: (path) => call<ImportView>(inv, 'sync_verify', { path }),
    syncImport: (path, onProgress) => {
      const onProgressChannel = channel<ImportProgressView>();
      onProgressChannel.onmessage = onProgress;
      return call<ImportView>(inv, 'sync_import', { path, onProgress: onProgressChannel });
    },
    syncExport: (to) => call<SavedBundle | null>(inv, 'sync_export', { to }),
    syncConflicts: () => call<ConflictView[]>(inv, 'sync_conflicts'),
    syncResolve: (entity, entityId, field, keepOpId) =>
      call<ConflictView>(inv, 'sync_resolve', { entity, entityId, field, keepOpId }),
    // Reports and the dashboard's charts
    dashboardCharts: (months) => call<ChartsView>(inv, 'dashboard_charts', { months }),
    reportList: () => call<LedgerView[]>(inv, 'report_list'),
    reportPreview: (request, maxPages) => call<ReportPreview>(inv, 'report_preview', { request, maxPages }),
    reportSave: (request, onProgress) => {
      const onProgressChannel = channel<ReportProgress>();
      onProgressChannel.onmessage = onProgress;
      return call<ReportSaved | null>(inv, 'report_save', { request, onProgress: onProgressChannel });
    },
    reportOpen: (path) => call<void>(inv, 'report_open', { path }),
  };
}

export function isTauri(): boolean {
  return (
    typeof window !== 'undefined' &&
    (window as { __TAURI_INTERNALS__?: unknown }).__TAURI_INTERNALS__ !== undefined
  );
}

/** The real backend inside Tauri, the mock in a plain browser (`npm run dev`). */
export function pickBackend(): Backend {
  if (isTauri()) {
    return createTauriBackend();
  }
  const params = typeof window !== 'undefined' ? new URLSearchParams(window.location.search) : null;
  const scenario = params?.get('mock') ?? undefined;
  // `&seal=1`: minors' files sealed from village workers, as the real default rules do.
  return createMockBackend({ latencyMs: 500, scenario, sealMinors: params?.get('seal') === '1' });
}

export const BackendContext = createContext<Backend | null>(null);

export function useBackend(): Backend {
  const backend = useContext(BackendContext);
  if (!backend) {
    throw new Error('useBackend must be used inside <BackendContext.Provider>');
  }
  return backend;
}
