// Acknowledgements of many keys at once: each is its own key's step (its own lock, its own
// head), the replies that come with them are stored once, and those that arrive while one
// call is on its way share the next call.
import type { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { InboxStore, type LocalDrainer, type SerialisedItem } from '../../src/store/inbox.js';
import { storeRedis } from '../support/store-redis.js';

const item = (id: string, orderKey: string): SerialisedItem => ({ id, orderKey, json: JSON.stringify({ id, orderKey, update: { n: id }, acceptedAt: 1 }) });

describe('inbox acknowledgements', () => {
  const store = storeRedis();

  function open() {
    const { redis, keys } = store.open();
    const inbox = new InboxStore(redis, keys);
    const outbox = new InboxStore(redis, {
      seen: keys.outboxSeen,
      queue: keys.outboxQueue,
      pending: keys.outboxPending,
      lock: keys.outboxLock,
      wake: keys.outboxWake,
      marker: keys.outboxSeen('-marker'),
    });
    const r = redis as Redis & { inboxAckMany: (...a: unknown[]) => Promise<unknown> };
    const many = r.inboxAckMany.bind(r);
    let batches = 0;
    r.inboxAckMany = (...a: unknown[]) => {
      batches++;
      return many(...a);
    };
    return { redis, inbox, outbox, batches: () => batches };
  }

  it('forty keys acknowledged at once: each handled head popped, the next returned, replies stored once, in few calls', async () => {
    const { inbox, outbox, batches } = open();
    const keys = Array.from({ length: 40 }, (_, i) => `u:${1000 + i}`);
    // Two updates per key; every key claimed by this owner.
    await inbox.acceptMany(keys.flatMap((k) => [item(`${k}-1`, k), item(`${k}-2`, k)]));
    const claimed = await inbox.claimMany('me', 5_000, 40, []);
    expect(claimed).toHaveLength(40);
    const results = await Promise.all(
      claimed.map(({ orderKey, head }) => inbox.ackNext(orderKey, 'me', head!.raw, 5_000, { into: outbox, items: [item(`reply-${orderKey}`, orderKey)] })),
    );
    results.forEach((r, i) => {
      expect(r, claimed[i]!.orderKey).not.toBe('lost');
      expect(typeof r === 'object' && r.item?.id).toBe(`${claimed[i]!.orderKey}-2`);
    });
    expect(batches()).toBeGreaterThan(0);
    expect(batches()).toBeLessThan(40);
    expect(await outbox.backlog()).toBe(40);
    // The same replies again (a handler run twice) are not stored twice; the second updates are acknowledged.
    const second = await Promise.all(
      claimed.map(({ orderKey }) =>
        inbox.ackNext(orderKey, 'me', item(`${orderKey}-2`, orderKey).json, 5_000, { into: outbox, items: [item(`reply-${orderKey}`, orderKey)] }),
      ),
    );
    expect(second.every((r) => r === 'released')).toBe(true);
    expect(await inbox.backlog()).toBe(0);
    const queued = await outbox.claimMany('me', 5_000, 40, []);
    expect(queued.map((q) => q.head?.item?.id).sort()).toEqual(keys.map((k) => `reply-${k}`).sort());
  });

  it('deletes the keys kept only until its items are stored, in the same step, for each acknowledgement of a shared call', async () => {
    const { redis, inbox, outbox, batches } = open();
    const keys = ['u:1', 'u:2', 'u:3', 'u:4'];
    await inbox.acceptMany(keys.map((k) => item(`${k}-1`, k)));
    const claimed = await inbox.claimMany('me', 5_000, 4, []);
    const kept = (k: string, n: number) => `${store.prefix}:kept:${k}:${n}`;
    for (const k of keys) await redis.set(kept(k, 1), 'x').then(() => redis.set(kept(k, 2), 'x'));
    await redis.set(`${store.prefix}:other`, 'x');
    // Some with replies and kept keys, one with kept keys alone, one with neither.
    const results = await Promise.all(
      claimed.map(({ orderKey, head }, i) =>
        inbox.ackNext(
          orderKey,
          'me',
          head!.raw,
          5_000,
          i === 3 ? undefined : { into: outbox, items: i === 2 ? [] : [item(`reply-${orderKey}`, orderKey)], drop: [kept(orderKey, 1), kept(orderKey, 2)] },
        ),
      ),
    );
    expect(results.every((r) => r === 'released')).toBe(true);
    expect(batches()).toBeLessThan(4);
    const acked = claimed.map((c) => c.orderKey);
    for (const k of acked.slice(0, 3)) expect(await redis.exists(kept(k, 1), kept(k, 2)), k).toBe(0);
    expect(await redis.exists(kept(acked[3]!, 1), kept(acked[3]!, 2), `${store.prefix}:other`)).toBe(3);
    expect(await outbox.backlog()).toBe(2);
  });

  it("a key's turn ends only for a key nobody drains: keys another process drains are no reason to yield", async () => {
    const { redis: r, inbox } = open();
    await inbox.acceptMany([item('a-1', 'u:1'), item('a-2', 'u:1'), item('a-3', 'u:1'), item('b-1', 'u:2')]);
    const [a] = await inbox.claimMany('me', 5_000, 1, []);
    expect(a!.orderKey).toBe('u:1');
    // u:2 is drained by another process: its lock is held.
    await r.set(inbox.keys.lock('u:2'), 'other-process', 'PX', 5_000);
    const next = await inbox.ackNext('u:1', 'me', a!.head!.raw, 5_000, undefined, 1);
    expect(typeof next === 'object' && next.item?.id).toBe('a-2');
    // The other process lets go of u:2 with work left (its turn over, or it stopped): now it waits, and u:1 yields.
    await r.del(inbox.keys.lock('u:2'));
    expect(await inbox.ackNext('u:1', 'me', item('a-2', 'u:1').json, 5_000, undefined, 1)).toBe('yielded');
  });

  it('a key whose lock another process holds is reported lost, and the others in the same call go through', async () => {
    const { redis: r, inbox } = open();
    await inbox.acceptMany([item('a-1', 'u:1'), item('b-1', 'u:2')]);
    const claimed = await inbox.claimMany('me', 5_000, 2, []);
    await r.set(inbox.keys.lock('u:2'), 'someone-else');
    const results = await Promise.all(claimed.map(({ orderKey, head }) => inbox.ackNext(orderKey, 'me', head!.raw, 5_000)));
    const byKey = Object.fromEntries(claimed.map((c, i) => [c.orderKey, results[i]]));
    expect(byKey['u:1']).toBe('released');
    expect(byKey['u:2']).toBe('lost');
    expect(await r.llen(inbox.keys.queue('u:2'))).toBe(1);
  });

  it('acknowledgements of two owners in one call: the owner said once for the batch, each still checked against its own lock', async () => {
    const { redis: r, inbox } = open();
    await inbox.acceptMany([item('a-1', 'u:1'), item('a-2', 'u:1'), item('b-1', 'u:2'), item('b-2', 'u:2')]);
    const [one] = await inbox.claimMany('me', 5_000, 1, []);
    const [two] = await inbox.claimMany('other', 7_000, 1, [one!.orderKey]);
    const mine = one!.orderKey;
    const theirs = two!.orderKey;
    // The first caller goes alone (a key nobody holds: lost); the two after it share the next call,
    // whose owner is the first of them ('me'); 'other' sends its own owner and lease.
    const alone = () => inbox.ackNext('z:0', 'me', item('z-1', 'z:0').json, 5_000);
    const [, ...results] = await Promise.all([
      alone(),
      inbox.ackNext(mine, 'me', one!.head!.raw, 5_000),
      inbox.ackNext(theirs, 'other', two!.head!.raw, 7_000),
    ]);
    expect(results.map((x) => typeof x === 'object' && x.item?.id)).toEqual([`${mine === 'u:1' ? 'a' : 'b'}-2`, `${theirs === 'u:1' ? 'a' : 'b'}-2`]);
    expect(await r.get(inbox.keys.lock(mine))).toBe('me');
    expect(await r.get(inbox.keys.lock(theirs))).toBe('other');
    expect(await r.pttl(inbox.keys.lock(theirs))).toBeGreaterThan(5_000);
    // And acknowledging the other owner's key as 'me', in a shared call, is refused.
    const [, ...wrong] = await Promise.all([
      alone(),
      inbox.ackNext(mine, 'me', item(`${mine === 'u:1' ? 'a' : 'b'}-2`, mine).json, 5_000),
      inbox.ackNext(theirs, 'me', item(`${theirs === 'u:1' ? 'a' : 'b'}-2`, theirs).json, 5_000),
    ]);
    expect(wrong).toEqual(['released', 'lost']);
    expect(await r.llen(inbox.keys.queue(theirs))).toBe(1);
  });

  it("the accepting step never takes a key its drainer drains: a late release of that drain's lock cannot delete a lock taken anew", async () => {
    const { redis: r, inbox } = open();
    const adopted: string[] = [];
    // u:1's drain acknowledged its last update on the server (the key was released there), but saw a
    // connection error: its own release(u:1, me) is still to come, and u:1 is still among its keys.
    const drainer: LocalDrainer = {
      owner: 'me',
      leaseMs: 5_000,
      room: () => ({ free: 4, draining: ['u:1'] }),
      adopt: (taken) => adopted.push(...taken.map((t) => t.orderKey)),
    };
    inbox.setDrainer(drainer);
    await inbox.acceptMany([item('a-2', 'u:1'), item('b-1', 'u:2')]);
    expect(adopted).toEqual(['u:2']);
    expect(await r.get(inbox.keys.lock('u:1'))).toBeNull();
    // The late release comes: u:1 waits for a claim, held by one owner only.
    await inbox.release('u:1', 'me');
    const [claimed] = await inbox.claimMany('other', 5_000, 1, []);
    expect(claimed?.orderKey).toBe('u:1');
    expect(claimed?.head?.item?.id).toBe('a-2');
    expect(await r.get(inbox.keys.lock('u:2'))).toBe('me');
  });

  it("with several busy instances (64 keys drained elsewhere) a key's turn still goes on when nobody waits", async () => {
    const { redis: r, inbox } = open();
    const others = Array.from({ length: 64 }, (_, i) => `o:${i}`);
    await inbox.acceptMany([item('a-1', 'a:1'), item('a-2', 'a:1'), ...others.map((k) => item(`${k}-1`, k))]);
    const [a] = await inbox.claimMany('me', 5_000, 1, []);
    expect(a!.orderKey).toBe('a:1');
    // Four other processes drain 16 keys each: their locks are held.
    for (const k of others) await r.set(inbox.keys.lock(k), 'other-process', 'PX', 5_000);
    const next = await inbox.ackNext('a:1', 'me', a!.head!.raw, 5_000, undefined, 1);
    expect(typeof next === 'object' && next.item?.id).toBe('a-2');
  });

  it('one key nobody drains among many drained elsewhere ends the turn (the locks are looked up together)', async () => {
    const { redis: r, inbox } = open();
    const others = Array.from({ length: 64 }, (_, i) => `o:${i}`);
    await inbox.acceptMany([item('a-1', 'a:1'), item('a-2', 'a:1'), ...others.map((k) => item(`${k}-1`, k))]);
    const [a] = await inbox.claimMany('me', 5_000, 1, []);
    expect(a!.orderKey).toBe('a:1');
    // All but one of the others are drained elsewhere; o:40 waits for a turn.
    for (const k of others) if (k !== 'o:40') await r.set(inbox.keys.lock(k), 'other-process', 'PX', 5_000);
    expect(await inbox.ackNext('a:1', 'me', a!.head!.raw, 5_000, undefined, 1)).toBe('yielded');
  });
});
