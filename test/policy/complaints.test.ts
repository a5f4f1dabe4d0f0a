import { describe, expect, it } from 'vitest';
import { COMPLAINT_QUOTE_MAX, complaintQuote } from '../../src/policy/complaints.js';

describe('the quote of a reported message', () => {
  it.each([
    [null, null],
    ['', null],
    ['   \n ', null],
    ['привет', 'привет'],
    ['две\n\nстроки   тут', 'две строки тут'],
  ])('%j → %j', (text, quote) => {
    expect(complaintQuote(text)).toBe(quote);
  });

  it('a long text is cut at a word boundary with «…», within the limit', () => {
    const q = complaintQuote('слово '.repeat(500))!;
    expect(q.length).toBeLessThanOrEqual(COMPLAINT_QUOTE_MAX);
    expect(q.endsWith('слово…')).toBe(true);
  });

  it('a long text without spaces is cut hard', () => {
    const q = complaintQuote('x'.repeat(5000), 100)!;
    expect(q).toBe(`${'x'.repeat(99)}…`);
  });
});
