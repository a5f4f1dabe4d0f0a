// The permission table: which role may run which command and on which units.
// Every command handler asks `authorize()`; nothing else decides access.
// Sources: 000 2.3 (the admin runs the organisation, invites, accepts requests,
// confirms staff status), 000 2.5 / 004 2.3 (curators run their own units),
// 000 2.4 / 002 2.2 (the head and deputies see statistics and rosters).
import type { Role } from './roles.js';
import { FAMILY_ROLES } from './roles.js';

/** `guest`: anyone without a verified role (a parent who has not joined yet, a stranger). */
export type Subject = Role | 'guest';

/** all: any unit; own: only units the person curates; self: only about themselves. */
export type Scope = 'all' | 'own' | 'self';

export const COMMAND_NAMES = [
  'start',
  'help',
  'cancel',
  'feedback',
  'me',
  'name',
  'join',
  'setup',
  'unit',
  'units',
  'curator',
  'admin',
  'members',
  'move',
  'remove',
  'invite',
  'invites',
  'revoke',
  'requests',
  'audit',
  'rollover',
  'bind',
  'unbind',
  'chats',
  'sync',
  'activist',
  'hours',
  'policy',
  'rules',
  'later',
  'report',
  'recording',
  'numbers',
  'forget',
  'roster',
  'stats',
  'post',
] as const;
/** The organisation's commands, whose rows are the table below. */
export type CoreCommandName = (typeof COMMAND_NAMES)[number];

/**
 * Commands a feature brings with rows of its own (`Feature.permissions`), named by declaration
 * merging in the feature's folder, e.g.
 *   declare module '../policy/permissions.js' { interface FeatureCommands { homework: true } }
 */
// biome-ignore lint/suspicious/noEmptyInterface: filled by declaration merging in a feature's folder
export interface FeatureCommands {}
export type CommandName = CoreCommandName | (keyof FeatureCommands & string);

/** A row of the permission table: the scope each kind of person has for one command. */
export type Access = Partial<Record<Subject, Scope>>;

const EVERYONE: Partial<Record<Subject, Scope>> = {
  guest: 'self',
  admin: 'self',
  director: 'self',
  curator: 'self',
  teacher: 'self',
  staff: 'self',
  student: 'self',
  parent: 'self',
};

export const PERMISSIONS: Readonly<Record<CoreCommandName, Access>> = {
  start: EVERYONE,
  help: EVERYONE,
  cancel: EVERYONE,
  feedback: EVERYONE,
  me: EVERYONE,
  // Admins named in ADMIN_USER_IDS never went through the join dialog: they give their ФИО here.
  name: { admin: 'self' },
  join: EVERYONE,
  forget: EVERYONE,
  setup: { admin: 'all' },
  unit: { admin: 'all' },
  units: { admin: 'all', director: 'all', curator: 'own' },
  curator: { admin: 'all' },
  admin: { admin: 'all' },
  members: { admin: 'all', director: 'all', curator: 'own' },
  move: { admin: 'all' },
  remove: { admin: 'all' },
  invite: { admin: 'all', curator: 'own' },
  // The head controls (SPEC roles: «statistics, management chats, control»): reads what the
  // admins do — invites and the audit — and changes nothing.
  invites: { admin: 'all', director: 'all', curator: 'own' },
  revoke: { admin: 'all', curator: 'own' },
  requests: { admin: 'all', curator: 'own' },
  audit: { admin: 'all', director: 'all' },
  // Chats (SPEC §3.4): curators bind their units' chats, teachers subject chats (checked
  // in detail by src/policy/chat-membership.ts mayBind), admins everything.
  bind: { admin: 'all', curator: 'own', teacher: 'own' },
  unbind: { admin: 'all', curator: 'own', teacher: 'own' },
  chats: { admin: 'all', director: 'all', curator: 'own', teacher: 'own' },
  sync: { admin: 'all', curator: 'own' },
  activist: { admin: 'all', curator: 'own' },
  // Working hours and chat rules (SPEC §3.5–3.6): everyone may see them; admins change
  // the organisation's and every chat's, curators their units' chats (checked per chat).
  hours: EVERYONE,
  policy: { admin: 'all', curator: 'own' },
  // The school's own public phone numbers (reception, duty phone) may be posted in chats.
  numbers: { admin: 'all' },
  rules: EVERYONE,
  later: { admin: 'all', director: 'all', curator: 'own', teacher: 'own', staff: 'own', parent: 'self' },
  report: EVERYONE,
  recording: { admin: 'all', director: 'all', curator: 'own', teacher: 'own' },
  // Statistics (001 3.1.12, 002 2.1): the admin brings them to the head; curators see their classes.
  stats: { admin: 'all', director: 'all', curator: 'own' },
  // Broadcasts and system channels (002 2.1–2.2): admins and the director everywhere,
  // curators only to their classes' parents and students (postAudienceAllowed below).
  post: { admin: 'all', director: 'all', curator: 'own' },
  // The school year (000 2.3 «движение обучающихся»): the admin moves every class up.
  rollover: { admin: 'all' },
  // Class lists (children's names) are loaded by admins only.
  roster: { admin: 'all' },
};

/** Whom a broadcast goes to: a bound channel, or people of a group, optionally of some units. */
export type PostAudience = { kind: 'channel'; chatId: number } | { kind: 'people'; group: 'all' | 'staff' | 'parents' | 'students'; unitIds: string[] };

/** May the person post to this audience? "own" scope: parents or students of their own units only. */
export function postAudienceAllowed(actor: ActorRoles, audience: PostAudience): boolean {
  const scope = scopeOf(actor, 'post');
  if (scope === 'all') return true;
  if (scope !== 'own' || audience.kind !== 'people') return false;
  if (audience.group !== 'parents' && audience.group !== 'students') return false;
  return audience.unitIds.length > 0 && audience.unitIds.every((u) => actor.curatedUnits.has(u));
}

/** Roles a curator may invite into their own units (SPEC §3.2). */
export const CURATOR_INVITABLE: readonly Role[] = FAMILY_ROLES;

export interface ActorRoles {
  /** Verified roles. Empty means guest. */
  roles: ReadonlySet<Role>;
  /** Units the person curates. */
  curatedUnits: ReadonlySet<string>;
}

export type Denial = 'not_allowed' | 'not_your_unit' | 'role_not_allowed';
export type Decision = { ok: true; scope: Scope } | { ok: false; reason: Denial };

function subjects(actor: ActorRoles): Subject[] {
  const list: Subject[] = [...actor.roles];
  if (actor.curatedUnits.size > 0 && !actor.roles.has('curator')) list.push('curator');
  if (list.length === 0) list.push('guest');
  return list;
}

const SCOPE_RANK: Record<Scope, number> = { self: 0, own: 1, all: 2 };

/**
 * The rows of the features' own commands, added as each feature is installed. Kept beside the
 * organisation's table so that every decision still reads one table; a command keeps one row (a
 * second, different row for it throws; the same row again — another app in the same process — is fine).
 */
const featureRows = new Map<string, Access>();

export function addPermissionRows(owner: string, rows: Partial<Record<CommandName, Access>>): void {
  for (const [command, access] of Object.entries(rows) as [string, Access][]) {
    if (command in PERMISSIONS) throw new Error(`duplicate permission row /${command} (organisation, ${owner})`);
    const had = featureRows.get(command);
    if (had && JSON.stringify(had) !== JSON.stringify(access)) throw new Error(`duplicate permission row /${command} (${owner})`);
    featureRows.set(command, access);
  }
}

function rowOf(command: CommandName): Access | undefined {
  return (PERMISSIONS as Readonly<Record<string, Access>>)[command] ?? featureRows.get(command);
}

/** The widest scope any of the person's roles gives for the command, or null (also for a command with no row). */
export function scopeOf(actor: ActorRoles, command: CommandName): Scope | null {
  let best: Scope | null = null;
  const row = rowOf(command);
  if (!row) return null;
  for (const s of subjects(actor)) {
    const scope = row[s];
    if (scope && (best === null || SCOPE_RANK[scope] > SCOPE_RANK[best])) best = scope;
  }
  return best;
}

/**
 * May the person run the command — on this unit, and (for /invite) for this role?
 * A target unit of `null` means "the organisation as a whole".
 */
export function authorize(actor: ActorRoles, command: CommandName, target: { unitId?: string | null; role?: Role } = {}): Decision {
  const scope = scopeOf(actor, command);
  if (scope === null) return { ok: false, reason: 'not_allowed' };
  if (scope === 'own') {
    if (command === 'invite' && target.role && !CURATOR_INVITABLE.includes(target.role)) return { ok: false, reason: 'role_not_allowed' };
    if (target.unitId !== undefined && (target.unitId === null || !actor.curatedUnits.has(target.unitId))) {
      return { ok: false, reason: 'not_your_unit' };
    }
  }
  return { ok: true, scope };
}

/** Commands the person may run at all — for /help. */
export function allowedCommands(actor: ActorRoles): CommandName[] {
  return [...COMMAND_NAMES, ...(featureRows.keys() as Iterable<CommandName>)].filter((c) => scopeOf(actor, c) !== null);
}
