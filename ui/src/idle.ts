// Auto-lock: after so many minutes without a key press, click, touch or scroll, the app locks
// the archive (the Rust side drops the session and with it the key) and goes back to the
// unlock screen. The minutes are a setting of this computer, kept in local storage; the
// default is 10. Deliberately absent: turning it off — an unattended unlocked laptop in a
// village office is the risk this guards against.

import { createContext, useContext, useEffect, useRef } from 'react';

export const AUTO_LOCK_DEFAULT_MINUTES = 10;
export const AUTO_LOCK_CHOICES = [5, 10, 15, 30, 60];

const STORAGE_KEY = 'dossier.autoLockMinutes';

/** What counts as someone being at the keyboard. */
const ACTIVITY = ['keydown', 'pointerdown', 'pointermove', 'wheel', 'touchstart', 'scroll'] as const;

export function loadAutoLockMinutes(): number {
  try {
    const saved = Number(window.localStorage.getItem(STORAGE_KEY));
    if (AUTO_LOCK_CHOICES.includes(saved)) return saved;
  } catch {
    // Storage can be unavailable; the default applies.
  }
  return AUTO_LOCK_DEFAULT_MINUTES;
}

export function saveAutoLockMinutes(minutes: number) {
  try {
    window.localStorage.setItem(STORAGE_KEY, String(minutes));
  } catch {
    // Not remembering the choice only means the default next time.
  }
}

/**
 * Calls `onIdle` once after `minutes` without activity while `active`; any activity starts
 * the count again. Stops counting when inactive or unmounted.
 */
export function useIdleLock(active: boolean, minutes: number, onIdle: () => void) {
  // The latest callback, so a new function each render does not restart the count.
  const callback = useRef(onIdle);
  useEffect(() => {
    callback.current = onIdle;
  }, [onIdle]);

  useEffect(() => {
    if (!active) return undefined;
    const ms = minutes * 60_000;
    let timer = window.setTimeout(() => callback.current(), ms);
    const restart = () => {
      window.clearTimeout(timer);
      timer = window.setTimeout(() => callback.current(), ms);
    };
    for (const name of ACTIVITY) window.addEventListener(name, restart, { capture: true, passive: true });
    return () => {
      window.clearTimeout(timer);
      for (const name of ACTIVITY) window.removeEventListener(name, restart, { capture: true });
    };
  }, [active, minutes]);
}

/** The auto-lock minutes and how to change them, for the account dialog. */
export interface AutoLock {
  minutes: number;
  setMinutes: (minutes: number) => void;
}

export const AutoLockContext = createContext<AutoLock>({
  minutes: AUTO_LOCK_DEFAULT_MINUTES,
  setMinutes: () => {},
});

export const useAutoLock = () => useContext(AutoLockContext);
