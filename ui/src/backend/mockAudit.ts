// The audit log (审计日志) of the mock backend: a few made-up entries of the kinds the Rust
// side records (a file opened, a change, a bundle imported, sign-ins, a backup), and one more
// for every file printed and every time the log is read, as the Rust side records those too. Office roles only, like
// core's Action::ReadAudit: a village worker gets permission_denied.
// Deliberately absent: the hash chain (the real log's integrity is `dossier check`'s).

import type { Backend } from './index';
import type { AuditEntryView } from './bindings/AuditEntryView';
import type { ErrorView } from './bindings/ErrorView';
import type { SessionView } from './bindings/SessionView';
import type { SubjectRow } from './bindings/SubjectRow';

type AuditMethods = Pick<Backend, 'auditLog' | 'subjectPrinted'> & {
  /** Appends an entry by `who` about no subject, as the Rust side does for a backup. */
  note: (who: SessionView, action: string, detail: string) => void;
};

const err = (code: string, message: string): ErrorView => ({ code, message });

function minute(ms: number): string {
  // China Standard Time, as the Rust side formats it.
  return new Date(ms + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
}

export function mockAudit(
  requireSession: () => SessionView,
  settle: <T>(produce: () => T) => Promise<T>,
  subjects: SubjectRow[],
): AuditMethods {
  const start = Date.UTC(2026, 10, 30, 0, 30);
  const first = subjects[0];
  const seeds: Array<[string, string | null, string, SubjectRow | undefined]> = [
    ['sign_in_failed', null, 'wrong passphrase', undefined],
    ['sign_in', '陈丽', 'signed in', undefined],
    ['view_file', '陈丽', 'personal file opened', first],
    ['change', '陈丽', 'record ×1: op 212 of device 01J9Z6X4Q0DEVICE', first],
    ['import', '陈丽', 'bundle 01J9ZB (number 4) from device 01J9Z6X4Q0VILL: 12 new, 0 already here, 0 held', undefined],
    ['backup', '陈丽', 'automatic backup (import)', undefined],
  ];
  const entries: AuditEntryView[] = seeds.map(([action, who, detail, s], i) => ({
    seq: i + 1,
    at_ms: start + i * 60_000,
    at: minute(start + i * 60_000),
    officer_id: who ? `mock-officer-${who}` : null,
    officer_name: who,
    action,
    subject_id: s?.id ?? null,
    file_no: s?.file_no ?? null,
    detail,
  }));

  const record = (who: SessionView, action: string, subject: SubjectRow | undefined, detail: string) => {
    const now = Date.now();
    entries.push({
      seq: entries.length + 1,
      at_ms: now,
      at: minute(now),
      officer_id: who.officer_id,
      officer_name: who.officer_name,
      action,
      subject_id: subject?.id ?? null,
      file_no: subject?.file_no ?? null,
      detail,
    });
  };

  return {
    note: (who, action, detail) => record(who, action, undefined, detail),
    subjectPrinted: (subjectId) =>
      settle(() => {
        const who = requireSession();
        const subject = subjects.find((s) => s.id === subjectId);
        if (!subject) throw err('not_found', 'The subject was not found.');
        record(who, 'print', subject, 'personal file printed');
      }),
    auditLog: (subjectId) =>
      settle(() => {
        const who = requireSession();
        if (who.role !== 'office_staff' && who.role !== 'office_admin')
          throw err('permission_denied', 'Your role may not read the audit log.');
        const shown = entries.filter((e) => !subjectId || e.subject_id === subjectId).map((e) => ({ ...e }));
        const subject = subjects.find((s) => s.id === subjectId);
        record(who, 'view_audit', subject, subject ? 'audit log of one subject read' : 'audit log read');
        return shown;
      }),
  };
}
