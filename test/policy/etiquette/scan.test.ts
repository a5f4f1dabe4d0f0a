import { describe, expect, it } from 'vitest';
import { BOUNDARY_SOURCE, BoundedPattern, type Boundary } from '../../../src/policy/etiquette/scan.js';

/** What the look-behind version finds: the definition BoundedPattern must agree with. */
function byLookBehind(source: string, boundary: Boundary, text: string): Array<[number, number]> {
  const pattern = new RegExp(`${BOUNDARY_SOURCE[boundary]}(?:${source})`, 'gu');
  return [...text.matchAll(pattern)].map((m) => [m.index, m.index + m[0].length]);
}

const TEXTS = [
  '',
  'дура',
  'ты дура, дурачок',
  'endура xдура 5дура',
  'дурадура дура',
  'а.дура-дура_дура',
  '𝐱дура \u{10400}дура 😀дура', // letters and an emoji outside the BMP before the match
  '\u{1D7CE}дура', // a mathematical digit: \p{N}
  '1дура', // a digit blocks only letter-or-digit
  'дур\u{10400}а дура',
];

describe('BoundedPattern', () => {
  for (const boundary of ['letter', 'letter-or-digit'] as const) {
    // Patterns that start with a letter, as every pattern searched this way does.
    for (const source of ['дура(?![\\p{L}])', 'дур\\p{L}*', 'д|у', '\\p{L}{2}']) {
      it.each(TEXTS)(`${boundary} /${source}/ on %j finds what the look-behind finds`, (text) => {
        const pattern = new BoundedPattern(source, 'u', boundary);
        const expected = byLookBehind(source, boundary, text);
        expect(pattern.spans(text)).toEqual(expected);
        expect(pattern.test(text)).toBe(expected.length > 0);
        expect(pattern.exec(text)?.index ?? null).toBe(expected[0]?.[0] ?? null);
      });
    }
  }

  it('a digit before the match blocks only the letter-or-digit boundary', () => {
    expect(new BoundedPattern('дура', 'u', 'letter').test('5дура')).toBe(true);
    expect(new BoundedPattern('дура', 'u', 'letter-or-digit').test('5дура')).toBe(false);
  });

  it('keeps capture groups in exec', () => {
    const match = new BoundedPattern('(\\p{L}+) (\\d+)', 'u', 'letter-or-digit').exec('x1 ab 12, Садовая 5');
    expect(match?.[1]).toBe('ab');
    expect(match?.[2]).toBe('12');
  });
});
