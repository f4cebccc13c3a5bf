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
  searchPlaceholder: '搜索姓名、拼音、身份证号、档案号',
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

  filterVillage: '村(居)',
  filterCategory: '矫正类别',
  filterLevel: '管理等级',
  filterStatus: '状态',
  filterKey: '重点对象',
  filterKeyYes: '仅重点对象',
  filterKeyNo: '非重点对象',
  filterAll: '全部',
  clearFilters: '清除筛选',
  keyTag: '重点',
  minorTag: '未成年',
  matchedBy: '匹配',
  colLevel: '管理等级',
  colStatus: '状态',
  openFileHint: '单击或按回车打开档案',

  back: '返回花名册',
  backHint: '返回花名册 (Esc)',
  print: '打印',
  printTitle: '打印整份档案 (A4)',
  fileNo: '档案编号',
  age: (n: number) => `${n} 岁`,
  daysServed: (n: number) => `已矫正 ${n} 天`,
  daysRemaining: (n: number) => `剩余 ${n} 天`,
  periodLabel: '矫正期限',
  loadingFile: '正在读取档案…',
  photoChoose: '选择照片',
  photoChange: '更换照片',
  photoNone: '暂无照片',
  keySubject: '重点对象',
  notKeySubject: '非重点对象',
  keyBecause: '原因',
  keyOverridden: '人工认定',
  keyOverride: '调整认定',
  keyOverrideTitle: '调整重点对象认定',
  keyOverrideFollow: '按规则认定',
  keyOverrideYes: '认定为重点对象',
  keyOverrideNo: '不作为重点对象',
  keyOverrideRules: (reasons: string) => `按规则：${reasons}`,
  keyOverrideNoReasons: '按规则：不是重点对象',
  keyOverrideReason: '调整理由',
  keyOverrideReasonRequired: '请填写调整理由',
  keyOverrideReasonPlaceholder: '例如：经司法所研究决定…',
  ok: '确定',
  cancel: '取消',
  save: '保存',
  saving: '正在保存…',
  saved: '已保存',
  deleted: '已删除',
  edit: '编辑',
  delete: '删除',
  add: '新增',
  addRecord: (kind: string) => `新增${kind}`,
  editRecord: (kind: string) => `编辑${kind}`,
  deleteConfirm: '确定删除这条记录吗？删除后可在同步记录中查到。',
  more: '更多',
  addDaily: '登记',
  shortcutHint: (key: string) => `快捷键 ${key}`,
  reportDeadline: (d: string) => `须在 ${d} 前报到`,
  reportAlertDue: '待报到',
  reportAlertOverdue10: '超过 10 天未报到，疑似漏管',
  reportAlertOverdue30: '超过 30 天未报到，漏管',
  minorNotice: '未成年人：身份信息保密',

  tabBasic: '基本信息',
  tabDaily: '日常记录',
  tabTimeline: '时间轴',
  noRecords: '还没有记录。',
  notRecorded: '尚未登记',
  timelineEmpty: '还没有带日期的记录。',
  dailyCount: (n: number) => `${n} 条`,
  recordBy: (who: string) => `登记人：${who}`,
  yes: '是',
  no: '否',
  actions: '操作',
  attachmentsAdd: '添加文件',
  attachmentsNone: '无',
  attachmentOpen: '打开',
  attachmentRemove: '移除',

  basicName: '姓名',
  basicSex: '性别',
  basicBirth: '出生日期',
  basicAge: '年龄',
  basicEthnicity: '民族',
  basicIdNumber: '身份证号',
  basicPhone: '联系电话',
  basicEducation: '文化程度',
  basicMarital: '婚姻状况',
  basicHousehold: '户籍地',
  basicResidence: '居住地',
  basicCrime: '罪名',
  basicSentence: '原判刑罚',
  basicCategory: '矫正类别',
  basicPeriod: '矫正期限',
  basicJudgment: '判决生效日期',
  basicPapers: '收到法律文书日期',
  basicReported: '报到日期',
  basicVillage: '村(居)',
  basicLevel: '管理等级',
  basicStatus: '状态',

  // The basic-information form (新增矫正对象 / 编辑基本信息) and the duplicate panel.
  sfNew: '新增矫正对象',
  sfEditTitle: '编辑基本信息',
  sfStart: '矫正开始日期',
  sfEnd: '矫正结束日期',
  sfIdLength: (n: number) => `身份证号应为 18 位，现在是 ${n} 位`,
  sfIdChars: '身份证号只能是数字，最后一位可以是 X',
  sfIdDate: '身份证号第 7–14 位（出生日期）不是真实的日期，请核对',
  sfIdCheck: '身份证号最后一位（校验码）与前 17 位对不上，请逐位核对是否输错',
  sfIdTyping: (n: number) => `已输入 ${n}/18 位`,
  sfIdDerived: (birth: string, sex: string, age: number) => `出生日期 ${birth} · ${sex} · ${age} 岁`,
  sfIdDerivedNote: '出生日期和性别由身份证号得出，无需填写',
  sfNameLong: '姓名不能超过 50 个字',
  sfTooLong: (label: string) => `${label}不能超过 200 个字`,
  sfPhone: '联系电话只能包含数字、空格、+ 和 -',
  sfEndBeforeStart: '矫正结束日期不能早于开始日期',
  sfSectionPerson: '个人信息',
  sfSectionAddress: '所属村(居)与住址',
  sfSectionCase: '罪名与矫正期限',
  sfVillagePlaceholder: '选择村(居)',
  sfSameAsHousehold: '同户籍地',
  sfAdded: '已新增矫正对象',
  sfNoChange: '没有改动',
  sfStatusNote: '报到后改为“在矫”',
  dupTitle: '可能重复：身份证号与已有档案相同',
  dupBody: '没有保存。请核对是否为同一人：是同一人，请打开已有档案继续登记；不是同一人，请检查身份证号是否输错。两份档案不会被合并。',
  dupTyped: '正在录入',
  dupExisting: (fileNo: string) => `已有档案 ${fileNo}`,
  dupOpen: '打开已有档案',
  dupFixId: '修改身份证号',
  dupNotSaved: '未保存，保存后生成',
  dupElsewhere: '已有档案不在您的管辖范围内，无法在这里查看。请联系司法所核实。',

  vRequired: (label: string) => `请填写${label}`,
  vChoose: (label: string) => `请选择${label}`,
  vDateFormat: (label: string) => `${label}应为日期，格式 YYYY-MM-DD`,
  vTimeFormat: (label: string) => `${label}应为时间，格式 HH:MM`,
  vNumber: (label: string) => `${label}应为数字`,
  vMin: (label: string, min: number) => `${label}不能小于 ${min}`,
  vMax: (label: string, max: number) => `${label}不能大于 ${max}`,
  vFuture: '日期不能晚于今天',
  vBeforeStart: (d: string) => `日期不能早于矫正开始日期 ${d}`,
  vAfterEnd: (d: string) => `日期不能晚于矫正结束日期 ${d}`,
  vChoice: (label: string) => `${label}的选项无效`,
  formInvalid: '请先改正标红的内容',
  printedOn: (d: string) => `打印日期：${d}`,
  choosePlaceholder: '请选择',
  timelineAll: '全部',
  timelineFile: '档案材料',
  formKeysHint: 'Ctrl+Enter 保存，Esc 关闭',
  fileN: (n: number) => `文件 ${n}`,
  filesCount: (n: number) => `${n} 个文件`,
  quickVisit: '登记走访',
  quickTalk: '个别谈话',
  quickCheckin: '报到',
  quickEducation: '教育学习',
  moreDaily: '更多登记',
  fileTitle: '个人档案',
  rulesFollowed: '按规则',
  overrideReason: (r: string) => `调整理由：${r}`,
  personalFile: '社区矫正对象个人档案',

  refresh: '刷新',
  navDashboard: '待办',
  navRoster: '花名册',
  navLabel: '主要页面',
  dueBadgeTitle: (total: number, overdue: number) => `${total} 项待办，其中 ${overdue} 项逾期`,
  dashboardTitle: '待办提醒',
  dueAsOf: (d: string) => `${d}，今天和本周要做的事`,
  dueGroupOverdue: '逾期',
  dueGroupToday: '今天',
  dueGroupWeek: '本周',
  dueGroupLater: '以后',
  dueEmpty: '今天没有待办事项',
  dueEmptyHint: '本周也没有到期的事项。',
  dueEmptyVillage: '这个村(居)没有待办事项',
  dueVillages: '各村(居)待办',
  dueAllVillages: '全部村(居)',
  dueVillageCounts: (overdue: number, due: number) =>
    overdue > 0 ? `逾期 ${overdue} · 待办 ${due}` : `待办 ${due}`,
  dueOverdueDays: (n: number) => `已逾期 ${n} 天`,
  dueInDays: (n: number) => (n === 0 ? '今天到期' : `还有 ${n} 天`),
  dueDueOn: '到期日',
  dueWhat: '事项',
  dueWho: '矫正对象',
  loadingDue: '正在读取待办…',
  dueActOpen: '打开档案',
  dueActLeave: '处理外出',
  dueCountLine: (n: number) => `${n} 项`,
  leavePendingTitle: '待审批外出',
  leavePendingEmpty: '没有待审批的外出申请。',
  leavePendingOpen: '去审批',
  backToDashboard: '返回待办',
  backToDashboardHint: '返回待办 (Esc)',

  tabLeave: '外出',
  leaveNew: '申请外出',
  leaveFormTitle: (name: string) => `${name}：申请外出`,
  leaveFrom: '外出日期',
  leaveTo: '返回日期',
  leaveDestinationCode: '目的地区划代码',
  leaveDestinationCodeHint: '县 6 位、乡镇街道 9 位或村居 12 位，例如 330723001（白洋街道）',
  leaveDestinationDetail: '目的地详细地址',
  leaveReason: '外出事由',
  leaveContact: '目的地联系人及电话',
  leaveDays: (n: number) => `共 ${n} 天（含首尾两天）`,
  leaveApproverOffice: '7天以内：司法所审批（报县社区矫正机构备案）',
  leaveApproverCounty: '超过7天：需报县社区矫正机构审批',
  leaveApproverAbove: '超过30天：需报上级审批',
  leaveApproverAboveTotal: (n: number) => `两个月内已外出 ${n} 天，累计超过30天：需报上级审批`,
  leaveApplyLate: '按规定应提前3天申请，这次申请晚了。可以提交，但会记录为逾期申请。',
  leaveProblem: {
    from_missing: '请选择外出日期',
    to_missing: '请选择返回日期',
    to_before_from: '返回日期不能早于外出日期',
    destination_missing: '请填写目的地',
    destination_code: '请填写目的地区划代码（6、9 或 12 位数字）',
    reason_missing: '请填写外出事由',
    contact_missing: '请填写目的地联系人及电话',
    open_leave: '上一次外出还没有结束（待审批或未销假），不能再申请',
  } as Record<string, string>,
  leaveSubmit: '提交申请',
  leaveSubmitted: '外出申请已提交',
  leaveNone: '没有外出记录。',
  leaveLoading: '正在读取外出记录…',
  leaveDestination: '目的地',
  leaveAppliedOn: (d: string) => `${d} 申请`,
  leaveDecided: (who: string, d: string) => `${who} ${d} 审批`,
  leaveOpinion: '审批意见',
  leaveOpinionPlaceholder: '例如：同意外出，返回后及时销假',
  leaveRejectNeedsOpinion: '不批准时请写明理由',
  leaveApprove: '批准',
  leaveReject: '不批准',
  leaveApproved: '已批准',
  leaveRejectedMsg: '已不批准',
  leaveAwaiting: {
    office: '待司法所审批',
    county: '待县社区矫正机构审批',
    above_county: '待上级审批',
  } as Record<string, string>,
  leaveExtend: '延期',
  leaveExtendTo: '延期至',
  leaveExtendReason: '延期理由',
  leaveExtendSave: '确定延期',
  leaveExtended: (d: string) => `已延期至 ${d}`,
  leaveExtendedMsg: '已延期',
  leaveReturn: '销假',
  leaveReturnDate: '返回日期',
  leaveReturnedMsg: '已销假',
  leaveReturnedOn: (d: string) => `${d} 销假`,
  leaveOnTime: '按时返回',
  leaveOverdue: (n: number) => `逾期 ${n} 天返回`,
  leaveOverdueNow: (n: number) => `已超过返回日期 ${n} 天，尚未销假`,
  leaveOut: '外出中',
  leaveViolation: '违规',
  leaveWillBeLate: (n: number) => `晚于返回日期 ${n} 天，将记为逾期和违规`,
  leaveWarning: { applied_late: '逾期申请（不足3天）' } as Record<string, string>,
  leaveContactShort: '联系人',
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
  searchPlaceholder: 'Name, pinyin, ID or file no., village',
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

  filterVillage: 'Village',
  filterCategory: 'Category',
  filterLevel: 'Management level',
  filterStatus: 'Status',
  filterKey: 'Key subject',
  filterKeyYes: 'Key subjects only',
  filterKeyNo: 'Not key subjects',
  filterAll: 'All',
  clearFilters: 'Clear filters',
  keyTag: 'Key',
  minorTag: 'Minor',
  matchedBy: 'Matched',
  colLevel: 'Level',
  colStatus: 'Status',
  openFileHint: 'Click or press Enter to open the file',

  back: 'Back to roster',
  backHint: 'Back to roster (Esc)',
  print: 'Print',
  printTitle: 'Print the whole file (A4)',
  fileNo: 'File no.',
  age: (n: number) => (n === 1 ? '1 year old' : `${n} years old`),
  daysServed: (n: number) => `${n} ${n === 1 ? 'day' : 'days'} served`,
  daysRemaining: (n: number) => `${n} ${n === 1 ? 'day' : 'days'} left`,
  periodLabel: 'Correction period',
  loadingFile: 'Reading the file…',
  photoChoose: 'Choose photo',
  photoChange: 'Change photo',
  photoNone: 'No photo',
  keySubject: 'Key subject',
  notKeySubject: 'Not a key subject',
  keyBecause: 'Because',
  keyOverridden: 'set by hand',
  keyOverride: 'Override',
  keyOverrideTitle: 'Override the key-subject rules',
  keyOverrideFollow: 'Follow the rules',
  keyOverrideYes: 'Key subject',
  keyOverrideNo: 'Not a key subject',
  keyOverrideRules: (reasons: string) => `By the rules: ${reasons}`,
  keyOverrideNoReasons: 'By the rules: not a key subject',
  keyOverrideReason: 'Reason',
  keyOverrideReasonRequired: 'Say why the rules are overridden',
  keyOverrideReasonPlaceholder: 'e.g. decided at the justice office meeting of …',
  ok: 'OK',
  cancel: 'Cancel',
  save: 'Save',
  saving: 'Saving…',
  saved: 'Saved',
  deleted: 'Deleted',
  edit: 'Edit',
  delete: 'Delete',
  add: 'Add',
  addRecord: (kind: string) => `Add: ${kind}`,
  editRecord: (kind: string) => `Edit: ${kind}`,
  deleteConfirm: 'Delete this record? The deletion stays in the change history.',
  more: 'More',
  addDaily: 'Record',
  shortcutHint: (key: string) => `Shortcut ${key}`,
  reportDeadline: (d: string) => `Must report by ${d}`,
  reportAlertDue: 'Awaiting report',
  reportAlertOverdue10: 'Not reported after 10 days: possibly unsupervised',
  reportAlertOverdue30: 'Not reported after 30 days: unsupervised',
  minorNotice: 'Minor: identity is confidential',

  tabBasic: 'Basic information',
  tabDaily: 'Daily records',
  tabTimeline: 'Timeline',
  noRecords: 'No records yet.',
  notRecorded: 'Not recorded yet',
  timelineEmpty: 'No dated records yet.',
  dailyCount: (n: number) => `${n}`,
  recordBy: (who: string) => `Recorded by ${who}`,
  yes: 'Yes',
  no: 'No',
  actions: 'Actions',
  attachmentsAdd: 'Add file',
  attachmentsNone: 'None',
  attachmentOpen: 'Open',
  attachmentRemove: 'Remove',

  basicName: 'Name',
  basicSex: 'Sex',
  basicBirth: 'Date of birth',
  basicAge: 'Age',
  basicEthnicity: 'Ethnicity',
  basicIdNumber: 'ID number',
  basicPhone: 'Phone',
  basicEducation: 'Education',
  basicMarital: 'Marital status',
  basicHousehold: 'Household address',
  basicResidence: 'Residence',
  basicCrime: 'Crime',
  basicSentence: 'Original sentence',
  basicCategory: 'Category',
  basicPeriod: 'Correction period',
  basicJudgment: 'Judgment effective',
  basicPapers: 'Papers received',
  basicReported: 'Reported on',
  basicVillage: 'Village',
  basicLevel: 'Management level',
  basicStatus: 'Status',

  sfNew: 'New subject',
  sfEditTitle: 'Edit basic information',
  sfStart: 'Correction starts',
  sfEnd: 'Correction ends',
  sfIdLength: (n: number) => `An ID number has 18 characters; this one has ${n}`,
  sfIdChars: 'An ID number has digits only, with X allowed as the last character',
  sfIdDate: 'Characters 7–14 (the birth date) are not a real date; check the number',
  sfIdCheck: 'The last character (the check) does not match the first 17; check each digit for a typing error',
  sfIdTyping: (n: number) => `${n} of 18 characters`,
  sfIdDerived: (birth: string, sex: string, age: number) => `Born ${birth} · ${sex} · age ${age}`,
  sfIdDerivedNote: 'Birth date and sex come from the ID number',
  sfNameLong: 'The name is longer than 50 characters',
  sfTooLong: (label: string) => `${label} is longer than 200 characters`,
  sfPhone: 'A phone number has digits, spaces, + and - only',
  sfEndBeforeStart: 'The correction cannot end before it starts',
  sfSectionPerson: 'Person',
  sfSectionAddress: 'Village and addresses',
  sfSectionCase: 'Crime and correction period',
  sfVillagePlaceholder: 'Choose the village',
  sfSameAsHousehold: 'Same as household',
  sfAdded: 'Subject added',
  sfNoChange: 'Nothing changed',
  sfStatusNote: 'Becomes "in correction" once they report',
  dupTitle: 'Possible duplicate: this ID number is already on file',
  dupBody: 'Nothing was saved. Check whether this is the same person: if so, open the existing file and carry on there; if not, check the ID number for a typing error. The two files are never merged.',
  dupTyped: 'Being entered',
  dupExisting: (fileNo: string) => `On file: ${fileNo}`,
  dupOpen: 'Open the existing file',
  dupFixId: 'Correct the ID number',
  dupNotSaved: 'not saved yet',
  dupElsewhere: 'The existing file is kept by another office and cannot be shown here. Ask the justice office to check.',

  vRequired: (label: string) => `Fill in ${label.toLowerCase()}`,
  vChoose: (label: string) => `Choose ${label.toLowerCase()}`,
  vDateFormat: (label: string) => `${label} must be a date, YYYY-MM-DD`,
  vTimeFormat: (label: string) => `${label} must be a time, HH:MM`,
  vNumber: (label: string) => `${label} must be a number`,
  vMin: (label: string, min: number) => `${label} cannot be less than ${min}`,
  vMax: (label: string, max: number) => `${label} cannot be more than ${max}`,
  vFuture: 'The date cannot be after today',
  vBeforeStart: (d: string) => `The date cannot be before the correction start, ${d}`,
  vAfterEnd: (d: string) => `The date cannot be after the correction end, ${d}`,
  vChoice: (label: string) => `That is not a choice of ${label.toLowerCase()}`,
  formInvalid: 'Correct what is marked red first',
  printedOn: (d: string) => `Printed ${d}`,
  choosePlaceholder: 'Choose',
  timelineAll: 'All',
  timelineFile: 'File sections',
  formKeysHint: 'Ctrl+Enter saves, Esc closes',
  fileN: (n: number) => `File ${n}`,
  filesCount: (n: number) => (n === 1 ? '1 file' : `${n} files`),
  quickVisit: 'Record visit',
  quickTalk: 'Talk',
  quickCheckin: 'Check-in',
  quickEducation: 'Education',
  moreDaily: 'More',
  fileTitle: 'Personal file',
  rulesFollowed: 'by the rules',
  overrideReason: (r: string) => `Reason: ${r}`,
  personalFile: 'Community correction personal file',

  refresh: 'Refresh',
  navDashboard: 'To do',
  navRoster: 'Roster',
  navLabel: 'Main pages',
  dueBadgeTitle: (total: number, overdue: number) =>
    `${total} ${total === 1 ? 'item' : 'items'} to do, ${overdue} overdue`,
  dashboardTitle: 'Reminders',
  dueAsOf: (d: string) => `${d}: what is due today and this week`,
  dueGroupOverdue: 'Overdue',
  dueGroupToday: 'Today',
  dueGroupWeek: 'This week',
  dueGroupLater: 'Later',
  dueEmpty: 'Nothing to do today',
  dueEmptyHint: 'Nothing falls due this week either.',
  dueEmptyVillage: 'Nothing to do in this village',
  dueVillages: 'By village',
  dueAllVillages: 'All villages',
  dueVillageCounts: (overdue: number, due: number) =>
    overdue > 0 ? `${overdue} overdue · ${due} due` : `${due} due`,
  dueOverdueDays: (n: number) => `${n} ${n === 1 ? 'day' : 'days'} overdue`,
  dueInDays: (n: number) => (n === 0 ? 'due today' : `in ${n} ${n === 1 ? 'day' : 'days'}`),
  dueDueOn: 'Due',
  dueWhat: 'What',
  dueWho: 'Subject',
  loadingDue: 'Reading the reminders…',
  dueActOpen: 'Open file',
  dueActLeave: 'Handle leave',
  dueCountLine: (n: number) => (n === 1 ? '1 item' : `${n} items`),
  leavePendingTitle: 'Leave awaiting decision',
  leavePendingEmpty: 'No leave is waiting for a decision.',
  leavePendingOpen: 'Decide',
  backToDashboard: 'Back to reminders',
  backToDashboardHint: 'Back to reminders (Esc)',

  tabLeave: 'Leave',
  leaveNew: 'Request leave',
  leaveFormTitle: (name: string) => `${name}: request leave`,
  leaveFrom: 'Leaving on',
  leaveTo: 'Back on',
  leaveDestinationCode: 'Destination division code',
  leaveDestinationCodeHint: '6 digits for a county, 9 for a town or street, 12 for a village, e.g. 330723001 (Baiyang Street)',
  leaveDestinationDetail: 'Destination address',
  leaveReason: 'Reason',
  leaveContact: 'Contact at the destination',
  leaveDays: (n: number) => `${n} ${n === 1 ? 'day' : 'days'} (first and last day included)`,
  leaveApproverOffice: 'Up to 7 days: the judicial office approves (filed with the county)',
  leaveApproverCounty: 'Over 7 days: the county correction agency must approve',
  leaveApproverAbove: 'Over 30 days: the level above the county must approve',
  leaveApproverAboveTotal: (n: number) =>
    `${n} days out already within two months, over 30 in total: the level above the county must approve`,
  leaveApplyLate: 'Leave must be asked for 3 days ahead; this request is late. It can be sent, and is recorded as late.',
  leaveProblem: {
    from_missing: 'Choose the day of leaving',
    to_missing: 'Choose the day of coming back',
    to_before_from: 'The return cannot be before the day of leaving',
    destination_missing: 'Fill in the destination',
    destination_code: 'Fill in the destination\'s division code (6, 9 or 12 digits)',
    reason_missing: 'Fill in the reason',
    contact_missing: 'Fill in the contact at the destination',
    open_leave: 'The last leave is not finished (awaiting a decision or not back yet): no new request',
  } as Record<string, string>,
  leaveSubmit: 'Send request',
  leaveSubmitted: 'Leave request sent',
  leaveNone: 'No leave recorded.',
  leaveLoading: 'Reading the leave records…',
  leaveDestination: 'Destination',
  leaveAppliedOn: (d: string) => `asked for on ${d}`,
  leaveDecided: (who: string, d: string) => `decided by ${who} on ${d}`,
  leaveOpinion: 'Opinion',
  leaveOpinionPlaceholder: 'e.g. approved; report back on return',
  leaveRejectNeedsOpinion: 'Say why when not approving',
  leaveApprove: 'Approve',
  leaveReject: 'Do not approve',
  leaveApproved: 'Approved',
  leaveRejectedMsg: 'Not approved',
  leaveAwaiting: {
    office: 'Awaiting the judicial office',
    county: 'Awaiting the county agency',
    above_county: 'Awaiting the level above the county',
  } as Record<string, string>,
  leaveExtend: 'Extend',
  leaveExtendTo: 'Extend to',
  leaveExtendReason: 'Reason for the extension',
  leaveExtendSave: 'Extend',
  leaveExtended: (d: string) => `extended to ${d}`,
  leaveExtendedMsg: 'Extended',
  leaveReturn: 'Report back',
  leaveReturnDate: 'Back on',
  leaveReturnedMsg: 'Reported back',
  leaveReturnedOn: (d: string) => `back on ${d}`,
  leaveOnTime: 'Back on time',
  leaveOverdue: (n: number) => `back ${n} ${n === 1 ? 'day' : 'days'} late`,
  leaveOverdueNow: (n: number) => `${n} ${n === 1 ? 'day' : 'days'} past the end and not back`,
  leaveOut: 'Away',
  leaveViolation: 'Violation',
  leaveWillBeLate: (n: number) => `${n} ${n === 1 ? 'day' : 'days'} late: recorded as overdue and a violation`,
  leaveWarning: { applied_late: 'Asked for late (under 3 days ahead)' } as Record<string, string>,
  leaveContactShort: 'Contact',
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
  not_found: '找不到这条数据，可能已被删除。请返回后刷新。',
  unknown_kind: '本软件不认识这种记录类型。请升级本软件。',
  invalid_input: '填写的内容有误，未能保存。',
  outside_scope: '这份档案不在您的管辖范围内，无法查看或修改。',
  attachment_too_large: '文件太大，无法添加。请压缩后再试。',
  attachment_type: '不支持这种文件。请选择 JPG、PNG 图片或 PDF 文件。',
  permission_denied: '您没有进行这项操作的权限。',
  possible_duplicate: '可能重复：已有档案使用这个身份证号，没有保存。',
  leave_refused: '不符合请假外出的规定，未能办理。',
};

const PLAIN_ERRORS = new Set(['wrong_passphrase', 'no_archive', 'locked', 'archive_too_new']);

// Unknown codes fall back to the code itself, so nothing is ever shown blank.
const label = (table: Record<string, string>, code: string) => table[code] ?? code;

const LEVEL: Record<Lang, Record<string, string>> = {
  zh: { strict: '严管', normal: '普管', lenient: '宽管' },
  en: { strict: 'Strict', normal: 'Normal', lenient: 'Lenient' },
};

const STATUS: Record<Lang, Record<string, string>> = {
  zh: {
    awaiting_report: '待报到',
    in_correction: '在矫',
    released: '已解矫',
    terminated: '已终止',
  },
  en: {
    awaiting_report: 'Awaiting report',
    in_correction: 'In correction',
    released: 'Released',
    terminated: 'Terminated',
  },
};

const KEY_REASON: Record<Lang, Record<string, string>> = {
  zh: {
    violent_crime: '暴力犯罪',
    property_crime: '侵财犯罪',
    minor: '未成年人',
    parolee: '假释',
    temporary_outside: '暂予监外执行',
    on_leave: '请假外出',
    non_compliant: '不服从管理',
  },
  en: {
    violent_crime: 'violent crime',
    property_crime: 'property crime',
    minor: 'minor',
    parolee: 'parolee',
    temporary_outside: 'temporary execution outside prison',
    on_leave: 'on leave',
    non_compliant: 'not complying',
  },
};

const DUE_KIND: Record<Lang, Record<string, string>> = {
  zh: {
    check_in: '报到',
    written_report: '书面报告/思想汇报',
    education: '教育学习',
    visit: '走访',
    four_ones: '敏感期“四个一”',
    leave_ending: '外出即将到期',
    leave_overdue: '外出逾期未归',
    report_deadline: '报到期限',
    missing_report_10: '漏管（10天）',
    missing_report_30: '漏管（30天）',
    monthly_assessment: '月度考核',
    term_ending: '矫正期满（30天内）',
    positioning_expiring: '电子定位到期',
    health_reexam: '病情复查',
  },
  en: {
    check_in: 'Check-in',
    written_report: 'Written / thought report',
    education: 'Education',
    visit: 'Visit',
    four_ones: '“Four ones” (sensitive period)',
    leave_ending: 'Leave ending soon',
    leave_overdue: 'Not back from leave',
    report_deadline: 'Report deadline',
    missing_report_10: 'Not reported (10 days)',
    missing_report_30: 'Not reported (30 days)',
    monthly_assessment: 'Monthly assessment',
    term_ending: 'Term ends within 30 days',
    positioning_expiring: 'Positioning approval expires',
    health_reexam: 'Health re-examination',
  },
};

/** The button that settles a reminder, by the record form it opens. */
const DUE_ACTION: Record<Lang, Record<string, string>> = {
  zh: {
    check_in: '登记报到',
    written_report: '登记汇报',
    education: '登记学习',
    visit: '登记走访',
    four_ones: '登记“四个一”',
    health_reexam: '登记复查',
  },
  en: {
    check_in: 'Record check-in',
    written_report: 'Record report',
    education: 'Record education',
    visit: 'Record visit',
    four_ones: 'Record “four ones”',
    health_reexam: 'Record re-examination',
  },
};

const LEAVE_STATUS: Record<Lang, Record<string, string>> = {
  zh: { requested: '待审批', approved: '已批准', rejected: '不批准', returned: '已销假', cancelled: '已撤销' },
  en: { requested: 'Awaiting decision', approved: 'Approved', rejected: 'Not approved', returned: 'Back', cancelled: 'Cancelled' },
};

const APPROVER: Record<Lang, Record<string, string>> = {
  zh: { office: '司法所审批', county: '县局审批', above_county: '上级审批' },
  en: { office: 'Judicial office', county: 'County agency', above_county: 'Above the county' },
};

export const dueKindLabel = (lang: Lang, code: string) => label(DUE_KIND[lang], code);
/** The action button's words; undefined when the item only opens the file. */
export const dueActionLabel = (lang: Lang, code: string): string | undefined => DUE_ACTION[lang][code];
export const leaveStatusLabel = (lang: Lang, code: string) => label(LEAVE_STATUS[lang], code);
export const approverLabel = (lang: Lang, code: string) => label(APPROVER[lang], code);
export const DUE_KIND_CODES = Object.keys(DUE_KIND.zh);

const MATCHED: Record<Lang, Record<string, string>> = {
  zh: { name: '姓名', pinyin: '拼音', initials: '首字母', id_number: '身份证号', file_no: '档案号', village: '村(居)' },
  en: { name: 'name', pinyin: 'pinyin', initials: 'initials', id_number: 'ID number', file_no: 'file no.', village: 'village' },
};

export const levelLabel = (lang: Lang, code: string) => label(LEVEL[lang], code);
export const statusLabel = (lang: Lang, code: string) => label(STATUS[lang], code);
export const keyReasonLabel = (lang: Lang, code: string) => label(KEY_REASON[lang], code);
export const matchedLabel = (lang: Lang, code: string) => label(MATCHED[lang], code);
export const LEVEL_CODES = ['strict', 'normal', 'lenient'];
export const STATUS_CODES = ['awaiting_report', 'in_correction', 'released', 'terminated'];
export const CATEGORY_CODES = ['surveillance', 'probation', 'parole', 'temporary_outside'];

/** A label from the kind or field data: Chinese or English. */
export const pick = (lang: Lang, item: { zh: string; en: string }) =>
  lang === 'zh' ? item.zh : item.en;

export const sexLabel = (lang: Lang, code: string) => label(SEX[lang], code);
export const categoryLabel = (lang: Lang, code: string) => label(CATEGORY[lang], code);
export const roleLabel = (lang: Lang, code: string) => label(ROLE[lang], code);

/** What to show for an error: a translated sentence for known codes in Chinese, else the message. */
export function errorText(lang: Lang, error: ErrorView): { title: string; detail?: string } {
  if (lang === 'zh') {
    const translated = ERROR_ZH[error.code];
    // The Rust message says what exactly (which field, which file); shown under the sentence,
    // except where it only repeats it.
    if (translated && PLAIN_ERRORS.has(error.code)) return { title: translated };
    if (translated) return { title: translated, detail: error.message || undefined };
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
