import { describe, expect, it } from 'vitest';
import { DEFAULT_SELF_CONSENT_GRADE, needsParentConsent, parseSelfConsentGrade } from '../../src/policy/child-consent.js';

describe('whose consent a pupil’s data are processed on', () => {
  it.each([
    ['5А', 8, true],
    ['7 «Б»', 8, true],
    ['8А', 8, false],
    ['11Б', 8, false],
    ['1 курс ИС', 8, true],
    ['1 курс ИС', 1, false],
    ['5А', 5, false],
    // No grade to read: a parent's consent, to be safe — whatever the setting.
    ['Кружок робототехники', 1, true],
    ['Учительская', 8, true],
    [null, 8, true],
  ] as const)('%s with self-consent from grade %i: parent needed = %s', (unit, grade, expected) => {
    expect(needsParentConsent(unit, grade)).toBe(expected);
  });

  it('reads the stored setting back, the default for anything out of range', () => {
    expect(DEFAULT_SELF_CONSENT_GRADE).toBe(8);
    expect(parseSelfConsentGrade(undefined)).toBe(8);
    expect(parseSelfConsentGrade('5')).toBe(5);
    expect(parseSelfConsentGrade('0')).toBe(8);
    expect(parseSelfConsentGrade('13')).toBe(8);
    expect(parseSelfConsentGrade('abc')).toBe(8);
  });
});
