// Resident ID numbers (GB 11643-1999), checked as the user types. The Rust side checks
// again (dossier-core's IdNumber); this only lets the form say what is wrong at once.

import { isIsoDate } from './dates';

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

/** The 18th character for the first 17 digits. */
export function idCheckChar(first17: string): string {
  const sum = WEIGHTS.reduce((acc, w, i) => acc + w * Number(first17[i]), 0);
  return CHECK[sum % 11];
}

export type IdProblem = 'empty' | 'length' | 'chars' | 'date' | 'check';

export type IdCheck =
  | { ok: true; normalised: string; birthDate: string; sex: 'male' | 'female' }
  | { ok: false; problem: IdProblem; length: number };

/** Trims and upper-cases a typed number ("x" → "X"). */
export function normaliseId(text: string): string {
  return text.trim().toUpperCase();
}

/** Checks an ID number: 18 characters, digits with X last, a real birth date, the check. */
export function checkIdNumber(text: string): IdCheck {
  const id = normaliseId(text);
  const fail = (problem: IdProblem): IdCheck => ({ ok: false, problem, length: id.length });
  if (id === '') return fail('empty');
  if (!/^\d*X?$/.test(id) || (id.includes('X') && id.length !== 18)) return fail('chars');
  if (id.length !== 18) return fail('length');
  const birthDate = `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
  if (!isIsoDate(birthDate) || birthDate < '1900-01-01') return fail('date');
  if (idCheckChar(id.slice(0, 17)) !== id[17]) return fail('check');
  return {
    ok: true,
    normalised: id,
    birthDate,
    sex: Number(id[16]) % 2 === 1 ? 'male' : 'female',
  };
}

/** Whole years from a birth date (YYYY-MM-DD) to a day. */
export function ageOn(birth: string, day: string): number {
  const [by, bm, bd] = birth.split('-').map(Number);
  const [y, m, d] = day.split('-').map(Number);
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}
