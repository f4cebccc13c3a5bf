// Pure roster logic, kept apart from the screen so it can be tested on its own.

import type { SubjectRow } from './backend';

const collator = new Intl.Collator('zh-CN');

/** By village, then by name, both in Chinese (pinyin) order. */
export function sortRoster(rows: readonly SubjectRow[]): SubjectRow[] {
  return [...rows].sort(
    (a, b) =>
      collator.compare(a.jurisdiction_name, b.jurisdiction_name) ||
      collator.compare(a.name, b.name) ||
      a.file_no.localeCompare(b.file_no),
  );
}

/** Case-insensitive substring match over name, ID number, file number and village. */
export function matchesQuery(row: SubjectRow, query: string): boolean {
  const q = query.trim().toLowerCase();
  if (q === '') return true;
  return [row.name, row.id_number, row.file_no, row.jurisdiction_name].some((field) =>
    field.toLowerCase().includes(q),
  );
}

export function filterRoster(rows: readonly SubjectRow[], query: string): SubjectRow[] {
  return rows.filter((row) => matchesQuery(row, query));
}

export interface RosterFilters {
  village?: string;
  category?: string;
  level?: string;
  status?: string;
  /** "yes" | "no" */
  key?: string;
}

/** Every filter that is set must match. */
export function applyFilters(rows: readonly SubjectRow[], f: RosterFilters): SubjectRow[] {
  return rows.filter(
    (r) =>
      (!f.village || r.jurisdiction === f.village) &&
      (!f.category || r.category === f.category) &&
      (!f.level || r.management_level === f.level) &&
      (!f.status || r.status === f.status) &&
      (!f.key || r.key_subject === (f.key === 'yes')),
  );
}

export function hasFilters(f: RosterFilters): boolean {
  return Object.values(f).some(Boolean);
}

/** Villages on the roster, each once, in Chinese order. */
export function villagesOf(rows: readonly SubjectRow[]): Array<{ code: string; name: string }> {
  const seen = new Map<string, string>();
  for (const r of rows) seen.set(r.jurisdiction, r.jurisdiction_name);
  return [...seen]
    .map(([code, name]) => ({ code, name }))
    .sort((a, b) => collator.compare(a.name, b.name));
}
