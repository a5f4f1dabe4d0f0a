// The statistics flush is nobody's update (src/reports/counters.ts): it runs in the context the
// counters were made in, not in that of the update that counted first. Carrying the update's
// async-local state a second later, a crash test's kill armed for that update's writes landed
// on the flush — in the middle of another reply's delivery — and a reviewer was told twice.
import { AsyncLocalStorage } from 'node:async_hooks';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log.js';
import { StatsCounters } from '../../src/reports/counters.js';
import { eventually } from '../support/harness.js';
import { storeRedis } from '../support/store-redis.js';

describe('statistics counters flush outside the update that counted', () => {
  const store = storeRedis();

  it("the flush's write carries none of the counting update's async-local state", async () => {
    const { redis, keys } = store.open();
    const update = new AsyncLocalStorage<string>();
    const seenAtWrite: Array<string | undefined> = [];
    const multi = redis.multi.bind(redis);
    redis.multi = ((...a: Parameters<typeof redis.multi>) => {
      seenAtWrite.push(update.getStore());
      return multi(...a);
    }) as typeof redis.multi;
    const at = Date.UTC(2026, 11, 7, 9);
    const counters = new StatsCounters(
      redis,
      keys,
      async () => 'Europe/Moscow',
      () => at,
      createLogger('silent'),
    );
    await update.run('update 1', () => counters.add('request.created', 'u1'));
    await eventually(async () => expect(await redis.hget(keys.statsDay('2026-12-07'), 'request.created')).toBe('1'));
    expect(seenAtWrite).toEqual([undefined]);
  });
});
