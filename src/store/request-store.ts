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
  /** 0 once decided and stored compact (see CODEC): decidedAt is then the time it waited. */
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
const ABSOLUTE_TIME = 1e12;

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
const LUA_ROLES = `{ ${Object.entries(ROLE_CODES)
  .map(([r, c]) => `[${c}] = '${r}', ${r} = ${c}`)
  .join(', ')} }`;
const CODEC = `
-- (decidedAt below ${ABSOLUTE_TIME} ms is a time from creation; ROLES: a role's number and name both ways)
local ROLES = ${LUA_ROLES}
local function loadreq(raw)
  local t = cjson.decode(raw)
  if t[1] == nil then return t end
  local role = t[3]
  if type(role) == 'number' then role = ROLES[role] end
  local r = { status = (t[1] == 'a') and 'approved' or 'rejected', userId = t[2], role = role, createdAt = t[5],
    decidedBy = t[6], decidedAt = t[7], fullName = t[10] or '', applied = true }
  -- decidedAt is kept as the time from creation (records written before kept the time itself).
  if type(t[7]) == 'number' and t[7] < ${ABSOLUTE_TIME} then r.decidedAt = t[5] + t[7] end
  if t[4] ~= nil and t[4] ~= '' then r.unitId = t[4] else r.unitId = cjson.null end
  if t[8] ~= nil and t[8] ~= '' then r.decisionKey = t[8] end
  r.appliedEvent = t[9] or ''
  if t[11] == 1 then r.inviteCode = '' else r.inviteCode = cjson.null end
  if t[12] ~= nil and t[12] ~= '' then r.reason = t[12] end
  if type(t[13]) == 'table' then r.consent = { by = t[13][1], userId = t[13][2], at = t[13][3] } end
  if type(t[14]) == 'table' then r.children = t[14] end
  return r
end
-- Pending or being applied: the object form; decided and applied: the compact one.
local function dumpreq(r)
  if r.status == 'pending' or r.applied == false then return cjson.encode(r) end
  local unit = r.unitId
  if unit == nil or unit == cjson.null then unit = '' end
  local invite = 0
  if r.inviteCode ~= nil and r.inviteCode ~= cjson.null then invite = 1 end
  local consent = 0
  if type(r.consent) == 'table' then consent = { r.consent.by, r.consent.userId, r.consent.at } end
  local children = 0
  if type(r.children) == 'table' and #r.children > 0 then children = r.children end
  local waited = 0
  if r.decidedAt ~= nil and r.decidedAt ~= cjson.null then waited = r.decidedAt - r.createdAt end
  local t = { (r.status == 'approved') and 'a' or 'r', r.userId, ROLES[r.role] or r.role, unit, 0, r.decidedBy or 0, waited,
    r.decisionKey or '', r.appliedEvent or '', (r.status == 'approved') and '' or (r.fullName or ''), invite, r.reason or '', consent, children }
  while #t > 10 and (t[#t] == 0 or t[#t] == '') do t[#t] = nil end
  return cjson.encode(t)
end
`;

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

/** Reads either stored form (see CODEC). */
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

/** Writes a request in the form CODEC's dumpreq would (compact once decided and applied). */
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

const CREATE = `
-- KEYS[1] open key, KEYS[2] request, KEYS[3] pending zset; ARGV id, json, created at, open ttl, request ttl
local cur = redis.call('GET', KEYS[1])
if cur then return {0, cur} end
redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[4])
redis.call('SET', KEYS[2], ARGV[2], 'EX', ARGV[5])
redis.call('ZADD', KEYS[3], ARGV[3], ARGV[1])
return {1, ARGV[1]}
`;

const DECIDE =
  CODEC +
  `
-- KEYS[1] request, KEYS[2] pending zset; ARGV id, status, by, at, reason, open-key prefix, decision key
-- (its short form, see decisionKeyOf), decided ttl, the decision key as written before the short form
local raw = redis.call('GET', KEYS[1])
if not raw then return {'missing', ''} end
local r = loadreq(raw)
if r.status ~= 'pending' then
  -- The same update again: go on applying (ok) or only repeat the answer (repeat).
  if ARGV[7] ~= '' and (r.decisionKey == ARGV[7] or r.decisionKey == ARGV[9]) then
    if r.applied == false then return {'ok', raw} end
    return {'repeat', raw}
  end
  if r.applied == false then return {'resume', raw} end
  return {'already', raw}
end
r.status = ARGV[2]
r.decidedBy = tonumber(ARGV[3])
r.decidedAt = tonumber(ARGV[4])
if ARGV[5] ~= '' then r.reason = ARGV[5] end
if ARGV[7] ~= '' then
  r.decisionKey = ARGV[7]
  r.applied = false
end
local out = dumpreq(r)
redis.call('SET', KEYS[1], out, 'EX', ARGV[8])
redis.call('ZREM', KEYS[2], ARGV[1])
local unit = r.unitId
if unit == cjson.null or unit == nil then unit = '' end
redis.call('DEL', ARGV[6] .. r.userId .. ':' .. r.role .. ':' .. unit)
return {'ok', out}
`;

const APPLIED =
  CODEC +
  `
-- KEYS[1] request, KEYS[2] audit stream, KEYS[3] events stream
-- ARGV[1] number n of audit field args, ARGV[2..n+1] audit fields, then event fields (none: no event)
-- The decision's last step: audit entry, domain event and the applied flag, once.
local raw = redis.call('GET', KEYS[1])
if not raw then return '' end
local r = loadreq(raw)
if r.applied ~= false then return r.appliedEvent or '' end
local n = tonumber(ARGV[1])
local audit, event = {}, {}
for i = 2, n + 1 do audit[#audit + 1] = ARGV[i] end
for i = n + 2, #ARGV do event[#event + 1] = ARGV[i] end
redis.call('XADD', KEYS[2], 'MAXLEN', '~', '100000', '*', unpack(audit))
local id = ''
if #event > 0 then id = redis.call('XADD', KEYS[3], 'MAXLEN', '~', '100000', '*', unpack(event)) end
r.applied = true
r.appliedEvent = id
-- Decided and applied: the record shrinks at once to the compact form (see CODEC), what a late
-- press, a repeated update and the statistics read. What only the waiting request needed goes:
-- the invite code (that one came by invite stays known), the reviewer holding the approval,
-- the parents asked.
redis.call('SET', KEYS[1], dumpreq(r), 'KEEPTTL')
return id
`;

const FORGET_NAMES =
  CODEC +
  `
-- KEYS[1] request. A decided request keeps ids for the statistics, no names.
local raw = redis.call('GET', KEYS[1])
if not raw then return 0 end
local r = loadreq(raw)
if r.status == 'pending' then return 0 end
r.fullName = ''
r.children = nil
redis.call('SET', KEYS[1], dumpreq(r), 'KEEPTTL')
return 1
`;

const SET_CHILDREN =
  CODEC +
  `
-- KEYS[1] request; ARGV children (JSON array). Only a pending request changes.
local raw = redis.call('GET', KEYS[1])
if not raw then return 'missing' end
local r = loadreq(raw)
if r.status ~= 'pending' then return 'already' end
r.children = cjson.decode(ARGV[1])
redis.call('SET', KEYS[1], dumpreq(r), 'KEEPTTL')
return 'ok'
`;

const PATCH_PENDING =
  CODEC +
  `
-- KEYS[1] request; ARGV[1] fields to set (a JSON object). Only a pending request changes.
local raw = redis.call('GET', KEYS[1])
if not raw then return 'missing' end
local r = loadreq(raw)
if r.status ~= 'pending' then return 'already' end
for k, v in pairs(cjson.decode(ARGV[1])) do r[k] = v end
redis.call('SET', KEYS[1], dumpreq(r), 'KEEPTTL')
return 'ok'
`;

// A consent and its audit entry in one step: a crash leaves both or neither (the press,
// handled again, finds its own consent by `key` and goes on from there). The statistics hear of
// it after the step (AuditLog.notify): a crash in between leaves one consent uncounted there.
const RECORD_CONSENT =
  CODEC +
  `
-- KEYS[1] request, KEYS[2] audit; ARGV[1] the consent (a JSON object), ARGV[2..] the audit entry's fields.
local raw = redis.call('GET', KEYS[1])
if not raw then return 'missing' end
local r = loadreq(raw)
if r.status ~= 'pending' or type(r.consent) == 'table' then return 'already' end
r.consent = cjson.decode(ARGV[1])
redis.call('SET', KEYS[1], dumpreq(r), 'KEEPTTL')
redis.call('XADD', KEYS[2], 'MAXLEN', '~', '100000', '*', unpack(ARGV, 2))
return 'ok'
`;

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
    redis.defineCommand('requestCreate', { numberOfKeys: 3, lua: CREATE });
    redis.defineCommand('requestDecide', { numberOfKeys: 2, lua: DECIDE });
    redis.defineCommand('requestApplied', { numberOfKeys: 3, lua: APPLIED });
    redis.defineCommand('requestSetChildren', { numberOfKeys: 1, lua: SET_CHILDREN });
    redis.defineCommand('requestForgetNames', { numberOfKeys: 1, lua: FORGET_NAMES });
    redis.defineCommand('requestPatchPending', { numberOfKeys: 1, lua: PATCH_PENDING });
    redis.defineCommand('requestRecordConsent', { numberOfKeys: 2, lua: RECORD_CONSENT });
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
