// The shared rate limiter: callers that come together share one reservation in Redis,
// and each still gets its own slot, 1/rate apart — never earlier than one at a time would.
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { RateLimiter } from '../../src/bot/rate-limiter.js';
import { redisUrl } from '../support/harness.js';

describe('the rate limiter', () => {
  let redis: Redis | null = null;
  afterEach(() => {
    redis?.disconnect();
    redis = null;
  });

  /** A limiter on its own key, and a count of the reservation calls it makes. */
  function open(perSecond: number) {
    redis = new Redis(redisUrl(), { maxRetriesPerRequest: null });
    const limiter = new RateLimiter(redis, `t${randomBytes(5).toString('hex')}:rate`, perSecond);
    const r = redis as Redis & { rateReserve: (...a: unknown[]) => Promise<number> };
    const reserve = r.rateReserve.bind(r);
    const calls: number[] = [];
    r.rateReserve = (...a: unknown[]) => (calls.push(a[2] as number), reserve(...a));
    return { limiter, calls };
  }

  it('twenty callers at once: a few reservation calls, and slots 1/rate apart', async () => {
    const { limiter, calls } = open(100); // a slot every 10.5 ms
    const started = performance.now();
    const released = await Promise.all(Array.from({ length: 20 }, () => limiter.acquire().then(() => performance.now() - started)));
    released.sort((a, b) => a - b);
    // No caller went before its slot: the i-th no sooner than i intervals after the start.
    released.forEach((t, i) => expect(t, `caller ${i}`).toBeGreaterThanOrEqual(i * 10.5 - 1));
    expect(calls.reduce((a, b) => a + b, 0)).toBe(20);
    expect(calls.length).toBeLessThan(20);
  });

  it('callers one after another each reserve the next slot', async () => {
    const { limiter, calls } = open(50); // a slot every 21 ms
    const started = performance.now();
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      await limiter.acquire();
      times.push(performance.now() - started);
    }
    times.forEach((t, i) => expect(t).toBeGreaterThanOrEqual(i * 21 - 1));
    expect(calls).toEqual([1, 1, 1, 1, 1]);
  });

  it('a caller that gives up while waiting for its slot does not hold the others', async () => {
    const { limiter } = open(10); // a slot every 105 ms
    await limiter.acquire();
    const stop = new AbortController();
    const gaveUp = limiter.acquire(stop.signal).catch((e: Error) => e.name);
    setTimeout(() => stop.abort(), 10);
    expect(await gaveUp).toBe('AbortError');
    await limiter.acquire(); // its slot comes after the abandoned one, and it comes
  });
});
