// 从备份恢复, opened from the unlock screen when the archive is lost or will not open: choose
// the backup file (checked whole as soon as it is chosen, and read for who can open it),
// choose an empty folder, pick one's name and type the passphrase one had then, restore.
// The restored archive is a new computer for sync, so a village must be enrolled again; the
// dialog says so before and after. Afterwards this window can switch to the restored archive;
// the app still starts on its usual folder next time, which the dialog also says.
// Deliberately absent: restoring over the archive in its usual place (never overwritten).

import { useState } from 'react';
import { Alert, Button, Input, Modal, Select, Space } from 'antd';
import { FileOutlined, FolderOpenOutlined } from '@ant-design/icons';

import {
  normaliseError,
  useBackend,
  type ArchiveInfo,
  type ErrorView,
  type PickedBackup,
  type RestoredArchive,
} from '../backend';
import { roleLabel, useI18n } from '../i18n';
import { ErrorAlert } from './ErrorAlert';

export function RestoreDialog({
  open,
  onClose,
  onOpened,
}: {
  open: boolean;
  onClose: () => void;
  /** The window switched to the restored archive: the unlock screen shows it. */
  onOpened: (info: ArchiveInfo) => void;
}) {
  const backend = useBackend();
  const { lang, t } = useI18n();
  const [file, setFile] = useState<PickedBackup | null>(null);
  const [folder, setFolder] = useState<string | null>(null);
  const [officerId, setOfficerId] = useState<string | undefined>(undefined);
  const [passphrase, setPassphrase] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorView | null>(null);
  const [done, setDone] = useState<RestoredArchive | null>(null);

  const close = () => {
    setFile(null);
    setFolder(null);
    setOfficerId(undefined);
    setPassphrase('');
    setError(null);
    setDone(null);
    onClose();
  };

  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await work();
    } catch (reason) {
      setError(normaliseError(reason));
    } finally {
      setBusy(false);
    }
  };

  const pickFile = () =>
    run(async () => {
      setFile(null);
      const picked = await backend.restorePickFile();
      if (!picked) return;
      setFile(picked);
      setOfficerId(picked.info.officers[0]?.officer_id);
    });

  const pickFolder = () =>
    run(async () => {
      const picked = await backend.restorePickFolder();
      if (picked) setFolder(picked);
    });

  const restore = () =>
    run(async () => {
      if (!file || !folder || !officerId) return;
      const restored = await backend.restore(file.path, folder, officerId, passphrase);
      setPassphrase('');
      setDone(restored);
    });

  const openRestored = () =>
    run(async () => {
      if (!done) return;
      const info = await backend.openRestored(done.path);
      close();
      onOpened(info);
    });

  const ready = !!file && !!folder && !!officerId && passphrase.length > 0 && !busy;

  return (
    <Modal
      open={open}
      title={t.restoreTitle}
      onCancel={close}
      footer={
        done ? (
          <Space>
            <Button onClick={close} data-testid="restore-close">
              {t.restoreClose}
            </Button>
            <Button type="primary" loading={busy} onClick={openRestored} data-testid="restore-open">
              {t.restoreOpen}
            </Button>
          </Space>
        ) : (
          <Space>
            <Button onClick={close}>{t.cancel}</Button>
            <Button type="primary" loading={busy} disabled={!ready} onClick={restore} data-testid="restore-submit">
              {t.restoreSubmit}
            </Button>
          </Space>
        )
      }
      destroyOnHidden
      width={620}
    >
      <div data-testid="restore-dialog" className="restore-dialog">
        {done ? (
          <>
            <Alert
              type="success"
              showIcon
              title={t.restoreDone}
              description={<span className="mono">{t.restoreDoneWhere(done.path)}</span>}
              data-testid="restore-done"
            />
            <Alert type="warning" showIcon title={t.restoreEnrolAgain} />
            <p className="muted small" data-testid="restore-next-start">
              {done.remembered_on_open ? t.restoreRemembered(done.usual_path) : t.restoreNextStart(done.usual_path)}
            </p>
          </>
        ) : (
          <>
            <p>{t.restoreIntro}</p>
            <Alert type="info" showIcon title={t.restoreEnrolAgain} data-testid="restore-enrol-note" />

            <h4>{t.restoreStepFile}</h4>
            <Space wrap>
              <Button icon={<FileOutlined />} onClick={pickFile} disabled={busy} data-testid="restore-pick-file">
                {t.restorePickFile}
              </Button>
              {file && <span data-testid="restore-file">{t.restoreFileChosen(file.name, file.info.made_at)}</span>}
            </Space>

            <h4>{t.restoreStepFolder}</h4>
            <Space wrap>
              <Button icon={<FolderOpenOutlined />} onClick={pickFolder} disabled={busy} data-testid="restore-pick-folder">
                {t.restorePickFolder}
              </Button>
              {folder && (
                <span className="mono" data-testid="restore-folder">
                  {folder}
                </span>
              )}
            </Space>
            <div className="muted small">{t.restoreStepFolderHint}</div>

            <h4>{t.restoreStepWho}</h4>
            <Space wrap>
              <Select
                style={{ minWidth: 200 }}
                value={officerId}
                placeholder={t.restoreOfficerPlaceholder}
                disabled={!file}
                onChange={(v: string) => setOfficerId(v)}
                data-testid="restore-officer"
                options={(file?.info.officers ?? []).map((o) => ({
                  value: o.officer_id,
                  label: `${o.name}（${roleLabel(lang, o.role)}）`,
                }))}
              />
              <Input.Password
                style={{ width: 240 }}
                placeholder={t.passphrasePlaceholder}
                disabled={!file}
                value={passphrase}
                autoComplete="current-password"
                onChange={(e) => {
                  setPassphrase(e.target.value);
                  if (error) setError(null);
                }}
                onPressEnter={() => ready && void restore()}
                data-testid="restore-passphrase"
              />
            </Space>
          </>
        )}
        {error && (
          <div className="restore-error">
            <ErrorAlert error={error} testId="restore-error" />
          </div>
        )}
      </div>
    </Modal>
  );
}
