// 报表中心: choose a ledger, the area (the whole jurisdiction or one village), the month and
// the file format; see the first pages as they will print; save the file where the system's
// dialog says, with a progress bar; then open it in the system's viewer to print (printing
// from the webview is unreliable on Linux). The pages are drawn on the Rust side
// (crates/report); this screen only asks and shows.

import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Alert, Button, Empty, Progress, Radio, Select, Spin } from 'antd';
import { FileTextOutlined, FolderOpenOutlined, SaveOutlined } from '@ant-design/icons';

import {
  normaliseError,
  useBackend,
  type ErrorView,
  type LedgerView,
  type ReportPreview,
  type ReportProgress,
  type ReportRequest,
  type ReportSaved,
  type SessionView,
  type SubjectRow,
} from '../backend';
import { useI18n, type Messages } from '../i18n';
import { todayIso } from '../dates';
import { villagesOf } from '../roster';
import { AppHeader } from '../components/AppHeader';
import { ErrorAlert } from '../components/ErrorAlert';

/** Pages the preview shows; the saved file has them all. */
export const PREVIEW_PAGES = 3;

/** Months offered, the current one first. */
const MONTHS_OFFERED = 24;

/** The last `n` months as YYYY-MM, newest first, counted from `today` (YYYY-MM-DD). */
export function recentMonths(today: string, n: number): string[] {
  const y = Number(today.slice(0, 4));
  const m = Number(today.slice(5, 7));
  return Array.from({ length: n }, (_, back) => {
    const index = y * 12 + (m - 1) - back;
    return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
  });
}

/** What a ledger needs before it can be made; null when the request is complete. */
export function missingChoice(ledger: LedgerView | undefined, period: string, subjectId: string | null) {
  if (!ledger) return 'ledger' as const;
  if (ledger.period_kind === 'month' && !period) return 'period' as const;
  if (ledger.needs_subject && !subjectId) return 'subject' as const;
  return null;
}

const FORMAT_LABEL: Record<string, (t: Messages) => string> = {
  pdf: (t) => t.reportFormatPdf,
  xlsx: (t) => t.reportFormatXlsx,
  csv: (t) => t.reportFormatCsv,
};

/** The words for a stage of saving that the Rust side reports (collect, typeset, write, done). */
function stageLabel(t: Messages, stage: string): string {
  switch (stage) {
    case 'collect':
      return t.reportStageReading;
    case 'typeset':
      return t.reportStageLayout;
    case 'write':
    case 'done':
      return t.reportStageWriting;
    default:
      return t.reportSaving;
  }
}

type SaveState =
  | { step: 'idle' }
  | { step: 'saving'; progress: ReportProgress | null }
  | { step: 'saved'; saved: ReportSaved; opened: boolean }
  | { step: 'failed'; error: ErrorView };

export function ReportsScreen({ session, onLocked }: { session: SessionView; onLocked: () => void }) {
  const backend = useBackend();
  const { lang, t } = useI18n();
  const [ledgers, setLedgers] = useState<LedgerView[] | null>(null);
  const [subjects, setSubjects] = useState<SubjectRow[]>([]);
  const [loadError, setLoadError] = useState<ErrorView | null>(null);

  const [ledgerId, setLedgerId] = useState<string | null>(null);
  const [jurisdiction, setJurisdiction] = useState<string>('');
  const months = useMemo(() => recentMonths(todayIso(), MONTHS_OFFERED), []);
  const [period, setPeriod] = useState<string>(months[0]);
  const [subjectId, setSubjectId] = useState<string | null>(null);
  const [format, setFormat] = useState<string>('pdf');

  const [preview, setPreview] = useState<ReportPreview | null>(null);
  const [previewError, setPreviewError] = useState<ErrorView | null>(null);
  const [previewing, setPreviewing] = useState(false);
  const [save, setSave] = useState<SaveState>({ step: 'idle' });
  const previewSeq = useRef(0);

  const failed = useCallback(
    (reason: unknown, set: (e: ErrorView) => void) => {
      const e = normaliseError(reason);
      if (e.code === 'locked') onLocked();
      else set(e);
    },
    [onLocked],
  );

  useEffect(() => {
    let live = true;
    Promise.all([backend.reportList(), backend.subjectList()]).then(
      ([list, rows]) => {
        if (!live) return;
        setLedgers(list);
        setSubjects(rows);
      },
      (reason) => live && failed(reason, setLoadError),
    );
    return () => {
      live = false;
    };
  }, [backend, failed]);

  const ledger = ledgers?.find((l) => l.id === ledgerId);
  const villages = useMemo(() => villagesOf(subjects), [subjects]);
  // A village site's area is its own village: nothing to choose.
  const ownVillage = session.site_role === 'village';
  const missing = missingChoice(ledger, period, subjectId);

  const request = useMemo<ReportRequest | null>(() => {
    if (!ledger || missing) return null;
    return {
      ledger: ledger.id,
      period: ledger.period_kind === 'month' ? period : null,
      jurisdiction: jurisdiction || null,
      subject_id: ledger.needs_subject ? subjectId : null,
      format: ledger.formats.includes(format) ? format : ledger.formats[0],
    };
  }, [ledger, missing, period, jurisdiction, subjectId, format]);

  // The preview follows every choice; an answer to an older choice is dropped.
  useEffect(() => {
    setSave({ step: 'idle' });
    setPreview(null);
    setPreviewError(null);
    if (!request) return;
    const seq = ++previewSeq.current;
    setPreviewing(true);
    // The preview is the printed layout whatever file is saved.
    const asPrinted = ledger?.formats.includes('pdf') ? { ...request, format: 'pdf' } : request;
    backend.reportPreview(asPrinted, PREVIEW_PAGES).then(
      (p) => {
        if (seq !== previewSeq.current) return;
        setPreview(p);
        setPreviewing(false);
      },
      (reason) => {
        if (seq !== previewSeq.current) return;
        setPreviewing(false);
        failed(reason, setPreviewError);
      },
    );
    // Only these decide what is previewed; the file format alone does not change the pages.
  }, [backend, request?.ledger, request?.period, request?.jurisdiction, request?.subject_id, failed]);

  // A file saved in another format is not the one now chosen.
  useEffect(() => setSave({ step: 'idle' }), [format]);

  const onLedger = (id: string) => {
    setLedgerId(id);
    const next = ledgers?.find((l) => l.id === id);
    if (next && !next.formats.includes(format)) setFormat(next.formats[0]);
  };

  const saveReport = async () => {
    if (!request) return;
    setSave({ step: 'saving', progress: null });
    try {
      const saved = await backend.reportSave(request, (progress) =>
        setSave((s) => (s.step === 'saving' ? { step: 'saving', progress } : s)),
      );
      setSave(saved ? { step: 'saved', saved, opened: false } : { step: 'idle' });
    } catch (reason) {
      failed(reason, (error) => setSave({ step: 'failed', error }));
    }
  };

  const openReport = async (saved: ReportSaved) => {
    try {
      await backend.reportOpen(saved.path);
      setSave({ step: 'saved', saved, opened: true });
    } catch (reason) {
      failed(reason, (error) => setSave({ step: 'failed', error }));
    }
  };

  const title = (l: LedgerView) => (lang === 'zh' ? l.title : l.title_en);
  const saving = save.step === 'saving';

  return (
    <div className="dash-page" data-testid="reports">
      <AppHeader title={t.reportsTitle} session={session} onLocked={onLocked} />
      <main className="rep-main">
        {loadError ? (
          <ErrorAlert error={loadError} testId="reports-error" />
        ) : !ledgers ? (
          <div className="dash-loading">
            <Spin />
          </div>
        ) : (
          <>
            <section className="rep-form" aria-label={t.reportsTitle}>
              <h1 className="dash-title">
                <FileTextOutlined aria-hidden /> {t.reportsTitle}
              </h1>
              <p className="muted small rep-help">{t.reportsHelp}</p>

              <label className="rep-field">
                <span className="rep-label">{t.reportLedger}</span>
                <Select
                  data-testid="report-ledger"
                  value={ledgerId ?? undefined}
                  placeholder={t.reportLedgerPlaceholder}
                  onChange={onLedger}
                  showSearch={{ optionFilterProp: 'label' }}
                  listHeight={360}
                  virtual={false}
                  options={ledgers.map((l) => ({ value: l.id, label: title(l) }))}
                  aria-label={t.reportLedger}
                  disabled={saving}
                />
              </label>

              {!ledger?.needs_subject && (
                <label className="rep-field">
                  <span className="rep-label">{t.reportScope}</span>
                  <Select
                    data-testid="report-scope"
                    value={jurisdiction}
                    onChange={setJurisdiction}
                    disabled={ownVillage || saving}
                    aria-label={t.reportScope}
                    options={[
                      { value: '', label: ownVillage ? session.jurisdiction_name : t.reportScopeAll(session.jurisdiction_name) },
                      ...(ownVillage ? [] : villages.map((v) => ({ value: v.code, label: v.name }))),
                    ]}
                  />
                </label>
              )}

              {ledger?.needs_subject && (
                <label className="rep-field">
                  <span className="rep-label">{t.reportSubject}</span>
                  <Select
                    data-testid="report-subject"
                    value={subjectId ?? undefined}
                    placeholder={t.reportSubjectPlaceholder}
                    onChange={setSubjectId}
                    showSearch={{ optionFilterProp: 'label' }}
                    aria-label={t.reportSubject}
                    disabled={saving}
                    options={subjects.map((s) => ({
                      value: s.id,
                      label: `${s.name} · ${s.file_no} · ${s.jurisdiction_name}`,
                    }))}
                  />
                </label>
              )}

              {ledger?.period_kind === 'month' && (
                <label className="rep-field">
                  <span className="rep-label">{t.reportPeriod}</span>
                  <Select
                    data-testid="report-period"
                    value={period}
                    onChange={setPeriod}
                    aria-label={t.reportPeriod}
                    disabled={saving}
                    options={months.map((m) => ({ value: m, label: t.chartsMonthFull(m) }))}
                  />
                </label>
              )}

              {ledger && (
                <div className="rep-field" role="group" aria-label={t.reportFormat}>
                  <span className="rep-label">{t.reportFormat}</span>
                  <Radio.Group
                    data-testid="report-format"
                    value={request?.format ?? format}
                    onChange={(e) => setFormat(e.target.value)}
                    optionType="button"
                    disabled={saving}
                    options={ledger.formats.map((f) => ({ value: f, label: FORMAT_LABEL[f]?.(t) ?? f.toUpperCase() }))}
                  />
                </div>
              )}

              <div className="rep-actions">
                <Button
                  type="primary"
                  size="large"
                  icon={<SaveOutlined />}
                  disabled={!request || saving}
                  loading={saving}
                  onClick={saveReport}
                  data-testid="report-save"
                >
                  {saving ? t.reportSaving : t.reportSave}
                </Button>
              </div>

              {save.step === 'saving' && (
                <div className="rep-progress" data-testid="report-progress">
                  <Progress
                    percent={
                      save.progress && save.progress.total > 0
                        ? Math.floor((save.progress.done / save.progress.total) * 100)
                        : 0
                    }
                    status="active"
                  />
                  <div className="muted small">{save.progress ? stageLabel(t, save.progress.stage) : t.reportSaving}</div>
                </div>
              )}
              {save.step === 'saved' && (
                <Alert
                  type="success"
                  showIcon
                  data-testid="report-saved"
                  title={t.reportSavedTitle}
                  description={
                    <div className="rep-saved">
                      <div className="mono small rep-path" data-testid="report-saved-path">
                        {save.saved.path}
                      </div>
                      <div className="muted small">{t.reportSavedSummary(save.saved.pages, save.saved.rows)}</div>
                      <Button
                        type="primary"
                        icon={<FolderOpenOutlined />}
                        onClick={() => openReport(save.saved)}
                        data-testid="report-open"
                      >
                        {t.reportOpen}
                      </Button>
                      {save.opened && (
                        <div className="small" data-testid="report-opened">
                          {t.reportOpened}
                        </div>
                      )}
                    </div>
                  }
                />
              )}
              {save.step === 'failed' && <ErrorAlert error={save.error} testId="report-save-error" />}
            </section>

            <section className="rep-preview" aria-label={t.reportPreviewTitle} data-testid="report-preview">
              <div className="dash-head">
                <h2 className="dash-card-title">{t.reportPreviewTitle}</h2>
                {preview && (
                  <span className="muted small" data-testid="report-preview-summary">
                    {t.reportPreviewSummary(preview.total_pages, preview.rows)}
                  </span>
                )}
              </div>
              {previewError ? (
                <ErrorAlert error={previewError} testId="report-preview-error" />
              ) : previewing ? (
                <div className="dash-loading">
                  <Spin description={t.reportPreviewLoading} />
                </div>
              ) : preview && ledger ? (
                <>
                  {preview.rows === 0 && <Alert type="info" showIcon title={t.reportPreviewNoRows} className="rep-note" />}
                  {preview.total_pages > preview.pages.length && (
                    <div className="muted small rep-note">{t.reportPreviewFirst(preview.pages.length, preview.total_pages)}</div>
                  )}
                  <ol className="rep-pages">
                    {preview.pages.map((src, i) => (
                      <li key={i} className="rep-page">
                        <img src={src} alt={t.reportPageAlt(title(ledger), i + 1)} data-testid="report-page" />
                        <div className="muted small">{t.reportPageOf(i + 1, preview.total_pages)}</div>
                      </li>
                    ))}
                  </ol>
                </>
              ) : (
                <Empty
                  image={Empty.PRESENTED_IMAGE_SIMPLE}
                  description={
                    missing === 'subject'
                      ? t.reportPreviewNeedSubject
                      : missing === 'period'
                        ? t.reportPreviewNeedMonth
                        : t.reportPreviewEmpty
                  }
                  data-testid="report-preview-empty"
                />
              )}
            </section>
          </>
        )}
      </main>
    </div>
  );
}
