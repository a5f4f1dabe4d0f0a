// The shared rate limiter against MAX's window: no more than the limit in any one second
// however the grants are spread, with headroom, callers that come together sharing one
// Redis call, and a grant that reaches its caller late given back instead of sent late.
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { grantsPerWindow, RateLimiter, type RateLimiterOptions } from '../../src/bot/rate-limiter.js';
import { mostInAnyWindow, SlidingWindow } from '../../src/sandbox/limits.js';
import { redisUrl } from '../support/harness.js';

describe('grants per window (table)', () => {
  it.each([
    // rate, headroom, grants in the counted window (1 s + lag)
    [30, 0.1, 27],
    [10, 0.1, 9],
    [100, 0.1, 90],
    [2, 0, 2],
    [2, 0.1, 1],
    [1, 0.1, 1],
    [1000, 0.05, 950],
  ])('%i a second with %f held back: %i', (rate, headroom, grants) => {
    expect(grantsPerWindow(rate, headroom)).toBe(grants);
  });
});

describe("the sandbox's window, as MAX counts (table)", () => {
  // The strictest reading of «30 requests a second»: no more than the limit in ANY second.
  it.each([
    // limit, request times (ms), expected answers
    [3, [0, 0, 0, 0], [true, true, true, false]],
    [3, [0, 10, 20, 999], [true, true, true, false]],
    [3, [0, 10, 20, 1000], [true, true, true, true]],
    [3, [0, 500, 999, 1000, 1001], [true, true, true, true, false]],
    // a refused request does not count
    [2, [0, 100, 200, 1000, 1100], [true, true, false, true, true]],
    [1, [0, 999, 1000, 1999, 2000], [true, false, true, false, true]],
    // stamped on arrival, counted in any order: the early one leaves the window in time
    [2, [1000, 500, 1600, 1700], [true, true, true, false]],
    [2, [1000, 500, 1600, 2100], [true, true, true, true]],
  ])('limit %i at %j', (limit, times, answers) => {
    const w = new SlidingWindow(limit);
    expect(times.map((t) => w.tryAcquire(t))).toEqual(answers);
  });

  it('the helper that checks the limiter counts windows the same way', () => {
    expect(mostInAnyWindow([0, 10, 20, 999], 1000)).toBe(4);
    expect(mostInAnyWindow([0, 10, 20, 1000], 1000)).toBe(3);
  });
});

describe('the rate limiter', () => {
  let redis: Redis | null = null;
  afterEach(() => {
    redis?.disconnect();
    redis = null;
  });

  /** A limiter on its own key, and a count of the grant calls it makes. */
  function open(perSecond: number, opts: RateLimiterOptions = {}) {
    redis = new Redis(redisUrl(), { maxRetriesPerRequest: null });
    const key = `t${randomBytes(5).toString('hex')}:rate`;
    const limiter = new RateLimiter(redis, key, perSecond, opts);
    const r = redis as Redis & { rateGrant: (...a: unknown[]) => Promise<[number, number]> };
    const grant = r.rateGrant.bind(r);
    const calls: number[] = [];
    r.rateGrant = (...a: unknown[]) => (calls.push(a[3] as number), grant(...a));
    return { limiter, calls, key, redis };
  }

  it('a burst: never more than the limit in any second, and the headroom kept', async () => {
    const { limiter, calls } = open(20); // 18 in any 1.1 s
    expect(limiter.limit).toBe(18);
    expect(limiter.windowMs).toBe(1100);
    const started = performance.now();
    const sent = await Promise.all(Array.from({ length: 45 }, () => limiter.acquire().then(() => performance.now() - started)));
    // Stamps are taken when a grant is given and the caller goes at once: measured here, a
    // send may only look later than its stamp, never earlier.
    expect(mostInAnyWindow(sent, 1000)).toBeLessThanOrEqual(18);
    // 45 grants need at least two whole counted windows after the first 18.
    expect(Math.max(...sent)).toBeGreaterThanOrEqual(2 * 1100 - 50);
    // Callers that came together shared calls.
    expect(calls.length).toBeLessThan(45);
  });

  it('callers one after another go at once while the window has room', async () => {
    const { limiter, calls } = open(50);
    const started = performance.now();
    for (let i = 0; i < 5; i++) await limiter.acquire();
    expect(performance.now() - started).toBeLessThan(1000);
    expect(calls).toEqual([1, 1, 1, 1, 1]);
  });

  it('a grant that reaches its caller late is given back and asked for again', async () => {
    // The local clock jumps 500 ms during the first grant call: a stalled process.
    let now = 0;
    let jumps = 1;
    const { limiter, calls, key, redis: r } = open(10, { clock: () => now, lagMs: 100 });
    const rg = r as Redis & { rateGrant: (...a: unknown[]) => Promise<[number, number]> };
    const grant = rg.rateGrant;
    rg.rateGrant = async (...a: unknown[]) => {
      const out = await grant(...a);
      if (jumps-- > 0) now += 500;
      return out;
    };
    await limiter.acquire();
    expect(calls).toEqual([1, 1]);
    // The late grant was removed: only the second one counts.
    expect(await r.zcard(key)).toBe(1);
  });

  it('when every grant comes late, one is kept after a few tries instead of asking forever', async () => {
    let now = 0;
    const { limiter, calls, key, redis: r } = open(10, { clock: () => now, lagMs: 100 });
    const rg = r as Redis & { rateGrant: (...a: unknown[]) => Promise<[number, number]> };
    const grant = rg.rateGrant;
    rg.rateGrant = async (...a: unknown[]) => {
      const out = await grant(...a);
      now += 500;
      return out;
    };
    await limiter.acquire();
    expect(calls).toEqual([1, 1, 1, 1]);
    expect(await r.zcard(key)).toBe(1);
  });

  it('an older version’s plain time under the key is replaced', async () => {
    const { limiter, key, redis: r } = open(10);
    await r.set(key, '12345.000', 'PX', 5000);
    await limiter.acquire();
    expect(await r.type(key)).toBe('zset');
  });

  it('the window key always has an expiry, and a grant costs three commands between tidy calls', async () => {
    const { limiter, key, redis: r } = open(50);
    await limiter.acquire();
    const ttl = await r.pttl(key);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(60_000);
    await r.config('RESETSTAT');
    for (let i = 0; i < 5; i++) await limiter.acquire();
    const stats = await r.info('commandstats');
    const calls = (name: string) => Number(new RegExp(`cmdstat_${name}:calls=(\\d+)`).exec(stats)?.[1] ?? 0);
    // TIME, ZCOUNT and ZADD per grant; no trim, no expiry until the process's next tidy call.
    expect(calls('zremrangebyscore')).toBe(0);
    expect(calls('pexpire')).toBe(0);
    expect(calls('zadd')).toBe(5);
    expect(calls('zcount')).toBe(5);
  });

  it('background work takes at most its share of any window', async () => {
    const { limiter, key, redis: r } = open(20); // 18 in any 1.1 s, background 9
    expect(limiter.backgroundLimit).toBe(9);
    await Promise.all(Array.from({ length: 20 }, () => limiter.acquire(undefined, { background: true })));
    // Redis's own stamps of the grants: no clock of this busy machine is involved.
    const stamps = (await r.zrange(key, '0', '-1', 'WITHSCORES')).filter((_, i) => i % 2 === 1).map(Number);
    expect(stamps).toHaveLength(20);
    expect(mostInAnyWindow(stamps, limiter.windowMs)).toBeLessThanOrEqual(9);
  });

  it("people's calls that come while background work waits are granted before the background's remaining calls", async () => {
    const { limiter } = open(10, { headroom: 0 }); // 10 in any 1.1 s, background 5
    const order: string[] = [];
    const background = Array.from({ length: 15 }, () => limiter.acquire(undefined, { background: true }).then(() => order.push('bg')));
    // The background's first share is granted; the rest of it waits for room.
    await vi.waitFor(() => expect(order).toHaveLength(5), { timeout: 15_000 });
    const people = Array.from({ length: 8 }, () => limiter.acquire().then(() => order.push('person')));
    await Promise.all([...background, ...people]);
    // Five background grants, then all eight people (five at once, three when room came), then the background's other ten.
    expect(order.lastIndexOf('person')).toBe(12);
    expect(order.slice(13)).toEqual(Array(10).fill('bg'));
  });

  it('a caller that gives up while waiting for room does not hold the others', async () => {
    const { limiter } = open(2, { headroom: 0 }); // 2 in any 1.1 s
    await limiter.acquire();
    await limiter.acquire();
    const stop = new AbortController();
    const gaveUp = limiter.acquire(stop.signal).catch((e: Error) => e.name);
    setTimeout(() => stop.abort(), 10);
    expect(await gaveUp).toBe('AbortError');
    await limiter.acquire(); // room comes when the first grant leaves the window
  });
});
