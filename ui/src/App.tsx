import { useCallback, useEffect, useMemo, useState } from 'react';
import { App as AntApp, ConfigProvider } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import enUS from 'antd/locale/en_US';

import { BackendContext, pickBackend, type Backend, type SessionView } from './backend';
import { I18nContext, MESSAGES, loadLang, saveLang, type I18n, type Lang } from './i18n';
import { theme } from './theme';
import { UnlockScreen } from './screens/Unlock';
import { EMPTY_ROSTER_VIEW, RosterScreen, type RosterView } from './screens/Roster';
import { SubjectFileScreen } from './screens/SubjectFile';

export interface AppProps {
  /** Defaults to the Tauri backend inside the app and the mock in a plain browser. */
  backend?: Backend;
  /** Defaults to the language chosen last time, else Chinese. */
  initialLang?: Lang;
  /** Start unlocked (the browser mock's `?open=` for screenshots; never the real app). */
  initialSession?: SessionView;
  /** Start on this subject's file (with initialSession). */
  initialSubjectId?: string;
}

export function App({ backend, initialLang, initialSession, initialSubjectId }: AppProps) {
  const chosenBackend = useMemo(() => backend ?? pickBackend(), [backend]);
  const [lang, setLangState] = useState<Lang>(() => initialLang ?? loadLang());
  const [session, setSession] = useState<SessionView | null>(initialSession ?? null);
  const [openSubject, setOpenSubject] = useState<string | null>(initialSubjectId ?? null);
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

  const onUnlocked = useCallback((s: SessionView) => {
    setLastOfficerId(s.officer_id);
    setSession(s);
  }, []);

  const onLocked = useCallback(() => {
    setSession(null);
    setOpenSubject(null);
    setRosterView(EMPTY_ROSTER_VIEW);
  }, []);

  // Coming back from a file, the row it was opened from has the focus again.
  const [lastOpened, setLastOpened] = useState<string | undefined>(undefined);
  const openFile = useCallback((id: string) => {
    setLastOpened(id);
    setOpenSubject(id);
  }, []);
  const backToRoster = useCallback(() => setOpenSubject(null), []);

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
            {session && openSubject ? (
              <SubjectFileScreen
                key={openSubject}
                session={session}
                subjectId={openSubject}
                onBack={backToRoster}
                onLocked={onLocked}
              />
            ) : session ? (
              <RosterScreen
                session={session}
                onLocked={onLocked}
                onOpen={openFile}
                focusSubjectId={lastOpened}
                view={rosterView}
                onViewChange={setRosterView}
              />
            ) : (
              <UnlockScreen onUnlocked={onUnlocked} preferredOfficerId={lastOfficerId} />
            )}
          </I18nContext.Provider>
        </BackendContext.Provider>
      </AntApp>
    </ConfigProvider>
  );
}
