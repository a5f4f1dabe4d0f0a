// A rate limiter shared by every process of the bot through Redis. Each call
// reserves the next free slot (GCRA with no burst: slots are 1/rate apart) and
// waits for it, so the bot as a whole never sends more than `rate` requests a
// second to MAX however many instances run. Callers that arrive while a
// reservation is on its way to Redis share the next one (one round trip for many).
import type { Redis } from 'ioredis';
import { observeLimiterWait } from '../ops/metrics.js';
import { SharedCall } from '../store/shared-call.js';
import { holdsNothing } from '../store/personal-data.js';

const RESERVE = `
-- KEYS[1] theoretical arrival time; ARGV[1] interval ms, ARGV[2] how many slots
-- Reserves ARGV[2] consecutive slots, 1/rate apart; returns the wait until the first.
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local interval = tonumber(ARGV[1])
local tat = tonumber(redis.call('GET', KEYS[1]) or '0')
local slot = tat
if slot < now then slot = now end
local nextTat = slot + interval * tonumber(ARGV[2])
redis.call('SET', KEYS[1], string.format('%.3f', nextTat), 'PX', math.ceil(nextTat - now) + 1000)
return math.ceil(slot - now)
`;

type LimiterRedis = Redis & { rateReserve(key: string, intervalMs: number, count: number): Promise<number> };

export class RateLimiter {
  private readonly redis: LimiterRedis;
  private readonly intervalMs: number;
  /**
   * Callers that come while a reservation is on its way share the next one. A call gets
   * consecutive slots, exactly as many as it has callers, so it is the same as each reserving
   * its own at that moment: no slot is kept for later, none can be used early.
   */
  private readonly reservations = new SharedCall<void, number>(async (callers) => {
    const firstWaitMs = await this.redis.rateReserve(this.key, this.intervalMs, callers.length);
    return callers.map((_, i) => Math.ceil(firstWaitMs + i * this.intervalMs));
  });

  /**
   * @param perSecond allowed requests per second
   * @param safety  slots are spaced a little wider than 1/rate so that jitter in
   *                delivery does not push a one-second window over the limit
   */
  constructor(
    redis: Redis,
    readonly key: string,
    perSecond: number,
    safety = 1.05,
  ) {
    if (!('rateReserve' in redis)) redis.defineCommand('rateReserve', { numberOfKeys: 1, lua: RESERVE });
    this.redis = redis as LimiterRedis;
    this.intervalMs = (1000 / perSecond) * safety;
  }

  /** Waits until this caller may send. */
  async acquire(signal?: AbortSignal): Promise<void> {
    const waitMs = await this.reservations.call();
    observeLimiterWait(Math.max(0, waitMs));
    if (waitMs > 0) await sleep(waitMs, signal);
  }
}

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

/** Rate state: times only. */
export const RATE_DATA = holdsNothing('rate', { rateMaxApi: 'a time', rateCallbackAnswers: 'a time per chat' });
