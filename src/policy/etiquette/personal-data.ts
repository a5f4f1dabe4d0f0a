/**
 * Personal data posted in a group chat: phone numbers, SNILS, passport
 * numbers, bank card numbers, birth certificate numbers.
 *
 * 003 8.3 allows personal data only for the school's educational purposes,
 * and 001 4.6.2 forbids collecting and handling other people's personal data:
 * a class chat is the wrong place to post them.
 *
 * Numbers are read as runs of digit groups joined by spaces, dashes and
 * brackets («+7 (912) 345-67-89»); a dot, colon, comma or slash ends a run,
 * so dates, times and decimals never join up. Inside a run every stretch of
 * groups is tried, longest first, against the shapes below; the shape, a
 * checksum where the document has one, and the words around the number
 * (data/personal-data-context.txt) decide:
 *   - phone: 11 digits from 7/8 with a Russian area code (3, 4, 8 or 9),
 *     «+» and 11–13 digits for other countries, or 10 digits from 9 grouped
 *     like a mobile number (toll-free 8-800 is not personal);
 *   - SNILS: 11 digits as 3-3-3 2 (or unbroken) with a valid check number;
 *   - passport: 2 2 6 digits, or 4 6 and 10 digits only next to «паспорт»,
 *     «серия», «выдан» — a bare 10-digit number is too common to report;
 *   - card: 13–19 digits passing the Luhn check, grouped by four, unbroken
 *     16 digits from a card system's first digit, or next to «карта»;
 *   - birth certificate: «II-АБ 123456».
 * A number right after an account, order or tax-id word («ИНН», «л/с»,
 * «заказ») or right before a unit of money or measure («руб», «км») is not
 * reported. Numbers are read from a view of the text that decodes URL-encoded
 * links, reads a look-alike letter between digits as the digit and phone-shaped
 * numbers grouped by dots or underscores as grouped by dashes (`numberView`).
 * The organisation's own public numbers, passed as `allowedNumbers`, are not
 * reported in any spelling.
 */
import { findAddresses } from './address.js';
import { findCredentials } from './credentials.js';
import { readDataPairs } from './data.js';
import { findHealthDetails } from './health.js';
import { normaliseText, originalSpan, type NormalisedText, type Span } from './normalise.js';
import { findSpelledPhones } from './spelled-phone.js';

export type PersonalDataKind =
  | 'phone'
  | 'snils'
  | 'passport'
  | 'foreign_passport'
  | 'card'
  | 'birth_certificate'
  | 'medical_policy'
  | 'inn'
  | 'address'
  | 'health'
  | 'credentials'
  | 'one_time_code';

export interface PersonalDataVerdict {
  readonly rule: 'personal_data';
  readonly kind: PersonalDataKind;
  readonly span: Span;
}

// --------------------------------------------------------------- checksums

/**
 * SNILS check number (Pension Fund rules): the first nine digits weighted
 * 9…1 and summed; below 100 the sum is the check number, 100 and 101 give 00,
 * above that the sum mod 101 (again 00 for 100). Defined for numbers above
 * 001-001-998.
 */
export function isValidSnils(digits: string): boolean {
  if (!/^\d{11}$/.test(digits)) return false;
  const body = digits.slice(0, 9);
  if (Number(body) <= 1_001_998) return false;
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(body[i]) * (9 - i);
  let check = sum < 100 ? sum : sum % 101;
  if (check === 100) check = 0;
  return check === Number(digits.slice(9));
}

/** The Luhn check of bank card numbers. */
export function passesLuhn(digits: string): boolean {
  if (!/^\d+$/.test(digits) || /^0+$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

// ---------------------------------------------------------------- context

const CONTEXT = readDataPairs('personal-data-context.txt');

function contextPattern(role: string, wrap: (alternatives: string) => string): RegExp {
  const alternatives = CONTEXT.filter(([r]) => r === role)
    .map(([, p]) => `(?:${p})`)
    .join('|');
  if (alternatives === '') throw new Error(`etiquette data personal-data-context.txt: no "${role}" entries`);
  return new RegExp(wrap(alternatives), 'u');
}

const nearby = (alternatives: string): string => `(?<![\\p{L}\\p{N}])(?:${alternatives})(?![\\p{L}])`;
const NEAR: Readonly<Record<'phone' | 'passport' | 'snils' | 'card' | 'medical_policy', RegExp>> = {
  phone: contextPattern('phone', nearby),
  passport: contextPattern('passport', nearby),
  snils: contextPattern('snils', nearby),
  card: contextPattern('card', nearby),
  medical_policy: contextPattern('medical-policy', nearby),
};
const NEAR_FOREIGN_PASSPORT = contextPattern('foreign-passport', nearby);
const NEAR_BIRTH_CERTIFICATE = contextPattern('birth-certificate', nearby);
/** «ИНН 7701…», «л/с: 9123…», «номер заказа 8912…», «трек-номер 4601…»: up to three words may follow the keyword. */
const NOT_PERSONAL_BEFORE = contextPattern(
  'not-personal',
  // Up to three words («номер заказа на рабочие тетради 8912…»), none of them a phone word.
  (a) =>
    `(?<![\\p{L}\\p{N}])(?:${a})(?:[\\s-]+(?!(?:тел|моб|сот|номер|звон|позвон|whatsapp|в[ао]тсап|вайбер|viber|телеграм)\\p{L}*)\\p{L}+){0,3}\\s*(?:[:#№-]\\s*)?$`,
);
const AMOUNT_AFTER = contextPattern('amount', (a) => `^\\s?(?:${a})(?![\\p{L}])`);
/** «Телефон приёмной школы: 8 (495) …»: the organisation's own number, not a person's. */
const PUBLIC_PHONE_BEFORE = contextPattern('public-phone', (a) => `(?<![\\p{L}\\p{N}])(?:${a})(?![\\p{L}])[^\\d]{0,25}$`);
const CONTEXT_BEFORE = 60;
const CONTEXT_AFTER = 25;

// ---------------------------------------------------------------- numbers

/**
 * A run of digit groups joined by up to three spaces, dashes or brackets. It
 * starts after a non-letter, non-digit; each repetition takes a digit, so the
 * scan is linear.
 */
const NUMBER_RUN = /(?<![\p{L}\p{N}])\+?\d(?:[ \-()]{0,3}\d)*/gu;
const DIGIT_GROUP = /\d+/g;
/** A run glued to a date, time or decimal on either side («12.05.2024», «10:30»). */
const GLUED_BEFORE = /\d[.,:/]$/;
const GLUED_AFTER = /^[.,:/]\d/;
const MAX_GROUPS_PER_NUMBER = 8;
/** A phone typed digit by digit has eleven groups of one digit. */
const MAX_SINGLE_DIGIT_GROUPS = 11;

interface DigitGroup {
  readonly digits: string;
  readonly start: number;
  readonly end: number;
}

interface Candidate {
  readonly groups: readonly DigitGroup[];
  readonly plus: boolean;
  readonly bracketed: boolean;
  readonly before: string;
  readonly after: string;
}

/** No phone, SNILS, passport or card number is shorter. */
const MIN_DIGITS = 10;
/** No number of this module is shorter: a birth certificate has six digits after its series. */
const MIN_NUMBER_DIGITS = 6;

function classify(c: Candidate): PersonalDataKind | null {
  const digits = c.groups.map((g) => g.digits).join('');
  if (digits.length < MIN_DIGITS) return null;
  const near = (kind: keyof typeof NEAR): boolean => NEAR[kind].test(c.before) || NEAR[kind].test(c.after);
  // A medical policy number is 16 digits (the single format since 2011), older ones 9–16.
  if (digits.length <= 16 && NEAR.medical_policy.test(c.before)) return 'medical_policy';
  if (AMOUNT_AFTER.test(c.after) || NOT_PERSONAL_BEFORE.test(c.before)) return null;
  const lengths = c.groups.map((g) => g.digits.length);
  const shape = lengths.join('-');

  if (digits.length === 11 && (shape === '3-3-3-2' || shape === '9-2' || shape === '11')) {
    const phoneShaped = shape === '11' && isRussianPhone(digits);
    if (isValidSnils(digits) && (!phoneShaped || near('snils'))) return 'snils';
    // Next to «СНИЛС» its shape is enough: a mistyped check number is still someone's number.
    // Unbroken, too, when it is no Russian phone («снилс 09317725841»).
    if ((shape === '3-3-3-2' || (shape === '11' && !phoneShaped)) && near('snils')) return 'snils';
  }
  if (PUBLIC_PHONE_BEFORE.test(c.before)) return null;
  if (isPhone(c, digits, lengths, near)) return 'phone';
  if (digits.length === 10) {
    if (shape === '2-2-6') return 'passport';
    if ((shape === '4-6' || shape === '10') && near('passport')) return 'passport';
  }
  if (digits.length >= 13 && digits.length <= 19 && passesLuhn(digits) && isCardShaped(digits, lengths, near)) {
    return 'card';
  }
  // «на карту 2202 2036 1234 5678»: sixteen digits by fours next to «карта», checksum or not
  // (issue 22: people mistype, and a curator removes a card number without checking it).
  if (digits.length === 16 && (shape === '4-4-4-4' || shape === '16') && near('card')) return 'card';
  return null;
}

/** 11 digits from 7 or 8 with a Russian area code (3xx, 4xx, 8xx, 9xx), not toll-free 800. */
function isRussianPhone(digits: string): boolean {
  return /^[78][3489]/.test(digits) && !/^[78]800/.test(digits);
}

/** A list of tasks, exercises, questions or pages right before digits typed one by one. */
const TASK_NUMBERS_BEFORE = /(?:задани|задач|упражнени|вопрос|страниц|пример|тест|ответ)\p{L}*[\s:,.№-]*$/u;

function isPhone(c: Candidate, digits: string, lengths: readonly number[], near: (kind: 'phone') => boolean): boolean {
  // Groups of one digit are lists of small numbers («5 6 7 8»), except a
  // leading country code — or a whole number typed digit by digit
  // («8 9 1 2 3 4 5 6 7 8 9», issue 13), which must then be a Russian mobile.
  // Ten such digits are a mobile without its 8 when a phone word is near («тел 9 1 5 …», batch E).
  if (lengths.every((length) => length === 1)) {
    // «Номера заданий 9 1 5 3 …»: numbers of tasks, not of a phone, whatever word follows.
    if (TASK_NUMBERS_BEFORE.test(c.before)) return false;
    return (digits.length === 11 && /^[78]9/.test(digits)) || (digits.length === 10 && digits.startsWith('9') && near('phone'));
  }
  if (lengths.slice(1).some((length) => length === 1)) return false;
  if (lengths.length > 6) return false;
  // Thousands («89 000 000 000») are grouped by three; phone numbers never are.
  if (lengths.length >= 4 && lengths.slice(1).every((length) => length === 3)) return false;
  if (c.plus) {
    if (digits.startsWith('7')) return digits.length === 11 && isRussianPhone(digits);
    return digits.length >= 11 && digits.length <= 13;
  }
  if (digits.length === 11) return isRussianPhone(digits);
  if (digits.length === 10 && digits.startsWith('9')) {
    const shape = lengths.join('-');
    if (c.bracketed || ['3-3-2-2', '3-3-4', '3-7', '3-2-2-3'].includes(shape)) return true;
    return shape === '10' && near('phone');
  }
  return false;
}

function isCardShaped(digits: string, lengths: readonly number[], near: (kind: 'card') => boolean): boolean {
  if (near('card')) return true;
  const byFours = lengths.length >= 3 && lengths.slice(0, -1).every((l) => l === 4) && (lengths.at(-1) ?? 0) <= 4;
  const amex = ['4-6-5', '4-6-4'].includes(lengths.join('-'));
  const unbroken16 = lengths.length === 1 && digits.length === 16;
  return (byFours || amex || unbroken16) && /^[2-6]/.test(digits);
}

/** «серия 45 06 номер 123456», «серия 4506 № 123456». */
const PASSPORT_SERIES_NUMBER = /(?<![\p{L}])сери[яиюей]\s*:?\s*(\d{2}\s?\d{2})\s*(?:,\s*)?(?:№|номер|н\.|nr)?\s*:?\s*(\d{6})(?!\d)/gu;
/**
 * Next to «паспорт» (see NEAR.passport): «4510 № 123456» without «серия», and
 * the number before the series, «№ 654321, серия 45 12», «номер 123456 серия 4011».
 */
const PASSPORT_NUMBER_MARKED = /(?<![\p{N}])(\d{2}\s?\d{2})\s*(?:,\s*)?(?:№|номер)\s*:?\s*(\d{6})(?!\d)/gu;
const PASSPORT_NUMBER_FIRST = /(?<![\p{L}\p{N}])(?:№|номер)\s*:?\s*(\d{6})\s*(?:,\s*)?сери[яиюей]\s*:?\s*(\d{2}\s?\d{2})(?!\d)/gu;
/** Birth certificate «II-АБ 123456»: a Roman number (Latin or look-alike Cyrillic letters), two letters, six digits. */
const BIRTH_CERTIFICATE = /(?<![\p{L}\p{N}])[ivxlcіхс1]{1,6}\s?-\s?[а-я]{2}\s*(?:(?:№|номер|н\.)\s*:?\s*)?\d{6}(?!\d)/gu;
/** Next to «свидетельство о рождении»: the series may lose its dash or go, «серия IIАБ № 123456», «номер 654321». */
const BIRTH_CERTIFICATE_NEAR = /(?<![\p{L}\p{N}])(?:(?:сери[яи]\s*:?\s*)?[ivxlcіхс1]{1,6}\s?-?\s?[а-я]{2}\s*,?\s*)?(?:(?:№|номер|н\.)\s*:?\s*)?\d{6}(?!\d)/gu;
/** Foreign passport: two digits and seven, «75 1234567», «серия 75 № 1234567», next to «загранпаспорт». */
const FOREIGN_PASSPORT = /(?<![\p{L}\p{N}])(?:сери[яи]\s*:?\s*)?\d{2}\s?,?\s*(?:(?:№|номер|н\.)\s*:?\s*)?\d{7}(?!\d)/gu;
/** A person's tax number has 12 digits (an organisation's 10, which may be posted). */
const PERSONAL_INN = /(?<![\p{L}\p{N}])инн(?:[\s,—–:?!.-]+[\p{L}]+){0,8}[\s,:№—–-]*(\d(?:[ -]?\d){11})(?![\d])/gu;

interface Found {
  kind: PersonalDataKind;
  start: number;
  end: number;
}

export interface PersonalDataOptions {
  /**
   * Public numbers of the organisation (reception, duty phone) that may be
   * posted, in any spelling: compared by their digits, a Russian number by
   * its last ten («8 (812) 246-13-57» = «+78122461357»).
   */
  readonly allowedNumbers?: Iterable<string>;
}

/** The digits a phone number is compared by: the last ten of a Russian number. */
export function phoneKey(number: string): string {
  const digits = number.replace(/\D/g, '');
  return digits.length === 11 && /^[78]/.test(digits) ? digits.slice(1) : digits;
}

/**
 * Personal data in a message: the numbers of this module, and home addresses
 * (address.ts), health details of a named person (health.ts), logins,
 * passwords and one-time codes (credentials.ts).
 */
export function detectPersonalData(text: string | NormalisedText, options: PersonalDataOptions = {}): PersonalDataVerdict[] {
  const n = typeof text === 'string' ? normaliseText(text) : text;
  const words: Found[] = [
    ...findHealthDetails(n).map((f) => ({ kind: 'health' as const, ...f })),
    ...findCredentials(n),
    ...findAddresses(n).map((f) => ({ kind: 'address' as const, ...f })),
  ];
  const numbers = /\d/.test(n.text) ? findNumbers(n, options) : [];
  // «восемь девятьсот двадцать шесть, …»: a phone spelled in words (spelled-phone.ts).
  const spelled = findSpelledPhones(n);
  const allowed = spelled.length === 0 ? null : allowedPhones(options);
  for (const f of spelled) {
    const span = originalSpan(n, f.start, f.end);
    if (numbers.some((v) => v.span.start < span.end && span.start < v.span.end)) continue;
    if (allowed!.has(phoneKey(f.digits))) continue;
    if (PUBLIC_PHONE_BEFORE.test(n.text.slice(Math.max(0, f.start - CONTEXT_BEFORE), f.start))) continue;
    words.push({ kind: 'phone', start: f.start, end: f.end });
  }
  return [...numbers, ...words.map((f) => ({ rule: 'personal_data' as const, kind: f.kind, span: originalSpan(n, f.start, f.end) }))].sort(
    (a, b) => a.span.start - b.span.start,
  );
}

/** The numbers the organisation publishes itself (its own phones), by their phone key. */
function allowedPhones(options: PersonalDataOptions): Set<string> {
  return new Set([...(options.allowedNumbers ?? [])].map(phoneKey));
}

/** Phone, SNILS, passport, card, policy, tax and certificate numbers. */
function findNumbers(n: NormalisedText, options: PersonalDataOptions): PersonalDataVerdict[] {
  const allowed = allowedPhones(options);
  const view = numberView(n.text);
  const t = view.text;
  // Every number looked for has six digits or more (a birth certificate's six, the rest ten).
  if (countDigits(t) < MIN_NUMBER_DIGITS) return [];
  const found: Found[] = [];
  const add = (kind: PersonalDataKind, match: RegExpMatchArray): void => {
    const start = match.index as number;
    found.push({ kind, start, end: start + match[0].length });
  };
  if (t.includes('сери')) for (const match of t.matchAll(PASSPORT_SERIES_NUMBER)) add('passport', match);
  const marked = t.includes('№') || t.includes('номер');
  for (const pattern of marked ? [PASSPORT_NUMBER_MARKED, PASSPORT_NUMBER_FIRST] : []) {
    for (const match of t.matchAll(pattern)) {
      const start = match.index as number;
      const end = start + match[0].length;
      if (found.some((f) => f.start < end && start < f.end)) continue;
      if (NEAR.passport.test(t.slice(Math.max(0, start - CONTEXT_BEFORE), start))) add('passport', match);
    }
  }
  // The series «II-АБ» has its dash.
  if (t.includes('-')) for (const match of t.matchAll(BIRTH_CERTIFICATE)) add('birth_certificate', match);
  const nearBefore = (pattern: RegExp, start: number): boolean => pattern.test(t.slice(Math.max(0, start - CONTEXT_BEFORE - 20), start));
  const addNear = (kind: PersonalDataKind, pattern: RegExp, near: RegExp): void => {
    for (const match of t.matchAll(pattern)) {
      const start = match.index as number;
      const end = start + match[0].length;
      if (found.some((f) => f.start < end && start < f.end)) continue;
      if (nearBefore(near, start)) add(kind, match);
    }
  };
  if (t.includes('рожд')) addNear('birth_certificate', BIRTH_CERTIFICATE_NEAR, NEAR_BIRTH_CERTIFICATE);
  if (t.includes('загран')) addNear('foreign_passport', FOREIGN_PASSPORT, NEAR_FOREIGN_PASSPORT);
  if (t.includes('инн')) for (const match of t.matchAll(PERSONAL_INN)) add('inn', match);
  const taken = (start: number, end: number): boolean => found.some((f) => f.start < end && start < f.end);

  for (const run of t.matchAll(NUMBER_RUN)) {
    const runStart = run.index;
    const runEnd = runStart + run[0].length;
    if (GLUED_BEFORE.test(t.slice(Math.max(0, runStart - 2), runStart))) continue;
    if (GLUED_AFTER.test(t.slice(runEnd, runEnd + 2))) continue;
    if (taken(runStart, runEnd) || countDigits(run[0]) < MIN_DIGITS) continue;
    const groups: DigitGroup[] = [...run[0].matchAll(DIGIT_GROUP)].map((g) => ({
      digits: g[0],
      start: runStart + g.index,
      end: runStart + g.index + g[0].length,
    }));
    findInRun(t, run[0].startsWith('+'), groups, found);
  }

  return found
    .filter((f) => !(f.kind === 'phone' && allowed.has(phoneKey(t.slice(f.start, f.end)))))
    .sort((a, b) => a.start - b.start)
    .map((f) => {
      const start = view.starts ? (view.starts[f.start] as number) : f.start;
      const end = view.ends ? (view.ends[f.end - 1] as number) : f.end;
      return { rule: 'personal_data', kind: f.kind, span: originalSpan(n, start, end) };
    });
}

// ------------------------------------------------------------ number view

/**
 * The text as the number search reads it (issue 13: phones written to slip
 * past a filter):
 *   - URL-encoded characters of a link are decoded («%2B7%20912…» → «+7 912…»);
 *   - a look-alike letter between two digits is read as the digit («89I2З45б789»,
 *     «(9l6)»);
 *   - dots and underscores between the groups of a phone-shaped number are
 *     read as dashes («8.912.345.67.89», «8_912_345_67_89»); dates and
 *     decimals have too few groups or digits to be one.
 * `starts[i]`/`ends[i]`: where view character i came from in the text
 * (absent when nothing was decoded and every character stayed in place).
 */
interface NumberView {
  readonly text: string;
  readonly starts?: readonly number[];
  readonly ends?: readonly number[];
}

const URL_ENCODED = /%([0-9a-f]{2})/g;
const DIGIT_LOOKALIKES: Readonly<Record<string, string>> = {
  i: '1',
  l: '1',
  '|': '1',
  і: '1',
  и: '1',
  з: '3',
  о: '0',
  o: '0',
  б: '6',
  ч: '4',
  в: '8',
  b: '8',
};
const LOOKALIKE_BETWEEN_DIGITS = /(?<=\d)[il|ізоoбчвb](?=\d)/g;
const LOOKALIKE_HINT = /\d[il|ізоoбчвb]\d/;
/** At least four groups joined by one and the same dot or underscore, 10–13 digits. */
const DOTTED_NUMBER = /(?<![\d.,_])\+?\d{1,4}([._])\d{1,4}(?:\1\d{1,4}){2,5}(?![\d_]|[.,]\d)/g;

function numberView(text: string): NumberView {
  let view = text;
  let starts: number[] | undefined;
  let ends: number[] | undefined;
  if (view.includes('%')) {
    const decoded: string[] = [];
    starts = [];
    ends = [];
    let last = 0;
    for (const match of view.matchAll(URL_ENCODED)) {
      for (let i = last; i < match.index; i++) {
        decoded.push(view[i] as string);
        starts.push(i);
        ends.push(i + 1);
      }
      const ch = String.fromCharCode(parseInt(match[1] as string, 16));
      decoded.push(/[+\-() ]/.test(ch) ? ch : ' ');
      starts.push(match.index);
      ends.push(match.index + 3);
      last = match.index + 3;
    }
    for (let i = last; i < view.length; i++) {
      decoded.push(view[i] as string);
      starts.push(i);
      ends.push(i + 1);
    }
    view = decoded.join('');
  }
  if (LOOKALIKE_HINT.test(view)) view = view.replace(LOOKALIKE_BETWEEN_DIGITS, (ch) => DIGIT_LOOKALIKES[ch] ?? ch);
  if (/\d[._]\d/.test(view)) {
    view = view.replace(DOTTED_NUMBER, (number) => {
      const digits = countDigits(number);
      return digits >= MIN_DIGITS && digits <= 13 ? number.replace(/[._]/g, '-') : number;
    });
  }
  return starts ? { text: view, starts, ends } : { text: view };
}

function countDigits(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0x30 && code <= 0x39) count++;
  }
  return count;
}

/** Tries every stretch of groups of a run, longest first from each start. */
function findInRun(text: string, plus: boolean, groups: readonly DigitGroup[], found: Found[]): void {
  let i = 0;
  while (i < groups.length) {
    let matched = false;
    let singles = 0;
    while (i + singles < groups.length && singles < MAX_SINGLE_DIGIT_GROUPS && groups[i + singles]?.digits.length === 1) {
      singles++;
    }
    const longest = Math.max(MAX_GROUPS_PER_NUMBER, singles);
    for (let j = Math.min(groups.length, i + longest); j > i; j--) {
      const stretch = groups.slice(i, j);
      if (stretch.reduce((sum, g) => sum + g.digits.length, 0) < MIN_DIGITS) break;
      const first = stretch[0] as DigitGroup;
      const last = stretch[stretch.length - 1] as DigitGroup;
      const withPlus = plus && i === 0;
      const start = withPlus ? first.start - 1 : first.start;
      const inner = text.slice(first.start, last.end);
      const candidate: Candidate = {
        groups: stretch,
        plus: withPlus,
        bracketed: inner.includes('(') || text[first.start - 1] === '(',
        before: text.slice(Math.max(0, start - CONTEXT_BEFORE), start).replace(/\($/, ''),
        after: text.slice(last.end, last.end + CONTEXT_AFTER),
      };
      const kind = classify(candidate);
      if (!kind) continue;
      found.push({ kind, start: text[start - 1] === '(' ? start - 1 : start, end: last.end });
      i = j;
      matched = true;
      break;
    }
    if (!matched) i++;
  }
}
