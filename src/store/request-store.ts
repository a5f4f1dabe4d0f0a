// Join requests (заявки): created when a person finishes the join flow, decided by
// a curator or an admin. A decision is one Lua step, so two reviewers pressing at
// once produce one decision, and a replayed button finds the request decided.
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Role } from '../policy/roles.js';
import type { Keys } from './keys.js';
import type { ChildRef } from './people-store.js';

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
  createdAt: number;
  decidedBy?: number;
  decidedAt?: number;
  reason?: string;
}

export const REQUEST_ID = /^[A-Za-z0-9_-]{12}$/;

const DECIDE = `
-- KEYS[1] request, KEYS[2] pending zset; ARGV id, status, by, at, reason, open-key prefix
local raw = redis.call('GET', KEYS[1])
if not raw then return {'missing', ''} end
local r = cjson.decode(raw)
if r.status ~= 'pending' then return {'already', raw} end
r.status = ARGV[2]
r.decidedBy = tonumber(ARGV[3])
r.decidedAt = tonumber(ARGV[4])
if ARGV[5] ~= '' then r.reason = ARGV[5] end
local out = cjson.encode(r)
redis.call('SET', KEYS[1], out, 'KEEPTTL')
redis.call('ZREM', KEYS[2], ARGV[1])
local unit = r.unitId
if unit == cjson.null or unit == nil then unit = '' end
redis.call('DEL', ARGV[6] .. r.userId .. ':' .. r.role .. ':' .. unit)
return {'ok', out}
`;

const FORGET_NAMES = `
-- KEYS[1] request. A decided request keeps ids for the statistics, no names.
local raw = redis.call('GET', KEYS[1])
if not raw then return 0 end
local r = cjson.decode(raw)
if r.status == 'pending' then return 0 end
r.fullName = ''
r.children = nil
redis.call('SET', KEYS[1], cjson.encode(r), 'KEEPTTL')
return 1
`;

const SET_CHILDREN = `
-- KEYS[1] request; ARGV children (JSON array). Only a pending request changes.
local raw = redis.call('GET', KEYS[1])
if not raw then return 'missing' end
local r = cjson.decode(raw)
if r.status ~= 'pending' then return 'already' end
r.children = cjson.decode(ARGV[1])
redis.call('SET', KEYS[1], cjson.encode(r), 'KEEPTTL')
return 'ok'
`;

type RequestRedis = Redis & {
  requestSetChildren(req: string, children: string): Promise<string>;
  requestForgetNames(req: string): Promise<number>;
  requestDecide(req: string, pending: string, id: string, status: string, by: number, at: number, reason: string, openPrefix: string): Promise<[string, string]>;
};

export class RequestStore {
  private readonly redis: RequestRedis;

  constructor(
    redis: Redis,
    private readonly keys: Keys,
  ) {
    redis.defineCommand('requestDecide', { numberOfKeys: 2, lua: DECIDE });
    redis.defineCommand('requestSetChildren', { numberOfKeys: 1, lua: SET_CHILDREN });
    redis.defineCommand('requestForgetNames', { numberOfKeys: 1, lua: FORGET_NAMES });
    this.redis = redis as RequestRedis;
  }

  static newId(): string {
    return randomBytes(9).toString('base64url');
  }

  /** Creates the request unless the same person already has one open for that role and unit. */
  async create(req: Omit<JoinRequest, 'status'>): Promise<{ created: boolean; id: string }> {
    const openKey = this.keys.requestOpen(req.userId, req.role, req.unitId ?? '');
    const taken = await this.redis.set(openKey, req.id, 'EX', 90 * 24 * 3600, 'NX');
    if (taken !== 'OK') return { created: false, id: (await this.redis.get(openKey)) ?? req.id };
    const full: JoinRequest = { ...req, status: 'pending' };
    await this.redis
      .multi()
      .set(this.keys.request(req.id), JSON.stringify(full), 'EX', 365 * 24 * 3600)
      .zadd(this.keys.requestsPending, req.createdAt, req.id)
      .exec();
    return { created: true, id: req.id };
  }

  async get(id: string): Promise<JoinRequest | null> {
    if (!REQUEST_ID.test(id)) return null;
    const raw = await this.redis.get(this.keys.request(id));
    return raw ? (JSON.parse(raw) as JoinRequest) : null;
  }

  async pending(): Promise<JoinRequest[]> {
    const ids = await this.redis.zrange(this.keys.requestsPending, '0', '-1');
    return (await Promise.all(ids.map((id) => this.get(id)))).filter((r): r is JoinRequest => r !== null && r.status === 'pending');
  }

  async decide(id: string, status: 'approved' | 'rejected', by: number, reason = '', at = Date.now()): Promise<{ result: 'ok' | 'already' | 'missing'; request: JoinRequest | null }> {
    if (!REQUEST_ID.test(id)) return { result: 'missing', request: null };
    const [result, raw] = await this.redis.requestDecide(this.keys.request(id), this.keys.requestsPending, id, status, by, at, reason, this.keys.requestOpenPrefix);
    return { result: result as 'ok' | 'already' | 'missing', request: raw ? (JSON.parse(raw) as JoinRequest) : null };
  }

  /** Links a pending request to its child (a curator picked the pupil, or the pupil was verified). */
  async setChildren(id: string, children: ChildRef[]): Promise<'ok' | 'already' | 'missing'> {
    if (!REQUEST_ID.test(id) || children.length === 0) return 'missing';
    return (await this.redis.requestSetChildren(this.keys.request(id), JSON.stringify(children))) as 'ok' | 'already' | 'missing';
  }

  /** Drops the names (the person's, a typed child's) from a decided request; ids and the outcome stay. */
  async forgetNames(id: string): Promise<boolean> {
    if (!REQUEST_ID.test(id)) return false;
    return (await this.redis.requestForgetNames(this.keys.request(id))) === 1;
  }
}
