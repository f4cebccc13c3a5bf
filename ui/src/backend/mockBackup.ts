// Backups and restoring in the mock backend: the automatic backups kept in the archive's own
// folder, how many are kept, 立即备份 "saving" where the dialog says, and restoring a chosen
// backup file into a chosen folder from the unlock screen. Refusals follow dossier-api's
// codes: a file whose name says `tampered` is backup_damaged, `foreign` is backup_foreign; a
// folder whose name says `not-empty` is already_exists; a passphrase other than the mock's
// is wrong_passphrase. Nothing is written anywhere.
// Deliberately absent: real files, sizes and the new sync device a restore makes.

import type { Backend, PickedBackup } from './index';
import type { AutoBackupView } from './bindings/AutoBackupView';
import type { BackupListView } from './bindings/BackupListView';
import type { ErrorView } from './bindings/ErrorView';
import type { OfficerSlotView } from './bindings/OfficerSlotView';
import type { SessionView } from './bindings/SessionView';
import { addDays, todayIso } from '../dates';

type BackupMethods = Pick<
  Backend,
  'backupList' | 'backupSetKept' | 'backupNow' | 'restorePickFile' | 'restorePickFolder' | 'restore' | 'openRestored'
>;

export interface MockBackupOptions {
  requireSession: () => SessionView;
  settle: <T>(produce: () => T) => Promise<T>;
  /** The officers of the archive, who are also the officers of its backups. */
  officers: () => OfficerSlotView[];
  passphrase: string;
  /** The archive's folder until the window switches to a restored one. */
  archivePath: string;
  /** Records an entry in the mock's audit log, as the Rust side does for a backup. */
  audit: (who: SessionView, action: string, detail: string) => void;
  /** Where 立即备份's dialog saves: a path, or null as if it was cancelled. */
  pickBackupPath?: (suggested: string) => string | null;
  /** The backup file chosen to restore: a path, or null as if the dialog was cancelled. */
  pickBackupFile?: () => string | null;
  /** The folder chosen to restore into: a path, or null as if the dialog was cancelled. */
  pickRestoreFolder?: () => string | null;
}

const err = (code: string, message: string): ErrorView => ({ code, message });

const MB = 1024 * 1024;

export function mockBackup(o: MockBackupOptions) {
  const today = todayIso();
  let keep = 7;
  let files: AutoBackupView[] = [
    { name: 'x-daily.dossier-backup', made_at: `${today} 08:31`, reason: 'daily', bytes: 12.4 * MB },
    { name: 'x-import.dossier-backup', made_at: `${addDays(today, -1)} 16:05`, reason: 'import', bytes: 12.3 * MB },
    { name: 'y-daily.dossier-backup', made_at: `${addDays(today, -1)} 08:47`, reason: 'daily', bytes: 12.1 * MB },
  ];
  const picked = new Set<string>();
  const restored = new Set<string>();
  let archivePath = o.archivePath;
  let switched = false;

  const list = (): BackupListView => ({ keep, files: files.map((f) => ({ ...f })) });

  const methods: BackupMethods = {
    backupList: () =>
      o.settle(() => {
        o.requireSession();
        return list();
      }),
    backupSetKept: (n) =>
      o.settle(() => {
        o.requireSession();
        if (!Number.isInteger(n) || n < 1 || n > 365)
          throw err('invalid_input', 'Keep between 1 and 365 automatic backups.');
        keep = n;
        files = files.slice(0, keep);
        return list();
      }),
    backupNow: () =>
      o.settle(() => {
        const who = o.requireSession();
        const suggested = `档案备份-${todayIso()}.dossier-backup`;
        const path = o.pickBackupPath ? o.pickBackupPath(suggested) : `/media/usb/${suggested}`;
        if (path === null) return null;
        o.audit(who, 'backup', 'backup written');
        const now = new Date(Date.now() + 8 * 3_600_000).toISOString();
        return { path, archive_id: 'mock-archive', made_at: `${now.slice(0, 10)} ${now.slice(11, 16)}`, bytes: 12.5 * MB };
      }),
    restorePickFile: () =>
      o.settle((): PickedBackup | null => {
        const path = o.pickBackupFile ? o.pickBackupFile() : '/media/usb/dossier-2026-11-30.dossier-backup';
        if (path === null) return null;
        if (path.includes('tampered'))
          throw err('backup_damaged', 'This backup cannot be used: its checksum does not match (the file is incomplete or was altered). Nothing was restored; use another backup file.');
        if (path.includes('foreign'))
          throw err('backup_foreign', 'This backup belongs to another archive (its parts name different archives).');
        picked.add(path);
        return {
          path,
          name: path.split('/').pop() ?? path,
          info: { made_at: `${addDays(today, -1)} 17:20`, officers: o.officers().map((x) => ({ ...x })) },
        };
      }),
    restorePickFolder: () =>
      o.settle(() => {
        const path = o.pickRestoreFolder ? o.pickRestoreFolder() : '/home/demo/恢复的档案';
        if (path !== null) picked.add(path);
        return path;
      }),
    restore: (file, folder, officerId, passphrase) =>
      o.settle(() => {
        if (!picked.has(file)) throw err('invalid_input', 'Choose the backup file with the file dialog first.');
        if (!picked.has(folder)) throw err('invalid_input', 'Choose the folder to restore into with the file dialog first.');
        if (folder.includes('not-empty'))
          throw err('already_exists', `An archive already exists at ${folder}. Choose another folder; nothing was changed.`);
        if (!o.officers().some((x) => x.officer_id === officerId))
          throw err('unknown_officer', 'No officer of this archive has that name or id.');
        if (passphrase !== o.passphrase)
          throw err('wrong_passphrase', 'The passphrase is wrong. Check the keyboard layout and Caps Lock, then try again.');
        restored.add(folder);
        return { path: folder, usual_path: o.archivePath, remembered_on_open: true };
      }),
    openRestored: (path) =>
      o.settle(() => {
        if (!restored.has(path)) throw err('invalid_input', 'Only an archive restored in this window can be opened here.');
        archivePath = path;
        switched = true;
        return { path, officers: o.officers() };
      }),
  };

  return {
    methods,
    /** The archive's folder now (a restored one after openRestored). */
    archivePath: () => archivePath,
    /** Whether the window was switched to a restored archive (which exists, whatever the scenario). */
    switched: () => switched,
  };
}
