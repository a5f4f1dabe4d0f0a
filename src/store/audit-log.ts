// The audit log of every administrative act: who, what, whom, when. Entries carry
// ids, never names (SPEC §3.7; a name lives only in the person's own record).
import type { Redis } from 'ioredis';
import type { Keys } from './keys.js';
import type { PersonalDataHolder } from './personal-data.js';

export type AuditAction =
  | 'org.setup'
  | 'unit.created'
  | 'unit.renamed'
  | 'unit.archived'
  | 'unit.restored'
  | 'curator.appointed'
  | 'curator.removed'
  | 'admin.appointed'
  | 'admin.dismissed'
  | 'invite.created'
  | 'invite.used'
  | 'invite.revoked'
  | 'invite.lapsed'
  | 'invite.bad_codes'
  | 'request.created'
  | 'request.approved'
  | 'request.rejected'
  | 'person.moved'
  | 'person.removed'
  | 'consent.refused'
  | 'consent.parent'
  | 'consent.parent_refused'
  | 'consent.written'
  | 'chat.policy'
  | 'numbers.added'
  | 'numbers.removed'
  | 'security.report'
  | 'broadcast.sent'
  | 'child.linked'
  | 'hours.changed'
  | 'person.forgotten'
  | 'year.rollover'
  | 'roster.imported'
  | 'chat.bound'
  | 'chat.unbound'
  | 'chat.readded'
  | 'stranger.removed'
  | 'stranger.kept'
  | 'activist.changed'
  | 'sanction.applied';

export interface AuditEntry {
  id: string;
  at: number;
  /** User id of who acted; 0 for the bot itself. */
  actor: number;
  action: AuditAction;
  /** Whom or what it concerned: "user:<id>", "unit:<id>", "invite:<code prefix>", "request:<id>". */
  target: string;
  /** Further ids (unit, role, counts) — no names, no texts. */
  details: Record<string, string | number>;
}

const MAX_ENTRIES = 100_000;

// How an entry is stored (issue 23: the log grows by two entries per member who joins, and was
// a quarter of a member's Redis bytes). A stream keeps the field names of a node's first entry
// once for all the entries with the same names, so what counts is the values:
//   at  the time (ms);  by  the actor's id;  a  the action's number (AUDIT_CODES, 2 bytes where
//   "request.approved" took 18);  t  the target, its kind shortened (TARGET_KINDS: "r:<id>" for
//   "request:<id>");  d  the details as JSON with the common keys shortened (DETAIL_KEYS).
// Entries written before (fields at, actor, action, target, details) are read as they are: the
// field names tell the two forms apart.

/**
 * The stored number of each action. Numbers are for good: a new action takes a new number, a
 * number is never reused or changed (the log keeps entries for years).
 */
const AUDIT_CODES: Record<AuditAction, number> = {
  'org.setup': 1,
  'unit.created': 2,
  'unit.renamed': 3,
  'unit.archived': 4,
  'unit.restored': 5,
  'curator.appointed': 6,
  'curator.removed': 7,
  'admin.appointed': 8,
  'admin.dismissed': 9,
  'invite.created': 10,
  'invite.used': 11,
  'invite.revoked': 12,
  'invite.lapsed': 13,
  'invite.bad_codes': 14,
  'request.created': 15,
  'request.approved': 16,
  'request.rejected': 17,
  'person.moved': 18,
  'person.removed': 19,
  'consent.refused': 20,
  'consent.parent': 21,
  'consent.parent_refused': 22,
  'consent.written': 23,
  'chat.policy': 24,
  'numbers.added': 25,
  'numbers.removed': 26,
  'security.report': 27,
  'broadcast.sent': 28,
  'child.linked': 29,
  'hours.changed': 30,
  'person.forgotten': 31,
  'year.rollover': 32,
  'roster.imported': 33,
  'chat.bound': 34,
  'chat.unbound': 35,
  'chat.readded': 36,
  'stranger.removed': 37,
  'stranger.kept': 38,
  'activist.changed': 39,
  'sanction.applied': 40,
};
const ACTION_OF_CODE = new Map(Object.entries(AUDIT_CODES).map(([a, c]) => [String(c), a as AuditAction]));

/** Target kinds as stored: "<short>:<id>". A target of another kind is stored as it is. */
const TARGET_KINDS: Record<string, string> = { user: 'u', unit: 'n', request: 'r', invite: 'i', chat: 'h', rollover: 'y', broadcast: 'b' };
const TARGET_OF_SHORT = new Map(Object.entries(TARGET_KINDS).map(([k, s]) => [s, k]));

/** Detail keys as stored: one capital letter (no detail is named so); other keys stay as they are. */
const DETAIL_KEYS: Record<string, string> = { user: 'U', role: 'R', unit: 'N', child: 'C', chat: 'H', from: 'F', to: 'T', kind: 'K', rule: 'L' };
const DETAIL_OF_SHORT = new Map(Object.entries(DETAIL_KEYS).map(([k, s]) => [s, k]));

/** An entry's stream fields in the stored form (above). */
export function encodeAuditFields(actor: number, action: AuditAction, target: string, details: Record<string, string | number>, at: number): string[] {
  const colon = target.indexOf(':');
  const kind = colon > 0 ? TARGET_KINDS[target.slice(0, colon)] : undefined;
  const d: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(details)) d[DETAIL_KEYS[k] ?? k] = v;
  return [
    'at',
    String(at),
    'by',
    String(actor),
    'a',
    String(AUDIT_CODES[action] ?? action),
    't',
    kind ? `${kind}${target.slice(colon)}` : target,
    'd',
    JSON.stringify(d),
  ];
}

/** An entry from its stream fields, either form. */
export function decodeAuditFields(id: string, fields: string[]): AuditEntry {
  const f = new Map<string, string>();
  for (let i = 0; i + 1 < fields.length; i += 2) f.set(fields[i]!, fields[i + 1]!);
  if (!f.has('a')) {
    return {
      id,
      at: Number(f.get('at')),
      actor: Number(f.get('actor')),
      action: f.get('action') as AuditAction,
      target: f.get('target') ?? '',
      details: JSON.parse(f.get('details') ?? '{}') as Record<string, string | number>,
    };
  }
  const code = f.get('a')!;
  const t = f.get('t') ?? '';
  const colon = t.indexOf(':');
  const kind = colon > 0 ? TARGET_OF_SHORT.get(t.slice(0, colon)) : undefined;
  const details: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(JSON.parse(f.get('d') ?? '{}') as Record<string, string | number>)) details[DETAIL_OF_SHORT.get(k) ?? k] = v;
  return {
    id,
    at: Number(f.get('at')),
    actor: Number(f.get('by')),
    action: ACTION_OF_CODE.get(code) ?? (code as AuditAction),
    target: kind ? `${kind}${t.slice(colon)}` : t,
    details,
  };
}

/** What /audit may ask for; every part given must match (ids only, resolved by the caller). */
export interface AuditFilter {
  /** The person as actor, target or a detail (user, child). */
  userIds?: number[];
  /** The unit as target or a detail (unit, from, to), or one of its chats as target. */
  unitId?: string;
  unitChatIds?: number[];
  /** Actions to keep (already resolved from a code prefix or a Russian title). */
  actions?: string[];
}

/** How many of the latest entries a filtered read looks through at most. */
const SEARCH_SCAN = 20_000;
const PERSON_DETAILS = ['user', 'child'];
const UNIT_DETAILS = ['unit', 'from', 'to'];

export function auditMatches(e: AuditEntry, f: AuditFilter): boolean {
  if (f.actions && !f.actions.includes(e.action)) return false;
  if (f.userIds) {
    const ids = new Set(f.userIds.map(String));
    const hit =
      ids.has(String(e.actor)) ||
      (e.target.startsWith('user:') && ids.has(e.target.slice(5))) ||
      PERSON_DETAILS.some((k) => e.details[k] !== undefined && ids.has(String(e.details[k])));
    if (!hit) return false;
  }
  if (f.unitId) {
    const chats = new Set((f.unitChatIds ?? []).map((c) => `chat:${c}`));
    const hit =
      e.target === `unit:${f.unitId}` || chats.has(e.target) || chats.has(`chat:${e.details.chat}`) || UNIT_DETAILS.some((k) => e.details[k] === f.unitId);
    if (!hit) return false;
  }
  return true;
}

/** Told of every appended entry (statistics count from here); a failing listener never fails the append. */
export type AuditListener = (entry: Omit<AuditEntry, 'id' | 'at'>) => Promise<void> | void;

export class AuditLog implements PersonalDataHolder {
  readonly name = 'audit';
  readonly families = {
    audit: { none: 'administrative acts: ids and acts, never names or texts; kept as the record of what was done' },
  } as const;

  async erase(): Promise<void> {}

  private readonly listeners: AuditListener[] = [];

  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
  ) {}

  onAppend(listener: AuditListener): void {
    this.listeners.push(listener);
  }

  async append(actor: number, action: AuditAction, target: string, details: Record<string, string | number> = {}, at = Date.now()): Promise<void> {
    await this.redis.xadd(this.keys.audit, 'MAXLEN', '~', String(MAX_ENTRIES), '*', ...AuditLog.fields(actor, action, target, details, at));
    await this.notify({ actor, action, target, details });
  }

  /**
   * Tells the listeners (statistics) about an entry; called by append() and by whoever
   * appended an entry inside a script of its own (see fields()).
   */
  async notify(entry: { actor: number; action: AuditAction; target: string; details: Record<string, string | number> }): Promise<void> {
    for (const l of this.listeners) {
      try {
        await l(entry);
      } catch {
        // Statistics are secondary to the act itself; the listener logs its own failures.
      }
    }
  }

  /** An entry's stream fields, for a script that appends it together with other writes. */
  static fields(actor: number, action: AuditAction, target: string, details: Record<string, string | number> = {}, at = Date.now()): string[] {
    return encodeAuditFields(actor, action, target, details, at);
  }

  /** The latest `count` entries that match the filter, newest first (the latest `scan` entries are looked through). */
  async search(filter: AuditFilter, count: number, scan = SEARCH_SCAN): Promise<AuditEntry[]> {
    const out: AuditEntry[] = [];
    let end = '+';
    for (let seen = 0; seen < scan && out.length < count; ) {
      const page = await this.page(end, 1000);
      for (const e of page) if (out.length < count && auditMatches(e, filter)) out.push(e);
      seen += page.length;
      if (page.length < 1000) break;
      end = `(${page.at(-1)!.id}`;
    }
    return out;
  }

  async latest(count: number): Promise<AuditEntry[]> {
    return this.page('+', count);
  }

  private async page(end: string, count: number): Promise<AuditEntry[]> {
    const rows = await this.redis.xrevrange(this.keys.audit, end, '-', 'COUNT', count);
    return rows.map(([id, fields]) => decodeAuditFields(id, fields));
  }
}
