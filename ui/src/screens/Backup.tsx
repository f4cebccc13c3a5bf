// 备份: what a backup is, 立即备份 to a file the person chooses in the system's dialog (a USB
// stick, ideally), and the automatic backups kept in the archive's own folder — when, why,
// how big — with how many to keep. Every officer may back up: the file is as encrypted as the
// archive. Restoring is not here but on the unlock screen, because it is needed when the
// archive will not open.
// Deliberately absent: deleting or copying the automatic backups from here (they are
// rotated by the program), and backing up to a place chosen once for good.

import { useCallback, useEffect, useState, type HTMLAttributes } from 'react';
import { Alert, App as AntApp, Button, Empty, Select, Spin, Table } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { HistoryOutlined, SaveOutlined } from '@ant-design/icons';

import {
  normaliseError,
  useBackend,
  type AutoBackupView,
  type BackupListView,
  type BackupView,
  type ErrorView,
  type SessionView,
} from '../backend';
import { backupReasonLabel, useI18n } from '../i18n';
import { AppHeader } from '../components/AppHeader';
import { ErrorAlert } from '../components/ErrorAlert';
import { fileSize } from './Sync';
import './Sync.css';

/** How many automatic backups one may choose to keep (the archive's own number is added). */
const KEEP_CHOICES = [3, 7, 14, 30, 60, 90];

export interface BackupScreenProps {
  session: SessionView;
  onLocked: () => void;
}

export function BackupScreen({ session, onLocked }: BackupScreenProps) {
  const backend = useBackend();
  const { lang, t } = useI18n();
  const { message } = AntApp.useApp();
  const [list, setList] = useState<BackupListView | null>(null);
  const [error, setError] = useState<ErrorView | null>(null);
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState<BackupView | null>(null);

  const fail = useCallback(
    (reason: unknown) => {
      const e = normaliseError(reason);
      if (e.code === 'locked') onLocked();
      else setError(e);
    },
    [onLocked],
  );

  const load = useCallback(() => {
    backend.backupList().then(setList, fail);
  }, [backend, fail]);
  useEffect(load, [load]);

  const backUp = async () => {
    setSaving(true);
    setError(null);
    setSaved(null);
    try {
      const made = await backend.backupNow();
      if (made) setSaved(made);
    } catch (reason) {
      fail(reason);
    } finally {
      setSaving(false);
    }
  };

  const setKeep = async (keep: number) => {
    if (!list || keep === list.keep) return;
    setError(null);
    try {
      setList(await backend.backupSetKept(keep));
      void message.success(t.backupKeepSaved(keep));
    } catch (reason) {
      fail(reason);
    }
  };

  const columns: ColumnsType<AutoBackupView> = [
    { key: 'at', title: t.backupColAt, render: (_, f) => <span className="mono">{f.made_at}</span> },
    { key: 'reason', title: t.backupColReason, render: (_, f) => backupReasonLabel(lang, f.reason) },
    { key: 'size', title: t.backupColSize, render: (_, f) => fileSize(f.bytes) },
  ];

  return (
    <div className="dash-page" data-testid="backup-page">
      <AppHeader title={t.backupTitle} session={session} onLocked={onLocked} />
      <main className="sync-main">
        <div className="dash-head">
          <h1 className="dash-title">
            <SaveOutlined aria-hidden /> {t.backupTitle}
          </h1>
        </div>
        <p className="sync-intro" data-testid="backup-what">
          {t.backupWhat}
        </p>
        <Alert type="warning" showIcon title={t.backupElsewhere} className="sync-block" data-testid="backup-elsewhere" />
        {error && (
          <div className="sync-block">
            <ErrorAlert error={error} testId="backup-error" />
          </div>
        )}
        <div className="sync-cards">
          <section className="dash-card sync-card" aria-label={t.backupNowTitle} data-testid="backup-now-card">
            <h2 className="dash-card-title">
              <SaveOutlined aria-hidden />
              &nbsp;{t.backupNowTitle}
            </h2>
            <p className="muted small">{t.backupNowHint}</p>
            <Button type="primary" icon={<SaveOutlined />} loading={saving} onClick={backUp} data-testid="backup-now">
              {t.backupNow}
            </Button>
            {saved && (
              <Alert
                type="success"
                showIcon
                title={t.backupSaved}
                description={
                  <>
                    <div className="mono" data-testid="backup-saved-path">
                      {t.backupSavedTo(saved.path)}
                    </div>
                    <div className="muted small">
                      {saved.made_at} · {fileSize(saved.bytes)}
                    </div>
                  </>
                }
                data-testid="backup-saved"
              />
            )}
            <p className="muted small">{t.backupRestoreNote}</p>
          </section>
          <section className="dash-card sync-card" aria-label={t.backupAutoTitle} data-testid="backup-auto">
            <h2 className="dash-card-title">
              <HistoryOutlined aria-hidden />
              &nbsp;{t.backupAutoTitle}
            </h2>
            <p className="muted small">{t.backupAutoIntro}</p>
            {!list ? (
              <Spin />
            ) : (
              <>
                <label className="backup-keep">
                  {t.backupKeep}{' '}
                  <Select
                    value={list.keep}
                    onChange={(v: number) => void setKeep(v)}
                    options={[...new Set([...KEEP_CHOICES, list.keep])]
                      .sort((a, b) => a - b)
                      .map((n) => ({ value: n, label: String(n) }))}
                    style={{ width: 80 }}
                    data-testid="backup-keep"
                  />{' '}
                  {t.backupKeepUnit}
                </label>
                <Table<AutoBackupView>
                  rowKey="name"
                  size="small"
                  className="full-width"
                  columns={columns}
                  dataSource={list.files}
                  pagination={false}
                  locale={{ emptyText: <Empty description={t.backupNone} /> }}
                  onRow={() => ({ 'data-testid': 'backup-row' }) as HTMLAttributes<HTMLElement>}
                />
              </>
            )}
          </section>
        </div>
      </main>
    </div>
  );
}
