import { describe, expect, it, vi } from 'vitest';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import { App } from './App';
import type { Backend, ImportProgressView, ImportView, PickedBundle } from './backend';
import { MOCK_OFFICERS, MOCK_PASSPHRASE, createMockBackend } from './backend/mock';
import { mockRefusedBundle } from './backend/mockSync';

vi.setConfig({ testTimeout: 60_000 });

/** officer 0 is a village worker, 1 office staff. */
async function start(options: { officer?: number; backend?: Backend; pickBundle?: () => PickedBundle | null; scenario?: string } = {}) {
  const user = userEvent.setup({ delay: null });
  const backend =
    options.backend ?? createMockBackend({ pickBundle: options.pickBundle, scenario: options.scenario });
  const session = await backend.unlock(MOCK_OFFICERS[options.officer ?? 0].officer_id, MOCK_PASSPHRASE);
  render(<App backend={backend} initialLang="zh" initialSession={session} initialScreen="sync" />);
  await screen.findByTestId('sync-status');
  return { user, backend };
}

/** The mock, with an import that stops after its first progress report until released. */
function heldImport() {
  const mock = createMockBackend();
  let release = () => {};
  const backend: Backend = {
    ...mock,
    syncImport: (path: string, onProgress: (p: ImportProgressView) => void) =>
      new Promise<ImportView>((resolve, reject) => {
        onProgress({ done: 500, total: 1204 });
        release = () => void mock.syncImport(path, onProgress).then(resolve, reject);
      }),
  };
  return { backend, release: () => release() };
}

describe('数据同步', () => {
  it('a village previews a bundle in plain words, imports it with a progress bar, and sees the report', async () => {
    const { backend, release } = heldImport();
    const { user } = await start({ backend });
    expect(screen.getByTestId('nav-sync').getAttribute('aria-current')).toBe('page');
    const status = screen.getByTestId('sync-status');
    expect(within(status).getByText('城南街道司法所')).toBeTruthy();

    await user.click(screen.getByTestId('sync-pick'));
    const preview = await screen.findByTestId('sync-preview');
    expect(preview.textContent).toContain('来自：城南街道司法所，这是对方发来的第 4 份文件');
    expect(within(preview).getByTestId('sync-count-new').textContent).toContain('1,204 条');
    expect(within(preview).getByTestId('sync-count-already_had').textContent).toContain('36 条');
    expect(within(preview).getByTestId('sync-count-conflicts').textContent).toContain('1 处');
    // Nothing held back: that line is left out rather than shown as 0.
    expect(within(preview).queryByTestId('sync-count-held')).toBeNull();

    await user.click(screen.getByTestId('sync-confirm'));
    const progress = await screen.findByTestId('sync-importing');
    await waitFor(() => expect(within(progress).getByTestId('sync-progress-text').textContent).toBe('已导入 500 / 1,204 条'));
    expect(progress.querySelector('.ant-progress')).toBeTruthy();

    release();
    const report = await screen.findByTestId('sync-report');
    expect(report.textContent).toContain('导入完成');
    expect(report.textContent).toContain('导入新数据 1,204 条，跳过已有数据 36 条。');
    expect(report.textContent).toContain('发现 1 处数据冲突');
    // The status is read again: the office's fourth file is the last received.
    await waitFor(() => expect(within(screen.getByTestId('sync-status')).getByText(/第 4 份/)).toBeTruthy());

    // The same file again is recognised and not offered for import.
    await user.click(screen.getByTestId('sync-pick'));
    const again = await screen.findByTestId('sync-preview');
    expect(within(again).getByTestId('sync-chain').textContent).toContain('以前已经导入过');
    expect(within(again).queryByTestId('sync-confirm')).toBeNull();
  });

  it.each([
    ['bundle_damaged', '同步文件已损坏或不完整'],
    ['bundle_revoked', '已被司法所停用'],
    ['bundle_fork', '档案可能被复制'],
  ])('a refused bundle (%s) is explained in plain Chinese, and nothing changed', async (code, words) => {
    const { user } = await start({ pickBundle: () => mockRefusedBundle(code) });
    await user.click(screen.getByTestId('sync-pick'));
    const alert = await screen.findByTestId('sync-import-error');
    expect(alert.getAttribute('data-error-code')).toBe(code);
    expect(alert.textContent).toContain(words);
    // The English detail of the Rust side is not shown to a village worker.
    expect(alert.textContent).not.toMatch(/[A-Za-z]{4,}/);
    expect(screen.getByTestId('sync-refused').textContent).toContain('没有导入：档案没有任何改动。');
    expect(screen.getByTestId('sync-pick').textContent).toContain('重新选择文件');
  });

  it('a cancelled file dialog leaves the import as it was', async () => {
    const { user } = await start({ pickBundle: () => null });
    await user.click(screen.getByTestId('sync-pick'));
    await waitFor(() => expect(screen.getByTestId('sync-pick').textContent).toContain('选择同步文件'));
    expect(screen.queryByTestId('sync-file')).toBeNull();
  });

  it('a village exports to its office and is told where the file is, how much it holds and what to do', async () => {
    const { user } = await start();
    expect(screen.getByTestId('sync-to-office').textContent).toBe('城南街道司法所');
    expect(screen.getByTestId('sync-pending').textContent).toContain('12 条');
    await user.click(screen.getByTestId('sync-export-button'));
    const saved = await screen.findByTestId('sync-saved');
    expect(within(saved).getByTestId('sync-saved-path').textContent).toMatch(/^\/media\/usb\/dossier-.*\.bundle$/);
    expect(saved.textContent).toContain('共 12 条数据、2 个附件，文件大小 11 KB。');
    expect(saved.textContent).toContain('这是发给对方的第 6 份文件。');
    expect(saved.textContent).toContain('请把这个文件交给城南街道司法所');
  });

  it('the office chooses a village to export to, and sees held data and conflicts', async () => {
    const { user } = await start({ officer: 1 });
    expect(screen.getByTestId('sync-export-button').hasAttribute('disabled')).toBe(true);
    await user.click(within(screen.getByTestId('sync-export')).getByRole('combobox'));
    await user.click(await screen.findByTitle('柳湾村委会'));
    expect(screen.getByTestId('sync-pending').textContent).toContain('226 条');
    await user.click(screen.getByTestId('sync-export-button'));
    const saved = await screen.findByTestId('sync-saved');
    expect(saved.textContent).toContain('请把这个文件交给柳湾村委会');
    expect(saved.textContent).toContain('第 1 份');

    expect(screen.getAllByTestId('sync-peer')).toHaveLength(3);
    expect(screen.getByTestId('sync-gap').textContent).toContain(
      '青石社区居委会的第 41–52 条数据还没有收到，之后的 5 条先暂缓导入。',
    );
    expect(screen.getByTestId('sync-conflicts-count').textContent).toBe('有 2 处数据冲突需要核对');
  });

  it('a computer never enrolled says so, lists no one and offers nothing to press', async () => {
    await start({ scenario: 'fresh' });
    expect(screen.getByTestId('sync-not-enrolled').textContent).toContain('还没有在司法所登记');
    expect(screen.getByTestId('sync-status').textContent).toContain('还没有与任何单位交换过同步文件。');
    expect(screen.getByTestId('sync-pick').hasAttribute('disabled')).toBe(true);
    expect(screen.getByTestId('sync-export-button').hasAttribute('disabled')).toBe(true);
    expect(screen.getByTestId('sync-conflicts-none').textContent).toBe('没有待处理的冲突。');
  });

  it('lists each conflict with whose file, the field in words and both values side by side', async () => {
    await start();
    const conflicts = await screen.findAllByTestId('sync-conflict');
    expect(conflicts).toHaveLength(2);
    expect(screen.getByTestId('sync-conflicts').textContent).toContain('两台电脑从同一版本分别修改了同一项');
    const phone = conflicts.find((c) => c.getAttribute('data-field') === 'd.phone')!;
    expect(within(phone).getByTestId('sync-conflict-subject').textContent).toBe('王磊');
    expect(within(phone).getByTestId('sync-conflict-field').textContent).toBe('联系电话');
    const shown = within(phone).getByTestId('sync-conflict-shown');
    const other = within(phone).getByTestId('sync-conflict-other');
    expect(shown.textContent).toContain('现在显示');
    expect(within(shown).getByTestId('sync-conflict-value').textContent).toBe('13957120318');
    // The village's own computer is 本机; the office's is named as people say it.
    expect(within(shown).getByTestId('sync-conflict-writer').textContent).toMatch(/^王晓明（本机） 于 \d{4}-\d{2}-\d{2} 15:40 填写$/);
    expect(other.textContent).toContain('另一个值');
    expect(within(other).getByTestId('sync-conflict-value').textContent).toBe('13900000031');
    expect(within(other).getByTestId('sync-conflict-writer').textContent).toContain('陈丽（城南街道司法所）');
    expect(within(shown).getByTestId('sync-conflict-keep').textContent).toBe('保留此值');
    expect(within(other).getByTestId('sync-conflict-keep').textContent).toBe('保留此值');
    // An officer this archive does not know: the computer alone says who.
    const address = conflicts.find((c) => c.getAttribute('data-field') === 'residence_address')!;
    expect(within(address).getByTestId('sync-conflict-subject').textContent).toBe('张伟');
    expect(within(address).getByTestId('sync-conflict-field').textContent).toBe('居住地址');
    expect(within(within(address).getByTestId('sync-conflict-other')).getByTestId('sync-conflict-writer').textContent).toMatch(/^本机 于 /);
  });

  it('keeping the other value sends that side to the backend, and the conflict leaves the list and the count', async () => {
    const mock = createMockBackend();
    const syncResolve = vi.fn(mock.syncResolve);
    const { user } = await start({ backend: { ...mock, syncResolve } });
    expect(screen.getByTestId('sync-conflicts-count').textContent).toBe('有 2 处数据冲突需要核对');
    const phone = (await screen.findAllByTestId('sync-conflict')).find((c) => c.getAttribute('data-field') === 'd.phone')!;
    const [before] = (await mock.syncConflicts()).filter((c) => c.field === 'd.phone');

    await user.click(within(within(phone).getByTestId('sync-conflict-other')).getByTestId('sync-conflict-keep'));
    expect(syncResolve).toHaveBeenCalledWith('record', before.entity_id, 'd.phone', before.other.op_id);
    const done = await screen.findByTestId('sync-conflict-resolved');
    expect(done.textContent).toContain('已保留王磊的联系电话：13900000031');
    expect(done.textContent).toContain('您的选择会随下次导出的数据文件送到对方');
    await waitFor(() => expect(screen.getAllByTestId('sync-conflict')).toHaveLength(1));
    await waitFor(() => expect(screen.getByTestId('sync-conflicts-count').textContent).toBe('有 1 处数据冲突需要核对'));
    expect(screen.getByTestId('sync-conflict').getAttribute('data-field')).toBe('residence_address');

    // The last one kept as shown: the calm empty line, no count.
    await user.click(within(screen.getByTestId('sync-conflict-shown')).getByTestId('sync-conflict-keep'));
    await waitFor(() => expect(screen.getByTestId('sync-conflicts-none').textContent).toBe('没有待处理的冲突。'));
    expect(screen.queryByTestId('sync-conflicts-count')).toBeNull();
  });

  it('a conflict settled meanwhile is explained in plain words and the list is read again', async () => {
    const mock = createMockBackend();
    const { user } = await start({ backend: mock });
    const phone = (await screen.findAllByTestId('sync-conflict')).find((c) => c.getAttribute('data-field') === 'd.phone')!;
    // Settled behind the screen's back (another window, an import).
    const [c] = (await mock.syncConflicts()).filter((x) => x.field === 'd.phone');
    await mock.syncResolve(c.entity, c.entity_id, c.field, c.shown.op_id);

    await user.click(within(within(phone).getByTestId('sync-conflict-other')).getByTestId('sync-conflict-keep'));
    const alert = await screen.findByTestId('sync-conflict-error');
    expect(alert.getAttribute('data-error-code')).toBe('not_found');
    expect(alert.textContent).toContain('这处冲突已经处理过了');
    expect(alert.textContent).not.toMatch(/[A-Za-z]{4,}/);
    expect(screen.queryByTestId('sync-conflict-resolved')).toBeNull();
    await waitFor(() => expect(screen.getAllByTestId('sync-conflict')).toHaveLength(1));
  });

  it('another refusal keeps the list as it was and says why', async () => {
    const mock = createMockBackend();
    const syncResolve = () => Promise.reject({ code: 'permission_denied', message: 'You may not resolve conflicts.' });
    const { user } = await start({ backend: { ...mock, syncResolve } });
    await screen.findAllByTestId('sync-conflict');
    await user.click(within(screen.getAllByTestId('sync-conflict-other')[0]).getByTestId('sync-conflict-keep'));
    const alert = await screen.findByTestId('sync-conflict-error');
    expect(alert.getAttribute('data-error-code')).toBe('permission_denied');
    expect(screen.getAllByTestId('sync-conflict')).toHaveLength(2);
  });
});
