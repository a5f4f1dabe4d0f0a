// A large polling batch is accepted in several scripts (ACCEPT_CHUNK items each), the marker
// with the last: no one script holds Redis long (issue 23). A failure between the steps leaves
// the marker where it was; the batch fetched again is accepted exactly once, in order per key.
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { ACCEPT_CHUNK, InboxStore, type SerialisedItem } from '../../src/store/inbox.js';
import { storeRedis } from '../support/store-redis.js';

const item = (id: string, orderKey: string): SerialisedItem => ({ id, orderKey, json: JSON.stringify({ id, orderKey, update: { n: id }, acceptedAt: 1 }) });

describe('a large batch accepted in steps', () => {
  const store = storeRedis();

  function open() {
    const { redis, keys } = store.open();
    const inbox = new InboxStore(redis, keys);
    const r = redis as Redis & { inboxAcceptMany: (...a: unknown[]) => Promise<unknown> };
    const accept = r.inboxAcceptMany.bind(r);
    const calls: number[] = [];
    let failAt = -1;
    r.inboxAcceptMany = (...a: unknown[]) => {
      calls.push(a.length);
      if (calls.length - 1 === failAt) return Promise.reject(new Error('connection lost'));
      return accept(...a);
    };
    return { redis, keys, inbox, calls, failOnCall: (n: number) => (failAt = n) };
  }

  // 2.5 chunks, ten keys, items of a key in order across the chunks.
  const total = ACCEPT_CHUNK * 2 + ACCEPT_CHUNK / 2;
  const batch = Array.from({ length: total }, (_, i) => item(`id-${i}`, `u:${i % 10}`));
  async function queued(redis: Redis, keys: ReturnType<typeof store.open>['keys']) {
    const out = new Map<string, string[]>();
    for (let k = 0; k < 10; k++) out.set(`u:${k}`, (await redis.lrange(keys.inboxQueue(`u:${k}`), 0, -1)).map((j) => (JSON.parse(j) as { id: string }).id));
    return out;
  }
  const expected = new Map(Array.from({ length: 10 }, (_, k) => [`u:${k}`, batch.filter((b) => b.orderKey === `u:${k}`).map((b) => b.id)]));

  it('goes in three scripts, the marker written with the last, each item once and in order', async () => {
    const { redis, keys, inbox, calls } = open();
    const { fresh, backlog } = await inbox.acceptMany(batch, '777');
    expect(calls).toHaveLength(3);
    expect(fresh).toHaveLength(total);
    expect(fresh.every(Boolean)).toBe(true);
    expect(backlog).toBe(10);
    expect(await redis.get(keys.updatesMarker)).toBe('777');
    expect(await queued(redis, keys)).toEqual(expected);
  });

  it('a failure after the first step leaves the marker; the batch again is accepted exactly once', async () => {
    const { redis, keys, inbox, failOnCall } = open();
    await redis.set(keys.updatesMarker, '100');
    failOnCall(1);
    await expect(inbox.acceptMany(batch, '777')).rejects.toThrow('connection lost');
    expect(await redis.get(keys.updatesMarker)).toBe('100');
    const again = await inbox.acceptMany(batch, '777');
    expect(again.fresh.slice(0, ACCEPT_CHUNK).some(Boolean)).toBe(false);
    expect(again.fresh.slice(ACCEPT_CHUNK).every(Boolean)).toBe(true);
    expect(await redis.get(keys.updatesMarker)).toBe('777');
    expect(await queued(redis, keys)).toEqual(expected);
  });
});
