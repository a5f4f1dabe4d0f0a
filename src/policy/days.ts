// Calendar days of statistics, in the organisation's time zone ("YYYY-MM-DD").

const formats = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formats.get(zone);
  if (!f) {
    // en-CA formats dates as YYYY-MM-DD.
    f = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formats.set(zone, f);
  }
  return f;
}

/** Per zone, the last second asked and its day (see dayOf). */
const lastDay = new Map<string, { second: number; day: string }>();

export function dayOf(at: number, zone: string): string {
  // Formatting costs a few microseconds and every chat message is counted under its day;
  // zone offsets are whole seconds, so one second has one day and the events of the same
  // second (the common case under load) reuse it.
  const second = Math.floor(at / 1000);
  const last = lastDay.get(zone);
  if (last !== undefined && last.second === second) return last.day;
  const day = formatter(zone).format(new Date(at));
  lastDay.set(zone, { second, day });
  return day;
}

/** The `count` days ending with today (oldest first), as day strings. */
export function lastDays(count: number, now: number, zone: string): string[] {
  const today = dayOf(now, zone);
  // Walk back by calendar days from today's noon UTC: no time-zone arithmetic needed.
  const noon = Date.parse(`${today}T12:00:00Z`);
  const out: string[] = [];
  for (let i = count - 1; i >= 0; i--) out.push(new Date(noon - i * 86_400_000).toISOString().slice(0, 10));
  return out;
}

/** "23.11" from "2026-11-23", for chart axes. */
export function shortDay(day: string): string {
  return `${day.slice(8, 10)}.${day.slice(5, 7)}`;
}

/** "23.11.2026" from "2026-11-23". */
export { ruDay } from './dates.js';

export const PERIODS = [7, 30, 365] as const;
export type Period = (typeof PERIODS)[number];
