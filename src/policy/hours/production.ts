/**
 * The production calendar (производственный календарь) of Russia: which dates are days off
 * besides the weekly rest days, and which weekend days are working.
 *
 * - Public holidays (ст. 112 ТК РФ) come from the maintained `date-holidays` package.
 * - A holiday outside 1–8 January that falls on a rest day moves the day off to the next
 *   working day (ст. 112, ч. 2); `date-holidays` does it only for 8 March, so it is done here.
 * - The government's yearly transfers are read from ./data/transfers-ru.txt.
 *
 * Pure apart from reading the data file once at module load.
 */
import { readFileSync } from 'node:fs';
import Holidays from 'date-holidays';
import { addDays, formatIsoDate, makeLocalDate, weekdayOf, type LocalDate, type Weekday } from './calendar.js';

export interface ProductionDays {
  /** Weekdays that are days off: holidays, their substitutes, transfers. */
  readonly off: readonly string[];
  /** Rest days made working by a transfer. */
  readonly work: readonly string[];
}

interface Transfer {
  date: string;
  kind: 'off' | 'work';
}

function readTransfers(): Transfer[] {
  const text = readFileSync(new URL('./data/transfers-ru.txt', import.meta.url), 'utf8');
  const out: Transfer[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/(^|\s)#.*$/, '').trim();
    if (!line) continue;
    const m = /^(\d{4})-(\d{2})-(\d{2})\s+(off|work)$/.exec(line);
    if (!m || !makeLocalDate(Number(m[1]), Number(m[2]), Number(m[3]))) throw new Error(`transfers-ru.txt: bad line «${line}»`);
    out.push({ date: `${m[1]}-${m[2]}-${m[3]}`, kind: m[4] as 'off' | 'work' });
  }
  return out;
}

const TRANSFERS = readTransfers();
const ru = new Holidays('RU');
const holidayCache = new Map<number, Map<string, string>>();

/** Public holidays of the year: date → name (a span such as 2–6 January gives each date). */
export function publicHolidays(year: number): ReadonlyMap<string, string> {
  const cached = holidayCache.get(year);
  if (cached) return cached;
  const out = new Map<string, string>();
  for (const h of ru.getHolidays(year)) {
    if (h.type !== 'public') continue;
    const [y, m, d] = h.date.slice(0, 10).split('-').map(Number) as [number, number, number];
    const days = Math.max(1, Math.round((h.end.getTime() - h.start.getTime()) / 86_400_000));
    for (let i = 0; i < days; i++) out.set(formatIsoDate(addDays({ year: y, month: m, day: d }, i)), h.name);
  }
  holidayCache.set(year, out);
  return out;
}

const inNewYearHolidays = (d: LocalDate) => d.month === 1 && d.day <= 8;

/**
 * Days off and extra working days of `year` for an organisation whose rest days are the
 * weekdays not in `workWeek`. Transfers by decree apply to a five-day week only (they are
 * written for it); a six-day week keeps its Saturdays.
 */
/** A year's calendar does not change while the process runs: computed once per year and week. */
const computed = new Map<string, ProductionDays>();

export function productionDays(year: number, workWeek: readonly Weekday[]): ProductionDays {
  const key = `${year}|${[...workWeek].sort().join(',')}`;
  const known = computed.get(key);
  if (known) return known;
  const days = computeProductionDays(year, workWeek);
  computed.set(key, days);
  return days;
}

function computeProductionDays(year: number, workWeek: readonly Weekday[]): ProductionDays {
  const working = new Set<number>(workWeek);
  const holidays = publicHolidays(year);
  const off = new Set<string>(holidays.keys());
  const moved = new Set<string>();
  for (const [iso, name] of holidays) {
    const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
    const date = { year: y, month: m, day: d };
    if (working.has(weekdayOf(date)) || inNewYearHolidays(date)) continue;
    // To the next working day that is no other holiday; a same-named one is the library's own move.
    let next = addDays(date, 1);
    for (;;) {
      const key = formatIsoDate(next);
      const other = holidays.get(key);
      if (working.has(weekdayOf(next)) && (other === undefined || other === name) && !moved.has(key)) break;
      next = addDays(next, 1);
    }
    moved.add(formatIsoDate(next));
    if (next.year === year) off.add(formatIsoDate(next));
  }
  const fiveDay = [1, 2, 3, 4, 5].every((d) => working.has(d)) && !working.has(6) && !working.has(7);
  const work: string[] = [];
  for (const t of TRANSFERS) {
    if (!t.date.startsWith(`${year}-`) || !fiveDay) continue;
    if (t.kind === 'off') off.add(t.date);
    else work.push(t.date);
  }
  return { off: [...off].sort(), work: work.sort() };
}
