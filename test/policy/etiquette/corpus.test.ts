import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkMessage, RULE_IDS } from '../../../src/policy/etiquette/index.js';
import { HELDOUT_CORPUS, loadAllowlist, loadCorpus, scoreCorpus, TUNING_CORPUS } from './corpus.js';

/**
 * Two corpora, scored separately (issue 13):
 *
 *   - corpus.tsv, the tuning corpus: written alongside the detectors, so it
 *     flatters them. Batches 1–3 were scored unseen before their misses were
 *     fixed and they were merged in; batches 4 and 5 were written after the
 *     rework of issue 13 and scored once unseen, batch 5 after batch 4's
 *     misses were fixed (precision / recall per rule, labelling slips of the
 *     batch's author discounted):
 *
 *                      batch 1 (127)  batch 2 (98)  batch 3 (84)  batch 4 (180)  batch 5 (162)
 *   profanity          1.00 / 0.96    1.00 / 1.00   1.00 / 1.00   1.00 / 1.00    1.00 / 1.00
 *   insult             1.00 / 0.88    0.93 / 0.93   0.89 / 0.73   0.91 / 0.91    0.91 / 0.91
 *   banned_messenger   1.00 / 0.94    0.91 / 1.00   1.00 / 1.00   1.00 / 0.94    1.00 / 1.00
 *   personal_data      1.00 / 1.00    1.00 / 1.00   1.00 / 1.00   1.00 / 1.00    1.00 / 1.00
 *   false alarms on clean messages:                 batch 4: 3 of 104 (2.9%)   batch 5: 2 of 97 (2.1%)
 *
 *   - heldout.tsv: 526 messages written from the kinds of issue 13 before the
 *     rework and never edited to fit the rules (only labels fixed, each in its
 *     own commit). Its misses named the kinds the rework fixed, so its
 *     figures are an upper bound too; batches 4 and 5 are the fairer estimate.
 *
 * Later blind batches (A–H, test/policy/etiquette/blind/) were each scored once before they
 * joined the tuning corpus; their figures and dates are in docs/etiquette.md («Журнал
 * измерений»), the latest in README. Those, not this file's, are the fair estimate.
 *
 * Insults are an open vocabulary: expect their recall on new text to be the
 * weakest number. Thresholds are the issue's «done when».
 */
const MIN_PRECISION = 0.98;
const MIN_RECALL = 0.95;
const MAX_FALSE_ALARM_RATE = 0.01;

describe.each([
  ['tuning corpus', TUNING_CORPUS],
  ['held-out corpus', HELDOUT_CORPUS],
])('etiquette %s', (_name, url) => {
  const entries = loadCorpus(url);
  const score = scoreCorpus(entries, loadAllowlist(url));

  it('is large and covers every rule with clean messages, most of them clean', () => {
    expect(entries.length).toBeGreaterThanOrEqual(400);
    expect(entries.filter((e) => e.expected.length === 0).length / entries.length).toBeGreaterThanOrEqual(0.5);
    for (const rule of RULE_IDS) {
      expect(entries.filter((e) => e.expected.includes(rule)).length, rule).toBeGreaterThanOrEqual(25);
    }
  });

  it.each(RULE_IDS)(`%s: precision ≥ ${MIN_PRECISION} and recall ≥ ${MIN_RECALL}`, (rule) => {
    const s = score.perRule[rule];
    const misses = score.mistakes
      .filter((m) => m.expected.includes(rule) !== m.found.includes(rule))
      .map((m) => `line ${m.line}: expected ${m.expected.join(',') || '-'}, found ${m.found.join(',') || '-'}`);
    expect(s.precision, misses.join('\n')).toBeGreaterThanOrEqual(MIN_PRECISION);
    expect(s.recall, misses.join('\n')).toBeGreaterThanOrEqual(MIN_RECALL);
  });

  it(`false alarms on clean messages ≤ ${MAX_FALSE_ALARM_RATE * 100}%`, () => {
    const alarms = score.mistakes.filter((m) => m.expected.length === 0).map((m) => `line ${m.line}: found ${m.found.join(',')}`);
    expect(score.falseAlarmRate, alarms.join('\n')).toBeLessThanOrEqual(MAX_FALSE_ALARM_RATE);
  });
});

describe('the allowlist of public numbers', () => {
  it('is read from the held-out corpus and keeps the school numbers postable', () => {
    const allowed = loadAllowlist(HELDOUT_CORPUS);
    expect(allowed.length).toBeGreaterThan(0);
    const reception = 'Звоните нам: 8(812)246-13-57';
    expect(checkMessage(reception, { allowedNumbers: allowed })).toEqual([]);
    expect(checkMessage(reception).map((v) => v.rule)).toEqual(['personal_data']);
  });
});

/** Long formal Russian texts: nothing in them is obscene or insulting. */
describe('no false alarms on formal Russian text', () => {
  // The project's own formal Russian: the account of the regulations and the README's prose
  // (its code blocks hold the demo tour, which breaks a rule on purpose).
  it('the regulations described in docs/ and the README', () => {
    // docs/etiquette.md is left out: it describes the detectors with the very words they catch.
    const files = [
      ...readdirSync(new URL('../../../docs/', import.meta.url))
        .filter((f) => f !== 'etiquette.md')
        .map((f) => new URL(`../../../docs/${f}`, import.meta.url)),
      new URL('../../../README.md', import.meta.url),
    ];
    let lines = 0;
    for (const file of files) {
      const prose = readFileSync(file, 'utf8').replace(/```[\s\S]*?```/g, '');
      for (const line of prose.split('\n')) {
        lines++;
        const rules = checkMessage(line).map((v) => v.rule);
        expect(rules, line).toEqual([]);
      }
    }
    expect(lines).toBeGreaterThan(300);
  });

  const diagnostics = new URL('../../../node_modules/typescript/lib/ru/diagnosticMessages.generated.json', import.meta.url);
  it.runIf(existsSync(diagnostics))('TypeScript messages in Russian', () => {
    const messages = Object.values(JSON.parse(readFileSync(diagnostics, 'utf8')) as Record<string, string>);
    expect(messages.length).toBeGreaterThan(1000);
    for (const message of messages) expect(checkMessage(message), message).toEqual([]);
  });
});
