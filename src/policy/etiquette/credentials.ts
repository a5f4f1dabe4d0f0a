/**
 * Logins, passwords and one-time codes posted in a chat (003 8.2: what opens
 * an account is never handed to anyone else; 003 8.3 for the account's owner).
 *
 *   - credentials: a login, password or PIN word, then what it is —
 *     «логин: ivanova_m, пароль Qwerty123», «пароль от госуслуг — masha2012»,
 *     «пин-код 4821». The value must look like one (a digit or a Latin letter,
 *     four characters or more): «пароль должен быть не короче 8 символов»
 *     and «забыла пароль от дневника» have none. A Wi-Fi network's password
 *     is the school's, not a person's;
 *   - one_time_code: four to eight digits within a few words of a code from
 *     a text message or a service — «код из СМС 482913», «пришёл код 5831»,
 *     «код подтверждения Госуслуг: 112 358», «код домофона 45к1234» — or
 *     before such words («4821 — код из смс»). «Никому не сообщайте код из
 *     СМС» has no digits and stays clean.
 * The words are in data/credential-words.txt.
 */
import { readDataPairs } from './data.js';
import type { NormalisedText } from './normalise.js';

export type CredentialKind = 'credentials' | 'one_time_code';

export interface CredentialSpan {
  readonly kind: CredentialKind;
  readonly start: number;
  readonly end: number;
}

const WORDS = readDataPairs('credential-words.txt');
function role(name: string): string {
  const alternatives = WORDS.filter(([r]) => r === name).map(([, p]) => `(?:${p})`);
  if (alternatives.length === 0) throw new Error(`etiquette data credential-words.txt: no "${name}" entries`);
  return alternatives.join('|');
}

const B = String.raw`(?<![\p{L}\p{N}])`;
/** «пароль от электронного дневника», «логин для входа в МЭШ»: up to three words saying what it opens. */
const OPENS = String.raw`(?:\s+(?:от|для|к|в|на|у)\s+[\p{L}\p{N}-]+(?:\s+(?:в\s+)?[\p{L}\p{N}-]+){0,2})?`;
const FILLER = String.raw`(?:\s+(?:у\s+него|у\s+нее|у\s+меня|у\s+нас|его|ее|мой|моя|наш|ребенка|сына|дочки|дочери|такой|был|будет|простой|стоит|-\s+это))?`;
const SEPARATOR = String.raw`\s*(?::|=|-|—|это)?\s*`;
/** A value: no spaces, 4–40 characters, with a digit or a Latin letter. */
const VALUE = String.raw`(?=[^\s,;]*[a-z0-9])[^\s,;()«»"]{4,40}`;
const SECRET = new RegExp(`${B}(?:${role('secret')})(?![\\p{L}\\p{N}_])${OPENS}${FILLER}${SEPARATOR}(${VALUE})`, 'gu');
/** Words a value is never: a unit after a number («8 символов»), a Wi-Fi network. */
const NOT_A_VALUE = new RegExp(`^(?:${role('not-value')})$`, 'u');
const PUBLIC_NETWORK = new RegExp(`${B}(?:${role('public')})(?![\\p{L}])`, 'u');
const CODE = `(?:${role('code')})`;
const CODE_DIGITS = String.raw`(?<![\d\p{L}])\d(?:\s?\d){3,7}(?![\d\p{L}])`;
const CODE_THEN_DIGITS = new RegExp(`${B}${CODE}(?![\\p{L}])[^\\d\\n]{0,30}?(${CODE_DIGITS})`, 'gu');
const DIGITS_THEN_CODE = new RegExp(`${CODE_DIGITS}\\s*(?:[—:-]\\s*)?(?:это\\s+)?(?:${CODE})(?![\\p{L}])`, 'gu');
const HINT = new RegExp(`${B}(?:${role('secret')}|${role('code-hint')})`, 'u');

/** Logins, passwords and one-time codes in a normalised message (normalised offsets). */
export function findCredentials(n: NormalisedText): CredentialSpan[] {
  const t = n.text;
  if (!HINT.test(t)) return [];
  const found: CredentialSpan[] = [];
  for (const match of t.matchAll(SECRET)) {
    const value = (match[1] as string).replace(/[.!?]+$/, '');
    if (value.length < 4 || NOT_A_VALUE.test(value)) continue;
    const after = t.slice(match.index + match[0].length, match.index + match[0].length + 12);
    if (/^\d+$/.test(value) && /^\s*(?:символ|знак|цифр|букв|раз|минут|секунд|попыт)/u.test(after)) continue;
    if (PUBLIC_NETWORK.test(match[0])) continue;
    found.push({ kind: 'credentials', start: match.index, end: match.index + match[0].length });
  }
  if (/\d/.test(t)) {
    for (const pattern of [CODE_THEN_DIGITS, DIGITS_THEN_CODE]) {
      for (const match of t.matchAll(pattern)) {
        const start = match.index;
        const end = start + match[0].length;
        if (found.some((f) => f.start < end && start < f.end)) continue;
        if (/^\s*(?:минут|секунд|час|раз|попыт|символ|цифр|руб|р\.|₽)/u.test(t.slice(end, end + 10))) continue;
        found.push({ kind: 'one_time_code', start, end });
      }
    }
  }
  return found;
}
