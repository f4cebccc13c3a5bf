// Which main page is showing and how to go to another, for the header's nav. App
// provides it; screens that are not App's children (tests rendering a screen alone) get none
// and the header shows no nav.

import { createContext, useContext } from 'react';

export type MainScreen = 'dashboard' | 'roster' | 'registers' | 'sync' | 'reports' | 'audit' | 'accounts' | 'backup';

export interface Nav {
  /** The page showing, or null on a file (every link is then "away"). */
  current: MainScreen | null;
  go: (screen: MainScreen) => void;
  /** For the badge on 待办; null until known. */
  due: { total: number; overdue: number } | null;
}

export const NavContext = createContext<Nav | null>(null);

export const useNav = () => useContext(NavContext);
