import { describe, expect, it, vi } from 'vitest';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import { App } from './App';
import type { Backend } from './backend';
import { MOCK_OFFICERS, MOCK_PASSPHRASE, createMockBackend } from './backend/mock';
import { groupDue } from './due';

vi.setConfig({ testTimeout: 60_000 });

async function start(options: { officer?: number; backend?: Backend } = {}) {
  const user = userEvent.setup({ delay: null });
  const backend = options.backend ?? createMockBackend();
  const session = await backend.unlock(MOCK_OFFICERS[options.officer ?? 1].officer_id, MOCK_PASSPHRASE);
  render(<App backend={backend} initialLang="zh" initialSession={session} initialScreen="dashboard" />);
  await screen.findByTestId('dashboard');
  return { user, backend };
}

describe('reminders dashboard', () => {
  it('groups overdue, today and this week, counts them, and a village filters', async () => {
    const { user, backend } = await start();
    const view = await backend.due();
    const groups = groupDue(view.items, view.today);
    const near = groups.overdue.length + groups.today.length + groups.week.length;
    await waitFor(() => expect(screen.getAllByTestId('due-item')).toHaveLength(near));
    expect(within(screen.getByTestId('due-group-overdue')).getAllByTestId('due-item')).toHaveLength(
      groups.overdue.length,
    );
    expect(within(screen.getByTestId('due-group-today')).getAllByTestId('due-item')).toHaveLength(groups.today.length);
    // Overdue first, then today, then this week.
    const order = [...document.querySelectorAll('[data-testid^=due-group-]')].map((e) => e.getAttribute('data-testid'));
    expect(order).toEqual(['due-group-overdue', 'due-group-today', 'due-group-week']);
    expect(screen.getByTestId('nav-due-count').textContent).toBe(String(near));
    // Labels in Chinese.
    expect(screen.getAllByTestId('due-item').some((e) => e.textContent?.includes('书面报告/思想汇报'))).toBe(true);

    const village = screen.getAllByTestId('due-village').find((e) => e.textContent?.includes('柳湾村委会'))!;
    await user.click(village);
    const expected = view.items.filter((i) => i.jurisdiction_name === '柳湾村委会' && groupDue([i], view.today).later.length === 0);
    await waitFor(() => expect(screen.getAllByTestId('due-item')).toHaveLength(expected.length));
    for (const row of screen.getAllByTestId('due-item')) expect(row.textContent).toContain('柳湾村委会');
    expect(village.getAttribute('aria-pressed')).toBe('true');
    await user.click(screen.getByTestId('due-village-all'));
    await waitFor(() => expect(screen.getAllByTestId('due-item')).toHaveLength(near));
  });

  it('notes read as words: the missing four ones in Chinese, no leave id; leave awaiting a decision comes first', async () => {
    await start();
    const rows = await screen.findAllByTestId('due-item');
    const four = rows.find((e) => e.getAttribute('data-kind') === 'four_ones')!;
    expect(four.querySelector('.dash-item-note')?.textContent).toBe('国庆：缺家访、面对面谈话');
    const leave = rows.find((e) => e.getAttribute('data-kind') === 'leave_overdue')!;
    expect(leave.querySelector('.dash-item-note')?.textContent).toBe('');
    expect(leave.textContent).not.toContain('mock-leave-');
    // The office's decisions before the long list of villages.
    const side = [...document.querySelectorAll('.dash-side > section')].map((e) => e.getAttribute('data-testid'));
    expect(side[0]).toBe('leave-pending');
  });

  it('a written report opens the check-in form with 思想汇报 chosen; back says 返回待办', async () => {
    const { user } = await start();
    const row = (await screen.findAllByTestId('due-item')).find((e) => e.getAttribute('data-kind') === 'written_report')!;
    expect(within(row).getByTestId('due-action').textContent).toContain('登记汇报');
    await user.click(within(row).getByTestId('due-action'));
    const form = await screen.findByTestId('record-form');
    expect(form.getAttribute('data-kind')).toBe('checkin');
    const chosen = within(form).getByTestId('field-form').querySelector('.ant-radio-button-wrapper-checked');
    expect(chosen?.textContent).toBe('思想汇报');
    expect(screen.getByTestId('file-name').textContent).toBe('王磊');
    expect(screen.getByTestId('file-back').textContent).toContain('返回待办');
  });

  it('a four-ones item opens the visit form with “四个一” ticked; a leave item the leave tab', async () => {
    const { user } = await start();
    const four = (await screen.findAllByTestId('due-item')).find((e) => e.getAttribute('data-kind') === 'four_ones')!;
    await user.click(within(four).getByTestId('due-action'));
    const form = await screen.findByTestId('record-form');
    expect(form.getAttribute('data-kind')).toBe('visit');
    expect(within(form).getByTestId('field-reason').textContent).toContain('“四个一”走访');
    await user.click(screen.getByTestId('nav-dashboard'));
    const leave = (await screen.findAllByTestId('due-item')).find((e) => e.getAttribute('data-kind') === 'leave_overdue')!;
    await user.click(within(leave).getByTestId('due-action'));
    expect(await screen.findByTestId('pane-leave')).toBeTruthy();
    expect(screen.queryByTestId('record-form')).toBeNull();
  });

  it('says so in words when nothing is due, and lists leave awaiting a decision', async () => {
    const base = createMockBackend();
    const quiet: Backend = {
      ...base,
      due: async () => ({ today: '2026-11-24', items: [], villages: [] }),
    };
    const { user } = await start({ backend: quiet });
    expect((await screen.findByTestId('due-empty')).textContent).toContain('今天没有待办事项');
    expect(screen.queryByTestId('nav-due-count')).toBeNull();
    const pending = screen.getByTestId('leave-pending');
    expect(pending.textContent).toContain('待审批外出');
    const item = await within(pending).findByTestId('leave-pending-item');
    expect(item.textContent).toContain('周婷');
    await user.click(within(item).getByTestId('leave-pending-open'));
    expect(await screen.findByTestId('leave-approve')).toBeTruthy();
  });
});

describe('dashboard charts', () => {
  it('draws on register per month, categories, villages and leaves with sanctions, in Chinese', async () => {
    const { backend } = await start();
    const view = await backend.dashboardCharts(12);
    const charts = await screen.findByTestId('dash-charts');
    await within(charts).findByTestId('chart-register');
    const now = view.months[view.months.length - 1].on_register;
    expect(within(screen.getByTestId('chart-register')).getByTestId('chart-summary').textContent).toBe(
      `现在在册 ${now} 人`,
    );
    // Labels are drawn as SVG text: categories and villages by name, months as 月.
    const category = screen.getByTestId('chart-category');
    for (const label of ['管制', '缓刑', '假释', '暂予监外执行']) expect(category.querySelector('svg')?.textContent).toContain(label);
    const current = view.by_category.reduce((n, c) => n + c.count, 0);
    expect(within(category).getByTestId('chart-summary').textContent).toBe(`共 ${current} 人`);
    // Village names without 村委会/居委会, which the bars have no room for.
    const village = screen.getByTestId('chart-village').querySelector('svg')?.textContent ?? '';
    expect(village).toContain('柳湾村');
    expect(village).not.toContain('村委会');
    const activity = screen.getByTestId('chart-activity');
    expect(activity.textContent).toContain('请假外出');
    expect(activity.textContent).toContain('惩处（训诫及以上）');
    const sum = (k: 'leaves' | 'sanctions' | 'praises') => view.months.reduce((n, m) => n + m[k], 0);
    expect(within(activity).getByTestId('chart-summary').textContent).toBe(
      `近 12 个月：外出 ${sum('leaves')} 次，惩处 ${sum('sanctions')} 次，表扬 ${sum('praises')} 次`,
    );
    const drawn = [...activity.querySelectorAll('svg')].map((svg) => svg.textContent).join(' ');
    expect(drawn).toMatch(/\d+月/);
  });

  it('shows a refusal in plain words instead of the charts', async () => {
    const base = createMockBackend();
    const failing: Backend = {
      ...base,
      dashboardCharts: () => Promise.reject({ code: 'archive_damaged', message: 'a stored subject is unreadable' }),
    };
    await start({ backend: failing });
    const alert = await screen.findByTestId('charts-error');
    expect(alert.getAttribute('data-error-code')).toBe('archive_damaged');
    expect(screen.queryByTestId('chart-register')).toBeNull();
  });
});
