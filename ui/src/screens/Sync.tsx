// 数据同步: importing a sync file (choose → check → confirm → progress → report), exporting
// one (choose the recipient → save → where, how much), where this archive stands with each
// site, and the conflict queue: each field two computers changed, both values side by side,
// one kept with a press. Every word a village worker reads is plain Chinese; the counts,
// refusals and conflicts come from the Rust side (sync_verify, sync_import, sync_status,
// sync_conflicts, sync_resolve). Deliberately absent: enrolling devices (the office does it
// with `dossier device`), typing a third value into a conflict (keep one, then edit the file
// as usual) and opening the file from here (the app opens files from the roster and the
// dashboard only).

import { useCallback, useEffect, useMemo, useState, type HTMLAttributes } from 'react';
import { Alert, Button, Empty, Progress, Select, Spin, Table, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import {
  CloudDownloadOutlined,
  CloudUploadOutlined,
  ExclamationCircleOutlined,
  FileOutlined,
  ReloadOutlined,
  SwapOutlined,
} from '@ant-design/icons';

import {
  normaliseError,
  useBackend,
  type BundleLinkView,
  type ConflictSideView,
  type ConflictView,
  type ErrorView,
  type ImportProgressView,
  type ImportView,
  type PeerView,
  type PickedBundle,
  type SavedBundle,
  type SessionView,
  type SyncStatusView,
} from '../backend';
import { useI18n, type Messages } from '../i18n';
import { AppHeader } from '../components/AppHeader';
import { ErrorAlert } from '../components/ErrorAlert';
import './Sync.css';

export interface SyncScreenProps {
  session: SessionView;
  onLocked: () => void;
}

/** A size in bytes as people read it. */
export function fileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(bytes < 10 * 1024 ? 1 : 0)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/**
 * A peer's name: its division (an office's street with 司法所 after it, as people say it),
 * else its role, else a short device id.
 */
function peerName(t: Messages, peer: PeerView | undefined, deviceId: string): string {
  const name = peer?.jurisdiction_name;
  if (name && peer?.role === 'office') return t.syncOfficeOf(name);
  if (name) return name;
  if (peer?.role === 'office') return t.syncToOffice;
  return t.syncUnknownDevice(deviceId);
}

export function SyncScreen({ session, onLocked }: SyncScreenProps) {
  const backend = useBackend();
  const { t } = useI18n();
  const [status, setStatus] = useState<SyncStatusView | null>(null);
  const [error, setError] = useState<ErrorView | null>(null);

  const fail = useCallback(
    (reason: unknown, show: (e: ErrorView) => void) => {
      const e = normaliseError(reason);
      if (e.code === 'locked') onLocked();
      else show(e);
    },
    [onLocked],
  );

  const load = useCallback(() => {
    setError(null);
    backend.syncStatus().then(setStatus, (reason) => fail(reason, setError));
  }, [backend, fail]);

  useEffect(load, [load]);

  const office = session.site_role === 'office';

  return (
    <div className="dash-page" data-testid="sync-page">
      <AppHeader title={t.syncTitle} session={session} onLocked={onLocked} />
      <main className="sync-main">
        <div className="dash-head">
          <h1 className="dash-title">
            <SwapOutlined aria-hidden /> {t.syncTitle}
          </h1>
          <Button icon={<ReloadOutlined />} onClick={load} data-testid="sync-reload">
            {t.refresh}
          </Button>
        </div>
        <p className="muted sync-intro">{t.syncIntro}</p>
        {error ? (
          <ErrorAlert error={error} testId="sync-status-error" action={<Button size="small" onClick={load}>{t.retry}</Button>} />
        ) : !status ? (
          <div className="dash-loading">
            <Spin description={t.syncLoading} />
          </div>
        ) : (
          <>
            {!status.enrolled && (
              <Alert
                type="warning"
                showIcon
                className="sync-block"
                data-testid="sync-not-enrolled"
                title={office ? t.syncNotEnrolledOffice : t.syncNotEnrolledVillage}
              />
            )}
            <div className="sync-cards">
              <ImportCard status={status} onDone={load} fail={fail} />
              <ExportCard status={status} office={office} onDone={load} fail={fail} />
            </div>
            <StatusTable status={status} />
            <ConflictsCard status={status} onResolved={load} fail={fail} />
          </>
        )}
      </main>
    </div>
  );
}

type ImportStep =
  | { step: 'idle' }
  | { step: 'checking'; file: PickedBundle }
  | { step: 'preview'; file: PickedBundle; view: ImportView }
  | { step: 'importing'; file: PickedBundle; view: ImportView; progress: ImportProgressView | null }
  | { step: 'done'; file: PickedBundle; view: ImportView }
  | { step: 'refused'; file: PickedBundle | null; error: ErrorView };

function ImportCard({
  status,
  onDone,
  fail,
}: {
  status: SyncStatusView;
  onDone: () => void;
  fail: (reason: unknown, show: (e: ErrorView) => void) => void;
}) {
  const backend = useBackend();
  const { t } = useI18n();
  const [state, setState] = useState<ImportStep>({ step: 'idle' });

  const pick = async () => {
    let file: PickedBundle | null;
    try {
      file = await backend.syncPickBundle();
    } catch (reason) {
      fail(reason, (error) => setState({ step: 'refused', file: null, error }));
      return;
    }
    if (!file) return;
    setState({ step: 'checking', file });
    try {
      const view = await backend.syncVerify(file.path);
      setState({ step: 'preview', file, view });
    } catch (reason) {
      fail(reason, (error) => setState({ step: 'refused', file, error }));
    }
  };

  const confirm = async (file: PickedBundle, preview: ImportView) => {
    setState({ step: 'importing', file, view: preview, progress: null });
    try {
      const view = await backend.syncImport(file.path, (progress) =>
        setState((s) => (s.step === 'importing' ? { ...s, progress } : s)),
      );
      setState({ step: 'done', file, view });
      onDone();
    } catch (reason) {
      fail(reason, (error) => setState({ step: 'refused', file, error }));
    }
  };

  const peers = status.peers;
  const senderName = (id: string) => peerName(t, peers.find((p) => p.device_id === id), id);

  return (
    <section className="dash-card sync-card" aria-label={t.syncImportTitle} data-testid="sync-import">
      <h2 className="dash-card-title">
        <CloudDownloadOutlined aria-hidden />
        &nbsp;{t.syncImportTitle}
      </h2>
      <p className="muted small">{t.syncImportHint}</p>
      {state.step !== 'idle' && state.file && (
        <div className="sync-file" data-testid="sync-file">
          <FileOutlined aria-hidden /> {t.syncFile(state.file.name, fileSize(state.file.bytes))}
        </div>
      )}
      {state.step === 'checking' && <Spin size="small" description={t.syncChecking} data-testid="sync-checking" />}
      {state.step === 'preview' && (
        <div data-testid="sync-preview">
          <div className="sync-from">{t.syncFrom(senderName(state.view.sender), state.view.seq)}</div>
          <ChainNote chain={state.view.chain} />
          {state.view.chain !== 'replay' && (
            <>
              <div className="sync-preview-title">{t.syncPreviewTitle}</div>
              <Counts view={state.view} />
            </>
          )}
          <div className="sync-actions">
            {state.view.chain !== 'replay' && (
              <Button type="primary" onClick={() => confirm(state.file, state.view)} data-testid="sync-confirm">
                {t.syncConfirm}
              </Button>
            )}
            <Button onClick={() => setState({ step: 'idle' })} data-testid="sync-cancel">
              {t.syncCancel}
            </Button>
          </div>
        </div>
      )}
      {state.step === 'importing' && (
        <div data-testid="sync-importing" className="sync-progress">
          <div>{t.syncImporting}</div>
          <Progress
            percent={state.progress && state.progress.total > 0 ? Math.floor((state.progress.done / state.progress.total) * 100) : 0}
            status="active"
          />
          <div className="muted small" data-testid="sync-progress-text">
            {state.progress ? t.syncImportProgress(state.progress.done, state.progress.total) : t.syncChecking}
          </div>
        </div>
      )}
      {state.step === 'done' && (
        <div className="sync-done">
          <Alert
            type="success"
            showIcon
            title={t.syncImported}
            data-testid="sync-report"
            description={
              <>
                <div>{t.syncImportedLine(state.view.new, state.view.already_had)}</div>
                {state.view.held > 0 && <div>{t.syncImportedHeld(state.view.held)}</div>}
                {state.view.conflicts > 0 && <div>{t.syncImportedConflicts(state.view.conflicts)}</div>}
              </>
            }
          />
          <Button onClick={pick} data-testid="sync-pick">
            {t.syncImportAnother}
          </Button>
        </div>
      )}
      {state.step === 'refused' && (
        <div data-testid="sync-refused" className="sync-refused">
          <ErrorAlert error={state.error} testId="sync-import-error" />
          {state.file && <div className="muted small">{t.syncRefused}</div>}
        </div>
      )}
      {(state.step === 'idle' || state.step === 'refused') && (
        <Button
          type="primary"
          icon={<FileOutlined />}
          onClick={pick}
          disabled={!status.enrolled}
          data-testid="sync-pick"
        >
          {state.step === 'refused' ? t.syncPickAgain : t.syncPick}
        </Button>
      )}
    </section>
  );
}

function ChainNote({ chain }: { chain: string }) {
  const { t } = useI18n();
  const text = chain === 'replay' ? t.syncReplay : chain === 'gap' ? t.syncGap : chain === 'late' ? t.syncLate : null;
  if (!text) return null;
  return <Alert type="info" showIcon className="sync-chain" data-testid="sync-chain" data-chain={chain} title={text} />;
}

/** The preview's counts, each with what it means. Lines with nothing to say are left out. */
function Counts({ view }: { view: ImportView }) {
  const { t } = useI18n();
  const rows: Array<{ key: string; label: string; value: string; hint?: string; warn?: boolean }> = [
    { key: 'new', label: t.syncNew, value: t.syncUnit(view.new), hint: t.syncNewHint },
    { key: 'already_had', label: t.syncAlreadyHad, value: t.syncUnit(view.already_had), hint: t.syncAlreadyHadHint },
  ];
  if (view.held > 0) rows.push({ key: 'held', label: t.syncHeld, value: t.syncUnit(view.held), hint: t.syncHeldHint, warn: true });
  if (view.conflicts > 0)
    rows.push({ key: 'conflicts', label: t.syncConflicts, value: t.syncPlaces(view.conflicts), hint: t.syncConflictsHint, warn: true });
  if (view.future_clock > 0)
    rows.push({ key: 'future_clock', label: t.syncFutureClock, value: t.syncUnit(view.future_clock), hint: t.syncFutureClockHint, warn: true });
  if (view.attachments > 0) rows.push({ key: 'attachments', label: t.syncAttachments, value: t.syncFiles(view.attachments) });
  if (view.certificates > 0) rows.push({ key: 'certificates', label: t.syncCertificates, value: t.syncCopies(view.certificates) });
  if (view.revocations > 0) rows.push({ key: 'revocations', label: t.syncRevocations, value: t.syncCopies(view.revocations), warn: true });
  return (
    <dl className="sync-counts">
      {rows.map((r) => (
        <div key={r.key} className={`sync-count${r.warn ? ' is-warn' : ''}`} data-testid={`sync-count-${r.key}`}>
          <dt>{r.label}</dt>
          <dd>
            <strong>{r.value}</strong>
            {r.hint && <span className="muted small"> — {r.hint}</span>}
          </dd>
        </div>
      ))}
    </dl>
  );
}

function ExportCard({
  status,
  office,
  onDone,
  fail,
}: {
  status: SyncStatusView;
  office: boolean;
  onDone: () => void;
  fail: (reason: unknown, show: (e: ErrorView) => void) => void;
}) {
  const backend = useBackend();
  const { t } = useI18n();
  const [to, setTo] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState<SavedBundle | null>(null);
  const [error, setError] = useState<ErrorView | null>(null);

  // A village sends to its office; the office chooses one of its villages still enrolled.
  const choices = useMemo(
    () => status.peers.filter((p) => !p.revoked && (office ? p.role !== 'office' : p.role === 'office')),
    [status, office],
  );
  const recipient = office ? choices.find((p) => p.device_id === to) : choices[0];
  const recipientName = recipient ? peerName(t, recipient, recipient.device_id) : t.syncToOffice;

  const run = async () => {
    setBusy(true);
    setError(null);
    setSaved(null);
    try {
      const result = await backend.syncExport(office ? (to ?? null) : null);
      if (result) {
        setSaved(result);
        onDone();
      }
    } catch (reason) {
      fail(reason, setError);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="dash-card sync-card" aria-label={t.syncExportTitle} data-testid="sync-export">
      <h2 className="dash-card-title">
        <CloudUploadOutlined aria-hidden />
        &nbsp;{t.syncExportTitle}
      </h2>
      <p className="muted small">{office ? t.syncExportHintOffice : t.syncExportHintVillage}</p>
      <div className="sync-to">
        <span className="sync-to-label">{t.syncTo}</span>
        {office ? (
          <Select
            className="sync-to-select"
            value={to ?? undefined}
            onChange={(v) => {
              setTo(v);
              setSaved(null);
            }}
            placeholder={t.syncToPlaceholder}
            options={choices.map((p) => ({ value: p.device_id, label: peerName(t, p, p.device_id) }))}
            data-testid="sync-to"
            aria-label={t.syncTo}
          />
        ) : (
          <strong data-testid="sync-to-office">{recipientName}</strong>
        )}
      </div>
      {recipient && <div className="small sync-pending" data-testid="sync-pending">{t.syncPending(recipient.unacknowledged)}</div>}
      {saved && (
        <Alert
          type="success"
          showIcon
          title={t.syncExported}
          data-testid="sync-saved"
          description={
            <>
              <div>
                {t.syncExportedWhere}<span className="mono" data-testid="sync-saved-path">{saved.path}</span>
              </div>
              <div>{t.syncExportedLine(saved.export.ops, saved.export.attachments, fileSize(saved.export.bytes))}</div>
              <div>{t.syncExportedNumber(saved.export.seq)}</div>
              <div>
                <strong>{t.syncExportedNext(recipientName)}</strong>
              </div>
            </>
          }
        />
      )}
      {error && <ErrorAlert error={error} testId="sync-export-error" />}
      <Button
        type="primary"
        icon={<CloudUploadOutlined />}
        onClick={run}
        loading={busy}
        disabled={!status.enrolled || !recipient}
        data-testid="sync-export-button"
      >
        {busy ? t.syncExporting : t.syncExport}
      </Button>
    </section>
  );
}

function LinkCell({ link }: { link: BundleLinkView | null }) {
  const { t } = useI18n();
  if (!link) return <span className="muted">{t.syncNever}</span>;
  return (
    <span>
      <span className="mono">{link.at}</span>
      <br />
      <span className="muted small">{t.syncLink(link.seq, link.ops)}</span>
    </span>
  );
}

function StatusTable({ status }: { status: SyncStatusView }) {
  const { t } = useI18n();
  const columns: ColumnsType<PeerView> = [
    {
      title: t.syncColPeer,
      key: 'peer',
      render: (_, p) => (
        <span>
          <strong>{peerName(t, p, p.device_id)}</strong>{' '}
          {p.role && <Tag>{p.role === 'office' ? t.syncRoleOffice : t.syncRoleVillage}</Tag>}
          {p.revoked && <Tag color="red">{t.syncRevoked}</Tag>}
        </span>
      ),
    },
    { title: t.syncColReceived, key: 'received', render: (_, p) => <LinkCell link={p.last_received} /> },
    { title: t.syncColSent, key: 'sent', render: (_, p) => <LinkCell link={p.last_sent} /> },
    {
      title: t.syncColPending,
      key: 'pending',
      render: (_, p) => (
        <span data-testid="sync-peer-pending">
          {p.unacknowledged > 0 ? t.syncUnit(p.unacknowledged) : t.syncNothing}
          {p.unacknowledged > 0 && (
            <>
              <br />
              <span className="muted small">
                {p.last_sent && (!p.last_received || p.last_sent.at > p.last_received.at)
                  ? t.syncPendingSent(p.last_sent.seq)
                  : t.syncPendingNext}
              </span>
            </>
          )}
          {!p.acknowledged && (
            <>
              <br />
              <span className="muted small">{t.syncNotAcknowledged}</span>
            </>
          )}
        </span>
      ),
    },
    {
      title: t.syncColHeld,
      key: 'held',
      render: (_, p) => (p.held > 0 ? <Tag color="orange">{t.syncUnit(p.held)}</Tag> : <span className="muted">—</span>),
    },
  ];
  return (
    <section className="dash-card sync-block" aria-label={t.syncStatusTitle} data-testid="sync-status">
      <h2 className="dash-card-title">{t.syncStatusTitle}</h2>
      {status.gaps.map((g) => (
        <Alert
          key={g.origin}
          type="warning"
          showIcon
          className="sync-gap"
          data-testid="sync-gap"
          title={t.syncGapLine(g.origin_name ?? t.syncUnknownDevice(g.origin), g.missing_from, g.missing_to, g.held)}
        />
      ))}
      <Table<PeerView>
        size="small"
        rowKey="device_id"
        columns={columns}
        dataSource={status.peers}
        pagination={false}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t.syncNoPeers} /> }}
        data-testid="sync-peers"
        onRow={(p) => ({ 'data-testid': 'sync-peer', 'data-device': p.device_id }) as HTMLAttributes<HTMLElement>}
      />
    </section>
  );
}

/** Who wrote one side: the officer where this archive knows them, and on which computer. */
function writer(t: Messages, status: SyncStatusView, side: ConflictSideView): string {
  const device =
    side.device_id === status.device_id
      ? t.syncThisComputer
      : peerName(t, status.peers.find((p) => p.device_id === side.device_id), side.device_id);
  return side.officer ? t.syncConflictWriter(side.officer, device) : device;
}

type Resolved = { conflict: ConflictView; kept: ConflictSideView };

function ConflictsCard({
  status,
  onResolved,
  fail,
}: {
  status: SyncStatusView;
  onResolved: () => void;
  fail: (reason: unknown, show: (e: ErrorView) => void) => void;
}) {
  const backend = useBackend();
  const { t } = useI18n();
  const [list, setList] = useState<ConflictView[] | null>(null);
  const [listError, setListError] = useState<ErrorView | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [resolved, setResolved] = useState<Resolved | null>(null);
  const [resolveError, setResolveError] = useState<ErrorView | null>(null);

  // Read again whenever the status is: after an import, a resolve or 刷新.
  useEffect(() => {
    let live = true;
    setListError(null);
    backend.syncConflicts().then(
      (l) => live && setList(l),
      (reason) => live && fail(reason, setListError),
    );
    return () => {
      live = false;
    };
  }, [backend, fail, status]);

  const keyOf = (c: ConflictView) => `${c.entity}/${c.entity_id}/${c.field}`;

  const keep = (c: ConflictView, side: ConflictSideView) => {
    setBusy(side.op_id);
    setResolved(null);
    setResolveError(null);
    backend.syncResolve(c.entity, c.entity_id, c.field, side.op_id).then(
      () => {
        setBusy(null);
        setResolved({ conflict: c, kept: side });
        setList((l) => l && l.filter((x) => keyOf(x) !== keyOf(c)));
        onResolved();
      },
      (reason) => {
        setBusy(null);
        fail(reason, setResolveError);
        // Settled elsewhere (an import, another window): the list is out of date.
        if (normaliseError(reason).code === 'not_found') onResolved();
      },
    );
  };

  const sideBox = (c: ConflictView, side: ConflictSideView, which: 'shown' | 'other') => (
    <div className={`sync-conflict-side sync-conflict-${which}`} data-testid={`sync-conflict-${which}`}>
      <div className="sync-conflict-side-label">{which === 'shown' ? t.syncConflictShown : t.syncConflictOther}</div>
      <div className="sync-conflict-value" data-testid="sync-conflict-value">
        {side.value === '' ? <span className="muted">{t.syncConflictEmpty}</span> : side.value}
      </div>
      <div className="muted small" data-testid="sync-conflict-writer">
        {t.syncConflictWrote(writer(t, status, side), side.at)}
      </div>
      <Button
        size="small"
        type={which === 'other' ? 'default' : 'primary'}
        ghost={which === 'shown'}
        loading={busy === side.op_id}
        disabled={busy !== null && busy !== side.op_id}
        onClick={() => keep(c, side)}
        data-testid="sync-conflict-keep"
      >
        {t.syncConflictKeep}
      </Button>
    </div>
  );

  return (
    <section className="dash-card sync-block" aria-label={t.syncConflictsTitle} data-testid="sync-conflicts">
      <h2 className="dash-card-title">
        <ExclamationCircleOutlined aria-hidden />
        &nbsp;{t.syncConflictsTitle}
      </h2>
      {status.open_conflicts > 0 && (
        <div className="sync-conflicts-count" data-testid="sync-conflicts-count">
          {t.syncConflictsCount(status.open_conflicts)}
        </div>
      )}
      {resolved && (
        <Alert
          type="success"
          showIcon
          closable
          onClose={() => setResolved(null)}
          className="sync-conflict-alert"
          data-testid="sync-conflict-resolved"
          title={t.syncConflictResolved(
            resolved.conflict.subject_name,
            resolved.conflict.field_label,
            resolved.kept.value === '' ? t.syncConflictEmpty : resolved.kept.value,
          )}
          description={t.syncConflictTravels}
        />
      )}
      {resolveError && (
        <div className="sync-conflict-alert">
          {resolveError.code === 'not_found' ? (
            <Alert
              type="warning"
              showIcon
              role="alert"
              data-testid="sync-conflict-error"
              data-error-code={resolveError.code}
              title={t.syncConflictGone}
            />
          ) : (
            <ErrorAlert error={resolveError} testId="sync-conflict-error" />
          )}
        </div>
      )}
      {listError ? (
        <ErrorAlert error={listError} testId="sync-conflicts-error" />
      ) : !list ? (
        <Spin size="small" />
      ) : list.length === 0 ? (
        <div className="muted" data-testid="sync-conflicts-none">{t.syncConflictsNone}</div>
      ) : (
        <>
          <p className="muted small sync-conflicts-note">{t.syncConflictsNote}</p>
          <ul className="sync-conflict-list" data-testid="sync-conflict-list">
            {list.map((c) => (
              <li key={keyOf(c)} className="sync-conflict" data-testid="sync-conflict" data-field={c.field}>
                <div className="sync-conflict-head">
                  <span className="sync-conflict-subject" data-testid="sync-conflict-subject">
                    {c.subject_name ?? t.syncConflictNoSubject}
                  </span>
                  <span className="sync-conflict-field" data-testid="sync-conflict-field">{c.field_label}</span>
                </div>
                <div className="sync-conflict-sides">
                  {sideBox(c, c.shown, 'shown')}
                  {sideBox(c, c.other, 'other')}
                </div>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
