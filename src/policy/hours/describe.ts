/**
 * Russian wording of moments for messages such as
 * «Учитель ответит завтра в 07:30».
 */
import { tz } from '@date-fns/tz';
import { format } from 'date-fns/format';
import { ru } from 'date-fns/locale/ru';
import { daysBetween, localDateOf, localMinutesOf } from './calendar.js';

/** Genitive month names: «12 января». */
export const MONTHS_GENITIVE_RU = [
  'января',
  'февраля',
  'марта',
  'апреля',
  'мая',
  'июня',
  'июля',
  'августа',
  'сентября',
  'октября',
  'ноября',
  'декабря',
] as const;

/** Dates closer ahead than this are named without a year even across New Year. */
const OMIT_YEAR_WITHIN_DAYS = 183;

/**
 * A date-fns `format` pattern rendered on the wall clock of `timeZone`, with
 * the Russian locale (`d MMMM` gives the genitive «12 января»).
 */
export function formatLocal(date: Date | number, timeZone: string, pattern: string): string {
  return format(date, pattern, { in: tz(timeZone), locale: ru });
}

function clock(instantMs: number, timeZone: string): string {
  const minutes = localMinutesOf(instantMs, timeZone);
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/**
 * `сегодня в 07:30`, `завтра в 07:30`, `12 января в 07:30`, by calendar days
 * in `timeZone` (not by 24-hour spans). The year is added when the target
 * falls in another year and is not within the next half year
 * (`12 января 2027 в 07:30` seen from 2026 only if it is far away or past).
 */
export function describeWhen(target: Date | number, now: Date | number, timeZone: string): string {
  const t = typeof target === 'number' ? target : target.getTime();
  const n = typeof now === 'number' ? now : now.getTime();
  const day = localDateOf(t, timeZone);
  const today = localDateOf(n, timeZone);
  const diff = daysBetween(today, day);
  const time = clock(t, timeZone);
  if (diff === 0) return `сегодня в ${time}`;
  if (diff === 1) return `завтра в ${time}`;
  const month = MONTHS_GENITIVE_RU[day.month - 1] ?? '';
  const withYear = day.year !== today.year && !(diff > 0 && diff < OMIT_YEAR_WITHIN_DAYS);
  return `${day.day} ${month}${withYear ? ` ${day.year}` : ''} в ${time}`;
}

/** The parts of working hours that texts tell: the daily window and, where known, the weekdays. */
export interface HoursWindow {
  readonly start: string;
  readonly end: string;
  /** Working weekdays; absent when the caller knows only the window (taken as every day). */
  readonly days?: readonly number[];
  /** WORK_HOURS=24/7. */
  readonly always?: boolean;
}

/**
 * How texts say working hours: «круглосуточно» when they are the whole day every day (there is
 * then no «other time» to speak of), else «с 07:30 до 20:00». `range` is the short «07:30–20:00».
 */
export function sayHours(h: HoursWindow): { always: boolean; text: string; range: string } {
  const always = h.always === true || (h.start === '00:00' && h.end === '24:00' && (h.days?.length ?? 7) === 7);
  return always ? { always, text: 'круглосуточно', range: 'круглосуточно' } : { always, text: `с ${h.start} до ${h.end}`, range: `${h.start}–${h.end}` };
}
