import { useCallback, useEffect, useMemo, useState } from 'react';
import { App as AntApp, ConfigProvider } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import enUS from 'antd/locale/en_US';

import {
  BackendContext,
  normaliseError,
  pickBackend,
  type Backend,
  type DueView,
  type ErrorView,
  type SessionView,
} from './backend';
import { I18nContext, MESSAGES, loadLang, saveLang, type I18n, type Lang } from './i18n';
import { theme } from './theme';
import { UnlockScreen } from './screens/Unlock';
import { EMPTY_ROSTER_VIEW, RosterScreen, type RosterView } from './screens/Roster';
import { SubjectFileScreen } from './screens/SubjectFile';
import { DashboardScreen } from './screens/Dashboard';
import { RegistersScreen } from './screens/Registers';
import { SyncScreen } from './screens/Sync';
import { AuditScreen } from './screens/Audit';
import { ReportsScreen } from './screens/Reports';
import { AccountsScreen } from './screens/Accounts';
import { BackupScreen } from './screens/Backup';
import { AutoLockContext, loadAutoLockMinutes, saveAutoLockMinutes, useIdleLock, type AutoLock } from './idle';
import { NavContext, type MainScreen, type Nav } from './nav';
import { dueGroup, type FileOpening } from './due';
import { setDateLocale } from './dates';

export interface AppProps {
  /** Defaults to the Tauri backend inside the app and the mock in a plain browser. */
  backend?: Backend;
  /** Defaults to the language chosen last time, else Chinese. */
  initialLang?: Lang;
  /** Start unlocked (the browser mock's `?open=` for screenshots; never the real app). */
  initialSession?: SessionView;
  /** Start on this subject's file (with initialSession). */
  initialSubjectId?: string;
  /** Open that file, or the registers, on this tab (the browser mock's `?tab=`, for screenshots). */
  initialTab?: string;
  /**
   * The main page to start on with initialSession (default the roster, as `?open=roster`).
   * Unlocking on the unlock screen always lands on the reminders.
   */
  initialScreen?: MainScreen;
}

export function App({ backend, initialLang, initialSession, initialSubjectId, initialTab, initialScreen }: AppProps) {
  const chosenBackend = useMemo(() => backend ?? pickBackend(), [backend]);
  const [lang, setLangState] = useState<Lang>(() => initialLang ?? loadLang());
  const [session, setSession] = useState<SessionView | null>(initialSession ?? null);
  const [openSubject, setOpenSubject] = useState<string | null>(initialSubjectId ?? null);
  // What the file opens with (a record form, the leave tab), when opened from a reminder.
  const [opening, setOpening] = useState<FileOpening | null>(initialTab ? { tab: initialTab } : null);
  const [screen, setScreen] = useState<MainScreen>(initialScreen ?? 'roster');
  const [due, setDue] = useState<DueView | null>(null);
  const [dueError, setDueError] = useState<ErrorView | null>(null);
  // The roster's search and filters survive opening a file and coming back.
  const [rosterView, setRosterView] = useState<RosterView>(EMPTY_ROSTER_VIEW);
  // Who unlocked last, so that after locking the same person is preselected.
  const [lastOfficerId, setLastOfficerId] = useState<string | undefined>(undefined);

  const setLang = useCallback((next: Lang) => {
    setLangState(next);
    saveLang(next);
  }, []);

  useEffect(() => {
    document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
    document.title = MESSAGES[lang].productName;
  }, [lang]);

  const i18n = useMemo<I18n>(() => ({ lang, t: MESSAGES[lang], setLang }), [lang, setLang]);
  // Before the pickers below render with the new language.
  setDateLocale(lang);

  const onUnlocked = useCallback((s: SessionView) => {
    setLastOfficerId(s.officer_id);
    setScreen('dashboard');
    setSession(s);
  }, []);

  const onLocked = useCallback(() => {
    setSession(null);
    setOpenSubject(null);
    setOpening(null);
    setDue(null);
    setDueError(null);
    setRosterView(EMPTY_ROSTER_VIEW);
  }, []);

  // Auto-lock after idle time: the backend drops the session (and the key) as the lock
  // button does, and the unlock screen comes back even if that call fails.
  const [autoLockMinutes, setAutoLockMinutes] = useState(loadAutoLockMinutes);
  const autoLock = useMemo<AutoLock>(
    () => ({
      minutes: autoLockMinutes,
      setMinutes: (minutes) => {
        setAutoLockMinutes(minutes);
        saveAutoLockMinutes(minutes);
      },
    }),
    [autoLockMinutes],
  );
  const lockWhenIdle = useCallback(() => {
    chosenBackend.lock().then(onLocked, (reason) => {
      console.error('auto-lock failed', normaliseError(reason).code);
      onLocked();
    });
  }, [chosenBackend, onLocked]);
  useIdleLock(session !== null, autoLockMinutes, lockWhenIdle);

  // The reminders, for the dashboard and the header's badge: read again whenever a main page
  // shows (coming back from a file may have settled some).
  const loadDue = useCallback(() => {
    setDueError(null);
    chosenBackend.due().then(
      (view) => setDue(view),
      (reason) => {
        const error = normaliseError(reason);
        if (error.code === 'locked') onLocked();
        else setDueError(error);
      },
    );
  }, [chosenBackend, onLocked]);

  const onMainPage = session !== null && openSubject === null;
  useEffect(() => {
    if (onMainPage) loadDue();
  }, [onMainPage, loadDue]);

  // Coming back from a file, the row it was opened from has the focus again.
  const [lastOpened, setLastOpened] = useState<string | undefined>(undefined);
  const openFile = useCallback((id: string, with_?: FileOpening | null) => {
    setLastOpened(id);
    setOpening(with_ ?? null);
    setOpenSubject(id);
  }, []);
  const openFromRoster = useCallback((id: string) => openFile(id), [openFile]);
  const backToRoster = useCallback(() => {
    setOpenSubject(null);
    setOpening(null);
  }, []);

  const nav = useMemo<Nav>(() => {
    let counts: Nav['due'] = null;
    if (due) {
      const open = due.items.filter((item) => dueGroup(item, due.today) !== 'later');
      counts = {
        total: open.length,
        overdue: open.filter((item) => dueGroup(item, due.today) === 'overdue').length,
      };
    }
    return {
      current: openSubject ? null : screen,
      go: (next) => {
        setOpenSubject(null);
        setOpening(null);
        setScreen(next);
      },
      due: counts,
    };
  }, [due, openSubject, screen]);

  return (
    <ConfigProvider
      locale={lang === 'zh' ? zhCN : enUS}
      theme={theme}
      // "重试", not "重 试": Ant's spacing between two CJK characters reads oddly here.
      button={{ autoInsertSpace: false }}
    >
      <AntApp className="app-root">
        <BackendContext.Provider value={chosenBackend}>
          <I18nContext.Provider value={i18n}>
            <AutoLockContext.Provider value={autoLock}>
            <NavContext.Provider value={session ? nav : null}>
              {session && openSubject ? (
                <SubjectFileScreen
                  key={openSubject}
                  session={session}
                  subjectId={openSubject}
                  onBack={backToRoster}
                  onLocked={onLocked}
                  opening={opening}
                  // No file opens from the registers or the sync page; the roster is the way back.
                  backTo={screen === 'dashboard' ? 'dashboard' : 'roster'}
                />
              ) : session && screen === 'dashboard' ? (
                <DashboardScreen
                  session={session}
                  onLocked={onLocked}
                  due={due}
                  error={dueError}
                  onReload={loadDue}
                  onOpen={openFile}
                />
              ) : session && screen === 'registers' ? (
                <RegistersScreen session={session} onLocked={onLocked} initialTab={initialTab} />
              ) : session && screen === 'sync' ? (
                <SyncScreen session={session} onLocked={onLocked} />
              ) : session && screen === 'audit' ? (
                <AuditScreen session={session} onLocked={onLocked} />
              ) : session && screen === 'reports' ? (
                <ReportsScreen session={session} onLocked={onLocked} />
              ) : session && screen === 'accounts' ? (
                <AccountsScreen session={session} onLocked={onLocked} />
              ) : session && screen === 'backup' ? (
                <BackupScreen session={session} onLocked={onLocked} />
              ) : session ? (
                <RosterScreen
                  session={session}
                  onLocked={onLocked}
                  onOpen={openFromRoster}
                  focusSubjectId={lastOpened}
                  view={rosterView}
                  onViewChange={setRosterView}
                />
              ) : (
                <UnlockScreen onUnlocked={onUnlocked} preferredOfficerId={lastOfficerId} />
              )}
            </NavContext.Provider>
            </AutoLockContext.Provider>
          </I18nContext.Provider>
        </BackendContext.Provider>
      </AntApp>
    </ConfigProvider>
  );
}
