import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './styles.css';
import { App } from './App';
import { isTauri, pickBackend } from './backend';
import { MOCK_OFFICERS, MOCK_PASSPHRASE } from './backend/mock';
import type { MainScreen } from './nav';

const root = createRoot(document.getElementById('root')!);

// In a plain browser the mock can start unlocked, on the roster (`?open=roster`) or on a file
// (`?open=mock-subject-03`, on one of its tabs with `&tab=assessment` or `&tab=proposals`),
// on the reminders (`?open=dashboard`), on the registers (`?open=registers`, one of them
// with `&tab=meeting`), the report centre (`?open=reports`), the sync page (`?open=sync`;
// `&mock=fresh` for a computer never enrolled), the audit log (`?open=audit&officer=1`) or
// the backups (`?open=backup`),
// for looking at screens; `&officer=1` signs in as office staff.
// The real app always starts locked.
const MAIN_SCREENS: string[] = ['roster', 'dashboard', 'registers', 'sync', 'reports', 'audit', 'accounts', 'backup'] satisfies MainScreen[];
const params = new URLSearchParams(window.location.search);
const open = !isTauri() ? params.get('open') : null;

if (open) {
  const backend = pickBackend();
  const officer = MOCK_OFFICERS[Number(params.get('officer') ?? 0)];
  void backend.unlock(officer.officer_id, MOCK_PASSPHRASE).then((session) =>
    root.render(
      <StrictMode>
        <App
          backend={backend}
          initialSession={session}
          initialSubjectId={MAIN_SCREENS.includes(open) ? undefined : open}
          initialTab={params.get('tab') ?? undefined}
          initialScreen={MAIN_SCREENS.includes(open) ? (open as MainScreen) : 'roster'}
        />
      </StrictMode>,
    ),
  );
} else {
  root.render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
