import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, fireEvent, render, renderHook, screen, waitFor, within } from '@testing-library/react';
import userEvent, { PointerEventsCheckLevel } from '@testing-library/user-event';

import { App } from './App';
import { MOCK_OFFICERS, MOCK_PASSPHRASE, createMockBackend } from './backend/mock';
import type { MainScreen } from './nav';
import { AUTO_LOCK_DEFAULT_MINUTES, useIdleLock } from './idle';

const MINUTE = 60_000;
const [WORKER, STAFF, ADMIN] = MOCK_OFFICERS;

/** The app unlocked as `officer` on `screen`, over a fresh mock. */
async function signedIn(officer = ADMIN, screenName: MainScreen = 'roster', fakeTimers = false) {
  const backend = createMockBackend();
  const session = await backend.unlock(officer.officer_id, MOCK_PASSPHRASE);
  const user = userEvent.setup({
    pointerEventsCheck: PointerEventsCheckLevel.Never,
    ...(fakeTimers ? { advanceTimers: vi.advanceTimersByTime } : {}),
  });
  render(<App backend={backend} initialLang="zh" initialSession={session} initialScreen={screenName} />);
  return { backend, user };
}

/** The OK button of the confirmation that just opened. */
const confirmButton = () =>
  waitFor(() => {
    const buttons = document.querySelectorAll<HTMLElement>('.ant-popconfirm:not(.ant-popover-hidden) .ant-popconfirm-buttons .ant-btn-primary');
    expect(buttons.length).toBeGreaterThan(0);
    return buttons[buttons.length - 1];
  });

afterEach(() => {
  vi.useRealTimers();
  window.localStorage.clear();
});

describe('useIdleLock', () => {
  it.each([
    ['no activity', [], 10, true],
    ['a key press at 9 minutes restarts the count', [{ at: 9, event: 'keydown' }], 10, false],
    ['a click at 9 minutes, then 10 quiet minutes', [{ at: 9, event: 'pointerdown' }], 19, true],
    ['scrolling at 5 minutes, 14 minutes in', [{ at: 5, event: 'wheel' }], 14, false],
  ] as const)('%s', (_, events, after, locked) => {
    vi.useFakeTimers();
    const onIdle = vi.fn();
    renderHook(() => useIdleLock(true, AUTO_LOCK_DEFAULT_MINUTES, onIdle));
    let now = 0;
    for (const { at, event } of events) {
      vi.advanceTimersByTime((at - now) * MINUTE);
      now = at;
      fireEvent(window, new Event(event));
    }
    vi.advanceTimersByTime((after - now) * MINUTE);
    expect(onIdle).toHaveBeenCalledTimes(locked ? 1 : 0);
  });

  it('does not count while locked', () => {
    vi.useFakeTimers();
    const onIdle = vi.fn();
    renderHook(() => useIdleLock(false, 10, onIdle));
    vi.advanceTimersByTime(60 * MINUTE);
    expect(onIdle).not.toHaveBeenCalled();
  });
});

describe('auto-lock in the app', () => {
  it('locks after 10 idle minutes by default and goes back to the unlock screen', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const { backend } = await signedIn(ADMIN, 'roster', true);
    await screen.findByTestId('roster-table');
    act(() => vi.advanceTimersByTime(9 * MINUTE));
    expect(screen.queryByTestId('unlock-passphrase')).toBeNull();
    act(() => vi.advanceTimersByTime(1 * MINUTE));
    expect(await screen.findByTestId('unlock-passphrase')).toBeTruthy();
    // The backend's session is gone too: nothing reads without unlocking again.
    await expect(backend.subjectList()).rejects.toMatchObject({ code: 'locked' });
  });

  it('follows the minutes chosen in 我的账号', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const { user } = await signedIn(WORKER, 'roster', true);
    await user.click(await screen.findByTestId('account-button'));
    const select = await screen.findByTestId('auto-lock-minutes');
    await user.click(within(select).getByRole('combobox'));
    await user.click(await screen.findByTitle('5 分钟'));
    expect(window.localStorage.getItem('dossier.autoLockMinutes')).toBe('5');
    act(() => vi.advanceTimersByTime(5 * MINUTE));
    expect(await screen.findByTestId('unlock-passphrase')).toBeTruthy();
  });
});

describe('人员与账号', () => {
  it('is offered to account administrators only', async () => {
    await signedIn(STAFF);
    await screen.findByTestId('nav-roster');
    expect(screen.queryByTestId('nav-accounts')).toBeNull();
  });

  it('an administrator adds, disables and removes officers; a disabled one cannot unlock', async () => {
    const { backend, user } = await signedIn(ADMIN, 'accounts');
    await waitFor(() => expect(screen.getAllByTestId('officer-row')).toHaveLength(3));
    const self = screen.getAllByTestId('officer-row').find((r) => r.getAttribute('data-officer') === ADMIN.officer_id)!;
    expect(self.textContent).toContain('本人');
    expect(within(self).queryByText('停用')).toBeNull();

    await user.click(screen.getByTestId('officer-add'));
    await user.type(await screen.findByTestId('officer-add-name'), '测试新');
    await user.type(screen.getByTestId('officer-add-passphrase'), 'short');
    expect(await screen.findByText('密码至少需要 8 个字符。')).toBeTruthy();
    expect(screen.getByTestId('officer-add-save').hasAttribute('disabled')).toBe(true);
    await user.type(screen.getByTestId('officer-add-passphrase'), ' enough');
    await user.type(screen.getByTestId('officer-add-mine'), 'not mine');
    await user.click(screen.getByTestId('officer-add-save'));
    expect((await screen.findByTestId('officer-add-error')).getAttribute('data-error-code')).toBe('wrong_passphrase');
    await user.clear(screen.getByTestId('officer-add-mine'));
    await user.type(screen.getByTestId('officer-add-mine'), MOCK_PASSPHRASE);
    await user.click(screen.getByTestId('officer-add-save'));
    await waitFor(() => expect(screen.getAllByTestId('officer-row')).toHaveLength(4));

    await user.click(screen.getByTestId(`officer-disable-${STAFF.officer_id}`));
    await user.click(await confirmButton());
    await screen.findByTestId(`officer-enable-${STAFF.officer_id}`);
    await user.click(screen.getByTestId(`officer-remove-${WORKER.officer_id}`));
    await user.click(await confirmButton());
    await waitFor(() => expect(screen.getAllByTestId('officer-row')).toHaveLength(3));

    await backend.lock();
    await expect(backend.unlock(STAFF.officer_id, MOCK_PASSPHRASE)).rejects.toMatchObject({ code: 'officer_disabled' });
    await expect(backend.unlock(WORKER.officer_id, MOCK_PASSPHRASE)).rejects.toMatchObject({ code: 'unknown_officer' });
  });
});

describe('我的账号: changing one\'s passphrase', () => {
  it('refuses a wrong current passphrase, then changes it; the old one stops working', async () => {
    const { backend, user } = await signedIn(STAFF);
    await user.click(await screen.findByTestId('account-button'));
    await user.type(await screen.findByTestId('passphrase-old'), 'wrong one');
    await user.type(screen.getByTestId('passphrase-new'), 'a new passphrase');
    await user.type(screen.getByTestId('passphrase-again'), 'a new passphrase!');
    expect(await screen.findByText('两次输入的新密码不一致。')).toBeTruthy();
    await user.type(screen.getByTestId('passphrase-again'), '{Backspace}');
    await user.click(screen.getByTestId('passphrase-save'));
    const error = await screen.findByTestId('passphrase-error');
    expect(error.getAttribute('data-error-code')).toBe('wrong_passphrase');
    await user.clear(screen.getByTestId('passphrase-old'));
    await user.type(screen.getByTestId('passphrase-old'), MOCK_PASSPHRASE);
    await user.click(screen.getByTestId('passphrase-save'));
    expect(await screen.findByText('密码已修改，旧密码不再有效。')).toBeTruthy();

    await backend.lock();
    await expect(backend.unlock(STAFF.officer_id, MOCK_PASSPHRASE)).rejects.toMatchObject({ code: 'wrong_passphrase' });
    await expect(backend.unlock(STAFF.officer_id, 'a new passphrase')).resolves.toMatchObject({ role: 'office_staff' });
  });
});
