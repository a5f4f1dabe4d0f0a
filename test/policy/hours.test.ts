import { describe, expect, it } from 'vitest';
import {
  DEFAULT_WORKING_HOURS,
  SEARCH_HORIZON_DAYS,
  canonicalTimeZone,
  currentOffPeriod,
  currentWorkingPeriod,
  deliveryTime,
  describeWhen,
  formatLocal,
  isValidTimeZone,
  isWorkingTime,
  nextWorkingStart,
  parseDate,
  parseDateList,
  parseTimeRange,
  parseWeekdays,
  workingHoursSchema,
  type WorkingHours,
} from '../../src/policy/hours/index.js';
import { DATE_REASONS_RU } from '../../src/policy/hours/index.js';
import { wallTimeToInstant } from '../../src/policy/hours/calendar.js';

const at = (iso: string) => new Date(iso);
const hours = (patch: Partial<WorkingHours>): WorkingHours => ({ ...DEFAULT_WORKING_HOURS, ...patch });
const iso = (d: Date | null) => (d === null ? null : d.toISOString());

describe('parseTimeRange', () => {
  it.each([
    ['08:00-19:00', { start: '08:00', end: '19:00' }],
    ['8:00-19:00', { start: '08:00', end: '19:00' }],
    ['07:30–20:00', { start: '07:30', end: '20:00' }],
    ['7.30 - 20.00', { start: '07:30', end: '20:00' }],
    ['  9 — 18 ', { start: '09:00', end: '18:00' }],
    ['с 7:30 до 20:00', { start: '07:30', end: '20:00' }],
    ['00:00-23:59', { start: '00:00', end: '23:59' }],
    // 24:00 is the end of the day: a whole day can be working time.
    ['07:30-24:00', { start: '07:30', end: '24:00' }],
    ['0-24', { start: '00:00', end: '24:00' }],
  ])('%j → %j', (input, value) => {
    expect(parseTimeRange(input)).toEqual({ ok: true, value });
  });

  it.each([
    ['', 'format'],
    ['08:00', 'format'],
    ['08:00-19:00-20:00', 'format'],
    ['8ч-19ч', 'format'],
    ['08:0-19:00', 'format'],
    ['24:00-25:00', 'bad_time'],
    ['07:60-20:00', 'bad_time'],
    ['07:30-24:30', 'bad_time'],
    ['24:00-24:00', 'start_not_before_end'],
    ['20:00-07:30', 'start_not_before_end'],
    ['08:00-08:00', 'start_not_before_end'],
  ])('%j → %s', (input, reason) => {
    expect(parseTimeRange(input)).toEqual({ ok: false, reason });
  });
});

describe('a whole day, every day', () => {
  const h = hours({ start: '00:00', end: '24:00', days: [1, 2, 3, 4, 5, 6, 7] });
  it.each(['2026-12-06T20:59:00Z', '2026-12-06T21:00:00Z', '2026-12-31T20:30:00Z', '2027-01-01T12:00:00Z'])('%s (Moscow) is working time', (at) => {
    expect(currentOffPeriod(h, Date.parse(at))).toBeNull();
    expect(iso(deliveryTime(h, Date.parse(at)))).toBe(new Date(Date.parse(at)).toISOString());
  });
});

describe('parseWeekdays', () => {
  it.each([
    ['mon-fri', [1, 2, 3, 4, 5]],
    ['пн-пт', [1, 2, 3, 4, 5]],
    ['Пн – Сб', [1, 2, 3, 4, 5, 6]],
    ['mon,wed,fri', [1, 3, 5]],
    ['пн ср пт', [1, 3, 5]],
    ['fri, mon, fri', [1, 5]],
    ['all', [1, 2, 3, 4, 5, 6, 7]],
    ['Все', [1, 2, 3, 4, 5, 6, 7]],
    ['будни', [1, 2, 3, 4, 5]],
    ['пт-пн', [1, 5, 6, 7]],
    ['sat-sun', [6, 7]],
    ['Понедельник, Четверг', [1, 4]],
    ['1-5', [1, 2, 3, 4, 5]],
  ])('%j → %j', (input, value) => {
    expect(parseWeekdays(input)).toEqual({ ok: true, value });
  });

  it.each([
    ['', 'empty'],
    ['   ', 'empty'],
    ['mon-xyz', 'unknown_day'],
    ['пн-вт-ср', 'unknown_day'],
    ['8', 'unknown_day'],
    ['пятн', 'unknown_day'],
  ])('%j → %s', (input, reason) => {
    expect(parseWeekdays(input)).toEqual({ ok: false, reason });
  });
});

describe('parseDate / parseDateList', () => {
  it.each([
    ['2026-12-31', '2026-12-31'],
    ['31.12.2026', '2026-12-31'],
    ['1.9.2026', '2026-09-01'],
    ['2028-02-29', '2028-02-29'],
  ])('%j → %s', (input, value) => {
    expect(parseDate(input)).toEqual({ ok: true, value });
  });

  it.each([
    ['2026-13-01', 'bad_date'],
    ['2027-02-29', 'bad_date'],
    ['31.04.2026', 'bad_date'],
    ['1999-01-01', 'bad_date'],
    ['2026-1-1', 'format'],
    ['завтра', 'format'],
    ['', 'format'],
  ])('%j → %s', (input, reason) => {
    expect(parseDate(input)).toEqual({ ok: false, reason });
  });

  it('the format hint shows only ДД.ММ.ГГГГ (ISO is still accepted, but not taught)', () => {
    expect(DATE_REASONS_RU.format).toContain('ДД.ММ.ГГГГ');
    expect(DATE_REASONS_RU.format).not.toMatch(/\d{4}-\d{2}-\d{2}/);
  });

  it('expands ranges across a year end and sorts, without repeats', () => {
    expect(parseDateList('23.02.2027, 30.12.2026-02.01.2027, 2027-01-01')).toEqual({
      ok: true,
      value: ['2026-12-30', '2026-12-31', '2027-01-01', '2027-01-02', '2027-02-23'],
    });
    expect(parseDateList('2026-12-30..2026-12-31')).toEqual({ ok: true, value: ['2026-12-30', '2026-12-31'] });
  });

  it.each([
    ['', 'empty'],
    ['02.01.2027-30.12.2026', 'bad_range'],
    ['01.01.2026-01.01.2028', 'range_too_long'],
    ['01.01.2026 или 02.01.2026', 'format'],
    ['30.02.2026', 'bad_date'],
  ])('%j → %s', (input, reason) => {
    expect(parseDateList(input)).toEqual({ ok: false, reason });
  });
});

describe('time zones', () => {
  it.each([
    ['Europe/Moscow', 'Europe/Moscow'],
    ['europe/moscow', 'Europe/Moscow'],
    ['Asia/Kamchatka', 'Asia/Kamchatka'],
    ['UTC', 'UTC'],
    ['Mars/Olympus', null],
    ['+03:00', null],
    ['MSK+3', null],
    ['', null],
  ])('%j → %j', (input, canonical) => {
    expect(canonicalTimeZone(input)).toBe(canonical);
    expect(isValidTimeZone(input)).toBe(canonical !== null);
  });
});

// Ground truth: UTC offsets of Russian zones (no DST since 2014; Volgograd +3 since 2020).
const RUSSIAN_ZONES: ReadonlyArray<[string, number]> = [
  ['Europe/Kaliningrad', 2],
  ['Europe/Moscow', 3],
  ['Europe/Volgograd', 3],
  ['Europe/Samara', 4],
  ['Asia/Yekaterinburg', 5],
  ['Asia/Omsk', 6],
  ['Asia/Novosibirsk', 7],
  ['Asia/Krasnoyarsk', 7],
  ['Asia/Irkutsk', 8],
  ['Asia/Chita', 9],
  ['Asia/Yakutsk', 9],
  ['Asia/Vladivostok', 10],
  ['Asia/Sakhalin', 11],
  ['Asia/Magadan', 11],
  ['Asia/Kamchatka', 12],
  ['Asia/Anadyr', 12],
];

/** The instant when the wall clock at UTC+offset shows the given local time. */
const localAt = (y: number, mo: number, d: number, h: number, mi: number, offset: number) => new Date(Date.UTC(y, mo - 1, d, h - offset, mi));

describe('working hours in every Russian zone (07:30–20:00, 003 6.2)', () => {
  describe.each(RUSSIAN_ZONES)('%s (UTC+%i)', (timeZone, offset) => {
    const h = hours({ timeZone });
    // Monday 12 January 2026, local time.
    const t = (hh: number, mm: number, ms = 0) => new Date(localAt(2026, 1, 12, hh, mm, offset).getTime() + ms);

    it.each([
      [0, 0, 0, false],
      [7, 29, 59_999, false],
      [7, 30, 0, true],
      [12, 0, 0, true],
      [19, 59, 59_999, true],
      [20, 0, 0, false],
      [23, 59, 0, false],
    ])('%i:%i +%ims working: %s', (hh, mm, ms, working) => {
      expect(isWorkingTime(h, t(hh, mm, ms))).toBe(working);
      expect(isWorkingTime(h, t(hh, mm, ms).getTime())).toBe(working);
    });

    it('evening → next morning 07:30 local; current period is 07:30–20:00', () => {
      expect(iso(nextWorkingStart(h, t(20, 0)))).toBe(localAt(2026, 1, 13, 7, 30, offset).toISOString());
      expect(iso(nextWorkingStart(h, t(3, 0)))).toBe(t(7, 30).toISOString());
      const period = currentWorkingPeriod(h, t(9, 0));
      expect(period && [period.start.toISOString(), period.end.toISOString()]).toEqual([t(7, 30).toISOString(), t(20, 0).toISOString()]);
    });
  });
});

describe('nextWorkingStart and deliveryTime', () => {
  const moscow = hours({});
  const weekdays = hours({ days: [1, 2, 3, 4, 5] });

  it.each([
    // [case, hours, now, expected]
    ['during work: the next day, not the current one', moscow, '2026-01-12T09:00:00Z', '2026-01-13T04:30:00Z'],
    ['exactly at start: the next day', moscow, '2026-01-12T04:30:00Z', '2026-01-13T04:30:00Z'],
    ['one ms before start', moscow, '2026-01-12T04:29:59.999Z', '2026-01-12T04:30:00Z'],
    ['after midnight Moscow, before midnight UTC', moscow, '2026-01-12T21:30:00Z', '2026-01-13T04:30:00Z'],
    ['month end', moscow, '2026-01-31T17:00:00Z', '2026-02-01T04:30:00Z'],
    ['February end, non-leap', moscow, '2027-02-28T18:00:00Z', '2027-03-01T04:30:00Z'],
    ['February end, leap', moscow, '2028-02-28T18:00:00Z', '2028-02-29T04:30:00Z'],
    ['year end', moscow, '2026-12-31T17:00:00Z', '2027-01-01T04:30:00Z'],
    ['Friday evening, weekdays only → Monday', weekdays, '2026-01-09T17:00:00Z', '2026-01-12T04:30:00Z'],
    ['Saturday, weekdays only → Monday', weekdays, '2026-01-10T10:00:00Z', '2026-01-12T04:30:00Z'],
    [
      'winter holidays off → first working day',
      hours({ offDates: ['2026-12-31', '2027-01-01', '2027-01-02', '2027-01-03'] }),
      '2026-12-30T17:00:00Z',
      '2027-01-04T04:30:00Z',
    ],
    ['off Monday after a weekend → Tuesday', hours({ days: [1, 2, 3, 4, 5], offDates: ['2026-01-12'] }), '2026-01-09T17:00:00Z', '2026-01-13T04:30:00Z'],
    [
      'off date is the org-local date (Kamchatka Monday starts Sunday in UTC)',
      hours({ timeZone: 'Asia/Kamchatka', offDates: ['2026-01-12'] }),
      '2026-01-11T08:00:00Z', // Sunday 20:00 in Kamchatka
      '2026-01-12T19:30:00Z', // Tuesday 07:30 in Kamchatka
    ],
  ])('%s', (_name, h, now, expected) => {
    expect(iso(nextWorkingStart(h, at(now)))).toBe(at(expected).toISOString());
  });

  it('deliveryTime is now during working time, else the next start', () => {
    expect(iso(deliveryTime(moscow, at('2026-01-12T10:00:00Z')))).toBe('2026-01-12T10:00:00.000Z');
    expect(iso(deliveryTime(moscow, at('2026-01-12T04:30:00Z')))).toBe('2026-01-12T04:30:00.000Z');
    expect(iso(deliveryTime(moscow, at('2026-01-12T17:00:00Z')))).toBe('2026-01-13T04:30:00.000Z');
    expect(iso(deliveryTime(weekdays, at('2026-01-10T10:00:00Z')))).toBe('2026-01-12T04:30:00.000Z');
  });

  it('off dates and weekdays stop working time', () => {
    expect(isWorkingTime(weekdays, at('2026-01-10T10:00:00Z'))).toBe(false); // Saturday
    expect(isWorkingTime(hours({ offDates: ['2026-01-12'] }), at('2026-01-12T10:00:00Z'))).toBe(false);
    expect(isWorkingTime(hours({ offDates: ['2026-01-12'] }), at('2026-01-13T10:00:00Z'))).toBe(true);
  });

  it('rejects an invalid instant', () => {
    expect(() => isWorkingTime(moscow, new Date(Number.NaN))).toThrow(RangeError);
  });
});

describe('DST transitions', () => {
  it.each([
    // Europe/Berlin: 2026-03-29 02:00 CET → 03:00 CEST; 2026-10-25 03:00 CEST → 02:00 CET.
    ['Berlin, before spring forward', 'Europe/Berlin', '2026-03-27T19:00:00Z', '2026-03-28T06:30:00Z'],
    ['Berlin, night of spring forward', 'Europe/Berlin', '2026-03-28T19:00:00Z', '2026-03-29T05:30:00Z'],
    ['Berlin, night of fall back', 'Europe/Berlin', '2026-10-24T18:00:00Z', '2026-10-25T06:30:00Z'],
    // America/New_York: 2026-03-08 02:00 EST → 03:00 EDT; 2026-11-01 02:00 EDT → 01:00 EST.
    ['New York, night of spring forward', 'America/New_York', '2026-03-08T01:00:00Z', '2026-03-08T11:30:00Z'],
    ['New York, night of fall back', 'America/New_York', '2026-11-01T00:00:00Z', '2026-11-01T12:30:00Z'],
  ])('%s', (_name, timeZone, now, expected) => {
    expect(iso(nextWorkingStart(hours({ timeZone }), at(now)))).toBe(at(expected).toISOString());
  });

  it('local hours stay 07:30–20:00 on both sides of a transition', () => {
    const berlin = hours({ timeZone: 'Europe/Berlin' });
    expect(isWorkingTime(berlin, at('2026-03-29T05:29:00Z'))).toBe(false); // 07:29 CEST
    expect(isWorkingTime(berlin, at('2026-03-29T05:30:00Z'))).toBe(true); // 07:30 CEST
    expect(isWorkingTime(berlin, at('2026-03-29T17:59:00Z'))).toBe(true); // 19:59 CEST
    expect(isWorkingTime(berlin, at('2026-03-29T18:00:00Z'))).toBe(false); // 20:00 CEST
    expect(isWorkingTime(berlin, at('2026-10-25T18:59:00Z'))).toBe(true); // 19:59 CET
    expect(isWorkingTime(berlin, at('2026-10-25T19:00:00Z'))).toBe(false); // 20:00 CET
  });

  it.each([
    // [case, zone, local date, minutes, expected]
    ['Berlin gap 02:30 → 03:30 CEST', 'Europe/Berlin', [2026, 3, 29], 150, '2026-03-29T01:30:00.000Z'],
    ['Berlin overlap 02:30 → the earlier (CEST)', 'Europe/Berlin', [2026, 10, 25], 150, '2026-10-25T00:30:00.000Z'],
    ['New York gap 02:15 → 03:15 EDT', 'America/New_York', [2026, 3, 8], 135, '2026-03-08T07:15:00.000Z'],
    ['New York overlap 01:30 → the earlier (EDT)', 'America/New_York', [2026, 11, 1], 90, '2026-11-01T05:30:00.000Z'],
    ['Santiago midnight gap 00:30 → 01:30 -03', 'America/Santiago', [2026, 9, 6], 30, '2026-09-06T04:30:00.000Z'],
    ['Moscow, no DST', 'Europe/Moscow', [2026, 3, 29], 150, '2026-03-28T23:30:00.000Z'],
  ] as const)('%s', (_name, zone, [year, month, day], minutes, expected) => {
    expect(new Date(wallTimeToInstant({ year, month, day }, minutes, zone)).toISOString()).toBe(expected);
  });

  it('a working start inside a midnight gap moves forward, not back (Santiago)', () => {
    const h = hours({ timeZone: 'America/Santiago', start: '00:30' });
    // Saturday 5 Sept 20:00 -04 → Sunday 6 Sept, 00:30 does not exist → 01:30 -03.
    expect(iso(nextWorkingStart(h, at('2026-09-06T00:00:00Z')))).toBe('2026-09-06T04:30:00.000Z');
  });
});

describe('currentOffPeriod: one reminder per off-hours period', () => {
  const moscow = hours({});

  it('is null during working time', () => {
    expect(currentOffPeriod(moscow, at('2026-01-12T04:30:00Z'))).toBeNull();
    expect(currentOffPeriod(moscow, at('2026-01-12T16:59:59.999Z'))).toBeNull();
  });

  it('gives the same id for every moment of one night, across midnight', () => {
    const moments = ['2026-01-12T17:00:00Z', '2026-01-12T20:59:00Z', '2026-01-12T21:00:00Z', '2026-01-13T04:29:59.999Z'];
    const periods = moments.map((m) => currentOffPeriod(moscow, at(m)));
    for (const p of periods) {
      expect(p).toEqual({
        startedAt: at('2026-01-12T17:00:00Z'),
        endsAt: at('2026-01-13T04:30:00Z'),
        id: 'off:2026-01-12T17:00:00.000Z',
      });
    }
  });

  it('gives a new id for the next night and for the early morning before it', () => {
    const first = currentOffPeriod(moscow, at('2026-01-12T18:00:00Z'))?.id;
    const second = currentOffPeriod(moscow, at('2026-01-13T18:00:00Z'))?.id;
    expect(first).toBeDefined();
    expect(second).toBeDefined();
    expect(second).not.toBe(first);
  });

  it('Saturday night through an off Sunday to Monday morning is one period', () => {
    const sixDays = hours({ days: [1, 2, 3, 4, 5, 6] });
    // Saturday 10 Jan 2026 20:00 Moscow → Monday 12 Jan 07:30 Moscow.
    const ids = ['2026-01-10T17:00:00Z', '2026-01-11T09:00:00Z', '2026-01-11T23:00:00Z', '2026-01-12T04:29:00Z'].map((m) => currentOffPeriod(sixDays, at(m)));
    for (const p of ids) {
      expect(p?.id).toBe('off:2026-01-10T17:00:00.000Z');
      expect(p?.endsAt).toEqual(at('2026-01-12T04:30:00Z'));
    }
  });

  it('a holiday stretch is one period; the morning after starts work', () => {
    const h = hours({ offDates: ['2026-12-31', '2027-01-01', '2027-01-02'] });
    const a = currentOffPeriod(h, at('2026-12-30T18:00:00Z'));
    const b = currentOffPeriod(h, at('2027-01-02T12:00:00Z'));
    expect(a?.id).toBe('off:2026-12-30T17:00:00.000Z');
    expect(b).toEqual(a);
    expect(currentOffPeriod(h, at('2027-01-03T04:30:00Z'))).toBeNull();
  });

  it('in a DST zone the night of the change is one period of 10.5 hours', () => {
    const p = currentOffPeriod(hours({ timeZone: 'Europe/Berlin' }), at('2026-03-29T01:30:00Z'));
    expect(p).toEqual({
      startedAt: at('2026-03-28T19:00:00Z'),
      endsAt: at('2026-03-29T05:30:00Z'),
      id: 'off:2026-03-28T19:00:00.000Z',
    });
  });
});

describe('schedules without working time never loop forever', () => {
  const now = at('2026-01-12T10:00:00Z');
  // 20 Dec 2025 … 5 Jan 2027: longer than the horizon (a range item is limited to 366 days).
  const off = parseDateList('20.12.2025-31.12.2025, 01.01.2026-31.12.2026, 01.01.2027-05.01.2027');
  const longOff = off.ok ? off.value : [];

  it('no working weekdays → null and a constant period id', () => {
    const none = hours({ days: [] });
    expect(isWorkingTime(none, now)).toBe(false);
    expect(nextWorkingStart(none, now)).toBeNull();
    expect(deliveryTime(none, now)).toBeNull();
    expect(currentOffPeriod(none, now)).toEqual({ startedAt: null, endsAt: null, id: 'off:always' });
  });

  it('days off beyond the search horizon → null', () => {
    expect(longOff.length).toBeGreaterThan(SEARCH_HORIZON_DAYS);
    const h = hours({ offDates: longOff });
    // Friday 19 Dec 2025, 21:00 Moscow: the next working start is 6 Jan 2027, beyond the horizon.
    expect(nextWorkingStart(h, at('2025-12-19T18:00:00Z'))).toBeNull();
    expect(deliveryTime(h, at('2025-12-19T18:00:00Z'))).toBeNull();
  });

  it('a long summer break is still found', () => {
    const summer = parseDateList('01.06.2026-31.08.2026');
    const h = hours({ offDates: summer.ok ? summer.value : [] });
    expect(iso(nextWorkingStart(h, at('2026-05-31T18:00:00Z')))).toBe('2026-09-01T04:30:00.000Z');
    const p = currentOffPeriod(h, at('2026-07-15T12:00:00Z'));
    expect(p?.id).toBe('off:2026-05-31T17:00:00.000Z');
  });

  it('after a gap longer than the horizon the id falls back to the end of the period', () => {
    const h = hours({ offDates: longOff });
    const p = currentOffPeriod(h, at('2027-01-05T12:00:00Z'));
    expect(p?.startedAt).toBeNull();
    expect(p?.id).toBe('off-until:2027-01-06T04:30:00.000Z');
  });
});

describe('describeWhen / formatLocal', () => {
  it.each([
    ['later today', '2026-01-12T04:30:00Z', '2026-01-12T01:00:00Z', 'Europe/Moscow', 'сегодня в 07:30'],
    ['tomorrow from the evening', '2026-01-13T04:30:00Z', '2026-01-12T18:00:00Z', 'Europe/Moscow', 'завтра в 07:30'],
    // 22:00 UTC on the 12th is already the 13th in Moscow: the 07:30 is "today".
    ['after local midnight', '2026-01-13T04:30:00Z', '2026-01-12T22:00:00Z', 'Europe/Moscow', 'сегодня в 07:30'],
    ['after a weekend', '2026-01-12T04:30:00Z', '2026-01-09T17:00:00Z', 'Europe/Moscow', '12 января в 07:30'],
    ['across New Year, soon', '2027-01-12T04:30:00Z', '2026-12-30T18:00:00Z', 'Europe/Moscow', '12 января в 07:30'],
    ['far ahead next year', '2027-09-01T04:30:00Z', '2026-12-30T18:00:00Z', 'Europe/Moscow', '1 сентября 2027 в 07:30'],
    ['in the past, last year', '2025-05-05T09:00:00Z', '2026-01-12T18:00:00Z', 'Europe/Moscow', '5 мая 2025 в 12:00'],
    ['Vladivostok wall clock', '2026-03-01T21:30:00Z', '2026-02-28T10:00:00Z', 'Asia/Vladivostok', '2 марта в 07:30'],
    ['Kaliningrad tomorrow', '2026-01-13T05:30:00Z', '2026-01-12T19:00:00Z', 'Europe/Kaliningrad', 'завтра в 07:30'],
  ])('%s → %s', (_name, target, now, zone, text) => {
    expect(describeWhen(at(target), at(now), zone)).toBe(text);
  });

  it('formatLocal renders the zone wall clock with the Russian locale', () => {
    expect(formatLocal(at('2026-01-12T04:30:00Z'), 'Asia/Vladivostok', 'd MMMM HH:mm')).toBe('12 января 14:30');
    expect(formatLocal(at('2026-01-11T21:30:00Z'), 'Europe/Moscow', 'dd.MM.yyyy HH:mm')).toBe('12.01.2026 00:30');
    expect(formatLocal(at('2026-01-12T04:30:00Z'), 'Europe/Moscow', 'EEEE')).toBe('понедельник');
  });
});

describe('workingHoursSchema', () => {
  it('normalises a valid configuration', () => {
    expect(workingHoursSchema.parse({ timeZone: 'asia/omsk', start: '8:00', end: '19.30', days: [5, 1, 1], offDates: ['31.12.2026'] })).toEqual({
      timeZone: 'Asia/Omsk',
      start: '08:00',
      end: '19:30',
      days: [1, 5],
      offDates: ['2026-12-31'],
    });
    expect(workingHoursSchema.parse({ timeZone: 'Europe/Moscow', start: '07:30', end: '20:00' })).toEqual(DEFAULT_WORKING_HOURS);
  });

  it.each([
    ['unknown zone', { timeZone: 'Mars/Base', start: '07:30', end: '20:00' }],
    ['bad time', { timeZone: 'Europe/Moscow', start: '7:3', end: '20:00' }],
    ['start after end', { timeZone: 'Europe/Moscow', start: '20:00', end: '07:30' }],
    ['weekday 8', { timeZone: 'Europe/Moscow', start: '07:30', end: '20:00', days: [8] }],
    ['bad off date', { timeZone: 'Europe/Moscow', start: '07:30', end: '20:00', offDates: ['2026-02-30'] }],
  ])('rejects %s', (_name, input) => {
    expect(workingHoursSchema.safeParse(input).success).toBe(false);
  });
});
