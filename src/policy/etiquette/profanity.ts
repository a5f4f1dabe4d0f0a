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
 *     («х уй», «п издец»), never a one-letter word («и балбес»);
 *   - stars stand for hidden letters («х*й», «бл**ь»), resolved against
 *     data/starred-words.txt, else by filling them with letters («бл*дский»);
 *   - an address word glued in front is split off («тыдурак»);
 *   - links, e-mail addresses and @mentions are skipped;
 *   - an obscene word that names a person (data/obscene-name-calls.txt:
 *     «мудак», «долбоёб») is an insult too, and is reported under both rules;
 *   - whether an insult word is an insult here — quotes, negation, talking
 *     about oneself, reported speech, homonyms, who is addressed — is decided
 *     by the context windows of insult-context.ts.
 */
import { readDataLines, readDataPairs, squeezePattern } from './data.js';
import { WordContext } from './insult-context.js';
import { isPersonName } from './names.js';
import { BoundedPattern } from './scan.js';
import {
  isCapitalised,
  joinWord,
  normaliseText,
  originalSpan,
  recordsOf,
  wordForms,
  wordsOf,
  type FormClass,
  type LexiconRule,
  type LexiconWordInfo,
  type NormalisedText,
  type WordRecord,
  type Span,
  type WordToken,
} from './normalise.js';

export type { LexiconRule } from './normalise.js';

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

function compileWholeWordPatterns(...fileNames: string[]): RegExp {
  const alternatives = fileNames.flatMap(readDataLines).map((line) => `(?:${squeezePattern(line).replaceAll('{P}', PREFIX_CHAIN)})`);
  return new RegExp(`^(?:${alternatives.join('|')})$`);
}

const OBSCENE = compileWholeWordPatterns('obscene-roots.txt', 'vulgar-roots.txt');
const INSULT = compileWholeWordPatterns('insult-stems.txt');
const ADDRESSED_INSULT = compileWholeWordPatterns('insult-addressed.txt');
const NAME_CALL = compileWholeWordPatterns('obscene-name-calls.txt');
const ALLOWLIST = new RegExp([...new Set(readDataLines('allowlist.txt').map(squeezePattern))].join('|'));
/** Starred words, space-separated, to search with a pattern built from a starred word. */
const STARRED_WORDS = ` ${readDataLines('starred-words.txt').join(' ')} `;
/** Address words people glue to the next word («тыдурак», «выидиоты»). */
const GLUED_PRONOUNS = ['ты', 'вы'];

// ------------------------------------------------------------- single words

/** Longer words are not looked at: no real word is this long, and it bounds the work. */
const MAX_WORD_LENGTH = 40;
const CACHE_LIMIT = 50_000;

const CLEAN: FormClass = { rule: null, nameCall: false, addressed: false };
const formCache = new Map<string, FormClass>();

/**
 * Classifies one normalised form (see `wordForms`). Results are cached: chat
 * vocabulary repeats a lot.
 */
function classifyForm(form: string): FormClass {
  const cached = formCache.get(form);
  if (cached !== undefined) return cached;
  let result = CLEAN;
  if (form.length <= MAX_WORD_LENGTH && !ALLOWLIST.test(form)) {
    const word = form.includes('*') ? resolveStarred(form) : form;
    if (word !== null) result = classifyPlain(word);
  }
  if (formCache.size >= CACHE_LIMIT) formCache.clear();
  formCache.set(form, result);
  return result;
}

function classifyPlain(word: string): FormClass {
  if (ALLOWLIST.test(word)) return CLEAN;
  const addressed = ADDRESSED_INSULT.test(word);
  if (OBSCENE.test(word)) return { rule: 'profanity', nameCall: NAME_CALL.test(word), addressed };
  if (INSULT.test(word)) return { rule: 'insult', nameCall: false, addressed: false };
  return addressed ? { rule: null, nameCall: false, addressed } : CLEAN;
}

/**
 * Classifies one word as typed: 'profanity' if any of its readings is
 * obscene, else 'insult' if any is insulting, else null. The words of
 * data/insult-addressed.txt need context and are not reported here.
 */
export function classifyWord(word: string): LexiconRule | null {
  return classifyNormalisedWord(normaliseText(word).text).rule;
}

/** The strongest class among the readings of a word already normalised. */
function classifyNormalisedWord(word: string): FormClass {
  return strongest(wordForms(word).map(classifyForm));
}

const RANK = { profanity: 2, insult: 1 } as const;

function strongest(classes: readonly FormClass[]): FormClass {
  let best = CLEAN;
  let nameCall = false;
  let addressed = false;
  for (const c of classes) {
    if (c.rule && (!best.rule || RANK[c.rule] > RANK[best.rule])) best = c;
    nameCall ||= c.nameCall;
    addressed ||= c.addressed;
  }
  if (best === CLEAN && !addressed) return CLEAN;
  return { rule: best.rule, nameCall, addressed };
}

type WordInfo = LexiconWordInfo;

function wordInfo(record: WordRecord): WordInfo {
  return (record.lexicon ??= readWordInfo(record.text));
}

function readWordInfo(word: string): WordInfo {
  const joined = joinWord(word);
  let forms = wordForms(word);
  let cls = strongest(forms.map(classifyForm));
  let gluedAddress = false;
  // «Тимуру-дегенерату», «козёл-переросток»: each part of a hyphenated word — unless the whole
  // word is a listed ordinary one (the lake «Лох-Несс»).
  if (cls === CLEAN && word.includes('-') && !forms.some((form) => ALLOWLIST.test(form))) {
    const parts = word.split('-').filter((part) => part.length >= 3);
    if (parts.length > 1) {
      const partForms = parts.map((part) => wordForms(part));
      const partCls = strongest(partForms.flat().map(classifyForm));
      if (partCls.rule !== null) {
        cls = partCls;
        forms = partForms.flat();
      }
    }
  }
  if (cls === CLEAN && joined.length >= 5) {
    const pronoun = GLUED_PRONOUNS.find((p) => joined.startsWith(p));
    if (pronoun) {
      const restForms = wordForms(word.slice(word.indexOf(pronoun) + pronoun.length));
      const rest = strongest(restForms.map(classifyForm));
      if (rest !== CLEAN) {
        cls = rest;
        forms = restForms;
        gluedAddress = true;
      }
    }
  }
  const singleLetter = [...joined].length === 1 && forms.length > 0;
  const phraseGroups = phraseGroupsOf(word);
  const phraseStem = phraseGroups.length > 0;
  return {
    joined,
    forms,
    cls,
    gluedAddress,
    singleLetter,
    phraseStem,
    phraseGroups,
    notable: cls !== CLEAN || phraseStem || (singleLetter && !ONE_LETTER_WORDS.has(joined)),
  };
}

/**
 * A starred word («х*й», «бл**ь», «п***ц», «с*ка», «м*дак»): the word it
 * hides, or null. First the letters next to each run of stars are looked up
 * in the list of words people censor; failing that, each run of k stars is
 * filled with 1..k letters (at most two per run and a bounded number of
 * tries) and the first filling that is an obscene or insulting word wins. A
 * run needs a letter before it; trailing stars count only after a short stem
 * («х**», «бл**»), so «*важно*» stays clean.
 */
function resolveStarred(form: string): string | null {
  const runs = [...form.matchAll(/\*+/g)];
  for (const run of runs) {
    const before = form.slice(0, run.index).replaceAll('*', '');
    const after = form.slice(run.index + run[0].length).replaceAll('*', '');
    // «***дец»: stars hide the start of the word, the rest (three letters or more) is its end.
    if (before === '' && after.length >= 3) {
      const hiddenStart = new RegExp(` [^ ]{${Math.max(1, run[0].length - 1)},${run[0].length + 1}}${after} `).exec(STARRED_WORDS);
      const word = hiddenStart?.[0].trim();
      if (word && (OBSCENE.test(word) || INSULT.test(word))) return word;
      continue;
    }
    if (before === '') continue;
    if (after === '' && before.length > 3) continue;
    const hidden = run[0].length;
    // With trailing stars the stem is the start of the word: « бл[^ ]{1,3} ».
    // A stem that starts the word starts the listed word too: «д*рак» is not inside «пидорас».
    const atStart = run.index === form.indexOf('*') && before.length <= 2;
    const left = after === '' || atStart ? ` ${before}` : before.slice(-2);
    const right = after === '' ? ' ' : after.length <= 2 ? `${after} ` : after.slice(0, 2);
    // As many letters as stars first («д*рак» is «дурак», not a piece of «пидорас»), then one more or fewer.
    const found =
      new RegExp(`${left}[^ ]{${hidden}}${right}`).exec(STARRED_WORDS) ??
      new RegExp(`${left}[^ ]{${Math.max(1, hidden - 1)},${hidden + 1}}${right}`).exec(STARRED_WORDS);
    if (!found) continue;
    const start = STARRED_WORDS.lastIndexOf(' ', found.index) + 1;
    const word = STARRED_WORDS.slice(start, STARRED_WORDS.indexOf(' ', start));
    if (OBSCENE.test(word) || INSULT.test(word)) return word;
  }
  return fillStars(form);
}

/** Letters a star most often hides: vowels first, then the consonants of obscene roots. */
const STAR_LETTERS = [...'уиаеоыяюйлдзхбнтсрьвкмп'];
const STAR_PAIRS = [...'уиаеояйлдзтсь'];
const MAX_STAR_TRIES = 4_000;

function fillStars(form: string): string | null {
  // Stars at the edges are emphasis or a hidden ending; only inner runs are filled.
  const inner = form.replace(/^\*+|\*+$/g, '');
  if (!/^[а-я]+(?:\*{1,3}[а-я]+)+$/.test(inner)) return null;
  const parts = inner.split(/(\*+)/);
  let candidates = [''];
  for (const part of parts) {
    if (!part.startsWith('*')) {
      candidates = candidates.map((c) => c + part);
      continue;
    }
    const fills = [...STAR_LETTERS];
    if (part.length >= 2) for (const a of STAR_PAIRS) for (const b of STAR_PAIRS) fills.push(a + b);
    if (candidates.length * fills.length > MAX_STAR_TRIES) return null;
    const next: string[] = [];
    for (const c of candidates) for (const fill of fills) next.push(c + fill);
    candidates = next;
  }
  let insult: string | null = null;
  for (const candidate of candidates) {
    if (ALLOWLIST.test(candidate)) continue;
    if (OBSCENE.test(candidate)) return candidate;
    if (insult === null && INSULT.test(candidate)) insult = candidate;
  }
  return insult;
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

const ONLY_SEPARATORS = /^[^\p{L}\p{N}\n]{1,3}$/u;
/** One-letter Russian words («и», «в», «я»): never a piece split off an obscene word. */
const ONE_LETTER_WORDS: ReadonlySet<string> = new Set([...'авиксуоя']);

/**
 * Most messages have no word of the lists and no letters spelled apart: a
 * flagged word, a single letter that is not a one-letter word («х уй»), or
 * two single letters side by side («с у к а») is needed for any finding.
 */
function mayHaveFindings(infos: readonly WordInfo[]): boolean {
  for (let i = 0; i < infos.length; i++) {
    const info = infos[i] as WordInfo;
    if (info.cls !== CLEAN) return true;
    if (!info.singleLetter) continue;
    if (!ONE_LETTER_WORDS.has(info.joined) || infos[i + 1]?.singleLetter === true) return true;
  }
  return false;
}

interface Finding {
  rule: LexiconRule;
  start: number;
  end: number;
}

/**
 * Obscene words and insults in a message; empty when clean. An obscene word
 * used as a name-call («ты мудак», «Иванов — еблан») is reported twice, once
 * per rule, so that both count.
 */
export interface LexiconOptions {
  /**
   * Words of the names of the organisation's own people (lower case, ё as е):
   * capitalised, they are names, not insults («Козлова», «Дураков»).
   */
  readonly knownNames?: ReadonlySet<string>;
}

export function detectLexicon(text: string | NormalisedText, options: LexiconOptions = {}): LexiconVerdict[] {
  const n = typeof text === 'string' ? normaliseText(text) : text;
  const all = wordsOf(n);
  const allRecords = recordsOf(n);
  // Most messages have no notable word and no two single letters side by side: they are
  // clean whatever is masked below. Two single letters apart can meet only when the words
  // between them are masked, so the masks are looked for only then.
  let notable = false;
  let singles = 0;
  let adjacentSingles = false;
  for (let k = 0; k < allRecords.length; k++) {
    const info = wordInfo(allRecords[k] as WordRecord);
    if (info.notable) {
      notable = true;
      break;
    }
    if (info.singleLetter) {
      singles++;
      if (k > 0 && (allRecords[k - 1] as WordRecord).lexicon?.singleLetter === true) adjacentSingles = true;
    }
  }
  if (!notable && !adjacentSingles && singles < 2) return [];
  const masked = notWordRanges(n.text);
  if (!notable && !adjacentSingles && masked.length === 0) return [];
  // Most messages have no link or address to mask: then the shared list is used as it is.
  const kept = (word: WordToken): boolean => !masked.some(([start, end]) => word.start >= start && word.start < end);
  const words = masked.length === 0 ? all : all.filter(kept);
  const records = masked.length === 0 ? allRecords : allRecords.filter((_, k) => kept(all[k] as WordToken));

  const findings: Finding[] = [];
  const infos = records.map(wordInfo);
  // Which phrase groups a word of the message opens (most messages: none).
  let openGroups: Uint8Array | null = null;
  for (const info of infos) {
    if (info.phraseGroups.length === 0) continue;
    openGroups ??= new Uint8Array(PHRASE_GROUPS.length);
    for (const g of info.phraseGroups) openGroups[g] = 1;
  }
  const phrases = openGroups !== null;
  if (!mayHaveFindings(infos) && !phrases) return [];
  const classes = infos.map((info) => info.cls);
  const consumed = new Array<boolean>(words.length).fill(false);
  // «Сукина Анна», «А. Дураков», a surname the organisation knows: a person, not a word.
  for (let i = 0; i < words.length; i++) {
    if (classes[i] !== CLEAN && isPersonName(n, words, i, options.knownNames)) {
      consumed[i] = true;
      classes[i] = CLEAN;
    }
  }

  findSpacedLetters(n.text, words, infos, classes, consumed, findings);
  findGluedSingleLetters(n.text, words, infos, classes, consumed, findings);

  const context = new WordContext(n.text, words, (k) => isCapitalised(n, (words[k] as WordToken).start));
  // «Dura lex, sed lex»: a Latin word among Latin words is Latin, not a look-alike «дура».
  const latin = (k: number): boolean => k >= 0 && k < words.length && /^[a-z]{2,}$/.test((infos[k] as WordInfo).joined);
  const inLatinPhrase = (k: number): boolean => latin(k) && ((latin(k - 1) && classes[k - 1] === CLEAN) || (latin(k + 1) && classes[k + 1] === CLEAN));
  const addressedOnly = classes.map((c, i) => !consumed[i] && c.rule === null && c.addressed);
  words.forEach((word, i) => {
    if (consumed[i]) return;
    const cls = classes[i] as FormClass;
    const info = infos[i] as WordInfo;
    const at = { start: word.start, end: word.end };
    if (cls.rule === 'profanity') {
      // «наша сука ощенилась», «хрен с майонезом»: a vulgar word's ordinary sense.
      if (context.homonym(i, info.forms)) return;
      findings.push({ rule: 'profanity', ...at });
      const insulting =
        // «Сука, опять…» opening a message is swearing, not a call: no bare vocative here.
        cls.nameCall || (cls.addressed && (info.gluedAddress || context.addressed(i, false)));
      if (insulting && !context.excused(i, info.forms, info.gluedAddress) && !namesAnAnimal(words, i)) findings.push({ rule: 'insult', ...at });
    } else if (cls.rule === 'insult') {
      if (inLatinPhrase(i)) return;
      if (!context.excused(i, info.forms, info.gluedAddress)) findings.push({ rule: 'insult', ...at });
    } else if (addressedOnly[i]) {
      // «тупая овца», and «крыса ебаная»: next to another such word or to an obscene one.
      const pairs = (k: number): boolean => addressedOnly[k] === true || classes[k]?.rule === 'profanity';
      const neighbour = (i > 0 && pairs(i - 1) && context.adjacent(i, i - 1)) || (i + 1 < words.length && pairs(i + 1) && context.adjacent(i, i + 1));
      if ((info.gluedAddress || neighbour || context.addressed(i)) && !context.excused(i, info.forms, info.gluedAddress)) {
        findings.push({ rule: 'insult', ...at });
      }
    }
  });

  PHRASE_GROUPS.forEach((group, g) => {
    if (openGroups === null || openGroups[g] !== 1) return;
    for (const { rule, pattern } of group.phrases) {
      for (const [start, end] of pattern.spans(n.text)) findings.push({ rule, start, end });
    }
  });

  return findings.sort((a, b) => a.start - b.start).map((f) => ({ rule: f.rule, span: originalSpan(n, f.start, f.end) }) as LexiconVerdict);
}

/** Set phrases whose words are ordinary (data/phrases.txt): «тебя в детстве роняли», «твою ж мать». */
const phrasesOf = (pairs: ReadonlyArray<[string, string]>, file: string): ReadonlyArray<{ rule: LexiconRule; pattern: BoundedPattern }> =>
  pairs
    .filter(([rule]) => rule !== 'prefixes')
    .map(([rule, source]) => {
      if (rule !== 'profanity' && rule !== 'insult') throw new Error(`etiquette data ${file}: rule "${rule}"`);
      // Not after a letter (the boundary is checked by hand, see scan.ts), not before one.
      return { rule, pattern: new BoundedPattern(`(?:${source})(?![\\p{L}])`, 'gu', 'letter') };
    });
const SAID_OF_SOMEONE = readDataPairs('phrases-said-of-someone.txt');
const prefixesOf = (pairs: ReadonlyArray<[string, string]>): string[] => pairs.filter(([rule]) => rule === 'prefixes').flatMap(([, list]) => list.split(/\s+/));
/**
 * «Засранцы голуби опять всё загадили», «сука кошка опять орёт»: a vulgar name-call put right
 * before an animal names the animal: swearing, but no person is insulted.
 */
const ANIMAL_AFTER = new RegExp(`^(?:${readDataLines('animals-after-name-call.txt').join('|')})$`, 'u');

function namesAnAnimal(words: readonly WordToken[], i: number): boolean {
  const next = words[i + 1];
  return next !== undefined && ANIMAL_AFTER.test(next.text);
}

/**
 * A file of phrase sections (phrases-kinds.txt): each `prefixes` line starts a section whose
 * phrases are looked for only when a word begins with one of its prefixes.
 */
function sectionsOf(file: string): Array<{ phrases: ReadonlyArray<{ rule: LexiconRule; pattern: BoundedPattern }>; prefixes: readonly string[] }> {
  const sections: Array<Array<[string, string]>> = [];
  for (const pair of readDataPairs(file)) {
    if (pair[0] === 'prefixes') sections.push([pair]);
    else if (sections.length === 0) throw new Error(`etiquette data ${file}: a phrase before the first prefixes line`);
    else sections[sections.length - 1]?.push(pair);
  }
  return sections.map((pairs) => ({ phrases: phrasesOf(pairs, file), prefixes: prefixesOf(pairs) }));
}
/**
 * Groups of set phrases, each looked for only when a word of the message begins with one of the
 * group's prefixes: every phrase of a group has a word beginning with one of them. Prefixes, not
 * word forms, so a form the phrase allows («роняла», «вошью») is never gated out; each as long as
 * its phrase allows, so that common words («больше», «справки», «приедет») do not open the search.
 */
const PHRASE_GROUPS: ReadonlyArray<{ phrases: ReadonlyArray<{ rule: LexiconRule; pattern: BoundedPattern }>; prefixes: readonly string[] }> = [
  {
    phrases: phrasesOf(readDataPairs('phrases.txt'), 'phrases.txt'),
    prefixes: (
      'роня дружи мозг справка нормальн своем мать ядрен ' +
      'тупой тупая тупые дура глухой глухая глухие слепой слепая слепые ненормальн больной больная больные ' +
      'жрать деревн быдло психушк хлебал пасть ебало хайло пролез ' +
      'цыган таджики узбеки киргизы кавказцы чеченцы дагестанцы азиаты армяне евреи нерусские приезжие мигранты ' +
      'гастарбайтеры хохлы чурки хачи понаехал черные черномазые'
    ).split(' '),
  },
  {
    phrases: phrasesOf(SAID_OF_SOMEONE, 'phrases-said-of-someone.txt'),
    prefixes: prefixesOf(SAID_OF_SOMEONE),
  },
  ...sectionsOf('phrases-frames.txt'),
  // After blind batch F: frames by kind, each section with its own prefixes (phrases-kinds.txt).
  ...sectionsOf('phrases-kinds.txt'),
];
/**
 * The prefixes of all groups by their first two letters, each with the groups it opens: a word
 * start is compared with the few prefixes that begin as it does, not with all. Group numbers, not
 * bits of a mask, so there may be any number of groups.
 */
const PREFIX_INDEX = new Map<string, Array<{ prefix: string; groups: number[] }>>();
PHRASE_GROUPS.forEach(({ prefixes }, g) => {
  for (const prefix of prefixes) {
    if (prefix.length < 2) throw new Error(`etiquette: phrase prefix "${prefix}" shorter than two letters`);
    const key = prefix.slice(0, 2);
    const list = PREFIX_INDEX.get(key) ?? [];
    const same = list.find((entry) => entry.prefix === prefix);
    if (same) {
      if (!same.groups.includes(g)) same.groups.push(g);
    } else list.push({ prefix, groups: [g] });
    PREFIX_INDEX.set(key, list);
  }
});
const LETTER = /\p{L}/u;
const NO_GROUPS: readonly number[] = [];
/**
 * The phrase groups that may start in this word as typed (their numbers, ascending): at any
 * letter that follows a non-letter (the phrase patterns start there: «5тупой», «x.дура»), the word
 * goes on with a prefix of the group.
 */
function phraseGroupsOf(word: string): readonly number[] {
  let found: Set<number> | null = null;
  for (let i = 0; i < word.length; i++) {
    if (!LETTER.test(word[i] as string) || (i > 0 && LETTER.test(word[i - 1] as string))) continue;
    const candidates = PREFIX_INDEX.get(word.slice(i, i + 2));
    if (candidates === undefined) continue;
    for (const { prefix, groups } of candidates) {
      if (!word.startsWith(prefix, i)) continue;
      found ??= new Set();
      for (const g of groups) found.add(g);
    }
  }
  return found === null ? NO_GROUPS : [...found].sort((a, b) => a - b);
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
 * count as one space). Stretches of three or more letters that start or end
 * the run are tried, longest first, so a spaced ordinary word («Р Е Б Я Т А»)
 * is not searched for obscene pieces in its middle.
 */
function findSpacedLetters(
  text: string,
  words: readonly WordToken[],
  infos: readonly WordInfo[],
  classes: FormClass[],
  consumed: boolean[],
  findings: Finding[],
): void {
  let i = 0;
  while (i < words.length) {
    if (!(infos[i] as WordInfo).singleLetter) {
      i++;
      continue;
    }
    let j = i + 1;
    const gap = (k: number): string => text.slice((words[k - 1] as WordToken).end, (words[k] as WordToken).start).replace(/ +/g, ' ');
    const separator = j < words.length ? gap(j) : '';
    while (j < words.length && j - i < 24 && (infos[j] as WordInfo).singleLetter && ONLY_SEPARATORS.test(separator) && gap(j) === separator) j++;
    if (j - i >= 3) {
      findInRun(words, infos, i, j, classes, consumed, findings);
      // The letters of a run are not glued to their neighbours one by one.
      for (let k = i; k < j; k++) consumed[k] = true;
    }
    i = Math.max(j, i + 1);
  }
}

function findInRun(
  words: readonly WordToken[],
  infos: readonly WordInfo[],
  from: number,
  to: number,
  classes: FormClass[],
  consumed: boolean[],
  findings: Finding[],
): void {
  for (let length = to - from; length >= 3; length--) {
    for (const start of length === to - from ? [from] : [from, to - length]) {
      const letters = infos
        .slice(start, start + length)
        .map((info) => info.joined)
        .join('');
      const cls = classifyNormalisedWord(letters);
      // A word spelled out letter by letter is aimed: «Коля т у п о й».
      if (!cls.rule && !cls.addressed) continue;
      const span = { start: (words[start] as WordToken).start, end: (words[start + length - 1] as WordToken).end };
      findings.push({ rule: cls.rule ?? 'insult', ...span });
      if (cls.nameCall) findings.push({ rule: 'insult', ...span });
      for (let k = start; k < start + length; k++) {
        consumed[k] = true;
        classes[k] = CLEAN;
      }
      // The rest of the run on the other side may hold another word.
      if (start === from) findInRun(words, infos, start + length, to, classes, consumed, findings);
      else findInRun(words, infos, from, start, classes, consumed, findings);
      return;
    }
  }
}

/** A single letter that is not a one-letter word: a piece split off a word. */
function isLoneLetter(info: WordInfo): boolean {
  return info.singleLetter && !ONE_LETTER_WORDS.has(info.joined);
}

/**
 * «х уй», «п издец», «бля ть»: a single letter split off an obscene word.
 * Tried for obscene roots only, only when neither part is obscene alone, and
 * never with a one-letter Russian word («и балбес», «в уме», «я и»).
 */
function findGluedSingleLetters(
  text: string,
  words: readonly WordToken[],
  infos: readonly WordInfo[],
  classes: FormClass[],
  consumed: boolean[],
  findings: Finding[],
): void {
  for (let i = 0; i + 1 < words.length; i++) {
    const a = words[i] as WordToken;
    const b = words[i + 1] as WordToken;
    if (consumed[i] || consumed[i + 1]) continue;
    if (classes[i]?.rule === 'profanity' || classes[i + 1]?.rule === 'profanity') continue;
    const infoA = infos[i] as WordInfo;
    const infoB = infos[i + 1] as WordInfo;
    if (!isLoneLetter(infoA) && !isLoneLetter(infoB)) continue;
    if (!/^ {1,2}$/.test(text.slice(a.end, b.start))) continue;
    if (classifyNormalisedWord(infoA.joined + infoB.joined).rule !== 'profanity') continue;
    findings.push({ rule: 'profanity', start: a.start, end: b.end });
    consumed[i] = consumed[i + 1] = true;
    classes[i] = classes[i + 1] = CLEAN;
  }
}
