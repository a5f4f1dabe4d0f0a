// The tables of the batch-<x>-kinds tests: rows that must be found as insults (or break a given
// rule, or exactly the given rules), and near-misses that must stay clean.
import { expect, it } from 'vitest';
import { brokenRules, checkMessage, type RuleId } from '../../../src/policy/etiquette/index.js';

export const rulesOf = (text: string): RuleId[] => brokenRules(checkMessage(text));

export const found = (rows: string[]) =>
  it.each(rows)('«%s» is an insult', (text) => {
    expect(rulesOf(text)).toContain('insult');
  });

export const clean = (rows: Array<[string, string]>) =>
  it.each(rows)('%s: «%s» is clean', (_kind, text) => {
    expect(rulesOf(text)).toEqual([]);
  });

export const flagged = (rule: RuleId, rows: string[]) =>
  it.each(rows)(`«%s» breaks ${rule}`, (text) => {
    expect(rulesOf(text)).toContain(rule);
  });

export const exactly = (rows: Array<[string, RuleId[]]>) =>
  it.each(rows)('«%s» breaks exactly %j', (text, rules) => {
    expect(rulesOf(text)).toEqual(rules);
  });
