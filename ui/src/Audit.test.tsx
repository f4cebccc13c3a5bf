import { describe, expect, it, vi } from 'vitest';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import { App } from './App';
import { createTauriBackend } from './backend';
import { MOCK_OFFICERS, MOCK_PASSPHRASE, createMockBackend } from './backend/mock';
import { errorText } from './i18n';

vi.setConfig({ testTimeout: 60_000 });

/** Unlocked as mock officer `officer` (0 village worker, 1 office staff, 2 admin) on the roster. */
async function start(officer: number) {
  const user = userEvent.setup({ delay: null });
  const backend = createMockBackend();
  const session = await backend.unlock(MOCK_OFFICERS[officer].officer_id, MOCK_PASSPHRASE);
  render(<App backend={backend} initialLang="zh" initialSession={session} initialScreen="roster" />);
  await screen.findByTestId('nav-roster');
  return { user, backend };
}

describe('the audit log (审计日志)', () => {
  it('is in the navigation of office roles, newest first, searchable and filtered by action', async () => {
    const { user } = await start(1);
    await user.click(screen.getByTestId('nav-audit'));
    const page = await screen.findByTestId('audit');
    expect(screen.getByTestId('nav-audit').textContent).toContain('审计日志');
    const rows = await within(page).findAllByTestId('audit-row');
    expect(rows.length).toBe(6);
    expect(within(rows[0]).getByTestId('audit-action').textContent).toBe('备份');
    expect(within(rows[rows.length - 1]).getByTestId('audit-action').textContent).toBe('登录失败');
    await user.type(screen.getByTestId('audit-search'), '查看档案');
    await waitFor(() => expect(within(page).getAllByTestId('audit-row')).toHaveLength(1));
  });

  it('is not offered to a village worker, whom the backend refuses', async () => {
    const { backend } = await start(0);
    expect(screen.queryByTestId('nav-audit')).toBeNull();
    await expect(backend.auditLog(null)).rejects.toMatchObject({ code: 'permission_denied' });
  });

  it('records each reading, and asks the Rust side by subject', async () => {
    const backend = createMockBackend();
    await backend.unlock(MOCK_OFFICERS[2].officer_id, MOCK_PASSPHRASE);
    const first = await backend.auditLog(null);
    const second = await backend.auditLog(null);
    expect(second.length).toBe(first.length + 1);
    expect(second[second.length - 1].action).toBe('view_audit');

    const calls: Array<[string, unknown]> = [];
    const tauri = createTauriBackend(async (cmd: string, args?: unknown) => {
      calls.push([cmd, args]);
      return [] as never;
    });
    await tauri.auditLog('s1');
    await tauri.auditLog();
    await tauri.subjectPrinted('s1');
    expect(calls).toEqual([
      ['audit_log', { subjectId: 's1' }],
      ['audit_log', { subjectId: null }],
      ['subject_printed', { subjectId: 's1' }],
    ]);
    // A printed file is in the log.
    const subject = (await backend.subjectList())[0];
    await backend.subjectPrinted(subject.id);
    const mine = await backend.auditLog(subject.id);
    expect(mine.map((e) => e.action)).toContain('print');
  });

  it('says in Chinese how long to wait after wrong passphrases, and when the archive is open elsewhere', () => {
    const wait = errorText('zh', {
      code: 'sign_in_delay',
      message: 'Too many wrong passphrases. Wait 10 seconds before trying again; …',
    });
    expect(wait.title).toContain('10 秒');
    expect(errorText('zh', { code: 'archive_in_use', message: 'x' }).title).toContain('另一个 Dossier 窗口');
  });
});
