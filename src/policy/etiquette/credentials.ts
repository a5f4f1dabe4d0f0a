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
 *   - one_time_code: a sentence with a code word («код», «пароль»), a word
 *     of where it came from or what it opens («СМС», «Госуслуги»,
 *     «одноразовый», «для входа», «пришёл», «переслать») and four to eight
 *     digits, whole or grouped — «код из СМС 482913», «Код 145 662 с
 *     Госуслуг пришёл», «одноразовый код 55-71-09». «Никому не сообщайте код
 *     из СМС» has no digits; a class, lesson or invitation code, a promo
 *     code and «код доступа к тесту» are not a person's.
 * The words are in data/credential-words.txt.
 */
import { readDataRoles } from './data.js';
import { recordsOf, type NormalisedText } from './normalise.js';

/** First letters of the words a login, password or code starts with: a cheap test before the patterns. */
const KEY_STARTS: ReadonlySet<string> = new Set(['лог', 'log', 'пар', 'pas', 'пас', 'пин', 'pin', 'код', 'смс', 'sms', 'акк', 'дос']);

export type CredentialKind = 'credentials' | 'one_time_code';

export interface CredentialSpan {
  readonly kind: CredentialKind;
  readonly start: number;
  readonly end: number;
}

const role = readDataRoles('credential-words.txt');

const B = String.raw`(?<![\p{L}\p{N}])`;
/** «пароль от электронного дневника», «логин для входа в МЭШ»: up to three words saying what it opens. */
const OPENS = String.raw`(?:\s+(?:от|для|к|в|на|у)\s+[\p{L}\p{N}-]+(?:\s+(?:в\s+)?[\p{L}\p{N}-]+){0,2})?`;
const FILLER = String.raw`(?:\s+(?:у\s+него|у\s+нее|у\s+меня|у\s+нас|его|ее|мой|моя|наш|ребенка|сына|дочки|дочери|такой|был|будет|простой|стоит|-\s+это))?`;
/** «пароль поменяла на Zaya_2017», «пароль теперь сменили на …»: the new value follows the change. */
const CHANGED = String.raw`(?:\s+(?:теперь\s+)?(?:поменял|поменяла|поменяли|сменил|сменила|сменили|изменил|изменила|изменили|поставил|поставила|поставили|установил|установила|установили)\s+на)?`;
const SEPARATOR = String.raw`\s*(?::|=|-|—|это)?\s*`;
/** A value: no spaces, 4–40 characters, with a digit or a Latin letter. */
const VALUE = String.raw`(?=[^\s,;]*[a-z0-9])[^\s,;()«»"]{4,40}`;
/** «пароль от почты класса olymp7b@yandex.ru: Sn3zhinka_7b»: a colon later in the sentence, then the value. */
const SECRET_COLON = new RegExp(`${B}(?:${role('secret')})(?![\\p{L}\\p{N}_])[^:\\n!?]{0,70}:\\s*(${VALUE})`, 'gu');
/** «логин и пароль: egorov.t@mail.ru / Tim0fey2010»: a login and a password joined by a slash. */
const PAIR = /(?<![^\s:«"(])[a-z0-9_.@-]{3,40}\s*\/\s*(?=[^\s,;]*[a-z0-9])[^\s,;()«»"]{4,40}/gu;
const SECRET = new RegExp(`${B}(?:${role('secret')})(?![\\p{L}\\p{N}_])${OPENS}${FILLER}${CHANGED}${SEPARATOR}(${VALUE})`, 'gu');
/** Words a value is never: a unit after a number («8 символов»), a Wi-Fi network. */
const NOT_A_VALUE = new RegExp(`^(?:${role('not-value')})$`, 'u');
const PUBLIC_NETWORK = new RegExp(`${B}(?:${role('public')})(?![\\p{L}])`, 'u');
const CODE_WORD = new RegExp(`${B}(?:${role('code-word')})(?![\\p{L}])`, 'u');
const CODE_CONTEXT = new RegExp(`${B}(?:${role('code-context')})(?![\\p{L}])`, 'u');
const NOT_A_CODE = new RegExp(`${B}(?:${role('not-code')})(?![\\p{L}])`, 'u');
/** Four to eight digits, whole or in groups: «482913», «145 662», «55-71-09». */
const CODE_DIGITS = /(?<![\d\p{L}.,:/])\d{2,8}(?:[ -]\d{2,4}){0,3}(?![\d\p{L}]|[.,:/]\d)/gu;
const SENTENCE = /[^.!?\n]+(?:[.!?](?=\d)[^.!?\n]*)*/g;
const UNIT_AFTER = /^\s*(?:минут|секунд|час|раз|попыт|символ|цифр|руб|р\.|₽|год|лет|шт|человек|класс|кабинет)/u;
const HINT = new RegExp(`${B}(?:${role('secret')}|${role('code-word')})(?![\\p{L}])`, 'u');

const WARNING = /никому не|не (?:сообща|пересыла|говор|давай|присыла|пиши)/u;
/** «аккаунт от …, вот: lexa_pro / 123lexa321»: a login and password pair may follow an account word alone. */
const ACCOUNT = /(?<![\p{L}])акк(?:аунт\p{L}*)?(?![\p{L}])/u;
/** «Доступ к почте класса: 7a_roditeli@mail.ru / Roditeli7A»: access to an account, said so. */
const ACCESS = /(?<![\p{L}])доступ(?:а|у|ом|ы)?\s+(?:к|в|от|для)\s/u;
/**
 * «аккаунт на Госуслугах: vera.kolosova, Kolos_88»: after a colon, a login and then, after a comma,
 * a password with both a letter and a digit.
 */
const COLON_PAIR = /:\s*[a-z0-9_.@-]{3,40},\s*(?=[^\s,;]*[a-z])(?=[^\s,;]*\d)[^\s,;()«»"]{4,40}/gu;
/**
 * A code that came to the writer's phone: «мне пришёл код», «код пришёл», «пришло смс» — the verb next
 * to whom it came to or to the code (a class's or a contest's code is handed out; «пришло письмо: код
 * олимпиады …» is a contest's).
 */
const SENT_CODE =
  /(?<![\p{L}])(?:(?:мне|нам|ребенку)\s+(?:пришел|пришло)|(?:код|смс|sms)\s+(?:пришел|пришло)|(?:пришел|пришло)\s+(?:(?:мне|нам|ребенку)\s+)?[«"]?(?:код|смс|sms))(?![\p{L}])/u;

/**
 * «данные от почты группы: gr21pk@mail.ru / Parol2024»: a mail address, a slash or a colon, and a
 * value with both a Latin letter and a digit (not another address) is a login and its password
 * even with no word saying so. «school5@mail.ru / или звоните», «5a@mail.ru / 5b@mail.ru» are not.
 */
const EMAIL_PAIR =
  /(?<![^\s:«"(])[a-z0-9_.+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}\s*[/|]\s*(?=[^\s,;@]*[a-z])(?=[^\s,;@]*\d)[^\s,;()«»"@]{4,40}(?![^\s,;()«»"])/gu;

function emailPairs(t: string): CredentialSpan[] {
  return [...t.matchAll(EMAIL_PAIR)].map((m) => ({ kind: 'credentials' as const, start: m.index, end: m.index + m[0].length }));
}

/** Logins, passwords and one-time codes in a normalised message (normalised offsets). */
export function findCredentials(n: NormalisedText): CredentialSpan[] {
  const t = n.text;
  const records = recordsOf(n);
  // A mail and password pair needs no key word, so it is looked for on every path.
  const mailPairs = t.includes('@') ? emailPairs(t) : [];
  if (!records.some((r) => (r.keyStart ??= KEY_STARTS.has(r.text.slice(0, 3))))) return mailPairs;
  const account = (records.some((r) => r.text.startsWith('акк')) && ACCOUNT.test(t)) || (records.some((r) => r.text.startsWith('дос')) && ACCESS.test(t));
  if (!account && !HINT.test(t)) return mailPairs;
  const found: CredentialSpan[] = [];
  for (const match of t.matchAll(SECRET)) {
    const value = (match[1] as string).replace(/[.!?]+$/, '');
    if (value.length < 4 || NOT_A_VALUE.test(value)) continue;
    const after = t.slice(match.index + match[0].length, match.index + match[0].length + 12);
    if (/^\d+$/.test(value) && /^\s*(?:символ|знак|цифр|букв|раз|минут|секунд|попыт)/u.test(after)) continue;
    if (PUBLIC_NETWORK.test(match[0])) continue;
    found.push({ kind: 'credentials', start: match.index, end: match.index + match[0].length });
  }
  const overlaps = (start: number, end: number): boolean => found.some((f) => f.start < end && start < f.end);
  for (const match of t.matchAll(SECRET_COLON)) {
    const value = match[1] as string;
    const start = match.index;
    const end = start + match[0].length;
    if (overlaps(start, end) || NOT_A_VALUE.test(value) || PUBLIC_NETWORK.test(match[0])) continue;
    found.push({ kind: 'credentials', start, end });
  }
  // A login and a password joined by a slash, in a message about a login, password or account.
  if (account || /(?:логин|login|парол|password)/.test(t)) {
    for (const pattern of [PAIR, COLON_PAIR]) {
      for (const match of t.matchAll(pattern)) {
        const start = match.index;
        const end = start + match[0].length;
        if (!overlaps(start, end)) found.push({ kind: 'credentials', start, end });
      }
    }
  }
  for (const pair of mailPairs) if (!overlaps(pair.start, pair.end)) found.push(pair);
  if (/\d/.test(t)) {
    // A code and what it came from or opens in one sentence, and its digits there.
    // «Пришлите код из смс. Мой уже: 582 194»: such a sentence opens the next one for digits after a colon.
    let opened = false;
    for (const sentence of t.matchAll(SENTENCE)) {
      const text = sentence[0];
      const afterOpening = opened;
      opened = false;
      const codeSentence = CODE_WORD.test(text) && CODE_CONTEXT.test(text);
      // «код олимпиады» is a contest's; «пришёл код …, это для регистрации на олимпиаду» is the writer's.
      if ((!codeSentence && !afterOpening) || (NOT_A_CODE.test(text) && !SENT_CODE.test(text))) continue;
      // A warning («никому не сообщайте») asks for no code: what follows is something else.
      opened = codeSentence && !WARNING.test(text);
      for (const digits of text.matchAll(CODE_DIGITS)) {
        if (!codeSentence && !/:\s*$/.test(text.slice(0, digits.index))) continue;
        const count = digits[0].replace(/\D/g, '').length;
        const start = sentence.index + digits.index;
        const end = start + digits[0].length;
        if (count < 4 || count > 8 || UNIT_AFTER.test(t.slice(end, end + 12))) continue;
        if (found.some((f) => f.start < end && start < f.end)) continue;
        found.push({ kind: 'one_time_code', start, end });
      }
    }
  }
  return found;
}
