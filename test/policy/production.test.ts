// The production calendar: holidays from date-holidays, art. 112 moves, the decrees' transfers, admins' own days.
import { describe, expect, it } from 'vitest';
import { describeWhen, isWorkingTime, nextWorkingStart } from '../../src/policy/hours/index.js';
import { productionDays, publicHolidays } from '../../src/policy/hours/production.js';
import {
  FIVE_DAY_WEEK,
  SIX_DAY_WEEK,
  applyOverride,
  defaultSettings,
  effectiveHours,
  overrideOf,
  parseOverride,
  toggleDay,
  type HoursSettings,
} from '../../src/policy/hours/settings.js';

const ZONE = 'Europe/Moscow';
const five: HoursSettings = defaultSettings({ start: '07:30', end: '20:00' });
const six: HoursSettings = { ...five, days: SIX_DAY_WEEK };
/** Noon in Moscow on that date. */
const noon = (iso: string) => Date.parse(`${iso}T09:00:00Z`);
const working = (s: HoursSettings, iso: string) => isWorkingTime(effectiveHours(s, ZONE, noon(iso)), noon(iso));

describe('production calendar', () => {
  it.each([
    ['2026-01-01', five, false, '1 January'],
    ['2026-01-05', five, false, 'New Year holidays'],
    ['2026-01-09', five, false, 'transfer from Saturday 3 January (decree 2026)'],
    ['2026-01-12', five, true, 'the first working day of 2026'],
    ['2026-02-23', five, false, 'Defender of the Fatherland Day'],
    ['2026-03-09', five, false, '8 March was a Sunday'],
    ['2026-05-09', five, false, '9 May'],
    ['2026-05-11', five, false, '9 May was a Saturday: art. 112 moves the day off'],
    ['2026-05-12', five, true, 'a Tuesday'],
    ['2026-03-01', five, false, 'a Sunday'],
    ['2026-03-07', five, false, 'a Saturday, five-day week'],
    ['2026-03-07', six, true, 'a Saturday, six-day week'],
    ['2026-03-01', six, false, 'a Sunday, six-day week'],
    ['2026-01-09', six, true, 'the decree transfers are for a five-day week'],
    ['2026-12-31', five, false, 'transfer from Sunday 4 January (decree 2026)'],
    ['2025-11-01', five, true, 'a Saturday made working (decree 2025)'],
    ['2025-11-03', five, false, 'its day off'],
    ['2027-01-01', five, false, '1 January 2027'],
    ['2027-05-09', five, false, '9 May 2027, a Sunday'],
    ['2027-05-10', five, false, 'its day off moves to Monday'],
    ['2027-01-11', five, true, 'the first working day of 2027'],
  ] as const)('%s', (iso, settings, expected, _why) => {
    expect(working(settings, iso)).toBe(expected);
  });

  it('takes the holidays from date-holidays, each date of a span', () => {
    const h = publicHolidays(2026);
    for (const d of ['2026-01-01', '2026-01-02', '2026-01-06', '2026-01-07', '2026-01-08', '2026-05-09', '2026-06-12', '2026-11-04'])
      expect(h.has(d)).toBe(true);
    expect(productionDays(2026, FIVE_DAY_WEEK).work).toEqual([]);
    expect(productionDays(2025, FIVE_DAY_WEEK).work).toEqual(['2025-11-01']);
  });

  it('admins add and remove single days', () => {
    const on = toggleDay(five, '2026-01-09', 'on');
    expect(working(on, '2026-01-09')).toBe(true);
    const off = toggleDay(on, '2026-03-03', 'off');
    expect(working(off, '2026-03-03')).toBe(false);
    expect(working(toggleDay(off, '2026-03-03', 'on'), '2026-03-03')).toBe(true);
    expect(toggleDay(off, '2026-01-09', 'off').onDates).toEqual([]);
  });

  it.each([
    ['2026-12-31T18:00:00Z', '11 января в 07:30', '2027-01-11T04:30:00.000Z'],
    ['2025-12-31T18:00:00Z', '12 января в 07:30', '2026-01-12T04:30:00.000Z'],
    ['2026-05-08T18:00:00Z', '12 мая в 07:30', '2026-05-12T04:30:00.000Z'],
  ])('at 21:00 on %s the next working start is %s', (nowIso, words, atIso) => {
    const now = Date.parse(nowIso);
    const next = nextWorkingStart(effectiveHours(five, ZONE, now), now)!;
    expect(next.toISOString()).toBe(atIso);
    expect(describeWhen(next, now, ZONE)).toBe(words);
  });

  it('a chat stores only what differs; stored junk and an old zone are ignored', () => {
    const chat = { ...five, start: '08:00', offDates: ['2026-03-03'] };
    expect(overrideOf(five, chat)).toEqual({ start: '08:00', offDates: ['2026-03-03'] });
    expect(overrideOf(five, five)).toEqual({});
    const parsed = parseOverride({ timeZone: 'Asia/Omsk', start: '8:00', end: 'soon', days: [1, 2, 9], offDates: ['31.12.2026', 'x'] });
    expect(parsed).toEqual({ start: '08:00', offDates: ['2026-12-31'] });
    // The organisation's later change reaches the chat through the fields the chat did not set.
    const org = { ...five, end: '19:00' };
    expect(applyOverride(org, { start: '08:00' })).toMatchObject({ start: '08:00', end: '19:00' });
    expect(applyOverride(org, { start: '19:30' })).toMatchObject({ start: '07:30', end: '19:00' });
    expect(effectiveHours(org, 'Asia/Omsk', noon('2026-03-03')).timeZone).toBe('Asia/Omsk');
  });
});
