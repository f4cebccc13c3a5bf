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
