/**
 * Health details of a person who can be told (003 8.3: what is known about a
 * person serves the school's teaching only, and a child's diagnosis is the
 * most sensitive of it): «У Вани Петрова эпилепсия», «у моей дочки диабет»,
 * «Маша болеет ветрянкой».
 *
 * A sentence is reported when it has a condition word (a diagnosis, illness
 * or condition: data/health-words.txt) and says whose it is:
 *   - a name — a first name (data/first-names.txt, any case form) or a
 *     capitalised word that does not start the sentence («у Сидоровых»);
 *   - a relative of the writer («сын», «дочка», «внук»), or a child made
 *     someone's by a possessive («мой ребёнок», «у нашего мальчика»);
 *   - «у него», «у неё» in a message that names someone.
 * A sentence about a topic, a campaign or a lesson — «карантин по гриппу»,
 * «доклад про диабет», «прививки от кори» — is not about anyone's health.
 * Abbreviations in capitals (ОРВИ, СДВГ) are condition words, never names.
 */
import { readDataPairs, readDataRoles } from './data.js';
import { FIRST_NAMES } from './names.js';
import { allCapitals, isCapitalised, recordOf, recordsOf, wordsOf, type NormalisedText, type WordRecord, type WordToken } from './normalise.js';

export interface HealthSpan {
  readonly start: number;
  readonly end: number;
}

const WORDS = readDataPairs('health-words.txt');
const role = readDataRoles('health-words.txt');
const wordPattern = (name: string): RegExp => new RegExp(`^(?:${role(name)})$`, 'u');
const CONDITION = wordPattern('condition');
const KIN = wordPattern('kin');
const POSSESSIVE = wordPattern('possessive');
const CHILD = wordPattern('child');
const PRONOUN = wordPattern('pronoun');
const TOPIC = wordPattern('topic');
const DAY_TOPIC = wordPattern('day-topic');
const DAY = /^(?:день|дня|дню|днем|дне)$/;

/** Words after which a capitalised word is the condition's name, not a person's («синдром Дауна»). */
const EPONYM_BEFORE = /^(?:синдром(?:а|е|ом|ы|ами)?|болезн(?:ь|и|ью)?)$/;

/** Capitalised words that are not people. */
const NOT_NAMES: ReadonlySet<string> = new Set([
  'сферум',
  'госуслуги',
  'госуслугах',
  'госуслуг',
  'max',
  'макс',
  'москва',
  'москве',
  'россия',
  'россии',
  'рф',
  'covid',
  'ковид',
  'дневник',
  'мэш',
  'роспотребнадзор',
  'минздрав',
  'воз',
  'здравствуйте',
  'добрый',
  'спасибо',
]);

/** The first three letters (or the whole word, if shorter) of every condition word. */
const CONDITION_STARTS: ReadonlySet<string> = new Set(
  WORDS.filter(([r]) => r === 'condition')
    .flatMap(([, p]) => p.split('|'))
    .map((alternative) => {
      const literal = /^[a-zа-яё]+/.exec(alternative)?.[0] ?? '';
      if (literal.length < Math.min(3, alternative.replace(/\\p\{L\}\*$/, '').length)) {
        throw new Error(`etiquette data health-words.txt: condition "${alternative}" must start with three letters`);
      }
      return literal.slice(0, 3);
    }),
);
const TOPIC_STARTS: ReadonlySet<string> = new Set(
  WORDS.filter(([r]) => r === 'topic')
    .flatMap(([, p]) => p.split('|'))
    .map((a) => (/^[a-zа-я]+/.exec(a)?.[0] ?? '').slice(0, 3)),
);

/** A condition word: its first letters are looked up before the long pattern is run. */
function isCondition(word: string): boolean {
  return (CONDITION_STARTS.has(word.slice(0, 3)) || CONDITION_STARTS.has(word)) && CONDITION.test(word);
}

/** Quick test: a condition word anywhere in the text. */
const HINT = new RegExp(
  `(?<![\\p{L}])(?:${WORDS.filter(([r]) => r === 'condition')
    .map(([, p]) => p)
    .join('|')})(?![\\p{L}])`,
  'u',
);

/** Health details of named or identified people in a normalised message (normalised offsets). */
export function findHealthDetails(n: NormalisedText): HealthSpan[] {
  // Only a sentence with a condition word is reported: word by word (each word's answer kept
  // in its record) before the whole list is run over the text.
  const records = recordsOf(n);
  if (!records.some((r) => (r.condition ??= hasCondition(plainText(r.text))))) return [];
  const words = wordsOf(n);
  if (!HINT.test(n.text)) return [];
  const sentences: Array<[number, number]> = [];
  let first = 0;
  for (let k = 1; k <= words.length; k++) {
    if (k === words.length || (endsSentence(n.text, (words[k - 1] as WordToken).end, (words[k] as WordToken).start) && !isInitial(n, words, k - 1))) {
      sentences.push([first, k - 1]);
      first = k;
    }
  }
  let namedCache: boolean | undefined;
  const named = (): boolean => (namedCache ??= sentences.some(([a, b]) => hasName(n, words, a, b)));
  const found: HealthSpan[] = [];
  for (const [a, b] of sentences) {
    // Only sentences with a condition word are looked at word by word.
    const from = (words[a] as WordToken).start;
    const to = (words[b] as WordToken).end;
    let condition = -1;
    let topic = false;
    for (let k = a; k <= b && !topic; k++) {
      const w = plain(words[k] as WordToken);
      // Kept in the word's record (the gate above filled it for the words up to the first one).
      if (condition === -1 && ((records[k] as WordRecord).condition ??= hasCondition(w))) {
        // «аутист какой-то», «какой-то инвалид»: a label thrown at someone, not a diagnosis told.
        if (!isVagueLabel(words, k) && !isFigurativeDiagnosis(words, k)) condition = k;
      }
      // A topic makes the sentence a topic («карантин по гриппу», «Синдром Дауна — презентация»);
      // in a later clause of a named child's illness («… с гепатитом, мы все на карантине») it does not.
      else if (condition === -1 || !commaBetween(n.text, (words[condition] as WordToken).end, (words[k] as WordToken).start)) {
        topic = (TOPIC_STARTS.has(w.slice(0, 3)) && TOPIC.test(w)) || (DAY_TOPIC.test(w) && k < b && DAY.test(plain(words[k + 1] as WordToken)));
      }
    }
    if (condition === -1 || topic) continue;
    if (!identified(n, words, a, b, named)) continue;
    found.push({ start: from, end: to });
  }
  return found;
}

const VAGUE = /^как(?:ой|ая|ое|ие|ого|ую|им|их)-то$/;
/** Words that may stand between «это» and a figurative «диагноз»: «это просто диагноз». */
const DIAGNOSIS_FILLER = /^(?:просто|прямо|же|уже|ну|конечно|сплошной|ходячий|настоящий|целый)$/;

/**
 * «Ваша Катя — это просто диагноз», «он у вас, конечно, диагноз»: the bare word «диагноз» said of
 * someone with «это» before it is a jibe, not a diagnosis told. «Ему поставили диагноз СДВГ» keeps its condition.
 */
function isFigurativeDiagnosis(words: readonly WordToken[], k: number): boolean {
  if (!/^диагноз$/.test(plain(words[k] as WordToken))) return false;
  for (let j = k - 1; j >= Math.max(0, k - 3); j--) {
    const w = plain(words[j] as WordToken);
    if (w === 'это') return true;
    if (!DIAGNOSIS_FILLER.test(w)) return false;
  }
  return false;
}

/** «какой-то» right before or after the word `k`: the word is used as a label. */
function isVagueLabel(words: readonly WordToken[], k: number): boolean {
  const near = (j: number): boolean => j >= 0 && j < words.length && VAGUE.test(plain(words[j] as WordToken));
  return near(k - 1) || near(k + 1);
}

/** Whether text[from, to) holds a sentence end: . ! ? or a line break (scanned without a slice). */
function endsSentence(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const code = text.charCodeAt(i);
    if (code === 0x2e || code === 0x21 || code === 0x3f || code === 0x0a) return true;
  }
  return false;
}

function commaBetween(text: string, from: number, to: number): boolean {
  const comma = text.indexOf(',', from);
  return comma !== -1 && comma < to;
}

/**
 * «Никитина Т. А. имеет …», «Т.А.»: capital letters alone before a full stop are initials, not a
 * sentence end. After a number the letter is a class («в 5 Б. Маша болеет…»): the sentence ends.
 */
function isInitial(n: NormalisedText, words: readonly WordToken[], k: number): boolean {
  const word = words[k] as WordToken;
  if (!/^\p{L}(?:\.\p{L})*\.?$/u.test(word.text) || !isCapitalised(n, word.start)) return false;
  return k === 0 || !/^\p{N}+$/u.test((words[k - 1] as WordToken).text);
}

/** A condition word, or a hyphenated word with one among its parts. */
function hasCondition(w: string): boolean {
  return isCondition(w) || (w.includes('-') && w.split('-').some(isCondition));
}

/** The word's letters, digits and dashes (kept in its record: every word of a sentence is read several times). */
function plain(word: WordToken): string {
  return (recordOf(word.text).plain ??= plainText(word.text));
}

/** A condition word (kept in the record of the word `w`, letters, digits and dashes only). */
function conditionWord(w: string): boolean {
  return (recordOf(w).condition ??= hasCondition(plainText(w)));
}

function plainText(word: string): string {
  return word.replace(/[^\p{L}\p{N}-]/gu, '');
}

function isName(n: NormalisedText, words: readonly WordToken[], k: number, sentenceStart: number): boolean {
  const word = words[k] as WordToken;
  const w = plain(word);
  if (w.length < 3 || NOT_NAMES.has(w) || conditionWord(w)) return false;
  // «синдром Дауна», «болезнь Крона»: a capitalised word right after such a word names the condition.
  if (k > 0 && EPONYM_BEFORE.test(plain(words[k - 1] as WordToken))) return false;
  if (FIRST_NAMES.has(w)) return isCapitalised(n, word.start) || k === sentenceStart;
  // «Амина Рябова …» at the start: a capitalised word followed by a capitalised surname.
  const next = words[k + 1];
  if (
    k === sentenceStart &&
    next &&
    isCapitalised(n, word.start) &&
    isCapitalised(n, next.start) &&
    /^ $/.test(n.text.slice(word.end, next.start)) &&
    /(?:ов|ев|ин|ын|ова|ева|ина|ына|ский|ская|ко|ук|юк|ых|их)$/.test(plain(next))
  )
    return true;
  // «Никитина Т.А. …» at the start: a capitalised word before initials.
  if (k === sentenceStart && next && isCapitalised(n, word.start) && isInitial(n, words, k + 1) && /^[а-я-]+$/.test(w)) return true;
  return k !== sentenceStart && isCapitalised(n, word.start) && !allCapitals(n, word) && /^[а-я-]+$/.test(w);
}

function hasName(n: NormalisedText, words: readonly WordToken[], a: number, b: number): boolean {
  for (let k = a; k <= b; k++) if (isName(n, words, k, a)) return true;
  return false;
}

function identified(n: NormalisedText, words: readonly WordToken[], a: number, b: number, named: () => boolean): boolean {
  for (let k = a; k <= b; k++) {
    const w = plain(words[k] as WordToken);
    if (KIN.test(w)) return true;
    if (CHILD.test(w) && k > a && POSSESSIVE.test(plain(words[k - 1] as WordToken))) return true;
    if (isName(n, words, k, a)) return true;
    if (PRONOUN.test(w) && k > a && plain(words[k - 1] as WordToken) === 'у' && named()) return true;
  }
  return false;
}
