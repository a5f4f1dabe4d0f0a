// The inbox: every incoming update is first made durable here, in a Redis list per
// ordering key (usually one MAX user). A process drains one ordering key at a time
// under a leased lock, so one user's updates are handled in order even when several
// bot instances share the Redis, and an update accepted before a crash is handled
// after it. Each multi-key step is one Lua script, so nothing is half-written.
import type { Redis } from 'ioredis';
import type { Keys } from './keys.js';

export interface InboxItem {
  /** Stable id of the update (see updateIdentity). */
  id: string;
  orderKey: string;
  /** The update as received, or an internal event (type starts with "internal:"). */
  update: unknown;
  acceptedAt: number;
}

const ACCEPT = `
-- KEYS[1] seen key, KEYS[2] queue, KEYS[3] pending zset
-- ARGV[1] item json, ARGV[2] seen ttl s, ARGV[3] order key, ARGV[4] now ms
if redis.call('SET', KEYS[1], '1', 'NX', 'EX', ARGV[2]) == false then
  return 0
end
redis.call('RPUSH', KEYS[2], ARGV[1])
redis.call('ZADD', KEYS[3], 'NX', ARGV[4], ARGV[3])
return 1
`;

const ACK = `
-- KEYS[1] queue, KEYS[2] lock; ARGV[1] owner, ARGV[2] item json
-- Pops the head only if this process still holds the lock and the head is the item.
if redis.call('GET', KEYS[2]) ~= ARGV[1] then return -1 end
if redis.call('LINDEX', KEYS[1], 0) ~= ARGV[2] then return -2 end
redis.call('LPOP', KEYS[1])
return redis.call('LLEN', KEYS[1])
`;

const RELEASE_IF_EMPTY = `
-- KEYS[1] queue, KEYS[2] lock, KEYS[3] pending; ARGV[1] owner, ARGV[2] order key
-- Returns 1 when released (queue empty), 0 when more work arrived meanwhile.
if redis.call('LLEN', KEYS[1]) > 0 then return 0 end
redis.call('ZREM', KEYS[3], ARGV[2])
if redis.call('GET', KEYS[2]) == ARGV[1] then redis.call('DEL', KEYS[2]) end
return 1
`;

const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`;

const RENEW = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0
`;

type InboxRedis = Redis & {
  inboxAccept(seen: string, queue: string, pending: string, json: string, ttl: number, orderKey: string, now: number): Promise<number>;
  inboxAck(queue: string, lock: string, owner: string, json: string): Promise<number>;
  inboxReleaseIfEmpty(queue: string, lock: string, pending: string, owner: string, orderKey: string): Promise<number>;
  inboxRelease(lock: string, owner: string): Promise<number>;
  inboxRenew(lock: string, owner: string, leaseMs: number): Promise<number>;
};

export class InboxStore {
  private readonly redis: InboxRedis;

  constructor(
    redis: Redis,
    private readonly keys: Keys,
    /** How long an update id is remembered, so a re-delivery is dropped. */
    private readonly seenTtlSeconds = 7 * 24 * 3600,
  ) {
    redis.defineCommand('inboxAccept', { numberOfKeys: 3, lua: ACCEPT });
    redis.defineCommand('inboxAck', { numberOfKeys: 2, lua: ACK });
    redis.defineCommand('inboxReleaseIfEmpty', { numberOfKeys: 3, lua: RELEASE_IF_EMPTY });
    redis.defineCommand('inboxRelease', { numberOfKeys: 1, lua: RELEASE });
    redis.defineCommand('inboxRenew', { numberOfKeys: 1, lua: RENEW });
    this.redis = redis as InboxRedis;
  }

  /** Makes the item durable. Returns false when this update id was accepted before. */
  async accept(item: InboxItem): Promise<boolean> {
    const k = this.keys;
    const added = await this.redis.inboxAccept(
      k.updateSeen(item.id),
      k.inboxQueue(item.orderKey),
      k.inboxPending,
      JSON.stringify(item),
      this.seenTtlSeconds,
      item.orderKey,
      item.acceptedAt,
    );
    if (added === 1) await this.redis.publish(k.inboxWake, item.orderKey);
    return added === 1;
  }

  /** Ordering keys that have work, oldest first. */
  pendingKeys(limit: number): Promise<string[]> {
    return this.redis.zrange(this.keys.inboxPending, '0', String(limit - 1));
  }

  async isPending(orderKey: string): Promise<boolean> {
    return (await this.redis.zscore(this.keys.inboxPending, orderKey)) !== null;
  }

  async tryLock(orderKey: string, owner: string, leaseMs: number): Promise<boolean> {
    return (await this.redis.set(this.keys.inboxLock(orderKey), owner, 'PX', leaseMs, 'NX')) === 'OK';
  }

  async renew(orderKey: string, owner: string, leaseMs: number): Promise<boolean> {
    return (await this.redis.inboxRenew(this.keys.inboxLock(orderKey), owner, leaseMs)) === 1;
  }

  /** The oldest waiting item of an ordering key, as stored (raw JSON kept for ack); item null when unreadable. */
  async head(orderKey: string): Promise<{ raw: string; item: InboxItem | null } | null> {
    const raw = await this.redis.lindex(this.keys.inboxQueue(orderKey), 0);
    if (raw === null) return null;
    try {
      return { raw, item: JSON.parse(raw) as InboxItem };
    } catch {
      return { raw, item: null };
    }
  }

  /** Removes the handled head. Returns false when the lock was lost meanwhile. */
  async ack(orderKey: string, owner: string, raw: string): Promise<boolean> {
    const r = await this.redis.inboxAck(this.keys.inboxQueue(orderKey), this.keys.inboxLock(orderKey), owner, raw);
    return r >= 0;
  }

  async releaseIfEmpty(orderKey: string, owner: string): Promise<boolean> {
    const k = this.keys;
    return (await this.redis.inboxReleaseIfEmpty(k.inboxQueue(orderKey), k.inboxLock(orderKey), k.inboxPending, owner, orderKey)) === 1;
  }

  async release(orderKey: string, owner: string): Promise<void> {
    await this.redis.inboxRelease(this.keys.inboxLock(orderKey), owner);
  }
}
