/**
 * Text normalisation shared by the etiquette detectors.
 *
 * `normaliseText` lower-cases a message, drops invisible characters and
 * combining accents («манда́рин»), reads ё as е and ъ as ь, folds fullwidth
 * and mathematical letters and multi-character glyphs («}{» → х), and keeps
 * for every output character its place in the original text (unless nothing
 * moved), so detectors can report spans without keeping any text.
 * `cutWords` cuts the normalised text into word tokens, `wordForms` turns one
 * word into the Cyrillic spellings it may stand for (look-alike letters,
 * transliteration, repeated letters squeezed).
 *
 * Pure except for reading the data files once.
 */
import { readDataPairs } from './data.js';

/** UTF-16 offsets into the original message, end exclusive. */
export interface Span {
  readonly start: number;
  readonly end: number;
}

export interface NormalisedText {
  /** The message as written: capital letters tell names from words (see `isCapitalised`). */
  readonly raw: string;
  /** Lower case, invisible characters and accents removed, ё→е, ъ→ь, spaces unified. */
  readonly text: string;
  /**
   * starts[i] / ends[i]: where text[i] came from in the original message;
   * absent when text[i] came from position i (nothing was removed or expanded).
   */
  readonly starts?: readonly number[];
  readonly ends?: readonly number[];
  /** The words and their records, cut on first need (`wordsOf`, `recordsOf`) and shared by the detectors. */
  words?: readonly WordToken[];
  records?: readonly WordRecord[];
}

// ------------------------------------------------------------------ data

const LOOKALIKES: ReadonlyMap<string, string> = new Map(readDataPairs('lookalikes.txt'));
const GLYPH_SEQUENCES: ReadonlyArray<readonly [string, string]> = readDataPairs('lookalike-sequences.txt').sort((a, b) => b[0].length - a[0].length);
const TRANSLIT: ReadonlyArray<readonly [string, string]> = readDataPairs('translit.txt').sort((a, b) => b[0].length - a[0].length);
const TRANSLIT_MAX_KEY = Math.max(...TRANSLIT.map(([key]) => key.length));
const TRANSLIT_BY_KEY: ReadonlyMap<string, string> = new Map(TRANSLIT);
const GLYPH_SEQUENCE_STARTS: ReadonlySet<number> = new Set(GLYPH_SEQUENCES.map(([s]) => s.charCodeAt(0)));
const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const GLYPH_SEQUENCE_HINT = new RegExp(GLYPH_SEQUENCES.map(([s]) => escapeRegExp(s)).join('|'));
/** Second readings of look-alikes: «3» is «з» first and «е» second. */
const LOOKALIKE_ALTERNATIVES: ReadonlyArray<readonly [string, string]> = readDataPairs('lookalike-alternatives.txt');
/** Digits that spell a syllable when a Cyrillic letter follows («3.14здец»). */
const DIGIT_SYLLABLES: ReadonlyArray<readonly [string, string]> = readDataPairs('digit-syllables.txt');
const DIGIT_SYLLABLE_HINT = new RegExp(`(?:${DIGIT_SYLLABLES.map(([d]) => escapeRegExp(d)).join('|')})[а-яёА-ЯЁ]`);
/** Dots that are not U+002E: ideographic and halfwidth full stops, one-dot leader. */
const OTHER_DOTS = /^[\u3002\uFF61\u2024\uFE52]$/u;

// ---------------------------------------------------------- normaliseText

/**
 * Format and zero-width characters people insert inside words to get past
 * filters (soft hyphen, ZWSP/ZWNJ/ZWJ, word joiner, BOM, bidi marks,
 * variation selectors, Hangul fillers).
 */
// biome-ignore lint/suspicious/noMisleadingCharacterClass: the pattern tests one code point at a time, so a combining mark in the class stands alone
const INVISIBLE = /^[\u00AD\u034F\u061C\u115F\u1160\u17B4\u17B5\u180B-\u180F\u200B-\u200F\u202A-\u202E\u2060-\u206F\u3164\uFE00-\uFE0F\uFEFF\uFFA0]$/u;
const COMBINING_MARK = /^\p{M}$/u;
const HORIZONTAL_SPACE = /^[\t\v\f \u00A0\u1680\u2000-\u200A\u202F\u205F\u3000]$/u;
const LINE_BREAK = /^[\n\r\u0085\u2028\u2029]$/u;
const DASHES = /^[\u2010-\u2015\u2212\uFE58\uFE63\uFF0D]$/u;
/** Fullwidth forms and mathematical alphanumerics (𝐱𝐮𝐢) fold to ASCII under NFKC. */
const COMPATIBILITY_FORM = /^[\uFF01-\uFF5E\u{1D400}-\u{1D7FF}\u2460-\u24FF]$/u;
const COMBINING_BREVE = 0x306;

/**
 * Characters the one-to-one path handles: printable ASCII, Latin-1 (without
 * the soft hyphen), the Cyrillic block, dashes, quotes and other punctuation
 * of U+2010–U+2027, № and ₽, and emoji surrogates — but not the high
 * surrogate of mathematical letters (U+1D400–U+1D7FF), which fold to ASCII.
 */
const ONE_TO_ONE = /^[\t\n\r\x20-\x7e\u00a0-\u00ac\u00ae-\u00ff\u0400-\u045f\u2010-\u2027\u2116\u20bd\ud800-\ud834\ud836-\udfff]*$/;
const ONE_TO_ONE_REPLACED = /[ёъ\t\r\u00a0\u2010-\u2015]/g;
const ONE_TO_ONE_REPLACEMENTS: Readonly<Record<string, string>> = {
  ё: 'е',
  ъ: 'ь',
  '\t': ' ',
  '\r': '\n',
  '\u00a0': ' ',
  '\u2010': '-',
  '\u2011': '-',
  '\u2012': '-',
  '\u2013': '-',
  '\u2014': '-',
  '\u2015': '-',
};

export function normaliseText(raw: string): NormalisedText {
  // Most messages only need lower-casing and a few one-for-one replacements:
  // then every character stays where it was and no offsets are stored.
  const glyphs = GLYPH_SEQUENCE_HINT.test(raw) || DIGIT_SYLLABLE_HINT.test(raw);
  if (!glyphs && ONE_TO_ONE.test(raw)) {
    const lower = raw.toLowerCase();
    if (lower.length === raw.length) {
      return {
        raw,
        text: lower.replace(ONE_TO_ONE_REPLACED, (ch) => ONE_TO_ONE_REPLACEMENTS[ch] ?? ch),
        words: undefined,
        records: undefined,
      };
    }
  }
  const out: string[] = [];
  const starts: number[] = [];
  const ends: number[] = [];
  const push = (ch: string, start: number, end: number): void => {
    out.push(ch);
    starts.push(start);
    ends.push(end);
  };

  let i = 0;
  while (i < raw.length) {
    const code = raw.charCodeAt(i);
    // Fast path: ASCII and the Russian alphabet, which is nearly all text.
    if (code < 0x80 && !GLYPH_SEQUENCE_STARTS.has(code) && !(code === 0x33 && glyphs)) {
      if (code >= 0x41 && code <= 0x5a) push(String.fromCharCode(code + 0x20), i, i + 1);
      else if (code === 0x0a || code === 0x0d) push('\n', i, i + 1);
      else if (code === 0x09 || code === 0x0b || code === 0x0c) push(' ', i, i + 1);
      else push(raw[i] as string, i, i + 1);
      i++;
      continue;
    }
    if (code >= 0x410 && code <= 0x44f) {
      let lower = code <= 0x42f ? code + 0x20 : code;
      if (lower === 0x44a) lower = 0x44c; // ъ → ь
      push(String.fromCharCode(lower), i, i + 1);
      i++;
      continue;
    }
    if (code === 0x401 || code === 0x451) {
      push('е', i, i + 1);
      i++;
      continue;
    }

    const syllable = DIGIT_SYLLABLES.find(([digits]) => raw.startsWith(digits, i) && /[а-яёА-ЯЁ]/.test(raw[i + digits.length] ?? ''));
    if (syllable) {
      for (const letter of syllable[1]) push(letter, i, i + syllable[0].length);
      i += syllable[0].length;
      continue;
    }
    const glyph = GLYPH_SEQUENCES.find(([sequence]) => raw.startsWith(sequence, i));
    if (glyph) {
      push(glyph[1], i, i + glyph[0].length);
      i += glyph[0].length;
      continue;
    }

    const cp = raw.codePointAt(i) as number;
    const ch = String.fromCodePoint(cp);
    const start = i;
    const end = i + ch.length;
    i = end;

    if (INVISIBLE.test(ch)) continue;
    if (COMBINING_MARK.test(ch)) {
      // «и» + breve typed as two code points is «й»; other accents («а́») go.
      const last = out.length - 1;
      if (last >= 0) {
        if (cp === COMBINING_BREVE && out[last] === 'и') out[last] = 'й';
        ends[last] = end;
      }
      continue;
    }
    if (HORIZONTAL_SPACE.test(ch)) {
      push(' ', start, end);
      continue;
    }
    if (LINE_BREAK.test(ch)) {
      push('\n', start, end);
      continue;
    }
    if (DASHES.test(ch)) {
      push('-', start, end);
      continue;
    }
    if (OTHER_DOTS.test(ch)) {
      push('.', start, end);
      continue;
    }

    const folded = COMPATIBILITY_FORM.test(ch) ? ch.normalize('NFKC') : ch;
    for (const part of folded) {
      let lower = part.toLowerCase();
      if (lower.length > 1 && lower !== part) lower = lower.charAt(0); // «İ» → «i̇» → «i»
      if (lower === 'ё') lower = 'е';
      else if (lower === 'ъ') lower = 'ь';
      push(lower, start, end);
    }
  }
  return { raw, text: out.join(''), starts, ends, words: undefined, records: undefined };
}

/** Whether normalised character `at` was written as a capital letter. */
export function isCapitalised(n: NormalisedText, at: number): boolean {
  return isCapital(n.raw[n.starts ? (n.starts[at] ?? -1) : at] ?? '');
}

/**
 * A word written in capitals throughout, two letters or more: an abbreviation («ОРВИ», «СДВГ») or
 * shouting («ХРЕНОВЫЙ»), never a name.
 */
export function allCapitals(n: NormalisedText, word: WordToken): boolean {
  let letters = 0;
  for (let at = word.start; at < word.end; at++) {
    if (!HAS_LETTER.test(n.text[at] ?? '')) continue;
    if (!isCapitalised(n, at)) return false;
    letters++;
  }
  return letters >= 2;
}

/**
 * Whether one UTF-16 unit of a message changes under lower-casing
 * (`ch !== ch.toLowerCase()`), without building the lower-case string for the
 * lower-case letters, digits and punctuation that most characters are.
 */
export function isCapital(ch: string): boolean {
  const code = ch.charCodeAt(0);
  if (code < 0x41 || (code >= 0x5b && code <= 0x7f) || (code >= 0x430 && code <= 0x45f)) return false;
  return ch !== ch.toLowerCase();
}

/** Original-text span of normalised characters [start, end). */
export function originalSpan(n: NormalisedText, start: number, end: number): Span {
  if (!n.starts || !n.ends) return { start, end };
  return { start: n.starts[start] ?? 0, end: n.ends[end - 1] ?? n.starts[start] ?? 0 };
}

// ---------------------------------------------------------------- words

export interface WordToken {
  /** Offsets into the normalised text, end exclusive. */
  readonly start: number;
  readonly end: number;
  /** The normalised slice, separators and stars included («х.у.й», «бл*ть»). */
  readonly text: string;
}

/**
 * A word: letters, digits, look-alike symbols and stars, possibly joined by
 * in-word separators («х.у.й», «п-и-з-д-а», «х_у_й», «бл*ть»). An «!»
 * between two letters is a look-alike of «и» («ид!от»). Commas, colons
 * and spaces end a word: ordinary text often lacks a space after a comma.
 * The shape A+(S+A+)* with disjoint A and S cannot backtrack badly.
 */
const WORD = /(?:[\p{L}\p{N}@$€¢*]|(?<=\p{L})!(?=\p{L}))+(?:[._\-~'’`^|/\\+"]+(?:[\p{L}\p{N}@$€¢*]|(?<=\p{L})!(?=\p{L}))+)*/gu;

/** The words of a normalised text, cut once and shared by the detectors. */
export function wordsOf(n: NormalisedText): readonly WordToken[] {
  if (n.words === undefined) cutInto(n);
  return n.words as readonly WordToken[];
}

/**
 * The record of every word of `wordsOf(n)`, in the same order: what each
 * detector has learnt about that word (see `WordRecord`).
 */
export function recordsOf(n: NormalisedText): readonly WordRecord[] {
  if (n.records === undefined) cutInto(n);
  return n.records as readonly WordRecord[];
}

function cutInto(n: NormalisedText): void {
  const records: WordRecord[] = [];
  n.words = cutWords(n.text, records);
  n.records = records;
}

/**
 * Cuts the words `WORD` describes (and, given `records`, appends each word's record there), by hand: the regular expression (kept as
 * the definition, and used by the tests) costs several times more on every
 * message. Same shape: A+ (S+ A+)*, A a letter, digit, one of @$€¢* or an
 * «!» between two letters, S an in-word separator.
 */
export function cutWords(text: string, records?: WordRecord[]): WordToken[] {
  const words: WordToken[] = [];
  const length = text.length;
  let i = 0;
  while (i < length) {
    const a = atomLength(text, i);
    if (a === 0) {
      i++;
      continue;
    }
    const start = i;
    i += a;
    for (;;) {
      let k = atomLength(text, i);
      if (k > 0) {
        i += k;
        continue;
      }
      // Separators, then an atom: the word goes on; otherwise it ends before them.
      let s = i;
      while (s < length && isSeparator(text.charCodeAt(s))) s++;
      if (s === i) break;
      k = atomLength(text, s);
      if (k === 0) break;
      i = s + k;
    }
    const record = recordOf(text.slice(start, i));
    words.push({ start, end: i, text: record.text });
    records?.push(record);
  }
  return words;
}

/** The two rules the word lists decide (profanity.ts). */
export type LexiconRule = 'profanity' | 'insult';

/** What one normalised form is. */
export interface FormClass {
  readonly rule: LexiconRule | null;
  /** An obscene word that names a person (data/obscene-name-calls.txt): an insult too. */
  readonly nameCall: boolean;
  /** An insult only when said of someone (data/insult-addressed.txt). */
  readonly addressed: boolean;
}

/** What the text-level passes need to know about one word as typed (kept in its `WordRecord`). */
export interface LexiconWordInfo {
  /** The word without in-word separators. */
  readonly joined: string;
  /** Its readings (see `wordForms`), for the homonym check. */
  readonly forms: readonly string[];
  readonly cls: FormClass;
  /** «тыдурак»: an address word glued in front. */
  readonly gluedAddress: boolean;
  /** One letter (or look-alike) on its own: a piece of a spaced-out word. */
  readonly singleLetter: boolean;
  /** The word may start a set phrase (data/phrases*.txt, see `phraseGroupsOf` in profanity.ts). */
  readonly phraseStem: boolean;
  /** Which groups of set phrases may start in the word (bit g for group g, see profanity.ts). */
  readonly phraseGroups: readonly number[];
  /**
   * The word alone calls for a closer look: it is in a list, may start a set
   * phrase, or is a single letter that is not a one-letter word. A message
   * with no such word can only have a finding from two single letters side by
   * side (see `mayHaveFindings`).
   */
  readonly notable: boolean;
}

/**
 * What the detectors know about one distinct word, kept with the word: one
 * record per distinct word, shared by every detector and every message, in
 * place of a cache per detector. Each detector fills its own fields on first
 * sight of the word and reads them afterwards: per message a detector reads a
 * field of each word instead of looking the word up in a map of its own, and
 * the cheap per-word tests that decide whether a detector needs to look at a
 * message at all cost one field read per word.
 */
export class WordRecord {
  /** profanity.ts: the word's readings and class. */
  lexicon: LexiconWordInfo | undefined = undefined;
  /** health.ts: a condition word, whole or a part of a hyphenated word. */
  condition: boolean | undefined = undefined;
  /** health.ts: the word's letters, digits and dashes. */
  plain: string | undefined = undefined;
  /** address.ts: may open an address or say it is a home. */
  addressWord: boolean | undefined = undefined;
  /** credentials.ts: starts like a login, password or code word. */
  keyStart: boolean | undefined = undefined;
  /** messengers.ts: the word may start a messenger name. */
  nameStart: boolean | undefined = undefined;
  /** messengers.ts: how the word is read for messenger names (see `readWord`). */
  reading: string | undefined = undefined;
  /** messengers.ts: a label of an account («тг», «telegram»). */
  handleLabel: boolean | undefined = undefined;

  /** The normalised word; one string object per distinct word. */
  constructor(readonly text: string) {}
}

/**
 * One record (and one string object) per distinct word: a key that is the
 * very object stored needs no hashing or comparing of its characters again.
 */
const records = new Map<string, WordRecord>();
const RECORD_LIMIT = 50_000;

/** The record of a normalised word (see `WordRecord`). */
export function recordOf(word: string): WordRecord {
  let record = records.get(word);
  if (record === undefined) {
    if (records.size >= RECORD_LIMIT) records.clear();
    record = new WordRecord(word);
    records.set(word, record);
  }
  return record;
}

/** Classes of BMP characters, found on first sight: 1 letter, 2 other word character, 3 neither. */
const CHAR_CLASS = new Uint8Array(0x10000);
const WORD_CHAR = /^[\p{L}\p{N}@$€¢*]$/u;
const LETTER_CHAR = /^\p{L}$/u;
const LETTER = 1;
const OTHER_WORD_CHAR = 2;
const NOT_WORD_CHAR = 3;
function classOf(cp: number): number {
  if (cp < 0x10000) {
    let c = CHAR_CLASS[cp] as number;
    if (c === 0) {
      c = classify(cp);
      CHAR_CLASS[cp] = c;
    }
    return c;
  }
  return classify(cp);
}
function classify(cp: number): number {
  const ch = String.fromCodePoint(cp);
  if (LETTER_CHAR.test(ch)) return LETTER;
  return WORD_CHAR.test(ch) ? OTHER_WORD_CHAR : NOT_WORD_CHAR;
}

/** The code point at i (a lone surrogate as itself), as `u` regular expressions read it. */
function codePointAt(text: string, i: number): number {
  return text.codePointAt(i) as number;
}

/** Code units of the word atom at i, 0 when there is none. */
function atomLength(text: string, i: number): number {
  if (i >= text.length) return 0;
  const cp = codePointAt(text, i);
  const c = classOf(cp);
  if (c === LETTER || c === OTHER_WORD_CHAR) return cp > 0xffff ? 2 : 1;
  // «ид!от»: an «!» between two letters.
  if (cp === 0x21 && i > 0 && i + 1 < text.length && classOf(codePointAt(text, i + 1)) === LETTER) {
    let before = text.charCodeAt(i - 1);
    if (before >= 0xdc00 && before <= 0xdfff && i >= 2) {
      const high = text.charCodeAt(i - 2);
      if (high >= 0xd800 && high <= 0xdbff) before = (high - 0xd800) * 0x400 + (before - 0xdc00) + 0x10000;
    }
    if (classOf(before) === LETTER) return 1;
  }
  return 0;
}

/** The in-word separators of `WORD`: . _ - ~ ' ’ ` ^ | / \\ + " */
function isSeparator(code: number): boolean {
  switch (code) {
    case 0x2e:
    case 0x5f:
    case 0x2d:
    case 0x7e:
    case 0x27:
    case 0x2019:
    case 0x60:
    case 0x5e:
    case 0x7c:
    case 0x2f:
    case 0x5c:
    case 0x2b:
    case 0x22:
      return true;
    default:
      return false;
  }
}

/** The regular-expression definition of `cutWords`, for tests that compare the two. */
export function cutWordsByPattern(text: string): WordToken[] {
  const words: WordToken[] = [];
  for (const match of text.matchAll(WORD)) {
    const start = match.index;
    words.push({ start, end: start + match[0].length, text: match[0] });
  }
  return words;
}

// ------------------------------------------------------------ word forms

const IN_WORD_SEPARATORS = /[._\-~'’`^|/\\+"]+/g;
const CYRILLIC_ONLY = /^[а-яё*]+$/;
const HAS_LETTER = /\p{L}/u;
const LATIN_LETTER = /[a-z]/;
const VOWELS = new Set('аеиоуыэюя');

/** A word without its in-word separators: «х.у.й» → «хуй». Stars stay. */
export function joinWord(word: string): string {
  return word.replace(IN_WORD_SEPARATORS, '');
}

/**
 * Collapses runs of one letter to at most `maxRun` letters: «хууууй» → «хуй».
 * Stars stay as they are (their count says how many letters they hide).
 */
export function squeeze(word: string, maxRun = 1): string {
  let out = '';
  let last = '';
  let run = 0;
  for (const ch of word) {
    run = ch === last ? run + 1 : 1;
    last = ch;
    if (run <= maxRun || ch === '*') out += ch;
  }
  return out;
}

/**
 * The Cyrillic spellings a lower-case word may stand for: one reading for a
 * plain Cyrillic word; for words with Latin letters, digits or symbols, the
 * look-alike reading («xyй» → «хуй», «6ля» → «бля») and, when there are Latin
 * letters, the transliteration reading («blyat» → «блят»). Each reading is
 * given with repeated letters squeezed to one («хууууй» → «хуй») and, when
 * that differs, to two: squeezing alone would glue a prefix to its root
 * («неебический» → «небический»). Digit-only words (dates, sums, class
 * numbers) have no letters and give no forms.
 */
export function wordForms(word: string): string[] {
  const joined = joinWord(word);
  let readings: string[];
  if (CYRILLIC_ONLY.test(joined)) readings = [joined];
  else if (!HAS_LETTER.test(joined)) return [];
  else {
    readings = [readLookalikes(joined)];
    // Not for «3б», «1а»: a class name has one letter, an obfuscated word more.
    if (countLetters(joined) >= 2) {
      for (const [ch, letter] of LOOKALIKE_ALTERNATIVES) {
        if (joined.includes(ch)) readings.push(readLookalikes(joined.replaceAll(ch, letter)));
      }
    }
    if (LATIN_LETTER.test(joined)) {
      readings.push(readTranslit(joined));
      // «nizdec»: an italic look-alike («n» for «п») inside a transliterated word.
      if (joined.includes('n') && countLetters(joined) >= 4) readings.push(readTranslit(joined.replaceAll('n', 'п')));
    }
    // «х@рня», «ё@нутые», «бл@»: an @ among Cyrillic letters may hide any letter, as a star does.
    if (joined.includes('@') && /[а-я].*@|@.*[а-я]/.test(joined)) readings.push(readLookalikes(joined.replaceAll('@', '*')));
  }
  const forms = new Set<string>();
  for (const reading of readings) forms.add(squeeze(reading, 1));
  for (const reading of readings) forms.add(squeeze(reading, 2));
  return [...forms];
}

function countLetters(word: string): number {
  let count = 0;
  for (const ch of word) if (HAS_LETTER.test(ch)) count++;
  return count;
}

function readLookalikes(word: string): string {
  let out = '';
  for (const ch of word) out += LOOKALIKES.get(ch) ?? ch;
  return out;
}

function readTranslit(word: string): string {
  let out = '';
  let i = 0;
  while (i < word.length) {
    let taken = false;
    for (let len = Math.min(TRANSLIT_MAX_KEY, word.length - i); len >= 1; len--) {
      const key = word.slice(i, i + len);
      let cyrillic = TRANSLIT_BY_KEY.get(key);
      if (cyrillic === undefined) continue;
      if (key === 'y') cyrillic = VOWELS.has(out.slice(-1)) ? 'й' : 'ы';
      out += cyrillic;
      i += len;
      taken = true;
      break;
    }
    if (!taken) {
      const ch = word[i] as string;
      out += LOOKALIKES.get(ch) ?? ch; // digits and symbols read as look-alikes
      i++;
    }
  }
  return out;
}
