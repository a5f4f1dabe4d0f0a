// The inbox: every incoming update is first made durable here, in a Redis list per
// ordering key (usually one MAX user). A process drains one ordering key at a time
// under a leased lock, so one user's updates are handled in order even when several
// bot instances share the Redis, and an update accepted before a crash is handled
// after it. Each multi-key step is one Lua script, so nothing is half-written.
import type { ChainableCommander, Redis } from 'ioredis';
import type { Keys } from './keys.js';
import { holdsNothing } from './personal-data.js';
import { SharedCall } from './shared-call.js';
import { defineScripts, STORE_LUA } from './scripts.js';

export interface InboxItem {
  /** Stable id of the update (see updateIdentity). */
  id: string;
  orderKey: string;
  /** The update as received, or an internal event (type starts with "internal:"). */
  update: unknown;
  acceptedAt: number;
  /**
   * Set by Ingest when `update` is the output of the full update schema (updateSchema in
   * src/bot/update.ts), checked once at the door: the schema's version (UPDATE_SCHEMA_VERSION).
   * The router uses it as it is only when the version is its own; anything else is parsed again. Absent on
   * updates that did not pass it (the router parses them and ignores them, as before) and on
   * items stored by versions before this field (parsed on handling, as they were then).
   */
  checked?: number;
  /**
   * 1: nobody waits for an answer to this update (a plain message in a group chat, which the
   * bot only checks). Such a key gives way in the line to people who wait for a reply (see
   * lineScore in lua/includes/inboxAccept.lua). Written right after `id`, where the scripts look for it.
   */
  quiet?: 1;
}

/**
 * How long a key whose head is quiet gives way in the line: it is placed as if it had come this
 * much later, so a person's message that comes within this time after it is taken first. A
 * flood in a group chat (many writers, so many keys) then never holds a person's reply back,
 * and a chat message still waits at most this much longer than it would have (issue 23).
 */
export const QUIET_GIVES_WAY_MS = 2_000;

type InboxRedis = Redis & {
  inboxAcceptMany(pending: string, marker: string, ...args: Array<string | number>): Promise<Array<number | string>>;
  inboxClaimMany(pending: string, ...args: Array<string | number>): Promise<string[]>;
  inboxAckMany(...args: Array<string | number>): Promise<Array<number | string>>;
  inboxRelease(lock: string, owner: string): Promise<number>;
  inboxRenew(lock: string, owner: string, leaseMs: number): Promise<number>;
};

/** The keys of one queue family: the inbox of updates, or the outbox of replies. */
export interface QueueKeys {
  seen: (id: string) => string;
  queue: (orderKey: string) => string;
  pending: string;
  lock: (orderKey: string) => string;
  wake: string;
  /** Written with a batch when the caller passes a marker (the polling marker). */
  marker: string;
}

export const inboxKeys = (k: Keys): QueueKeys => ({
  seen: k.updateSeen,
  queue: k.inboxQueue,
  pending: k.inboxPending,
  lock: k.inboxLock,
  wake: k.inboxWake,
  marker: k.updatesMarker,
});

interface PendingAck {
  orderKey: string;
  owner: string;
  idPrefix: string;
  leaseMs: number;
  /** '' to go on with the key; else its turn is over (see lua/includes/inboxAck.lua). */
  yieldAbove: string;
  queue: QueueWithAck | undefined;
}

export class InboxStore {
  private readonly redis: InboxRedis;
  readonly keys: QueueKeys;
  // The replies of one call go into one other family (there is only the outbox).
  private readonly acks = new SharedCall<PendingAck, [number, string?]>((batch) => this.ackMany(batch), { groupOf: (a) => a.queue?.into });

  constructor(
    redis: Redis,
    keys: Keys | QueueKeys,
    /**
     * How long an id is remembered, so a re-delivery is dropped. Polling never re-delivers
     * past a committed marker. MAX retries a webhook delivery after 1, 2.5, 6.25… minutes
     * (the 7th retry comes 6.8 hours after the first try) and unsubscribes the bot after 8
     * hours of failures, so 9 hours covers every re-delivery; longer only costs memory.
     */
    private readonly seenTtlSeconds = 9 * 3600,
  ) {
    this.keys = 'inboxWake' in keys ? inboxKeys(keys) : keys;
    defineScripts(redis, STORE_LUA);
    this.redis = redis as InboxRedis;
  }

  /** Makes the item durable. Returns false when this update id was accepted before. */
  async accept(item: InboxItem): Promise<boolean> {
    const { fresh } = await this.acceptMany([{ id: item.id, orderKey: item.orderKey, json: JSON.stringify(item) }]);
    return fresh[0]!;
  }

  /**
   * Makes a batch durable in one step, and with it (when given) the polling marker past
   * the batch. Returns which items were new, and (with a marker) how many ordering keys have
   * work now (0 without one: only polling asks).
   */
  async acceptMany(items: SerialisedItem[], marker?: string): Promise<{ fresh: boolean[]; backlog: number }> {
    const drainer = this.drainer;
    const room = drainer?.room() ?? { free: 0, draining: [] };
    const take = drainer && room.free > 0 ? { owner: drainer.owner, leaseMs: drainer.leaseMs, ...room } : null;
    const out = (await this.redis.inboxAcceptMany(...this.acceptArgs(items, marker, take))) as Array<number | string>;
    let at = items.length;
    const backlog = marker !== undefined ? Number(out[at++]) : 0;
    const taken: Array<{ orderKey: string; head: InboxHead }> = [];
    const n = Number(out[at++] ?? 0);
    for (let i = 0; i < n; i++, at += 2) taken.push({ orderKey: String(out[at]), head: readHead(String(out[at + 1])) });
    if (taken.length > 0) drainer!.adopt(taken);
    return { fresh: out.slice(0, items.length).map((v) => Number(v) === 1), backlog };
  }

  /**
   * The process's own dispatcher of this family, when it runs: a key that comes into line
   * while it has room and no other key waits is taken for it in the accepting step itself
   * (the same lock a claim takes), instead of a wake-up and a claim's call (issue 23: the
   * paced path's Redis cost).
   */
  private drainer: LocalDrainer | null = null;

  setDrainer(drainer: LocalDrainer): void {
    this.drainer = drainer;
  }

  /** Forgets the drainer, only when it is still this one (another may have been set since). */
  clearDrainer(drainer: LocalDrainer): void {
    if (this.drainer === drainer) this.drainer = null;
  }

  /** The arguments of the accept script, so a caller can run it inside its own MULTI (see queueIn). */
  private acceptArgs(
    items: SerialisedItem[],
    marker?: string,
    take: { owner: string; leaseMs: number; free: number; draining: string[] } | null = null,
  ): [string, string, ...Array<string | number>] {
    const t = take
      ? [take.owner, take.leaseMs, take.free, this.keys.lock(''), take.draining.length, ...drainedAmong(items, take.draining)]
      : ['', 0, 0, '', 0, 0];
    return [this.keys.pending, this.keys.marker, marker ?? '', ...this.acceptArgsFor(items, t)];
  }

  /** Adds the accept of these items to a MULTI, so they become durable together with the caller's own writes. */
  queueIn(multi: ChainableCommander, items: SerialisedItem[]): void {
    (multi as unknown as { inboxAcceptMany(...a: Array<string | number>): unknown }).inboxAcceptMany(...this.acceptArgs(items));
  }

  /** The accept function's arguments after the pending key: seen ttl, now, wake channel, seen and queue prefixes, items. */
  private acceptArgsFor(items: SerialisedItem[], take: Array<string | number> = []): Array<string | number> {
    const k = this.keys;
    const args: Array<string | number> = [this.seenTtlSeconds, Date.now(), k.wake, k.seen(''), k.queue(''), ...take];
    for (const it of items) args.push(it.id, it.orderKey, it.json);
    return args;
  }

  /** How many ordering keys have work. */
  backlog(): Promise<number> {
    return this.redis.zcard(this.keys.pending);
  }

  /**
   * Takes up to `want` waiting ordering keys (oldest first, skipping `skip`) in one call;
   * each comes with its head (null when its queue is empty by now).
   */
  async claimMany(owner: string, leaseMs: number, want: number, skip: string[]): Promise<Array<{ orderKey: string; head: InboxHead | null }>> {
    const k = this.keys;
    const out = await this.redis.inboxClaimMany(k.pending, owner, leaseMs, want, want * 4 + skip.length, k.lock(''), k.queue(''), ...skip);
    const claimed: Array<{ orderKey: string; head: InboxHead | null }> = [];
    for (let i = 0; i + 1 < out.length; i += 2) claimed.push({ orderKey: out[i]!, head: out[i + 1] ? readHead(out[i + 1]!) : null });
    return claimed;
  }

  async renew(orderKey: string, owner: string, leaseMs: number): Promise<boolean> {
    return (await this.redis.inboxRenew(this.keys.lock(orderKey), owner, leaseMs)) === 1;
  }

  /**
   * Removes the handled head (raw '' removes nothing) and returns the next one; 'released'
   * when the queue is empty (the key is released), 'lost' when the lock was lost meanwhile.
   * With `turnOver` (how many keys the caller drains itself), the key's turn is over: when
   * more keys than that wait, the key goes to the back of the line and is let go ('yielded'),
   * so a backlog under one key does not hold the others back.
   */
  async ackNext(
    orderKey: string,
    owner: string,
    raw: string,
    leaseMs: number,
    queue?: QueueWithAck,
    turnOver?: number,
  ): Promise<InboxHead | 'released' | 'yielded' | 'lost'> {
    const [status, next] = await this.acks.call({
      orderKey,
      owner,
      idPrefix: idPrefix(raw),
      leaseMs,
      yieldAbove: turnOver === undefined ? '' : String(turnOver),
      queue: queue && (queue.items.length > 0 || (queue.drop?.length ?? 0) > 0) ? queue : undefined,
    });
    if (status === 2) return 'yielded';
    if (status !== 1) return 'lost';
    return next === undefined ? 'released' : readHead(next);
  }

  /**
   * Acknowledgements that come while one is on its way (other keys drained concurrently) go
   * together in the next ACK_MANY. Each is still its own key's step, checked against its own
   * lock and head; sharing the call only saves round trips.
   */
  private async ackMany(batch: PendingAck[]): Promise<Array<[number, string?]>> {
    const k = this.keys;
    const into = batch.find((a) => a.queue)?.queue?.into;
    const other = into ? [into.keys.pending, ...into.acceptArgsFor([])] : ['', 0, 0, '', '', ''];
    const { owner, leaseMs } = batch[0]!;
    const args: Array<string | number> = [k.pending, k.queue(''), k.lock(''), Date.now(), ...other, owner, leaseMs];
    for (const a of batch) {
      const items = a.queue?.items ?? [];
      args.push(a.owner === owner ? '' : a.owner, a.leaseMs === leaseMs ? '' : a.leaseMs, a.orderKey, a.idPrefix, a.yieldAbove, items.length);
      for (const it of items) args.push(it.id, it.orderKey, it.json);
      const drop = a.queue?.drop ?? [];
      args.push(drop.length, ...drop);
    }
    const flat = await this.redis.inboxAckMany(...args);
    return batch.map((_, i) => {
      const status = Number(flat[2 * i]);
      const head = flat[2 * i + 1] as string;
      return head === '' ? [status] : [status, head];
    });
  }

  async release(orderKey: string, owner: string): Promise<void> {
    await this.redis.inboxRelease(this.keys.lock(orderKey), owner);
  }
}

/** A process's dispatcher, as the accepting step sees it (see InboxStore.setDrainer). */
export interface LocalDrainer {
  owner: string;
  leaseMs: number;
  /** Keys it could take now, and the keys it drains already (those are in line too, and are never taken again). */
  room(): { free: number; draining: string[] };
  /** Keys taken for it, locked under its owner, each with its head: drain them. */
  adopt(taken: Array<{ orderKey: string; head: InboxHead }>): void;
}

/** Items to accept into another queue family in the same step as an acknowledgement (see ackNext). */
export interface QueueWithAck {
  into: InboxStore;
  items: SerialisedItem[];
  /** Keys kept only until these items are stored (a flow step's plan, src/bot/step-plans.ts): deleted in the same step. */
  drop?: string[];
}

/** How many of the drained keys are keys of these items, then those keys (ACCEPT_MANY's skip list). */
function drainedAmong(items: SerialisedItem[], draining: string[]): Array<string | number> {
  if (draining.length === 0) return [0];
  const inBatch = new Set(items.map((it) => it.orderKey));
  const listed = draining.filter((k) => inBatch.has(k));
  return [listed.length, ...listed];
}

export interface SerialisedItem {
  id: string;
  orderKey: string;
  /** JSON of the InboxItem. */
  json: string;
}

/** The oldest waiting item of an ordering key, as stored (raw JSON kept for ack); item null when unreadable. */
export type InboxHead = { raw: string; item: InboxItem | null };

/** `{"id":"…",` — how every stored item begins (JSON.stringify keeps key order); the whole item if not. */
function idPrefix(raw: string): string {
  return /^\{"id":"(?:[^"\\]|\\.)*",/.exec(raw)?.[0] ?? raw;
}

function readHead(raw: string): InboxHead {
  try {
    return { raw, item: JSON.parse(raw) as InboxItem };
  } catch {
    return { raw, item: null };
  }
}

/** The updates pipeline holds nothing about a person for longer than it takes to handle their update. */
export const INBOX_DATA = holdsNothing('inbox', {
  updatesMarker: 'the long-polling marker',
  updateSeen: 'ids of updates already seen',
  inboxQueue: "updates waiting seconds to be handled; an erased person's own are handled (and deleted) in order",
  inboxPending: 'ordering keys with work',
  inboxLock: 'a lease',
  inboxWake: 'a notification channel',
});
