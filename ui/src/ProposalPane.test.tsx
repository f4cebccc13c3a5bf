import { describe, expect, it, vi } from 'vitest';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent, { PointerEventsCheckLevel } from '@testing-library/user-event';
import { App as AntApp } from 'antd';

import { App } from './App';
import { BackendContext, type Backend, type SessionView } from './backend';
import { MOCK_KINDS, MOCK_OFFICERS, MOCK_PASSPHRASE, MOCK_SUBJECTS, createMockBackend } from './backend/mock';
import { ProposalPane } from './components/ProposalPane';
import { addDays, todayIso } from './dates';

vi.setConfig({ testTimeout: 90_000 });

type User = ReturnType<typeof userEvent.setup>;

const subject = (id: string) => MOCK_SUBJECTS.find((s) => s.id === id)!;
const VILLAGE = 0;
const OFFICE = 1;

/** The pane for one subject, unlocked as one of the mock officers. */
async function pane(subjectId: string, officer: number, backend: Backend = createMockBackend()) {
  const user = userEvent.setup({ delay: null, pointerEventsCheck: PointerEventsCheckLevel.Never });
  const session: SessionView = await backend.unlock(MOCK_OFFICERS[officer].officer_id, MOCK_PASSPHRASE);
  const onDecided = vi.fn();
  render(
    <AntApp>
      <BackendContext.Provider value={backend}>
        <ProposalPane
          session={session}
          subject={subject(subjectId)}
          kinds={MOCK_KINDS}
          onLocked={() => {}}
          onDecided={onDecided}
        />
      </BackendContext.Provider>
    </AntApp>,
  );
  await waitFor(() => expect(screen.queryByText('正在读取奖惩与审批事项…')).toBeNull());
  return { user, backend, onDecided };
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

async function typeDate(user: User, testId: string, value: string) {
  const input = screen.getByTestId(testId) as HTMLInputElement;
  await user.clear(input);
  await user.type(input, `${value}{Enter}`);
}

const openOptions = () => [
  ...document.querySelectorAll<HTMLElement>('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option'),
];

/** Types text in one go (typing Chinese key by key is slow under jsdom and Ant Design). */
async function fill(user: User, el: HTMLElement, text: string) {
  await user.click(el);
  await user.paste(text);
}

const cards = () => screen.queryAllByTestId('proposal-item');
const shownFields = () =>
  [...within(screen.getByTestId('proposal-matter-fields')).getAllByTestId(/^field-/)].map((e) =>
    e.getAttribute('data-testid')!.replace('field-proposal-', ''),
  );

async function openForm(user: User) {
  await user.click(screen.getByTestId('proposal-new'));
  return screen.findByTestId('proposal-form');
}

describe('the proposal form', () => {
  it('asks for the fields of the matter chosen, and keeps the facts when it changes', async () => {
    const { user } = await pane('mock-subject-01', VILLAGE);
    const form = await openForm(user);
    const matter = within(form).getByTestId('proposal-matter');
    expect(shownFields()).toEqual(['step']);
    expect(screen.getByTestId('proposal-problem').textContent).toBe('请填写奖惩措施');
    await fill(user, screen.getByTestId('proposal-facts'), '多次未按时报到');

    // Sanction: the six rungs of the ladder, in Chinese.
    await user.click(within(screen.getByTestId('proposal-step')).getByRole('combobox'));
    await waitFor(() =>
      expect(
        openOptions().map((e) => e.textContent),
      ).toEqual(['表扬', '训诫', '警告', '提请治安管理处罚', '提请撤销缓刑/假释', '收监执行']),
    );
    await user.click(openOptions().at(-1)!);
    expect(screen.getByTestId('proposal-form')).toBeTruthy();

    const rows: Array<[string, string[], string]> = [
      ['执行地变更', ['destination_code', 'move_on'], '请填写新执行地区划代码'],
      ['电子定位', ['positioning_reason', 'from', 'to'], '请填写适用情形'],
      ['进入禁止区域', ['place', 'from', 'to'], '请填写拟进入的禁止区域或场所'],
      ['解除/终止矫正', ['end_reason', 'summary', 'certificate_no'], '请填写解除/终止原因'],
      ['奖惩', ['step'], '请填写奖惩措施'],
    ];
    for (const [label, fields, problem] of rows) {
      await user.click(within(matter).getByText(label));
      await waitFor(() => expect(shownFields()).toEqual(fields));
      expect(screen.getByTestId('proposal-problem').textContent).toBe(problem);
      expect((screen.getByTestId('proposal-facts') as HTMLTextAreaElement).value).toBe('多次未按时报到');
    }
  });

  it('offers the positioning record’s reasons, and says how long positioning runs when no end is given', async () => {
    const { user } = await pane('mock-subject-01', VILLAGE);
    const form = await openForm(user);
    await user.click(within(within(form).getByTestId('proposal-matter')).getByText('电子定位'));
    await user.click(within(screen.getByTestId('proposal-positioning_reason')).getByRole('combobox'));
    const reasons = MOCK_KINDS.find((k) => k.name === 'positioning')!.fields.find((f) => f.name === 'reason')!.choices;
    await waitFor(() =>
      expect(
        openOptions().map((e) => e.textContent),
      ).toEqual(reasons.map((c) => c.zh)),
    );
    await user.click(openOptions().at(-1)!);
    expect(screen.getByTestId('proposal-form')).toBeTruthy();
    await typeDate(user, 'proposal-from', '2026-05-31');
    expect(screen.getByTestId('field-proposal-to').textContent).toContain('至 2026-08-31');
  });

  it('a transfer with a county code is held back in words before it is sent', async () => {
    const { user } = await pane('mock-subject-01', VILLAGE);
    const form = await openForm(user);
    await user.click(within(within(form).getByTestId('proposal-matter')).getByText('执行地变更'));
    await fill(user, screen.getByTestId('proposal-destination_code'), '330723');
    await typeDate(user, 'proposal-move_on', addDays(todayIso(), 40));
    expect(screen.getByTestId('proposal-problem').textContent).toBe('新执行地区划代码应为 9 位或 12 位数字');
    expect(screen.getByTestId('proposal-save')).toHaveProperty('disabled', true);
  });
});

describe('proposals and decisions', () => {
  it('a proposal is sent, decided by the office, and shows the decision', async () => {
    const { user, onDecided } = await pane('mock-subject-01', OFFICE);
    expect(cards()).toHaveLength(0);
    await openForm(user);
    await choose(user, 'proposal-step', '警告');
    await fill(user, screen.getByTestId('proposal-facts'), '受到训诫后仍未按规定报到');
    await fill(user, screen.getByTestId('proposal-grounds'), '《社区矫正法实施办法》第三十五条');
    await fill(user, screen.getByTestId('proposal-doc_no'), '城南司建〔2026〕9号');
    await user.click(screen.getByTestId('proposal-save'));

    const card = await screen.findByTestId('proposal-item');
    expect(within(card).getByTestId('proposal-matter-label').textContent).toBe('奖惩');
    expect(within(card).getByTestId('proposal-ask').textContent).toBe('警告');
    expect(within(card).getByTestId('proposal-status').textContent).toBe('待决定');
    expect(within(card).getByTestId('proposal-by').textContent).toBe(`陈丽 ${todayIso()} 提出`);
    expect(card.textContent).toContain('城南司建〔2026〕9号');

    await user.click(within(card).getByTestId('proposal-decide'));
    await user.click(within(within(card).getByTestId('decide-outcome')).getByText('批准'));
    await fill(user, within(card).getByTestId('decide-grounds'), '《社区矫正法实施办法》第三十五条');
    await fill(user, within(card).getByTestId('decide-doc_no'), '上城司矫警〔2026〕7号');
    await user.click(within(card).getByTestId('decide-save'));

    const decision = await within(screen.getByTestId('proposal-item')).findByTestId('proposal-decision');
    expect(within(screen.getByTestId('proposal-item')).getByTestId('proposal-status').textContent).toBe('已批准');
    expect(decision.getAttribute('data-outcome')).toBe('approved');
    expect(within(decision).getByTestId('decision-doc-no').textContent).toBe('上城司矫警〔2026〕7号');
    expect(within(decision).getByTestId('decision-by').textContent).toBe(`陈丽 ${todayIso()} 决定`);
    expect(screen.queryByTestId('proposal-decide')).toBeNull();
    expect(onDecided).toHaveBeenCalled();
  });

  it('an approval without a document number is refused in plain words and nothing changes', async () => {
    const { user } = await pane('mock-subject-07', OFFICE);
    const card = screen.getByTestId('proposal-item');
    await user.click(within(card).getByTestId('proposal-decide'));
    await user.click(within(within(card).getByTestId('decide-outcome')).getByText('批准'));
    await fill(user, within(card).getByTestId('decide-grounds'), '表现突出');
    await user.click(within(card).getByTestId('decide-save'));
    const alert = await within(card).findByTestId('decide-error');
    expect(alert.getAttribute('data-error-code')).toBe('decision_refused');
    expect(alert.textContent).toContain('不符合规定，未能记录这项建议或决定。');
    expect(alert.textContent).toContain("the decision's document number is missing");
    expect(within(card).getByTestId('proposal-status').textContent).toBe('待决定');
    expect(within(card).queryByTestId('proposal-decision')).toBeNull();
  });

  it('a step the category does not have is refused by the backend, and the form stays open', async () => {
    // 李秀英 is under 管制: no revocation of probation or parole.
    const { user } = await pane('mock-subject-02', VILLAGE);
    await openForm(user);
    await choose(user, 'proposal-step', '提请撤销缓刑/假释');
    await fill(user, screen.getByTestId('proposal-facts'), '多次违反监督管理规定');
    await fill(user, screen.getByTestId('proposal-grounds'), '第四十六条');
    await user.click(screen.getByTestId('proposal-save'));
    const alert = await screen.findByTestId('proposal-error');
    expect(alert.textContent).toContain('不符合规定，未能记录这项建议或决定。');
    expect(alert.textContent).toContain('does not apply to a subject under 管制');
    expect(screen.getByTestId('proposal-form')).toBeTruthy();
    expect(cards()).toHaveLength(0);
  });

  it('a village worker waits for the office, and may withdraw their own proposal', async () => {
    const { user } = await pane('mock-subject-07', VILLAGE);
    const card = screen.getByTestId('proposal-item');
    expect(within(card).queryByTestId('proposal-decide')).toBeNull();
    expect(within(card).getByTestId('proposal-awaiting').textContent).toBe('等待司法所决定');
    await user.click(within(card).getByTestId('proposal-withdraw'));
    const ok = await waitFor(() => {
      const button = document.querySelector<HTMLElement>('.ant-popconfirm .ant-btn-primary');
      if (!button) throw new Error('no confirmation yet');
      return button;
    });
    expect(ok.textContent?.replace(/\s/g, '')).toBe('撤回');
    await user.click(ok);
    await waitFor(() =>
      expect(within(screen.getByTestId('proposal-item')).getByTestId('proposal-status').textContent).toBe('已撤回'),
    );
    expect(screen.queryByTestId('proposal-withdraw')).toBeNull();
  });
});

describe('from the reminders', () => {
  it('a proposal awaiting a decision says what it asks and opens the file on 奖惩与审批', async () => {
    const user = userEvent.setup({ delay: null, pointerEventsCheck: PointerEventsCheckLevel.Never });
    const backend = createMockBackend();
    const session = await backend.unlock(MOCK_OFFICERS[OFFICE].officer_id, MOCK_PASSPHRASE);
    render(<App backend={backend} initialLang="zh" initialSession={session} initialScreen="dashboard" />);
    const row = await waitFor(() => {
      const found = screen
        .getAllByTestId('due-item')
        .find((e) => e.getAttribute('data-kind') === 'decision_pending' && e.textContent?.includes('周婷'));
      if (!found) throw new Error('no decision_pending row yet');
      return found;
    });
    expect(row.textContent).toContain('待决定事项');
    await waitFor(() => expect(within(row).getByTestId('due-note').textContent).toBe('奖惩：表扬'));
    expect(within(row).getByTestId('due-action').textContent).toContain('处理建议');
    await user.click(within(row).getByTestId('due-action'));
    const paneEl = await screen.findByTestId('pane-proposals');
    expect(await within(paneEl).findByTestId('proposal-decide')).toBeTruthy();
    expect(screen.getByTestId('file-name').textContent).toBe('周婷');
  });
});
