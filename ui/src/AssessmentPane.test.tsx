import { describe, expect, it, vi } from 'vitest';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent, { PointerEventsCheckLevel } from '@testing-library/user-event';
import { App as AntApp } from 'antd';

import { BackendContext, type Backend, type SessionView } from './backend';
import { MOCK_OFFICERS, MOCK_PASSPHRASE, MOCK_SUBJECTS, createMockBackend } from './backend/mock';
import { AssessmentPane } from './components/AssessmentPane';
import { quarterOf } from './assessment';

vi.setConfig({ testTimeout: 120_000 });

const subject = (id: string) => MOCK_SUBJECTS.find((s) => s.id === id)!;

const VILLAGE = 0;
const OFFICE = 1;

async function pane(subjectId: string, officer: number, backend: Backend = createMockBackend()) {
  const user = userEvent.setup({ delay: null, pointerEventsCheck: PointerEventsCheckLevel.Never });
  const session: SessionView = await backend.unlock(MOCK_OFFICERS[officer].officer_id, MOCK_PASSPHRASE);
  const onLevelChanged = vi.fn();
  render(
    <AntApp>
      <BackendContext.Provider value={backend}>
        <AssessmentPane
          session={session}
          subject={subject(subjectId)}
          onLocked={() => {}}
          onLevelChanged={onLevelChanged}
        />
      </BackendContext.Provider>
    </AntApp>,
  );
  await screen.findByTestId('level-block');
  return { user, backend, onLevelChanged };
}

/** Picks the option of an Ant Select whose text starts with `label`. */
async function choose(user: ReturnType<typeof userEvent.setup>, testId: string, label: string) {
  await user.click(within(screen.getByTestId(testId)).getByRole('combobox'));
  const option = await waitFor(() => {
    const item = [...document.querySelectorAll<HTMLElement>('.ant-select-item-option')].find(
      (el) => (el.textContent ?? '').startsWith(label) && !el.closest('.ant-select-dropdown-hidden'),
    );
    if (!item) throw new Error(`option ${label} not shown`);
    return item;
  });
  await user.click(option);
}

/** Types into an Ant InputNumber (its test id lands on the input or on its wrapper). */
async function setNumber(user: ReturnType<typeof userEvent.setup>, testId: string, value: string) {
  const el = screen.getByTestId(testId);
  const input = el.tagName === 'INPUT' ? el : el.querySelector('input')!;
  await user.clear(input);
  await user.type(input, value);
}

describe('assessment pane', () => {
  it('a village worker assesses a month and sees the score; the office decides the rest', async () => {
    const { user } = await pane('mock-subject-01', VILLAGE);
    const before = (await screen.findAllByTestId('asm-item')).length;
    expect(screen.getByTestId('level-office-decides').textContent).toContain('由司法所决定');
    expect(screen.queryByTestId('level-save')).toBeNull();
    expect(screen.queryByTestId('asm-opinion-open')).toBeNull();

    await user.click(screen.getByTestId('asm-new'));
    const form = await screen.findByTestId('asm-form');
    expect(within(form).getByTestId('asm-scale').textContent).toContain('每月基础分 100 分');
    expect(within(form).getByTestId('asm-items-none').textContent).toContain('按基础分 100 分计');
    await user.click(within(form).getByTestId('asm-item-add'));
    // An item not chosen yet keeps the form from being sent, and says why.
    expect(within(form).getByTestId('asm-problem').textContent).toBe('有一项还没有选择项目');
    expect(within(form).getByTestId('asm-save')).toHaveProperty('disabled', true);
    await choose(user, 'asm-item-code-0', '未按时报到');
    await setNumber(user, 'asm-item-count-0', '2');
    await user.click(within(form).getByTestId('asm-item-add'));
    await choose(user, 'asm-item-code-1', '见义勇为、好人好事');
    await setNumber(user, 'asm-item-count-1', '3');
    await user.click(within(form).getByTestId('asm-save'));

    // 100 − 5×2 + 5×2 (good deeds count at most twice a month) = 100.
    const result = await screen.findByTestId('asm-result');
    expect(within(result).getByTestId('asm-result-points').textContent).toBe('100 分');
    expect(within(result).getByTestId('asm-result-grade').textContent).toBe('好');
    expect(within(result).getByTestId('asm-lines').textContent).toContain('每月上限只计 2 次');
    await user.click(within(result).getByTestId('asm-done'));
    await waitFor(() => expect(screen.getAllByTestId('asm-item').length).toBeGreaterThanOrEqual(before));
    // The quarter of the newest month is rolled up.
    const newest = screen.getAllByTestId('asm-item')[0].getAttribute('data-month')!;
    await waitFor(() =>
      expect(screen.getByTestId('quarter').getAttribute('data-quarter')).toBe(quarterOf(newest)),
    );
  });

  it('the office gives its opinion, and an empty one is asked for', async () => {
    const { user } = await pane('mock-subject-03', OFFICE);
    const cards = await screen.findAllByTestId('asm-item');
    const open = cards.find((c) => c.textContent?.includes('司法所尚未填写意见'))!;
    const month = open.getAttribute('data-month');
    await user.click(within(open).getByTestId('asm-opinion-open'));
    await user.click(within(open).getByTestId('asm-opinion-save'));
    expect(within(open).getByTestId('asm-opinion-error').textContent).toBe('请先填写意见');
    await user.type(within(open).getByTestId('asm-opinion-input'), '同意');
    await user.click(within(open).getByTestId('asm-opinion-save'));
    await waitFor(() => {
      const card = screen.getAllByTestId('asm-item').find((c) => c.getAttribute('data-month') === month)!;
      expect(within(card).getByTestId('asm-opinion-text').textContent).toBe('同意');
    });
  });

  it('the office changes the level with a reason, seeing where it differs from the rules', async () => {
    const { user, onLevelChanged } = await pane('mock-subject-03', OFFICE);
    // 严管 on file; three passing months after more than half a year: the rules suggest 宽管.
    expect(screen.getByTestId('level-current').textContent).toBe('严管');
    expect(screen.getByTestId('level-suggested').textContent).toBe('宽管');
    expect(screen.getByTestId('level-agreement').textContent).toBe('与规则建议不同');
    expect(screen.getByTestId('level-reasons').textContent).toContain('表现稳定');
    await user.click(screen.getByTestId('level-to-normal'));
    expect(screen.getByTestId('level-against').textContent).toContain('与规则建议（宽管）不同');
    await user.click(screen.getByTestId('level-to-lenient'));
    expect(screen.queryByTestId('level-against')).toBeNull();
    await user.click(screen.getByTestId('level-save'));
    expect(screen.getByTestId('level-reason-error').textContent).toBe('请填写变更理由');
    await user.type(screen.getByTestId('level-reason'), '连续三个月考核合格，经所务会研究同意');
    await user.click(screen.getByTestId('level-save'));
    await waitFor(() => expect(screen.getByTestId('level-current').textContent).toBe('宽管'));
    expect(screen.getByTestId('level-agreement').textContent).toBe('与规则建议一致');
    expect(onLevelChanged).toHaveBeenCalledTimes(1);
  });

  it('a refusal is shown in plain words, with the reason under it', async () => {
    const base = createMockBackend();
    const backend: Backend = {
      ...base,
      assess: () =>
        Promise.reject({
          code: 'assessment_refused',
          message: "The assessment was refused: the subject's correction has ended (released); a finished subject is not assessed.",
        }),
    };
    const { user } = await pane('mock-subject-01', VILLAGE, backend);
    await user.click(screen.getByTestId('asm-new'));
    await user.click(await screen.findByTestId('asm-save'));
    const alert = await screen.findByTestId('asm-error');
    expect(alert.textContent).toContain('不符合考核规定，未能保存。');
    expect(alert.textContent).toContain('a finished subject is not assessed');
    expect(screen.queryByTestId('asm-result')).toBeNull();
  });

  it('a released subject is not assessed', async () => {
    await pane('mock-subject-06', VILLAGE);
    expect(screen.getByTestId('asm-not-in-correction').textContent).toContain('已解矫');
    expect(screen.queryByTestId('asm-new')).toBeNull();
  });
});

describe('the mock backend judges as the real one does', () => {
  it('refuses what the API refuses', async () => {
    const backend = createMockBackend();
    await backend.unlock(MOCK_OFFICERS[VILLAGE].officer_id, MOCK_PASSPHRASE);
    const code = (p: Promise<unknown>) => p.then(() => 'ok', (e: { code: string }) => e.code);
    expect(await code(backend.assess('mock-subject-06', '2025-06', []))).toBe('assessment_refused');
    expect(await code(backend.assess('mock-subject-01', '2026-13', []))).toBe('invalid_input');
    expect(await code(backend.assessmentQuarter('mock-subject-01', '2026-Q5'))).toBe('invalid_input');
    expect(await code(backend.levelChange('mock-subject-01', 'strict', '违规'))).toBe('permission_denied');
    expect(await code(backend.assessmentOpinion('mock-subject-01/2026-01', '同意'))).toBe('permission_denied');
  });
});
