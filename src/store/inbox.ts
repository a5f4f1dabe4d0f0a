// The inbox: every incoming update is first made durable here, in a Redis list per
// ordering key (usually one MAX user). A process drains one ordering key at a time
// under a leased lock, so one user's updates are handled in order even when several
// bot instances share the Redis, and an update accepted before a crash is handled
// after it. Each multi-key step is one Lua script, so nothing is half-written.
import type { ChainableCommander, Redis } from 'ioredis';
import type { Keys } from './keys.js';
import { holdsNothing } from './personal-data.js';
import { SharedCall } from './shared-call.js';

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
   * lineScore in ACCEPT_FN). Written right after `id`, where the scripts look for it.
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

// Accepting a batch into one queue family, as a Lua function the scripts below share.
// pending: that family's pending zset; then seen ttl s, now ms, seen-key prefix, queue-key
// prefix; items: (id, order key, item json) in ARGV[first..last].
// Returns {1|0 per item (new or seen before)} and how many keys came into line. Wakes nobody:
// each caller wakes the family's dispatchers once for all its keys that came into line (and
// only for those its own dispatcher did not take). An item for a key already in line needs no
// wake-up: whoever drains that key reads it next, or the key waits its turn.
const ACCEPT_FN = `
-- A key's place in the line when it comes into it with \`json\` at its head: now, or, for an
-- item nobody waits an answer to (marked "quiet" right after its id), QUIET_GIVES_WAY_MS later.
local function isQuiet(json)
  return string.find(json, '^{"id":"[^"]*","quiet":1,') ~= nil
end
local function lineScore(now, json)
  if isQuiet(json) then return tonumber(now) + ${QUIET_GIVES_WAY_MS} end
  return now
end
local function accept(pending, ttl, now, seenPrefix, queuePrefix, first, last, linedItems)
  local out = {}
  local lined = 0
  for i = first, last, 3 do
    local id, key, json = ARGV[i], ARGV[i + 1], ARGV[i + 2]
    if redis.call('SET', seenPrefix .. id, '1', 'NX', 'EX', ttl) then
      -- A queue that had items already waits in pending (nothing empties one without
      -- taking its key out of pending in the same step), so only a first item adds it.
      if redis.call('RPUSH', queuePrefix .. key, json) == 1 then
        redis.call('ZADD', pending, 'NX', lineScore(now, json), key)
        lined = lined + 1
        if linedItems then
          linedItems[#linedItems + 1] = key
          linedItems[#linedItems + 1] = json
        end
      elseif not isQuiet(json) then
        -- Someone waits for this one's answer: a key that gave way for a quiet head (the
        -- same person's chat message) stops giving way — LT only ever moves it forward.
        redis.call('ZADD', pending, 'XX', 'LT', now, key)
      end
      out[#out + 1] = 1
    else
      out[#out + 1] = 0
    end
  end
  return out, lined
end
`;

const ACCEPT_MANY = `${ACCEPT_FN}
-- KEYS[1] pending zset, KEYS[2] polling marker (only written when ARGV[1] ~= '')
-- ARGV[1] marker, ARGV[2] seen ttl s, ARGV[3] now ms, ARGV[4] wake channel, ARGV[5] seen-key prefix,
-- ARGV[6] queue-key prefix; taking keys at once (see InboxStore.acceptMany): ARGV[7] owner ('' takes
-- none), ARGV[8] lease ms, ARGV[9] how many keys at most, ARGV[10] lock-key prefix, ARGV[11] how many
-- keys the owner drains already, ARGV[12] how many of them are keys of this batch (s),
-- ARGV[13..12+s] those keys — never taken here, as in CLAIM_MANY: a drain of one may still be
-- letting go of its lock under the same owner, and its late release would delete the lock taken
-- here (only a key of the batch can come into line here, so the others are not sent); then (id,
-- order key, item json) per item.
-- Accepts a whole batch in one step: the items and the marker past them are durable together.
-- Returns a 1|0 per item; with a marker (polling), the number of keys in line (polling slows
-- down on it); then the keys taken, each with its head: {…, n, key, head, …}.
local owner, room = ARGV[7], tonumber(ARGV[9])
-- A key that came into line is taken at once only when no other key waits for a turn: then
-- the owner would claim it next anyway, and the claim's own call is saved.
local draining = tonumber(ARGV[11])
local listed = tonumber(ARGV[12])
local skip = {}
for i = 13, 12 + listed do skip[ARGV[i]] = true end
local before = -1
if owner ~= '' and room > 0 then
  before = redis.call('ZCARD', KEYS[1])
  if before > draining then room = 0 end
end
local linedItems = {}
local out, lined = accept(KEYS[1], ARGV[2], ARGV[3], ARGV[5], ARGV[6], 13 + listed, #ARGV, linedItems)
local taken = {}
local left = 0
for i = 1, #linedItems, 2 do
  if #taken < 2 * room and not skip[linedItems[i]] and redis.call('SET', ARGV[10] .. linedItems[i], owner, 'PX', ARGV[8], 'NX') then
    taken[#taken + 1] = linedItems[i]
    taken[#taken + 1] = linedItems[i + 1]
  else
    left = left + 1
  end
end
-- Keys nobody took wake the dispatchers.
if left > 0 and ARGV[4] ~= '' then redis.call('PUBLISH', ARGV[4], '1') end
if ARGV[1] ~= '' then
  redis.call('SET', KEYS[2], ARGV[1])
  out[#out + 1] = before >= 0 and before + lined or redis.call('ZCARD', KEYS[1])
end
out[#out + 1] = #taken / 2
for _, v in ipairs(taken) do out[#out + 1] = v end
return out
`;

const CLAIM_MANY = `
-- KEYS[1] pending zset; ARGV[1] owner, ARGV[2] lease ms, ARGV[3] how many, ARGV[4] how many to look at,
-- ARGV[5] lock-key prefix, ARGV[6] queue-key prefix, then keys to skip (drained here already).
-- Takes the locks of up to ARGV[3] waiting keys, oldest first, and returns each with its head: {key, head|'', …}.
local skip = {}
for i = 7, #ARGV do skip[ARGV[i]] = true end
local want = tonumber(ARGV[3])
local out = {}
local got = 0
for _, k in ipairs(redis.call('ZRANGE', KEYS[1], 0, tonumber(ARGV[4]) - 1)) do
  if got >= want then break end
  if not skip[k] and redis.call('SET', ARGV[5] .. k, ARGV[1], 'PX', ARGV[2], 'NX') then
    got = got + 1
    out[#out + 1] = k
    out[#out + 1] = redis.call('LINDEX', ARGV[6] .. k, 0) or ''
  end
end
return out
`;

// Acknowledging a handled item, as a Lua function: queue, lock, pending; owner, the item
// json's start up to its id (ids are unique within a queue, so this names the item without
// sending it all back), order key, lease ms, now ms, and yieldAbove: '' to go on with this key,
// or a number n — this key's turn is over, so when another key waits for a turn (more keys in
// line than the n the caller drains itself, and one of them drained by nobody: someoneWaits),
// the key goes to the back of the line with its lock let go; and the lock-key prefix.
// Pops the handled head (only while this process holds the lock and the head is that item)
// and returns the next one; when none is left, releases the key:
// {1, next} | {1} released | {2} turn over, back in line | {-1} lock lost | {-2} head moved.
// A lease that lapsed while nobody took it (e.g. Redis was unreachable longer than the
// lease) is taken back when the head is still the handled item: handling it again would
// send its replies twice. Another owner's lock is never overridden.
// The lease is not extended here: the dispatcher renews it every third of the lease.
const ACK_FN = `
-- Whether a key in line waits for a turn: more keys are in line than the caller drains itself
-- (own), and one of the oldest few is drained by nobody (no lock) — keys other processes
-- drain are in line too, and are no reason to yield. Past the oldest own + 480 looked at (a
-- turn's end looks at most at that many locks; five instances of 96 keys each are 480 locks),
-- assume one waits: with more busy instances than that every key yields every turn. (Their locks
-- are looked up in one EXISTS per 1,000 keys, Lua's unpack staying far below its limit: one
-- EXISTS per key made a burst in one chat pay 0.8 EXISTS per message with 32 keys drained at
-- once and 5.8 with 96.)
-- Only keys that would be ahead of this one back in line (scored before \`score\`) count: a quiet
-- key giving way would be taken after it anyway.
local function someoneWaits(pending, own, orderKey, lockPrefix, score)
  if redis.call('ZCARD', pending) <= own then return false end
  local look = own + 480
  local ahead = redis.call('ZRANGE', pending, '-inf', '(' .. score, 'BYSCORE', 'LIMIT', 0, look + 1)
  if #ahead > look then return true end
  -- One EXISTS over all their locks, not one per key: a key waits when fewer locks exist than
  -- keys were looked at (the keys are a zset's members, so none is counted twice).
  local locks = {}
  for _, k in ipairs(ahead) do
    if k ~= orderKey then locks[#locks + 1] = lockPrefix .. k end
  end
  for from = 1, #locks, 1000 do
    local to = math.min(from + 999, #locks)
    if redis.call('EXISTS', unpack(locks, from, to)) < to - from + 1 then return true end
  end
  return false
end
local function ackNext(queue, lock, pending, owner, idPrefix, orderKey, lease, now, yieldAbove, lockPrefix)
  local holder = redis.call('GET', lock)
  if holder ~= owner then
    if holder or idPrefix == '' then return {-1} end
    local head = redis.call('LINDEX', queue, 0)
    if not head or string.sub(head, 1, #idPrefix) ~= idPrefix then return {-1} end
    redis.call('SET', lock, owner, 'PX', lease)
  end
  if idPrefix ~= '' then
    local popped = redis.call('LPOP', queue)
    if not popped then return {-2} end
    if string.sub(popped, 1, #idPrefix) ~= idPrefix then
      redis.call('LPUSH', queue, popped)
      return {-2}
    end
  end
  local head = redis.call('LINDEX', queue, 0)
  if head then
    -- Back in line, the key gives way only when none of its next items waits for an answer.
    local score = now
    if yieldAbove ~= '' and isQuiet(head) then
      score = tonumber(now) + ${QUIET_GIVES_WAY_MS}
      for _, item in ipairs(redis.call('LRANGE', queue, 1, 15)) do
        if not isQuiet(item) then score = now break end
      end
    end
    if yieldAbove ~= '' and someoneWaits(pending, tonumber(yieldAbove), orderKey, lockPrefix, score) then
      redis.call('ZADD', pending, 'XX', score, orderKey)
      redis.call('DEL', lock)
      return {2}
    end
    return {1, head}
  end
  redis.call('ZREM', pending, orderKey)
  redis.call('DEL', lock)
  return {1}
end
`;

const ACK_MANY = `${ACCEPT_FN}${ACK_FN}
-- Acknowledgements of one queue family (one or several, see InboxStore.ackNext), each
-- first accepting its items (an update's replies) into another family, so the replies and
-- the acknowledgement are durable together, and deleting the keys that were kept only until
-- those items were stored (QueueWithAck.drop).
-- ARGV[1] pending zset, ARGV[2] queue-key prefix, ARGV[3] lock-key prefix, ARGV[4] now ms; the other
-- family: ARGV[5] pending zset, ARGV[6] seen ttl s, ARGV[7] now ms, ARGV[8] wake channel, ARGV[9] seen-key
-- prefix, ARGV[10] queue-key prefix; ARGV[11] owner and ARGV[12] lease ms of the batch (said once:
-- one process's acknowledgements share them); then per acknowledgement: owner and lease ms ('' for
-- the batch's), order key, id prefix, yieldAbove, n, n × (id, order key, item json), d, and d keys
-- to delete. Returns {status, next head or ''} per acknowledgement.
local out = {}
local lined = 0
local i = 13
while i <= #ARGV do
  local owner, lease, key, idp, yieldAbove, n = ARGV[i], ARGV[i + 1], ARGV[i + 2], ARGV[i + 3], ARGV[i + 4], tonumber(ARGV[i + 5])
  if owner == '' then owner = ARGV[11] end
  if lease == '' then lease = ARGV[12] end
  i = i + 6
  if n > 0 then
    local _, l = accept(ARGV[5], ARGV[6], ARGV[7], ARGV[9], ARGV[10], i, i + 3 * n - 1)
    lined = lined + l
  end
  i = i + 3 * n
  local d = tonumber(ARGV[i])
  for j = i + 1, i + d do redis.call('DEL', ARGV[j]) end
  i = i + 1 + d
  local r = ackNext(ARGV[2] .. key, ARGV[3] .. key, ARGV[1], owner, idp, key, lease, ARGV[4], yieldAbove, ARGV[3])
  out[#out + 1] = r[1]
  out[#out + 1] = r[2] or ''
end
if lined > 0 then redis.call('PUBLISH', ARGV[8], '1') end
return out
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
  /** '' to go on with the key; else its turn is over (see ACK_FN). */
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
    redis.defineCommand('inboxAcceptMany', { numberOfKeys: 2, lua: ACCEPT_MANY });
    redis.defineCommand('inboxClaimMany', { numberOfKeys: 1, lua: CLAIM_MANY });
    redis.defineCommand('inboxAckMany', { numberOfKeys: 0, lua: ACK_MANY });
    redis.defineCommand('inboxRelease', { numberOfKeys: 1, lua: RELEASE });
    redis.defineCommand('inboxRenew', { numberOfKeys: 1, lua: RENEW });
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
