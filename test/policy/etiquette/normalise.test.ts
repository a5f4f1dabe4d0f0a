import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cutWords, cutWordsByPattern, joinWord, normaliseText, originalSpan, squeeze, wordForms } from '../../../src/policy/etiquette/normalise.js';

describe('normaliseText', () => {
  it.each([
    ['ПрИвЕт', 'привет'],
    ['Ёлка', 'елка'],
    ['подъезд', 'подьезд'],
    ['х\u200Bу\u200Cй', 'хуй'], // zero-width space and non-joiner
    ['х\u00ADу\u2060й', 'хуй'], // soft hyphen, word joiner
    ['б\uFEFFл\u200Dя', 'бля'], // BOM, zero-width joiner
    ['манда\u0301рин', 'мандарин'], // stress mark
    ['и\u0306од', 'йод'], // й typed as и + breve
    ['}{уй', 'хуй'],
    ['>|<опа', 'жопа'],
    ['ＸＵＩ', 'xui'], // fullwidth
    ['\u{1D431}\u{1D432}\u{1D422}', 'xyi'], // mathematical bold
    ['а\u00A0б\u2003в', 'а б в'], // no-break and em spaces
    ['8\u2013912\u2014345', '8-912-345'], // dashes
    ['строка\r\nстрока', 'строка\n\nстрока'],
    ['İstanbul', 'istanbul'],
    ['t\u3002me', 't.me'], // ideographic full stop
    ['t\uFF0Eme', 't.me'], // fullwidth full stop
    ['3.14здец', 'пиздец'], // digits for a whole syllable
    ['3,14зда', 'пизда'],
    ['3.14 и 3,14159', '3.14 и 3,14159'], // a number stays a number
  ])('%j → %j', (raw, expected) => {
    expect(normaliseText(raw).text).toBe(expected);
  });

  it('maps normalised positions back to the original text', () => {
    const raw = 'Ну х\u200Bу\u200Bй же';
    const n = normaliseText(raw);
    const start = n.text.indexOf('хуй');
    const span = originalSpan(n, start, start + 3);
    expect(raw.slice(span.start, span.end)).toBe('х\u200Bу\u200Bй');
  });

  it('keeps positions one to one for plain text', () => {
    const raw = 'Привет, Мир! Ёж — 5А';
    const n = normaliseText(raw);
    expect(n.text).toBe('привет, мир! еж - 5а');
    expect(originalSpan(n, 8, 11)).toEqual({ start: 8, end: 11 });
  });

  it('covers a glyph sequence with the span of its letter', () => {
    const raw = 'на }{уй';
    const n = normaliseText(raw);
    expect(n.text).toBe('на хуй');
    expect(originalSpan(n, 3, 6)).toEqual({ start: 3, end: 7 });
  });
});

describe('cutWords', () => {
  it('cuts exactly what the WORD pattern matches, on every corpus line and on random strings', () => {
    const texts: string[] = [];
    // A blind batch joins corpus.tsv once it is scored: no list of batches to keep, and a batch not
    // yet scored is never opened here (a failure would print its messages).
    for (const file of ['corpus.tsv', 'heldout.tsv']) {
      for (const line of readFileSync(new URL(`./${file}`, import.meta.url), 'utf8').split('\n')) {
        texts.push(line, normaliseText(line).text);
      }
    }
    // Letters, digits, symbols, separators, «!», astral letters and emoji, lone surrogates, marks.
    const pieces = [...'aЯя1!._-~\'’`^|/\\+" ,@$€¢*١ⅷ²#\né\u0301', '\u{1D431}', '\u{20000}', '\u{1F600}', '\ud800', '\udc00'];
    let seed = 1;
    const random = (): number => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed / 2_147_483_648;
    };
    for (let k = 0; k < 20_000; k++) {
      let text = '';
      for (let j = Math.floor(random() * 12); j > 0; j--) text += pieces[Math.floor(random() * pieces.length)];
      texts.push(text);
    }
    for (const text of texts) expect(cutWords(text), JSON.stringify(text)).toEqual(cutWordsByPattern(text));
  });

  const words = (text: string): string[] => cutWords(normaliseText(text).text).map((w) => w.text);

  it.each([
    ['х.у.й', ['х.у.й']],
    ['п-и-з-д-а', ['п-и-з-д-а']],
    ['х_у_й и бл*ть', ['х_у_й', 'и', 'бл*ть']],
    ['да,хорошо', ['да', 'хорошо']],
    ['Сбор в 8:30.', ['сбор', 'в', '8', '30']],
    ['«Дурак» — это', ['дурак', 'это']],
    ['з@ебал', ['з@ебал']],
  ])('%j', (text, expected) => {
    expect(words(text)).toEqual(expected);
  });
});

describe('word forms', () => {
  it('joins and squeezes', () => {
    expect(joinWord('х.у-й')).toBe('хуй');
    expect(squeeze('хуууууй')).toBe('хуй');
    expect(squeeze('неебический', 2)).toBe('неебический');
    expect(squeeze('бл**ь')).toBe('бл**ь');
  });

  it.each([
    ['xуй', 'хуй'], // Latin x
    ['хyй', 'хуй'], // Latin y
    ['6ля', 'бля'],
    ['пи3дец', 'пиздец'],
    ['e6aть', 'ебать'],
    ['з@ебал', 'заебал'],
    ['cyka', 'сука'],
    ['xyu', 'хуи'],
    ['blyat', 'блят'], // transliteration
    ['pizdec', 'пиздец'],
    ['nahuy', 'нахуй'],
    ['хууууй', 'хуй'],
    ['неебический', 'неебический'], // squeezed to two as well
    ['χυй', 'хуй'], // Greek
  ])('%s reads as %s', (word, form) => {
    expect(wordForms(word)).toContain(form);
  });

  it('gives no forms for numbers', () => {
    expect(wordForms('2024')).toEqual([]);
    expect(wordForms('12.05')).toEqual([]);
  });

  it('keeps plain Cyrillic words as they are', () => {
    expect(wordForms('мандарин')).toEqual(['мандарин']);
  });
});

describe('wordForms: second readings of look-alikes', () => {
  it.each([
    ['д3бил', 'дебил'],
    ['о1ух', 'олух'],
    ['е6ать', 'ебать'],
  ])('%s has the reading %s', (word, reading) => {
    expect(wordForms(word)).toContain(reading);
  });

  it('gives a class name only its first reading', () => {
    expect(wordForms('3б')).toEqual(['зб']);
  });
});
