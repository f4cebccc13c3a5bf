import { describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
// user-event checks pointer-events with getComputedStyle up the whole tree on every event,
// which jsdom makes slow under Ant Design's many styles; these tests do not rely on it.
import userEvent, { PointerEventsCheckLevel } from '@testing-library/user-event';

import { App } from './App';
import type { Lang } from './i18n';
import type { Backend } from './backend';
import {
  DEMO_SUBJECT_ID,
  MOCK_KINDS,
  MOCK_OFFICERS,
  MOCK_PASSPHRASE,
  MOCK_SUBJECTS,
  createMockBackend,
} from './backend/mock';
import { todayIso } from './dates';

// Ant Design in jsdom is slow, and these tests click through whole forms.
vi.setConfig({ testTimeout: 120_000 });

/** The app already unlocked, on the roster or on a file. */
async function start(
  options: { lang?: Lang; subjectId?: string; backend?: Backend } = {},
) {
  const user = userEvent.setup({ delay: null, pointerEventsCheck: PointerEventsCheckLevel.Never });
  const backend = options.backend ?? createMockBackend();
  const session = await backend.unlock(MOCK_OFFICERS[0].officer_id, MOCK_PASSPHRASE);
  render(
    <App
      backend={backend}
      initialLang={options.lang ?? 'zh'}
      initialSession={session}
      initialSubjectId={options.subjectId}
    />,
  );
  if (options.subjectId) {
    await screen.findByTestId('file-name');
  } else {
    await waitFor(() =>
      expect(screen.getAllByTestId('roster-row')).toHaveLength(MOCK_SUBJECTS.length),
    );
  }
  return { user, backend };
}

const rowNames = () =>
  screen.queryAllByTestId('roster-row').map((row) => row.querySelector('.cell-name')?.textContent);

/** Picks an option of an Ant Select shown in a dropdown. */
async function choose(user: ReturnType<typeof userEvent.setup>, testId: string, label: string) {
  const select = screen.getByTestId(testId);
  await user.click(within(select).getByRole('combobox'));
  const option = await waitFor(() => {
    const item = [...document.querySelectorAll<HTMLElement>('.ant-select-item-option')].find(
      (el) => el.textContent === label && !el.closest('.ant-select-dropdown-hidden'),
    );
    if (!item) throw new Error(`option ${label} not shown`);
    return item;
  });
  await user.click(option);
}

describe('roster filters and search', () => {
  it('filters combine, the count follows, and clearing restores', async () => {
    const { user } = await start();
    await choose(user, 'filter-level', '严管');
    await waitFor(() => expect(rowNames()).toEqual(['王磊', '何俊', '刘洋']));
    expect(screen.getByTestId('roster-count').textContent).toBe('共 3 人');
    await choose(user, 'filter-village', '柳湾村委会');
    await waitFor(() => expect(rowNames()).toEqual(['王磊']));
    expect(screen.getByTestId('roster-count').textContent).toBe('共 1 人');
    await user.click(screen.getByTestId('filters-clear'));
    await waitFor(() => expect(rowNames()).toHaveLength(MOCK_SUBJECTS.length));
    await choose(user, 'filter-key', '仅重点对象');
    await choose(user, 'filter-category', '缓刑');
    await waitFor(() => expect(rowNames()).toEqual(['何俊', '刘洋']));
  });

  it.each([
    ['initials', 'wl', '王磊', '首字母'],
    ['pinyin', 'zhangw', '张伟', '拼音'],
    ['name', '桂兰', '陈桂兰', '姓名'],
    ['ID number', '19990601', '孙浩', '身份证号'],
    ['file number', 'cn2025010', '何俊', '档案号'],
  ])('search as you type by %s shows the hit and what matched', async (_by, text, name, tag) => {
    const { user } = await start();
    await user.type(screen.getByTestId('roster-search'), text);
    await waitFor(() => expect(rowNames()).toEqual([name]));
    await waitFor(() => expect(screen.getByTestId('matched-tag').textContent).toBe(tag));
  });

  it('search and filters combine', async () => {
    const { user } = await start();
    await user.type(screen.getByTestId('roster-search'), '童庐');
    await waitFor(() => expect(rowNames()).toEqual(['刘洋', '张伟', '周婷']));
    await choose(user, 'filter-status', '待报到');
    await waitFor(() => expect(rowNames()).toEqual(['刘洋']));
  });

  it('a click or Enter on a row opens the file; back and Esc return with the search kept', async () => {
    const { user } = await start();
    await user.type(screen.getByTestId('roster-search'), '王磊');
    await waitFor(() => expect(rowNames()).toEqual(['王磊']));
    await user.click(screen.getAllByTestId('roster-row')[0]);
    expect((await screen.findByTestId('file-name')).textContent).toBe('王磊');
    await user.click(screen.getByTestId('file-back'));
    await waitFor(() => expect(rowNames()).toEqual(['王磊']));
    // The row it came from has the focus.
    await waitFor(() =>
      expect(document.activeElement).toBe(screen.getAllByTestId('roster-row')[0]),
    );
    expect((screen.getByTestId('roster-search') as HTMLInputElement).value).toBe('王磊');

    const row = screen.getAllByTestId('roster-row')[0];
    row.focus();
    await user.keyboard('{Enter}');
    expect(await screen.findByTestId('subject-file')).toBeTruthy();
    await screen.findByTestId('file-name');
    (document.activeElement as HTMLElement | null)?.blur();
    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByTestId('subject-file')).toBeNull());
    expect(screen.getByTestId('roster-table')).toBeTruthy();
  });
});

describe('the file', () => {
  it('shows the header and every tab', async () => {
    await start({ subjectId: DEMO_SUBJECT_ID });
    expect(screen.getByTestId('file-name').textContent).toBe('王磊');
    const header = screen.getByTestId('subject-file');
    expect(header.textContent).toContain('CN2025003');
    expect(header.textContent).toContain('假释');
    expect(screen.getByTestId('file-level').textContent).toBe('严管');
    expect(screen.getByTestId('key-tag').textContent).toBe('重点对象');
    expect(screen.getByTestId('file-key').textContent).toContain('侵财犯罪、假释');
    expect(screen.getByTestId('file-days').textContent).toMatch(/已矫正 \d+ 天.*剩余 \d+ 天/);
    const tabs = ['basic', ...MOCK_KINDS.filter((k) => k.section === 'file').map((k) => k.name), 'daily', 'timeline'];
    for (const tab of tabs) expect(screen.getByTestId(`tab-${tab}`)).toBeTruthy();
    expect(screen.getByTestId('tab-family_member').textContent).toBe('家庭成员及社会关系3');
    // Tall enough that no tab is folded away behind "…".
    const count = document.querySelectorAll('[data-testid^="tab-"]').length;
    expect(count).toBeGreaterThanOrEqual(tabs.length + 3); // and 外出, 考核, 奖惩与审批
    expect(screen.getByTestId('file-body').style.minHeight).toBe(`${count * 36 + 16}px`);
  });

  it('shows singular sections as a list of fields and list sections as tables', async () => {
    const { user } = await start({ subjectId: DEMO_SUBJECT_ID });
    await user.click(screen.getByTestId('tab-intake'));
    const intake = await screen.findByTestId('pane-intake');
    expect(intake.textContent).toContain('已入矫宣告');
    expect(intake.textContent).toContain('2025-11-20');
    expect(within(intake).getByTestId('edit-intake')).toBeTruthy();
    await user.click(screen.getByTestId('tab-group_member'));
    const group = await screen.findByTestId('pane-group_member');
    expect(within(group).getAllByRole('row')).toHaveLength(6); // header + 5
    expect(group.textContent).toContain('司法所工作人员');
  });

  it('marks a minor and shows a missed report in red', async () => {
    await start({ subjectId: 'mock-subject-10' });
    expect(screen.getByTestId('file-minor').textContent).toBe('未成年');
    expect(screen.getByTestId('file-key').textContent).toContain('未成年人');
  });

  it('shows the 漏管 alert for someone who has not reported', async () => {
    const backend = createMockBackend();
    await start({ subjectId: 'mock-subject-04', backend });
    const alert = screen.getByTestId('report-alert');
    expect(alert.textContent).toMatch(/未报到/);
    expect(alert.textContent).toContain('须在 2026-10-30 前报到');
  });

  it('adds a visit in three clicks and it appears first on the timeline', async () => {
    const { user } = await start({ subjectId: DEMO_SUBJECT_ID });
    await user.click(screen.getByTestId('add-visit')); // 1
    const form = await screen.findByTestId('record-form');
    // The date is today; the focus is on the first field to fill in.
    const date = within(form).getByTestId('field-date') as HTMLInputElement;
    expect(date.value).toBe(todayIso());
    await waitFor(() => expect(document.activeElement).toBe(within(form).getByTestId('field-place')));
    const save = screen.getByTestId('record-save');
    expect((save as HTMLButtonElement).disabled).toBe(true);
    expect(screen.getByTestId('record-form-hint').textContent).toBe('请填写走访地点');

    // Pasted rather than typed key by key: every key re-renders the whole file, which makes
    // this test take a minute on a busy machine without testing anything more.
    await user.paste('村口小卖部');
    await user.click(within(form).getByTestId('field-visitors'));
    await user.paste('王晓明');
    await user.click(within(form).getByText('敏感时期走访')); // 2
    await user.click(within(form).getByTestId('field-findings'));
    await user.paste('在家，情绪稳定。');
    await waitFor(() => expect((save as HTMLButtonElement).disabled).toBe(false));
    await user.click(save); // 3

    await waitFor(() => expect(screen.queryByTestId('record-form')).toBeNull());
    await user.click(screen.getByTestId('tab-timeline'));
    const items = await within(await screen.findByTestId('timeline')).findAllByTestId('timeline-item');
    expect(items[0].textContent).toContain(todayIso());
    expect(items[0].textContent).toContain('走访');
    expect(items[0].textContent).toContain('村口小卖部');
  }, 150_000); // the slowest test: about 55 s alone, more on a loaded machine

  it('says what is wrong as the user types', async () => {
    const { user } = await start({ subjectId: DEMO_SUBJECT_ID });
    await user.click(screen.getByTestId('add-education'));
    const form = await screen.findByTestId('record-form');
    const hours = within(form).getByTestId('field-hours');
    await user.type(hours, '9');
    expect((await within(form).findByTestId('error-hours')).textContent).toBe('时长(小时)不能大于 8');
    await user.clear(hours);
    await user.type(hours, '0.2');
    expect(within(form).getByTestId('error-hours').textContent).toBe('时长(小时)不能小于 0.5');
    await user.clear(hours);
    // "Fill in" waits until the user leaves the field.
    expect(within(form).queryByTestId('error-hours')).toBeNull();
    await user.tab();
    expect(within(form).getByTestId('error-hours').textContent).toBe('请填写时长(小时)');
    await user.type(hours, '2');
    expect(within(form).queryByTestId('error-hours')).toBeNull();

    // Dates: typed into the picker.
    const date = within(form).getByTestId('field-date') as HTMLInputElement;
    await user.clear(date);
    await user.type(date, '2025-10-01{Enter}');
    await waitFor(() =>
      expect(within(form).getByTestId('error-date').textContent).toBe(
        '日期不能早于矫正开始日期 2025-11-20',
      ),
    );
    await user.clear(date);
    await user.type(date, '2099-01-01{Enter}');
    await waitFor(() =>
      expect(within(form).getByTestId('error-date').textContent).toBe('日期不能晚于今天'),
    );
    expect((screen.getByTestId('record-save') as HTMLButtonElement).disabled).toBe(true);
  });

  it('shows a refusal from the backend by its code, in Chinese', async () => {
    const base = createMockBackend();
    const refusing: Backend = {
      ...base,
      recordAdd: () =>
        Promise.reject({ code: 'outside_scope', message: 'This subject is not in your jurisdiction.' }),
    };
    const { user } = await start({ subjectId: DEMO_SUBJECT_ID, backend: refusing });
    await user.click(screen.getByTestId('add-checkin'));
    const form = await screen.findByTestId('record-form');
    await user.click(within(form).getByText('当面报到'));
    await user.click(within(form).getByText('按时'));
    await user.click(screen.getByTestId('record-save'));
    const alert = await within(form).findByTestId('record-error');
    expect(alert.getAttribute('data-error-code')).toBe('outside_scope');
    expect(alert.textContent).toContain('这份档案不在您的管辖范围内');
    expect(screen.getByTestId('record-form')).toBeTruthy();
  });

  it('overriding the key-subject rules needs a reason', async () => {
    const { user } = await start({ subjectId: DEMO_SUBJECT_ID });
    await user.click(screen.getByTestId('key-override-open'));
    const modal = await screen.findByTestId('key-override');
    await user.click(within(modal).getByText('不作为重点对象'));
    expect(within(modal).getByTestId('key-override-error').textContent).toBe('请填写调整理由');
    const ok = screen.getByTestId('key-override-save') as HTMLButtonElement;
    expect(ok.disabled).toBe(true);
    await user.type(within(modal).getByTestId('key-override-reason'), '经司法所研究，表现良好');
    expect(ok.disabled).toBe(false);
    await user.click(ok);
    await waitFor(() => expect(screen.getByTestId('file-key').textContent).toContain('人工认定'));
    expect(screen.getByTestId('file-key').textContent).toContain('非重点对象');
    expect(screen.getByTestId('file-key').textContent).toContain('表现良好');
  });

  it('chooses a photo', async () => {
    const backend = createMockBackend();
    const { user } = await start({ subjectId: 'mock-subject-01', backend });
    expect(screen.getByTestId('photo-choose').textContent).toBe('选择照片');
    await user.click(screen.getByTestId('photo-choose'));
    await waitFor(() => expect(screen.getByTestId('photo-choose').textContent).toBe('更换照片'));
    await waitFor(() => expect(screen.getByTestId('file-photo').querySelector('img')).toBeTruthy());
  });

  it('switches to English labels', async () => {
    const { user } = await start({ subjectId: DEMO_SUBJECT_ID });
    await user.click(screen.getByTestId('lang-switch'));
    await waitFor(() => expect(screen.getByTestId('tab-basic').textContent).toBe('Basic information'));
    expect(screen.getByTestId('tab-legal_document').textContent).toBe('Legal documents3');
    expect(screen.getByTestId('add-visit').textContent).toBe('Record visit');
    expect(screen.getByTestId('file-level').textContent).toBe('Strict');
    expect(screen.getByTestId('file-back').textContent).toBe('Back to roster');
    await user.click(screen.getByTestId('add-visit'));
    const form = await screen.findByTestId('record-form');
    expect(form.textContent).toContain('Place');
    expect(screen.getByTestId('record-form-hint').textContent).toBe('Fill in place');
  });

  it('Alt+V opens the visit form and Esc closes it, staying on the file', async () => {
    const { user } = await start({ subjectId: DEMO_SUBJECT_ID });
    fireEvent.keyDown(window, { key: 'v', code: 'KeyV', altKey: true });
    const form = await screen.findByTestId('record-form');
    expect(form.getAttribute('data-kind')).toBe('visit');
    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByTestId('record-form')).toBeNull());
    expect(screen.getByTestId('subject-file')).toBeTruthy();
  });

  it('prints every section one after the other', async () => {
    const print = vi.fn();
    const original = window.print;
    window.print = print;
    try {
      const { user } = await start({ subjectId: DEMO_SUBJECT_ID });
      await user.click(screen.getByTestId('file-print'));
      const sheet = await screen.findByTestId('print-file');
      await waitFor(() => expect(print).toHaveBeenCalledTimes(1));
      const headings = within(sheet).getAllByRole('heading', { level: 2 }).map((h) => h.textContent);
      expect(headings).toEqual([
        '基本信息',
        ...MOCK_KINDS.filter((k) => k.section === 'file').map((k) => k.zh),
        ...MOCK_KINDS.filter((k) => k.section === 'daily').map((k) => k.zh),
      ]);
      expect(sheet.textContent).toContain('33010219780125039X');
      fireEvent(window, new Event('afterprint'));
      await waitFor(() => expect(screen.queryByTestId('print-file')).toBeNull());
    } finally {
      window.print = original;
    }
  });

  it('the timeline shows dated records newest first, and filters by section', async () => {
    const { user } = await start({ subjectId: DEMO_SUBJECT_ID });
    await user.click(screen.getByTestId('tab-timeline'));
    const timeline = await screen.findByTestId('timeline');
    const dates = () =>
      within(timeline)
        .getAllByTestId('timeline-item')
        .map((item) => item.querySelector('.timeline-date')?.textContent ?? '');
    const all = dates();
    expect(all).toEqual([...all].sort().reverse());
    expect(all[0]).toBe('2026-11-12');
    const fileKinds = new Set(MOCK_KINDS.filter((k) => k.section === 'file').map((k) => k.name));
    await user.click(within(timeline).getByText('档案材料'));
    const kinds = within(timeline)
      .getAllByTestId('timeline-item')
      .map((item) => item.getAttribute('data-kind'));
    expect(kinds.length).toBeGreaterThan(0);
    expect(kinds.every((k) => fileKinds.has(k!))).toBe(true);
    expect(kinds.length).toBeLessThan(all.length);
  });
});
