// The chat record cache of the hot path: a record changed by one instance is seen by
// another at once (the change notice goes out with the write), and by the writer itself.
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { ChatStore } from '../../src/store/chat-store.js';
import { createKeys } from '../../src/store/keys.js';
import { deleteByPrefix, eventually, redisUrl } from '../support/harness.js';

describe('ChatStore.cached', () => {
  const clients: Redis[] = [];
  let prefix = '';
  afterEach(async () => {
    if (clients[0]) await deleteByPrefix(clients[0], prefix);
    for (const c of clients.splice(0)) c.disconnect();
  });

  async function instance(): Promise<ChatStore> {
    const redis = new Redis(redisUrl(), { maxRetriesPerRequest: null });
    const sub = new Redis(redisUrl(), { maxRetriesPerRequest: null });
    clients.push(redis, sub);
    const store = new ChatStore(redis, createKeys(prefix));
    await store.listen(sub);
    return store;
  }

  it('serves the record from memory and drops it when any instance changes it', async () => {
    prefix = `t${randomBytes(5).toString('hex')}`;
    const a = await instance();
    const b = await instance();
    await a.added(7, { title: 'Чат', isChannel: false, link: null, at: 1, offer: 'o1' });
    expect((await a.cached(7))?.status).toBe('unbound');

    // The cache answers without Redis: a write behind the store's back is not seen…
    await clients[0]!.hset(createKeys(prefix).chat(7), 'title', 'Тайком');
    expect((await a.cached(7))?.title).toBe('Чат');

    // …but a write through any instance's store is, on every instance.
    await b.bind(7, { kind: 'unit_students', unitId: 'u1', boundBy: 10, at: 2, offer: 'o1' });
    await eventually(async () => expect((await a.cached(7))?.status).toBe('bound'));
    expect((await a.cached(7))?.unitId).toBe('u1');
    await a.update(7, { title: 'Новое' });
    expect((await a.cached(7))?.title).toBe('Новое');
    await b.left(7);
    await eventually(async () => expect((await a.cached(7))?.status).toBe('left'));
  });

  it('an unknown chat stays unknown and is not created by an update', async () => {
    prefix = `t${randomBytes(5).toString('hex')}`;
    const a = await instance();
    expect(await a.cached(8)).toBeNull();
    await a.update(8, { title: 'x' });
    expect(await a.get(8)).toBeNull();
  });
});
