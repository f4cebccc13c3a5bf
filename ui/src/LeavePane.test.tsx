import { describe, expect, it, vi } from 'vitest';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { App as AntApp, ConfigProvider, DatePicker } from 'antd';
import zhCN from 'antd/locale/zh_CN';

import { BackendContext, type Backend, type SessionView } from './backend';
import { MOCK_OFFICERS, MOCK_PASSPHRASE, MOCK_SUBJECTS, createMockBackend } from './backend/mock';
import { LeaveForm, LeavePane } from './components/LeavePane';
import { addDays, setDateLocale, todayIso } from './dates';

vi.setConfig({ testTimeout: 60_000 });

const subject = (id: string) => MOCK_SUBJECTS.find((s) => s.id === id)!;

async function pane(subjectId: string, officer: number, backend: Backend = createMockBackend()) {
  const user = userEvent.setup({ delay: null });
  const session: SessionView = await backend.unlock(MOCK_OFFICERS[officer].officer_id, MOCK_PASSPHRASE);
  render(
    <AntApp>
      <BackendContext.Provider value={backend}>
        <LeavePane session={session} subject={subject(subjectId)} onLocked={() => {}} />
      </BackendContext.Provider>
    </AntApp>,
  );
  await screen.findAllByTestId('leave-item');
  return { user, backend };
}

async function typeDate(user: ReturnType<typeof userEvent.setup>, testId: string, value: string) {
  const input = screen.getByTestId(testId) as HTMLInputElement;
  await user.clear(input);
  await user.type(input, `${value}{Enter}`);
}

describe('leave form', () => {
  it('shows the days and who approves at 7, 8, 30 and 31 days, and that it is late', async () => {
    const user = userEvent.setup({ delay: null });
    const backend = createMockBackend();
    await backend.unlock(MOCK_OFFICERS[0].officer_id, MOCK_PASSPHRASE);
    render(
      <BackendContext.Provider value={backend}>
        <LeaveForm subject={subject('mock-subject-03')} leaves={[]} onClose={() => {}} onSaved={() => {}} />
      </BackendContext.Provider>,
    );
    const from = addDays(todayIso(), 10);
    await typeDate(user, 'leave-from', from);
    expect(screen.queryByTestId('leave-warning')).toBeNull();
    for (const [days, text] of [
      [7, '7天以内：司法所审批'],
      [8, '超过7天：需报县社区矫正机构审批'],
      [30, '超过7天：需报县社区矫正机构审批'],
      [31, '超过30天：需报上级审批'],
    ] as const) {
      await typeDate(user, 'leave-to', addDays(from, days - 1));
      await waitFor(() => expect(screen.getByTestId('leave-days').textContent).toContain(`共 ${days} 天`));
      expect(screen.getByTestId('leave-approver').textContent).toContain(text);
    }
    expect(screen.getByTestId('leave-save')).toHaveProperty('disabled', true);
    expect(screen.getByTestId('leave-problem').textContent).toBe('请填写目的地');
    await typeDate(user, 'leave-from', todayIso());
    expect((await screen.findByTestId('leave-warning')).textContent).toContain('应提前7天申请');
    // Every field the rules need is marked required, the division code too.
    expect(document.querySelector('label[for=leave-destination-code] .rf-required')).toBeTruthy();
  });

  it('shows a refusal by its code in Chinese, with the reason under it', async () => {
    const user = userEvent.setup({ delay: null });
    const base = createMockBackend();
    await base.unlock(MOCK_OFFICERS[0].officer_id, MOCK_PASSPHRASE);
    const backend: Backend = {
      ...base,
      leaveRequest: () =>
        Promise.reject({ code: 'leave_refused', message: 'The subject is at high risk of re-offending.' }),
    };
    render(
      <BackendContext.Provider value={backend}>
        <LeaveForm subject={subject('mock-subject-03')} leaves={[]} onClose={() => {}} onSaved={() => {}} />
      </BackendContext.Provider>,
    );
    const from = addDays(todayIso(), 5);
    await typeDate(user, 'leave-from', from);
    await typeDate(user, 'leave-to', addDays(from, 2));
    await user.type(screen.getByTestId('leave-destination-detail'), '文三路 18 号');
    await user.type(screen.getByTestId('leave-destination-code'), '330106');
    await user.type(screen.getByTestId('leave-reason'), '探亲');
    await user.type(screen.getByTestId('leave-contact'), '13800000000');
    await user.click(screen.getByTestId('leave-save'));
    const alert = await screen.findByTestId('leave-error');
    expect(alert.textContent).toContain('不符合请假外出的规定，未能办理。');
    expect(alert.textContent).toContain('high risk');
  });
});

describe('the calendar of the date boxes', () => {
  it('names months and weekdays in Chinese when the UI is in Chinese', () => {
    setDateLocale('zh');
    try {
      render(
        <ConfigProvider locale={zhCN}>
          <DatePicker open />
        </ConfigProvider>,
      );
      const weekdays = [...document.querySelectorAll('.ant-picker-content thead th')].map((e) => e.textContent);
      expect(weekdays).toEqual(['一', '二', '三', '四', '五', '六', '日']);
      expect(document.querySelector('.ant-picker-month-btn')?.textContent).toMatch(/^\d+月$/);
    } finally {
      setDateLocale('en');
    }
  });
});

describe('leave decisions and return', () => {
  it('the office approves with an opinion', async () => {
    const { user } = await pane('mock-subject-07', 1);
    const item = screen.getByTestId('leave-item');
    expect(within(item).getByTestId('leave-status').textContent).toBe('待审批');
    await user.type(within(item).getByTestId('leave-opinion'), '同意，按时销假');
    await user.click(within(item).getByTestId('leave-approve'));
    await waitFor(() => expect(within(screen.getByTestId('leave-item')).getByTestId('leave-status').textContent).toBe('已批准'));
    expect(screen.getByTestId('leave-item').textContent).toContain('同意，按时销假');
    expect(screen.queryByTestId('leave-approve')).toBeNull();
  });

  it('an approved leave still to come offers no return yet, only an extension', async () => {
    // mock-subject-07 asks for 10 days from 5 days on: the county's, recorded by the office.
    const { user } = await pane('mock-subject-07', 1);
    expect(screen.getByTestId('leave-record-for').textContent).toBe('由县社区矫正机构审批：收到其决定后在此录入');
    await user.click(within(screen.getByTestId('leave-item')).getByTestId('leave-approve'));
    const item = await waitFor(() => {
      const el = screen.getByTestId('leave-item');
      if (el.getAttribute('data-status') !== 'approved') throw new Error('not approved yet');
      return el;
    });
    const from = addDays(todayIso(), 5);
    expect(within(item).getByTestId('leave-not-started').textContent).toBe(`尚未出发（${from} 出发）`);
    expect(within(item).getByTestId('leave-return-later').textContent).toBe('出发后才能销假');
    expect(within(item).queryByTestId('leave-return')).toBeNull();
    expect(within(item).queryByTestId('leave-return-date')).toBeNull();
    expect(within(item).getByTestId('leave-extend')).toBeTruthy();
    // The county decided; the office officer only recorded it.
    expect(within(item).getByTestId('leave-decided').textContent).toBe(`县社区矫正机构审批，陈丽 ${todayIso()} 录入`);
  });

  it('tells the file when a leave changes, so its header (on leave: a key subject) is read again', async () => {
    const backend = createMockBackend();
    const user = userEvent.setup({ delay: null });
    const session: SessionView = await backend.unlock(MOCK_OFFICERS[1].officer_id, MOCK_PASSPHRASE);
    const onChanged = vi.fn();
    render(
      <AntApp>
        <BackendContext.Provider value={backend}>
          <LeavePane session={session} subject={subject('mock-subject-07')} onLocked={() => {}} onChanged={onChanged} />
        </BackendContext.Provider>
      </AntApp>,
    );
    await user.click(within(await screen.findByTestId('leave-item')).getByTestId('leave-approve'));
    await waitFor(() => expect(onChanged).toHaveBeenCalledTimes(1));
  });

  it('not approving needs a reason', async () => {
    const { user } = await pane('mock-subject-07', 1);
    await user.click(screen.getByTestId('leave-reject'));
    expect(screen.getByTestId('leave-opinion-error').textContent).toBe('不批准时请写明理由');
    expect(screen.getByTestId('leave-status').textContent).toBe('待审批');
  });

  it('a village worker sees who decides, and no buttons to decide', async () => {
    await pane('mock-subject-07', 0);
    expect(screen.queryByTestId('leave-approve')).toBeNull();
    expect(screen.queryByTestId('leave-reject')).toBeNull();
    expect(screen.getByTestId('leave-awaiting').textContent).toBe('待县社区矫正机构审批');
  });

  it('a return after the end shows the days overdue and a violation', async () => {
    const { user } = await pane('mock-subject-01', 1);
    const open = screen.getAllByTestId('leave-item').find((e) => e.getAttribute('data-status') === 'approved')!;
    expect(within(open).getByTestId('leave-overdue-now').textContent).toContain('已超过返回日期 1 天');
    expect((within(open).getByTestId('leave-return-date') as HTMLInputElement).value).toBe(todayIso());
    expect(within(open).getByTestId('leave-return-late').textContent).toContain('晚于返回日期 1 天');
    await user.click(within(open).getByTestId('leave-return'));
    const back = await waitFor(() => {
      const el = screen.getAllByTestId('leave-item').find((e) => e.getAttribute('data-leave-id') === open.getAttribute('data-leave-id'));
      if (el?.getAttribute('data-status') !== 'returned') throw new Error('not returned yet');
      return el;
    });
    expect(within(back).getByTestId('leave-overdue').textContent).toBe('逾期 1 天返回');
    expect(within(back).getByTestId('leave-violation').textContent).toBe('违规');
  });
});
