// Dates as people read them: ДД.ММ.ГГГГ (and ЧЧ:ММ), in the organisation's zone. Every date
// shown in the bot, the panel and the workbook's texts goes through these — never ISO.

const DATE = new Map<string, Intl.DateTimeFormat>();
const DATE_TIME = new Map<string, Intl.DateTimeFormat>();

function format(cache: Map<string, Intl.DateTimeFormat>, timeZone: string, withTime: boolean): Intl.DateTimeFormat {
  let f = cache.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('ru-RU', {
      timeZone,
      day: '2-digit',
      month: '2-digit',
      year: 'numeric',
      ...(withTime ? { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' as const } : {}),
    });
    cache.set(timeZone, f);
  }
  return f;
}

/** «30.12.2026» for a moment, in the zone. */
export function ruDate(ms: number, timeZone: string): string {
  return format(DATE, timeZone, false).format(new Date(ms));
}

/** «30.12.2026 07:30» for a moment, in the zone. */
export function ruDateTime(ms: number, timeZone: string): string {
  return format(DATE_TIME, timeZone, true).format(new Date(ms)).replace(',', '');
}

/** «30.12.2026» for a calendar day written «2026-12-30»; anything else as it is. */
export function ruDay(day: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  return m ? `${m[3]}.${m[2]}.${m[1]}` : day;
}
