// Whose consent a pupil's personal data are processed on (152-FZ art. 9: for a child, a
// parent or another legal representative consents; the school's regulation has younger pupils
// join the chats with their parents' help). An organisation setting says from which grade
// pupils consent themselves; the grade is the number a unit's name starts with (5А → 5).
import { gradeOf } from './rollover.js';

/**
 * The default: from grade 8. Pupils reach 14 in grade 8, the age from which the school
 * takes a pupil's own consent and below which it wants a parent's.
 */
export const DEFAULT_SELF_CONSENT_GRADE = 8;
export const MIN_SELF_CONSENT_GRADE = 1;
export const MAX_SELF_CONSENT_GRADE = 12;

/** Does a pupil of this unit need a parent's consent? A name without a readable grade: yes, to be safe. */
export function needsParentConsent(unitName: string | null, selfFromGrade: number): boolean {
  const grade = unitName === null ? null : gradeOf(unitName);
  if (grade === null) return true;
  return grade < selfFromGrade;
}

/** A stored setting, read back: out of range or unreadable gives the default. */
export function parseSelfConsentGrade(raw: string | undefined | null): number {
  const n = Number(raw);
  return Number.isInteger(n) && n >= MIN_SELF_CONSENT_GRADE && n <= MAX_SELF_CONSENT_GRADE ? n : DEFAULT_SELF_CONSENT_GRADE;
}
