// The only way the UI talks to the Rust side. Components get a `Backend` from context
// (see BackendContext below) and never call `invoke` themselves.

import { createContext, useContext } from 'react';
import { invoke } from '@tauri-apps/api/core';

import type { ArchiveInfo } from './bindings/ArchiveInfo';
import type { ErrorView } from './bindings/ErrorView';
import type { OfficerSlotView } from './bindings/OfficerSlotView';
import type { SessionView } from './bindings/SessionView';
import type { SubjectRow } from './bindings/SubjectRow';
import { createMockBackend } from './mock';

export type { ArchiveInfo, ErrorView, OfficerSlotView, SessionView, SubjectRow };

export interface Backend {
  archiveInfo(): Promise<ArchiveInfo>;
  unlock(officerId: string, passphrase: string): Promise<SessionView>;
  lock(): Promise<void>;
  subjectList(): Promise<SubjectRow[]>;
}

/** Codes the UI knows by name; the Rust side may send others, which are shown as given. */
export const KNOWN_ERROR_CODES = [
  'wrong_passphrase',
  'not_an_archive',
  'archive_too_new',
  'archive_damaged',
  'no_archive',
] as const;
export type KnownErrorCode = (typeof KNOWN_ERROR_CODES)[number];

export function isErrorView(value: unknown): value is ErrorView {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { code?: unknown }).code === 'string' &&
    typeof (value as { message?: unknown }).message === 'string'
  );
}

/**
 * Turns whatever a rejected promise carried into an ErrorView. The Rust commands reject with
 * an ErrorView; Tauri itself rejects with a plain string (unknown command, bad arguments), and
 * JavaScript code can throw Error objects.
 */
export function normaliseError(reason: unknown): ErrorView {
  if (isErrorView(reason)) {
    return { code: reason.code, message: reason.message };
  }
  if (typeof reason === 'string') {
    return { code: 'internal', message: reason };
  }
  if (reason instanceof Error) {
    return { code: 'internal', message: reason.message || reason.name };
  }
  if (typeof reason === 'object' && reason !== null) {
    const message = (reason as { message?: unknown }).message;
    if (typeof message === 'string') {
      return { code: 'internal', message };
    }
  }
  let text: string;
  try {
    text = JSON.stringify(reason) ?? String(reason);
  } catch {
    text = String(reason);
  }
  return { code: 'internal', message: text };
}

type Invoke = (cmd: string, args?: Record<string, unknown>) => Promise<unknown>;

async function call<T>(inv: Invoke, cmd: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return (await inv(cmd, args)) as T;
  } catch (reason) {
    throw normaliseError(reason);
  }
}

/**
 * The backend inside the Tauri app. Every rejection is an ErrorView. `inv` is replaceable so
 * the wiring can be tested without Tauri.
 */
export function createTauriBackend(inv: Invoke = invoke): Backend {
  return {
    archiveInfo: () => call<ArchiveInfo>(inv, 'archive_info'),
    unlock: (officerId, passphrase) =>
      call<SessionView>(inv, 'unlock', { officerId, passphrase }),
    lock: () => call<void>(inv, 'lock'),
    subjectList: () => call<SubjectRow[]>(inv, 'subject_list'),
  };
}

export function isTauri(): boolean {
  return (
    typeof window !== 'undefined' &&
    (window as { __TAURI_INTERNALS__?: unknown }).__TAURI_INTERNALS__ !== undefined
  );
}

/** The real backend inside Tauri, the mock in a plain browser (`npm run dev`). */
export function pickBackend(): Backend {
  if (isTauri()) {
    return createTauriBackend();
  }
  const scenario =
    typeof window !== 'undefined'
      ? new URLSearchParams(window.location.search).get('mock') ?? undefined
      : undefined;
  return createMockBackend({ latencyMs: 500, scenario });
}

export const BackendContext = createContext<Backend | null>(null);

export function useBackend(): Backend {
  const backend = useContext(BackendContext);
  if (!backend) {
    throw new Error('useBackend must be used inside <BackendContext.Provider>');
  }
  return backend;
}
