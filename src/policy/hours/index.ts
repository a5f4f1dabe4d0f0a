/**
 * Working hours policy (003 6.2, SPEC §3.5): parsing, schedule queries and
 * Russian wording. Pure: time is always passed in.
 */
export {
  ALL_WEEKDAYS,
  canonicalTimeZone,
  formatIsoDate,
  isValidTimeZone,
  localDateOf,
  wallTimeToInstant,
  type LocalDate,
  type Weekday,
} from './calendar.js';
export {
  DATE_LIST_REASONS_RU,
  DATE_REASONS_RU,
  MAX_DATE_RANGE_DAYS,
  TIME_RANGE_REASONS_RU,
  WEEKDAYS_REASONS_RU,
  parseDate,
  parseDateList,
  parseTimeOfDay,
  parseTimeRange,
  parseWeekdays,
  type DateError,
  type DateListError,
  type Parsed,
  type TimeRangeError,
  type WeekdaysError,
} from './parse.js';
export {
  DEFAULT_WORKING_HOURS,
  SEARCH_HORIZON_DAYS,
  currentOffPeriod,
  currentWorkingPeriod,
  deliveryTime,
  isWorkingTime,
  nextWorkingStart,
  workingHoursSchema,
  type OffPeriod,
  type Period,
  type WorkingHours,
} from './schedule.js';
export { MONTHS_GENITIVE_RU, describeWhen, formatLocal, sayHours, type HoursWindow } from './describe.js';
export { formatOpening, nextOpening } from './opening.js';
