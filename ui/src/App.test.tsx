import { describe, expect, it } from 'vitest';
import { render, screen, waitFor, within } from '@testing-library/react';
// user-event checks pointer-events with getComputedStyle up the whole tree on every event,
// which jsdom makes slow under Ant Design's many styles; these tests do not rely on it.
import userEvent, { PointerEventsCheckLevel } from '@testing-library/user-event';

import { App } from './App';
import type { Lang } from './i18n';
import type { Backend, SubjectRow } from './backend';
import { MOCK_OFFICERS, MOCK_PASSPHRASE, MOCK_SUBJECTS, createMockBackend } from './backend/mock';

function setup(options: { lang?: Lang; backend?: Backend } = {}) {
  const user = userEvent.setup({ pointerEventsCheck: PointerEventsCheckLevel.Never });
  const backend = options.backend ?? createMockBackend();
  render(<App backend={backend} initialLang={options.lang ?? 'zh'} />);
  return { user, backend };
}

async function unlock(user: ReturnType<typeof userEvent.setup>, passphrase = MOCK_PASSPHRASE) {
  const input = await screen.findByTestId('unlock-passphrase');
  await user.clear(input);
  await user.type(input, `${passphrase}{Enter}`);
}

/** Unlocking lands on the reminders; the roster is one click away. */
async function toRoster(user: ReturnType<typeof userEvent.setup>) {
  await screen.findByTestId('dashboard');
  await user.click(screen.getByTestId('nav-roster'));
}

const rowNames = () =>
  screen.queryAllByTestId('roster-row').map((row) => row.querySelector('.cell-name')?.textContent);

const countText = () => screen.getByTestId('roster-count').textContent ?? '';

const headers = () =>
  screen
    .getAllByRole('columnheader')
    .map((th) => th.textContent?.trim())
    .filter(Boolean);

describe('unlock screen', () => {
  it('shows the title, the archive path and the first officer', async () => {
    setup();
    expect(await screen.findByText('/home/demo/.local/share/dossier/archive.dossier')).toBeTruthy();
    expect(screen.getByRole('heading').textContent).toBe('Dossier 社区矫正档案');
    expect(within(screen.getByTestId('unlock-officer')).getByText(MOCK_OFFICERS[0].name)).toBeTruthy();
    const input = screen.getByTestId('unlock-passphrase');
    expect(input.tagName).toBe('INPUT');
    await waitFor(() => expect(document.activeElement).toBe(input));
    expect(screen.getByTestId('unlock-submit').textContent).toContain('解锁');
  });

  it.each([
    ['zh', '密码错误。请检查键盘布局和大小写锁定后重试。'],
    [
      'en',
      'The passphrase is wrong. Check the keyboard layout and Caps Lock, then try again.',
    ],
  ] as const)('a wrong passphrase shows the %s error and stays on unlock', async (lang, text) => {
    const { user } = setup({ lang });
    await unlock(user, 'not-the-pass');
    const alert = await screen.findByTestId('unlock-error');
    expect(alert.textContent).toContain(text);
    expect(alert.getAttribute('data-error-code')).toBe('wrong_passphrase');
    expect(screen.getByTestId('unlock-passphrase')).toBeTruthy();
    expect(screen.queryByTestId('roster-table')).toBeNull();
    // The typed text is still there and selected, so typing again replaces it.
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId('unlock-passphrase')));
  });

  it('the right passphrase opens the reminders, the roster one click away with every row', async () => {
    const { user } = setup();
    await unlock(user);
    expect(await screen.findByTestId('dashboard')).toBeTruthy();
    expect(screen.getByTestId('nav-dashboard').getAttribute('aria-current')).toBe('page');
    await toRoster(user);
    await screen.findByTestId('roster-table');
    await waitFor(() => expect(screen.getAllByTestId('roster-row')).toHaveLength(MOCK_SUBJECTS.length));
    expect(countText()).toContain(String(MOCK_SUBJECTS.length));
    expect(screen.getByTestId('session-officer').textContent).toBe(MOCK_OFFICERS[0].name);
    expect(screen.getByTestId('session-site').textContent).toBe('童庐村委会');
    expect(screen.queryByTestId('unlock-error')).toBeNull();
  });

  it('clicking the button unlocks too', async () => {
    const { user } = setup();
    await user.type(await screen.findByTestId('unlock-passphrase'), MOCK_PASSPHRASE);
    await user.click(screen.getByTestId('unlock-submit'));
    await toRoster(user);
    expect(await screen.findByTestId('roster-table')).toBeTruthy();
  });

  it('shows a Chinese message when there is no archive', async () => {
    setup({ backend: createMockBackend({ scenario: 'no_archive' }) });
    const alert = await screen.findByTestId('unlock-error');
    expect(alert.textContent).toContain('这台电脑上还没有档案。');
    expect(screen.queryByTestId('unlock-submit')).toBeNull();
  });

  it('unlocks as the officer chosen in the list', async () => {
    const { user } = setup();
    await screen.findByTestId('unlock-passphrase');
    const select = within(screen.getByTestId('unlock-officer')).getByRole('combobox');
    await user.click(select);
    // The visible options are the dropdown's items (the role="option" list is for screen readers).
    const option = await waitFor(() => {
      const item = [...document.querySelectorAll<HTMLElement>('.ant-select-item-option')].find(
        (el) => el.textContent?.includes(MOCK_OFFICERS[1].name),
      );
      if (!item) throw new Error('option not shown');
      return item;
    });
    await user.click(option);
    await unlock(user);
    await waitFor(() =>
      expect(screen.getByTestId('session-officer').textContent).toBe(MOCK_OFFICERS[1].name),
    );
    // After locking, the same officer is preselected.
    await user.click(screen.getByTestId('lock-button'));
    await screen.findByTestId('unlock-passphrase');
    await waitFor(() =>
      expect(screen.getByTestId('unlock-officer').textContent).toContain(MOCK_OFFICERS[1].name),
    );
    expect(screen.getByTestId('unlock-officer').textContent).not.toContain(MOCK_OFFICERS[0].name);
  });
});

describe('roster', () => {
  async function openRoster(lang: Lang = 'zh') {
    const ctx = setup({ lang });
    await unlock(ctx.user);
    await toRoster(ctx.user);
    await waitFor(() => expect(screen.getAllByTestId('roster-row')).toHaveLength(MOCK_SUBJECTS.length));
    return ctx;
  }

  it('lists rows by village, then name, with labels and periods', async () => {
    await openRoster();
    expect(rowNames()).toEqual([
      '陈桂兰', '王磊', '吴海涛',
      '何俊', '李秀英', '孙浩', '赵建军',
      '刘洋', '张伟', '周婷',
    ]);
    const zhang = screen.getAllByTestId('roster-row')[8];
    const cells = within(zhang).getAllByRole('cell').map((c) => c.textContent);
    expect(cells).toEqual([
      '张伟',
      '男',
      '330102198503120110',
      '缓刑',
      '普管',
      '2025-03-01 至 2027-02-28',
      '童庐村委会',
      '在矫',
    ]);
    // A key subject is marked.
    const wang = screen.getAllByTestId('roster-row')[1];
    expect(within(wang).getByTestId('key-tag').textContent).toBe('重点');
  });

  const searches: Array<[string, string, string[]]> = [
    ['name', '李秀', ['李秀英']],
    ['ID fragment', '19880530', ['赵建军']],
    ['ID ending in x, typed lower case', '0125039x', ['王磊']],
    ['file number', 'CN2025004', ['刘洋']],
    ['village', '童庐', ['刘洋', '张伟', '周婷']],
  ];

  it.each(searches)('search by %s narrows rows and count, clearing restores', async (_by, query, expected) => {
    const { user } = await openRoster();
    const search = screen.getByTestId('roster-search');
    expect(search.tagName).toBe('INPUT');
    await user.type(search, query);
    await waitFor(() => expect(rowNames()).toEqual(expected));
    expect(countText()).toBe(`共 ${expected.length} 人`);
    await user.clear(search);
    await waitFor(() => expect(rowNames()).toHaveLength(MOCK_SUBJECTS.length));
    expect(countText()).toBe(`共 ${MOCK_SUBJECTS.length} 人`);
  });

  it.each([
    // [officer, sees the minor 何俊, the sealed line]
    [0, false, '另有 1 份未成年人档案依法封存，由司法所管理'],
    [1, true, null],
  ] as const)("sealed minors: officer %i sees the minor's row: %s", async (officer, sees, line) => {
    const backend = createMockBackend({ sealMinors: true });
    const session = await backend.unlock(MOCK_OFFICERS[officer].officer_id, MOCK_PASSPHRASE);
    render(<App backend={backend} initialLang="zh" initialSession={session} />);
    await waitFor(() =>
      expect(screen.getAllByTestId('roster-row')).toHaveLength(MOCK_SUBJECTS.length - (sees ? 0 : 1)),
    );
    expect(rowNames().includes('何俊')).toBe(sees);
    if (sees) {
      const row = screen.getAllByTestId('roster-row').find((r) => r.textContent?.includes('何俊'))!;
      expect(within(row).getByTestId('minor-tag').textContent).toBe('未成年');
    }
    if (line) await waitFor(() => expect(screen.getByTestId('roster-sealed').textContent).toBe(line));
    else expect(screen.queryByTestId('roster-sealed')).toBeNull();
    // Opening the file by id is refused, in words a worker understands.
    if (!sees) {
      await expect(backend.subjectFile('mock-subject-10')).rejects.toMatchObject({ code: 'sealed' });
    }
  });

  it('says when nothing matches, and Escape clears the search', async () => {
    const { user } = await openRoster();
    const search = screen.getByTestId('roster-search');
    await user.type(search, '无此人');
    await waitFor(() => expect(rowNames()).toEqual([]));
    expect(countText()).toBe('共 0 人');
    expect(screen.getByText('没有与“无此人”相符的矫正对象。')).toBeTruthy();
    await user.keyboard('{Escape}');
    await waitFor(() => expect(rowNames()).toHaveLength(MOCK_SUBJECTS.length));
    expect((search as HTMLInputElement).value).toBe('');
  });

  it('says when there are no subjects at all', async () => {
    const { user } = setup({ backend: createMockBackend({ scenario: 'empty' }) });
    await unlock(user);
    await toRoster(user);
    expect(await screen.findByText('还没有矫正对象。')).toBeTruthy();
    expect(countText()).toBe('共 0 人');
  });

  it('switching language changes the headers, labels and count', async () => {
    const { user } = await openRoster();
    expect(headers()).toEqual([
      '姓名', '性别', '身份证号', '矫正类别', '管理等级', '矫正期限', '村(居)', '状态',
    ]);
    await user.click(screen.getByTestId('lang-switch'));
    await waitFor(() =>
      expect(headers()).toEqual([
        'Name',
        'Sex',
        'ID number',
        'Category',
        'Level',
        'Correction period',
        'Village',
        'Status',
      ]),
    );
    expect(countText()).toBe(`${MOCK_SUBJECTS.length} subjects`);
    const zhang = screen.getAllByTestId('roster-row')[8];
    const cells = within(zhang).getAllByRole('cell').map((c) => c.textContent);
    expect(cells.slice(1, 8)).toEqual([
      'Male',
      '330102198503120110',
      'Probation',
      'Normal',
      '2025-03-01 to 2027-02-28',
      '童庐村委会',
      'In correction',
    ]);
    expect(screen.getByTestId('roster-search').getAttribute('placeholder')).toBe(
      'Name, pinyin, ID or file no., village',
    );
    await user.click(screen.getByTestId('lang-switch'));
    await waitFor(() => expect(headers()[0]).toBe('姓名'));
  });

  it('remembers the language on the unlock screen too', async () => {
    const { user } = setup();
    await screen.findByTestId('unlock-passphrase');
    await user.click(screen.getByTestId('lang-switch'));
    expect(screen.getByTestId('unlock-submit').textContent).toContain('Unlock');
    expect(window.localStorage.getItem('dossier.lang')).toBe('en');
  });

  it.each([
    ['/', '/'],
    ['Ctrl+F', '{Control>}f{/Control}'],
  ])('%s focuses the search', async (_label, keys) => {
    const { user } = await openRoster();
    const search = screen.getByTestId('roster-search');
    (document.activeElement as HTMLElement | null)?.blur();
    expect(document.activeElement).not.toBe(search);
    await user.keyboard(keys);
    expect(document.activeElement).toBe(search);
    expect((search as HTMLInputElement).value).toBe('');
  });

  it('lock returns to the unlock screen with the same officer chosen', async () => {
    const { user, backend } = await openRoster();
    await user.click(screen.getByTestId('lock-button'));
    expect(await screen.findByTestId('unlock-passphrase')).toBeTruthy();
    expect(screen.queryByTestId('roster-table')).toBeNull();
    await expect(backend.subjectList()).rejects.toMatchObject({ code: 'locked' });
    expect((screen.getByTestId('unlock-passphrase') as HTMLInputElement).value).toBe('');
  });

  it('goes back to unlocking when the backend says the archive is locked', async () => {
    const base = createMockBackend();
    let asked = 0;
    const forgetful: Backend = {
      ...base,
      subjectList: () => {
        asked += 1;
        return Promise.reject({ code: 'locked', message: 'The archive is locked.' });
      },
    };
    const { user } = setup({ backend: forgetful });
    await unlock(user);
    await toRoster(user);
    await waitFor(() => expect(asked).toBe(1));
    await waitFor(() => expect(screen.queryByTestId('roster-table')).toBeNull());
    expect(await screen.findByTestId('unlock-passphrase')).toBeTruthy();
    expect(screen.queryByTestId('roster-error')).toBeNull();
  });

  it('shows a roster error with the Rust message', async () => {
    const base = createMockBackend();
    const failing: Backend = {
      ...base,
      subjectList: () => Promise.reject('database is locked'),
    };
    const { user } = setup({ backend: failing, lang: 'en' });
    await unlock(user);
    await toRoster(user);
    const alert = await screen.findByTestId('roster-error');
    expect(alert.textContent).toContain('database is locked');
  });
});

// Keeps the type import honest: the mock rows are the generated type.
const _typed: SubjectRow[] = MOCK_SUBJECTS;
void _typed;
