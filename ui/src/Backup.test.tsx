import { describe, expect, it, vi } from 'vitest';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent, { PointerEventsCheckLevel } from '@testing-library/user-event';

import { App } from './App';
import { createTauriBackend } from './backend';
import { MOCK_ARCHIVE_PATH, MOCK_OFFICERS, MOCK_PASSPHRASE, createMockBackend, type MockOptions } from './backend/mock';
import { auditDetailText } from './i18n';

vi.setConfig({ testTimeout: 60_000 });

const [WORKER, , ADMIN] = MOCK_OFFICERS;

/** The app over a fresh mock with `options`: on the backup page as `officer`, or locked. */
async function start(options: MockOptions = {}, officer: (typeof MOCK_OFFICERS)[number] | null = ADMIN) {
  const user = userEvent.setup({ delay: null, pointerEventsCheck: PointerEventsCheckLevel.Never });
  const backend = createMockBackend(options);
  const session = officer ? await backend.unlock(officer.officer_id, MOCK_PASSPHRASE) : undefined;
  render(<App backend={backend} initialLang="zh" initialSession={session} initialScreen="roster" />);
  if (officer) {
    await user.click(await screen.findByTestId('nav-backup'));
    await screen.findByTestId('backup-page');
  } else {
    await screen.findByTestId('restore-link');
  }
  return { user, backend };
}

describe('the backup page (备份)', () => {
  it.each([
    ['the office administrator', ADMIN],
    ['a village worker', WORKER],
  ])('is offered to %s, says what a backup is and lists the automatic ones', async (_, officer) => {
    await start({}, officer);
    expect(screen.getByTestId('backup-what').textContent).toContain('加密');
    expect(screen.getByTestId('backup-elsewhere').textContent).toContain('这台电脑以外');
    const rows = await screen.findAllByTestId('backup-row');
    expect(rows).toHaveLength(3);
    expect(rows[0].textContent).toContain('每日自动备份');
    expect(rows[1].textContent).toContain('导入同步文件前');
    expect(rows[0].textContent).toContain('MB');
  });

  it.each([
    ['saved where the dialog says, and the audit log lists it', '/media/usb/备份.dossier-backup', true],
    ['cancelled in the dialog: nothing saved, nothing said', null, false],
  ])('立即备份 %s', async (_, path, saved) => {
    const { user, backend } = await start({ pickBackupPath: () => path });
    await user.click(screen.getByTestId('backup-now'));
    if (saved) {
      expect((await screen.findByTestId('backup-saved-path')).textContent).toContain(path);
    } else {
      await waitFor(() => expect(screen.getByTestId('backup-now').className).not.toContain('loading'));
      expect(screen.queryByTestId('backup-saved')).toBeNull();
    }
    const log = await backend.auditLog(null);
    expect(log.filter((e) => e.detail === 'backup written')).toHaveLength(saved ? 1 : 0);
  });

  it('keeps as many automatic backups as chosen', async () => {
    const { user, backend } = await start();
    await user.click(within(screen.getByTestId('backup-keep')).getByRole('combobox'));
    await user.click(await screen.findByTitle('3'));
    await waitFor(async () => expect((await backend.backupList()).keep).toBe(3));
    await expect(backend.backupSetKept(0)).rejects.toMatchObject({ code: 'invalid_input' });
  });
});

describe('restoring from a backup on the unlock screen (从备份恢复)', () => {
  /** Opens the dialog, chooses the file and the folder, types the passphrase, restores. */
  async function restore(options: MockOptions, passphrase: string) {
    const { user, backend } = await start(options, null);
    await user.click(screen.getByTestId('restore-link'));
    const dialog = await screen.findByTestId('restore-dialog');
    expect(within(dialog).getByTestId('restore-enrol-note').textContent).toContain('重新办理设备登记');
    await user.click(within(dialog).getByTestId('restore-pick-file'));
    const refused = await Promise.race([
      screen.findByTestId('restore-file').then(() => false),
      screen.findByTestId('restore-error').then(() => true),
    ]);
    if (!refused) {
      await user.click(within(dialog).getByTestId('restore-pick-folder'));
      await screen.findByTestId('restore-folder');
      await user.type(within(dialog).getByTestId('restore-passphrase'), passphrase);
      await user.click(screen.getByTestId('restore-submit'));
    }
    return { user, backend };
  }

  it.each([
    ['a tampered file', { pickBackupFile: () => '/media/usb/tampered.dossier-backup' }, MOCK_PASSPHRASE, '不完整或被改动过'],
    ['a file of another archive', { pickBackupFile: () => '/media/usb/foreign.dossier-backup' }, MOCK_PASSPHRASE, '属于不同的档案'],
    ['a wrong passphrase', {}, 'not-the-one', '密码错误'],
    ['a folder that is not empty', { pickRestoreFolder: () => '/home/demo/not-empty' }, MOCK_PASSPHRASE, '不是空的'],
  ] satisfies Array<[string, MockOptions, string, string]>)('refuses %s in plain Chinese', async (_, options, passphrase, says) => {
    await restore(options, passphrase);
    expect((await screen.findByTestId('restore-error')).textContent).toContain(says);
    expect(screen.queryByTestId('restore-done')).toBeNull();
  });

  it('restores, says how to keep using it, and opens the restored archive on request', async () => {
    const { user } = await restore({ scenario: 'no_archive' }, MOCK_PASSPHRASE);
    expect((await screen.findByTestId('restore-done')).textContent).toContain('/home/demo/恢复的档案');
    const next = screen.getByTestId('restore-next-start').textContent;
    expect(next).toContain('以后每次启动 Dossier 都会打开恢复的档案');
    expect(next).toContain(MOCK_ARCHIVE_PATH);
    await user.click(screen.getByTestId('restore-open'));
    await waitFor(() => expect(screen.getByTestId('archive-path').textContent).toBe('/home/demo/恢复的档案'));
    await user.type(screen.getByTestId('unlock-passphrase'), MOCK_PASSPHRASE);
    await user.click(screen.getByTestId('unlock-submit'));
    await screen.findByTestId('nav-roster');
  });

  it('asks the Rust side with the names it expects', async () => {
    const calls: Array<[string, unknown]> = [];
    const tauri = createTauriBackend(async (cmd: string, args?: unknown) => {
      calls.push([cmd, args]);
      return null as never;
    });
    await tauri.backupList();
    await tauri.backupSetKept(5);
    await tauri.backupNow();
    await tauri.restorePickFile();
    await tauri.restorePickFolder();
    await tauri.restore('/f', '/d', 'o1', 'p');
    await tauri.openRestored('/d');
    expect(calls).toEqual([
      ['backup_list', undefined],
      ['backup_set_kept', { keep: 5 }],
      ['backup_now', undefined],
      ['restore_pick_file', undefined],
      ['restore_pick_folder', undefined],
      ['restore', { file: '/f', folder: '/d', officerId: 'o1', passphrase: 'p' }],
      ['open_restored', { path: '/d' }],
    ]);
  });
});

describe("the audit log's 说明 in Chinese", () => {
  it.each([
    ['personal file opened', '打开了个人档案'],
    ['wrong passphrase', '密码错误'],
    ['3 earlier failed sign-in(s), times not kept', '此前有 3 次密码错误（未记下时间）'],
    ['backup written', '立即备份：保存了一份备份文件'],
    ['automatic backup (daily)', '每日自动备份'],
    ['automatic backup (import)', '导入同步文件前的自动备份'],
    [
      'restored from a backup made 2026-11-30 17:20; new sync device 01JDEV',
      '用 2026-11-30 17:20 的备份恢复；本机成为新的同步设备 01JDEV，需要司法所重新登记',
    ],
    [
      'bundle 01J9ZB (number 4) from device 01JVILL: 12 new, 0 already here, 1 held',
      '同步文件 01J9ZB（第 4 份）来自设备 01JVILL：新数据 12 条，已有 0 条，暂缓 1 条',
    ],
    ['bundle 01J9ZC (number 2) to device 01JVILL: 7 operation(s)', '同步文件 01J9ZC（第 2 份）发给设备 01JVILL：7 条数据'],
    ['record ×1: op 212 of device 01JDEV', '档案记录 1 项（设备 01JDEV 的第 212 条数据）'],
    [
      'leave ×1: op 9 of device 01a23443-fa82-7d49-ab27-3e077b0a96be',
      '请假外出 1 项（设备 01a23443 的第 9 条数据）',
    ],
    ['officer ×1, subject ×2: ops 5–7 of device 01JDEV', '工作人员账号 1 项、矫正对象基本信息 2 项（设备 01JDEV 的第 5–7 条数据）'],
    ['something a newer version writes', 'something a newer version writes'],
  ])('%s', (stored, shown) => {
    expect(auditDetailText('zh', stored)).toBe(shown);
    expect(auditDetailText('en', stored)).toBe(stored);
  });
});
