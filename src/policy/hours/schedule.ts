/**
 * Working hours of an organisation or a chat.
 *
 * Regulation 003 clause 6.2: questions in study chats are dealt with from
 * 07:30 to 20:00. Outside that time the bot reminds a writer once per
 * off-hours period and holds its own non-urgent messages until the next
 * working period starts (SPEC §3.5).
 *
 * A working period is one local day's window [start, end) on a working day:
 * exactly `start` is working time, exactly `end` is not. Windows never cross
 * midnight. Everything is evaluated on the wall clock of `timeZone`, so DST
 * changes shift the instants, never the local hours.
 */
import { z } from 'zod';
import {
  ALL_WEEKDAYS,
  addDays,
  canonicalTimeZone,
  formatIsoDate,
  localDateOf,
  wallTimeToInstant,
  weekdayOf,
  type LocalDate,
  type Weekday,
} from './calendar.js';
import { minutesOfDay, parseDate, parseTimeOfDay } from './parse.js';

export interface WorkingHours {
  /** IANA zone name, e.g. `Europe/Moscow`. */
  readonly timeZone: string;
  /** `HH:MM`, inclusive. */
  readonly start: string;
  /** `HH:MM`, exclusive; later than `start` on the same day. */
  readonly end: string;
  /** Working weekdays, 1 = Monday … 7 = Sunday. */
  readonly days: readonly Weekday[];
  /** Days off (`YYYY-MM-DD` in `timeZone`), e.g. holidays. */
  readonly offDates: readonly string[];
  /** Working dates whatever their weekday, e.g. a Saturday made working by a transfer; they win over `offDates`. */
  readonly workDates?: readonly string[];
}

/** 003 6.2: 07:30–20:00; Moscow time unless the organisation sets its own zone. */
export const DEFAULT_WORKING_HOURS: WorkingHours = Object.freeze({
  timeZone: 'Europe/Moscow',
  start: '07:30',
  end: '20:00',
  days: ALL_WEEKDAYS,
  offDates: Object.freeze([]) as readonly string[],
});

/**
 * How far the schedule functions look for a working period (either way).
 * A schedule with no working day within this many days (no weekdays, or a
 * year of days off) has no next start: the functions return null rather than
 * search forever.
 */
export const SEARCH_HORIZON_DAYS = 370;

const hhmm = z.string().transform((s, ctx) => {
  const t = parseTimeOfDay(s);
  if (!t) ctx.addIssue({ code: 'custom', message: 'expected HH:MM' });
  return t ?? s;
});

/**
 * Validates stored or configured working hours (unknown input → WorkingHours).
 * Normalises the zone's spelling and the times, sorts and de-duplicates days.
 */
export const workingHoursSchema = z
  .object({
    timeZone: z.string().transform((s, ctx) => {
      const tz = canonicalTimeZone(s);
      if (!tz) ctx.addIssue({ code: 'custom', message: 'unknown IANA time zone' });
      return tz ?? s;
    }),
    start: hhmm,
    end: hhmm,
    days: z
      .array(z.number().int().min(1).max(7))
      .default([...ALL_WEEKDAYS])
      .transform((ds) => [...new Set(ds)].sort((a, b) => a - b) as Weekday[]),
    offDates: z
      .array(
        z.string().transform((s, ctx) => {
          const d = parseDate(s);
          if (!d.ok) ctx.addIssue({ code: 'custom', message: 'expected YYYY-MM-DD' });
          return d.ok ? d.value : s;
        }),
      )
      .default([])
      .transform((ds) => [...new Set(ds)].sort()),
    workDates: z.array(z.string().refine((s) => parseDate(s).ok, 'expected YYYY-MM-DD')).optional(),
  })
  .refine((h) => minutesOfDay(h.start) < minutesOfDay(h.end), {
    message: 'start must be earlier than end',
    path: ['end'],
  });

/** A half-open interval [start, end) of instants. */
export interface Period {
  readonly start: Date;
  readonly end: Date;
}

export interface OffPeriod {
  /** End of the last working period; null if none within the search horizon. */
  readonly startedAt: Date | null;
  /** Start of the next working period; null if none within the search horizon. */
  readonly endsAt: Date | null;
  /** Stable key of this off-hours period (see {@link currentOffPeriod}). */
  readonly id: string;
}

/** Precomputed form of a schedule for scanning days. */
interface Plan {
  readonly timeZone: string;
  readonly startMin: number;
  readonly endMin: number;
  readonly days: ReadonlySet<number>;
  readonly offDates: ReadonlySet<string>;
  readonly workDates: ReadonlySet<string>;
}

function plan(hours: WorkingHours): Plan {
  return {
    timeZone: hours.timeZone,
    startMin: minutesOfDay(hours.start),
    endMin: minutesOfDay(hours.end),
    days: new Set(hours.days),
    offDates: new Set(hours.offDates),
    workDates: new Set(hours.workDates ?? []),
  };
}

/** The working window of a local date, as epoch ms, or null on a day off. */
function windowOn(p: Plan, date: LocalDate): { start: number; end: number } | null {
  const iso = formatIsoDate(date);
  if (!p.workDates.has(iso) && (!p.days.has(weekdayOf(date)) || p.offDates.has(iso))) return null;
  return {
    start: wallTimeToInstant(date, p.startMin, p.timeZone),
    end: wallTimeToInstant(date, p.endMin, p.timeZone),
  };
}

function toMs(now: Date | number): number {
  const ms = typeof now === 'number' ? now : now.getTime();
  if (!Number.isFinite(ms)) throw new RangeError('Invalid instant');
  return ms;
}

/** The working period containing `now`, or null outside working time. */
export function currentWorkingPeriod(hours: WorkingHours, now: Date | number): Period | null {
  const p = plan(hours);
  const t = toMs(now);
  const w = windowOn(p, localDateOf(t, p.timeZone));
  return w && w.start <= t && t < w.end ? { start: new Date(w.start), end: new Date(w.end) } : null;
}

/** 07:30 sharp is working time, 20:00 sharp is not (003 6.2 «с 7.30 до 20.00»). */
export function isWorkingTime(hours: WorkingHours, now: Date | number): boolean {
  return currentWorkingPeriod(hours, now) !== null;
}

function scanNextStart(p: Plan, t: number): number | null {
  const today = localDateOf(t, p.timeZone);
  for (let i = 0; i <= SEARCH_HORIZON_DAYS; i++) {
    const w = windowOn(p, addDays(today, i));
    if (w && w.start > t) return w.start;
  }
  return null;
}

function scanPreviousEnd(p: Plan, t: number): number | null {
  const today = localDateOf(t, p.timeZone);
  for (let i = 0; i <= SEARCH_HORIZON_DAYS; i++) {
    const w = windowOn(p, addDays(today, -i));
    if (w && w.end <= t) return w.end;
  }
  return null;
}

/**
 * The start of the first working period beginning strictly after `now`,
 * skipping days off. During working time this is the start of the next
 * period, not the current one. Null when there is none within
 * {@link SEARCH_HORIZON_DAYS}.
 */
export function nextWorkingStart(hours: WorkingHours, now: Date | number): Date | null {
  const next = scanNextStart(plan(hours), toMs(now));
  return next === null ? null : new Date(next);
}

/**
 * When a non-urgent message may go out (SPEC §3.5): `now` during working
 * time, otherwise the next working start. Null when the schedule has no
 * working time within the horizon.
 */
export function deliveryTime(hours: WorkingHours, now: Date | number): Date | null {
  const t = toMs(now);
  return isWorkingTime(hours, t) ? new Date(t) : nextWorkingStart(hours, t);
}

/**
 * The off-hours period containing `now`, or null during working time.
 *
 * The bot sends one reminder per off-hours period per chat (SPEC §3.5), so
 * `id` is the same for every moment of one period and differs between
 * periods: it is the instant the period started (the end of the previous
 * working period), e.g. `off:2026-01-09T17:00:00.000Z`. A Friday evening
 * through a weekend and holidays to the next working morning is one period.
 * If no working period ended within the horizon, the id falls back to the
 * period's end, and to `off:always` for a schedule without working time.
 */
export function currentOffPeriod(hours: WorkingHours, now: Date | number): OffPeriod | null {
  const t = toMs(now);
  // The answer holds for the whole period `t` falls in: remembered per schedule object.
  const known = periodCache.get(hours);
  if (known && known.from <= t && t < known.to) return known.off;
  const working = currentWorkingPeriod(hours, t);
  if (working) {
    periodCache.set(hours, { from: working.start.getTime(), to: working.end.getTime(), off: null });
    return null;
  }
  const p = plan(hours);
  const started = scanPreviousEnd(p, t);
  const ends = scanNextStart(p, t);
  const off = offPeriod(started, ends);
  if (started !== null && ends !== null) periodCache.set(hours, { from: started, to: ends, off });
  return off;
}

/** The last period computed for a schedule (object identity: callers reuse one parsed schedule). */
const periodCache = new WeakMap<WorkingHours, { from: number; to: number; off: OffPeriod | null }>();

function offPeriod(started: number | null, ends: number | null): OffPeriod {
  const id = started !== null ? `off:${new Date(started).toISOString()}` : ends !== null ? `off-until:${new Date(ends).toISOString()}` : 'off:always';
  return {
    startedAt: started === null ? null : new Date(started),
    endsAt: ends === null ? null : new Date(ends),
    id,
  };
}
