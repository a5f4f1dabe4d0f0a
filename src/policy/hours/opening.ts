/**
 * When something filed now will be seen: a join request filed outside working hours
 * (evening, weekend, holiday) waits for the next working period, and its author is told
 * the moment in plain Russian, «07.12.2026 в 07:30» (ДД.ММ.ГГГГ in the organisation's zone).
 */
import { formatLocal } from './describe.js';
import { nextWorkingStart, isWorkingTime, type WorkingHours } from './schedule.js';

/**
 * The moment the organisation next opens, when it is closed at `now`; null while it is open
 * (what is filed now is seen now) and when the schedule has no working time at all within
 * the search horizon.
 */
export function nextOpening(hours: WorkingHours, now: Date | number): Date | null {
  if (isWorkingTime(hours, now)) return null;
  return nextWorkingStart(hours, now);
}

/** `07.12.2026 в 07:30`, on the wall clock of `timeZone`. */
export function formatOpening(at: Date | number, timeZone: string): string {
  return formatLocal(at, timeZone, "dd.MM.yyyy 'в' HH:mm");
}
