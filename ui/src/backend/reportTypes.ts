// The report centre's IPC types, as crates/api's report views declare them. They stand in
// until the ts-rs bindings of those views are generated into ./bindings; then this file
// only re-exports them.

/** A ledger (台账) the report centre can make. */
export type LedgerView = {
  id: string;
  /** Chinese title. */
  title: string;
  title_en: string;
  /** "month" | "none" */
  period_kind: string;
  needs_subject: boolean;
  /** "pdf" | "xlsx" | "csv" */
  formats: Array<string>;
};

export type ReportRequest = {
  ledger: string;
  /** YYYY-MM */
  period: string | null;
  /** A division code inside the session's scope; null for the whole scope. */
  jurisdiction: string | null;
  subject_id: string | null;
  /** "pdf" | "xlsx" | "csv" */
  format: string;
};

export type ReportSaved = { path: string; bytes: number; pages: number | null; rows: number };

export type ReportPreview = {
  /** "data:image/png;base64,…" */
  pages: Array<string>;
  total_pages: number;
  rows: number;
};

export type ReportProgress = { done: number; total: number; stage: string };
