// A page of polled updates is stored in parts (Ingest.store): every update once and in each
// person's order, the polling marker only with the last part, and a failure between parts
// leaves the marker where it was, so the page fetched again is stored without duplicates.
import type { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { Ingest, PART_CHARS, PART_ITEMS } from '../../src/bot/ingest.js';
import { createLogger } from '../../src/log.js';
import { InboxStore, type InboxItem, type SerialisedItem } from '../../src/store/inbox.js';
import { storeRedis } from '../support/store-redis.js';

const message = (n: number, userId: number, text: string) => ({
  update_type: 'message_created',
  timestamp: n,
  message: {
    sender: { user_id: userId, first_name: 'Ученик', is_bot: false },
    recipient: { chat_id: -70, chat_type: 'chat' },
    timestamp: n,
    body: { mid: `mid.${n}`, text },
  },
});

/** 300 updates from 7 people; every fifth is long, so parts close on their size before their count. */
const page = Array.from({ length: 300 }, (_, n) => message(n, 1 + (n % 7), n % 5 === 0 ? 'длинный текст '.repeat(300) : `сообщение ${n}`));

describe('ingest stores a page in parts', () => {
  const store = storeRedis();

  function open() {
    const { redis, keys } = store.open();
    const inbox = new InboxStore(redis, keys);
    // What Ingest.store hands the inbox, call by call.
    const accept = inbox.acceptMany.bind(inbox);
    const calls: Array<{ items: number; chars: number; marker: string }> = [];
    let failAt = -1;
    inbox.acceptMany = (items: SerialisedItem[], marker?: string) => {
      calls.push({ items: items.length, chars: items.reduce((n, it) => n + it.json.length, 0), marker: marker ?? '' });
      if (calls.length - 1 === failAt) return Promise.reject(new Error('Redis went away'));
      return accept(items, marker);
    };
    return {
      redis,
      keys,
      ingest: new Ingest(inbox, createLogger('silent')),
      calls,
      failNext: (at: number) => {
        failAt = at;
        calls.length = 0;
      },
    };
  }

  async function stored(redis: Redis, queue: (k: string) => string): Promise<Map<number, number[]>> {
    const byUser = new Map<number, number[]>();
    for (let u = 1; u <= 7; u++)
      byUser.set(
        u,
        (await redis.lrange(queue(`u:${u}`), 0, -1)).map((raw) => (JSON.parse(raw) as InboxItem & { update: { timestamp: number } }).update.timestamp),
      );
    return byUser;
  }

  it('every update once, in order per person, the marker with the last part only', async () => {
    const { redis, keys, ingest, calls } = open();
    const { results } = await ingest.acceptBatch(page, '42');
    expect(results.every((r) => r.status === 'accepted')).toBe(true);
    // Closed on size: more parts than the count alone makes, none past either bound.
    expect(calls.length).toBeGreaterThan(Math.ceil(300 / PART_ITEMS));
    for (const c of calls) expect(c.items <= PART_ITEMS && (c.chars <= PART_CHARS || c.items === 1), JSON.stringify(c)).toBe(true);
    expect(calls.reduce((n, c) => n + c.items, 0)).toBe(300);
    expect(calls.map((c) => c.marker)).toEqual([...calls.slice(1).map(() => ''), '42']);
    expect(await redis.get(keys.updatesMarker)).toBe('42');
    for (const [u, ts] of await stored(redis, keys.inboxQueue))
      expect(ts, `user ${u}`).toEqual(page.map((p, n) => (p.message.sender.user_id === u ? n : -1)).filter((n) => n >= 0));
  });

  it('a failure between parts: the marker stays, and the page stored again adds each update once', async () => {
    const { redis, keys, ingest, calls, failNext } = open();
    await redis.set(keys.updatesMarker, '7');
    failNext(2);
    await expect(ingest.acceptBatch(page, '42')).rejects.toThrow('Redis went away');
    expect(calls).toHaveLength(3);
    expect(await redis.get(keys.updatesMarker)).toBe('7');
    // Polling fetches the same page again (its marker was not moved).
    const { results } = await ingest.acceptBatch(page, '42');
    expect(results.filter((r) => r.status === 'duplicate').length).toBe(calls[0]!.items + calls[1]!.items);
    expect(await redis.get(keys.updatesMarker)).toBe('42');
    for (const [u, ts] of await stored(redis, keys.inboxQueue))
      expect(ts, `user ${u}`).toEqual(page.map((p, n) => (p.message.sender.user_id === u ? n : -1)).filter((n) => n >= 0));
  });
});
