/**
 * Arguments of `/invite` and `/revoke` (SPEC §3.2).
 *
 *   /invite <role> [unit] [uses=N] [days=D]
 *   /revoke <code | invite link>
 *   /revoke unused [unit]
 *
 * Pure parsing: whether the caller may invite into that role or unit, and
 * whether the unit exists, is decided elsewhere.
 */
import { matchRolePrefix, ROLE_TITLES_RU, ROLES, type Role } from './roles.js';

export interface InviteArgs {
  role: Role;
  /** Unit as typed (spaces collapsed); match it with `normaliseUnitName`. */
  unit: string | null;
  uses: number;
  days: number;
}

export type InviteArgsError = 'no_role' | 'unknown_role' | 'unit_required' | 'bad_uses' | 'bad_days' | 'unknown_option';

export const INVITE_USES_MIN = 1;
export const INVITE_USES_MAX = 500;
export const INVITE_DAYS_MIN = 1;
export const INVITE_DAYS_MAX = 90;
export const DEFAULT_INVITE_DAYS = 14;

/**
 * Default use limits. A unit link for students covers a class (≈ 35 places);
 * parents get two per student. A staff invite is personal: one use, since
 * the status of a teacher or employee is confirmed person by person (000 2.3).
 */
export const DEFAULT_INVITE_USES: Readonly<Record<Role, number>> = {
  admin: 1,
  director: 1,
  curator: 1,
  teacher: 1,
  staff: 1,
  student: 35,
  parent: 70,
};

/** Roles whose invite must name a unit: students and parents belong to one (000 2.8, 2.9). */
const UNIT_REQUIRED: ReadonlySet<Role> = new Set<Role>(['student', 'parent']);

export const INVITE_USAGE_RU = 'Формат: /invite <роль> [{unit}] [раз=N] [дней=D], например: /invite родитель 5А дней=7';

const ROLE_LIST_RU = ROLES.map((r) => ROLE_TITLES_RU[r]).join(', ');

export const INVITE_ARGS_ERRORS_RU: Readonly<Record<InviteArgsError, string>> = {
  no_role: `Укажите роль: ${ROLE_LIST_RU}. ${INVITE_USAGE_RU}`,
  unknown_role: `Не знаю такой роли. Доступны: ${ROLE_LIST_RU}. ${INVITE_USAGE_RU}`,
  unit_required: `Для учеников и родителей укажите {unit:acc}. ${INVITE_USAGE_RU}`,
  bad_uses: `Число использований — целое от ${INVITE_USES_MIN} до ${INVITE_USES_MAX}, указывается один раз. ${INVITE_USAGE_RU}`,
  bad_days: `Срок действия — целое число дней от ${INVITE_DAYS_MIN} до ${INVITE_DAYS_MAX}, указывается один раз. ${INVITE_USAGE_RU}`,
  unknown_option: `Неизвестный параметр: допустимы только раз=N и дней=D. ${INVITE_USAGE_RU}`,
};

type OptionName = 'uses' | 'days';

const OPTION_KEYS: ReadonlyMap<string, OptionName> = new Map([
  ['uses', 'uses'],
  ['использований', 'uses'],
  ['использования', 'uses'],
  ['days', 'days'],
  ['дней', 'days'],
  ['дни', 'days'],
  ['срок', 'days'],
]);

const OPTION_LIMITS: Readonly<Record<OptionName, { min: number; max: number; error: InviteArgsError }>> = {
  uses: { min: INVITE_USES_MIN, max: INVITE_USES_MAX, error: 'bad_uses' },
  days: { min: INVITE_DAYS_MIN, max: INVITE_DAYS_MAX, error: 'bad_days' },
};

/** Splits on whitespace, keeping `key = value` together as one `key=value` token. */
function tokenise(input: string): string[] {
  return input
    .replace(/\s*=\s*/g, '=')
    .trim()
    .split(/\s+/)
    .filter(Boolean);
}

/** Removes one pair of quotes around the whole unit: «"5 А"» → «5 А». */
function unquote(text: string): string {
  const m = /^(?:"(.+)"|«(.+)»|“(.+)”|„(.+)“)$/.exec(text);
  return m ? (m[1] ?? m[2] ?? m[3] ?? m[4] ?? text).trim() : text;
}

/**
 * Parses the text after `/invite`. Options may stand anywhere; the role is
 * the first other word(s) (multi-word Russian titles such as «классный
 * руководитель» included); everything left is the unit. When several things
 * are wrong, role errors are reported first, then options, then the unit.
 */
export function parseInviteArgs(input: string): { ok: true; value: InviteArgs } | { ok: false; error: InviteArgsError } {
  const options: Partial<Record<OptionName, number>> = {};
  let optionError: InviteArgsError | null = null;
  const words: string[] = [];

  for (const token of tokenise(input)) {
    const eq = token.indexOf('=');
    if (eq < 0) {
      words.push(token);
      continue;
    }
    if (optionError) continue;
    const name = OPTION_KEYS.get(token.slice(0, eq).toLowerCase().replace(/ё/g, 'е'));
    if (!name) {
      optionError = 'unknown_option';
      continue;
    }
    const { min, max, error } = OPTION_LIMITS[name];
    const raw = token.slice(eq + 1);
    const n = /^\d{1,6}$/.test(raw) ? Number(raw) : NaN;
    if (options[name] !== undefined || !(n >= min && n <= max)) optionError = error;
    else options[name] = n;
  }

  if (words.length === 0) return { ok: false, error: 'no_role' };
  const match = matchRolePrefix(words);
  if (!match) return { ok: false, error: 'unknown_role' };
  if (optionError) return { ok: false, error: optionError };

  const unitText = unquote(words.slice(match.consumed).join(' '));
  const unit = unitText === '' ? null : unitText;
  if (unit === null && UNIT_REQUIRED.has(match.role)) return { ok: false, error: 'unit_required' };

  return {
    ok: true,
    value: {
      role: match.role,
      unit,
      uses: options.uses ?? DEFAULT_INVITE_USES[match.role],
      days: options.days ?? DEFAULT_INVITE_DAYS,
    },
  };
}

/** The same limits for values that arrive already apart (the web panel's form). */
export function inviteValuesError(v: { role: Role; hasUnit: boolean; uses: number; days: number }): InviteArgsError | null {
  if (!Number.isInteger(v.uses) || v.uses < INVITE_USES_MIN || v.uses > INVITE_USES_MAX) return 'bad_uses';
  if (!Number.isInteger(v.days) || v.days < INVITE_DAYS_MIN || v.days > INVITE_DAYS_MAX) return 'bad_days';
  if (!v.hasUnit && UNIT_REQUIRED.has(v.role)) return 'unit_required';
  return null;
}

// ------------------------------------------------------------------ /revoke

export type RevokeArgs = { kind: 'code'; code: string } | { kind: 'unused'; unit: string | null };
export type RevokeArgsError = 'no_args' | 'bad_code';

export const REVOKE_USAGE_RU =
  'Формат: /revoke <код или ссылка> — отменить одно приглашение; /revoke неиспользованные [{unit}] — отменить все неиспользованные.';

export const REVOKE_ARGS_ERRORS_RU: Readonly<Record<RevokeArgsError, string>> = {
  no_args: `Укажите, какое приглашение отменить. ${REVOKE_USAGE_RU}`,
  bad_code: `Это не похоже на код приглашения. ${REVOKE_USAGE_RU}`,
};

/**
 * «Unused» in the words of 000 2.3 («аннулирует невостребованные
 * ссылки-приглашения»), plus the plain English keyword.
 */
const UNUSED_KEYWORDS: ReadonlySet<string> = new Set(['unused', 'неиспользованные', 'невостребованные']);

/** Invite codes: the deep-link `start` payload alphabet. */
const CODE = /^[A-Za-z0-9_-]{4,128}$/;

/**
 * Parses the text after `/revoke`: an invite code, the whole deep link
 * (`https://max.ru/<bot>?start=<code>`), or `unused` with an optional unit
 * (null unit = every unused invite the caller manages).
 */
export function parseRevokeArgs(input: string): { ok: true; value: RevokeArgs } | { ok: false; error: RevokeArgsError } {
  const words = input.trim().split(/\s+/).filter(Boolean);
  const [first, ...rest] = words;
  if (first === undefined) return { ok: false, error: 'no_args' };
  if (UNUSED_KEYWORDS.has(first.toLowerCase().replace(/ё/g, 'е'))) {
    const unit = unquote(rest.join(' '));
    return { ok: true, value: { kind: 'unused', unit: unit === '' ? null : unit } };
  }
  if (rest.length > 0) return { ok: false, error: 'bad_code' };
  const fromLink = /[?&]start=([^&#\s]+)/.exec(first);
  const code = fromLink ? (fromLink[1] ?? '') : first;
  return CODE.test(code) ? { ok: true, value: { kind: 'code', code } } : { ok: false, error: 'bad_code' };
}
