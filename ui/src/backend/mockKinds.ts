// Record kinds for the mock backend. The real ones come from dossier-core over IPC; these are
// close enough to develop and test the screens against, with Chinese and English labels.

import type { ChoiceView } from './bindings/ChoiceView';
import type { FieldView } from './bindings/FieldView';
import type { KindView } from './bindings/KindView';

type FieldType = FieldView['type'];

function field(
  name: string,
  zh: string,
  en: string,
  type: FieldType,
  extra: Partial<Pick<FieldView, 'required' | 'choices' | 'min' | 'max'>> = {},
): FieldView {
  return {
    name,
    zh,
    en,
    type,
    required: extra.required ?? false,
    choices: extra.choices ?? [],
    min: extra.min ?? null,
    max: extra.max ?? null,
  };
}

const req = { required: true };

function choices(...list: Array<[string, string, string]>): ChoiceView[] {
  return list.map(([value, zh, en]) => ({ value, zh, en }));
}

function kind(
  name: string,
  zh: string,
  en: string,
  section: 'file' | 'daily',
  fields: FieldView[],
  options: { singular?: boolean; dateField?: string | null; dateRule?: string } = {},
): KindView {
  return {
    name,
    zh,
    en,
    section,
    singular: options.singular ?? false,
    date_field: options.dateField === undefined ? 'date' : options.dateField,
    date_rule: options.dateRule ?? 'not_future',
    fields,
  };
}

const RELATION = choices(
  ['spouse', '配偶', 'Spouse'],
  ['father', '父亲', 'Father'],
  ['mother', '母亲', 'Mother'],
  ['child', '子女', 'Child'],
  ['sibling', '兄弟姐妹', 'Sibling'],
  ['other', '其他', 'Other'],
);

export const MOCK_KINDS: KindView[] = [
  // ---- Sections of the personal file ----
  kind(
    'family_member',
    '家庭成员及社会关系',
    'Family and social relations',
    'file',
    [
      field('name', '姓名', 'Name', 'text', req),
      field('relation', '关系', 'Relation', 'choice', { ...req, choices: RELATION }),
      field('birth_date', '出生日期', 'Date of birth', 'date'),
      field('employer', '工作单位', 'Employer', 'text'),
      field('phone', '联系电话', 'Phone', 'text'),
      field('address', '住址', 'Address', 'text'),
    ],
    { dateField: null, dateRule: 'any' },
  ),
  kind(
    'employment',
    '就业就学情况',
    'Work or school',
    'file',
    [
      field('status', '就业就学', 'Work or school', 'choice', {
        required: true,
        choices: choices(
          ['employed', '就业', 'Employed'],
          ['studying', '就学', 'In school'],
          ['unemployed', '无业', 'Not working'],
          ['retired', '离退休', 'Retired'],
          ['unable', '丧失劳动能力', 'Unable to work'],
        ),
      }),
      field('unit', '工作单位或学校', 'Employer or school', 'text'),
      field('job', '职业或岗位', 'Job', 'text'),
      field('notes', '备注', 'Notes', 'long_text'),
    ],
    { singular: true, dateField: null },
  ),
  kind(
    'resume_entry',
    '个人简历',
    'Resume',
    'file',
    [
      field('from', '起始日期', 'From', 'date', req),
      field('to', '截止日期', 'To', 'date'),
      field('employer', '单位或学校', 'Employer or school', 'text', req),
      field('position', '职务', 'Position', 'text'),
    ],
    { dateField: 'from' },
  ),
  kind(
    'legal_document',
    '法律文书',
    'Legal documents',
    'file',
    [
      field('doc_type', '文书类型', 'Document', 'choice', {
        ...req,
        choices: choices(
          ['judgment', '刑事判决书', 'Criminal judgment'],
          ['execution_notice', '执行通知书', 'Execution notice'],
          ['indictment', '起诉书', 'Indictment'],
          ['parole_ruling', '假释裁定书', 'Parole ruling'],
          ['outside_decision', '暂予监外执行决定书', 'Decision on execution outside prison'],
          ['closing_form', '结案登记表', 'Case closing form'],
          ['other', '其他', 'Other'],
        ),
      }),
      field('doc_no', '文书编号', 'Document number', 'text'),
      field('issuer', '制作机关', 'Issued by', 'text'),
      field('received_on', '收到日期', 'Received on', 'date', req),
      field('files', '文书扫描件', 'Scans', 'attachments'),
    ],
    { dateField: 'received_on' },
  ),
  kind(
    'pre_assessment',
    '调查评估',
    'Pre-sentence assessment',
    'file',
    [
      field('commissioned_by', '委托机关', 'Commissioned by', 'text', req),
      field('commissioned_on', '委托日期', 'Commissioned on', 'date', req),
      field('completed_on', '完成日期', 'Completed on', 'date'),
      field('conclusion', '评估意见', 'Conclusion', 'choice', {
        choices: choices(
          ['suitable', '适宜社区矫正', 'Suitable for community correction'],
          ['unsuitable', '不适宜社区矫正', 'Not suitable'],
        ),
      }),
      field('notes', '说明', 'Notes', 'long_text'),
    ],
    { singular: true, dateField: 'commissioned_on' },
  ),
  kind(
    'intake',
    '入矫登记',
    'Intake',
    'file',
    [
      field('intake_date', '入矫日期', 'Intake date', 'date', req),
      field('announced', '已入矫宣告', 'Announcement held', 'bool'),
      field('fingerprints', '已采集指纹', 'Fingerprints taken', 'bool'),
      field('first_talk', '已首次谈话', 'First talk held', 'bool'),
      field('profile_complete', '基本信息已完善', 'Profile complete', 'bool'),
      field('group_formed', '已成立矫正小组', 'Correction group formed', 'bool'),
      field('plan_made', '已制定矫正方案', 'Correction plan made', 'bool'),
      field('letter_printed', '已签责任书', 'Responsibility letter signed', 'bool'),
      field('volunteer_agreement', '已签志愿者协议', 'Volunteer agreement signed', 'bool'),
      field('supervisor_named', '已明确监管责任人', 'Supervisor named', 'bool'),
      field('notes', '备注', 'Notes', 'long_text'),
    ],
    { singular: true, dateField: 'intake_date', dateRule: 'during_correction' },
  ),
  kind(
    'correction_plan',
    '矫正方案',
    'Correction plan',
    'file',
    [
      field('made_on', '制定日期', 'Made on', 'date', req),
      field('supervision', '监督管理措施', 'Supervision measures', 'long_text', req),
      field('education', '教育矫正措施', 'Education measures', 'long_text'),
      field('assistance', '帮扶措施', 'Assistance measures', 'long_text'),
      field('other', '其他', 'Other', 'long_text'),
    ],
    { dateField: 'made_on', dateRule: 'during_correction' },
  ),
  kind(
    'group_member',
    '矫正小组',
    'Correction group',
    'file',
    [
      field('name', '姓名', 'Name', 'text', req),
      field('role', '身份', 'Role', 'choice', {
        ...req,
        choices: choices(
          ['office_staff', '司法所工作人员', 'Justice office staff'],
          ['village_staff', '村(居)委会人员', 'Village committee'],
          ['police', '社区民警', 'Community police'],
          ['family', '家庭成员', 'Family member'],
          ['guardian', '监护人', 'Guardian'],
          ['employer', '工作单位或学校', 'Employer or school'],
          ['social_worker', '社会工作者', 'Social worker'],
          ['volunteer', '志愿者', 'Volunteer'],
        ),
      }),
      field('responsible', '监管责任人', 'Person responsible', 'bool'),
      field('phone', '联系电话', 'Phone', 'text'),
      field('joined_on', '加入日期', 'Joined on', 'date'),
    ],
    { dateField: null, dateRule: 'any' },
  ),
  kind(
    'guardian',
    '监护人',
    'Guardian',
    'file',
    [
      field('name', '姓名', 'Name', 'text', req),
      field('relation', '关系', 'Relation', 'choice', { ...req, choices: RELATION }),
      field('phone', '联系电话', 'Phone', 'text', req),
      field('address', '住址', 'Address', 'text'),
      field('signed_on', '保证书签订日期', 'Guarantee signed on', 'date'),
    ],
    { dateField: null, dateRule: 'any' },
  ),
  kind(
    'injunction',
    '禁止令',
    'Injunctions',
    'file',
    [
      field('type', '禁止内容', 'Prohibits', 'choice', {
        ...req,
        choices: choices(
          ['activity', '禁止从事特定活动', 'Certain activities'],
          ['place', '禁止进入特定区域、场所', 'Certain places'],
          ['contact', '禁止接触特定的人', 'Contact with certain people'],
        ),
      }),
      field('detail', '具体内容', 'Details', 'long_text', req),
      field('from', '起始日期', 'From', 'date', req),
      field('to', '截止日期', 'To', 'date'),
    ],
    { dateField: 'from', dateRule: 'any' },
  ),
  kind(
    'positioning',
    '电子定位',
    'Electronic positioning',
    'file',
    [
      field('reason', '适用情形', 'Reason', 'choice', {
        ...req,
        choices: choices(
          ['penalised', '违反监督管理规定被给予治安管理处罚', 'Given a public-security penalty for breaking supervision rules'],
          ['missed_reports', '两次以上无正当理由不按规定时间报告或者未经批准离开所居住的市县', 'Twice or more failed to report on time without good reason, or left the city or county without approval'],
          ['revocation_pending', '拟提请撤销缓刑、假释或者暂予监外执行收监执行', 'About to ask for probation or parole to be revoked, or for return to prison'],
          ['other', '其他需要采取电子定位措施的情形', 'Other circumstances that call for electronic positioning'],
        ),
      }),
      field('approved_by', '批准机关', 'Approved by', 'text', req),
      field('from', '起始日期', 'From', 'date', req),
      field('to', '截止日期', 'To', 'date', req),
      field('device_no', '设备编号', 'Device number', 'text'),
    ],
    { dateField: 'from', dateRule: 'during_correction' },
  ),

  // ---- Daily work ----
  kind(
    'checkin',
    '报到',
    'Check-in',
    'daily',
    [
      field('date', '日期', 'Date', 'date', req),
      field('form', '方式', 'Form', 'choice', {
        ...req,
        choices: choices(
          ['in_person', '当面报到', 'In person'],
          ['phone', '电话报告', 'By phone'],
          ['written', '书面报告', 'Written report'],
          ['thoughts', '思想汇报', 'Thought report'],
        ),
      }),
      field('punctuality', '情况', 'Punctuality', 'choice', {
        ...req,
        choices: choices(
          ['on_time', '按时', 'On time'],
          ['late', '迟到', 'Late'],
          ['missing', '未报到', 'Missing'],
        ),
      }),
      field('notes', '备注', 'Notes', 'long_text'),
    ],
    { dateRule: 'during_correction' },
  ),
  kind(
    'visit',
    '走访',
    'Visit',
    'daily',
    [
      field('date', '走访日期', 'Date', 'date', req),
      field('place', '走访地点', 'Place', 'text', req),
      field('visitors', '走访人员', 'Visitors', 'text', req),
      field('met', '接触人员', 'People met', 'text'),
      field('reason', '走访事由', 'Reason', 'choice', {
        ...req,
        choices: choices(
          ['routine', '日常走访', 'Routine'],
          ['sensitive_period', '敏感时期走访', 'Sensitive period'],
          ['four_ones', '“四个一”走访', '“Four ones”'],
          ['other', '其他', 'Other'],
        ),
      }),
      field('findings', '现实表现', 'Findings', 'long_text', req),
      field('outcome', '处理情况', 'Outcome', 'long_text'),
      field('photos', '照片', 'Photos', 'attachments'),
    ],
    { dateRule: 'during_correction' },
  ),
  kind(
    'talk',
    '个别谈话',
    'Individual talk',
    'daily',
    [
      field('date', '谈话日期', 'Date', 'date', req),
      field('start', '开始时间', 'Start', 'time'),
      field('end', '结束时间', 'End', 'time'),
      field('place', '谈话地点', 'Place', 'text', req),
      field('talker', '谈话人', 'Talker', 'text', req),
      field('recorder', '记录人', 'Recorder', 'text'),
      field('first_talk', '首次谈话', 'First talk', 'bool'),
      field('notes', '谈话内容', 'Notes', 'long_text', req),
    ],
    { dateRule: 'during_correction' },
  ),
  kind(
    'education',
    '教育学习',
    'Education',
    'daily',
    [
      field('date', '日期', 'Date', 'date', req),
      field('content', '学习内容', 'Content', 'text', req),
      field('form', '形式', 'Form', 'choice', {
        ...req,
        choices: choices(
          ['group', '集中教育', 'Group session'],
          ['individual', '个别教育', 'Individual'],
          ['online', '网络学习', 'Online'],
        ),
      }),
      field('hours', '时长(小时)', 'Hours', 'number', { ...req, min: 0.5, max: 8 }),
      field('attended', '已参加', 'Attended', 'bool'),
    ],
    { dateRule: 'during_correction' },
  ),
  kind(
    'community_service',
    '公益活动',
    'Community service',
    'daily',
    [
      field('date', '日期', 'Date', 'date', req),
      field('place', '地点', 'Place', 'text', req),
      field('work', '活动内容', 'Work', 'text', req),
      field('hours', '时长(小时)', 'Hours', 'number', { ...req, min: 0.5, max: 8 }),
    ],
    { dateRule: 'during_correction' },
  ),
  kind(
    'health_report',
    '病情复查',
    'Health report',
    'daily',
    [
      field('date', '日期', 'Date', 'date', req),
      field('hospital', '医院', 'Hospital', 'text', req),
      field('diagnosis', '诊断结果', 'Diagnosis', 'long_text', req),
      field('reexamination', '属三个月复查', 'Quarterly re-examination', 'bool'),
      field('files', '病历材料', 'Medical papers', 'attachments'),
    ],
    { dateRule: 'during_correction' },
  ),
  kind(
    'emergency',
    '突发事件',
    'Emergency',
    'daily',
    [
      field('date', '发生日期', 'Date', 'date', req),
      field('type', '类型', 'Type', 'choice', {
        ...req,
        choices: choices(
          ['reoffending', '重新犯罪', 'Re-offending'],
          ['detention', '被刑事拘留', 'Criminal detention'],
          ['police_penalty', '受到治安管理处罚', 'Public-security penalty'],
          ['absconded', '脱管', 'Absconded'],
          ['death', '死亡', 'Death'],
          ['other', '其他', 'Other'],
        ),
      }),
      field('description', '经过', 'What happened', 'long_text', req),
      field('reported_to', '报告对象', 'Reported to', 'text', req),
    ],
    { dateRule: 'not_future' },
  ),
];
