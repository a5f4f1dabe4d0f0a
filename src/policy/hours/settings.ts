/**
 * What admins set about working time, apart from the production calendar: the daily window,
 * the working weekdays and their own single days off and on. The organisation's settings are
 * the base; a chat stores only the fields where it differs. The zone is never stored here: it
 * is the organisation's, from /setup. {@link effectiveHours} adds the production calendar.
 */
import { z } from 'zod';
import { ALL_WEEKDAYS, localDateOf, type Weekday } from './calendar.js';
import { minutesOfDay, parseDate, parseTimeOfDay } from './parse.js';
import { productionDays } from './production.js';
import type { WorkingHours } from './schedule.js';

export interface HoursSettings {
  readonly start: string;
  readonly end: string;
  readonly days: readonly Weekday[];
  /** The admin's own days off (`YYYY-MM-DD`). */
  readonly offDates: readonly string[];
  /** The admin's own working days, e.g. a holiday the school works (`YYYY-MM-DD`); they win. */
  readonly onDates: readonly string[];
  /** False for an organisation open round the clock (WORK_HOURS=24/7): public holidays are working days too. */
  readonly productionCalendar?: boolean;
}

export const FIVE_DAY_WEEK: readonly Weekday[] = Object.freeze([1, 2, 3, 4, 5] as const);
export const SIX_DAY_WEEK: readonly Weekday[] = Object.freeze([1, 2, 3, 4, 5, 6] as const);

const time = z
  .string()
  .transform((s) => parseTimeOfDay(s))
  .pipe(z.string());
const dates = z.array(z.string()).transform((ds) => [...new Set(ds.map((d) => parseDate(d)).flatMap((r) => (r.ok ? [r.value] : [])))].sort());

/** Stored settings, each field optional (a chat keeps only its differences); unknown keys, such as an old `timeZone`, are dropped. */
export const hoursOverrideSchema = z
  .object({
    start: time,
    end: time,
    days: z.array(z.number().int().min(1).max(7)).transform((ds) => [...new Set(ds)].sort((a, b) => a - b) as Weekday[]),
    offDates: dates,
    onDates: dates,
  })
  .partial();

export type HoursOverride = z.infer<typeof hoursOverrideSchema>;

/** Reads stored settings leniently: what does not parse is ignored (and the base applies). */
export function parseOverride(stored: unknown): HoursOverride {
  if (!stored || typeof stored !== 'object') return {};
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(stored)) {
    const one = hoursOverrideSchema.safeParse({ [key]: value });
    if (one.success && key in one.data) out[key] = (one.data as Record<string, unknown>)[key];
  }
  return out as HoursOverride;
}

/** The base with the override's fields; a window whose start is not before its end keeps the base's. */
export function applyOverride(base: HoursSettings, o: HoursOverride): HoursSettings {
  const merged: HoursSettings = { ...base, ...o };
  if (minutesOfDay(merged.start) >= minutesOfDay(merged.end)) return { ...merged, start: base.start, end: base.end };
  return merged;
}

/** The fields of `next` that differ from `base`: what a chat stores. */
export function overrideOf(base: HoursSettings, next: HoursSettings): HoursOverride {
  const out: Record<string, unknown> = {};
  for (const key of ['start', 'end', 'days', 'offDates', 'onDates'] as const) {
    if (JSON.stringify(base[key]) !== JSON.stringify(next[key])) out[key] = next[key];
  }
  return out as HoursOverride;
}

/**
 * The configured window (WORK_HOURS) over a five-day week with the production calendar; a
 * window marked `always` (WORK_HOURS=24/7, the demo's default) is every day, holidays included.
 */
export function defaultSettings(window: { start: string; end: string; always?: boolean }): HoursSettings {
  if (window.always) return { start: '00:00', end: '24:00', days: ALL_WEEKDAYS, offDates: [], onDates: [], productionCalendar: false };
  return { start: window.start, end: window.end, days: FIVE_DAY_WEEK, offDates: [], onDates: [] };
}

/** Adds a single day off (`off`) or working day (`on`): the other list loses it. */
export function toggleDay(s: HoursSettings, date: string, mode: 'off' | 'on'): HoursSettings {
  const without = (list: readonly string[]) => list.filter((d) => d !== date);
  return mode === 'off'
    ? { ...s, offDates: [...new Set([...s.offDates, date])].sort(), onDates: without(s.onDates) }
    : { ...s, offDates: without(s.offDates), onDates: [...new Set([...s.onDates, date])].sort() };
}

/**
 * The schedule in force around `now`: the settings in the organisation's zone, with the
 * production calendar of the previous, this and the next year (the schedule looks up to a
 * year either way) and the admin's own days on top.
 */
export function effectiveHours(s: HoursSettings, timeZone: string, now: number): WorkingHours {
  const year = localDateOf(now, timeZone).year;
  const off = new Set<string>();
  const work = new Set<string>();
  for (const y of s.productionCalendar === false ? [] : [year - 1, year, year + 1]) {
    const p = productionDays(y, s.days.length > 0 ? s.days : ALL_WEEKDAYS);
    for (const d of p.off) off.add(d);
    for (const d of p.work) work.add(d);
  }
  for (const d of s.offDates) {
    off.add(d);
    work.delete(d);
  }
  for (const d of s.onDates) {
    off.delete(d);
    work.add(d);
  }
  return { timeZone, start: s.start, end: s.end, days: [...s.days], offDates: [...off].sort(), workDates: [...work].sort() };
}
