// The registers (台账) of the mock backend: staff, volunteers, trainings and meetings of the
// mock office (城南街道司法所) and one village. The kinds are the real ones, written from
// dossier-core by `UPDATE_BINDINGS=1 cargo test -p dossier-api bindings` into
// mockRegisters.json; the entries are made up. Checks follow dossier-core's closely enough to
// develop the screen against: required fields, choices, numbers, dates not ahead, periods
// whose end comes before their start, and who may write.

import type { ErrorView } from './bindings/ErrorView';
import type { KindView } from './bindings/KindView';
import type { RegisterEntryView } from './bindings/RegisterEntryView';
import type { RegisterKindView } from './bindings/RegisterKindView';
import type { SessionView } from './bindings/SessionView';
import { addDays, todayIso } from '../dates';
import REGISTERS from './mockRegisters.json';

type Keeper = 'office' | 'any_site';
export const MOCK_REGISTERS = REGISTERS as Array<{
  kind: KindView;
  keeper: Keeper;
  spans: Array<[string, string]>;
}>;

const OFFICE = { jurisdiction: '330102001', jurisdiction_name: '城南街道司法所' };
const TONGLU = { jurisdiction: '330102001201', jurisdiction_name: '童庐村委会' };

type Data = Record<string, string | number | boolean>;

function seeds(today: string): Array<{ kind: string; at: typeof OFFICE; data: Data }> {
  const d = (n: number) => addDays(today, n);
  const year = Number(today.slice(0, 4));
  const lastYear = `${year - 1}-01-01`;
  const evaluated = `${year - 1}-12-28`;
  return [
    { kind: 'staff', at: OFFICE, data: { name: '林建国', role: 'office_head', post: '所长', phone: '0571-86000001', term_from: lastYear, evaluated_on: evaluated, evaluation: 'excellent' } },
    { kind: 'staff', at: OFFICE, data: { name: '陈丽', role: 'office_staff', post: '社区矫正专管员', phone: '0571-86000002', term_from: lastYear, evaluated_on: evaluated, evaluation: 'competent' } },
    { kind: 'staff', at: OFFICE, data: { name: '赵晓燕', role: 'social_worker', phone: '13900000003', term_from: d(-240), term_to: d(490), notes: '购买服务，协助走访和教育' } },
    { kind: 'volunteer', at: OFFICE, data: { name: '钱志明', sex: 'male', phone: '13900000011', work_unit: '退休教师协会', term_from: lastYear, term_to: `${year + 2}-01-01`, agreement_signed: true, evaluated_on: evaluated, evaluation: 'praised' } },
    { kind: 'volunteer', at: OFFICE, data: { name: '孙丽娟', sex: 'female', phone: '13900000012', work_unit: '心理咨询协会', term_from: lastYear, agreement_signed: true, evaluated_on: evaluated, evaluation: 'excellent' } },
    { kind: 'volunteer', at: OFFICE, data: { name: '李国华', sex: 'male', work_unit: '童庐村委会', term_from: d(-60), agreement_signed: false, notes: '协议待签订' } },
    { kind: 'training', at: OFFICE, data: { date: d(-150), title: '《社区矫正法》及实施办法专题培训', organiser: '区司法局', place: '区司法局三楼会议室', hours: 4, attendees: '林建国、陈丽、赵晓燕', content: '法律条文解读；典型案例分析' } },
    { kind: 'training', at: TONGLU, data: { date: d(-20), title: '走访技巧与安全', organiser: '童庐村委会', hours: 1.5, attendees: '王晓明' } },
    { kind: 'meeting', at: OFFICE, data: { meeting_type: 'joint', date: d(-70), place: '街道综治中心', chair: '林建国', recorder: '陈丽', attendees: '林建国、陈丽、派出所社区民警、各村(社区)治保主任', absentees: '检察室(请假)', topics: '通报本季度社区矫正对象情况；研判重点对象', minutes: '本季度在册对象情况稳定，无脱管、无重新犯罪。要求各村加强重点对象走访。' } },
    { kind: 'meeting', at: OFFICE, data: { meeting_type: 'office', date: d(-28), place: '司法所会议室', chair: '林建国', recorder: '陈丽', attendees: '林建国、陈丽、赵晓燕', topics: '上月工作小结；本月考核和请假审批', minutes: '逐人核对在册对象台账；明确本月走访分工。' } },
  ];
}

const err = (code: string, message: string): ErrorView => ({ code, message });

/** The register methods of the mock backend, over the session the mock holds. */
export function mockRegisters(requireSession: () => SessionView, nextId: () => number) {
  const today = todayIso();
  const entries: RegisterEntryView[] = seeds(today).map((s) => ({
    id: `mock-register-${nextId()}`,
    ...s.at,
    kind: s.kind,
    date: null,
    data: s.data,
    author: '陈丽',
    version: `mock-op-${nextId()}`,
    may_edit: false,
  }));
  const spec = (name: string) => {
    const found = MOCK_REGISTERS.find((r) => r.kind.name === name);
    if (!found) {
      const names = MOCK_REGISTERS.map((r) => r.kind.name).join(', ');
      throw err('unknown_kind', `There is no register "${name}". The registers are: ${names}.`);
    }
    return found;
  };
  const mayKeep = (s: SessionView, keeper: Keeper) =>
    keeper === 'any_site' || s.role !== 'village_worker';
  const requireKeeper = (s: SessionView, keeper: Keeper) => {
    if (!mayKeep(s, keeper))
      throw err(
        'permission_denied',
        "Your role may not write the office's staff, volunteer and meeting registers (the judicial office keeps them; a village may read them).",
      );
  };
  const sees = (s: SessionView, j: string) =>
    j.startsWith(s.jurisdiction) || s.jurisdiction.startsWith(j);
  const view = (s: SessionView, e: RegisterEntryView): RegisterEntryView => {
    const { kind, keeper } = spec(e.kind);
    const date = kind.date_field ? e.data[kind.date_field] : undefined;
    return {
      ...e,
      date: typeof date === 'string' ? date : null,
      data: { ...e.data },
      may_edit: mayKeep(s, keeper) && e.jurisdiction === s.jurisdiction,
    };
  };
  const check = (kind: KindView, data: Record<string, unknown>): Data => {
    const bad = (why: string) => err('invalid_input', `The entry was not saved: ${why}.`);
    const out: Data = {};
    for (const [name, value] of Object.entries(data)) {
      const field = kind.fields.find((f) => f.name === name);
      if (!field) throw bad(`a ${kind.name} record has no field named ${name}`);
      if (value === null || value === undefined || value === '') continue;
      if (field.type === 'number' && (typeof value !== 'number' || !Number.isFinite(value)))
        throw bad(`${field.en} must be a number`);
      if (field.type === 'number' && ((field.min !== null && (value as number) < field.min) || (field.max !== null && (value as number) > field.max)))
        throw bad(`${field.en} must be between ${field.min} and ${field.max}`);
      if (field.type === 'bool' && typeof value !== 'boolean') throw bad(`${field.en} must be yes or no`);
      if (field.type === 'choice' && !field.choices.some((c) => c.value === value))
        throw bad(`${field.en} must be one of: ${field.choices.map((c) => c.value).join(', ')}`);
      if (field.type === 'date' && field.date_rule === 'not_future' && String(value) > todayIso())
        throw bad(`${field.en} (${String(value)}) is in the future`);
      out[name] = value as string | number | boolean;
    }
    const missing = kind.fields.find((f) => f.required && out[f.name] === undefined);
    if (missing) throw bad(`${missing.en} is required`);
    for (const [start, end] of MOCK_REGISTERS.find((r) => r.kind.name === kind.name)?.spans ?? []) {
      const a = out[start];
      const b = out[end];
      if (typeof a === 'string' && typeof b === 'string' && b < a) {
        const label = (n: string) => kind.fields.find((f) => f.name === n)?.en ?? n;
        throw bad(`${label(end)} (${b}) comes before ${label(start)} (${a})`);
      }
    }
    return out;
  };
  const own = (s: SessionView, id: string) => {
    const e = entries.find((x) => x.id === id && sees(s, x.jurisdiction));
    if (!e) throw err('not_found', 'The register entry was not found.');
    requireKeeper(s, spec(e.kind).keeper);
    if (e.jurisdiction !== s.jurisdiction)
      throw err('permission_denied', "Your role may not change another site's register entries.");
    return e;
  };

  return {
    registerKinds: (): RegisterKindView[] => {
      const s = requireSession();
      return MOCK_REGISTERS.map((r) => ({
        kind: structuredClone(r.kind),
        keeper: r.keeper,
        may_edit: mayKeep(s, r.keeper),
        spans: r.spans.map(([a, b]) => [a, b] as [string, string]),
      }));
    },
    registerList: (kind: string): RegisterEntryView[] => {
      const s = requireSession();
      spec(kind);
      return entries
        .filter((e) => e.kind === kind && sees(s, e.jurisdiction))
        .map((e) => view(s, e))
        .sort((a, b) => (b.date ?? '').localeCompare(a.date ?? '') || b.id.localeCompare(a.id));
    },
    registerAdd: (kind: string, data: Record<string, unknown>): RegisterEntryView => {
      const s = requireSession();
      const r = spec(kind);
      requireKeeper(s, r.keeper);
      const entry: RegisterEntryView = {
        id: `mock-register-${nextId()}`,
        jurisdiction: s.jurisdiction,
        jurisdiction_name: s.jurisdiction_name,
        kind,
        date: null,
        data: check(r.kind, data),
        author: s.officer_name,
        version: `mock-op-${nextId()}`,
        may_edit: true,
      };
      entries.push(entry);
      return view(s, entry);
    },
    registerEdit: (id: string, changes: Record<string, unknown>): RegisterEntryView => {
      const s = requireSession();
      const e = own(s, id);
      const merged: Record<string, unknown> = { ...e.data, ...changes };
      e.data = check(spec(e.kind).kind, merged);
      e.author = s.officer_name;
      e.version = `mock-op-${nextId()}`;
      return view(s, e);
    },
    registerDelete: (id: string): void => {
      const s = requireSession();
      const e = own(s, id);
      entries.splice(entries.indexOf(e), 1);
    },
  };
}
