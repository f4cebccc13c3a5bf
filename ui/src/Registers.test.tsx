import { describe, expect, it, vi } from 'vitest';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import { App } from './App';
import { MOCK_OFFICERS, MOCK_PASSPHRASE, createMockBackend } from './backend/mock';
import { todayIso } from './dates';

vi.setConfig({ testTimeout: 60_000 });

/** Unlocked as mock officer `officer` (0 village worker, 1 office staff) on the roster. */
async function start(officer = 1) {
  const user = userEvent.setup({ delay: null });
  const backend = createMockBackend();
  const session = await backend.unlock(MOCK_OFFICERS[officer].officer_id, MOCK_PASSPHRASE);
  render(<App backend={backend} initialLang="zh" initialSession={session} initialScreen="roster" />);
  await user.click(await screen.findByTestId('nav-registers'));
  await screen.findByTestId('registers');
  return { user, backend };
}

const rows = async (kind: string) =>
  within(await screen.findByTestId(`register-${kind}`)).findAllByTestId('register-row');

describe('registers (台账)', () => {
  it('are reached from the navigation, one tab per register, with Chinese labels', async () => {
    const { user } = await start();
    expect(screen.getByTestId('nav-registers').getAttribute('aria-current')).toBe('page');
    const tabs = ['staff', 'volunteer', 'training', 'meeting'].map(
      (k) => screen.getByTestId(`register-tab-${k}`).textContent,
    );
    expect(tabs).toEqual(['社区矫正工作人员', '社区矫正志愿者', '业务培训', '会议记录']);
    expect((await rows('staff')).length).toBe(3);
    expect(screen.getByTestId('register-staff').textContent).toContain('司法所所长');

    await user.click(screen.getByTestId('register-tab-meeting'));
    const meetings = await rows('meeting');
    expect(meetings[0].textContent).toContain('所务会(月度)');
    // Searching narrows the table.
    await user.type(screen.getByTestId('register-search'), '联席');
    await waitFor(async () => expect(await rows('meeting')).toHaveLength(1));
  });

  it('adds a volunteer, says a term ending before it starts in words, and edits it', async () => {
    const { user } = await start();
    await user.click(screen.getByTestId('register-tab-volunteer'));
    const before = (await rows('volunteer')).length;
    await user.click(screen.getByTestId('register-add'));
    const form = await screen.findByTestId('record-form');
    expect(form.getAttribute('data-kind')).toBe('volunteer');
    await user.click(within(form).getByTestId('field-name'));
    await user.paste('测试志愿者');
    await user.click(within(form).getByText('女'));
    await user.click(within(form).getByText('已签订志愿者协议'));
    // Enter in a date saves a form that is complete, so the end goes in first.
    const to = within(form).getByTestId('field-term_to') as HTMLInputElement;
    await user.type(to, '2026-02-01{Enter}');
    const from = within(form).getByTestId('field-term_from') as HTMLInputElement;
    await user.type(from, '2026-03-01{Enter}');
    await waitFor(() =>
      expect(within(form).getByTestId('error-term_to').textContent).toBe('不能早于任期起（2026-03-01）'),
    );
    expect((screen.getByTestId('record-save') as HTMLButtonElement).disabled).toBe(true);
    await user.clear(to);
    await user.type(to, '2028-02-29{Enter}');
    await waitFor(() => expect(screen.queryByTestId('record-form')).toBeNull());
    const after = await rows('volunteer');
    expect(after).toHaveLength(before + 1);
    const added = after.find((r) => r.textContent?.includes('测试志愿者'))!;
    expect(added.textContent).toContain('2028-02-29');
    expect(added.textContent).toContain('是');

    // The year-end evaluation, later.
    await user.click(within(added).getByTestId('register-edit'));
    const edit = await screen.findByTestId('record-form');
    expect((within(edit).getByTestId('field-name') as HTMLInputElement).value).toBe('测试志愿者');
    await user.click(within(within(edit).getByTestId('field-evaluation')).getByRole('combobox'));
    const option = await waitFor(() => {
      const item = [...document.querySelectorAll<HTMLElement>('.ant-select-item-option')].find(
        (el) => el.textContent === '表彰奖励' && !el.closest('.ant-select-dropdown-hidden'),
      );
      if (!item) throw new Error('option not shown');
      return item;
    });
    await user.click(option);
    const on = within(edit).getByTestId('field-evaluated_on') as HTMLInputElement;
    await user.type(on, `${todayIso()}{Enter}`);
    await waitFor(() => expect(screen.queryByTestId('record-form')).toBeNull());
    await waitFor(async () =>
      expect((await rows('volunteer')).find((r) => r.textContent?.includes('测试志愿者'))?.textContent).toContain(
        '表彰奖励',
      ),
    );
  }, 150_000); // two forms filled in: slow on a loaded machine

  it("lets a village read the office's registers and keep only its trainings", async () => {
    const { user } = await start(0);
    const staff = await rows('staff');
    expect(staff.length).toBeGreaterThan(0);
    expect(screen.queryByTestId('register-add')).toBeNull();
    expect(screen.queryByTestId('register-edit')).toBeNull();
    expect(screen.getByTestId('register-staff').textContent).toContain('由司法所登记和维护；村(居)只能查看。');
    expect(staff[0].textContent).toContain('只读');

    await user.click(screen.getByTestId('register-tab-training'));
    const trainings = await rows('training');
    // Its own training may be changed; the office's only read.
    const own = trainings.find((r) => r.textContent?.includes('童庐村委会'))!;
    const office = trainings.find((r) => r.textContent?.includes('城南街道司法所'))!;
    expect(within(own).queryByTestId('register-edit')).not.toBeNull();
    expect(within(office).queryByTestId('register-edit')).toBeNull();
    expect(screen.getByTestId('register-add')).toBeTruthy();
  });
});
