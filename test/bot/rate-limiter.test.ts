// The shared rate limiter against MAX's window: no more than the limit in any one second
// however the grants are spread, with headroom, callers that come together sharing one
// Redis call, and a grant that reaches its caller late given back instead of sent late.
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { grantsPerWindow, RateLimiter, type RateLimiterOptions } from '../../src/bot/rate-limiter.js';
import { mostInAnyWindow, SlidingWindow } from '../../src/sandbox/limits.js';
import { redisUrl } from '../support/harness.js';
import { monitorFeed } from '../support/redis-monitor.js';

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
    r.rateGrant = (...a: unknown[]) => {
      calls.push(a[3] as number);
      return grant(...a);
    };
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
    // The limiter's clock stands still: no grant counts as late on a busy machine (that would ask again).
    const { limiter, calls } = open(50, { clock: () => 0 });
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
    // A still clock: the first grant tidies (and sets the expiry), no later one comes due for it however slow the machine.
    const { limiter, key, redis: r } = open(50, { clock: () => 0 });
    await limiter.acquire();
    const ttl = await r.pttl(key);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(60_000);
    // The server's own feed of the commands it runs (those inside scripts too), only those on this
    // test's key: other test files share this Redis, so its server-wide counts would count theirs.
    const seen: string[] = [];
    const feed = await monitorFeed(redisUrl(), (args) => {
      if (args.includes(key)) seen.push(String(args[0]).toLowerCase());
    });
    for (let i = 0; i < 5; i++) await limiter.acquire();
    // A last command on the key: once the feed shows it, it has shown everything before it.
    await r.exists(key);
    await vi.waitFor(() => expect(seen).toContain('exists'), { timeout: 15_000 });
    feed.stop();
    const calls = (name: string) => seen.filter((c) => c === name).length;
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

  /** Fills the window now, stamped by Redis itself (as a grant is): sent before anything the caller sends next. */
  function fill(r: Redis, key: string, n: number): Promise<unknown> {
    const lua =
      "local t = redis.call('TIME') local now = t[1] * 1000 + t[2] / 1000 for i = 1, tonumber(ARGV[1]) do redis.call('ZADD', KEYS[1], now, 'fill' .. i) end";
    return r.eval(lua, 1, key, n);
  }
  const waitingPeople = (l: RateLimiter) => (l as unknown as { foregroundWaiting: number }).foregroundWaiting;

  it("people's calls that wait for room are granted before any background call that comes meanwhile", async () => {
    // The clock stands still: no grant counts as late and no background call runs out of patience,
    // however the machine stalls.
    const { limiter, key, redis: r } = open(10, { headroom: 0, clock: () => 0 }); // 10 in any 1.1 s, background 5
    const order: string[] = [];
    // Another process filled the window; Redis runs the fill and then the people's first call.
    void fill(r, key, 10);
    const people = Array.from({ length: 8 }, () => limiter.acquire().then(() => order.push('person')));
    await vi.waitFor(() => expect(waitingPeople(limiter)).toBe(8), { timeout: 15_000 });
    const background = Array.from({ length: 15 }, () => limiter.acquire(undefined, { background: true }).then(() => order.push('bg')));
    await Promise.all([...background, ...people]);
    expect(order).toEqual([...Array(8).fill('person'), ...Array(15).fill('bg')]);
  });

  it("background work held back by a steady stream of people's calls gets through once it has waited its patience", async () => {
    let now = 0;
    const { limiter, key, redis: r } = open(3, { headroom: 0, clock: () => now, backgroundPatience: 2 }); // 3 in any 1.1 s
    void fill(r, key, 3);
    // Four people's callers, each asking again as soon as granted, until the background call is
    // granted (or CAP grants, about ten windows: then it was not let through while they asked).
    const CAP = 30;
    let granted = 0;
    let bgAt = -1;
    const person = async () => {
      while (bgAt < 0 && granted < CAP) {
        await limiter.acquire();
        granted++;
      }
    };
    const people = Array.from({ length: 4 }, person);
    await vi.waitFor(() => expect(waitingPeople(limiter)).toBeGreaterThan(0), { timeout: 15_000 });
    const background = limiter.acquire(undefined, { background: true }).then(() => (bgAt = granted));
    // Two windows go by on the limiter's clock: the background call has been patient long enough.
    now += 2 * limiter.windowMs;
    await Promise.all(people);
    await background;
    // Granted while the people's callers still asked: not only once they stopped (at CAP).
    expect(bgAt).toBeGreaterThanOrEqual(0);
    expect(bgAt).toBeLessThan(CAP);
  }, 60_000);

  it('a background call that gives up while people wait leaves nothing behind', async () => {
    const { limiter, key, redis: r } = open(2, { headroom: 0, clock: () => 0 });
    void fill(r, key, 2);
    const person = limiter.acquire();
    await vi.waitFor(() => expect(waitingPeople(limiter)).toBe(1), { timeout: 15_000 });
    const stop = new AbortController();
    const gaveUp = limiter.acquire(stop.signal, { background: true }).catch((e: Error) => e.name);
    await vi.waitFor(() => expect((limiter as unknown as { foregroundDone: unknown[] }).foregroundDone).toHaveLength(1));
    stop.abort();
    expect(await gaveUp).toBe('AbortError');
    expect((limiter as unknown as { foregroundDone: unknown[] }).foregroundDone).toHaveLength(0);
    await person;
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
