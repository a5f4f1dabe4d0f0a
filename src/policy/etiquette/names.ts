/**
 * People's names in a message, for the detectors that must not take a name
 * for a word: «Сукина Анна» and «А. Дураков» are people, not insults (issue
 * 22), and «У Маши ветрянка» is about a person (health.ts).
 *
 *   - first names: data/first-names.txt with their case forms derived;
 *   - a surname: a capitalised word of a surname's shape (-ов, -ева, -ин,
 *     -ский, -енко…) next to a first name, a patronymic or initials
 *     («Дураков Лев», «Сукин Павел Андреевич», «А. Дураков», «Дураков А.В.»),
 *     or any capitalised word the organisation knows as a word of one of its
 *     people's names (`knownNames`, see src/conduct/known-names.ts).
 */
import { readDataLines } from './data.js';
import { allCapitals, isCapitalised, type NormalisedText, type WordToken } from './normalise.js';

/** First names in every case form: «маша», «маши», «маше», «машу», «машей». */
export const FIRST_NAMES: ReadonlySet<string> = (() => {
  const forms = new Set<string>();
  for (const line of readDataLines('first-names.txt')) {
    for (const raw of line.split(/\s+/)) {
      const name = raw.replace(/ё/g, 'е');
      forms.add(name);
      const stem = name.slice(0, -1);
      if (/[ая]$/.test(name)) for (const e of ['а', 'я', 'ы', 'и', 'е', 'у', 'ю', 'ой', 'ей', 'ою', 'ею']) forms.add(stem + e);
      else if (/[ьй]$/.test(name)) for (const e of ['я', 'ю', 'ем', 'е', 'и', 'ей']) forms.add(stem + e);
      else for (const e of ['а', 'у', 'ом', 'е', 'ы']) forms.add(name + e);
    }
  }
  return forms;
})();

const SURNAME_SHAPE = /(?:(?:ов|ев|ин|ын)(?:а|у|ым|ой|ом|ы|ых|ыми)?|(?:ск|цк)(?:ий|ая|ого|ой|ому|ую|ие|их)|енко|ук|юк|ых|их)$/;
const PATRONYMIC = /(?:вич|вна|ична|вича|вны|вичу|вне|вной|вичем)$/;

function plain(word: WordToken): string {
  return word.text.replace(/[^\p{L}-]/gu, '');
}

/** An initial or two: «А», «А.В» — one or two capital letters, each followed by a dot in the text. */
function isInitials(n: NormalisedText, word: WordToken): boolean {
  if (!/^[а-я](?:\.[а-я])?$/.test(word.text)) return false;
  return isCapitalised(n, word.start) && n.text[word.end] === '.';
}

/** Whether word k of the message is (part of) a person's name rather than a word. */
export function isPersonName(n: NormalisedText, words: readonly WordToken[], k: number, knownNames?: ReadonlySet<string>): boolean {
  const word = words[k] as WordToken;
  if (!isCapitalised(n, word.start)) return false;
  const w = plain(word);
  if (knownNames?.has(w)) return true;
  if (!SURNAME_SHAPE.test(w)) return false;
  const neighbour = (j: number): boolean => {
    const other = words[j];
    if (!other) return false;
    const between = j < k ? n.text.slice(other.end, word.start) : n.text.slice(word.end, other.start);
    if (!/^[ .,]{0,3}$/.test(between.replace(/\.$/, ''))) return false;
    const o = plain(other);
    return isInitials(n, other) || (isCapitalised(n, other.start) && (FIRST_NAMES.has(o) || PATRONYMIC.test(o)));
  };
  // «Дураков и Скотникова»: two capitalised surnames joined by «и».
  const joined = (j: number): boolean => {
    const other = words[j];
    if (!other) return false;
    const between = j < k ? n.text.slice(other.end, word.start) : n.text.slice(word.end, other.start);
    return between === ' и ' && isCapitalised(n, other.start) && SURNAME_SHAPE.test(plain(other));
  };
  // «Скотникова, Гадюкин, Лохов — подойдите»: a roll-call, capitalised surnames listed with commas.
  const listed = (j: number): boolean => {
    const other = words[j];
    if (!other) return false;
    const between = j < k ? n.text.slice(other.end, word.start) : n.text.slice(word.end, other.start);
    return /^, $/.test(between) && isCapitalised(n, other.start) && !allCapitals(n, other) && SURNAME_SHAPE.test(plain(other));
  };
  return neighbour(k - 1) || neighbour(k + 1) || joined(k - 2) || joined(k + 2) || listed(k - 1) || listed(k + 1) || afterPreposition(n, words, k);
}

/** Prepositions that put a person in an oblique case: «рядом с Хреновым», «у Сукиной», «к Лохову». */
const PERSON_PREPOSITIONS: ReadonlySet<string> = new Set(['с', 'со', 'у', 'к', 'ко', 'от', 'для', 'про', 'о', 'об', 'при', 'за', 'перед', 'между']);
/** A surname's oblique case: «-ым», «-ой», «-ову», «-ину», «-ского»… (not the nominative). */
const OBLIQUE_SURNAME = /(?:(?:ов|ев|ин|ын)(?:а|у|ым|ой|ом|ых|ыми)|(?:ск|цк)(?:ого|ой|ому|ую|им))$/;

/**
 * «Кто сидит рядом с Хреновым, передайте ему…»: inside a sentence (not its
 * first word, not in capitals throughout), a capitalised surname in an oblique
 * case right after a preposition is a person; a swear word is not capitalised
 * there.
 */
function afterPreposition(n: NormalisedText, words: readonly WordToken[], k: number): boolean {
  const word = words[k] as WordToken;
  const before = words[k - 1];
  if (!before || n.text.slice(before.end, word.start) !== ' ') return false;
  if (!PERSON_PREPOSITIONS.has(before.text) || allCapitals(n, word)) return false;
  return OBLIQUE_SURNAME.test(plain(word));
}
