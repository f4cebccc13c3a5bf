// Dates as the UI shows and sends them: YYYY-MM-DD, in China Standard Time.

import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';

const CST = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/**
 * Today in China Standard Time, YYYY-MM-DD. Built from the parts because what a locale's
 * whole format looks like differs between ICU versions (WebKitGTK's en-CA gives 11/23/2026).
 */
export function todayIso(now: Date = new Date()): string {
  const part = (type: string) => CST.formatToParts(now).find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}

/**
 * Month and weekday names in the date pickers' calendars follow the UI's language: Ant's
 * locale gives the words around them, dayjs's global locale the names themselves (left
 * alone, a Chinese calendar shows "Dec" and "Su Mo Tu").
 */
export function setDateLocale(lang: 'zh' | 'en'): void {
  dayjs.locale(lang === 'zh' ? 'zh-cn' : 'en');
}

export const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export function isIsoDate(text: string): boolean {
  if (!ISO_DATE.test(text)) return false;
  const d = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === text;
}

/** Whole days from a to b (b - a); both YYYY-MM-DD. */
export function daysBetween(a: string, b: string): number {
  const ms = Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`);
  return Math.round(ms / 86_400_000);
}

export function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}
