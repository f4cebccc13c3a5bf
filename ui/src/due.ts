// The reminders dashboard's logic: which group an item goes in, and what one click on it
// opens. Plain functions, so they are tested without rendering.

import type { DueItemView, VillageDueView } from './backend';
import { addDays } from './dates';
import { fourOneLabel, type Lang, type Messages } from './i18n';

export type DueGroup = 'overdue' | 'today' | 'week' | 'later';

export const DUE_GROUPS: DueGroup[] = ['overdue', 'today', 'week', 'later'];

export function dueGroup(item: DueItemView, today: string): DueGroup {
  if (item.overdue || item.due < today) return 'overdue';
  if (item.due === today) return 'today';
  if (item.due <= addDays(today, 6)) return 'week';
  return 'later';
}

const SEVERITY_ORDER: Record<string, number> = { danger: 0, warning: 1, info: 2 };

/** Items by group; within a group the oldest date first, then the most serious, then name. */
export function groupDue(items: readonly DueItemView[], today: string): Record<DueGroup, DueItemView[]> {
  const groups: Record<DueGroup, DueItemView[]> = { overdue: [], today: [], week: [], later: [] };
  for (const item of items) groups[dueGroup(item, today)].push(item);
  for (const list of Object.values(groups)) {
    list.sort(
      (a, b) =>
        a.due.localeCompare(b.due) ||
        (SEVERITY_ORDER[a.severity] ?? 3) - (SEVERITY_ORDER[b.severity] ?? 3) ||
        a.subject_name.localeCompare(b.subject_name, 'zh-CN'),
    );
  }
  return groups;
}

/** Counts per village from the items (for a filtered list, or when the backend sends none). */
export function countByVillage(items: readonly DueItemView[], today: string): VillageDueView[] {
  const map = new Map<string, VillageDueView>();
  for (const item of items) {
    let v = map.get(item.jurisdiction);
    if (!v) {
      v = { jurisdiction: item.jurisdiction, name: item.jurisdiction_name, overdue: 0, due: 0 };
      map.set(item.jurisdiction, v);
    }
    if (dueGroup(item, today) === 'overdue') v.overdue += 1;
    else v.due += 1;
  }
  return [...map.values()].sort(
    (a, b) => b.overdue - a.overdue || b.due - a.due || a.name.localeCompare(b.name, 'zh-CN'),
  );
}

/**
 * The note a person reads beside an item. The backend's note is partly for the app: a leave
 * item's is the leave's id, and a four-ones item's names the period and the missing ones by
 * code ("国庆: home_visit,talk").
 */
export function dueNoteText(item: Pick<DueItemView, 'kind' | 'note'>, lang: Lang, t: Messages): string {
  const note = item.note ?? '';
  switch (item.kind) {
    case 'leave_ending':
    case 'leave_overdue':
      return '';
    case 'four_ones': {
      const at = note.lastIndexOf(': ');
      if (at < 0) return note;
      const missing = note
        .slice(at + 2)
        .split(',')
        .map((c) => c.trim())
        .filter((c) => c !== '')
        .map((c) => fourOneLabel(lang, c));
      return t.dueFourOnesMissing(note.slice(0, at), missing.join(lang === 'zh' ? '、' : ', '));
    }
    default:
      return note;
  }
}

/** What the file opens with: a record form with values filled in, or a tab. */
export type FileOpening =
  | { form: string; values?: Record<string, string | boolean> }
  | { tab: string };

/** The one action that settles an item; null opens just the file. */
export function dueAction(kind: string): FileOpening | null {
  switch (kind) {
    case 'check_in':
    case 'transfer_report':
      return { form: 'checkin' };
    case 'written_report':
      return { form: 'checkin', values: { form: 'thoughts' } };
    case 'visit':
      return { form: 'visit' };
    case 'four_ones':
      return { form: 'visit', values: { reason: 'four_ones' } };
    case 'education':
      return { form: 'education' };
    case 'health_reexam':
      return { form: 'health_report', values: { reexamination: true } };
    case 'leave_ending':
    case 'leave_overdue':
      return { tab: 'leave' };
    case 'decision_pending':
      return { tab: 'proposals' };
    case 'monthly_assessment':
      return { tab: 'assessment' };
    default:
      return null;
  }
}
