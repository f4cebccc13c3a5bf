import { useState, type ReactNode } from 'react';
import { Button } from 'antd';
import { EnvironmentOutlined, LockOutlined, UserOutlined } from '@ant-design/icons';

import { normaliseError, useBackend, type SessionView } from '../backend';
import { roleLabel, useI18n } from '../i18n';
import { LangSwitch } from './LangSwitch';

/** The bar on top of every screen after unlocking: where, who, language and lock. */
export function AppHeader({
  title,
  session,
  onLocked,
  lead,
}: {
  title: ReactNode;
  session: SessionView;
  onLocked: () => void;
  /** Shown before the brand (a back button). */
  lead?: ReactNode;
}) {
  const backend = useBackend();
  const { lang, t } = useI18n();
  const [locking, setLocking] = useState(false);

  const lock = async () => {
    setLocking(true);
    try {
      await backend.lock();
    } catch (reason) {
      // The screen goes back to unlocking either way; the next unlock replaces the session.
      console.error('lock failed', normaliseError(reason));
    }
    onLocked();
  };

  return (
    <header className="app-header no-print">
      {lead}
      <div className="app-header-brand">
        <span className="brand-name">Dossier</span>
        <span className="app-header-sep" aria-hidden />
        <span className="app-header-title">{title}</span>
      </div>
      <div className="app-header-who">
        <span className="who-item" title={t.site}>
          <EnvironmentOutlined aria-hidden />
          <span data-testid="session-site">{session.jurisdiction_name}</span>
        </span>
        <span className="who-item" title={`${t.signedIn}: ${roleLabel(lang, session.role)}`}>
          <UserOutlined aria-hidden />
          <span data-testid="session-officer">{session.officer_name}</span>
        </span>
      </div>
      <div className="app-header-actions">
        <LangSwitch />
        <Button
          icon={<LockOutlined />}
          onClick={lock}
          loading={locking}
          data-testid="lock-button"
          title={t.lockTitle}
        >
          {t.lock}
        </Button>
      </div>
    </header>
  );
}
