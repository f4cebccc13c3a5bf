// Synthetic file contents for the mock backend: the basic information beyond the roster line
// and records in every section. All names, numbers and events are made up.

import type { SubjectDetail } from './bindings/SubjectDetail';

type Data = Record<string, string | number | boolean>;

export interface SeedRecord {
  subject: string;
  kind: string;
  data: Data;
  author?: string;
}

export const DEMO_SUBJECT_ID = 'mock-subject-03';

const EMPTY_DETAIL: SubjectDetail = {
  education: null,
  marital_status: null,
  household_address: null,
  residence_address: null,
  original_sentence: null,
  judgment_date: null,
  papers_received: null,
  reported_on: null,
  photo: null,
};

export const MOCK_DETAILS: Record<string, Partial<SubjectDetail>> = {
  'mock-subject-01': {
    education: '高中',
    marital_status: '已婚',
    household_address: '武义县白洋街道童庐村 18 号',
    residence_address: '武义县白洋街道童庐村 18 号',
    original_sentence: '拘役四个月，缓刑一年，并处罚金人民币五千元',
    judgment_date: '2025-02-18',
    papers_received: '2025-02-24',
    reported_on: '2025-02-27',
  },
  'mock-subject-03': {
    education: '初中',
    marital_status: '离异',
    household_address: '武义县白洋街道柳湾村 5 组 32 号',
    residence_address: '武义县白洋街道柳湾村 5 组 32 号',
    original_sentence: '有期徒刑三年六个月，并处罚金人民币一万元；假释考验期一年六个月',
    judgment_date: '2025-11-10',
    papers_received: '2025-11-14',
    reported_on: '2025-11-20',
  },
  'mock-subject-04': {
    education: '大专',
    marital_status: '未婚',
    household_address: '武义县白洋街道童庐村 7 号',
    residence_address: '武义县白洋街道童庐村 7 号',
    original_sentence: '有期徒刑二年，缓刑二年',
    judgment_date: '2026-10-20',
    papers_received: '2026-10-26',
  },
  'mock-subject-10': {
    education: '初中在读',
    marital_status: '未婚',
    household_address: '武义县白洋街道青石社区 3 幢 201 室',
    residence_address: '武义县白洋街道青石社区 3 幢 201 室',
    original_sentence: '有期徒刑八个月，缓刑一年',
    judgment_date: '2026-05-20',
    papers_received: '2026-05-25',
    reported_on: '2026-05-29',
  },
};

export function detailFor(subjectId: string): SubjectDetail {
  return { ...EMPTY_DETAIL, ...MOCK_DETAILS[subjectId] };
}

const W = DEMO_SUBJECT_ID;
const ZHANG = 'mock-subject-01';

/** Records of the demo file (王磊, parolee in 柳湾村): every section has something. */
export const MOCK_RECORDS: SeedRecord[] = [
  { subject: W, kind: 'family_member', data: { name: '王秀珍', relation: 'mother', birth_date: '1952-06-03', employer: '务农', phone: '13900000031', address: '柳湾村 5 组 32 号' } },
  { subject: W, kind: 'family_member', data: { name: '王子涵', relation: 'child', birth_date: '2008-09-12', employer: '武义县第一中学', address: '柳湾村 5 组 32 号' } },
  { subject: W, kind: 'family_member', data: { name: '王强', relation: 'sibling', birth_date: '1981-02-20', employer: '武义县某五金厂', phone: '13900000032', address: '白洋街道下王宅社区' } },
  { subject: W, kind: 'employment', data: { status: 'employed', unit: '武义县某五金厂', job: '操作工' } },
  { subject: W, kind: 'resume_entry', data: { from: '1994-09-01', to: '1997-07-01', employer: '白洋中学', position: '学生' } },
  { subject: W, kind: 'resume_entry', data: { from: '1997-08-01', to: '2015-12-31', employer: '武义县某五金厂', position: '工人' } },
  { subject: W, kind: 'resume_entry', data: { from: '2016-01-01', to: '2023-04-30', employer: '个体运输', position: '司机' } },
  { subject: W, kind: 'resume_entry', data: { from: '2023-05-01', to: '2025-11-19', employer: '浙江省某监狱', position: '服刑' } },
  { subject: W, kind: 'legal_document', data: { doc_type: 'judgment', doc_no: '(2023)浙0723刑初112号', issuer: '武义县人民法院', received_on: '2025-11-14' } },
  { subject: W, kind: 'legal_document', data: { doc_type: 'parole_ruling', doc_no: '(2025)浙07刑更1888号', issuer: '金华市中级人民法院', received_on: '2025-11-14' } },
  { subject: W, kind: 'legal_document', data: { doc_type: 'execution_notice', doc_no: '浙某监执〔2025〕236号', issuer: '浙江省某监狱', received_on: '2025-11-17' } },
  { subject: W, kind: 'pre_assessment', data: { commissioned_by: '金华市中级人民法院', commissioned_on: '2025-09-15', completed_on: '2025-09-24', conclusion: 'suitable', notes: '家庭关系稳定，母亲愿意监护，村委会同意接收。' } },
  { subject: W, kind: 'intake', data: { intake_date: '2025-11-20', announced: true, fingerprints: true, first_talk: true, profile_complete: true, group_formed: true, plan_made: true, letter_printed: true, volunteer_agreement: false, supervisor_named: true, notes: '志愿者协议待村委会确定人选后签订。' } },
  { subject: W, kind: 'correction_plan', data: { made_on: '2025-11-25', supervision: '严管：每周电话报告一次，每月当面报到两次；每月走访不少于一次。', education: '每月集中教育不少于 8 小时，重点进行法治教育和财产权益教育。', assistance: '联系街道就业服务站，推荐运输相关工作。', other: '敏感时期落实“四个一”。' } },
  { subject: W, kind: 'correction_plan', data: { made_on: '2026-05-26', supervision: '调整：每两周电话报告一次，每月当面报到一次。', education: '每月集中教育 8 小时。', assistance: '已在某物流公司就业，跟进劳动合同签订。' } },
  { subject: W, kind: 'group_member', data: { name: '陈丽', role: 'office_staff', responsible: true, phone: '0579-87000001', joined_on: '2025-11-20' } },
  { subject: W, kind: 'group_member', data: { name: '王晓明', role: 'village_staff', responsible: false, phone: '13800000100', joined_on: '2025-11-20' } },
  { subject: W, kind: 'group_member', data: { name: '赵警官', role: 'police', responsible: false, phone: '0579-87000110', joined_on: '2025-11-20' } },
  { subject: W, kind: 'group_member', data: { name: '王秀珍', role: 'family', responsible: false, phone: '13900000031', joined_on: '2025-11-20' } },
  { subject: W, kind: 'group_member', data: { name: '刘志愿', role: 'volunteer', responsible: false, joined_on: '2025-12-01' } },
  { subject: W, kind: 'guardian', data: { name: '王秀珍', relation: 'mother', phone: '13900000031', address: '柳湾村 5 组 32 号', signed_on: '2025-11-20' } },
  { subject: W, kind: 'injunction', data: { type: 'place', detail: '禁止进入夜总会、酒吧、迪厅、网吧等娱乐场所。', from: '2025-11-20', to: '2027-05-19' } },
  { subject: W, kind: 'positioning', data: { reason: 'missed_reports', approved_by: '武义县司法局', from: '2026-02-10', to: '2026-05-09', device_no: 'DW-0723-0192' } },
  { subject: W, kind: 'checkin', data: { date: '2025-11-20', form: 'in_person', punctuality: 'on_time', notes: '入矫报到。' } },
  { subject: W, kind: 'checkin', data: { date: '2026-10-08', form: 'in_person', punctuality: 'on_time' } },
  { subject: W, kind: 'checkin', data: { date: '2026-10-22', form: 'phone', punctuality: 'late', notes: '晚一天电话报告，称在外地送货，已批评教育。' } },
  { subject: W, kind: 'checkin', data: { date: '2026-11-05', form: 'thoughts', punctuality: 'on_time', notes: '提交十月份思想汇报。' } },
  { subject: W, kind: 'visit', data: { date: '2026-09-30', place: '柳湾村 5 组 32 号家中', visitors: '陈丽、王晓明', met: '本人及其母亲', reason: 'sensitive_period', findings: '国庆前走访。本人在家，身体状况良好，在物流公司上班，收入稳定。', outcome: '提醒国庆期间不得擅自外出。' } },
  { subject: W, kind: 'visit', data: { date: '2026-11-12', place: '某物流公司', visitors: '王晓明', met: '本人、车队负责人', reason: 'routine', findings: '工作表现正常，按时出勤，与同事相处融洽。', outcome: '无异常。' } },
  { subject: W, kind: 'talk', data: { date: '2025-11-20', start: '09:30', end: '10:15', place: '白洋街道司法所', talker: '陈丽', recorder: '王晓明', first_talk: true, notes: '宣读假释期间应遵守的规定，了解家庭和就业情况。本人表示认罪悔罪，愿意接受监督管理。' } },
  { subject: W, kind: 'talk', data: { date: '2026-10-23', start: '14:00', end: '14:40', place: '白洋街道司法所', talker: '陈丽', recorder: '王晓明', first_talk: false, notes: '就迟报一事谈话，本人说明原因并写下保证。' } },
  { subject: W, kind: 'education', data: { date: '2026-10-15', content: '《社区矫正法》专题学习', form: 'group', hours: 4, attended: true } },
  { subject: W, kind: 'education', data: { date: '2026-11-10', content: '民法典与财产权益保护', form: 'online', hours: 2, attended: true } },
  { subject: W, kind: 'community_service', data: { date: '2026-10-18', place: '柳湾村文化礼堂', work: '环境卫生清扫', hours: 3 } },
  { subject: W, kind: 'health_report', data: { date: '2026-08-06', hospital: '武义县第一人民医院', diagnosis: '体检正常。', reexamination: false } },
  { subject: W, kind: 'emergency', data: { date: '2026-02-08', type: 'other', description: '未经批准前往永康市送货一天，当晚返回。已给予训诫，并报县司法局批准适用电子定位。', reported_to: '武义县社区矫正机构' } },

  { subject: ZHANG, kind: 'checkin', data: { date: '2026-11-02', form: 'in_person', punctuality: 'on_time' } },
  { subject: ZHANG, kind: 'visit', data: { date: '2026-10-28', place: '童庐村 18 号家中', visitors: '王晓明', met: '本人及妻子', reason: 'routine', findings: '在家务农，表现良好。' } },
  { subject: ZHANG, kind: 'talk', data: { date: '2025-03-01', place: '白洋街道司法所', talker: '陈丽', first_talk: true, notes: '首次谈话，告知报到和外出规定。' } },
  { subject: ZHANG, kind: 'intake', data: { intake_date: '2025-03-01', announced: true, fingerprints: true, first_talk: true, profile_complete: true, group_formed: true, plan_made: true, letter_printed: true, volunteer_agreement: true, supervisor_named: true } },
];
