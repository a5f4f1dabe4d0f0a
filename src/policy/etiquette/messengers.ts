/**
 * Links to, and invitations into, the messengers banned for teaching.
 *
 * 001 appendix 2 lists the systems that must not be used in education:
 * Discord, Microsoft Teams, Skype for Business, Snapchat, Telegram, Threema,
 * Viber, WhatsApp, WeChat. A class chat must not pull people there. Two kinds
 * of findings:
 *
 *  - 'link': a domain or link scheme of one of them (data/messenger-links.txt),
 *    also spelled «t . me», «t[.]me» or with Cyrillic look-alikes «т.ме»;
 *  - 'invitation': a sentence that names one of them (data/messenger-names.txt)
 *    and asks people to go, write, join or be added there.
 *
 * Where the line is drawn for invitations. A sentence naming a banned
 * messenger is an invitation when it also has
 *   - an invitation word (data/invitation-words.txt): an imperative, «let's»,
 *     first-person future or present form of write / send / move / join /
 *     add / call / discuss — «пишите в телеграм», «кину в ватсапе», «добавлю в
 *     вайбер», «переходим в телегу», «давайте в вотсап», «го в дискорд»;
 *   - or a contact there: an @handle or a phone number («мой тг @ivan»);
 *   - or a group that is there now: «есть чат в вотсапе», «создала группу в
 *     вайбере» (data/invitation-groups.txt);
 * and it is not a rule or a report: no blocker word (data/invitation-blockers.txt:
 * «запрещён», «нельзя», «регламент», «удалите», «никаких») and no negated
 * invitation word («не пишите», «не надо переходить»). A name set aside —
 * «пишите сюда, а не в телеграм», «кроме вотсапа», «вместо вайбера» — is
 * not an invitation to it. A plain mention — «в телеграме было
 * сообщение о …», «Telegram запрещён регламентом», «видели новость в
 * вотсапе?» — is not reported: past-tense and report verbs are not invitation
 * words. Regular Skype is not on the list; Skype for Business is.
 *
 * Words are read so that names are found however they are written:
 * hyphenated words part by part («тг-канал»), mixed-script names in the
 * script that gives a name («telеgram»), slang with case endings («в дсе»).
 * Past and first-person moves into a group («добавила вас в группу в
 * вотсапе», «мы теперь в группе в вайбере») count as groups that are there
 * now; a labelled account («тг: masha_2010», data/handle-labels.txt) is an
 * invitation on its own.
 */
import { readDataLines, readDataPairs, squeezePattern } from './data.js';
import {
  isCapital,
  joinWord,
  normaliseText,
  originalSpan,
  recordOf,
  recordsOf,
  squeeze,
  wordForms,
  wordsOf,
  type NormalisedText,
  type Span,
  type WordRecord,
  type WordToken,
} from './normalise.js';

export const BANNED_MESSENGERS = ['discord', 'teams', 'skype_for_business', 'snapchat', 'telegram', 'threema', 'viber', 'whatsapp', 'wechat'] as const;
export type MessengerId = (typeof BANNED_MESSENGERS)[number];

export interface BannedMessengerVerdict {
  readonly rule: 'banned_messenger';
  readonly messenger: MessengerId;
  readonly kind: 'link' | 'invitation';
  readonly span: Span;
}

function asMessengerId(id: string, fileName: string): MessengerId {
  if ((BANNED_MESSENGERS as readonly string[]).includes(id)) return id as MessengerId;
  throw new Error(`etiquette data ${fileName}: unknown messenger "${id}"`);
}

// ------------------------------------------------------------------- links

/** Cyrillic letters read as the Latin ones they look like, for «т.ме» → «t.me». */
const CYRILLIC_TO_LATIN: ReadonlyMap<string, string> = (() => {
  const map = new Map<string, string>();
  for (const [from, to] of readDataPairs('lookalikes.txt')) {
    if (/^[a-z]$/.test(from) && !map.has(to)) map.set(to, from);
  }
  return map;
})();

/**
 * A dot as people write it in links they do not want recognised: «t . me»,
 * «t[.]me», «t(.)me», another mark in its place with no spaces («t,me»,
 * «wa·me»); the words «dot» and «точка» are turned into a dot
 * first (see `spellOutDots`), ideographic full stops by normalise.ts.
 */
const DOT = String.raw`(?:\s*(?:\.|\[\s*\.\s*\]|\(\s*\.\s*\))\s*|[,·•])`;
/** «t dot me», «t точка me», «wa(точка)me»: the word, between a host part and the next. */
const DOT_WORD = /(?<=[a-zа-я0-9][\s([]*)(?:dot|точка)(?=[\s)\]]*[a-zа-я])/g;

/** Replaces the words «dot» and «точка» by a dot padded to the same length, so offsets stay. */
function spellOutDots(text: string): string {
  if (!text.includes('dot') && !text.includes('точка')) return text;
  return text.replace(DOT_WORD, (word) => `${' '.repeat(word.length >> 1)}.${' '.repeat(word.length - 1 - (word.length >> 1))}`);
}

interface LinkPattern {
  readonly messenger: MessengerId;
  /** Regex source: the dots loosened to DOT; a host must end there, a scheme («tg://») need not. */
  readonly source: string;
}

const LINK_ENTRIES = readDataPairs('messenger-links.txt');
/** «tg://», «msteams:» — a link scheme rather than a host. */
const isScheme = (link: string): boolean => link.endsWith(':') || link.endsWith('/');
const LINK_PATTERNS: readonly LinkPattern[] = LINK_ENTRIES.map(([id, link]) => {
  const body = link
    .split('.')
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join(DOT);
  return {
    messenger: asMessengerId(id, 'messenger-links.txt'),
    source: isScheme(link) ? body : `${body}(?![a-z0-9-])`,
  };
});

/**
 * One regex for all links, one named group per entry. It starts only where a
 * host name can start, so the scan stays linear.
 */
const LINKS = new RegExp(`(?<![a-z0-9-])(?:${LINK_PATTERNS.map((p, i) => `(?<l${i}>${p.source})`).join('|')})`, 'g');

/**
 * A cheap first look: most messages have dots («Спасибо. Мы…»), few have a
 * link host's last label after one («.me», «.com», «.gg») or a link scheme.
 */
const AFTER_DOT = /(?:(?:\.|\[\s*\.\s*\]|\(\s*\.\s*\))\s*|[,·•])([a-zа-я]{2,9})(?![a-zа-я])/g;
const LAST_LABELS: ReadonlySet<string> = new Set(LINK_ENTRIES.filter(([, link]) => !isScheme(link)).map(([, link]) => link.split('.').at(-1) as string));
/** Link schemes only work spelled in Latin, so they are looked for as they are. */
const SCHEMES = LINK_ENTRIES.filter(([, link]) => isScheme(link)).map(([, link]) => (link.includes(':') ? link.replace(/[/:]+$/, ':') : link));

function mayHaveLink(text: string): boolean {
  if (SCHEMES.some((scheme) => text.includes(scheme))) return true;
  for (const match of text.matchAll(AFTER_DOT)) {
    if (LAST_LABELS.has(latinise(match[1] as string))) return true;
  }
  return false;
}

function latinise(text: string): string {
  let latin = '';
  for (const ch of text) latin += CYRILLIC_TO_LATIN.get(ch) ?? ch;
  return latin;
}

/** A warning about such links: a bare host named in it is no link to anything. */
const LINK_WARNING =
  /(?<![\p{L}])(?:мошенн\p{L}*|незнаком\p{L}*|осторожн\p{L}*|не (?:переходите|переходи|открывайте|открывай|нажимайте|жмите)|фишинг\p{L}*|взлом\p{L}*)(?![\p{L}])/u;

function findLinks(n: NormalisedText): BannedMessengerVerdict[] {
  const text = spellOutDots(n.text);
  if (!mayHaveLink(text)) return [];
  const latin = latinise(text);
  const verdicts: BannedMessengerVerdict[] = [];
  for (const match of latin.matchAll(LINKS)) {
    const index = LINK_PATTERNS.findIndex((_, i) => match.groups?.[`l${i}`] !== undefined);
    const pattern = LINK_PATTERNS[index];
    if (!pattern) continue;
    // «Не переходите по ссылкам t.me из незнакомых сообщений»: a bare host, no path, in a warning.
    const end = match.index + match[0].length;
    if (latin[end] !== '/' && !match[0].slice(0, -1).includes('/') && latin.length === text.length) {
      if (LINK_WARNING.test(text.slice(Math.max(0, match.index - 60), end + 80))) continue;
    }
    verdicts.push({
      rule: 'banned_messenger',
      messenger: pattern.messenger,
      kind: 'link',
      span: originalSpan(n, match.index, match.index + match[0].length),
    });
  }
  return verdicts;
}

// ------------------------------------------------------------- invitations

/**
 * Compiles whole-word patterns over a sentence string (words joined by single
 * spaces); `.*` in the data stays inside one word.
 */
function sentencePattern(source: string): RegExp {
  return new RegExp(`(?<![^ ])(?:${squeezePattern(source).replaceAll('.*', '[^ ]*')})(?![^ ])`, 'g');
}

function alternation(lines: readonly string[]): string {
  return lines.map((line) => `(?:${line})`).join('|');
}

/** All names in one regex, one named group per messenger line. */
const NAME_LINES = readDataPairs('messenger-names.txt').map(([id, source]) => ({
  messenger: asMessengerId(id, 'messenger-names.txt'),
  source,
}));
const MESSENGER_NAMES = sentencePattern(NAME_LINES.map(({ source }, i) => `(?<n${i}>${source})`).join('|'));
/**
 * A word that is a name or the first word of a name («скайп» of «скайп для
 * бизнеса»): a message without one has no mention and needs no further look.
 */
const NAME_START = new RegExp(
  `^(?:${NAME_LINES.flatMap(({ source }) => topLevelAlternatives(squeezePattern(source)).map((alt) => alt.split(' ')[0] as string))
    .map((first) => `(?:${first})`)
    .join('|')})$`,
);

/** Splits a regex source at its top-level «|». */
function topLevelAlternatives(source: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let inClass = false;
  let from = 0;
  for (let i = 0; i < source.length; i++) {
    const ch = source[i];
    if (ch === '\\') {
      i++;
      continue;
    }
    if (inClass) {
      if (ch === ']') inClass = false;
      continue;
    }
    if (ch === '[') inClass = true;
    else if (ch === '(') depth++;
    else if (ch === ')') depth--;
    else if (ch === '|' && depth === 0) {
      parts.push(source.slice(from, i));
      from = i + 1;
    }
  }
  parts.push(source.slice(from));
  return parts;
}

const INVITATION_WORDS = sentencePattern(alternation(readDataLines('invitation-words.txt')));
const BLOCKERS = sentencePattern(alternation(readDataLines('invitation-blockers.txt')));
const GROUP_PARTS = readDataPairs('invitation-groups.txt');
const GROUP_NOUNS = sentencePattern(alternation(GROUP_PARTS.filter(([r]) => r === 'noun').map(([, p]) => p)));
const GROUP_CUES = sentencePattern(alternation(GROUP_PARTS.filter(([r]) => r === 'cue').map(([, p]) => p)));
const INVITATION_CONTEXT = readDataPairs('invitation-context.txt');
const contextWords = (role: string): string[] => INVITATION_CONTEXT.filter(([r]) => r === role).map(([, word]) => word);
/** «не пишите», «не надо переходить», «не будем добавляться». */
const NEGATION_BEFORE = new RegExp(`(?:^| )(?:${contextWords('negation').join('|')}) (?:(?:${contextWords('modal').join('|')}) )?$`);
/** A name that is set aside: «пишите сюда, а не в телеграм», «кроме вотсапа», «вместо вайбера». */
const SET_ASIDE_BEFORE = new RegExp(`(?:^| )(?:${contextWords('set-aside').join('|')}) $`);
/**
 * «Короче, все в телеге», «Я в дс, кто со мной», «обсуждения теперь в
 * вотсапе»: who is there now, right before the name; with nothing after the
 * name in its clause but a verb of being there («я в вайбере сижу») it tells
 * the chat where to go. «Я в телеге не сижу», «мы в телеграме видели
 * новость», «я не в телеге» say nothing of the kind.
 */
const PRESENT_BEFORE = new RegExp(
  // The line holds readings, squeezed: «класс» is «клас» there. «Вопросы по сборам секции — в
  // телеге»: a «по …» phrase of up to three words may follow the subject.
  `(?:^| )(?:${squeezePattern(contextWords('present').join('|'))})(?: по(?: [^ |]+){1,3})?(?: (?:${squeezePattern(contextWords('still').join('|'))}))* (?:в|во|на) $`,
);
/**
 * «переносим в вайбер», «добавьте меня в вацап группу», «урок проведём в тимсе»: a verb of moving,
 * adding or holding something governs the name, up to four words before it in its sentence, with no
 * negation: the sentence sends people there whatever else it says («чат будет закрыт, …»).
 */
// The line holds squeezed readings («переезжаем» is «перезжаем» there), so the words are squeezed too.
const MOVE_BEFORE = new RegExp(`(?:^| )(?:${squeezePattern(contextWords('move').join('|'))})(?: (?!не |нельзя |запрещ)[^ |]+){0,4} (?:в|во|на|через) $`);
const NEGATED_MOVE = new RegExp(
  `(?:^| )(?:не|нельзя|запрещено|запрещается) (?:(?:${squeezePattern(contextWords('modal').join('|'))}) )?(?:${squeezePattern(contextWords('move').join('|'))})(?: [^ |]+){0,4} (?:в|во|на|через) $`,
);
const STAY_AFTER = new RegExp(`^ (?:${contextWords('stay').join('|')})(?![\\p{L}\\p{N}])`, 'u');
/** After the name, the clause ends: the message, a sentence, a comma, a dash or a bracket. */
const CLAUSE_ENDS_AFTER = /^[^\p{L}\p{N}]*$|^\s*[,.!?;:()—-]/u;
/** Words that read like a name and are not one (see data/invitation-context.txt). */
const NOT_NAMES = new RegExp(`^(?:${contextWords('not-name').join('|')})$`);
const HERE: ReadonlySet<string> = new Set(contextWords('here'));
const THERE: ReadonlySet<string> = new Set(contextWords('there'));
/** The platform the school uses: «туда» after it points there, not back to a banned messenger. */
const ALLOWED_PLACE = /^(?:сферум\p{L}*|sferum)$/u;
/** «скинула туда», «выложила там»: a past sending verb with «туда/там» still sends people there. */
const SENT_THERE = sentencePattern(alternation(contextWords('sent')));
const HANDLE = /^@[a-z0-9_.]{3,}$/;
const PHONE_LIKE = /(?:\+?\d[ \-()]{0,2}){10,}/;
const SENTENCE_END = /[.!?;\n]/;
/** Single letters joined by dots: «т.е.л.е.г.р.а.м». */
const SPELLED_WITH_DOTS = /^\p{L}(?:\.\p{L}){3,}$/u;
const ASCII_WORD = /^[a-z0-9]+$/;
/** Marks a sentence break in the line of words: no name or cue pattern matches it. */
const SENTENCE_MARK = '|';

/**
 * How a word is read for messenger names: Latin words stay Latin. A
 * hyphenated word is read part by part («тг-канал» → «тг канал»,
 * «вотсап-группу»), except a case ending after a hyphen («дс-е» → «дсе»).
 * Kept in the word's record.
 */
function readWord(word: string): string {
  const record = recordOf(word);
  return (record.reading ??= readWordOnce(word));
}

function readWordOnce(word: string): string {
  // Marked so that no name pattern (whole words of the line) can match it.
  if (NOT_NAMES.test(word)) return `!${word}`;
  const parts = word.split('-').filter((part) => part !== '');
  if (parts.length > 1 && parts.every((part) => part.length >= 2)) {
    const last = parts.at(-1) as string;
    if (last.length <= 2 && /^[а-я]+$/.test(last)) parts.splice(-2, 2, `${parts.at(-2) as string}${last}`);
  }
  return parts.length > 1 && parts.every((part) => part.length >= 2) ? parts.map(readPart).join(' ') : readPart(word);
}

/**
 * One word without hyphens. A word mixing scripts («telеgram» with a Cyrillic
 * «е», «whаtsapp») is read in whichever script gives a name: its Cyrillic
 * look-alikes in Latin, or its Latin letters in Cyrillic.
 */
function readPart(word: string): string {
  const joined = joinWord(word);
  if (ASCII_WORD.test(joined)) return squeeze(joined);
  // «Wh@tsApp»: an @ among Latin letters stands for «a».
  if (joined.includes('@') && /[a-z]/.test(joined)) {
    const latin = joined.replaceAll('@', 'a');
    if (ASCII_WORD.test(latin)) return squeeze(latin);
  }
  const forms = wordForms(word);
  // «Т3леграм», «вайб3р»: a digit among Cyrillic letters read as the letter that gives a name
  // (a 3 stands for «е» as often as for «з»; wordForms has both readings).
  if (/[0-9]/.test(joined) && /[а-я]/.test(joined)) {
    const named = forms.find((form) => NAME_START.test(form));
    if (named) return named;
  }
  if (/[a-z]/.test(joined) && /[а-я]/.test(joined)) {
    const latin = squeeze(latinise(joined));
    if (ASCII_WORD.test(latin) && NAME_START.test(latin)) return latin;
    const named = forms.find((form) => NAME_START.test(form));
    if (named) return named;
  }
  return forms[0] ?? joined;
}

/**
 * The message as one line of word readings separated by single spaces, with
 * SENTENCE_MARK between sentences; `offsets[k]` is where word k starts.
 */
interface WordLine {
  readonly words: readonly WordToken[];
  readonly line: string;
  readonly offsets: readonly number[];
  readonly sentenceOf: readonly number[];
  /** Index of the first word of each sentence (sentences are numbered without gaps). */
  readonly sentenceFirst: readonly number[];
}

/**
 * The words of a message with names spelled apart put together (issue 22):
 * a run of single letters with one separator («т е л е г р а м», «В. А. Й. Б.
 * Е. Р», «Т Г» in capitals) is one word; so are two neighbours that together
 * start a name and apart do not («ТЕЛЕ ГРАМ»).
 */
/** Two one-character words, or two words whose first two letters are capitals, side by side. */
function mayBeSpelledApart(n: NormalisedText, words: readonly WordToken[]): boolean {
  const upper = (at: number): boolean => {
    return isCapital(n.raw[n.starts ? (n.starts[at] ?? at) : at] ?? '');
  };
  for (let k = 0; k + 1 < words.length; k++) {
    const a = words[k] as WordToken;
    const b = words[k + 1] as WordToken;
    if (a.end - a.start === 1 && b.end - b.start === 1) return true;
    if (a.end - a.start >= 2 && b.end - b.start >= 2 && upper(a.start) && upper(a.start + 1) && upper(b.start) && upper(b.start + 1)) return true;
  }
  return false;
}

function mergedWords(n: NormalisedText): readonly WordToken[] {
  const words = wordsOf(n);
  const text = n.text;
  const single = (w: WordToken | undefined): boolean => w !== undefined && [...joinWord(w.text)].length === 1 && /\p{L}/u.test(w.text);
  // Two words in capitals («ТЕЛЕ ГРАМ») or single letters side by side: otherwise nothing to merge.
  const capitals = (w: WordToken): boolean => {
    const raw = n.raw.slice(n.starts ? (n.starts[w.start] ?? w.start) : w.start, n.ends ? (n.ends[w.end - 1] ?? w.end) : w.end);
    return raw.length >= 2 && raw !== raw.toLowerCase() && raw === raw.toUpperCase();
  };
  if (!mayBeSpelledApart(n, words)) return words;
  const out: WordToken[] = [];
  let k = 0;
  while (k < words.length) {
    const w = words[k] as WordToken;
    if (single(w) && single(words[k + 1])) {
      const separator = text.slice(w.end, (words[k + 1] as WordToken).start);
      let j = k + 1;
      while (j + 1 < words.length && single(words[j + 1]) && text.slice((words[j] as WordToken).end, (words[j + 1] as WordToken).start) === separator) j++;
      const letters = words
        .slice(k, j + 1)
        .map((x) => joinWord(x.text))
        .join('');
      if (/^[ .-]{1,2}$/.test(separator) && (j - k >= 2 || mayStartName(letters))) {
        // «в в а т с а п е»: a preposition may open the run.
        const named = mayStartName(letters) || !mayStartName(letters.slice(1)) ? 0 : 1;
        if (named === 1) out.push(w);
        const first = words[k + named] as WordToken;
        out.push({ start: first.start, end: (words[j] as WordToken).end, text: letters.slice(named) });
        k = j + 1;
        continue;
      }
    }
    const next = words[k + 1];
    if (next && capitals(w) && capitals(next) && /^ $/.test(text.slice(w.end, next.start)) && !mayStartName(w.text) && !mayStartName(next.text)) {
      const joined = w.text + next.text;
      if (/^[a-zа-я]+$/.test(joined) && mayStartName(joined)) {
        out.push({ start: w.start, end: next.end, text: joined });
        k += 2;
        continue;
      }
    }
    out.push(w);
    k++;
  }
  return out;
}

function lineOfWords(n: NormalisedText, merged: readonly WordToken[]): WordLine {
  const text = n.text;
  const words = merged;
  const offsets: number[] = [];
  const sentenceOf: number[] = [];
  const sentenceFirst: number[] = [];
  let line = '';
  let sentence = 0;
  words.forEach((word, k) => {
    if (k > 0) {
      const previous = words[k - 1] as WordToken;
      const gap = text.slice(previous.end, word.start);
      // «т.е.л.е.г.р.а.м. — канал»: the dot after a name spelled with dots is its last, not a sentence end.
      if (SENTENCE_END.test(gap) && !(SPELLED_WITH_DOTS.test(previous.text) && /^\.\s+[^.!?;\n]*$/.test(gap))) {
        sentence++;
        line += ` ${SENTENCE_MARK}`;
      }
      line += ' ';
    }
    offsets.push(line.length);
    if (sentenceFirst.length === sentence) sentenceFirst.push(k);
    sentenceOf.push(sentence);
    line += readWord(word.text);
  });
  return { words, line, offsets, sentenceOf, sentenceFirst };
}

/** The first and last word of sentence `s`, or undefined when the line has no such sentence. */
function sentenceWords(l: WordLine, s: number): readonly [number, number] | undefined {
  const first = l.sentenceFirst[s];
  if (first === undefined) return undefined;
  const next = l.sentenceFirst[s + 1];
  return [first, next === undefined ? l.words.length - 1 : next - 1];
}

/** The readings of the words of sentence `s` (see WordLine), from its first word to its last. */
function sentenceLine(l: WordLine, s: number): string {
  const bounds = sentenceWords(l, s);
  if (!bounds) return '';
  const [first, last] = bounds;
  return l.line.slice(l.offsets[first], (l.offsets[last] as number) + readWord((l.words[last] as WordToken).text).length);
}

/** Index of the word that covers position `at` of the line. */
function wordAt(l: WordLine, at: number): number {
  let lo = 0;
  let hi = l.offsets.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((l.offsets[mid] as number) <= at) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

function isInvitation(text: string, l: WordLine, sentence: number): boolean {
  const [first, last] = sentenceWords(l, sentence) ?? [0, -1];
  if (last < first) return false;
  const firstWord = l.words[first] as WordToken;
  const lastWord = l.words[last] as WordToken;
  const line = sentenceLine(l, sentence);

  if (matches(BLOCKERS, line)) return false;
  const invited = invitedIn(line, true);
  if (invited === null) return false;
  if (invited) return true;
  if (l.words.slice(first, last + 1).some((w) => HANDLE.test(w.text))) return true;
  if (PHONE_LIKE.test(text.slice(firstWord.start, lastWord.end))) return true;
  // «есть чат в вотсапе», «добавила вас в группу в вайбере» — unless the
  // sentence says the group is here now («раньше … в телеграм-канале, теперь тут»).
  return matches(GROUP_NOUNS, line) && matches(GROUP_CUES, line) && !line.split(' ').some((w) => HERE.has(w));
}

/**
 * Whether an invitation word of a sentence's line asks people somewhere: not pointing here (nor,
 * with `allowedBack`, at the allowed platform named before it, see pointsToAllowed). Null when an
 * invitation word is negated («не пишите в …»): the sentence invites nobody.
 */
function invitedIn(line: string, allowedBack: boolean): boolean | null {
  let invited = false;
  for (const match of line.matchAll(INVITATION_WORDS)) {
    const before = line.slice(0, match.index);
    if (NEGATION_BEFORE.test(before)) return null;
    const after = line.slice(match.index + match[0].length);
    if (!pointsHere(after) && !(allowedBack && pointsToAllowed(before, after))) invited = true;
  }
  return invited;
}

/**
 * «Из вайбера все ушли, теперь все в Сферуме, пишите туда»: «туда» or «там»
 * right after the invitation word, and the place named last before it is
 * the allowed platform, not a banned messenger.
 */
function pointsToAllowed(before: string, after: string): boolean {
  if (!firstWords(after, 2).some((w) => THERE.has(w))) return false;
  const words = before.split(' ');
  for (let k = words.length - 1; k >= 0; k--) {
    const word = words[k] as string;
    if (ALLOWED_PLACE.test(word)) return true;
    if (NAME_START.test(word)) return false;
  }
  return false;
}

/** The first `count` words of a line of words (see WordLine), read without splitting the rest of it. */
function firstWords(line: string, count: number): string[] {
  const words: string[] = [];
  let at = 0;
  while (words.length < count) {
    while (line.charCodeAt(at) === 0x20) at++;
    if (at >= line.length) break;
    const space = line.indexOf(' ', at);
    const end = space === -1 ? line.length : space;
    words.push(line.slice(at, end));
    at = end;
  }
  return words;
}

/**
 * «продублирую вопрос здесь», «пишите сюда»: the invitation word points at
 * this chat when «здесь», «сюда» or «тут» follows within three words, before
 * any messenger name («пишите в телеграм, тут я редко бываю» still invites).
 */
function pointsHere(after: string): boolean {
  // Three words to look at and a few more for absentHere: the rest of the line is never split.
  const words = firstWords(after, 8);
  for (const [k, word] of words.slice(0, 3).entries()) {
    if (NAME_START.test(word)) return false;
    if (HERE.has(word)) return !absentHere(word, words.slice(k + 1));
  }
  return false;
}

/**
 * «скиньте в телегу, я здесь почти не сижу», «давайте туда, тут неудобно»: «здесь» or «тут» is
 * where the writer is not or does not want to be (not «сюда»).
 */
function absentHere(here: string, after: readonly string[]): boolean {
  if (here === 'сюда') return false;
  const next = after.find((w) => !['я', 'почти', 'вообще', 'совсем', 'практически', 'уже', 'очень', 'так'].includes(w));
  return next !== undefined && ['не', 'редко', 'неудобно', 'плохо', 'неудобный', 'тормозит', 'глючит', 'ничего'].includes(next);
}

/**
 * «Кто в ватсапе, я туда скинула список», «Кто ещё не в беседе в WhatsApp?
 * Напишите, я туда добавлю»: «туда» or «там» with an invitation word or a
 * sending verb (past ones too) points at the messenger named in this
 * sentence or the one before.
 */
function pointsBack(l: WordLine, sentence: number): boolean {
  if (l.sentenceFirst[sentence] === undefined) return false;
  const line = sentenceLine(l, sentence);
  const words = line.split(' ');
  const there = words.findIndex((w) => THERE.has(w));
  if (there === -1 || matches(BLOCKERS, line)) return false;
  // «Из вайбера ушли, теперь все в Сферуме, пишите туда»: the place named last is the allowed one.
  if (words.slice(0, there).some((w) => ALLOWED_PLACE.test(w))) return false;
  if (matches(SENT_THERE, line)) return true;
  for (const match of line.matchAll(INVITATION_WORDS)) {
    // «Пишите здесь, там я не отвечаю»: the invitation is to this chat, «там» is the other place.
    if (!NEGATION_BEFORE.test(line.slice(0, match.index)) && !pointsHere(line.slice(match.index + match[0].length))) return true;
  }
  return false;
}

/** The name is where someone is now (see PRESENT_BEFORE): its clause ends after it, and no blocker. */
function saysPresent(text: string, l: WordLine, sentence: number, nameEnd: number): boolean {
  const after = text.slice(nameEnd, nameEnd + 40);
  if (!CLAUSE_ENDS_AFTER.test(after) && !(STAY_AFTER.test(after) && CLAUSE_ENDS_AFTER.test(after.replace(STAY_AFTER, '')))) {
    return false;
  }
  return !matches(BLOCKERS, sentenceLine(l, sentence));
}

/** «про вотсап», «о телеграме и вайбере»: the name is what is talked or written about. */
const TOPIC_BEFORE = /(?:^| )(?:про|о|об)(?: [^ |]+ (?:и|или))? $/;
/** «там» or «туда» after the word `k` in its sentence. */
function thereAfter(l: WordLine, k: number): boolean {
  const sentence = l.sentenceOf[k];
  for (let j = k + 1; j < l.words.length && l.sentenceOf[j] === sentence; j++) {
    if (THERE.has(readWord((l.words[j] as WordToken).text))) return true;
  }
  return false;
}

/** A preposition of direction alone before the name: «в телегу!», «на дискорд!». */
const DIRECTION = /^(?:в|во|на)$/;
/** A locative ending: «в телеге!» answers where something was, it sends nobody. */
const LOCATIVE = /(?:е|и)$/;

/**
 * «В телегу!»: a sentence of nothing but «в»/«на» and the name, ended by «!», is a call to go
 * there. «В телеге!» (where something was seen) is not: the name is in the locative.
 */
function isBareCall(text: string, l: WordLine, nameIndex: number, nameEnd: number): boolean {
  const [first, last] = sentenceWords(l, l.sentenceOf[nameIndex] as number) ?? [-1, -1];
  if (nameIndex !== first + 1 || last !== nameIndex) return false;
  if (!DIRECTION.test(readWord((l.words[first] as WordToken).text))) return false;
  if (LOCATIVE.test(readWord((l.words[nameIndex] as WordToken).text))) return false;
  return /^\s*!/.test(text.slice(nameEnd, nameEnd + 4));
}

/** A word of moving the chat somewhere: «переезжаем», «переходим», «перебираемся». */
const MOVE_WORD = new RegExp(`^(?:${squeezePattern([...contextWords('move'), ...contextWords('move-next')].join('|'))})$`);
const PLACE_OR_NEGATION = /^(?:в|во|на|к|не|нельзя|здесь|тут|сюда|остаемся)$/;

/**
 * «Ватсап есть у всех? Переезжаем»: a short next sentence that only says «we move», with no place
 * of its own and no negation, moves people to the messenger just named. «В ватсапе спам.
 * Переезжаем в Сферум» names its own place; «Телеграм запрещён. Переезжаем?» is blocked.
 */
function movesNext(l: WordLine, sentence: number): boolean {
  const next = sentenceWords(l, sentence + 1);
  if (!next) return false;
  const [first, last] = next;
  if (last - first > 3) return false;
  let moved = false;
  for (let k = first; k <= last; k++) {
    const w = readWord((l.words[k] as WordToken).text);
    if (PLACE_OR_NEGATION.test(w) || HERE.has(w) || ALLOWED_PLACE.test(w)) return false;
    if (MOVE_WORD.test(w)) moved = true;
  }
  if (!moved) return false;
  return !matches(BLOCKERS, sentenceLine(l, sentence));
}

// ------------------------------------------------------- described places

const DESCRIPTIONS = readDataPairs('messenger-descriptions.txt').map(([id, source]) => ({
  messenger: asMessengerId(id, 'messenger-descriptions.txt'),
  pattern: sentencePattern(source),
}));
/** Cheap first look: a message without one of these roots describes no messenger. */
const DESCRIPTION_HINT = /самол[её]тик|дуров|з[её]л[её]н|фиолетов|сиренев|трубк/u;
/** …and one of these: every description names what it describes (a messenger, an app, a chat) or Дуров. */
const DESCRIPTION_NOUN = /мес+ен+дж|прил+ож|запрещ[её]н+к|кан+ал|ча+т|гр+уп+|дуров/u;
const PREPOSITION = /^(?:в|во|на|к)$/;
const TOPIC_WORD = /^(?:про|о|об)$/;

/**
 * «Давайте переберёмся в мессенджер с бумажным самолётиком», «айда в фиолетовый мессенджер»,
 * «у кого есть приложение Павла Дурова — переходим туда»: a banned messenger described rather
 * than named (data/messenger-descriptions.txt), in a sentence that asks people to go there — an
 * invitation word, not negated, not pointing here, no blocker — with the description after
 * «в/на/к» or followed by «туда/там». «Нарисуйте зелёное приложение с трубкой» asks nobody to go;
 * «Павел Дуров создал Telegram» is a mention.
 */
function findDescribedPlaces(n: NormalisedText): BannedMessengerVerdict[] {
  if (!DESCRIPTION_HINT.test(n.text) || !DESCRIPTION_NOUN.test(n.text)) return [];
  const l = lineOfWords(n, wordsOf(n));
  const verdicts: BannedMessengerVerdict[] = [];
  for (let sentence = 0; sentence < l.sentenceFirst.length; sentence++) {
    const first = l.sentenceFirst[sentence] as number;
    const line = sentenceLine(l, sentence);
    if (!DESCRIPTION_HINT.test(line)) continue;
    for (const { messenger, pattern } of DESCRIPTIONS) {
      pattern.lastIndex = 0;
      const match = pattern.exec(line);
      pattern.lastIndex = 0;
      if (!match) continue;
      // «запрещёнка» is the description itself: no rule or report here.
      const rest = `${line.slice(0, match.index)} ${line.slice(match.index + match[0].length)}`;
      if (matches(BLOCKERS, rest)) continue;
      const before = line
        .slice(0, match.index)
        .split(' ')
        .filter((w) => w !== '');
      const after = line.slice(match.index + match[0].length).split(' ');
      // «В статье про Павла Дурова обсудим …»: a description that is the topic sends nobody there.
      if (TOPIC_WORD.test(before.at(-1) ?? '') || TOPIC_WORD.test(before.at(-2) ?? '')) continue;
      const directed = before.slice(-3).some((w) => PREPOSITION.test(w)) || PREPOSITION.test(match[0].split(' ')[0] as string);
      if (!directed && !after.some((w) => THERE.has(w))) continue;
      if (invitedIn(line, false) !== true) continue;
      const a = l.words[wordAt(l, (l.offsets[first] as number) + match.index)] as WordToken;
      const b = l.words[wordAt(l, (l.offsets[first] as number) + match.index + match[0].length - 1)] as WordToken;
      verdicts.push({ rule: 'banned_messenger', messenger, kind: 'invitation', span: originalSpan(n, a.start, b.end) });
      break;
    }
  }
  return verdicts;
}

function matches(pattern: RegExp, line: string): boolean {
  pattern.lastIndex = 0;
  const found = pattern.test(line);
  pattern.lastIndex = 0;
  return found;
}

/** Whether a word (or letters joined from a spaced-out word) may start a messenger name (kept in its record). */
function mayStartName(word: string): boolean {
  return recordStartsName(recordOf(word));
}

/** Whether the word of a record may start a messenger name (kept in the record). */
function recordStartsName(record: WordRecord): boolean {
  return (record.nameStart ??= readWord(record.text)
    .split(' ')
    .some((part) => NAME_START.test(part)));
}

function findInvitations(n: NormalisedText, links: readonly BannedMessengerVerdict[]): BannedMessengerVerdict[] {
  const merged = mergedWords(n);
  // Nothing merged: the message's own word records answer.
  const named = merged === wordsOf(n) ? recordsOf(n).some(recordStartsName) : merged.some((word) => recordStartsName(recordOf(word.text)));
  if (!named) return [];
  const l = lineOfWords(n, merged);
  const verdicts: BannedMessengerVerdict[] = [];
  const invitingSentence = new Map<number, boolean>();
  // movesNext depends on the sentence only: every name in it gets the same answer.
  const movingSentence = new Map<number, boolean>();
  const moves = (sentence: number): boolean => {
    let moving = movingSentence.get(sentence);
    if (moving === undefined) {
      moving = movesNext(l, sentence);
      movingSentence.set(sentence, moving);
    }
    return moving;
  };
  for (const match of l.line.matchAll(MESSENGER_NAMES)) {
    const index = NAME_LINES.findIndex((_, i) => match.groups?.[`n${i}`] !== undefined);
    const name = NAME_LINES[index];
    if (!name) continue;
    const firstIndex = wordAt(l, match.index);
    const first = l.words[firstIndex] as WordToken;
    const last = l.words[wordAt(l, match.index + match[0].length - 1)] as WordToken;
    const span = originalSpan(n, first.start, last.end);
    // A name inside a link («telegram.me/…») is already reported as the link.
    if (links.some((link) => link.span.start < span.end && span.start < link.span.end)) continue;
    // «кроме вотсапа», «а не в телеграм» — but «кто не в телеге, подключайтесь» asks them in.
    const before = l.line.slice(Math.max(0, match.index - 24), match.index);
    if (SET_ASIDE_BEFORE.test(before) && !/(?:^| )кто (?:еще )?не (?:в|на) $/.test(before)) continue;
    // «можно про WhatsApp и Telegram писать?»: a name that is the topic is only talked about.
    // «Про Telegram: я там уже создала чат, добавляйтесь туда» is a heading, not a topic.
    if (TOPIC_BEFORE.test(before) && !thereAfter(l, firstIndex)) continue;
    const sentence = l.sentenceOf[firstIndex] as number;
    let inviting = invitingSentence.get(sentence);
    if (inviting === undefined) {
      inviting = isInvitation(n.text, l, sentence) || pointsBack(l, sentence) || pointsBack(l, sentence + 1);
      invitingSentence.set(sentence, inviting);
    }
    // «В телегу!», «ватсап есть у всех? переезжаем»: a bare call to go, or a move right after.
    if (!inviting) inviting = isBareCall(n.text, l, firstIndex, last.end) || moves(sentence);
    if (!inviting) {
      // «Не переносите обсуждение в вайбер»: a forbidden move sends nobody there.
      const lead = l.line.slice(Math.max(0, match.index - 80), match.index);
      if (!NEGATED_MOVE.test(lead)) {
        if (PRESENT_BEFORE.test(l.line.slice(0, match.index))) inviting = saysPresent(n.text, l, sentence, last.end);
        inviting ||= MOVE_BEFORE.test(lead);
      }
    }
    if (inviting) verdicts.push({ rule: 'banned_messenger', messenger: name.messenger, kind: 'invitation', span });
  }
  return verdicts;
}

// ----------------------------------------------------------------- handles

const HANDLE_LABELS = readDataPairs('handle-labels.txt').map(([id, label]) => ({
  messenger: asMessengerId(id, 'handle-labels.txt'),
  label,
}));
/** «tg: @klass_5b», «мой тг — masha_art»: label, «:» or a dash, an account name with a Latin letter. */
const LABELLED_HANDLE = new RegExp(
  `(?<![a-zа-я0-9])(?:${HANDLE_LABELS.map(({ label }, i) => `(?<h${i}>${label})`).join('|')})` +
    String.raw`\s*(?::|-)\s*@?(?=[a-z0-9_.]*[a-z])[a-z0-9_.]{4,}(?:#\d{4})?(?![a-z0-9_.])`,
  'g',
);

/** Every label as a plain word: a message without one needs no search. */
const LABEL_WORDS: ReadonlySet<string> = new Set(HANDLE_LABELS.flatMap(({ label }) => label.split('|')));

function findLabelledHandles(n: NormalisedText): BannedMessengerVerdict[] {
  if (!recordsOf(n).some((r) => (r.handleLabel ??= LABEL_WORDS.has(r.text)))) return [];
  const verdicts: BannedMessengerVerdict[] = [];
  for (const match of n.text.matchAll(LABELLED_HANDLE)) {
    const index = HANDLE_LABELS.findIndex((_, i) => match.groups?.[`h${i}`] !== undefined);
    const label = HANDLE_LABELS[index];
    if (!label) continue;
    verdicts.push({
      rule: 'banned_messenger',
      messenger: label.messenger,
      kind: 'invitation',
      span: originalSpan(n, match.index, match.index + match[0].length),
    });
  }
  return verdicts;
}

/** Links to banned messengers and invitations into them; empty when there are none. */
export function detectBannedMessengers(text: string | NormalisedText): BannedMessengerVerdict[] {
  const n = typeof text === 'string' ? normaliseText(text) : text;
  const links = findLinks(n);
  const found = [...links, ...findInvitations(n, links)];
  for (const described of findDescribedPlaces(n)) {
    if (!found.some((v) => v.span.start < described.span.end && described.span.start < v.span.end)) found.push(described);
  }
  for (const handle of findLabelledHandles(n)) {
    if (!found.some((v) => v.span.start < handle.span.end && handle.span.start < v.span.end)) found.push(handle);
  }
  return found.sort((a, b) => a.span.start - b.span.start);
}
