import { describe, expect, it } from 'vitest';
import { brokenRules, checkMessage, RULE_IDS } from '../../../src/policy/etiquette/index.js';

describe('checkMessage', () => {
  it('returns nothing for a clean message', () => {
    expect(checkMessage('Добрый день! Завтра собрание в 18:00, кабинет 204.')).toEqual([]);
    expect(checkMessage('')).toEqual([]);
  });

  it('finds every rule in one message, ordered by position', () => {
    const text = 'Бля, дурак, пиши в телегу: +7 912 345-67-89';
    const verdicts = checkMessage(text);
    expect(verdicts.map((v) => v.rule)).toEqual(['profanity', 'insult', 'banned_messenger', 'personal_data']);
    expect(brokenRules(verdicts)).toEqual([...RULE_IDS]);
    expect(verdicts.map((v) => text.slice(v.span.start, v.span.end))).toEqual(['Бля', 'дурак', 'телегу', '+7 912 345-67-89']);
  });

  it('checks only the rules a chat has on', () => {
    const text = 'Бля, дурак, пиши в телегу: +7 912 345-67-89';
    expect(brokenRules(checkMessage(text, { rules: ['insult'] }))).toEqual(['insult']);
    expect(brokenRules(checkMessage(text, { rules: ['personal_data', 'profanity'] }))).toEqual(['profanity', 'personal_data']);
    expect(checkMessage(text, { rules: [] })).toEqual([]);
  });

  it('never carries the matched text', () => {
    const allowed = new Set(['rule', 'span', 'kind', 'messenger']);
    for (const verdict of checkMessage('Сука, пиши в вотсап 89123456789, t.me/x, СНИЛС 112-233-445 95')) {
      for (const key of Object.keys(verdict)) expect(allowed.has(key), key).toBe(true);
      for (const value of Object.values(verdict)) {
        if (typeof value === 'string') expect(value).toMatch(/^[a-z_]+$/);
      }
    }
  });

  it('gives spans in the original text when invisible characters were removed', () => {
    const text = 'ну х\u200Bу\u200Bй и всё';
    const [verdict] = checkMessage(text);
    expect(verdict?.rule).toBe('profanity');
    expect(text.slice(verdict?.span.start, verdict?.span.end)).toBe('х\u200Bу\u200Bй');
  });

  it('handles long and odd input quickly', () => {
    const inputs = [
      'а'.repeat(10_000),
      '1 '.repeat(5_000),
      '+7'.repeat(3_000),
      '.'.repeat(10_000),
      't. '.repeat(3_000),
      'х.'.repeat(5_000),
      '@'.repeat(5_000),
      '😀'.repeat(3_000),
      '\u200B'.repeat(5_000),
    ];
    const started = performance.now();
    for (const input of inputs) checkMessage(input);
    // Linear work takes milliseconds; a backtracking blow-up takes minutes. The bound only tells
    // the two apart, with room for a busy machine.
    expect(performance.now() - started).toBeLessThan(10_000);
  });
});
