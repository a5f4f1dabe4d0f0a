/**
 * Home addresses posted in a group chat (003 8.3: what is known about a
 * person serves the school's teaching and nothing else; a class chat is no
 * place for where a family lives).
 *
 * A street and a house number alone are not reported: schools, museums and
 * meeting points have addresses too («сбор у музея, ул. Ленина, 15»). An
 * address is somebody's home when it has
 *   - a flat («кв. 12», «квартира 45») next to a street, a house or a «we
 *     live» word — «ул. Садовая, д. 7, кв. 12», «живём в доме 5, кв. 3»;
 *   - or a street and a house with a «we live» word in the same sentence,
 *     or a staircase, floor or door-phone code — «мы живём на ул. Мира, 8»,
 *     «Садовая 12, подъезд 2, домофон 45»;
 *   - or a «we live» word followed by a capitalised street name and a number —
 *     «живём на Садовой 12», «прописаны: Лесная, 4-17».
 * A school, shop or museum in the sentence makes a street and house theirs
 * («приходите к нам в школу, ул. Мира, 8»). The words are in
 * data/address-words.txt.
 */
import { readDataRoles } from './data.js';
import { isCapitalised, recordsOf, type NormalisedText } from './normalise.js';

export interface AddressSpan {
  readonly start: number;
  readonly end: number;
}

const role = readDataRoles('address-words.txt');

const B = String.raw`(?<![\p{L}\p{N}])`;
const E = String.raw`(?![\p{L}])`;
/** A house number: «5», «12а», «7/2», «14к1», «д. 5 корп. 2». */
/** Not a house inside a run of dashed groups: «8-800-100-49-10» is a phone number. */
const HOUSE_NUMBER = String.raw`(?<!\d|\d\s?[-/]\s?)\d{1,4}(?:\s?[а-я](?![\p{L}]))?(?:\s*[/к-]\s*\d{1,4})?(?!\d|[.:,]\d|\s?[-/]\s?\d)`;
/** A street word, its name (up to three words), a house number: «ул. Ленина, 5», «проспект Мира д. 12». */
const STREET_HOUSE = new RegExp(
  `${B}(?:${role('street')})${E}\\.?\\s*(?:[\\p{L}\\d-]+\\.?\\s*){1,3}?,?\\s*(?:(?:${role('house')})${E}\\.?\\s*№?\\s*)?${HOUSE_NUMBER}`,
  'gu',
);
/** «Пушкинская ул., 12», «Вишнёвый тупик 6». */
const STREET_AFTER = new RegExp(
  `(?<![\\p{L}\\p{N}])\\p{L}{4,}\\s(?:${role('street')})${E}\\.?,?\\s*(?:(?:${role('house')})${E}\\.?\\s*)?${HOUSE_NUMBER}`,
  'gu',
);
/** «д. 7», «дом 14». */
const HOUSE = new RegExp(`${B}(?:${role('house')})${E}\\.?\\s*№?\\s*${HOUSE_NUMBER}`, 'gu');
/** «кв. 12», «квартира 45». */
const FLAT = new RegExp(`${B}(?:${role('flat')})${E}\\.?\\s*№?\\s*\\d{1,4}(?!\\d)`, 'gu');
/** Words that say the address is where someone lives. */
const LIVES = new RegExp(`${B}(?:${role('lives')})${E}`, 'u');
/** A staircase, floor or door phone: only homes have them spoken of in a chat. */
const ENTRANCE = new RegExp(`${B}(?:${role('entrance')})${E}`, 'u');
/** A school, museum or shop in the sentence: the address is theirs. */
const PUBLIC = new RegExp(`${B}(?:${role('public')})${E}`, 'u');
/** «живём на Садовой 12», «по адресу: Лесная, 4-17». */
const NAME_NUMBER = /(?<![\p{L}\p{N}])(\p{L}{3,}(?:\s\p{L}{3,})?),?\s(\d{1,4}(?:\s?[а-я](?![\p{L}]))?(?:\s?[-/]\s?\d{1,4})?)(?![\d\p{L}]|[.:,]\d)/gu;
/** A sentence end; not the full stop of an address abbreviation («д. Ключи, ул. Заречная, 3»). */
const SENTENCE_ENDS = /(?<!(?<![\p{L}])(?:д|дер|с|п|пос|х|ул|кв|корп|стр|г|обл|пр|пер|мкр|наб|пл|ш|комн|ком|к))[.!?\n](?=\s)|[!?\n](?=\s)/gu;
const SENTENCE_START = /(?:^|[.!?\n]\s*)$/;
/**
 * Quick tests: no address without one of these. Without the look-behind of the patterns they
 * gate (so a little wider), a scan of the text can jump to the words' first letters.
 */
const HINT = new RegExp(`(?:${role('street')}|${role('house')}|${role('flat')}|${role('lives')}|${role('entrance')}|${role('dorm')})${E}`, 'u');
/** A flat, a «we live» word, a staircase or floor, a hall of residence: what makes an address a home. */
const HOME_HINT = new RegExp(`(?:${role('flat')}|${role('lives')}|${role('entrance')}|${role('dorm')})${E}|${B}(?:${role('village')})${E}`, 'u');
/**
 * A village, hamlet or settlement right before a street and a house («д. Ключи, ул. Заречная, 3»,
 * «в деревне Сосновка улица Лесная 5»), or named in the message before it: in a village the
 * street and house are a family's, unless a school or shop is in the sentence.
 */
const VILLAGE = new RegExp(`${B}(?:${role('village')})${E}`, 'u');
/** A trip, a camp or a meeting point in the village: «сбор там в 9:30». */
const NOT_HOME_VILLAGE = new RegExp(`${B}(?:${role('village-public')})${E}`, 'u');
/** Not a landmark on the way: no «за», «у», «к», «возле»… (and maybe an adjective) before the place. */
const NOT_A_LANDMARK = String.raw`(?<!(?:^|[^\p{L}])(?:за|у|к|ко|возле|около|напротив|рядом\sс|рядом\sсо|мимо|после|перед|до|от)\s(?:\p{L}+\s)?)`;
const PUBLIC_AFTER = new RegExp(`${NOT_A_LANDMARK}${B}(?:${role('public')})${E}`, 'u');
const NOT_HOME_VILLAGE_AFTER = new RegExp(`${NOT_A_LANDMARK}${B}(?:${role('village-public')})${E}`, 'u');
/** A village word and its name (one or two words, a comma) right before a house: «деревня Ключи, дом 5». */
const VILLAGE_HOUSE_LEAD = new RegExp(`${B}(?:${role('village')})${E}\\.?\\s*(?:(?:[\\p{L}-]+\\s+)?[\\p{L}-]+)?,?\\s*$`, 'u');
const DORM = new RegExp(`${B}(?:${role('dorm')})${E}`, 'u');
/** «к. 217», «в 218 комнате», «117-я комната» (not «300 комнат»). */
const DORM_ROOM =
  /(?<![\p{L}\p{N}])к\.\s*\d{1,4}(?!\d)|(?<![\p{L}])в\s+\d{1,4}\s*(?:-?[йю]\s*)?комнат[еу](?![\p{L}])|(?<![\p{L}\p{N}])\d{1,4}\s*-\s*[яй]\s+комнат[аы](?![\p{L}])/gu;
/** «25-140», «12/3»: a house and a flat. */
const HOUSE_FLAT = /\d\s?[-/]\s?\d/;

/** The words that may open an address or say it is a home, matched whole (cached per word). */
const ADDRESS_WORD = new RegExp(
  `^(?:${role('street')}|${role('house')}|${role('flat')}|${role('entrance')}|${role('dorm')}|жив\\p{L}*|прожива\\p{L}*|пропис\\p{L}*|домашн\\p{L}*|адрес\\p{L}*|заезжайте|приезжайте|приходите|гости)$`,
  'u',
);
function mayBeAddressWord(word: string): boolean {
  return ADDRESS_WORD.test(word.replace(/[.,:;!?]+$/, ''));
}

/** Home addresses in a normalised message (spans in normalised offsets). */
export function findAddresses(n: NormalisedText): AddressSpan[] {
  const t = n.text;
  // No address without a digit; then an address word, or a house and a flat («25-140»).
  if (!/\d/.test(t)) return [];
  const houseFlat = HOUSE_FLAT.test(t);
  if (!houseFlat && !recordsOf(n).some((r) => (r.addressWord ??= mayBeAddressWord(r.text)))) return [];
  if (!houseFlat && !HINT.test(t)) return [];
  // A street and a house alone (a school's, a museum's) are no home: a home needs a flat,
  // a «we live» word, a staircase or floor, a hall of residence, or a house and a flat «25-140».
  if (!houseFlat && !HOME_HINT.test(t)) return [];
  const streets = spans(t, STREET_HOUSE);
  const houses = spans(t, HOUSE);
  const dorm = DORM.test(t);
  // In a hall of residence «к. 217» is a room.
  const flats = dorm ? merge([...spans(t, FLAT), ...spans(t, DORM_ROOM)]) : spans(t, FLAT);
  // A sentence is a slice of the text cut at punctuation, so a «we live» or staircase word in a
  // sentence is one in the text: each is looked for in the text once, and in sentences only then.
  const livesInText = LIVES.test(t);
  const entranceInText = ENTRANCE.test(t);
  const livesIn = (sentence: string): boolean => livesInText && LIVES.test(sentence);
  const entrance = (sentence: string): boolean => (entranceInText && ENTRANCE.test(sentence)) || (dorm && flats.length > 0);
  const found: AddressSpan[] = [];
  // Sentence bounds found once: a long message with many numbers stays linear.
  const bounds: number[] = [0];
  for (const end of t.matchAll(SENTENCE_ENDS)) bounds.push(end.index + 1);
  bounds.push(t.length + 1);
  const sentenceOf = (at: number): string => {
    let k = 0;
    while (k + 1 < bounds.length && (bounds[k + 1] as number) <= at) k++;
    return t.slice(bounds[k], Math.min(t.length, (bounds[k + 1] as number) - 1));
  };
  const sentenceEnd = (at: number): number => (bounds.find((b) => b > at) ?? t.length + 1) - 1;
  const lives = (at: number): boolean => livesIn(sentenceOf(at));
  for (const flat of flats) {
    const near = [...streets, ...houses].find((s) => s.end <= flat.start && flat.start - s.end <= 40);
    if (near) found.push({ start: near.start, end: flat.end });
    else if (lives(flat.start) || entrance(sentenceOf(flat.start)) || namedNumberBefore(n, flat.start)) found.push(flat);
  }
  for (const s of [...streets, ...houses]) {
    const sentence = sentenceOf(s.start);
    // «ул. Баумана 12-34»: a house and a flat after a street word.
    const withFlat = /\d\s?-\s?\d+$/.test(t.slice(s.start, s.end)) && streets.includes(s);
    // «Приглашаем к нам! Адрес: ул. Вишнёвая, 5»: an address sentence in a message that invites home.
    const invited = /адрес/.test(t.slice(Math.max(0, s.start - 30), s.start)) && livesInText;
    // In a village the school, shop or meeting place is named before the address («Школа: с. …»)
    // or after it in the same sentence («с. Ключи, ул. Лесная, 3 — автобус от колледжа»).
    // «в деревню Верхние Ручьи, дом 14»: a house right after a village's name is a family's too.
    const near = t.slice(Math.max(0, s.start - 40), s.start);
    const lead = streets.includes(s) ? t.slice(Math.max(0, s.start - 80), s.start) : VILLAGE_HOUSE_LEAD.test(near) ? near : '';
    // A place after a preposition there is a landmark on the way («дом за магазином», «к остановке»).
    // Read last, only for a village address not yet ruled out: the dearest check and the rarest asked.
    const publicAfter = () => {
      const rest = t.slice(s.end, Math.min(s.end + 80, sentenceEnd(s.end)));
      return PUBLIC_AFTER.test(rest) || NOT_HOME_VILLAGE_AFTER.test(rest);
    };
    if (lead !== '' && VILLAGE.test(lead) && !PUBLIC.test(lead) && !NOT_HOME_VILLAGE.test(lead + t.slice(s.start, s.end)) && !publicAfter()) {
      found.push(s);
      continue;
    }
    if ((withFlat || invited || livesIn(sentence) || entrance(sentence)) && !PUBLIC.test(sentence)) found.push(s);
  }
  // «Пушкинская ул., 12», «Вишнёвый тупик 6»: the street word after the name, in a home's sentence.
  // Without a flat, a «we live» or a staircase word no sentence qualifies: the scan is skipped.
  const homeWords = flats.length > 0 || livesInText || entranceInText;
  if (homeWords)
    for (const match of t.matchAll(STREET_AFTER)) {
      const sentence = sentenceOf(match.index);
      if ((livesIn(sentence) || entrance(sentence) || flats.length > 0) && !PUBLIC.test(sentence)) {
        found.push({ start: match.index, end: match.index + match[0].length });
      }
    }
  if (livesInText || entranceInText || houseFlat || dorm) {
    for (const match of t.matchAll(NAME_NUMBER)) {
      let start = match.index;
      // «это Октябрьская 25-140»: a small word caught before the capitalised name is not part of it.
      const space = (match[1] as string).indexOf(' ');
      if (!isCapitalised(n, start) && space !== -1 && isCapitalised(n, start + space + 1)) start += space + 1;
      if (!isCapitalised(n, start)) continue;
      const name = t.slice(start, match.index + (match[1] as string).length);
      const sentence = sentenceOf(start);
      // «нашла ключи у школы, живу на Первомайской 8-112»: a school as a landmark is not the address's owner.
      if (PUBLIC_AFTER.test(sentence)) continue;
      const previous = /(\S+)\s*$/u.exec(t.slice(Math.max(0, start - 16), start))?.[1] ?? '';
      const home =
        ((livesIn(sentence) || entrance(sentence)) && /^(?:на|по|адрес\p{L}*:?|:|-)$|:$/u.test(previous)) ||
        (ENTRANCE.test(t.slice(start, start + 60)) && /^[,\s]*(?:\S+\s*\d{0,3}[,\s]*){0,1}(?:подьезд|этаж|домофон)/u.test(t.slice(start + match[0].length)));
      // «это Октябрьская 25-140»: a street-like name inside a sentence with a house and a flat.
      const streetLike =
        /\d\s?[-/]\s?\d/.test(match[2] as string) &&
        !SENTENCE_START.test(t.slice(Math.max(0, start - 3), start)) &&
        /(?:ая|яя|ой|ого|ова|ева|ина|ского)$/.test(name);
      if (!home && !streetLike) continue;
      found.push({ start, end: match.index + match[0].length });
    }
  }
  return merge(found);
}

/** «Садовая 12-4, кв 7» without a street word: a capitalised word and a number right before the flat. */
function namedNumberBefore(n: NormalisedText, flatStart: number): boolean {
  const before = n.text.slice(Math.max(0, flatStart - 30), flatStart);
  const match = /(\p{L}+),?\s\d{1,4}[а-я]?(?:[-/]\d{1,4})?[,\s]*$/u.exec(before);
  return match !== null && isCapitalised(n, flatStart - before.length + match.index);
}

function spans(text: string, pattern: RegExp): AddressSpan[] {
  return [...text.matchAll(pattern)].map((m) => ({ start: m.index, end: m.index + m[0].length }));
}

function merge(found: AddressSpan[]): AddressSpan[] {
  const sorted = [...found].sort((a, b) => a.start - b.start);
  const out: AddressSpan[] = [];
  for (const s of sorted) {
    const last = out.at(-1);
    if (last && s.start < last.end) out[out.length - 1] = { start: last.start, end: Math.max(last.end, s.end) };
    else out.push(s);
  }
  return out;
}
