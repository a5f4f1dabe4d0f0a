import { describe, expect, it } from 'vitest';
import { ROLES } from '../../src/policy/roles.js';
import {
  belongsIn,
  CHAT_KINDS,
  memberSources,
  type MemberSources,
  kindsBindableBy,
  mayBind,
  mayBindChats,
  mayBindHere,
  mayConfigureChat,
  mayManageChat,
  type ChatTarget,
  type MemberFacts,
} from '../../src/policy/chat-membership.js';

const p = (userId: number, roles: MemberFacts['roles'], curates: string[] = []): MemberFacts => ({ userId, roles, curates });
const student5a = p(1, [{ role: 'student', unitId: 'u5a' }]);
const parent5a = p(2, [{ role: 'parent', unitId: 'u5a' }]);
const activistParent = p(3, [{ role: 'parent', unitId: 'u5a', activist: true }]);
const curator5a = p(4, [{ role: 'teacher', unitId: null }], ['u5a']);
const teacher = p(5, [{ role: 'teacher', unitId: null }]);
const director = p(6, [{ role: 'director', unitId: null }]);
const staff = p(7, [{ role: 'staff', unitId: null }]);
const student6b = p(8, [{ role: 'student', unitId: 'u6b' }]);
const stranger = p(9, []);

const chat = (kind: ChatTarget['kind'], unitId: string | null = 'u5a', boundBy = 4): ChatTarget => ({ kind, unitId, boundBy });

describe('who belongs where', () => {
  it.each([
    ['unit_students', student5a, true],
    ['unit_students', curator5a, true],
    ['unit_students', parent5a, false],
    ['unit_students', student6b, false],
    ['unit_students', teacher, false],
    ['unit_parents', parent5a, true],
    ['unit_parents', curator5a, true],
    ['unit_parents', student5a, false],
    ['unit_parents', stranger, false],
    ['unit_teachers', curator5a, true],
    ['unit_teachers', teacher, false],
    ['unit_teachers', student5a, false],
    ['staff_room', teacher, true],
    ['staff_room', staff, true],
    ['staff_room', director, true],
    ['staff_room', curator5a, true],
    ['staff_room', parent5a, false],
    ['mgmt_deputies', director, true],
    ['mgmt_deputies', teacher, false],
    ['mgmt_teachers', teacher, true],
    ['mgmt_teachers', director, true],
    ['mgmt_teachers', staff, false],
    ['mgmt_curators', curator5a, true],
    ['mgmt_curators', teacher, false],
    ['mgmt_parent_activists', activistParent, true],
    ['mgmt_parent_activists', parent5a, false],
    ['mgmt_parent_activists', director, true],
    ['channel_org', student6b, true],
    ['channel_org', stranger, false],
    ['channel_staff', staff, true],
    ['channel_staff', parent5a, false],
  ] as const)('%s: user %# → %s', (kind, person, expected) => {
    expect(belongsIn(chat(kind, kind.startsWith('unit') ? 'u5a' : null), person)).toBe(expected);
  });

  it('a subject chat holds the unit’s students, its curators and the teacher who bound it', () => {
    const c = chat('subject', 'u5a', 5);
    expect(belongsIn(c, student5a)).toBe(true);
    expect(belongsIn(c, teacher)).toBe(true);
    expect(belongsIn(c, curator5a)).toBe(true);
    expect(belongsIn(c, parent5a)).toBe(false);
  });

  it('who may bind what', () => {
    expect(mayBind('unit_parents', 'u5a', curator5a)).toBe(true);
    expect(mayBind('unit_parents', 'u6b', curator5a)).toBe(false);
    expect(mayBind('subject', 'u6b', teacher)).toBe(true);
    expect(mayBind('unit_students', 'u5a', teacher)).toBe(false);
    expect(mayBind('staff_room', null, curator5a)).toBe(false);
    expect(mayBind('channel_org', null, p(10, [{ role: 'admin', unitId: null }]))).toBe(true);
    expect(mayBindChats(parent5a)).toBe(false);
    expect(mayBindChats(teacher)).toBe(true);
    expect(mayBindChats(stranger)).toBe(false);
  });

  it('which kinds a binder is offered', () => {
    expect(kindsBindableBy(teacher)).toEqual(['subject']);
    expect(kindsBindableBy(curator5a)).toEqual(['unit_students', 'unit_parents', 'unit_teachers', 'subject']);
    expect(kindsBindableBy(p(10, [{ role: 'admin', unitId: null }]))).toHaveLength(12);
    expect(kindsBindableBy(parent5a)).toEqual([]);
  });

  it('who may choose, manage and configure a chat', () => {
    const actor = (roles: string[], curated: string[] = []) => ({ roles: new Set(roles), curatedUnits: new Set(curated) }) as never;
    const chat = { boundBy: 4, unitId: 'u5a' };
    expect(mayManageChat(chat, 4, actor(['teacher']))).toBe(true);
    expect(mayManageChat(chat, 6, actor(['admin']))).toBe(true);
    expect(mayManageChat(chat, 7, actor(['teacher']))).toBe(false);
    expect(mayManageChat(chat, 5, actor(['teacher'], ['u5a']))).toBe(true);
    expect(mayManageChat(chat, 5, actor(['teacher'], ['u6b']))).toBe(false);
    expect(mayConfigureChat(chat, actor(['teacher'], ['u5a']))).toBe(true);
    expect(mayConfigureChat(chat, actor(['teacher']))).toBe(false);
    expect(mayConfigureChat(null, actor(['admin']))).toBe(true);
    expect(mayConfigureChat(null, actor(['teacher'], ['u5a']))).toBe(false);
  });

  it('who may bind a chat: verified staff who are admins of that chat in MAX', () => {
    const actor = (roles: string[], curated: string[] = []) => ({ roles: new Set(roles), curatedUnits: new Set(curated) }) as never;
    const unbound = { status: 'unbound' as const, boundBy: null, unitId: null };
    const bound = { status: 'bound' as const, boundBy: 4, unitId: 'u5a' };
    const left = { status: 'left' as const, boundBy: null, unitId: null };
    const cases: Array<[string, Parameters<typeof mayBindHere>, boolean]> = [
      ['curator, chat admin, unbound', [unbound, 5, curator5a, actor(['teacher'], ['u5a']), true], true],
      ['curator, not a chat admin', [unbound, 5, curator5a, actor(['teacher'], ['u5a']), false], false],
      ['teacher, chat admin, unbound', [unbound, 3, teacher, actor(['teacher']), true], true],
      ['parent, chat admin', [unbound, 1, parent5a, actor(['parent']), true], false],
      ['stranger, chat admin', [unbound, 9, stranger, actor([]), true], false],
      ['admin of the school, not a chat admin', [unbound, 10, p(10, [{ role: 'admin', unitId: null }]), actor(['admin']), false], false],
      ['bound: its curator, chat admin', [bound, 5, curator5a, actor(['teacher'], ['u5a']), true], true],
      ['bound: another teacher, chat admin', [bound, 3, teacher, actor(['teacher']), true], false],
      ['bound: its binder', [bound, 4, p(4, [{ role: 'teacher', unitId: null }]), actor(['teacher']), true], true],
      ['left chat', [left, 5, curator5a, actor(['teacher'], ['u5a']), true], false],
    ];
    for (const [name, args, expected] of cases) expect(mayBindHere(...args), name).toBe(expected);
  });
});

describe('memberSources: the indexes a chat sync reads hold everyone who belongs', () => {
  /** Is the person in one of the index sets the sources name (as the store builds them)? */
  function found(src: MemberSources, f: MemberFacts, boundBy: number): boolean {
    return (
      f.roles.some((r) => src.inUnit.some((u) => u.role === r.role && u.unitId === r.unitId)) ||
      f.roles.some((r) => src.anywhere.includes(r.role)) ||
      f.roles.some((r) => r.activist === true && src.activists.includes(r.role)) ||
      (src.curatorsOf !== null && f.curates.includes(src.curatorsOf)) ||
      (src.allCurators && f.curates.length > 0) ||
      (src.boundBy && f.userId === boundBy)
    );
  }

  // Every combination of up to two roles (in two units or organisation-wide, activist or
  // not) and curating none, one or the other unit, against every kind of chat.
  const units = ['u5a', 'u6b', null] as const;
  const single = ROLES.flatMap((role) =>
    units.flatMap((unitId) => [
      { role, unitId },
      { role, unitId, activist: true },
    ]),
  );
  const roleSets: MemberFacts['roles'][] = [
    [],
    ...single.map((r) => [r]),
    ...single.filter((_, i) => i % 5 === 0).flatMap((a) => single.filter((_, i) => i % 7 === 1).map((b) => [a, b])),
  ];
  const people: MemberFacts[] = roleSets.flatMap((roles, i) => [[], ['u5a'], ['u6b']].map((curates, j) => p(1000 + i * 3 + j, roles, curates)));

  it.each(CHAT_KINDS.flatMap((kind) => [chat(kind, 'u5a', 1003), chat(kind, null, 1003)]))('$kind in unit $unitId', (target) => {
    const src = memberSources(target);
    const missed = people.filter((f) => belongsIn(target, f) && !found(src, f, target.boundBy));
    expect(missed).toEqual([]);
    // Not everyone: the sources narrow the search (apart from the whole-organisation channel).
    if (target.kind !== 'channel_org') expect(people.filter((f) => found(src, f, target.boundBy)).length).toBeLessThan(people.length);
  });
});
