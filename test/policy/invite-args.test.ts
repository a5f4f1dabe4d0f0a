import { describe, expect, it } from 'vitest';
import {
  DEFAULT_INVITE_DAYS,
  DEFAULT_INVITE_USES,
  INVITE_ARGS_ERRORS_RU,
  INVITE_USAGE_RU,
  REVOKE_ARGS_ERRORS_RU,
  parseInviteArgs,
  parseRevokeArgs,
  type InviteArgs,
  type InviteArgsError,
} from '../../src/policy/invite-args.js';
import { ROLES, ROLE_TITLES_RU, isFamilyRole, isRole, isStaffRole, matchRolePrefix, parseRole, type Role } from '../../src/policy/roles.js';

describe('parseRole', () => {
  it.each<[string, Role]>([
    ['student', 'student'],
    ['STUDENT', 'student'],
    ['ученик', 'student'],
    ['Ученица', 'student'],
    ['обучающийся', 'student'],
    ['студент', 'student'],
    ['ученики', 'student'],
    ['parent', 'parent'],
    ['Родитель', 'parent'],
    ['законный представитель', 'parent'],
    ['Законный   Представитель', 'parent'],
    ['родители', 'parent'],
    ['teacher', 'teacher'],
    ['учитель', 'teacher'],
    ['педагог', 'teacher'],
    ['преподаватель', 'teacher'],
    ['staff', 'staff'],
    ['сотрудник', 'staff'],
    ['curator', 'curator'],
    ['куратор', 'curator'],
    ['классный руководитель', 'curator'],
    ['Руководитель группы', 'curator'],
    ['руководитель кружка', 'curator'],
    ['director', 'director'],
    ['руководство', 'director'],
    ['директор', 'director'],
    ['завуч', 'director'],
    ['администрация', 'director'],
    ['admin', 'admin'],
    ['администратор', 'admin'],
    ['админ', 'admin'],
    ['  Учитель ', 'teacher'],
  ])('%j → %s', (input, role) => {
    expect(parseRole(input)).toBe(role);
  });

  it('folds ё into е', () => {
    expect(parseRole('учитёль')).toBe('teacher');
    expect(parseRole('ЗАКОННЫЙ ПРЕДСТАВИТЁЛЬ')).toBe('parent');
  });

  it.each(['', 'директорр', 'руководитель', 'классный', 'root', 'ученик 5А', 'бабушка'])('%j → null', (input) => {
    expect(parseRole(input)).toBeNull();
  });

  it('matchRolePrefix takes the longest alias', () => {
    expect(matchRolePrefix(['классный', 'руководитель', '5А'])).toEqual({ role: 'curator', consumed: 2 });
    expect(matchRolePrefix(['Руководитель', 'группы', 'ИС-21'])).toEqual({ role: 'curator', consumed: 2 });
    expect(matchRolePrefix(['родитель', 'законный'])).toEqual({ role: 'parent', consumed: 1 });
    expect(matchRolePrefix(['кто-то'])).toBeNull();
    expect(matchRolePrefix([])).toBeNull();
  });

  it('classifies roles', () => {
    expect(ROLES.filter(isStaffRole)).toEqual(['admin', 'director', 'curator', 'teacher', 'staff']);
    expect(ROLES.filter(isFamilyRole)).toEqual(['student', 'parent']);
    expect(isRole('curator')).toBe(true);
    expect(isRole('root')).toBe(false);
    for (const role of ROLES) expect(parseRole(ROLE_TITLES_RU[role])).toBe(role);
  });
});

describe('parseInviteArgs', () => {
  const ok = (role: Role, unit: string | null, uses: number, days: number): { ok: true; value: InviteArgs } => ({
    ok: true,
    value: { role, unit, uses, days },
  });

  it.each([
    ['student 5А', ok('student', '5А', 35, 14)],
    ['ученик 5 А', ok('student', '5 А', 35, 14)],
    ['родитель 5А', ok('parent', '5А', 70, 14)],
    ['родители   10 Б  ', ok('parent', '10 Б', 70, 14)],
    ['student Кружок робототехники', ok('student', 'Кружок робототехники', 35, 14)],
    ['student "5 А"', ok('student', '5 А', 35, 14)],
    ['student «Кружок Юный химик»', ok('student', 'Кружок Юный химик', 35, 14)],
    ['teacher', ok('teacher', null, 1, 14)],
    ['учитель 5А', ok('teacher', '5А', 1, 14)],
    ['staff', ok('staff', null, 1, 14)],
    ['admin', ok('admin', null, 1, 14)],
    ['директор', ok('director', null, 1, 14)],
    ['curator', ok('curator', null, 1, 14)],
    ['классный руководитель 7В', ok('curator', '7В', 1, 14)],
    ['Руководитель группы ИС-21', ok('curator', 'ИС-21', 1, 14)],
    ['законный представитель 3А', ok('parent', '3А', 70, 14)],
    ['student 5А uses=30', ok('student', '5А', 30, 14)],
    ['student uses=30 5А days=7', ok('student', '5А', 30, 7)],
    ['uses=30 days=7 student 5 А', ok('student', '5 А', 30, 7)],
    ['student 5А uses = 12 days= 3', ok('student', '5А', 12, 3)],
    ['ученик 5А использований=25 дней=10', ok('student', '5А', 25, 10)],
    ['ученик 5А ИСПОЛЬЗОВАНИЙ=25 Дней=10', ok('student', '5А', 25, 10)],
    ['teacher uses=5', ok('teacher', null, 5, 14)],
    ['parent 5А uses=1 days=1', ok('parent', '5А', 1, 1)],
    ['parent 5А uses=500 days=90', ok('parent', '5А', 500, 90)],
  ])('%j', (input, expected) => {
    expect(parseInviteArgs(input)).toEqual(expected);
  });

  it.each<[string, InviteArgsError]>([
    ['', 'no_role'],
    ['   ', 'no_role'],
    ['uses=5', 'no_role'],
    ['бабушка 5А', 'unknown_role'],
    ['5А student', 'unknown_role'],
    ['бабушка 5А color=red', 'unknown_role'],
    ['student', 'unit_required'],
    ['родитель uses=10', 'unit_required'],
    ['student 5А uses=0', 'bad_uses'],
    ['student 5А uses=501', 'bad_uses'],
    ['student 5А uses=-1', 'bad_uses'],
    ['student 5А uses=1.5', 'bad_uses'],
    ['student 5А uses=', 'bad_uses'],
    ['student 5А uses=много', 'bad_uses'],
    ['student 5А uses=5 uses=6', 'bad_uses'],
    ['student 5А days=0', 'bad_days'],
    ['student 5А days=91', 'bad_days'],
    ['student 5А дней=1e2', 'bad_days'],
    ['student 5А color=red', 'unknown_option'],
    ['student 5А =5', 'unknown_option'],
    ['student color=red uses=0', 'unknown_option'],
    ['student uses=0', 'bad_uses'],
  ])('%j → %s', (input, error) => {
    expect(parseInviteArgs(input)).toEqual({ ok: false, error });
  });

  it('defaults: 35 for students, 70 for parents, 1 for every staff role; 14 days', () => {
    expect(DEFAULT_INVITE_USES).toEqual({
      admin: 1,
      director: 1,
      curator: 1,
      teacher: 1,
      staff: 1,
      student: 35,
      parent: 70,
    });
    expect(DEFAULT_INVITE_DAYS).toBe(14);
  });

  it('has a one-line Russian explanation with the usage for every error', () => {
    const errors: InviteArgsError[] = ['no_role', 'unknown_role', 'unit_required', 'bad_uses', 'bad_days', 'unknown_option'];
    expect(Object.keys(INVITE_ARGS_ERRORS_RU).sort()).toEqual([...errors].sort());
    for (const e of errors) {
      expect(INVITE_ARGS_ERRORS_RU[e]).toContain(INVITE_USAGE_RU);
      expect(INVITE_ARGS_ERRORS_RU[e]).not.toContain('\n');
    }
    expect(INVITE_USAGE_RU).toContain('/invite');
  });
});

describe('parseRevokeArgs', () => {
  it.each([
    ['Xy7_kq-2ZZ', { kind: 'code', code: 'Xy7_kq-2ZZ' }],
    ['  abcd1234  ', { kind: 'code', code: 'abcd1234' }],
    ['https://max.ru/sferum_bot?start=Xy7kq2ZZ', { kind: 'code', code: 'Xy7kq2ZZ' }],
    ['https://max.ru/sferum_bot?foo=1&start=Xy7kq2ZZ#x', { kind: 'code', code: 'Xy7kq2ZZ' }],
    ['unused', { kind: 'unused', unit: null }],
    ['UNUSED 5 А', { kind: 'unused', unit: '5 А' }],
    ['неиспользованные 5А', { kind: 'unused', unit: '5А' }],
    ['невостребованные «Кружок робототехники»', { kind: 'unused', unit: 'Кружок робототехники' }],
  ])('%j', (input, value) => {
    expect(parseRevokeArgs(input)).toEqual({ ok: true, value });
  });

  it.each([
    ['', 'no_args'],
    ['   ', 'no_args'],
    ['abc', 'bad_code'],
    ['abc def', 'bad_code'],
    ['код!', 'bad_code'],
    ['https://max.ru/sferum_bot', 'bad_code'],
    ['https://max.ru/sferum_bot?start=', 'bad_code'],
    ['x'.repeat(129), 'bad_code'],
  ])('%j → %s', (input, error) => {
    expect(parseRevokeArgs(input)).toEqual({ ok: false, error });
  });

  it('has Russian texts', () => {
    expect(REVOKE_ARGS_ERRORS_RU.no_args).toContain('/revoke');
    expect(REVOKE_ARGS_ERRORS_RU.bad_code).toContain('/revoke');
  });
});
