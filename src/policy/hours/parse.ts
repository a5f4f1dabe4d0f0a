/**
 * Parsing of what admins type when they set working hours:
 * a time range, a set of weekdays, days off.
 */
import { ALL_WEEKDAYS, addDays, daysBetween, formatIsoDate, makeLocalDate, type Weekday } from './calendar.js';

export type Parsed<T, R extends string> = { ok: true; value: T } | { ok: false; reason: R };

// ---------------------------------------------------------------- time of day

/**
 * Normalises `7:30`, `07.30`, `7` … to `HH:MM`; null when not a valid time of day. `24:00` is
 * the end of the day, so that a whole day can be working time (`00:00-24:00`).
 */
export function parseTimeOfDay(input: string): string | null {
  const m = /^(\d{1,2})(?:[:.](\d{2}))?$/.exec(input.trim());
  if (!m) return null;
  const hours = Number(m[1]);
  const minutes = Number(m[2] ?? '0');
  if (hours === 24 && minutes === 0) return '24:00';
  if (hours > 23 || minutes > 59) return null;
  return `${String(hours).padStart(2, '0')}:${String(minutes).padStart(2, '0')}`;
}

/** Minutes after midnight of a valid `HH:MM`. */
export function minutesOfDay(hhmm: string): number {
  const [h, m] = hhmm.split(':');
  return Number(h) * 60 + Number(m);
}

export type TimeRangeError = 'format' | 'bad_time' | 'start_not_before_end';

export const TIME_RANGE_REASONS_RU: Readonly<Record<TimeRangeError, string>> = {
  format: 'Укажите время в виде 07:30-20:00.',
  bad_time: 'Такого времени нет: часы 0–23, минуты 00–59 (конец суток — 24:00).',
  start_not_before_end: 'Начало должно быть раньше конца, в пределах одних суток.',
};

/**
 * `08:00-19:00`, `8:00–19:00`, `7.30 - 20.00` (the regulation's own spelling,
 * 003 6.2), `с 7:30 до 20:00`. Working time may not cross midnight.
 */
export function parseTimeRange(input: string): Parsed<{ start: string; end: string }, TimeRangeError> {
  const text = input.trim().toLowerCase();
  const m =
    /^(\d{1,2}(?:[:.]\d{2})?)\s*[-–—]\s*(\d{1,2}(?:[:.]\d{2})?)$/.exec(text) ?? /^с\s+(\d{1,2}(?:[:.]\d{2})?)\s+до\s+(\d{1,2}(?:[:.]\d{2})?)$/.exec(text);
  if (!m) return { ok: false, reason: 'format' };
  const start = parseTimeOfDay(m[1] ?? '');
  const end = parseTimeOfDay(m[2] ?? '');
  if (!start || !end) return { ok: false, reason: 'bad_time' };
  if (minutesOfDay(start) >= minutesOfDay(end)) return { ok: false, reason: 'start_not_before_end' };
  return { ok: true, value: { start, end } };
}

// ------------------------------------------------------------------- weekdays

const DAY_NAMES: Readonly<Record<Weekday, readonly string[]>> = {
  1: ['1', 'mon', 'monday', 'пн', 'пон', 'понедельник'],
  2: ['2', 'tue', 'tues', 'tuesday', 'вт', 'втр', 'вторник'],
  3: ['3', 'wed', 'wednesday', 'ср', 'срд', 'среда'],
  4: ['4', 'thu', 'thur', 'thurs', 'thursday', 'чт', 'чтв', 'четверг'],
  5: ['5', 'fri', 'friday', 'пт', 'птн', 'пятница'],
  6: ['6', 'sat', 'saturday', 'сб', 'суб', 'суббота'],
  7: ['7', 'sun', 'sunday', 'вс', 'вск', 'воскресенье'],
};
const DAY_BY_NAME: ReadonlyMap<string, Weekday> = new Map(ALL_WEEKDAYS.flatMap((d) => DAY_NAMES[d].map((name) => [name, d] as const)));
const DAY_SETS: ReadonlyMap<string, readonly Weekday[]> = new Map([
  ['all', ALL_WEEKDAYS],
  ['daily', ALL_WEEKDAYS],
  ['все', ALL_WEEKDAYS],
  ['ежедневно', ALL_WEEKDAYS],
  ['каждый день', ALL_WEEKDAYS],
  ['weekdays', [1, 2, 3, 4, 5]],
  ['будни', [1, 2, 3, 4, 5]],
]);

export type WeekdaysError = 'empty' | 'unknown_day';

export const WEEKDAYS_REASONS_RU: Readonly<Record<WeekdaysError, string>> = {
  empty: 'Укажите дни недели, например: пн-пт или пн,ср,пт.',
  unknown_day: 'Не понял день недели. Пишите так: пн-пт, пн-сб, пн,ср,пт или все.',
};

/**
 * `mon-fri`, `пн-пт`, `mon,wed,fri`, `пн ср пт`, `all`, `все`, `будни`.
 * A range may wrap over the week's end (`пт-пн` = Fri, Sat, Sun, Mon).
 * Result is sorted and without repeats.
 */
export function parseWeekdays(input: string): Parsed<Weekday[], WeekdaysError> {
  const text = input.trim().toLowerCase().replace(/ё/g, 'е').replace(/\s+/g, ' ');
  if (text === '') return { ok: false, reason: 'empty' };
  const preset = DAY_SETS.get(text);
  if (preset) return { ok: true, value: [...preset] };

  const items = text
    .replace(/\s*[-–—]\s*/g, '-')
    .split(/[\s,;]+/)
    .filter(Boolean);
  const days = new Set<Weekday>();
  for (const item of items) {
    const [from, to, ...rest] = item.split('-');
    const a = DAY_BY_NAME.get(from ?? '');
    if (a === undefined || rest.length > 0) return { ok: false, reason: 'unknown_day' };
    if (to === undefined) {
      days.add(a);
      continue;
    }
    const b = DAY_BY_NAME.get(to);
    if (b === undefined) return { ok: false, reason: 'unknown_day' };
    for (let d = a; ; d = ((d % 7) + 1) as Weekday) {
      days.add(d);
      if (d === b) break;
    }
  }
  if (days.size === 0) return { ok: false, reason: 'empty' };
  return { ok: true, value: [...days].sort((x, y) => x - y) };
}

// ---------------------------------------------------------------------- dates

export type DateError = 'format' | 'bad_date';

export const DATE_REASONS_RU: Readonly<Record<DateError, string>> = {
  // ISO dates are still accepted; the hint shows only the form people write.
  format: 'Укажите дату в виде ДД.ММ.ГГГГ, например 31.12.2026.',
  bad_date: 'Такой даты нет в календаре.',
};

/** Years outside this window are typos, not school calendars. */
const MIN_YEAR = 2000;
const MAX_YEAR = 2100;

/** `2026-12-31` or `31.12.2026` → `2026-12-31`, checked against the calendar. */
export function parseDate(input: string): Parsed<string, DateError> {
  const text = input.trim();
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const ru = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(text);
  let parts: [number, number, number];
  if (iso) parts = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  else if (ru) parts = [Number(ru[3]), Number(ru[2]), Number(ru[1])];
  else return { ok: false, reason: 'format' };
  const [year, month, day] = parts;
  const date = year >= MIN_YEAR && year <= MAX_YEAR ? makeLocalDate(year, month, day) : null;
  return date ? { ok: true, value: formatIsoDate(date) } : { ok: false, reason: 'bad_date' };
}

export type DateListError = DateError | 'bad_range' | 'range_too_long' | 'empty';

export const DATE_LIST_REASONS_RU: Readonly<Record<DateListError, string>> = {
  ...DATE_REASONS_RU,
  empty: 'Укажите хотя бы одну дату.',
  bad_range: 'Конец периода раньше его начала.',
  range_too_long: 'Период длиннее года — разбейте его на части.',
};

/** Longest holiday range accepted in one item. */
export const MAX_DATE_RANGE_DAYS = 366;

const DATE_TOKEN = String.raw`\d{4}-\d{2}-\d{2}|\d{1,2}\.\d{1,2}\.\d{4}`;
const DATE_ITEM = new RegExp(`^(${DATE_TOKEN})(?:\\s*(?:\\.\\.|-|–|—)\\s*(${DATE_TOKEN}))?$`);

/**
 * Days off as admins write them: dates and inclusive ranges, separated by
 * commas, e.g. `30.12.2026-08.01.2027, 23.02.2027` or
 * `2026-12-30..2027-01-08`. Returns sorted unique `YYYY-MM-DD` strings.
 */
export function parseDateList(input: string): Parsed<string[], DateListError> {
  const items = input
    .split(/[,;\n]+/)
    .map((s) => s.trim())
    .filter(Boolean);
  if (items.length === 0) return { ok: false, reason: 'empty' };
  const out = new Set<string>();
  for (const item of items) {
    const m = DATE_ITEM.exec(item);
    if (!m) return { ok: false, reason: 'format' };
    const from = parseDate(m[1] ?? '');
    if (!from.ok) return from;
    if (m[2] === undefined) {
      out.add(from.value);
      continue;
    }
    const to = parseDate(m[2]);
    if (!to.ok) return to;
    const a = isoToLocal(from.value);
    const span = daysBetween(a, isoToLocal(to.value));
    if (span < 0) return { ok: false, reason: 'bad_range' };
    if (span >= MAX_DATE_RANGE_DAYS) return { ok: false, reason: 'range_too_long' };
    for (let i = 0; i <= span; i++) out.add(formatIsoDate(addDays(a, i)));
  }
  return { ok: true, value: [...out].sort() };
}

function isoToLocal(iso: string): { year: number; month: number; day: number } {
  const [y, m, d] = iso.split('-').map(Number);
  return { year: y ?? 0, month: m ?? 0, day: d ?? 0 };
}
