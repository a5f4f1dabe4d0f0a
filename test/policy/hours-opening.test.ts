// When a request filed now will be seen: the next opening of the organisation, on weekdays,
// weekends and holidays of Russia's production calendar, and for a 24×7 organisation.
import { describe, expect, it } from 'vitest';
import { formatOpening, nextOpening } from '../../src/policy/hours/index.js';
import { ALL_WEEKDAYS } from '../../src/policy/hours/calendar.js';
import { defaultSettings, effectiveHours } from '../../src/policy/hours/settings.js';

const moscow = 'Europe/Moscow';
/** A five-day week 07:30–20:00 with the production calendar, as a new organisation has. */
const school = (now: number) => effectiveHours(defaultSettings({ start: '07:30', end: '20:00' }), moscow, now);
/** The demo's organisation: open round the clock, every day, holidays too. */
const always = (now: number) => effectiveHours(defaultSettings({ start: '00:00', end: '24:00', always: true }), moscow, now);

describe('nextOpening', () => {
  it.each([
    // [case, now (UTC; Moscow is UTC+3), next opening as Russians read it, or null while open]
    ['weekday, working time', '2026-12-08T09:00:00Z', null],
    ['weekday, exactly at the start', '2026-12-08T04:30:00Z', null],
    ['weekday, before the start', '2026-12-08T03:00:00Z', '08.12.2026 в 07:30'],
    ['weekday, exactly at the end', '2026-12-08T17:00:00Z', '09.12.2026 в 07:30'],
    ['Friday evening', '2026-12-11T18:00:00Z', '14.12.2026 в 07:30'],
    ['Saturday noon', '2026-12-12T09:00:00Z', '14.12.2026 в 07:30'],
    ['Sunday 23:00', '2026-12-13T20:00:00Z', '14.12.2026 в 07:30'],
    // 31 December 2026 is a day off by transfer; 1–8 January are holidays, 9–10 January a weekend.
    ['30 December evening', '2026-12-30T18:00:00Z', '11.01.2027 в 07:30'],
    ['1 January noon', '2027-01-01T09:00:00Z', '11.01.2027 в 07:30'],
    ['Defender of the Fatherland Day (Tuesday 23 February 2027)', '2027-02-23T09:00:00Z', '24.02.2027 в 07:30'],
  ])('%s', (_case, now, expected) => {
    const t = Date.parse(now);
    const next = nextOpening(school(t), t);
    expect(next === null ? null : formatOpening(next, moscow)).toBe(expected);
  });

  it.each([
    ['Sunday 23:00', '2026-12-13T20:00:00Z'],
    ['1 January', '2027-01-01T09:00:00Z'],
    ['midnight', '2026-12-14T21:00:00Z'],
    ['a minute before midnight', '2026-12-14T20:59:30Z'],
  ])('a 24×7 organisation is open: %s', (_case, now) => {
    const t = Date.parse(now);
    expect(nextOpening(always(t), t)).toBeNull();
  });

  it('a 24×7 organisation works every weekday', () => {
    expect(defaultSettings({ start: '00:00', end: '24:00', always: true }).days).toEqual(ALL_WEEKDAYS);
  });
});
