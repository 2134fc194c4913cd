// Dates in text: "on Thursday" resolved against the publication date, explicit dates in many
// languages ("16 March", "March 16, 2023", "4 aprile", "3月16日", "24.Feb.2023", "2023-03-16").
// Weekday and month names come from Intl.DateTimeFormat, so every locale the runtime knows works.
import { foldText } from './text.ts';

const DAY_MS = 86_400_000;

export function parseIsoDay(iso: string | null | undefined): number | null {
  if (!iso) return null;
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  if (!m) return null;
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / DAY_MS;
}

export function isoFromDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

const dayFormats = new Map<string, Intl.DateTimeFormat>();

export function formatDay(iso: string, locale = 'en-GB'): string {
  const d = parseIsoDay(iso);
  if (d === null) return iso;
  // a formatter costs ~0.1 ms to make: one per locale (reasons name dates for every related candidate)
  let format = dayFormats.get(locale);
  if (!format) dayFormats.set(locale, (format = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' })));
  return format.format(new Date(d * DAY_MS));
}

const NAME_LOCALES = ['en', 'de', 'fr', 'es', 'pt', 'it', 'ro', 'lt', 'nl', 'pl', 'sv', 'da', 'nb', 'fi', 'cs', 'hu', 'tr', 'id'];

interface CalendarNames {
  weekdays: Map<string, number>; // folded name -> 0 (Sunday) .. 6
  months: Map<string, number>; // folded name -> 1..12
}

let calendar: CalendarNames | null = null;

function calendarNames(): CalendarNames {
  if (calendar) return calendar;
  const weekdays = new Map<string, number>();
  const months = new Map<string, number>();
  for (const locale of NAME_LOCALES) {
    // one formatter per locale and style (building one is most of the cost)
    const weekdayFormat = { long: new Intl.DateTimeFormat(locale, { weekday: 'long', timeZone: 'UTC' }) };
    const monthFormat = { long: new Intl.DateTimeFormat(locale, { month: 'long', timeZone: 'UTC' }), short: new Intl.DateTimeFormat(locale, { month: 'short', timeZone: 'UTC' }) };
    for (let d = 0; d < 7; d++) {
      const date = new Date(Date.UTC(2023, 0, 1 + d)); // 1 Jan 2023 was a Sunday
      for (const style of ['long'] as const) {
        const name = foldText(weekdayFormat[style].format(date)).replace(/\.$/, '');
        if (name.length >= 4) weekdays.set(name, d);
        // Portuguese "quinta-feira" is also written "quinta"
        const head = name.split('-')[0];
        if (head && head !== name && head.length >= 5) weekdays.set(head, d);
      }
    }
    for (let m = 0; m < 12; m++) {
      const date = new Date(Date.UTC(2023, m, 15));
      for (const style of ['long', 'short'] as const) {
        const name = foldText(monthFormat[style].format(date)).replace(/\.$/, '');
        if (name.length >= 3 && !/\d/.test(name)) months.set(name, m + 1);
      }
    }
  }
  // English "May" is also a modal verb and a name: only trust it next to a day number.
  calendar = { weekdays, months };
  return calendar;
}

const CJK_WEEKDAY = /(?:星期|礼拜|禮拜|周|週)([日天一二三四五六])/u;
const CJK_WEEKDAY_INDEX: Record<string, number> = { 日: 0, 天: 0, 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6 };

export interface DateMention {
  /** full ISO day when the year is known or inferable, else null */
  iso: string | null;
  /** month and day when known, "MM-DD" */
  monthDay: string | null;
  /** weekday 0..6 when the text names only a weekday */
  weekday: number | null;
  source: 'explicit' | 'weekday' | 'relative';
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function fullDate(year: number | null, month: number, day: number, published: number | null): DateMention | null {
  if (month < 1 || month > 12 || day < 1 || day > 31) return null;
  let y = year;
  if (y === null && published !== null) {
    const pubYear = new Date(published * DAY_MS).getUTCFullYear();
    // a date after publication belongs to the previous year ("on 30 December", published 2 January)
    y = Date.UTC(pubYear, month - 1, day) / DAY_MS > published + 7 ? pubYear - 1 : pubYear;
  }
  return {
    iso: y !== null ? `${y}-${pad(month)}-${pad(day)}` : null,
    monthDay: `${pad(month)}-${pad(day)}`,
    weekday: null,
    source: 'explicit',
  };
}

/** Dates named in a sentence, resolved against the publication day (days since epoch) when known. */
export function findDates(sentence: string, published: number | null): DateMention[] {
  const out: DateMention[] = [];
  const { weekdays, months } = calendarNames();
  const folded = foldText(sentence);
  // ISO and numeric dates
  for (const m of folded.matchAll(/\b(\d{4})-(\d{2})-(\d{2})\b/g)) {
    const d = fullDate(Number(m[1]), Number(m[2]), Number(m[3]), published);
    if (d) out.push(d);
  }
  for (const m of folded.matchAll(/\b(\d{1,2})\.(\d{1,2})\.(\d{4})\b/g)) {
    const d = fullDate(Number(m[3]), Number(m[2]), Number(m[1]), published);
    if (d) out.push(d);
  }
  // CJK: 2023年3月16日, 3月16日, 16日 is too vague
  for (const m of sentence.matchAll(/(?:(\d{4})年)?(\d{1,2})月(\d{1,2})日/gu)) {
    const d = fullDate(m[1] ? Number(m[1]) : null, Number(m[2]), Number(m[3]), published);
    if (d) out.push(d);
  }
  // "16 March 2023", "16 de março", "4 aprile", "24.Feb.2023", "March 16, 2023", "Apr 05, 2022"
  const tokens = folded.match(/\p{L}+|\d+/gu) ?? [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] ?? '';
    const month = months.get(t);
    if (month === undefined) continue;
    const before = tokens[i - 1] === 'de' ? tokens[i - 2] : tokens[i - 1];
    const after = tokens[i + 1];
    const yearAfter = (n: string | undefined) => (n && /^\d{4}$/.test(n) ? Number(n) : null);
    if (before && /^\d{1,2}$/.test(before)) {
      const yearTok = tokens[i + 1] === 'de' ? tokens[i + 2] : tokens[i + 1];
      const d = fullDate(yearAfter(yearTok), month, Number(before), published);
      if (d) out.push(d);
    } else if (after && /^\d{1,2}$/.test(after)) {
      const d = fullDate(yearAfter(tokens[i + 2]), month, Number(after), published);
      if (d) out.push(d);
    }
  }
  // weekdays: "on Thursday", "Monday's call", "quinta-feira", "週四"
  let weekday: number | null = null;
  for (const t of folded.match(/\p{L}+(?:-feira)?/gu) ?? []) {
    const w = weekdays.get(t);
    if (w !== undefined) {
      weekday = w;
      break;
    }
  }
  const cjk = CJK_WEEKDAY.exec(sentence);
  if (weekday === null && cjk?.[1]) weekday = CJK_WEEKDAY_INDEX[cjk[1]] ?? null;
  if (weekday !== null) {
    if (published !== null) {
      const pubWeekday = new Date(published * DAY_MS).getUTCDay();
      const back = (pubWeekday - weekday + 7) % 7;
      out.push({ iso: isoFromDay(published - back), monthDay: null, weekday, source: 'weekday' });
    } else {
      out.push({ iso: null, monthDay: null, weekday, source: 'weekday' });
    }
  }
  if (published !== null && /\b(?:today|aujourd'hui|heute|hoy|hoje|oggi|azi|this morning)\b|今日|今天|今\(\d+\)日/u.test(folded)) {
    out.push({ iso: isoFromDay(published), monthDay: null, weekday: null, source: 'relative' });
  }
  if (published !== null && /\b(?:yesterday|hier|gestern|ayer|ontem|ieri)\b|昨天|昨日/u.test(folded)) {
    out.push({ iso: isoFromDay(published - 1), monthDay: null, weekday: null, source: 'relative' });
  }
  return out;
}

/** True for weekday and month names in any supported language ("Thursday", "März"). */
export function isCalendarWord(norm: string): boolean {
  const { weekdays, months } = calendarNames();
  return weekdays.has(norm) || months.has(norm);
}
