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
// Background work (a /sync, reminders; see background.ts) takes at most half of any window
// and, in each process, waits while people's calls wait for room: replies to people go first.
// So that background work is not starved by a never-ending stream of people's calls, a
// background call that has held back for `backgroundPatience` windows asks once as people's
// calls do (their cap, their turn): at least one call per waiting background caller in that
// many windows.
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { countLimiterGrant, observeLimiterWait } from '../ops/metrics.js';
import { SharedCall } from '../store/shared-call.js';
import { holdsNothing } from '../store/personal-data.js';
import { defineScripts } from '../store/scripts.js';

/** The runtime's scripts: src/bot/lua/ (here rateGrant-1.lua). */
const LUA = new URL('./lua/', import.meta.url);

type LimiterRedis = Redis & {
  rateGrant(key: string, windowMs: number, cap: number, want: number, idPrefix: string, tidy: string, expireMs: number): Promise<[number, number]>;
};

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
  /** Share of the window background work may take (0.5: 13 of 27 at MAX_RPS=30). */
  backgroundShare?: number;
  /**
   * How many windows a background call holds back for people's calls at most (by `clock`);
   * then it asks as they do (default 4).
   */
  backgroundPatience?: number;
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

  /** When this process last tidied the window (see GRANT); -Infinity: its first call tidies. */
  private tidiedAt = -Infinity;
  /** People's calls in this process waiting for room in the window: background work waits while any do. */
  private foregroundWaiting = 0;
  /** Background calls holding back: each is woken when a people's call stops waiting, to look again. */
  private foregroundDone: Array<() => void> = [];
  private readonly backgroundPatienceMs: number;

  /**
   * Callers that come while a grant call is on its way share the next one (people's work and
   * background work never share one: their caps differ). The call gets what room the window
   * has, first come first granted; the rest learn how long to wait.
   */
  private readonly grants = new SharedCall<boolean, Grant>(
    async (callers) => {
      const background = callers[0]!;
      const prefix = `${this.idBase}:${++this.seq}:`;
      const asked = this.clock();
      const tidy = asked - this.tidiedAt >= TIDY_EVERY_MS;
      if (tidy) this.tidiedAt = asked;
      const cap = background ? this.backgroundLimit : this.limit;
      const [granted, waitMs] = await this.redis.rateGrant(this.key, this.windowMs, cap, callers.length, prefix, tidy ? '1' : '', KEY_TTL_MS);
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
    },
    { groupOf: (background) => background },
  );

  /** Grants background work may hold in one window: its share of `limit` (at least one). */
  readonly backgroundLimit: number;

  /**
   * @param perSecond MAX's limit for this key (requests a second)
   */
  constructor(
    redis: Redis,
    readonly key: string,
    perSecond: number,
    opts: RateLimiterOptions = {},
  ) {
    defineScripts(redis, LUA);
    this.redis = redis as LimiterRedis;
    this.lagMs = opts.lagMs ?? 100;
    this.windowMs = 1000 + this.lagMs;
    this.limit = grantsPerWindow(perSecond, opts.headroom ?? 0.1);
    this.backgroundLimit = Math.max(1, Math.floor(this.limit * (opts.backgroundShare ?? 0.5)));
    this.clock = opts.clock ?? (() => performance.now());
    this.backgroundPatienceMs = (opts.backgroundPatience ?? 4) * this.windowMs;
  }

  /**
   * Waits until this caller may send; the caller sends at once after it resolves.
   * `background`: work nobody is waiting on right now (a /sync, reminders, broadcasts, the
   * weekly summary; a report someone asked for is their reply, not background). It
   * takes at most `backgroundLimit` of any window, so people's replies always find room,
   * and in this process it waits while any people's call waits for room in the window.
   */
  async acquire(signal?: AbortSignal, opts: { background?: boolean } = {}): Promise<void> {
    let background = opts.background === true;
    const started = this.clock();
    let waitingForRoom = false;
    try {
      for (;;) {
        if (signal?.aborted) throw signal.reason ?? new DOMException('Aborted', 'AbortError');
        if (background && this.foregroundWaiting > 0) {
          if (this.clock() - started < this.backgroundPatienceMs) {
            await this.untilForegroundMoves(signal);
            continue;
          }
          // Held back long enough: this call asks as people's calls do (see the header).
          background = false;
        }
        const grant = await this.grants.call(background);
        if (grant.granted) break;
        if (!background && !waitingForRoom) {
          // From now until it is granted, background work in this process holds back.
          waitingForRoom = true;
          this.foregroundWaiting++;
        }
        if (grant.waitMs > 0) await sleep(grant.waitMs, signal);
      }
    } finally {
      // Waiting background calls look again: none waits now, or one of them may have waited long enough.
      if (waitingForRoom) {
        this.foregroundWaiting--;
        for (const wake of this.foregroundDone.splice(0)) wake();
      }
    }
    observeLimiterWait(Math.max(0, this.clock() - started));
    countLimiterGrant(background);
  }

  /**
   * One ask, no waiting: true when the window had room for a people's call now (the caller
   * sends at once, as after acquire()); false when it is full (nothing was taken).
   */
  async tryAcquire(): Promise<boolean> {
    const grant = await this.grants.call(false);
    if (grant.granted) countLimiterGrant(false);
    return grant.granted;
  }

  /** Resolves when a people's call stops waiting for room in this process (granted or given up). */
  private untilForegroundMoves(signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      const wake = () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      };
      const onAbort = () => {
        // A waiter that gave up leaves nothing behind.
        this.foregroundDone = this.foregroundDone.filter((w) => w !== wake);
        reject(signal?.reason ?? new DOMException('Aborted', 'AbortError'));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.foregroundDone.push(wake);
    });
  }
}

/** How often a process tidies the window key (drops old stamps, renews the expiry). */
const TIDY_EVERY_MS = 5_000;
/**
 * The window key's expiry, renewed by every process at least every TIDY_EVERY_MS while it
 * grants: the key outlives the last grant by 55 s or more, so no stamp still in a window is lost.
 */
const KEY_TTL_MS = 60_000;

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
