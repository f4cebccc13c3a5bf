import { useState, type ReactNode } from 'react';
import { Badge, Button } from 'antd';
import {
  AuditOutlined,
  BellOutlined,
  BookOutlined,
  EnvironmentOutlined,
  FileTextOutlined,
  KeyOutlined,
  LockOutlined,
  SafetyOutlined,
  SaveOutlined,
  SyncOutlined,
  TeamOutlined,
  UserOutlined,
} from '@ant-design/icons';

import { normaliseError, useBackend, type SessionView } from '../backend';
import { roleLabel, useI18n } from '../i18n';
import { LangSwitch } from './LangSwitch';
import { AccountDialog } from './AccountDialog';
import { useNav } from '../nav';

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
  const [account, setAccount] = useState(false);
  const nav = useNav();

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
      {nav && (
        <nav className="app-nav" aria-label={t.navLabel}>
          <Button
            type={nav.current === 'dashboard' ? 'primary' : 'text'}
            icon={<BellOutlined />}
            onClick={() => nav.go('dashboard')}
            data-testid="nav-dashboard"
            aria-current={nav.current === 'dashboard' ? 'page' : undefined}
            title={nav.due ? t.dueBadgeTitle(nav.due.total, nav.due.overdue) : undefined}
          >
            {t.navDashboard}
            {nav.due && nav.due.total > 0 && (
              <Badge
                className="nav-badge"
                data-testid="nav-due-count"
                count={nav.due.total}
                overflowCount={99}
                color={nav.due.overdue > 0 ? '#cf1322' : '#d48806'}
              />
            )}
          </Button>
          <Button
            type={nav.current === 'roster' ? 'primary' : 'text'}
            icon={<TeamOutlined />}
            onClick={() => nav.go('roster')}
            data-testid="nav-roster"
            aria-current={nav.current === 'roster' ? 'page' : undefined}
          >
            {t.navRoster}
          </Button>
          <Button
            type={nav.current === 'registers' ? 'primary' : 'text'}
            icon={<BookOutlined />}
            onClick={() => nav.go('registers')}
            data-testid="nav-registers"
            aria-current={nav.current === 'registers' ? 'page' : undefined}
          >
            {t.navRegisters}
          </Button>
          <Button
            type={nav.current === 'sync' ? 'primary' : 'text'}
            icon={<SyncOutlined />}
            onClick={() => nav.go('sync')}
            data-testid="nav-sync"
            aria-current={nav.current === 'sync' ? 'page' : undefined}
          >
            {t.navSync}
          </Button>
          {/* The audit log is the office's to read (core's Action::ReadAudit). */}
          {(session.role === 'office_staff' || session.role === 'office_admin') && (
            <Button
              type={nav.current === 'audit' ? 'primary' : 'text'}
              icon={<AuditOutlined />}
              onClick={() => nav.go('audit')}
              data-testid="nav-audit"
              aria-current={nav.current === 'audit' ? 'page' : undefined}
            >
              {t.navAudit}
            </Button>
          )}
          <Button
            type={nav.current === 'reports' ? 'primary' : 'text'}
            icon={<FileTextOutlined />}
            onClick={() => nav.go('reports')}
            data-testid="nav-reports"
            aria-current={nav.current === 'reports' ? 'page' : undefined}
          >
            {t.navReports}
          </Button>
          <Button
            type={nav.current === 'backup' ? 'primary' : 'text'}
            icon={<SaveOutlined />}
            onClick={() => nav.go('backup')}
            data-testid="nav-backup"
            aria-current={nav.current === 'backup' ? 'page' : undefined}
          >
            {t.navBackup}
          </Button>
          {session.administers_accounts && (
            <Button
              type={nav.current === 'accounts' ? 'primary' : 'text'}
              icon={<SafetyOutlined />}
              onClick={() => nav.go('accounts')}
              data-testid="nav-accounts"
              aria-current={nav.current === 'accounts' ? 'page' : undefined}
            >
              {t.navAccounts}
            </Button>
          )}
        </nav>
      )}
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
        <Button icon={<KeyOutlined />} onClick={() => setAccount(true)} data-testid="account-button">
          {t.myAccount}
        </Button>
        <AccountDialog open={account} onClose={() => setAccount(false)} />
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
