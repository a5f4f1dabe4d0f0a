// Quiet keys give way in the inbox's line (issue 23): a plain message in a group chat is
// something nobody waits an answer to, so a key whose head is one is placed in line as if it
// had come QUIET_GIVES_WAY_MS later. A flood in one chat from many writers (many keys) then
// never holds back a person's reply, and a chat message waits at most that much longer.
// Per-key order and exactly-once are untouched: only the key's place in the line moves.
import { describe, expect, it } from 'vitest';
import { Ingest } from '../../src/bot/ingest.js';
import { isQuietUpdate } from '../../src/bot/update.js';
import { InboxStore, QUIET_GIVES_WAY_MS, type SerialisedItem } from '../../src/store/inbox.js';
import { quietLogger } from '../support/harness.js';
import { storeRedis } from '../support/store-redis.js';

const user = (id: number) => ({ user_id: id, first_name: 'Анна', last_name: null, name: 'Анна', is_bot: false, last_activity_time: 1 });
let mids = 0;
const chatMessage = (from: number, text: string, chatType: 'chat' | 'channel' | 'dialog' = 'chat', updateType = 'message_created') => ({
  update_type: updateType,
  timestamp: 1,
  message: {
    sender: user(from),
    recipient: { chat_id: chatType === 'dialog' ? from : -70000000001, chat_type: chatType, user_id: null },
    timestamp: 1,
    body: { mid: `mid.q${++mids}`, seq: mids, text },
  },
});

const item = (id: string, orderKey: string, quiet: boolean): SerialisedItem => ({
  id,
  orderKey,
  json: JSON.stringify({ id, ...(quiet ? { quiet: 1 } : {}), orderKey, update: { n: id }, acceptedAt: 1 }),
});

describe('which updates nobody waits an answer to', () => {
  it.each([
    ['a plain message in a group chat', chatMessage(1, 'Спасибо, всё понятно.'), true],
    ['an edited message in a group chat', chatMessage(1, 'Исправил', 'chat', 'message_edited'), true],
    ['a post in a channel', chatMessage(1, 'Новость', 'channel'), true],
    [
      'a message without text in a group chat (a photo)',
      { ...chatMessage(1, ''), message: { ...chatMessage(1, '').message, body: { mid: 'mid.p', seq: 1 } } },
      true,
    ],
    ['a command in a group chat', chatMessage(1, '/sync'), false],
    ['a command after spaces in a group chat', chatMessage(1, '  /rules'), false],
    ['a message in a dialog', chatMessage(1, 'Здравствуйте', 'dialog'), false],
    ['a command in a dialog', chatMessage(1, '/help', 'dialog'), false],
    [
      'a button press',
      {
        update_type: 'message_callback',
        timestamp: 1,
        callback: { callback_id: 'c', payload: 'x', user: user(1), timestamp: 1 },
        message: chatMessage(1, 'x').message,
      },
      false,
    ],
    ['someone added to a chat', { update_type: 'user_added', timestamp: 1, chat_id: -7, user: user(1), inviter_id: 2 }, false],
    ['the bot started', { update_type: 'bot_started', timestamp: 1, chat_id: 5, user: user(1) }, false],
  ])('%s', (_name, update, quiet) => {
    expect(isQuietUpdate(update as Record<string, unknown>)).toBe(quiet);
  });
});

describe('the inbox line with quiet keys', () => {
  const store = storeRedis();

  it('a person who waits goes before keys of chat messages that came shortly before', async () => {
    const { redis, keys } = store.open();
    const inbox = new InboxStore(redis, keys);
    // Twenty writers in one chat, each with a backlog, then one person in a dialog.
    const flood = Array.from({ length: 20 }, (_, i) => `u:${5000 + i}`);
    await inbox.acceptMany(flood.flatMap((k) => [item(`${k}-1`, k, true), item(`${k}-2`, k, true)]));
    await inbox.acceptMany([item('p-1', 'u:1', false)]);
    const [first] = await inbox.claimMany('me', 5_000, 1, []);
    expect(first!.orderKey).toBe('u:1');
    // The chat's keys come after.
    const rest = await inbox.claimMany('me', 5_000, 20, ['u:1']);
    expect(rest.map((c) => c.orderKey).sort()).toEqual([...flood].sort());
  });

  it('gives way for a bounded time only: a chat key that waited longer than that goes first', async () => {
    const { redis, keys } = store.open();
    const inbox = new InboxStore(redis, keys);
    await inbox.acceptMany([item('c-1', 'u:7', true)]);
    // As if it came QUIET_GIVES_WAY_MS + 1 s ago.
    const score = Number(await redis.zscore(keys.inboxPending, 'u:7'));
    await redis.zadd(keys.inboxPending, 'XX', score - QUIET_GIVES_WAY_MS - 1_000, 'u:7');
    await inbox.acceptMany([item('p-1', 'u:1', false)]);
    const claimed = await inbox.claimMany('me', 5_000, 2, []);
    expect(claimed.map((c) => c.orderKey)).toEqual(['u:7', 'u:1']);
  });

  it('a key whose turn ends goes back in line by its next head: behind a person if that head is quiet, in plain order if not', async () => {
    const { redis, keys } = store.open();
    const inbox = new InboxStore(redis, keys);
    await inbox.acceptMany([
      item('a-1', 'u:1', false),
      item('a-2', 'u:1', true),
      item('b-1', 'u:2', false),
      item('b-2', 'u:2', false),
      item('o-1', 'u:3', false),
    ]);
    const [a, b] = await inbox.claimMany('me', 5_000, 2, []);
    expect([a!.orderKey, b!.orderKey]).toEqual(['u:1', 'u:2']);
    const before = Date.now();
    // Both turns over while u:3 waits: each key yields.
    expect(await inbox.ackNext('u:1', 'me', a!.head!.raw, 5_000, undefined, 2)).toBe('yielded');
    expect(await inbox.ackNext('u:2', 'me', b!.head!.raw, 5_000, undefined, 2)).toBe('yielded');
    const took = Date.now() - before;
    const quietScore = Number(await redis.zscore(keys.inboxPending, 'u:1'));
    const plainScore = Number(await redis.zscore(keys.inboxPending, 'u:2'));
    // Scores compared with each other, not with this test's clock: a busy machine may take long between the calls.
    expect(quietScore - plainScore).toBeGreaterThanOrEqual(QUIET_GIVES_WAY_MS - took);
    const order = await inbox.claimMany('me', 5_000, 3, []);
    expect(order.map((c) => c.orderKey)).toEqual(['u:3', 'u:2', 'u:1']);
    // Each key's own order holds: the next head of each is its second item.
    expect(order.find((c) => c.orderKey === 'u:1')!.head!.item!.id).toBe('a-2');
    expect(order.find((c) => c.orderKey === 'u:2')!.head!.item!.id).toBe('b-2');
  });

  it('ingest marks a plain chat message quiet right after its id, and a dialog message not', async () => {
    const { redis, keys } = store.open();
    const inbox = new InboxStore(redis, keys);
    const ingest = new Ingest(inbox, quietLogger());
    await ingest.acceptBatch([chatMessage(11, 'Хорошо, принято.'), chatMessage(12, '/help', 'dialog')]);
    const chatRaw = (await redis.lindex(keys.inboxQueue('u:11'), 0))!;
    const dialogRaw = (await redis.lindex(keys.inboxQueue('u:12'), 0))!;
    expect(chatRaw).toMatch(/^\{"id":"[^"]*","quiet":1,/);
    expect(dialogRaw).not.toContain('"quiet"');
    // One script, one clock: the quiet key is placed exactly that much later.
    expect(Number(await redis.zscore(keys.inboxPending, 'u:11')) - Number(await redis.zscore(keys.inboxPending, 'u:12'))).toBe(QUIET_GIVES_WAY_MS);
    const [first] = await inbox.claimMany('me', 5_000, 1, []);
    expect(first!.orderKey).toBe('u:12');
  });

  it("a person's own reply behind their quiet chat message: the key stops giving way", async () => {
    const { redis, keys } = store.open();
    const inbox = new InboxStore(redis, keys);
    // u:5 wrote in the chat (quiet), then to the bot (waits for an answer), in the same key.
    await inbox.acceptMany([item('w-1', 'u:5', true), item('o-1', 'u:6', true)]);
    await inbox.acceptMany([item('w-2', 'u:5', false)]);
    const [first] = await inbox.claimMany('me', 5_000, 1, []);
    expect(first!.orderKey).toBe('u:5');
    expect(first!.head!.item!.id).toBe('w-1');
  });

  it('a key back in line after its turn gives way only when none of its next items waits for an answer', async () => {
    const { redis, keys } = store.open();
    const inbox = new InboxStore(redis, keys);
    await inbox.acceptMany([
      item('a-1', 'u:1', false),
      item('a-2', 'u:1', true),
      item('a-3', 'u:1', false),
      item('o-1', 'u:3', false),
      item('q-1', 'u:4', true),
    ]);
    const [a] = await inbox.claimMany('me', 5_000, 1, []);
    expect(a!.orderKey).toBe('u:1');
    // u:3 waits: the turn is given up.
    expect(await inbox.ackNext('u:1', 'me', a!.head!.raw, 5_000, undefined, 1)).toBe('yielded');
    // Its head is quiet, but a-3 behind it waits: u:1 is placed at once, ahead of the quiet u:4 that came before.
    expect(Number(await redis.zscore(keys.inboxPending, 'u:1'))).toBeLessThan(Number(await redis.zscore(keys.inboxPending, 'u:4')));
  });

  it('a turn is not given up for quiet keys that would come after it anyway', async () => {
    const { redis, keys } = store.open();
    const inbox = new InboxStore(redis, keys);
    await inbox.acceptMany([item('p-1', 'u:1', false), item('p-2', 'u:1', false)]);
    const [p] = await inbox.claimMany('me', 5_000, 1, []);
    await inbox.acceptMany(Array.from({ length: 5 }, (_, i) => item(`c-${i}`, `u:${100 + i}`, true)));
    // The turn is over, but only quiet keys (placed later) wait: u:1 goes on.
    const next = await inbox.ackNext('u:1', 'me', p!.head!.raw, 5_000, undefined, 1);
    expect(next).not.toBe('yielded');
    expect((next as { item: { id: string } }).item.id).toBe('p-2');
  });
});
