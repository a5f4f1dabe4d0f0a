// Broadcasts in Redis: the broadcast itself, the recipients not yet attempted, and each
// recipient's state. A recipient is claimed (moved from "todo" to "claim") in one Lua
// step before the message goes out, and marked ok/fail after — the durable progress
// record that lets a restarted worker go on without sending anyone a second message.
import type { Redis } from 'ioredis';
import type { PostAudience } from '../policy/permissions.js';
import type { Keys } from '../store/keys.js';
import type { PostMedia } from '../bot/media.js';
import { scanKeys, type ErasedPerson, type PersonalDataHolder } from '../store/personal-data.js';
import { defineScripts } from '../store/scripts.js';

export type BroadcastStatus = 'queued' | 'sending' | 'done' | 'cancelled';

export interface Broadcast {
  id: string;
  sender: number;
  audience: PostAudience;
  text: string;
  /** Photos and files sent with the text (by MAX's tokens). */
  media: PostMedia[];
  status: BroadcastStatus;
  createdAt: number;
  notBefore: number;
  total: number;
  finishedAt: number | null;
  /** Why the delivery stopped by itself: MAX refused the post's attachments. */
  halted: 'attachment' | null;
}

export interface RecipientCounts {
  todo: number;
  claimed: number;
  ok: number;
  failed: number;
}

/** The scripts of lua/ (this folder's own). */
type BroadcastRedis = Redis & {
  broadcastClaim(todo: string, state: string, count: number, now: number): Promise<string[]>;
  broadcastForget(broadcast: string): Promise<null>;
};

const LUA = new URL('./lua/', import.meta.url);

const TTL_SECONDS = 90 * 24 * 3600;

export class BroadcastStore implements PersonalDataHolder {
  readonly name = 'broadcasts';
  readonly families = {
    dialogChats: { holds: "each person's dialog id, by their id" },
    broadcast: { holds: "a broadcast: the sender's id and text" },
    broadcastTodo: { holds: 'ids of recipients not yet attempted' },
    broadcastState: { holds: "each recipient's delivery state, by id" },
    broadcastsBySender: { holds: "a sender's broadcasts, under a key naming their id" },
  } as const;

  /**
   * The person is no recipient any more (a broadcast still sending skips them); broadcasts they
   * sent are stopped if still going and keep neither their text nor their id.
   */
  async erase({ userId }: ErasedPerson): Promise<void> {
    const id = String(userId);
    await this.redis.hdel(this.keys.dialogChats, id);
    for (const key of await scanKeys(this.redis, this.keys.broadcastTodo('*'))) await this.redis.srem(key, id);
    for (const key of await scanKeys(this.redis, this.keys.broadcastState('*'))) await this.redis.hdel(key, id);
    for (const b of await this.redis.zrange(this.keys.broadcastsBySender(userId), '0', '-1')) {
      await this.cancel(b, Date.now());
      await this.redis.broadcastForget(this.keys.broadcast(b));
    }
    await this.redis.del(this.keys.broadcastsBySender(userId));
  }

  private readonly redis: BroadcastRedis;

  constructor(
    redis: Redis,
    private readonly keys: Keys,
  ) {
    defineScripts(redis, LUA);
    this.redis = redis as BroadcastRedis;
  }

  /** Creates the broadcast with its recipients (user ids, or the channel's chat id); idempotent by id. */
  async create(b: Omit<Broadcast, 'status' | 'finishedAt' | 'total' | 'halted'>, recipients: number[]): Promise<boolean> {
    const key = this.keys.broadcast(b.id);
    const created = await this.redis.hsetnx(key, 'id', b.id);
    if (!created) return false;
    const multi = this.redis
      .multi()
      .hset(key, {
        sender: String(b.sender),
        audience: JSON.stringify(b.audience),
        text: b.text,
        media: JSON.stringify(b.media),
        status: 'queued',
        createdAt: String(b.createdAt),
        notBefore: String(b.notBefore),
        total: String(recipients.length),
        finishedAt: '',
      })
      .expire(key, TTL_SECONDS)
      .zadd(this.keys.broadcastsBySender(b.sender), b.createdAt, b.id);
    for (let i = 0; i < recipients.length; i += 1000) multi.sadd(this.keys.broadcastTodo(b.id), ...recipients.slice(i, i + 1000).map(String));
    multi.expire(this.keys.broadcastTodo(b.id), TTL_SECONDS);
    await multi.exec();
    return true;
  }

  async get(id: string): Promise<Broadcast | null> {
    if (!/^[A-Za-z0-9_-]{1,40}$/.test(id)) return null;
    const h = await this.redis.hgetall(this.keys.broadcast(id));
    if (!h.id) return null;
    return {
      id: h.id,
      sender: Number(h.sender),
      audience: JSON.parse(h.audience ?? '{}') as PostAudience,
      text: h.text ?? '',
      media: parseMedia(h.media),
      status: (h.status ?? 'queued') as BroadcastStatus,
      createdAt: Number(h.createdAt),
      notBefore: Number(h.notBefore),
      total: Number(h.total),
      finishedAt: h.finishedAt ? Number(h.finishedAt) : null,
      halted: h.halted === 'attachment' ? 'attachment' : null,
    };
  }

  async setStatus(id: string, status: BroadcastStatus, at?: number, halted?: 'attachment'): Promise<void> {
    await this.redis.hset(this.keys.broadcast(id), { status, ...(at !== undefined ? { finishedAt: String(at) } : {}), ...(halted ? { halted } : {}) });
  }

  /** Cancels a broadcast still queued or sending; false when it had already finished. */
  async cancel(id: string, at: number, halted?: 'attachment'): Promise<boolean> {
    const b = await this.get(id);
    if (!b || b.status === 'done' || b.status === 'cancelled') return false;
    await this.setStatus(id, 'cancelled', at, halted);
    return true;
  }

  /** Stops a broadcast that cannot go on (MAX refused its attachments), the reason in the same write; false when it had finished. */
  halt(id: string, reason: 'attachment', at: number): Promise<boolean> {
    return this.cancel(id, at, reason);
  }

  async status(id: string): Promise<BroadcastStatus | null> {
    return ((await this.redis.hget(this.keys.broadcast(id), 'status')) as BroadcastStatus | null) ?? null;
  }

  /** Takes up to `count` recipients not yet attempted, marking them claimed. */
  claim(id: string, count: number, now: number): Promise<string[]> {
    return this.redis.broadcastClaim(this.keys.broadcastTodo(id), this.keys.broadcastState(id), count, now);
  }

  async mark(id: string, recipient: number, result: { ok: true; mid: string } | { ok: false; code: string }): Promise<void> {
    await this.redis.hset(this.keys.broadcastState(id), String(recipient), result.ok ? `ok|${result.mid}` : `fail|${result.code}`);
    await this.redis.expire(this.keys.broadcastState(id), TTL_SECONDS);
  }

  /** Gives a claimed recipient back (the send failed before MAX took it: 429/5xx after retries). */
  async unclaim(id: string, recipient: number): Promise<void> {
    await this.redis.multi().hdel(this.keys.broadcastState(id), String(recipient)).sadd(this.keys.broadcastTodo(id), String(recipient)).exec();
  }

  /** Recipients claimed but not marked: a crashed worker was sending to them. */
  async claimed(id: string): Promise<Array<{ recipient: number; at: number }>> {
    const h = await this.redis.hgetall(this.keys.broadcastState(id));
    return Object.entries(h)
      .filter(([, v]) => v.startsWith('claim|'))
      .map(([k, v]) => ({ recipient: Number(k), at: Number(v.slice(6)) }));
  }

  async counts(id: string): Promise<RecipientCounts> {
    const [todo, states] = await Promise.all([this.redis.scard(this.keys.broadcastTodo(id)), this.redis.hvals(this.keys.broadcastState(id))]);
    const c: RecipientCounts = { todo, claimed: 0, ok: 0, failed: 0 };
    for (const s of states) {
      if (s.startsWith('ok|')) c.ok++;
      else if (s.startsWith('fail|')) c.failed++;
      else c.claimed++;
    }
    return c;
  }

  /** Recipients whose message failed, with MAX's code. */
  async failures(id: string): Promise<Array<{ recipient: number; code: string }>> {
    const h = await this.redis.hgetall(this.keys.broadcastState(id));
    return Object.entries(h)
      .filter(([, v]) => v.startsWith('fail|'))
      .map(([k, v]) => ({ recipient: Number(k), code: v.slice(5) }));
  }

  /** True once per broadcast: its finish is counted in statistics once. */
  async firstReport(id: string): Promise<boolean> {
    return (await this.redis.hsetnx(this.keys.broadcast(id), 'reported', '1')) === 1;
  }

  async rememberDialog(userId: number, chatId: number): Promise<void> {
    await this.redis.hset(this.keys.dialogChats, String(userId), String(chatId));
  }

  async dialogOf(userId: number): Promise<number | null> {
    const v = await this.redis.hget(this.keys.dialogChats, String(userId));
    return v ? Number(v) : null;
  }
}

/** The stored media list; a broadcast stored before posts had media has none. */
function parseMedia(raw: string | undefined): PostMedia[] {
  if (!raw) return [];
  try {
    const v = JSON.parse(raw) as unknown;
    return Array.isArray(v) ? (v as PostMedia[]) : [];
  } catch {
    return [];
  }
}
