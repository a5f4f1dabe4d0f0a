/**
 * Phone numbers spelled in words (issue 22, blind batch G): «восемь девятьсот
 * двадцать шесть, сто сорок пять, семнадцать, ноль девять», «плюс семь,
 * девятьсот шестнадцать, …», mixed with digits («8 девятьсот пять 312 сорок
 * четыре 60») or with letters standing for digits («восемь 9ОЗ тире 555»).
 *
 * The message is read as a run of number tokens: number words (a group is
 * hundreds, tens and units, «девятьсот пять» = 905, «сорок четыре» = 44,
 * «ноль» a digit of its own), digit groups, and digit groups with «о»/«з»
 * for 0/3 («9оз»), joined by spaces, commas, dashes or the word «тире». A run
 * with at least one number word or lettered group whose digits make a Russian mobile or city
 * number (eleven digits from 7 or 8, or «плюс семь» and ten more) is a phone.
 * Runs of digits alone are personal-data.ts's job.
 */
import type { NormalisedText } from './normalise.js';

const UNITS: Readonly<Record<string, number>> = {
  ноль: 0,
  нуль: 0,
  один: 1,
  одна: 1,
  два: 2,
  две: 2,
  три: 3,
  четыре: 4,
  пять: 5,
  шесть: 6,
  семь: 7,
  восемь: 8,
  девять: 9,
};
const TEENS: Readonly<Record<string, number>> = {
  десять: 10,
  одиннадцать: 11,
  двенадцать: 12,
  тринадцать: 13,
  четырнадцать: 14,
  пятнадцать: 15,
  шестнадцать: 16,
  семнадцать: 17,
  восемнадцать: 18,
  девятнадцать: 19,
};
const TENS: Readonly<Record<string, number>> = {
  двадцать: 20,
  тридцать: 30,
  сорок: 40,
  пятьдесят: 50,
  шестьдесят: 60,
  семьдесят: 70,
  восемьдесят: 80,
  девяносто: 90,
};
const HUNDREDS: Readonly<Record<string, number>> = {
  сто: 100,
  двести: 200,
  триста: 300,
  четыреста: 400,
  пятьсот: 500,
  шестьсот: 600,
  семьсот: 700,
  восемьсот: 800,
  девятьсот: 900,
};

/** Letters written for digits: «о» for 0, «з» for 3, Latin «i» and «l» for 1. */
const LETTER_DIGITS = /[озil]/g;
const LETTER_DIGIT: Readonly<Record<string, string>> = { о: '0', з: '3', i: '1', l: '1' };

/** What may stand between tokens of one number. */
const GAP = /^(?:[ ,\-–—()]{1,3}|[ ,]*тире[ ,]*)$/;

/** A whole number word, or digits with «о»/«з» among them («9оз»). */
const MAY_HAVE_SPELLED = new RegExp(
  `(?<![а-я])(?:${[UNITS, TEENS, TENS, HUNDREDS].flatMap((table) => Object.keys(table)).join('|')})(?![а-я])|\\d[оз]|[оз]\\d`,
);

interface Piece {
  readonly start: number;
  readonly end: number;
  readonly word: string;
}

/** Where a phone number spelled (partly) in words stands, in normalised offsets. */
export function findSpelledPhones(n: NormalisedText): Array<{ start: number; end: number; digits: string }> {
  const text = n.text;
  // Most messages have no number word at all: one scan with no tokens built.
  if (!MAY_HAVE_SPELLED.test(text)) return [];
  const pieces: Piece[] = [];
  // A token: digits (with «о»/«з» read as 0/3, Latin «i»/«l» as 1), a word, or «+».
  for (const match of text.matchAll(/[0-9озil]*[0-9][0-9озil]*|[а-я]+|\+/g)) {
    pieces.push({ start: match.index, end: match.index + match[0].length, word: match[0] });
  }
  const found: Array<{ start: number; end: number; digits: string }> = [];
  let k = 0;
  while (k < pieces.length) {
    const run = readRun(text, pieces, k);
    if (run) {
      found.push({ start: run.start, end: run.end, digits: run.digits });
      k = run.next;
    } else {
      k++;
    }
  }
  return found;
}

function isNumberWord(word: string): boolean {
  return word in UNITS || word in TEENS || word in TENS || word in HUNDREDS;
}

/**
 * Reads a run of number tokens from piece k: its digits, and whether a number
 * word was in it. Returns the span when the digits make a Russian phone.
 */
function readRun(text: string, pieces: readonly Piece[], k: number): { start: number; end: number; next: number; digits: string } | null {
  const first = pieces[k] as Piece;
  let plus = false;
  let j = k;
  if (first.word === 'плюс' || first.word === '+') {
    plus = true;
    j++;
  }
  let digits = '';
  let words = 0;
  let last = -1;
  // No phone has more than 12 digits: a longer run (a list of numbers) ends here, so a run never reads a whole long message.
  while (j < pieces.length && digits.length <= 12) {
    const piece = pieces[j] as Piece;
    if (j > k) {
      const previous = pieces[j - 1] as Piece;
      if (!GAP.test(text.slice(previous.end, piece.start))) break;
    }
    // «9ОЗ 6I2 ЗЗ 7I»: a group of letters for digits alone counts after a group of digits.
    if (/[0-9]/.test(piece.word) || (last === j - 1 && last !== -1 && /^[оз]{2,4}$/.test(piece.word))) {
      digits += piece.word.replace(LETTER_DIGITS, (letter) => LETTER_DIGIT[letter] as string);
      // «9оз»: letters for digits hide a number as words do.
      if (/[озil]/.test(piece.word)) words++;
      last = j;
      j++;
      continue;
    }
    if (piece.word === 'тире') {
      j++;
      continue;
    }
    if (!isNumberWord(piece.word)) break;
    // One group: hundreds, then tens or a teen, then a unit.
    let value = '';
    const h = HUNDREDS[piece.word];
    let at = j;
    const next = (): string | undefined => {
      const p = pieces[at + 1];
      if (!p || !/^ +$/.test(text.slice((pieces[at] as Piece).end, p.start))) return undefined;
      return p.word;
    };
    if (h !== undefined) {
      let rest = 0;
      const w1 = next();
      if (w1 !== undefined && (w1 in TENS || w1 in TEENS)) {
        rest = (TENS[w1] ?? TEENS[w1]) as number;
        at++;
        const w2 = next();
        if (w1 in TENS && w2 !== undefined && w2 in UNITS && UNITS[w2] !== 0) {
          rest += UNITS[w2] as number;
          at++;
        }
      } else if (w1 !== undefined && w1 in UNITS && UNITS[w1] !== 0) {
        rest = UNITS[w1] as number;
        at++;
      }
      value = String(h + rest);
      // «девятьсот 15»: the hundreds in a word, the rest in digits (915); «девятьсот 915»: the
      // word said and then written, one group (915, not 900915).
      if (rest === 0 && w1 !== undefined && /^\d{1,3}$/.test(w1)) {
        if (w1.length <= 2) {
          value = String(h + Number(w1));
          at++;
        } else if (Number(w1[0]) === h / 100) {
          value = w1;
          at++;
        }
      }
    } else if (piece.word in TENS) {
      let v = TENS[piece.word] as number;
      const w1 = next();
      if (w1 !== undefined && w1 in UNITS && UNITS[w1] !== 0) {
        v += UNITS[w1] as number;
        at++;
      }
      value = String(v);
    } else if (piece.word in TEENS) {
      value = String(TEENS[piece.word]);
    } else {
      value = String(UNITS[piece.word]);
    }
    digits += value;
    words++;
    last = at;
    j = at + 1;
  }
  // A number word or a letter-for-digit was read, so `last` is set.
  if (words === 0) return null;
  const phone = plus ? /^7[3489]\d{8}$/.test(digits) : /^[78][3489]\d{9}$/.test(digits);
  if (!phone || /^[78]800/.test(digits)) return null;
  return { start: first.start, end: (pieces[last] as Piece).end, next: last + 1, digits };
}
