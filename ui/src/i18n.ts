// Chinese first, English complete. Every string the UI shows lives here.

import { createContext, useContext } from 'react';
import type { ErrorView } from './backend';

export type Lang = 'zh' | 'en';

const zh = {
  productName: 'Dossier 社区矫正档案',
  productShort: 'Dossier',
  productSubtitle: '社区矫正档案',
  switchTo: 'English',
  switchToLabel: '切换到英文界面',

  archivePath: '档案文件',
  officer: '工作人员',
  passphrase: '密码',
  passphrasePlaceholder: '输入密码',
  unlock: '解锁',
  unlocking: '正在解锁…',
  loadingArchive: '正在打开档案…',
  unlockHint: '数据只保存在这台电脑上，已加密。',
  noOfficers: '这份档案里还没有可以解锁的工作人员。',

  roster: '花名册',
  site: '所在单位',
  signedIn: '当前工作人员',
  lock: '锁定',
  lockTitle: '锁定档案并返回解锁界面',
  searchPlaceholder: '搜索姓名、身份证号、档案编号或村(居)',
  searchShortcut: '按 / 或 Ctrl+F 搜索',
  count: (n: number) => `共 ${n} 人`,
  countFiltered: (n: number, total: number) => `共 ${n} 人（全部 ${total} 人）`,
  emptyRoster: '还没有矫正对象。',
  emptySearch: (q: string) => `没有与“${q}”相符的矫正对象。`,
  clearSearch: '清除搜索',
  loadingRoster: '正在读取花名册…',
  retry: '重试',

  colName: '姓名',
  colSex: '性别',
  colIdNumber: '身份证号',
  colCategory: '矫正类别',
  colPeriod: '矫正期限',
  colVillage: '村(居)',
  periodJoin: '至',

  errorTitle: '操作未能完成',
};

export type Messages = typeof zh;

const en: Messages = {
  productName: 'Dossier Community Correction Records',
  productShort: 'Dossier',
  productSubtitle: 'Community Correction Records',
  switchTo: '中文',
  switchToLabel: 'Switch to Chinese',

  archivePath: 'Archive file',
  officer: 'Officer',
  passphrase: 'Passphrase',
  passphrasePlaceholder: 'Enter your passphrase',
  unlock: 'Unlock',
  unlocking: 'Unlocking…',
  loadingArchive: 'Opening the archive…',
  unlockHint: 'The data stays on this computer, encrypted.',
  noOfficers: 'No officer can unlock this archive yet.',

  roster: 'Roster',
  site: 'Site',
  signedIn: 'Signed in',
  lock: 'Lock',
  lockTitle: 'Lock the archive and return to the unlock screen',
  searchPlaceholder: 'Search name, ID number, file number or village',
  searchShortcut: 'Press / or Ctrl+F to search',
  count: (n: number) => (n === 1 ? '1 subject' : `${n} subjects`),
  countFiltered: (n: number, total: number) =>
    `${n === 1 ? '1 subject' : `${n} subjects`} (of ${total})`,
  emptyRoster: 'There are no subjects yet.',
  emptySearch: (q: string) => `No subject matches “${q}”.`,
  clearSearch: 'Clear search',
  loadingRoster: 'Reading the roster…',
  retry: 'Try again',

  colName: 'Name',
  colSex: 'Sex',
  colIdNumber: 'ID number',
  colCategory: 'Category',
  colPeriod: 'Correction period',
  colVillage: 'Village',
  periodJoin: 'to',

  errorTitle: 'That did not work',
};

export const MESSAGES: Record<Lang, Messages> = { zh, en };

const SEX: Record<Lang, Record<string, string>> = {
  zh: { male: '男', female: '女' },
  en: { male: 'Male', female: 'Female' },
};

const CATEGORY: Record<Lang, Record<string, string>> = {
  zh: {
    surveillance: '管制',
    probation: '缓刑',
    parole: '假释',
    temporary_outside: '暂予监外执行',
  },
  en: {
    surveillance: 'Public surveillance',
    probation: 'Probation',
    parole: 'Parole',
    temporary_outside: 'Temporary execution outside prison',
  },
};

const ROLE: Record<Lang, Record<string, string>> = {
  zh: {
    village_worker: '村(居)工作人员',
    office_staff: '司法所工作人员',
    office_admin: '司法所管理员',
  },
  en: {
    village_worker: 'Village worker',
    office_staff: 'Justice office staff',
    office_admin: 'Justice office administrator',
  },
};

/** Chinese wording for the errors the UI knows; other codes show the Rust message as is. */
const ERROR_ZH: Record<string, string> = {
  wrong_passphrase: '密码错误。请检查键盘布局和大小写锁定后重试。',
  not_an_archive: '这个文件不是 Dossier 档案。请选择正确的档案文件。',
  archive_too_new: '这份档案由更新版本的 Dossier 创建。请先升级本软件再打开。',
  archive_damaged: '档案文件已损坏，无法打开。请联系司法所，用备份恢复。',
  no_archive: '这台电脑上还没有档案。',
  locked: '档案已锁定，请先解锁。',
};

// Unknown codes fall back to the code itself, so nothing is ever shown blank.
const label = (table: Record<string, string>, code: string) => table[code] ?? code;

export const sexLabel = (lang: Lang, code: string) => label(SEX[lang], code);
export const categoryLabel = (lang: Lang, code: string) => label(CATEGORY[lang], code);
export const roleLabel = (lang: Lang, code: string) => label(ROLE[lang], code);

/** What to show for an error: a translated sentence for known codes in Chinese, else the message. */
export function errorText(lang: Lang, error: ErrorView): { title: string; detail?: string } {
  if (lang === 'zh') {
    const translated = ERROR_ZH[error.code];
    if (translated) return { title: translated };
    return { title: MESSAGES.zh.errorTitle, detail: error.message };
  }
  return { title: error.message };
}

export interface I18n {
  lang: Lang;
  t: Messages;
  setLang: (lang: Lang) => void;
}

export const I18nContext = createContext<I18n>({
  lang: 'zh',
  t: zh,
  setLang: () => {},
});

export const useI18n = () => useContext(I18nContext);

const STORAGE_KEY = 'dossier.lang';

export function loadLang(): Lang {
  try {
    const saved = window.localStorage.getItem(STORAGE_KEY);
    if (saved === 'zh' || saved === 'en') return saved;
  } catch {
    // Storage can be unavailable; Chinese is the default.
  }
  return 'zh';
}

export function saveLang(lang: Lang) {
  try {
    window.localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // Not remembering the choice is harmless.
  }
}
