/**
 * Calendar dates and wall-clock times in an IANA time zone.
 *
 * All zone knowledge comes from the runtime's tz database through
 * `@date-fns/tz` (`tzOffset`); nothing here hard-codes an offset.
 * Calendar arithmetic (next day, weekday) is done on plain Y-M-D values
 * with `Date.UTC`, which involves no zone at all.
 */
import { tzOffset } from '@date-fns/tz';

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export type Weekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;
export const ALL_WEEKDAYS: readonly Weekday[] = Object.freeze([1, 2, 3, 4, 5, 6, 7] as const);

/** A calendar date as seen in some zone (month 1–12). */
export interface LocalDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

const IANA_NAME = /^[A-Za-z][A-Za-z0-9_+-]*(?:\/[A-Za-z0-9_+-]+)*$/;

/**
 * Canonical spelling of an IANA zone name (`europe/moscow` → `Europe/Moscow`),
 * or null when the runtime does not know it. Bare UTC offsets such as `+03:00`
 * are rejected on purpose: they carry no DST rules and are not IANA names.
 */
export function canonicalTimeZone(input: string): string | null {
  const name = input.trim();
  if (!IANA_NAME.test(name)) return null;
  try {
    const resolved = new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
    return Number.isNaN(tzOffset(resolved, new Date(0))) ? null : resolved;
  } catch {
    return null;
  }
}

export function isValidTimeZone(input: string): boolean {
  return canonicalTimeZone(input) !== null;
}

/** UTC offset in minutes at `instantMs`; throws on an unknown zone instead of yielding NaN. */
function offsetMinutes(timeZone: string, instantMs: number): number {
  const offset = tzOffset(timeZone, new Date(instantMs));
  if (Number.isNaN(offset)) throw new RangeError(`Unknown time zone: ${timeZone}`);
  return offset;
}

/** The calendar date in `timeZone` at the given instant. */
export function localDateOf(instantMs: number, timeZone: string): LocalDate {
  const shifted = new Date(instantMs + offsetMinutes(timeZone, instantMs) * MINUTE_MS);
  return { year: shifted.getUTCFullYear(), month: shifted.getUTCMonth() + 1, day: shifted.getUTCDate() };
}

/** Minutes since local midnight in `timeZone` at the given instant. */
export function localMinutesOf(instantMs: number, timeZone: string): number {
  const shifted = new Date(instantMs + offsetMinutes(timeZone, instantMs) * MINUTE_MS);
  return shifted.getUTCHours() * 60 + shifted.getUTCMinutes();
}

/**
 * The instant at which the wall clock in `timeZone` shows `minutes` after
 * midnight on `date`.
 *
 * Disambiguation follows Temporal's `"compatible"` rule: a wall time that
 * occurs twice (clocks set back) resolves to the earlier instant; a wall time
 * that does not exist (clocks set forward) is moved forward by the length of
 * the gap (02:30 on a spring-forward night at 02:00 becomes 03:30).
 */
export function wallTimeToInstant(date: LocalDate, minutes: number, timeZone: string): number {
  const wallAsUtc = Date.UTC(date.year, date.month - 1, date.day, 0, minutes);
  // Offsets a day either side bracket any single transition near this wall time.
  const before = offsetMinutes(timeZone, wallAsUtc - DAY_MS);
  const after = offsetMinutes(timeZone, wallAsUtc + DAY_MS);
  const viaBefore = wallAsUtc - before * MINUTE_MS;
  const viaAfter = wallAsUtc - after * MINUTE_MS;
  const beforeFits = offsetMinutes(timeZone, viaBefore) === before;
  const afterFits = offsetMinutes(timeZone, viaAfter) === after;
  if (beforeFits && afterFits) return Math.min(viaBefore, viaAfter);
  if (beforeFits) return viaBefore;
  if (afterFits) return viaAfter;
  // In a gap: read the wall time with the offset in force before the gap.
  return viaBefore;
}

export function addDays(date: LocalDate, days: number): LocalDate {
  const d = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** Whole days from `a` to `b` (positive when `b` is later). */
export function daysBetween(a: LocalDate, b: LocalDate): number {
  return Math.round((Date.UTC(b.year, b.month - 1, b.day) - Date.UTC(a.year, a.month - 1, a.day)) / DAY_MS);
}

export function weekdayOf(date: LocalDate): Weekday {
  const sundayBased = new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay();
  return (sundayBased === 0 ? 7 : sundayBased) as Weekday;
}

/** `YYYY-MM-DD`. */
export function formatIsoDate(date: LocalDate): string {
  const pad = (n: number, width: number) => String(n).padStart(width, '0');
  return `${pad(date.year, 4)}-${pad(date.month, 2)}-${pad(date.day, 2)}`;
}

/** A real calendar date, or null (rejects 2026-02-30, month 13, …). */
export function makeLocalDate(year: number, month: number, day: number): LocalDate | null {
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) return null;
  if (month < 1 || month > 12 || day < 1 || day > 31) return null;
  const d = new Date(Date.UTC(year, month - 1, day));
  d.setUTCFullYear(year); // Date.UTC maps years 0–99 to 1900–1999
  if (d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return null;
  return { year, month, day };
}
