/**
 * Obscene words (мат) and insults in Russian, robust to obfuscation.
 *
 * 003 6.3 forbids «нецензурная лексика, оскорбительные или дискриминационные
 * выражения»; 001 4.5.3 asks for a polite form and no «ненормированная
 * лексика и оскорбления». Two rules come out of it:
 *   - 'profanity': the obscene roots (хуй, пизда, ебать, блядь, мудак, манда,
 *     залупа) with any prefix and ending — data/obscene-roots.txt;
 *   - 'insult': insults, slurs and coarse but not obscene words (дурак, идиот,
 *     «не психуй», сука, говно, жопа) — data/insult-stems.txt — and words that
 *     insult only when said of someone («ты баран») or paired with another
 *     such word («тупая овца») — data/insult-addressed.txt.
 *
 * A word is matched whole, by its normalised forms (see normalise.ts), against
 * root patterns that allow the prefixes and endings of that root, so that
 * «застрахуйте», «рубля» or «мандарин» do not match (and data/allowlist.txt
 * catches what the patterns would still miss). On top of single words:
 *   - a run of three or more single letters with the same separator between
 *     them is read as one word («х у й», «с. у. к. а»); two letters («в у
 *     меня») never are;
 *   - a single letter glued to its neighbour is tried for obscene roots only
 *     («х уй», «п издец»);
 *   - stars stand for hidden letters («х*й», «бл**ь»), resolved against
 *     data/starred-words.txt;
 *   - links, e-mail addresses and @mentions are skipped;
 *   - an insult reported rather than said («назвал моего сына дураком»,
 *     data/reported-speech.txt) is not counted.
 */
import { readDataLines, squeezePattern } from './data.js';
import {
  joinWord,
  normaliseText,
  originalSpan,
  wordForms,
  wordsOf,
  type NormalisedText,
  type Span,
  type WordToken,
} from './normalise.js';

export type LexiconRule = 'profanity' | 'insult';

export interface ProfanityVerdict {
  readonly rule: 'profanity';
  readonly span: Span;
}

export interface InsultVerdict {
  readonly rule: 'insult';
  readonly span: Span;
}

export type LexiconVerdict = ProfanityVerdict | InsultVerdict;

// ----------------------------------------------------------------- lexicon

const PREFIX_CHAIN = `(?:${readDataLines('prefixes.txt').join('|')}){0,2}`;

function compileWholeWordPatterns(fileName: string): RegExp {
  const alternatives = readDataLines(fileName).map(
    (line) => `(?:${squeezePattern(line).replaceAll('{P}', PREFIX_CHAIN)})`,
  );
  return new RegExp(`^(?:${alternatives.join('|')})$`);
}

const OBSCENE = compileWholeWordPatterns('obscene-roots.txt');
const INSULT = compileWholeWordPatterns('insult-stems.txt');
const ADDRESSED_INSULT = compileWholeWordPatterns('insult-addressed.txt');
const REPORTING_VERB = compileWholeWordPatterns('reported-speech.txt');
const ADDRESS_MARKERS: ReadonlySet<string> = new Set(readDataLines('address-markers.txt'));
const ADDRESS_FILLERS: ReadonlySet<string> = new Set(readDataLines('address-fillers.txt'));
const ALLOWLIST = new RegExp([...new Set(readDataLines('allowlist.txt').map(squeezePattern))].join('|'));
/** Starred words, space-separated, to search with a pattern built from a starred word. */
const STARRED_WORDS = ` ${readDataLines('starred-words.txt').join(' ')} `;

// ------------------------------------------------------------- single words

/** Longer words are not looked at: no real word is this long, and it bounds the work. */
const MAX_WORD_LENGTH = 40;
const CACHE_LIMIT = 50_000;
const formCache = new Map<string, LexiconRule | null>();

/**
 * Classifies one normalised form (see `wordForms`): obscene, insult or clean.
 * Results are cached: chat vocabulary repeats a lot.
 */
function classifyForm(form: string): LexiconRule | null {
  const cached = formCache.get(form);
  if (cached !== undefined) return cached;
  let result: LexiconRule | null;
  if (form.length > MAX_WORD_LENGTH || ALLOWLIST.test(form)) result = null;
  else if (form.includes('*')) result = classifyStarred(form);
  else if (OBSCENE.test(form)) result = 'profanity';
  else if (INSULT.test(form)) result = 'insult';
  else result = null;
  if (formCache.size >= CACHE_LIMIT) formCache.clear();
  formCache.set(form, result);
  return result;
}

/**
 * Classifies one word as typed: 'profanity' if any of its readings is
 * obscene, else 'insult' if any is insulting, else null. The words of
 * data/insult-addressed.txt need context and are not reported here.
 */
export function classifyWord(word: string): LexiconRule | null {
  return classifyNormalisedWord(normaliseText(word).text);
}

/** `classifyWord` for a word already normalised (see `normaliseText`). */
function classifyNormalisedWord(word: string): LexiconRule | null {
  let result: LexiconRule | null = null;
  for (const form of wordForms(word)) {
    const rule = classifyForm(form);
    if (rule === 'profanity') return rule;
    if (rule === 'insult') result = rule;
  }
  return result;
}

function isAddressedInsult(word: string): boolean {
  return wordForms(word).some((form) => !ALLOWLIST.test(form) && ADDRESSED_INSULT.test(form));
}

/** What the text-level passes need to know about one word as typed. */
interface WordInfo {
  /** The word without in-word separators. */
  readonly joined: string;
  readonly rule: LexiconRule | null;
  /** An insult only when said of someone (data/insult-addressed.txt). */
  readonly addressedInsult: boolean;
  /** One letter (or look-alike) on its own: a piece of a spaced-out word. */
  readonly singleLetter: boolean;
}

const wordInfoCache = new Map<string, WordInfo>();

function wordInfo(word: string): WordInfo {
  const cached = wordInfoCache.get(word);
  if (cached) return cached;
  const joined = joinWord(word);
  const rule = classifyNormalisedWord(word);
  const info: WordInfo = {
    joined,
    rule,
    addressedInsult: rule === null && isAddressedInsult(word),
    singleLetter: [...joined].length === 1 && wordForms(word).length > 0,
  };
  if (wordInfoCache.size >= CACHE_LIMIT) wordInfoCache.clear();
  wordInfoCache.set(word, info);
  return info;
}

/**
 * A starred word («х*й», «бл**ь», «п***ц», «с*ка»): the letters next to each
 * run of stars are looked up in the list of words people censor, and the word
 * found is classified. A run needs a letter before it; trailing stars count
 * only after a short stem («х**», «бл**»), so «*важно*» stays clean.
 */
function classifyStarred(form: string): LexiconRule | null {
  const runs = [...form.matchAll(/\*+/g)];
  for (const run of runs) {
    const before = form.slice(0, run.index).replaceAll('*', '');
    const after = form.slice(run.index + run[0].length).replaceAll('*', '');
    if (before === '') continue;
    if (after === '' && before.length > 3) continue;
    const hidden = run[0].length;
    // With trailing stars the stem is the start of the word: « бл[^ ]{1,3} ».
    const left = after === '' ? ` ${before}` : before.slice(-2);
    const right = after === '' ? ' ' : after.slice(0, 2);
    const pattern = new RegExp(`${left}[^ ]{${Math.max(1, hidden - 1)},${hidden + 1}}${right}`);
    const found = pattern.exec(STARRED_WORDS);
    if (!found) continue;
    const start = STARRED_WORDS.lastIndexOf(' ', found.index) + 1;
    const word = STARRED_WORDS.slice(start, STARRED_WORDS.indexOf(' ', start));
    const rule = OBSCENE.test(word) ? 'profanity' : INSULT.test(word) ? 'insult' : null;
    if (rule) return rule;
  }
  return null;
}

// -------------------------------------------------------------- whole text

/**
 * Links, e-mail addresses and @mentions: their letters are names and random
 * ids, not words. Every pattern starts at a boundary, so scanning is linear.
 */
const TOP_LEVEL_DOMAIN = String.raw`\.(?:ru|su|com|org|net|me|gg|io|info|edu|gov|app|dev|site|online|pro)(?![a-z0-9-])`;
/** Each pattern with a cheap test that must pass before it is run. */
const NOT_WORDS: ReadonlyArray<{ hint: RegExp; pattern: RegExp }> = [
  { hint: /http|www/, pattern: /(?<![\p{L}\p{N}])(?:https?:\/\/|www\.)\S+/gu },
  { hint: /@/, pattern: /(?<![\p{L}\p{N}._%+-])[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+/gu },
  { hint: /@/, pattern: /(?<![\p{L}\p{N}_])@[a-z0-9_.]+/gu },
  {
    hint: new RegExp(TOP_LEVEL_DOMAIN),
    pattern: new RegExp(String.raw`(?<![a-z0-9-])[a-z0-9-]+(?:\.[a-z0-9-]+)*${TOP_LEVEL_DOMAIN}(?:\/\S*)?`, 'gu'),
  },
];

function notWordRanges(text: string): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  for (const { hint, pattern } of NOT_WORDS) {
    if (!hint.test(text)) continue;
    for (const match of text.matchAll(pattern)) ranges.push([match.index, match.index + match[0].length]);
  }
  return ranges;
}

const SENTENCE_END = /[.!?\n]/;
const ONLY_SEPARATORS = /^[^\p{L}\p{N}\n]{1,3}$/u;

interface Finding {
  rule: LexiconRule;
  start: number;
  end: number;
}

/** Obscene words and insults in a message; empty when clean. */
export function detectLexicon(text: string | NormalisedText): LexiconVerdict[] {
  const n = typeof text === 'string' ? normaliseText(text) : text;
  const masked = notWordRanges(n.text);
  const words = wordsOf(n).filter(
    (word) => !masked.some(([start, end]) => word.start >= start && word.start < end),
  );

  const findings: Finding[] = [];
  const infos = words.map((word) => wordInfo(word.text));
  const rules = infos.map((info) => info.rule);
  const consumed = new Array<boolean>(words.length).fill(false);

  findSpacedLetters(n.text, words, infos, rules, consumed, findings);
  findGluedSingleLetters(n.text, words, infos, rules, consumed, findings);
  const addressed = infos.map((info, i) => info.addressedInsult && !consumed[i]);
  words.forEach((word, i) => {
    const rule = rules[i];
    if (rule === 'insult' && isReported(n.text, words, i)) return;
    if (rule && !consumed[i]) findings.push({ rule, start: word.start, end: word.end });
    else if (addressed[i] && (isAddressed(n.text, words, i) || hasAddressedNeighbour(n.text, words, addressed, i))) {
      findings.push({ rule: 'insult', start: word.start, end: word.end });
    }
  });

  return findings
    .sort((a, b) => a.start - b.start)
    .map((f) => ({ rule: f.rule, span: originalSpan(n, f.start, f.end) }) as LexiconVerdict);
}

export function detectProfanity(text: string | NormalisedText): ProfanityVerdict[] {
  return detectLexicon(text).filter((v): v is ProfanityVerdict => v.rule === 'profanity');
}

export function detectInsults(text: string | NormalisedText): InsultVerdict[] {
  return detectLexicon(text).filter((v): v is InsultVerdict => v.rule === 'insult');
}

/**
 * «х у й», «б.л.я.т.ь», «с-у-к-а» spelled with spaces: runs of at least three
 * single letters with one and the same separator between them (runs of spaces
 * count as one space). Every stretch of three or more letters of a run is
 * tried, longest first.
 */
function findSpacedLetters(
  text: string,
  words: readonly WordToken[],
  infos: readonly WordInfo[],
  rules: Array<LexiconRule | null>,
  consumed: boolean[],
  findings: Finding[],
): void {
  let i = 0;
  while (i < words.length) {
    if (!(infos[i] as WordInfo).singleLetter) { i++; continue; }
    let j = i + 1;
    const gap = (k: number): string =>
      text.slice((words[k - 1] as WordToken).end, (words[k] as WordToken).start).replace(/ +/g, ' ');
    const separator = j < words.length ? gap(j) : '';
    while (
      j < words.length &&
      j - i < 24 &&
      (infos[j] as WordInfo).singleLetter &&
      ONLY_SEPARATORS.test(separator) &&
      gap(j) === separator
    ) j++;
    if (j - i >= 3) findInRun(words, infos, i, j, rules, consumed, findings);
    i = Math.max(j, i + 1);
  }
}

function findInRun(
  words: readonly WordToken[],
  infos: readonly WordInfo[],
  from: number,
  to: number,
  rules: Array<LexiconRule | null>,
  consumed: boolean[],
  findings: Finding[],
): void {
  for (let length = to - from; length >= 3; length--) {
    for (let start = from; start + length <= to; start++) {
      const letters = infos.slice(start, start + length).map((info) => info.joined).join('');
      const rule = classifyNormalisedWord(letters);
      if (!rule) continue;
      findings.push({ rule, start: (words[start] as WordToken).start, end: (words[start + length - 1] as WordToken).end });
      for (let k = start; k < start + length; k++) { consumed[k] = true; rules[k] = null; }
      // The rest of the run on either side may hold another word.
      findInRun(words, infos, from, start, rules, consumed, findings);
      findInRun(words, infos, start + length, to, rules, consumed, findings);
      return;
    }
  }
}

/**
 * «х уй», «п издец», «бля ть»: a single letter split off an obscene word.
 * Tried for obscene roots only, and only when neither part is obscene alone,
 * so ordinary «в уме» or «и здесь» stay clean.
 */
function findGluedSingleLetters(
  text: string,
  words: readonly WordToken[],
  infos: readonly WordInfo[],
  rules: Array<LexiconRule | null>,
  consumed: boolean[],
  findings: Finding[],
): void {
  for (let i = 0; i + 1 < words.length; i++) {
    const a = words[i] as WordToken;
    const b = words[i + 1] as WordToken;
    if (consumed[i] || consumed[i + 1] || rules[i] === 'profanity' || rules[i + 1] === 'profanity') continue;
    const infoA = infos[i] as WordInfo;
    const infoB = infos[i + 1] as WordInfo;
    if (!infoA.singleLetter && !infoB.singleLetter) continue;
    if (!/^ {1,2}$/.test(text.slice(a.end, b.start))) continue;
    if (classifyNormalisedWord(infoA.joined + infoB.joined) !== 'profanity') continue;
    findings.push({ rule: 'profanity', start: a.start, end: b.end });
    consumed[i] = consumed[i + 1] = true;
    rules[i] = rules[i + 1] = null;
  }
}

/** «назвал моего сына дураком»: a verb of name-calling up to three words before, in the same sentence. */
function isReported(text: string, words: readonly WordToken[], at: number): boolean {
  for (let k = at - 1; k >= Math.max(0, at - 3); k--) {
    if (SENTENCE_END.test(text.slice((words[k] as WordToken).end, (words[k + 1] as WordToken).start))) return false;
    if (REPORTING_VERB.test(joinWord((words[k] as WordToken).text))) return true;
  }
  return false;
}

/** Two such words side by side insult on their own: «тупая овца», «овца тупая». */
function hasAddressedNeighbour(
  text: string,
  words: readonly WordToken[],
  addressed: readonly boolean[],
  at: number,
): boolean {
  const adjacent = (a: number, b: number): boolean =>
    addressed[a] === true && addressed[b] === true &&
    /^ {1,2}$/.test(text.slice((words[a] as WordToken).end, (words[b] as WordToken).start));
  return (at > 0 && adjacent(at - 1, at)) || (at + 1 < words.length && adjacent(at, at + 1));
}

/**
 * An address word before the insult, with at most two filler words between
 * («ты баран», «ну ты и баран», «вы все тупые»), or right after it («баран
 * ты»), in the same sentence. «Ты взял тупые ножницы» has a verb between.
 */
function isAddressed(text: string, words: readonly WordToken[], at: number): boolean {
  const word = (k: number): string => joinWord((words[k] as WordToken).text);
  let fillers = 0;
  for (let k = at - 1; k >= 0; k--) {
    if (SENTENCE_END.test(text.slice((words[k] as WordToken).end, (words[k + 1] as WordToken).start))) break;
    if (ADDRESS_MARKERS.has(word(k))) return true;
    if (!ADDRESS_FILLERS.has(word(k)) || ++fillers > 2) break;
  }
  const next = at + 1;
  return (
    next < words.length &&
    !SENTENCE_END.test(text.slice((words[at] as WordToken).end, (words[next] as WordToken).start)) &&
    ADDRESS_MARKERS.has(word(next))
  );
}
