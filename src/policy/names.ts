/**
 * Names people type: unit names (класс, группа, кружок) and full names (ФИО).
 *
 * Pure: no I/O.
 */

// ------------------------------------------------------------ look-alikes

/**
 * Latin letters that look like Cyrillic ones (compared in upper case:
 * A В С Е Н К М О Р Т Х У). Applied after lower-casing.
 */
const LATIN_TO_CYRILLIC: Readonly<Record<string, string>> = {
  a: 'а',
  b: 'в',
  c: 'с',
  e: 'е',
  h: 'н',
  k: 'к',
  m: 'м',
  o: 'о',
  p: 'р',
  t: 'т',
  x: 'х',
  y: 'у',
};
const CYRILLIC_TO_LATIN: Readonly<Record<string, string>> = Object.fromEntries(Object.entries(LATIN_TO_CYRILLIC).map(([lat, cyr]) => [cyr, lat]));

const CYRILLIC = /\p{Script=Cyrillic}/u;
const LATIN = /\p{Script=Latin}/u;

function mapChars(text: string, table: Readonly<Record<string, string>>): string {
  let out = '';
  for (const ch of text) out += table[ch] ?? ch;
  return out;
}

function hasBothScripts(word: string): boolean {
  return CYRILLIC.test(word) && LATIN.test(word);
}

/**
 * Resolves a lower-case word mixing Cyrillic and Latin letters to a single
 * script when its look-alikes allow: to Cyrillic first (the common case of
 * a keyboard layout slip in a Russian word), else to Latin. Returns null
 * when neither makes the word single-script.
 */
function unmixLowerCase(word: string): string | null {
  const asCyrillic = mapChars(word, LATIN_TO_CYRILLIC);
  if (!LATIN.test(asCyrillic)) return asCyrillic;
  const asLatin = mapChars(word, CYRILLIC_TO_LATIN);
  if (!CYRILLIC.test(asLatin)) return asLatin;
  return null;
}

// -------------------------------------------------------------- unit names

/**
 * Matching key of a unit name, so that «5А» typed with a Latin A, «5 а»,
 * «5-А» and «5а» are one class. Steps: NFC, lower case, ё→е, quotes removed,
 * dashes unified, spaces collapsed (and dropped around hyphens), a class
 * letter after the number joined to it, then Latin look-alikes mapped to
 * Cyrillic in words that mix scripts and in a lone class letter (after a
 * number, or anywhere in a name that has Cyrillic). Whole Latin words («IT-класс», «English club») stay Latin, so they
 * match themselves however they are cased.
 */
export function normaliseUnitName(name: string): string {
  const text = name
    .normalize('NFC')
    .toLowerCase()
    .replace(/ё/g, 'е')
    .replace(/[«»„“”"'`]/g, '')
    .replace(/[‐‑‒–—]/g, '-')
    .replace(/\s+/g, ' ')
    .replace(/ ?- ?/g, '-')
    .trim()
    // «5 А», «5-А» → «5а»: the class letter belongs to its number.
    .replace(/(\d)[ -](\p{L})(?!\p{L})/gu, '$1$2');
  return text.replace(/\p{L}+/gu, (word, offset: number) => {
    if (hasBothScripts(word)) return unmixLowerCase(word) ?? mapChars(word, LATIN_TO_CYRILLIC);
    // A lone letter is a class letter: «5A», or «Группа A» in a Russian name.
    const afterDigit = offset > 0 && /\d/.test(text.charAt(offset - 1));
    if (word.length === 1 && (afterDigit || CYRILLIC.test(text))) return mapChars(word, LATIN_TO_CYRILLIC);
    return word;
  });
}

export type UnitNameError = 'empty' | 'too_long' | 'bad_characters';

export const UNIT_NAME_MAX_LENGTH = 40;

export const UNIT_NAME_REASONS_RU: Readonly<Record<UnitNameError, string>> = {
  empty: 'Укажите название, например «5А» или «Кружок робототехники».',
  too_long: `Название — не длиннее ${UNIT_NAME_MAX_LENGTH} знаков.`,
  bad_characters: 'В названии можно использовать буквы, цифры, пробел, дефис, кавычки, точку, запятую и знак №.',
};

/** Letters (Cyrillic, Latin), digits, space, hyphen/dashes, «»„“", '.', ',', '№'. */
const UNIT_NAME_CHARS = /^[\p{Script=Cyrillic}\p{Script=Latin}\p{Nd} \-–—«»„“".,№]+$/u;
const LETTER_OR_DIGIT = /[\p{L}\p{Nd}]/u;

/**
 * Checks a unit name an admin or curator types. On success returns the name
 * for display: trimmed, spaces collapsed, otherwise as typed.
 */
export function validateUnitName(name: string): { ok: true; value: string } | { ok: false; reason: UnitNameError } {
  const value = name
    .normalize('NFC')
    .replace(/[ \t\u00a0]+/g, ' ')
    .trim();
  if (value === '') return { ok: false, reason: 'empty' };
  if (!UNIT_NAME_CHARS.test(value) || !LETTER_OR_DIGIT.test(value)) {
    return { ok: false, reason: 'bad_characters' };
  }
  if ([...value].length > UNIT_NAME_MAX_LENGTH) return { ok: false, reason: 'too_long' };
  return { ok: true, value };
}

// -------------------------------------------------------------- full names

export type FullNameError = 'not_enough_words' | 'too_many_words' | 'bad_characters' | 'too_long' | 'too_short';

export const FULL_NAME_MAX_LENGTH = 80;
const WORD_MIN_LETTERS = 2;
const WORD_MAX_LETTERS = 30;

export const FULL_NAME_REASONS_RU: Readonly<Record<FullNameError, string>> = {
  not_enough_words: 'Укажите фамилию и имя (отчество — по желанию).',
  too_many_words: 'Достаточно фамилии, имени и отчества — без лишних слов.',
  bad_characters: 'В ФИО можно использовать только буквы, пробел, дефис и апостроф; не смешивайте русские и латинские буквы в одном слове.',
  too_long: `Слишком длинно: не больше ${WORD_MAX_LETTERS} букв в слове и ${FULL_NAME_MAX_LENGTH} знаков всего.`,
  too_short: 'Пишите фамилию, имя и отчество полностью, без инициалов.',
};

/**
 * Turkic patronymic particles written as a separate word after the
 * patronymic in Russian documents («Алиев Рашид Мамед оглы»): allowed as a
 * fourth word and kept in lower case.
 */
const PATRONYMIC_PARTICLES: ReadonlySet<string> = new Set(['оглы', 'кызы', 'гызы', 'улы', 'уулу']);

/** A word: letter runs joined by hyphens; an apostrophe only between letters. */
const NAME_WORD = /^\p{L}+(?:'\p{L}+)*(?:-\p{L}+(?:'\p{L}+)*)*$/u;
const NAME_CHARS = /^[\p{Script=Cyrillic}\p{Script=Latin}' -]+$/u;

function capitaliseSegment(segment: string): string {
  const lower = segment.toLowerCase();
  const upper = segment.toUpperCase();
  const first = segment.charAt(0);
  // A deliberately cased part («МакДональд») is kept as typed.
  if (segment !== lower && segment !== upper && first === first.toUpperCase()) return segment;
  const [head = '', ...tail] = lower.split("'");
  let out = head.charAt(0).toUpperCase() + head.slice(1);
  for (const piece of tail) {
    // «O'Brien», «Д'Артаньян» but «Мар'яна»: capitalise after a one-letter prefix only.
    out += `'${head.length === 1 && out.length === 1 ? piece.charAt(0).toUpperCase() + piece.slice(1) : piece}`;
  }
  return out;
}

function capitaliseWord(word: string): string {
  return word.split('-').map(capitaliseSegment).join('-');
}

/**
 * Checks and tidies a full name (ФИО): trims, collapses spaces, joins
 * «Петрова - Водкина» into «Петрова-Водкина», unifies apostrophes and
 * capitalises each part: «иванова мария петровна» → «Иванова Мария Петровна».
 * Each word is Cyrillic or Latin; a Russian word typed with a few Latin
 * look-alike letters is silently converted to Cyrillic.
 */
export function validateFullName(input: string): { ok: true; value: string } | { ok: false; reason: FullNameError } {
  const text = input
    .normalize('NFC')
    .replace(/[’ʼ`‘]/g, "'")
    .replace(/[‐‑‒–—]/g, '-')
    .replace(/\s+/g, ' ')
    .replace(/ ?- ?/g, '-')
    .trim();
  if (text === '') return { ok: false, reason: 'not_enough_words' };
  if (!NAME_CHARS.test(text)) return { ok: false, reason: 'bad_characters' };
  if (text.length > FULL_NAME_MAX_LENGTH) return { ok: false, reason: 'too_long' };

  const words = text.split(' ');
  for (const word of words) if (!NAME_WORD.test(word)) return { ok: false, reason: 'bad_characters' };

  const last = words[words.length - 1]?.toLowerCase().replace(/ё/g, 'е') ?? '';
  const particle = words.length === 4 && PATRONYMIC_PARTICLES.has(last);
  const nameWords = particle ? words.slice(0, 3) : words;
  if (nameWords.length < 2) return { ok: false, reason: 'not_enough_words' };
  if (nameWords.length > 3) return { ok: false, reason: 'too_many_words' };

  const out: string[] = [];
  for (const word of nameWords) {
    let fixed = word;
    if (hasBothScripts(word)) {
      // Only Latin look-alikes inside a Cyrillic word are repaired.
      let mapped = '';
      for (const ch of word) {
        const lower = ch.toLowerCase();
        const cyr = LATIN.test(ch) ? LATIN_TO_CYRILLIC[lower] : undefined;
        mapped += cyr === undefined ? ch : ch === lower ? cyr : cyr.toUpperCase();
      }
      if (LATIN.test(mapped)) return { ok: false, reason: 'bad_characters' };
      fixed = mapped;
    }
    const letters = fixed.replace(/[-']/g, '').length;
    if (letters < WORD_MIN_LETTERS) return { ok: false, reason: 'too_short' };
    if (letters > WORD_MAX_LETTERS) return { ok: false, reason: 'too_long' };
    out.push(capitaliseWord(fixed));
  }
  if (particle) out.push(last);
  return { ok: true, value: out.join(' ') };
}

// ----------------------------------------------------- matching a child's name

/** The words of a full name for matching: lower case, ё→е, look-alikes unmixed, hyphens and apostrophes kept. */
function nameWords(name: string): string[] {
  return name
    .normalize('NFC')
    .toLowerCase()
    .replace(/ё/g, 'е')
    .replace(/[’ʼ`‘]/g, "'")
    .replace(/[‐‑‒–—]/g, '-')
    .replace(/ ?- ?/g, '-')
    .split(/\s+/)
    .filter((w) => w !== '')
    .map((w) => (hasBothScripts(w) ? (unmixLowerCase(w) ?? w) : w));
}

/**
 * Does a name a parent typed denote this pupil? Tolerant of case, ё/е, word order and a
 * missing patronymic on either side: the shorter list of words (at least two) must all be
 * among the longer one's, and what the longer one has besides must be a patronymic.
 */
export function childNameMatches(typed: string, registered: string): boolean {
  const a = nameWords(typed);
  const b = nameWords(registered);
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  if (short.length < 2) return false;
  const pool = [...long];
  for (const w of short) {
    const i = pool.indexOf(w);
    if (i < 0) return false;
    pool.splice(i, 1);
  }
  // Only a patronymic may be missing: «Пётр Сергеевич» is not «Иванов Пётр Сергеевич».
  // In «Мамед оглы» the word before the particle is the patronymic.
  const beforeParticle = long.filter((_, i) => PATRONYMIC_PARTICLES.has(long[i + 1] ?? ''));
  return pool.every((w) => PATRONYMIC_ENDING.test(w) || PATRONYMIC_PARTICLES.has(w) || beforeParticle.includes(w));
}

const PATRONYMIC_ENDING = /(ович|евич|ич|овна|евна|ична|инична)$/u;

/**
 * The one pupil whose name matches what a parent typed, or null when none or several do
 * (two pupils of the same name are left for the curator to tell apart).
 */
export function matchPupil<P extends { name: string }>(typed: string, pupils: readonly P[]): P | null {
  const found = pupils.filter((p) => childNameMatches(typed, p.name));
  return found.length === 1 ? found[0]! : null;
}
