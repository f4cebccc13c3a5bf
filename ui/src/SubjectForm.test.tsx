import { describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { App as AntApp } from 'antd';

import { App } from './App';
import { BackendContext, type SubjectFileView } from './backend';
import { MOCK_OFFICERS, MOCK_PASSPHRASE, createMockBackend } from './backend/mock';
import { SubjectForm } from './components/SubjectForm';
import { todayIso } from './dates';
import { I18nContext, MESSAGES } from './i18n';
import { ageOn } from './idnumber';

// Ant Design in jsdom is slow: fields are filled by pasting, not typed key by key.
vi.setConfig({ testTimeout: 60_000 });

type User = ReturnType<typeof userEvent.setup>;

/** Picks an option of an Ant Select. */
async function choose(user: User, select: HTMLElement, label: string) {
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

/** Replaces a text input's value (as a paste would). */
const fill = (input: HTMLElement, value: string) => fireEvent.change(input, { target: { value } });

/** Types a date into an Ant DatePicker and confirms it. */
async function date(user: User, input: HTMLElement, value: string) {
  await user.click(input);
  await user.keyboard('{Control>}a{/Control}');
  await user.paste(value);
  await user.keyboard('{Enter}');
}

const VILLAGES = [
  { code: '330102001201', name: '童庐村委会' },
  { code: '330102001203', name: '柳湾村委会' },
];

describe('the new-subject form', () => {
  it('checks as typed, shows a possible duplicate beside the existing file, then saves', async () => {
    const user = userEvent.setup({ delay: null });
    const backend = createMockBackend();
    await backend.unlock(MOCK_OFFICERS[1].officer_id, MOCK_PASSPHRASE);
    const saved = vi.fn<(file: SubjectFileView) => void>();
    const openExisting = vi.fn<(id: string) => void>();
    render(
      <AntApp>
        <BackendContext.Provider value={backend}>
          <I18nContext.Provider value={{ lang: 'zh', t: MESSAGES.zh, setLang: () => {} }}>
            <SubjectForm open villages={VILLAGES} onClose={() => {}} onSaved={saved} onOpenExisting={openExisting} />
          </I18nContext.Provider>
        </BackendContext.Provider>
      </AntApp>,
    );
    const form = await screen.findByTestId('subject-form');
    const field = (name: string) => within(form).getByTestId(`sf-${name}`);
    const error = (name: string) => within(form).queryByTestId(`sf-error-${name}`)?.textContent;
    expect(within(field('ethnicity')).getByRole('combobox')).toHaveProperty('value', '汉族');
    expect(within(field('status')).getByRole('radio', { checked: true })).toHaveProperty('value', 'in_correction');

    // Saving an empty form names what is missing, in words.
    await user.click(within(form).getByTestId('subject-save'));
    expect(error('name')).toBe('请填写姓名');
    expect(error('jurisdiction')).toBe('请选择村(居)');
    expect(error('category')).toBe('请选择矫正类别');
    expect(within(form).getByTestId('subject-form-hint').textContent).toBe('请填写姓名');
    expect(saved).not.toHaveBeenCalled();

    fill(field('name'), '测试新');
    fill(field('id_number'), '3301021985031201');
    expect(error('id_number')).toBe('身份证号应为 18 位，现在是 16 位');
    fill(field('id_number'), '330102198503120111');
    expect(error('id_number')).toBe('身份证号最后一位（校验码）与前 17 位对不上，请逐位核对是否输错');
    fill(field('id_number'), '330102198503120110');
    expect(error('id_number')).toBeUndefined();
    const age = ageOn('1985-03-12', todayIso());
    expect(within(form).getByTestId('sf-id-derived').textContent).toContain(`出生日期 1985-03-12 · 男 · ${age} 岁`);

    await choose(user, field('jurisdiction'), '柳湾村委会');
    await user.click(within(field('category')).getByText('缓刑'));
    await date(user, field('correction_start'), '2026-05-01');
    await date(user, field('correction_end'), '2026-04-01');
    await waitFor(() => expect(error('correction_end')).toBe('矫正结束日期不能早于开始日期'));
    await date(user, field('correction_end'), '2027-04-30');
    await waitFor(() => expect(error('correction_end')).toBeUndefined());

    const before = (await backend.subjectList()).length;
    await user.click(within(form).getByTestId('subject-save'));
    const panel = await within(form).findByTestId('duplicate-panel');
    expect(panel.textContent).toContain('可能重复：身份证号与已有档案相同');
    await waitFor(() => expect(panel.contains(document.activeElement) || document.activeElement?.contains(panel)).toBe(true));
    const typed = within(panel).getByTestId('dup-typed').textContent;
    const existing = within(panel).getByTestId('dup-existing').textContent;
    expect(typed).toContain('测试新');
    expect(typed).toContain('柳湾村委会');
    expect(existing).toContain('张伟');
    expect(existing).toContain('CN2025001');
    expect(existing).toContain('童庐村委会');
    expect(existing).toContain('2025-03-01 至 2027-02-28');
    expect((await backend.subjectList()).length).toBe(before);
    expect(saved).not.toHaveBeenCalled();

    await user.click(within(panel).getByTestId('duplicate-open'));
    expect(openExisting).toHaveBeenCalledWith('mock-subject-01');

    // Correcting the number takes the panel away; saving adds the subject.
    await user.click(within(panel).getByTestId('duplicate-fix-id'));
    expect(document.activeElement).toBe(field('id_number'));
    fill(field('id_number'), '11010519491231002x');
    await user.click(within(field('status')).getByText('待报到'));
    await user.keyboard('{Control>}{Enter}{/Control}');
    await waitFor(() => expect(saved).toHaveBeenCalledTimes(1));
    const file = saved.mock.calls[0][0];
    expect(file.subject).toMatchObject({
      name: '测试新',
      id_number: '11010519491231002X',
      sex: 'female',
      status: 'awaiting_report',
      jurisdiction_name: '柳湾村委会',
    });
    expect((await backend.subjectList()).length).toBe(before + 1);
  });
});

describe('the roster and the file', () => {
  it('the roster opens the form; the file edits basic information and refuses a duplicate', async () => {
    const user = userEvent.setup({ delay: null });
    const backend = createMockBackend();
    const session = await backend.unlock(MOCK_OFFICERS[1].officer_id, MOCK_PASSPHRASE);
    render(<App backend={backend} initialLang="zh" initialSession={session} />);
    await user.click(await screen.findByTestId('subject-new'));
    const addForm = await screen.findByTestId('subject-form');
    expect(within(addForm).getByTestId('sf-name')).toBeTruthy();
    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByTestId('subject-form')).toBeNull());

    await user.click((await screen.findAllByTestId('roster-row')).find((r) => r.textContent?.includes('张伟'))!);
    await screen.findByTestId('file-name');
    await user.click(screen.getByTestId('basic-edit'));
    const form = await screen.findByTestId('subject-form');
    const field = (name: string) => within(form).getByTestId(`sf-${name}`);
    expect((field('name') as HTMLInputElement).value).toBe('张伟');
    expect((field('id_number') as HTMLInputElement).value).toBe('330102198503120110');
    expect(within(form).queryByTestId('sf-status')).toBeNull();

    fill(field('id_number'), '33010219780125039X');
    await user.click(within(form).getByTestId('subject-save'));
    const panel = await within(form).findByTestId('duplicate-panel');
    expect(within(panel).getByTestId('dup-typed').textContent).toContain('张伟');
    expect(within(panel).getByTestId('dup-existing').textContent).toContain('王磊');
    expect(within(panel).queryByTestId('duplicate-open')).toBeNull();

    fill(field('id_number'), '330102198503120110');
    fill(field('phone'), '13900000009');
    await choose(user, field('jurisdiction'), '青石社区居委会');
    await user.click(within(form).getByTestId('subject-save'));
    await waitFor(() => expect(screen.queryByTestId('subject-form')).toBeNull());
    const pane = screen.getByTestId('pane-basic');
    expect(pane.textContent).toContain('13900000009');
    expect(pane.textContent).toContain('青石社区居委会');
    expect(pane.textContent).toContain('330102198503120110');
  });
});
