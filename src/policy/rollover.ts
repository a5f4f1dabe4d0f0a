// The school-year rollover (000 2.3 «движение обучающихся»): what each unit becomes in
// the new year. The rule: the number at the start of the name goes up by one
// (5А → 6А, 10 «Б» → 11 «Б», 1 курс ИС → 2 курс ИС); a unit at the final grade graduates;
// a name without a leading number stays as it is (the admin may change any row).

export type NextYear = { kind: 'promote'; to: string } | { kind: 'graduate' } | { kind: 'keep' };

const LEADING_GRADE = /^(\d{1,2})(?!\d)/;

/** The grade a unit name starts with, or null. */
export function gradeOf(name: string): number | null {
  const m = LEADING_GRADE.exec(name.trim());
  return m ? Number(m[1]) : null;
}

export function nextYear(name: string, finalGrade: number): NextYear {
  const trimmed = name.trim();
  const grade = gradeOf(trimmed);
  if (grade === null || grade === 0) return { kind: 'keep' };
  if (grade >= finalGrade) return { kind: 'graduate' };
  return { kind: 'promote', to: trimmed.replace(LEADING_GRADE, String(grade + 1)) };
}

/**
 * Replaces a unit's old name with its new one inside a chat title ("5А родители" → "6А родители");
 * null when the title does not name the unit (it is left alone). Whole words only: "1А" is not
 * found inside "11А".
 */
export function renamedTitle(title: string, from: string, to: string): string | null {
  // Spaces are optional between the characters: "5 А" in a title is the unit "5А".
  const escaped = [...from.replace(/\s+/g, '')].map((c) => c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('\\s*');
  const re = new RegExp(`(?<![\\p{L}\\p{N}])${escaped}(?![\\p{L}\\p{N}])`, 'iu');
  if (!re.test(title)) return null;
  const next = title.replace(re, to.trim());
  return next === title ? null : next;
}

/** Order of renames so that no new name is still held by a unit not yet renamed: highest grade first. */
export function renameOrder<T extends { from: string }>(rows: T[]): T[] {
  return [...rows].sort((a, b) => (gradeOf(b.from) ?? -1) - (gradeOf(a.from) ?? -1));
}
