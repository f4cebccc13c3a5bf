import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { Button, Input, Select, Spin, Typography, type InputRef } from 'antd';
import { HistoryOutlined, LockOutlined, UnlockOutlined } from '@ant-design/icons';

import {
  normaliseError,
  useBackend,
  type ArchiveInfo,
  type ErrorView,
  type SessionView,
} from '../backend';
import { roleLabel, useI18n } from '../i18n';
import { ErrorAlert } from '../components/ErrorAlert';
import { LangSwitch } from '../components/LangSwitch';
import { RestoreDialog } from '../components/RestoreDialog';

export interface UnlockScreenProps {
  onUnlocked: (session: SessionView) => void;
  /** Preselected when present among the officers (the one who just locked); else the first. */
  preferredOfficerId?: string;
}

export function UnlockScreen({ onUnlocked, preferredOfficerId }: UnlockScreenProps) {
  const backend = useBackend();
  const { lang, t } = useI18n();

  const [info, setInfo] = useState<ArchiveInfo | null>(null);
  const [loadError, setLoadError] = useState<ErrorView | null>(null);
  const [officerId, setOfficerId] = useState<string | undefined>(undefined);
  const [passphrase, setPassphrase] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorView | null>(null);
  const [restoring, setRestoring] = useState(false);
  const passRef = useRef<InputRef>(null);
  const alive = useRef(true);

  useEffect(() => {
    alive.current = true;
    return () => {
      alive.current = false;
    };
  }, []);

  const load = useCallback(() => {
    setLoadError(null);
    setInfo(null);
    backend.archiveInfo().then(
      (archive) => {
        if (!alive.current) return;
        setInfo(archive);
        const preferred = archive.officers.find((o) => o.officer_id === preferredOfficerId);
        setOfficerId((preferred ?? archive.officers[0])?.officer_id);
      },
      (reason) => {
        if (alive.current) setLoadError(normaliseError(reason));
      },
    );
  }, [backend, preferredOfficerId]);

  useEffect(load, [load]);

  // The passphrase field is the one place to type; put the cursor there once it can be used.
  useEffect(() => {
    if (info) passRef.current?.focus();
  }, [info]);

  const canSubmit = !!info && !!officerId && passphrase.length > 0 && !busy;

  const submit = async (event?: FormEvent) => {
    event?.preventDefault();
    if (!canSubmit || !officerId) return;
    setBusy(true);
    setError(null);
    try {
      const session = await backend.unlock(officerId, passphrase);
      if (!alive.current) return;
      setPassphrase('');
      onUnlocked(session);
    } catch (reason) {
      if (!alive.current) return;
      setError(normaliseError(reason));
      setBusy(false);
      // Select what was typed so that typing again replaces it.
      requestAnimationFrame(() => passRef.current?.focus({ cursor: 'all' }));
    }
  };

  const shownError = loadError ?? error;

  return (
    <div className="unlock-page">
      <div className="unlock-lang">
        <LangSwitch />
      </div>
      <main className="unlock-card" aria-busy={busy || (!info && !loadError)}>
        <div className="unlock-brand">
          <div className="unlock-logo" aria-hidden>
            <LockOutlined />
          </div>
          <h1 className="unlock-title">
            <span className="brand-name">Dossier</span>{' '}
            <span className="brand-sub">{t.productSubtitle}</span>
          </h1>
          {info && (
            <Typography.Text
              type="secondary"
              className="unlock-path"
              title={info.path}
              data-testid="archive-path"
            >
              {info.path}
            </Typography.Text>
          )}
        </div>

        {!info && !loadError && (
          <div className="unlock-loading">
            <Spin />
            <Typography.Text type="secondary">{t.loadingArchive}</Typography.Text>
          </div>
        )}

        {info && info.officers.length === 0 && (
          <Typography.Paragraph type="secondary">{t.noOfficers}</Typography.Paragraph>
        )}

        <form className="unlock-form" onSubmit={submit} noValidate>
          {info && info.officers.length > 0 && (
            <>
              <label className="field-label" htmlFor="unlock-officer-select">
                {t.officer}
              </label>
              <div data-testid="unlock-officer">
                <Select
                  id="unlock-officer-select"
                  size="large"
                  className="full-width"
                  value={officerId}
                  disabled={busy}
                  onChange={(value: string) => {
                    setOfficerId(value);
                    setError(null);
                    passRef.current?.focus();
                  }}
                  options={info.officers.map((o) => ({
                    value: o.officer_id,
                    label: (
                      <span className="officer-option">
                        <span>{o.name}</span>
                        <span className="officer-role">{roleLabel(lang, o.role)}</span>
                      </span>
                    ),
                  }))}
                />
              </div>

              <label className="field-label" htmlFor="unlock-passphrase-input">
                {t.passphrase}
              </label>
              <Input.Password
                id="unlock-passphrase-input"
                ref={passRef}
                size="large"
                data-testid="unlock-passphrase"
                placeholder={t.passphrasePlaceholder}
                autoFocus
                autoComplete="current-password"
                value={passphrase}
                readOnly={busy}
                onChange={(e) => {
                  setPassphrase(e.target.value);
                  if (error) setError(null);
                }}
              />
            </>
          )}

          {shownError && (
            <div className="unlock-error">
              <ErrorAlert
                error={shownError}
                testId="unlock-error"
                action={
                  loadError ? (
                    <Button size="small" onClick={load}>
                      {t.retry}
                    </Button>
                  ) : undefined
                }
              />
            </div>
          )}

          {info && info.officers.length > 0 && (
            <Button
              type="primary"
              size="large"
              block
              htmlType="submit"
              icon={<UnlockOutlined />}
              loading={busy}
              disabled={!canSubmit && !busy}
              data-testid="unlock-submit"
              className="unlock-submit"
            >
              {busy ? t.unlocking : t.unlock}
            </Button>
          )}
        </form>

        <Typography.Text type="secondary" className="unlock-hint">
          {t.unlockHint}
        </Typography.Text>
        <Button
          type="link"
          icon={<HistoryOutlined />}
          className="unlock-restore"
          onClick={() => setRestoring(true)}
          data-testid="restore-link"
        >
          {t.restoreLink}
        </Button>
        <RestoreDialog
          open={restoring}
          onClose={() => setRestoring(false)}
          onOpened={() => {
            setPassphrase('');
            setError(null);
            load();
          }}
        />
      </main>
    </div>
  );
}
