// Join requests (заявки): created when a person finishes the join flow, decided by
// a curator or an admin. Creating is one Lua step (the open-request guard, the
// record and the pending index together). A decision is one Lua step, so two
// reviewers pressing at once produce one decision. What a decision changes
// elsewhere (membership, audit, domain event) follows it as a resumable sequence:
// the record says `applied: false` until the last step (audit and event, written
// with the flag in one script) is done, so a restart or a repeated press completes
// a half-applied decision instead of refusing it.
import { createHash, randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Role } from '../policy/roles.js';
import type { Keys } from './keys.js';
import type { ChildRef } from './people-store.js';
import { scanKeys, type ErasedPerson, type PersonalDataHolder } from './personal-data.js';
import { defineScripts, STORE_LUA } from './scripts.js';

export type RequestStatus = 'pending' | 'approved' | 'rejected';

export interface JoinRequest {
  id: string;
  userId: number;
  role: Role;
  unitId: string | null;
  fullName: string;
  children?: ChildRef[];
  inviteCode: string | null;
  status: RequestStatus;
  /** 0 once decided and stored compact (see lua/includes/requestCodec.lua): decidedAt is then the time it waited. */
  createdAt: number;
  decidedBy?: number;
  decidedAt?: number;
  reason?: string;
  /** The update (or flow step) that decided: handling it again repeats the answer, not the work. */
  decisionKey?: string;
  /** false while the decision's effects are not all written; absent on requests decided before this existed. */
  applied?: boolean;
  /** The domain event id the decision published (to re-notify listeners idempotently). */
  appliedEvent?: string;
  /**
   * A pupil below the organisation's self-consent grade: whose consent their data are processed
   * on — a parent's press (`parent`, with the parent's id) or the school's written consent
   * recorded by a reviewer (`school`, with the reviewer's id). Ids only. `key`: the recording
   * press's (decisionKeyOf its update id), so that press handled again knows its own consent;
   * the compact decided form leaves it off.
   */
  consent?: { by: 'parent' | 'school'; userId: number; at: number; key?: string };
  /** A reviewer approved before the consent came: the approval is completed when it comes. */
  heldBy?: number;
  /** Parents asked for their consent already (each is asked once). */
  parentsAsked?: number[];
}

/** ok: decided now (or by this key, not yet applied); resume: decided earlier, not yet applied; repeat: decided and applied under this key; already: decided by another. */
export type DecideResult = 'ok' | 'resume' | 'repeat' | 'already' | 'missing';

/**
 * Decided requests are kept this long: a card pressed in the next days gets «already
 * decided» (later: «not found»). Nothing else reads them once applied: the audit log
 * keeps the decision for good, the statistics took the waiting time at the decision.
 */
const DECIDED_TTL_S = 7 * 24 * 3600;

/**
 * The decision's time is kept as the time it took (ms from creation, a few digits where the
 * time itself took 13). A value of at least this (2001-09-09) is a time itself: records written
 * before kept that. No request waits that long: a pending one lapses within a year.
 */
export const ABSOLUTE_TIME = 1e12;

/**
 * A decided and applied request is kept in a compact form: a JSON array of what its readers
 * need, without field names (about a third of the object's bytes). Its readers: a late or
 * repeated press (status, reviewer check by role and unit, the decision key, the applied
 * event, the name the reviewer is answered with), the statistics (times, unit), erasure (ids).
 * An approved one keeps no name: the person's own record holds it (RequestStore.named reads it
 * there, only where the request is shown); a rejected one keeps it (the person may keep no record).
 * Layout: [status a|r, userId, role's number (ROLE_CODES), unitId|'', 0, decidedBy, decidedAt − createdAt,
 * decisionKey|'', appliedEvent|'', fullName, came by invite 1|0, reason|'', consent [by, userId, at]|0,
 * children|0]; trailing defaults are left off. The id is the key's own. The creation time is not
 * kept (0; records written before kept it): only the wait is read once decided (the statistics),
 * so a decoded one has createdAt 0 and decidedAt the wait. Records written before kept the role's
 * name. Object forms (pending requests, decisions being applied, records written before) stay readable.
 */
export const ROLE_CODES: Readonly<Record<Role, number>> = { admin: 1, director: 2, curator: 3, teacher: 4, staff: 5, student: 6, parent: 7 };
const ROLE_OF_CODE = new Map(Object.entries(ROLE_CODES).map(([r, c]) => [c, r as Role]));

type Compact = [
  string,
  number,
  Role | number,
  string,
  number,
  number,
  number,
  string?,
  string?,
  string?,
  number?,
  string?,
  (['parent' | 'school', number, number] | 0)?,
  (ChildRef[] | 0)?,
];

/** Reads either stored form (see lua/includes/requestCodec.lua). */
export function decodeRequest(id: string, raw: string): JoinRequest {
  const v = JSON.parse(raw) as JoinRequest | Compact;
  if (!Array.isArray(v)) return v;
  const [st, userId, role, unit, createdAt, decidedBy, decidedAt, key, event, fullName, invite, reason, consent, children] = v;
  const r: JoinRequest = {
    id,
    userId,
    role: typeof role === 'number' ? ROLE_OF_CODE.get(role)! : role,
    unitId: unit === '' ? null : unit,
    fullName: fullName ?? '',
    inviteCode: invite === 1 ? '' : null,
    status: st === 'a' ? 'approved' : 'rejected',
    createdAt,
    decidedBy,
    decidedAt: decidedAt < ABSOLUTE_TIME ? createdAt + decidedAt : decidedAt,
    applied: true,
    appliedEvent: event ?? '',
  };
  if (key) r.decisionKey = key;
  if (reason) r.reason = reason;
  if (Array.isArray(consent)) r.consent = { by: consent[0], userId: consent[1], at: consent[2] };
  if (Array.isArray(children) && children.length > 0) r.children = children;
  return r;
}

/** Writes a request in the form dumpreq (lua/includes/requestCodec.lua) would (compact once decided and applied). */
export function encodeRequest(r: JoinRequest): string {
  if (r.status === 'pending' || r.applied === false) return JSON.stringify(r);
  const t: unknown[] = [
    r.status === 'approved' ? 'a' : 'r',
    r.userId,
    ROLE_CODES[r.role] ?? r.role,
    r.unitId ?? '',
    0,
    r.decidedBy ?? 0,
    r.decidedAt !== undefined ? r.decidedAt - r.createdAt : 0,
    r.decisionKey ?? '',
    r.appliedEvent ?? '',
    r.status === 'approved' ? '' : (r.fullName ?? ''),
    r.inviteCode !== null && r.inviteCode !== undefined ? 1 : 0,
    r.reason ?? '',
    r.consent ? [r.consent.by, r.consent.userId, r.consent.at] : 0,
    r.children && r.children.length > 0 ? r.children : 0,
  ];
  while (t.length > 10 && (t[t.length - 1] === 0 || t[t.length - 1] === '')) t.pop();
  return JSON.stringify(t);
}

/**
 * The request with no trace of an erased person, or null when it names them nowhere: as the
 * applicant (id, name, typed children), as the reviewer who decided, as the parent whose consent
 * it records, as a reviewer whose approval waits for consent (the approval is withdrawn: someone
 * still in the organisation decides), and among the parents already asked.
 */
function withoutPerson(r: JoinRequest, userId: number): JoinRequest | null {
  const out: JoinRequest = { ...r };
  let named = false;
  if (r.userId === userId) {
    Object.assign(out, { userId: 0, fullName: '', children: undefined });
    named = true;
  }
  if (r.decidedBy === userId) {
    out.decidedBy = 0;
    named = true;
  }
  if (r.consent?.userId === userId) {
    out.consent = { ...r.consent, userId: 0 };
    named = true;
  }
  if (r.heldBy === userId) {
    delete out.heldBy;
    named = true;
  }
  if (r.parentsAsked?.includes(userId)) {
    out.parentsAsked = r.parentsAsked.filter((id) => id !== userId);
    named = true;
  }
  return named ? out : null;
}

export const REQUEST_ID = /^[A-Za-z0-9_-]{12}$/;

type RequestRedis = Redis & {
  requestPatchPending(req: string, fields: string): Promise<string>;
  requestRecordConsent(req: string, audit: string, consent: string, ...auditFields: string[]): Promise<string>;
  requestSetChildren(req: string, children: string): Promise<string>;
  requestForgetNames(req: string): Promise<number>;
  requestCreate(
    open: string,
    req: string,
    pending: string,
    id: string,
    json: string,
    createdAt: number,
    openTtl: number,
    reqTtl: number,
  ): Promise<[number, string]>;
  requestDecide(
    req: string,
    pending: string,
    id: string,
    status: string,
    by: number,
    at: number,
    reason: string,
    openPrefix: string,
    key: string,
    ttl: number,
    legacyKey: string,
  ): Promise<[string, string]>;
  requestApplied(req: string, audit: string, events: string, ...args: Array<string | number>): Promise<string>;
};

export class RequestStore implements PersonalDataHolder {
  readonly name = 'requests';
  readonly families = {
    request: {
      holds:
        "a join request: the applicant's name and id, typed children's names, the reviewer's id, the consenting parent's id, a held approval's reviewer, the parents asked",
    },
    requestsPending: { holds: 'ids of pending requests (one may be the person’s)' },
    requestOpen: { holds: 'the id of a person’s open request, under a key naming their id' },
    requestOpenPrefix: { none: 'a prefix for the closing script, not a key' },
  } as const;
  private readonly redis: RequestRedis;

  constructor(
    redis: Redis,
    private readonly keys: Keys,
  ) {
    defineScripts(redis, STORE_LUA);
    this.redis = redis as RequestRedis;
  }

  static newId(): string {
    return randomBytes(9).toString('base64url');
  }

  /**
   * The decision key as a decided request keeps it: 12 characters of its hash instead of the
   * update id (50 or so), enough to know the same update again.
   */
  static decisionKeyOf(key: string): string {
    return key === '' ? '' : createHash('sha256').update(key).digest('base64url').slice(0, 12);
  }

  /** Whether `key` (an update id or step) decided this request; requests decided before the short form kept the key itself. */
  static decidedUnder(req: Pick<JoinRequest, 'decisionKey'>, key: string): boolean {
    return req.decisionKey !== undefined && key !== '' && (req.decisionKey === key || req.decisionKey === RequestStore.decisionKeyOf(key));
  }

  /** Creates the request unless the same person already has one open for that role and unit (then its id is returned). */
  async create(req: Omit<JoinRequest, 'status'>): Promise<{ created: boolean; id: string }> {
    const full: JoinRequest = { ...req, status: 'pending' };
    const [created, id] = await this.redis.requestCreate(
      this.keys.requestOpen(req.userId, req.role, req.unitId ?? ''),
      this.keys.request(req.id),
      this.keys.requestsPending,
      req.id,
      JSON.stringify(full),
      req.createdAt,
      90 * 24 * 3600,
      365 * 24 * 3600,
    );
    return { created: created === 1, id };
  }

  async get(id: string): Promise<JoinRequest | null> {
    if (!REQUEST_ID.test(id)) return null;
    const raw = await this.redis.get(this.keys.request(id));
    return raw ? decodeRequest(id, raw) : null;
  }

  /**
   * The request with the applicant's name, for whoever shows it. An approved request in the
   * compact form keeps no name (the person's own record has it: the approval made them a member);
   * get() and decide() return it raw, since most readers (the stale-card check, the statistics,
   * the reviewer check) need no name. Empty once the person was erased.
   */
  async named(r: JoinRequest): Promise<JoinRequest> {
    if (r.status !== 'approved' || r.fullName !== '' || r.userId === 0) return r;
    return { ...r, fullName: (await this.redis.hget(this.keys.person(r.userId), 'fullName')) ?? '' };
  }

  async pending(): Promise<JoinRequest[]> {
    const ids = (await this.redis.zrange(this.keys.requestsPending, '0', '-1')).filter((id) => REQUEST_ID.test(id));
    // One MGET per 500, not a GET each: read on every pupil's approval, when hundreds may wait.
    const out: JoinRequest[] = [];
    for (let i = 0; i < ids.length; i += 500) {
      const part = ids.slice(i, i + 500);
      const raws = await this.redis.mget(...part.map((id) => this.keys.request(id)));
      raws.forEach((raw, j) => {
        const r = raw ? decodeRequest(part[j]!, raw) : null;
        if (r && r.status === 'pending') out.push(r);
      });
    }
    return out;
  }

  /**
   * Decides a pending request. With `key` (the deciding update or step), the decision's
   * effects are to be applied by the caller and confirmed with `applied`; without, the
   * decision stands alone (applied at once).
   */
  async decide(
    id: string,
    status: 'approved' | 'rejected',
    by: number,
    reason = '',
    at = Date.now(),
    key = '',
  ): Promise<{ result: DecideResult; request: JoinRequest | null }> {
    if (!REQUEST_ID.test(id)) return { result: 'missing', request: null };
    const [result, raw] = await this.redis.requestDecide(
      this.keys.request(id),
      this.keys.requestsPending,
      id,
      status,
      by,
      at,
      reason,
      this.keys.requestOpenPrefix,
      RequestStore.decisionKeyOf(key),
      DECIDED_TTL_S,
      key,
    );
    return { result: result as DecideResult, request: raw ? decodeRequest(id, raw) : null };
  }

  /** The decision's last step, once: the audit entry, the domain event (if any) and the applied flag. Returns the event id. */
  async applied(id: string, audit: string[], event: string[]): Promise<string> {
    return this.redis.requestApplied(this.keys.request(id), this.keys.audit, this.keys.events, audit.length, ...audit, ...event);
  }

  /** Links a pending request to its child (a curator picked the pupil, or the pupil was verified). */
  async setChildren(id: string, children: ChildRef[]): Promise<'ok' | 'already' | 'missing'> {
    if (!REQUEST_ID.test(id) || children.length === 0) return 'missing';
    return (await this.redis.requestSetChildren(this.keys.request(id), JSON.stringify(children))) as 'ok' | 'already' | 'missing';
  }

  /**
   * Sets the waiting fields of a pending request (a held approval, the parents asked; a consent
   * goes through recordConsent, with its audit entry). Arrays must not be empty: Lua's JSON would
   * write an empty one as an object.
   */
  async patchPending(id: string, fields: Pick<JoinRequest, 'heldBy' | 'parentsAsked'>): Promise<'ok' | 'already' | 'missing'> {
    if (!REQUEST_ID.test(id)) return 'missing';
    return (await this.redis.requestPatchPending(this.keys.request(id), JSON.stringify(fields))) as 'ok' | 'already' | 'missing';
  }

  /**
   * Records the consent of a pending request that has none yet, with its audit entry (fields as
   * AuditLog.fields gives them), in one step.
   */
  async recordConsent(id: string, consent: NonNullable<JoinRequest['consent']>, audit: string[]): Promise<'ok' | 'already' | 'missing'> {
    if (!REQUEST_ID.test(id)) return 'missing';
    return (await this.redis.requestRecordConsent(this.keys.request(id), this.keys.audit, JSON.stringify(consent), ...audit)) as 'ok' | 'already' | 'missing';
  }

  /** Drops the names (the person's, a typed child's) from a decided request; ids and the outcome stay. */
  async forgetNames(id: string): Promise<boolean> {
    if (!REQUEST_ID.test(id)) return false;
    return (await this.redis.requestForgetNames(this.keys.request(id))) === 1;
  }

  /**
   * A pending request the person filed is deleted (no reviewer decides it later). A decided one
   * stays until it expires (a stale card's button still answers «already decided»; the
   * statistics counted it when it was decided) with neither their name nor their id; any
   * other request that names them (as its reviewer, consenting parent, held approval or asked
   * parent) loses them — see withoutPerson.
   */
  async erase(person: ErasedPerson): Promise<void> {
    const { userId } = person;
    for (const key of await scanKeys(this.redis, this.keys.request('*'))) {
      if (key.startsWith(this.keys.requestOpenPrefix)) continue;
      const raw = await this.redis.get(key);
      if (!raw) continue;
      let r: JoinRequest;
      try {
        r = decodeRequest(key.slice(key.lastIndexOf(':') + 1), raw);
      } catch {
        continue;
      }
      if (r.userId === userId && r.status === 'pending') {
        await this.redis
          .multi()
          .del(key)
          .zrem(this.keys.requestsPending, r.id)
          .del(this.keys.requestOpen(userId, r.role, r.unitId ?? ''))
          .exec();
        continue;
      }
      const scrubbed = withoutPerson(r, userId);
      if (scrubbed) await this.redis.set(key, encodeRequest(scrubbed), 'KEEPTTL');
    }
    for (const key of await scanKeys(this.redis, this.keys.requestOpen(userId, '*', '*'))) await this.redis.del(key);
  }
}
