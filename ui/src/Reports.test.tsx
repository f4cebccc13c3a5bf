import { describe, expect, it, vi } from 'vitest';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import { App } from './App';
import type { Backend } from './backend';
import { MOCK_OFFICERS, MOCK_PASSPHRASE, createMockBackend, type MockOptions } from './backend/mock';
import { MOCK_LEDGERS, MOCK_PAGE_PNG } from './backend/mockReports';
import { missingChoice, recentMonths } from './screens/Reports';
import { todayIso } from './dates';

vi.setConfig({ testTimeout: 60_000 });

type User = ReturnType<typeof userEvent.setup>;

/** The report centre in the app, signed in as `officer` (1: office staff of the street). */
async function start(options: { officer?: number; mock?: MockOptions; backend?: Backend } = {}) {
  const user = userEvent.setup({ delay: null });
  const backend = options.backend ?? createMockBackend(options.mock);
  const session = await backend.unlock(MOCK_OFFICERS[options.officer ?? 1].officer_id, MOCK_PASSPHRASE);
  render(<App backend={backend} initialLang="zh" initialSession={session} initialScreen="reports" />);
  await screen.findByTestId('report-ledger');
  return { user, backend };
}

/** Picks an option of an Ant Select shown in a dropdown. */
async function choose(user: User, testId: string, label: string) {
  await user.click(within(screen.getByTestId(testId)).getByRole('combobox'));
  const option = await waitFor(() => {
    const item = [...document.querySelectorAll<HTMLElement>('.ant-select-item-option')].find(
      (el) => el.textContent === label && !el.closest('.ant-select-dropdown-hidden'),
    );
    if (!item) throw new Error(`option ${label} not shown`);
    return item;
  });
  await user.click(option);
}

const selected = (testId: string) =>
  screen.getByTestId(testId).querySelector('.ant-select-content, .ant-select-selection-item')?.textContent ?? '';

describe('report centre', () => {
  it('is in the main navigation', async () => {
    const user = userEvent.setup({ delay: null });
    const backend = createMockBackend();
    const session = await backend.unlock(MOCK_OFFICERS[1].officer_id, MOCK_PASSPHRASE);
    render(<App backend={backend} initialLang="zh" initialSession={session} initialScreen="roster" />);
    await user.click(await screen.findByTestId('nav-reports'));
    expect(await screen.findByTestId('reports')).toBeTruthy();
    expect(screen.getByTestId('nav-reports').getAttribute('aria-current')).toBe('page');
    expect(screen.getByText('报表中心', { selector: 'h1' })).toBeTruthy();
  });

  it('previews the roster for the whole street, then for one village', async () => {
    const { user } = await start();
    expect(screen.getByTestId('report-preview-empty').textContent).toContain('选择台账后');
    expect((screen.getByTestId('report-save') as HTMLButtonElement).disabled).toBe(true);
    await choose(user, 'report-ledger', '社区矫正对象花名册');
    const pages = await screen.findAllByTestId('report-page');
    expect(pages).toHaveLength(1);
    expect(pages[0].getAttribute('src')).toBe(MOCK_PAGE_PNG);
    expect(pages[0].getAttribute('alt')).toBe('社区矫正对象花名册 第 1 页');
    expect(screen.getByTestId('report-preview-summary').textContent).toBe('共 1 页，10 条记录');
    expect(selected('report-scope')).toContain('全部（城南街道司法所）');
    // One village: fewer rows.
    await choose(user, 'report-scope', '柳湾村委会');
    await waitFor(() => expect(screen.getByTestId('report-preview-summary').textContent).toBe('共 1 页，3 条记录'));
  });

  it('asks no month of a ledger that covers none', async () => {
    const { user } = await start();
    await choose(user, 'report-ledger', '矫正小组登记表');
    await screen.findAllByTestId('report-page');
    expect(screen.queryByTestId('report-period')).toBeNull();
  });

  it('asks for the month of a monthly ledger, the current one first', async () => {
    const { user } = await start();
    await choose(user, 'report-ledger', '请假外出审批登记表');
    const month = todayIso().slice(0, 7);
    expect(selected('report-period')).toContain(`${month.slice(0, 4)}年${Number(month.slice(5))}月`);
    await screen.findAllByTestId('report-page');
    // Every format the ledger is made in, PDF first.
    const formats = within(screen.getByTestId('report-format')).getAllByRole('radio');
    expect(formats.map((r) => r.closest('label')?.textContent)).toEqual(['PDF（打印用）', 'Excel 表格', 'CSV']);
  });

  it('needs a subject for a personal file', async () => {
    const { user } = await start();
    await choose(user, 'report-ledger', '社区矫正对象档案');
    expect(screen.getByTestId('report-preview-empty').textContent).toContain('选择矫正对象后');
    expect(screen.queryByTestId('report-scope')).toBeNull();
    expect((screen.getByTestId('report-save') as HTMLButtonElement).disabled).toBe(true);
    await choose(user, 'report-subject', '王磊 · CN2025003 · 柳湾村委会');
    expect(await screen.findAllByTestId('report-page')).toHaveLength(1);
    expect(within(screen.getByTestId('report-format')).getAllByRole('radio')).toHaveLength(3);
  });

  it('saves with a progress bar, then opens the file in the system viewer', async () => {
    const picked: string[] = [];
    const { user } = await start({
      mock: {
        latencyMs: 5,
        pickReportPath: (name) => {
          picked.push(name);
          return `/tmp/${name}`;
        },
      },
    });
    await choose(user, 'report-ledger', '社区矫正对象花名册');
    await screen.findAllByTestId('report-page');
    await user.click(screen.getByTestId('report-save'));
    expect(await screen.findByTestId('report-progress')).toBeTruthy();
    const saved = await screen.findByTestId('report-saved');
    const name = `社区矫正对象花名册-${todayIso().slice(0, 7)}.pdf`;
    expect(picked).toEqual([name]);
    expect(within(saved).getByTestId('report-saved-path').textContent).toBe(`/tmp/${name}`);
    expect(saved.textContent).toContain('1 页，10 条记录');
    expect(screen.queryByTestId('report-progress')).toBeNull();
    await user.click(screen.getByTestId('report-open'));
    expect((await screen.findByTestId('report-opened')).textContent).toContain('已用电脑上的程序打开');
  });

  it('does nothing when the save dialog is cancelled', async () => {
    const { user } = await start({ mock: { pickReportPath: () => null } });
    await choose(user, 'report-ledger', '志愿者登记表');
    await screen.findAllByTestId('report-page');
    await user.click(screen.getByTestId('report-save'));
    await waitFor(() => expect((screen.getByTestId('report-save') as HTMLButtonElement).disabled).toBe(false));
    expect(screen.queryByTestId('report-saved')).toBeNull();
    expect(screen.queryByTestId('report-save-error')).toBeNull();
  });

  it('says in plain words when the file cannot be written', async () => {
    const { user } = await start({ mock: { scenario: 'report_io' } });
    await choose(user, 'report-ledger', '社区矫正对象花名册');
    await screen.findAllByTestId('report-page');
    await user.click(screen.getByTestId('report-save'));
    const alert = await screen.findByTestId('report-save-error');
    expect(alert.getAttribute('data-error-code')).toBe('io');
    expect(alert.textContent).toContain('the disk is full');
    expect(screen.queryByTestId('report-saved')).toBeNull();
  });

  it('shows a refused preview as an error, not as pages', async () => {
    const backend = createMockBackend();
    backend.reportPreview = () => Promise.reject({ code: 'invalid_input', message: 'The month 2030-01 has not begun.' });
    const { user } = await start({ backend });
    await choose(user, 'report-ledger', '社区矫正对象花名册');
    const alert = await screen.findByTestId('report-preview-error');
    expect(alert.textContent).toContain('The month 2030-01 has not begun.');
    expect(screen.queryAllByTestId('report-page')).toHaveLength(0);
  });

  it("gives a village worker only the own village's area", async () => {
    await start({ officer: 0 });
    const scope = screen.getByTestId('report-scope');
    expect(scope.className).toContain('disabled');
    expect(selected('report-scope')).toBe('童庐村委会');
  });
});

describe('report choices', () => {
  it('offers the months back from the current one', () => {
    expect(recentMonths('2026-02-10', 4)).toEqual(['2026-02', '2026-01', '2025-12', '2025-11']);
  });

  it.each([
    [undefined, '2026-11', null, 'ledger'],
    ['leave', '', null, 'period'],
    ['leave', '2026-11', null, null],
    ['roster', '', null, 'period'],
    ['volunteer', '', null, null],
    ['personal_file', '2026-11', null, 'subject'],
    ['personal_file', '', 'mock-subject-01', null],
  ] as const)('%s with month %j and subject %j misses %j', (id, period, subject, missing) => {
    const ledger = MOCK_LEDGERS.find((l) => l.id === id);
    expect(missingChoice(ledger, period, subject)).toBe(missing);
  });
});
