// The dispatcher against the real Redis, with a handler of the test's own: which async context
// a drain runs in, and what a stopping dispatcher leaves behind.
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { inBackground, isBackground } from '../../src/bot/background.js';
import { Dispatcher, type ItemHandler } from '../../src/bot/dispatcher.js';
import { createLogger } from '../../src/log.js';
import { InboxStore, type InboxHead, type SerialisedItem } from '../../src/store/inbox.js';
import { eventually, redisUrl } from '../support/harness.js';
import { storeRedis } from '../support/store-redis.js';

const item = (id: string, orderKey: string, update: object = {}): SerialisedItem => ({
  id,
  orderKey,
  json: JSON.stringify({ id, orderKey, update, acceptedAt: 1 }),
});
const log = createLogger('silent');

describe('dispatcher', () => {
  const store = storeRedis();
  const closing: Array<() => Promise<unknown> | unknown> = [];
  afterEach(async () => {
    for (const close of closing.splice(0).reverse()) await close();
  });

  function setUp(handle: ItemHandler, concurrency = 4) {
    const { redis, keys } = store.open();
    const subscriber = new Redis(redisUrl(), { maxRetriesPerRequest: null });
    closing.push(() => subscriber.disconnect());
    const inbox = new InboxStore(redis, keys);
    const dispatcher = new Dispatcher(inbox, subscriber, keys.inboxWake, handle, log, { concurrency });
    closing.push(() => dispatcher.stop());
    const adopted: string[] = [];
    const adopt = dispatcher.adopt.bind(dispatcher);
    dispatcher.adopt = (taken) => {
      adopted.push(...taken.map((t) => t.orderKey));
      return adopt(taken);
    };
    return { redis, subscriber, inbox, dispatcher, adopted };
  }

  it("a drain the accepting step starts inside background work does not carry the background mark to a person's reply", async () => {
    // As the outbox does: a record queued by background work is sent as background, any other not.
    const seen: Array<[string, boolean]> = [];
    let letJobGo!: () => void;
    const jobHeld = new Promise<void>((resolve) => (letJobGo = resolve));
    const { inbox, dispatcher, adopted } = setUp(async (it) => {
      const work = async () => {
        seen.push([it.id, isBackground()]);
        if (it.id === 'job') await jobHeld;
      };
      return (it.update as { background?: boolean }).background ? inBackground(work) : work();
    });
    await dispatcher.start();
    // A chat job queues its message: the key is taken for this dispatcher in that very step.
    await inBackground(() => inbox.acceptMany([item('job', 'u:1', { background: true })]));
    expect(adopted).toEqual(['u:1']);
    await eventually(() => expect(seen).toHaveLength(1));
    // A person's reply to the same recipient comes behind it, in the same drain.
    await inbox.acceptMany([item('reply', 'u:1')]);
    letJobGo();
    await eventually(() => expect(seen).toHaveLength(2));
    expect(seen).toEqual([
      ['job', true],
      ['reply', false],
    ]);
  });

  it('a key let go while stopping is unlocked by the time stop() returns', async () => {
    let letFirstGo!: () => void;
    const firstHeld = new Promise<void>((resolve) => (letFirstGo = resolve));
    const { redis, subscriber, inbox, dispatcher } = setUp(async (it) => {
      if (it.id === 'a-1') await firstHeld;
    }, 1);
    await dispatcher.start();
    await inbox.acceptMany([item('a-1', 'u:1')]);
    await eventually(() => expect(dispatcher.room().free).toBe(0));
    // The accepting step took u:2 for this dispatcher while it filled up: it has no room, so it lets go.
    await inbox.acceptMany([item('b-1', 'u:2')]);
    expect(await redis.set(inbox.keys.lock('u:2'), dispatcher.owner, 'PX', 60_000, 'NX')).toBe('OK');
    // The release is slow: it goes out only once stop() has done everything else, plus a round trip.
    const unsubscribe = subscriber.unsubscribe.bind(subscriber);
    let unsubscribed!: () => void;
    const stopDone = new Promise<void>((resolve) => (unsubscribed = resolve));
    subscriber.unsubscribe = (async (...a: Parameters<typeof unsubscribe>) => {
      const r = await unsubscribe(...a);
      unsubscribed();
      return r;
    }) as typeof subscriber.unsubscribe;
    const release = inbox.release.bind(inbox);
    inbox.release = async (orderKey, owner) => {
      if (orderKey === 'u:2') {
        await stopDone;
        await redis.ping();
      }
      return release(orderKey, owner);
    };
    const head: InboxHead = { raw: item('b-1', 'u:2').json, item: JSON.parse(item('b-1', 'u:2').json) };
    dispatcher.adopt([{ orderKey: 'u:2', head }]);
    letFirstGo();
    await dispatcher.stop();
    expect(await redis.get(inbox.keys.lock('u:2'))).toBeNull();
    expect(await redis.get(inbox.keys.lock('u:1'))).toBeNull();
  });

  it('a stopped dispatcher does not unset a newer drainer of the same inbox', async () => {
    const { inbox, dispatcher, subscriber } = setUp(async () => undefined);
    await dispatcher.start();
    const other = new Dispatcher(inbox, subscriber, 'unused', async () => undefined, log);
    inbox.setDrainer(other);
    await dispatcher.stop();
    expect((inbox as unknown as { drainer: unknown }).drainer).toBe(other);
  });
});
