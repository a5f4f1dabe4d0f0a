// Who belongs in which chat — one pure function (SPEC §3.4; 000 2.4–2.5, 002 2.1–2.3,
// 004 2.2–2.4). The bot adds people who belong and removes those who no longer do.
import type { ActorRoles } from './permissions.js';
import { ROLES, type Role, STAFF_ROLES } from './roles.js';

export const UNIT_CHAT_KINDS = ['unit_students', 'unit_parents', 'unit_teachers', 'subject'] as const;
export const ORG_CHAT_KINDS = ['staff_room', 'mgmt_deputies', 'mgmt_teachers', 'mgmt_curators', 'mgmt_parent_activists', 'mgmt_student_activists'] as const;
export const CHANNEL_KINDS = ['channel_org', 'channel_staff'] as const;
export type ChatKind = (typeof UNIT_CHAT_KINDS)[number] | (typeof ORG_CHAT_KINDS)[number] | (typeof CHANNEL_KINDS)[number];
export const CHAT_KINDS: readonly ChatKind[] = [...UNIT_CHAT_KINDS, ...ORG_CHAT_KINDS, ...CHANNEL_KINDS];

export const CHAT_KIND_TITLES_RU: Record<ChatKind, string> = {
  unit_students: 'чат учеников {unit:gen}',
  unit_parents: 'чат родителей {unit:gen}',
  unit_teachers: 'чат педагогов {unit:gen}',
  subject: 'предметный чат',
  staff_room: 'Учительская (все педагоги и сотрудники)',
  mgmt_deputies: 'руководитель с заместителями',
  mgmt_teachers: 'руководство с педагогами',
  mgmt_curators: 'руководство с классными руководителями',
  mgmt_parent_activists: 'руководство с родительским активом',
  mgmt_student_activists: 'руководство с ученическим активом',
  channel_org: 'канал организации',
  channel_staff: 'канал для сотрудников',
};

/**
 * The chats every class must have (004 2.3: the class teacher keeps chats with the pupils,
 * with their parents and with the teachers of the class; 000 2.2 / 002 2.2 likewise).
 */
export const REQUIRED_UNIT_CHAT_KINDS: readonly ChatKind[] = ['unit_students', 'unit_parents', 'unit_teachers'];

/** The required kinds a class lacks, given the kinds of its bound chats. */
export function missingUnitChatKinds(bound: Iterable<ChatKind | null>): ChatKind[] {
  const have = new Set(bound);
  return REQUIRED_UNIT_CHAT_KINDS.filter((k) => !have.has(k));
}

export function isUnitKind(kind: ChatKind): boolean {
  return (UNIT_CHAT_KINDS as readonly string[]).includes(kind);
}

/** Study chats: where working hours and speech etiquette apply to students and parents (003 6.2). */
export function isStudyChat(kind: ChatKind): boolean {
  return isUnitKind(kind);
}

/** Children's chats: a stranger there is a security alert, reported at once. */
export function isChildrensChat(kind: ChatKind): boolean {
  return kind === 'unit_students' || kind === 'subject' || kind === 'mgmt_student_activists';
}

/** What the policy needs to know about a person: verified roles only. */
export interface MemberFacts {
  userId: number;
  /** Verified roles with their unit (null: organisation-wide). */
  roles: Array<{ role: Role; unitId: string | null; activist?: boolean }>;
  /** Units the person curates. */
  curates: string[];
}

export interface ChatTarget {
  kind: ChatKind;
  unitId: string | null;
  /** Who bound it: a subject chat belongs to its teacher. */
  boundBy: number;
}

/** Does this person belong in this chat? */
export function belongsIn(chat: ChatTarget, p: MemberFacts): boolean {
  const has = (role: Role, unitId?: string | null) => p.roles.some((r) => r.role === role && (unitId === undefined || r.unitId === unitId));
  const curates = (unitId: string | null) => unitId !== null && p.curates.includes(unitId);
  const activist = (role: Role) => p.roles.some((r) => r.role === role && r.activist === true);
  const head = has('director');
  switch (chat.kind) {
    case 'unit_students':
      return has('student', chat.unitId) || curates(chat.unitId);
    case 'unit_parents':
      return has('parent', chat.unitId) || curates(chat.unitId);
    case 'unit_teachers':
      return curates(chat.unitId) || has('teacher', chat.unitId);
    case 'subject':
      return has('student', chat.unitId) || curates(chat.unitId) || p.userId === chat.boundBy;
    case 'staff_room':
    case 'channel_staff':
      return STAFF_ROLES.some((r) => has(r)) || p.curates.length > 0;
    case 'mgmt_deputies':
      return head;
    case 'mgmt_teachers':
      return head || has('teacher') || has('curator') || p.curates.length > 0;
    case 'mgmt_curators':
      return head || has('curator') || p.curates.length > 0;
    case 'mgmt_parent_activists':
      return head || activist('parent');
    case 'mgmt_student_activists':
      return head || activist('student');
    case 'channel_org':
      return p.roles.length > 0 || p.curates.length > 0;
  }
}

/**
 * Where the people who may belong in a chat are found among the verified-role indexes
 * (by unit and role), so that a chat's sync reads only that chat's people. A superset:
 * `belongsIn` still decides for each of them (test/policy/chat-membership.test.ts holds
 * the two together).
 */
export interface MemberSources {
  /** Verified holders of the role in this unit (null: organisation-wide memberships). */
  inUnit: Array<{ unitId: string | null; role: Role }>;
  /** Verified holders of the role in any unit or organisation-wide. */
  anywhere: Role[];
  /** Verified holders of the role marked activists, in any unit. */
  activists: Role[];
  /** The unit whose curators belong. */
  curatorsOf: string | null;
  /** Every unit's curators belong. */
  allCurators: boolean;
  /** Whoever bound the chat belongs (a subject chat's teacher). */
  boundBy: boolean;
}

export function memberSources(chat: ChatTarget): MemberSources {
  const none: MemberSources = { inUnit: [], anywhere: [], activists: [], curatorsOf: null, allCurators: false, boundBy: false };
  switch (chat.kind) {
    case 'unit_students':
      return { ...none, inUnit: [{ unitId: chat.unitId, role: 'student' }], curatorsOf: chat.unitId };
    case 'unit_parents':
      return { ...none, inUnit: [{ unitId: chat.unitId, role: 'parent' }], curatorsOf: chat.unitId };
    case 'unit_teachers':
      return { ...none, inUnit: [{ unitId: chat.unitId, role: 'teacher' }], curatorsOf: chat.unitId };
    case 'subject':
      return { ...none, inUnit: [{ unitId: chat.unitId, role: 'student' }], curatorsOf: chat.unitId, boundBy: true };
    case 'staff_room':
    case 'channel_staff':
      return { ...none, anywhere: [...STAFF_ROLES], allCurators: true };
    case 'mgmt_deputies':
      return { ...none, anywhere: ['director'] };
    case 'mgmt_teachers':
      return { ...none, anywhere: ['director', 'teacher', 'curator'], allCurators: true };
    case 'mgmt_curators':
      return { ...none, anywhere: ['director', 'curator'], allCurators: true };
    case 'mgmt_parent_activists':
      return { ...none, anywhere: ['director'], activists: ['parent'] };
    case 'mgmt_student_activists':
      return { ...none, anywhere: ['director'], activists: ['student'] };
    case 'channel_org':
      return { ...none, anywhere: [...ROLES], allCurators: true };
  }
}

/** Who may bind a chat of this kind (SPEC §3.4): curators their units' chats, teachers subject chats, admins all. */
export function mayBind(kind: ChatKind, unitId: string | null, binder: MemberFacts): boolean {
  const isAdmin = binder.roles.some((r) => r.role === 'admin');
  if (isAdmin) return true;
  if (!isUnitKind(kind) || unitId === null) return false;
  if (binder.curates.includes(unitId)) return true;
  return kind === 'subject' && binder.roles.some((r) => r.role === 'teacher');
}

/** The kinds a binder may choose for a new chat: unit kinds if they may bind some unit's chat of that kind. */
export function kindsBindableBy(binder: MemberFacts): ChatKind[] {
  const isAdmin = binder.roles.some((r) => r.role === 'admin');
  const isTeacher = binder.roles.some((r) => r.role === 'teacher');
  return CHAT_KINDS.filter((k) => (isUnitKind(k) ? isAdmin || binder.curates.length > 0 || (k === 'subject' && isTeacher) : mayBind(k, null, binder)));
}

/** May this person bind chats at all (before the kind is known)? Verified staff who may bind some kind. */
export function mayBindChats(binder: MemberFacts): boolean {
  return binder.curates.length > 0 || binder.roles.some((r) => r.role === 'admin' || r.role === 'teacher' || r.role === 'curator');
}

/** A chat as the rules below need it. */
export interface ChatOwnership {
  boundBy: number | null;
  unitId: string | null;
}

/** Who may unbind, re-bind or /sync a bound chat: whoever bound it, the unit's curators, admins. */
export function mayManageChat(chat: ChatOwnership, userId: number, actor: ActorRoles): boolean {
  return chat.boundBy === userId || actor.roles.has('admin') || (chat.unitId !== null && actor.curatedUnits.has(chat.unitId));
}

/**
 * Who may start or change a chat's binding (SPEC §3.4). Since November 2026 MAX does
 * not say who added the bot, so the right comes from the chat itself: a verified staff
 * member who may bind chats and is the chat's owner or one of its admins in MAX.
 * A bound chat is re-bound only by those who may manage it.
 */
export function mayBindHere(
  chat: ChatOwnership & { status: 'unbound' | 'bound' | 'left' },
  userId: number,
  binder: MemberFacts,
  actor: ActorRoles,
  isChatAdmin: boolean,
): boolean {
  if (chat.status === 'left' || !isChatAdmin || !mayBindChats(binder)) return false;
  return chat.status === 'unbound' || mayManageChat(chat, userId, actor);
}

/** Who may change a chat's hours and rule modes (SPEC §3.5–3.6): admins everywhere, curators their units' chats. */
export function mayConfigureChat(chat: ChatOwnership | null, actor: ActorRoles): boolean {
  return actor.roles.has('admin') || (chat !== null && chat.unitId !== null && actor.curatedUnits.has(chat.unitId));
}
