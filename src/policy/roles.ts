/**
 * User roles (SPEC §2) and how people name them in commands.
 *
 * Pure: no I/O. Roles are per organisation and a person may hold several;
 * this module only knows the role vocabulary.
 */

export const ROLES = ['admin', 'director', 'curator', 'teacher', 'staff', 'student', 'parent'] as const;
export type Role = (typeof ROLES)[number];

/** Employees of the organisation: their status is confirmed by the admins (000 2.3). */
export const STAFF_ROLES: readonly Role[] = ['admin', 'director', 'curator', 'teacher', 'staff'];
/** Members who join through a unit's invite and are confirmed by its curator. */
export const FAMILY_ROLES: readonly Role[] = ['student', 'parent'];

/** Russian titles as shown to users (nominative, lower case). */
export const ROLE_TITLES_RU: Readonly<Record<Role, string>> = {
  admin: 'администратор',
  director: 'руководство',
  curator: 'классный руководитель',
  teacher: 'учитель',
  staff: 'сотрудник',
  student: 'ученик',
  parent: 'родитель',
};

/**
 * Accepted spellings, already normalised (lower case, ё→е, single spaces).
 * Russian titles follow SPEC §2 and the regulations' own words
 * (000 2.5 «руководитель группы», 000 2.9 «законный представитель»,
 * SPEC §2 «руководитель кружка»); plurals are accepted because people
 * naturally write «/invite родители 5А».
 */
const ROLE_ALIASES: Readonly<Record<Role, readonly string[]>> = {
  admin: ['admin', 'administrator', 'админ', 'администратор', 'администраторы'],
  director: ['director', 'management', 'head', 'руководство', 'директор', 'завуч', 'администрация'],
  curator: ['curator', 'куратор', 'кураторы', 'классный руководитель', 'классные руководители', 'классрук', 'руководитель группы', 'руководитель кружка'],
  teacher: ['teacher', 'учитель', 'учительница', 'учителя', 'педагог', 'педагоги', 'преподаватель', 'преподаватели'],
  staff: ['staff', 'employee', 'сотрудник', 'сотрудница', 'сотрудники'],
  student: ['student', 'pupil', 'ученик', 'ученица', 'ученики', 'обучающийся', 'обучающаяся', 'обучающиеся', 'студент', 'студентка', 'студенты'],
  parent: ['parent', 'родитель', 'родители', 'законный представитель', 'законные представители'],
};

const ALIAS_TO_ROLE: ReadonlyMap<string, Role> = new Map(ROLES.flatMap((role) => ROLE_ALIASES[role].map((alias) => [alias, role] as const)));

/** Longest alias in words; bounds the prefix search in {@link matchRolePrefix}. */
const MAX_ALIAS_WORDS = Math.max(...[...ALIAS_TO_ROLE.keys()].map((a) => a.split(' ').length));

function normaliseRoleText(input: string): string {
  return input.normalize('NFC').toLowerCase().replace(/ё/g, 'е').replace(/\s+/g, ' ').trim();
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** English or Russian role name, case-insensitive, ё = е. Unknown text → null. */
export function parseRole(input: string): Role | null {
  return ALIAS_TO_ROLE.get(normaliseRoleText(input)) ?? null;
}

/**
 * Finds the longest role alias at the start of `words` (for command arguments
 * like «классный руководитель 5А»). Returns the role and how many words it used.
 */
export function matchRolePrefix(words: readonly string[]): { role: Role; consumed: number } | null {
  for (let n = Math.min(MAX_ALIAS_WORDS, words.length); n >= 1; n--) {
    const role = parseRole(words.slice(0, n).join(' '));
    if (role) return { role, consumed: n };
  }
  return null;
}

export function isStaffRole(role: Role): boolean {
  return STAFF_ROLES.includes(role);
}

export function isFamilyRole(role: Role): boolean {
  return FAMILY_ROLES.includes(role);
}
