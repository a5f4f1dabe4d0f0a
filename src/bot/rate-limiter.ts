// A rate limiter shared by every process of the bot through Redis, measured the way MAX
// counts: MAX documents «30 requests a second» and nothing finer, so the strictest reading
// holds — no more than the limit in ANY one-second window (a sliding window; every fixed
// one-second window is one of them, and so is every window a token bucket would allow).
//
// Each grant is a time stamp in a Redis sorted set, taken by Redis at the moment of the
// grant, and the caller sends at once — never after a sleep — so the stamp is the send
// time. Two things keep the headroom:
//   - the window the limiter counts is longer than MAX's second by `lagMs`, and only
//     `limit` = the rate less `headroom` (10 %) fits in it, so jitter on the way to MAX
//     (a request stamped earlier than it lands) never crowds one second of MAX's;
//   - a grant that reaches the caller late (a starved CPU, a stalled event loop, a slow
//     round trip: the local clock says the call took more than `lagMs`) may no longer be
//     its send time: it is given back (ZREM) and the caller asks again. So however late
//     timers fire, callers never go out in a bunch stamped in the past.
// Callers that arrive while a grant is on its way to Redis share the next call (one round
// trip for many); callers the window has no room for wait until its oldest stamp leaves it.
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { observeLimiterWait } from '../ops/metrics.js';
import { SharedCall } from '../store/shared-call.js';
import { holdsNothing } from '../store/personal-data.js';

const GRANT = `
-- KEYS[1] sorted set of grant times (ms, member = a grant id)
-- ARGV[1] window ms, ARGV[2] limit, ARGV[3] grants wanted, ARGV[4] grant id prefix
-- Grants as many as the window has room for, stamped now; returns {granted, wait ms until room}.
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
local window = tonumber(ARGV[1])
local limit = tonumber(ARGV[2])
local want = tonumber(ARGV[3])
local dropped = redis.pcall('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
-- an older version's limiter kept a plain time under the key: it is a few seconds of state
if type(dropped) == 'table' and dropped.err then redis.call('DEL', KEYS[1]) end
local used = redis.call('ZCARD', KEYS[1])
local k = math.max(0, math.min(want, limit - used))
if k > 0 then
  local args = {}
  for i = 1, k do
    args[#args + 1] = now
    args[#args + 1] = ARGV[4] .. i
  end
  redis.call('ZADD', KEYS[1], unpack(args))
  redis.call('PEXPIRE', KEYS[1], math.ceil(window) + 1000)
end
local wait = 0
if k < want then
  local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
  wait = math.max(1, math.ceil(tonumber(oldest[2]) + window - now))
end
return {k, wait}
`;

type LimiterRedis = Redis & { rateGrant(key: string, windowMs: number, limit: number, want: number, idPrefix: string): Promise<[number, number]> };

export interface RateLimiterOptions {
  /** Share of the rate kept unused (0.1: 27 of MAX's 30). */
  headroom?: number;
  /**
   * The longest a grant may take from asking to sending; the counted window is
   * 1000 ms + lagMs. A grant that took longer is given back and asked for again.
   */
  lagMs?: number;
  /** The local monotonic clock (tests make a grant arrive late). */
  clock?: () => number;
}

/** How many grants fit in the counted window, for `perSecond` and a headroom share. */
export function grantsPerWindow(perSecond: number, headroom: number): number {
  return Math.max(1, Math.floor(perSecond * (1 - headroom) + 1e-9));
}

type Grant = { granted: true } | { granted: false; waitMs: number };

export class RateLimiter {
  private readonly redis: LimiterRedis;
  readonly windowMs: number;
  readonly limit: number;
  private readonly lagMs: number;
  private readonly clock: () => number;
  private readonly idBase = randomBytes(6).toString('base64url');
  private seq = 0;
  /** Grants given back in a row for coming late (see MAX_LATE_IN_ROW). */
  private lateInRow = 0;

  /**
   * Callers that come while a grant call is on its way share the next one. The call gets
   * what room the window has, first come first granted; the rest learn how long to wait.
   */
  private readonly grants = new SharedCall<void, Grant>(async (callers) => {
    const prefix = `${this.idBase}:${++this.seq}:`;
    const asked = this.clock();
    const [granted, waitMs] = await this.redis.rateGrant(this.key, this.windowMs, this.limit, callers.length, prefix);
    if (granted > 0 && this.clock() - asked > this.lagMs && this.lateInRow < MAX_LATE_IN_ROW) {
      // Late: the stamps may be well before the sends would be. Give them back, ask again —
      // but not forever: when every round trip is slow (a distant or busy Redis) the grant is
      // kept after a few tries, or nothing would ever be sent; the window's headroom covers it.
      this.lateInRow++;
      await this.redis.zrem(this.key, ...Array.from({ length: granted }, (_, i) => `${prefix}${i + 1}`));
      return callers.map(() => ({ granted: false, waitMs: 0 }) as Grant);
    }
    if (granted > 0) this.lateInRow = 0;
    return callers.map((_, i) => (i < granted ? { granted: true } : { granted: false, waitMs }) as Grant);
  });

  /**
   * @param perSecond MAX's limit for this key (requests a second)
   */
  constructor(
    redis: Redis,
    readonly key: string,
    perSecond: number,
    opts: RateLimiterOptions = {},
  ) {
    if (!('rateGrant' in redis)) redis.defineCommand('rateGrant', { numberOfKeys: 1, lua: GRANT });
    this.redis = redis as LimiterRedis;
    this.lagMs = opts.lagMs ?? 100;
    this.windowMs = 1000 + this.lagMs;
    this.limit = grantsPerWindow(perSecond, opts.headroom ?? 0.1);
    this.clock = opts.clock ?? (() => performance.now());
  }

  /** Waits until this caller may send; the caller sends at once after it resolves. */
  async acquire(signal?: AbortSignal): Promise<void> {
    const started = this.clock();
    for (;;) {
      if (signal?.aborted) throw signal.reason ?? new DOMException('Aborted', 'AbortError');
      const grant = await this.grants.call();
      if (grant.granted) break;
      if (grant.waitMs > 0) await sleep(grant.waitMs, signal);
    }
    observeLimiterWait(Math.max(0, this.clock() - started));
  }
}

/** How many late grants in a row are given back before one is kept anyway. */
const MAX_LATE_IN_ROW = 3;

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason ?? new DOMException('Aborted', 'AbortError'));
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason ?? new DOMException('Aborted', 'AbortError'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Rate state: times only (grant ids are random, per process). */
export const RATE_DATA = holdsNothing('rate', { rateMaxApi: 'grant times', rateCallbackAnswers: 'grant times per chat' });
