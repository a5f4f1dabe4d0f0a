// Webhook mode: the secret, durable acceptance before 200, re-deliveries, and
// several instances sharing one Redis with one user's updates kept in order.
import { afterEach, describe, expect, it } from 'vitest';
import type { Command } from '../../src/bot/commands/types.js';
import { SUBSCRIBED_UPDATE_TYPES } from '../../src/bot/update.js';
import { createWorld, dialogMessageUpdate, freePort, postWebhook, settled, sleep, type World } from '../support/harness.js';

const SECRET = 'test-secret-123';

async function webhookWorld(extra: Command[] = []) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/max/updates`;
  const world = await createWorld({
    env: { UPDATES_MODE: 'webhook', WEBHOOK_URL: url, WEBHOOK_PORT: String(port), WEBHOOK_SECRET: SECRET },
    app: { extraCommands: extra, webhookHost: '127.0.0.1' },
  });
  return { world, url, port };
}

describe('webhook transport', () => {
  let world: World;
  afterEach(async () => world?.close());

  it('receives updates MAX pushes and answers them; the subscription carries the secret', async () => {
    const w = await webhookWorld();
    world = w.world;
    const subs = await world.control.requests({ method: 'POST', path: '/subscriptions' });
    expect(subs).toHaveLength(1);
    expect(subs[0]!.body).toMatchObject({ url: w.url, secret: SECRET });
    // Every type the bot handles, by name: bot_admin_permissions_changed comes only to a subscription that lists it.
    const types = (subs[0]!.body as { update_types: string[] }).update_types;
    expect(types).toEqual(expect.arrayContaining([...SUBSCRIBED_UPDATE_TYPES, 'bot_admin_permissions_changed']));
    expect(new Set(types).size).toBe(types.length);
    const after = await world.control.lastSeq();
    await world.control.sendText(3001, '/start');
    const [m] = await world.control.waitForMessages({ userId: 3001, fromBot: true }, { afterSeq: after });
    expect(m!.text).toContain('Здравствуйте');
  });

  it('refuses a call with a wrong or missing secret and handles nothing from it', async () => {
    const w = await webhookWorld();
    world = w.world;
    const update = dialogMessageUpdate(world.sandbox.botUserId, 3002, '/start');
    expect(await postWebhook(w.url, update)).toBe(401);
    expect(await postWebhook(w.url, update, 'wrong-secret-000')).toBe(401);
    expect(await postWebhook(w.url, update, SECRET.slice(0, -1))).toBe(401);
    await settled(world);
    expect(await world.control.botMessagesTo(3002)).toHaveLength(0);
  });

  it('a re-delivered update is handled once', async () => {
    const w = await webhookWorld();
    world = w.world;
    await world.control.createUser({ user_id: 3003, first_name: 'Анна' });
    const update = dialogMessageUpdate(world.sandbox.botUserId, 3003, '/start');
    expect(await postWebhook(w.url, update, SECRET)).toBe(200);
    expect(await postWebhook(w.url, update, SECRET)).toBe(200);
    expect(await postWebhook(w.url, update, SECRET)).toBe(200);
    await world.control.waitForMessages({ userId: 3003, fromBot: true });
    await settled(world);
    expect(await world.control.botMessagesTo(3003)).toHaveLength(1);
  });

  it('a re-delivery differing only in timestamp or last_activity_time is handled once; a press is identified by callback_id', async () => {
    const w = await webhookWorld();
    world = w.world;
    await world.control.createUser({ user_id: 3005, first_name: 'Анна' });
    const update = dialogMessageUpdate(world.sandbox.botUserId, 3005, '/start');
    expect(await postWebhook(w.url, update, SECRET)).toBe(200);
    const later = structuredClone(update);
    later.timestamp += 1500;
    later.message.sender.last_activity_time += 1500;
    expect(await postWebhook(w.url, later, SECRET)).toBe(200);
    const other = structuredClone(update);
    other.message.timestamp += 7;
    expect(await postWebhook(w.url, other, SECRET)).toBe(200);
    await world.control.waitForMessages({ userId: 3005, fromBot: true });
    await settled(world);
    expect(await world.control.botMessagesTo(3005)).toHaveLength(1);
  });

  it('answers an over-size body with 413 and a JSON body, not a connection reset', async () => {
    const w = await webhookWorld();
    world = w.world;
    const big = JSON.stringify({ ...dialogMessageUpdate(world.sandbox.botUserId, 3006, '/start'), padding: 'x'.repeat(3 * 1024 * 1024) });
    const res = await fetch(w.url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-max-bot-api-secret': SECRET }, body: big });
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ code: 'too.large' });
    // The server goes on serving.
    expect(await postWebhook(w.url, dialogMessageUpdate(world.sandbox.botUserId, 3006, '/start'), SECRET)).toBe(200);
  });

  it('ignores malformed input and keeps going', async () => {
    const w = await webhookWorld();
    world = w.world;
    await world.control.createUser({ user_id: 3004, first_name: 'Иван' });
    expect(await postWebhook(w.url, '{not json', SECRET)).toBe(400);
    expect(await postWebhook(w.url, '[1,2,3]', SECRET)).toBe(200);
    expect(await postWebhook(w.url, { update_type: 'message_created', timestamp: 1 }, SECRET)).toBe(200);
    expect(await postWebhook(w.url, { update_type: 'something_new', timestamp: 2, chat_id: 5 }, SECRET)).toBe(200);
    expect(await postWebhook(w.url, { ...dialogMessageUpdate(world.sandbox.botUserId, 3004, '/start'), message: { body: 5 } }, SECRET)).toBe(200);
    expect(await postWebhook(w.url, dialogMessageUpdate(world.sandbox.botUserId, 3004, '/start'), SECRET)).toBe(200);
    const [m] = await world.control.waitForMessages({ userId: 3004, fromBot: true });
    expect(m!.text).toContain('Здравствуйте');
  });

  it('two instances behind a balancer keep each user’s updates in order and handle each once', async () => {
    const handled: Array<{ user: number; n: number; instance: string }> = [];
    const seqCommand = (instance: string): Command => ({
      name: 'seq',
      description: 'test',
      where: 'dialog',
      inMenu: false,
      async run(ctx, args) {
        await sleep(Math.random() * 15);
        handled.push({ user: ctx.actor!.userId, n: Number(args), instance });
      },
    });
    const portA = await freePort();
    const portB = await freePort();
    const urlA = `http://127.0.0.1:${portA}/hook`;
    const urlB = `http://127.0.0.1:${portB}/hook`;
    world = await createWorld({
      env: { UPDATES_MODE: 'webhook', WEBHOOK_URL: urlA, WEBHOOK_PORT: String(portA), WEBHOOK_SECRET: SECRET },
      // One key at a time per instance, so that both instances must take part.
      app: { extraCommands: [seqCommand('A')], webhookHost: '127.0.0.1', dispatcher: { concurrency: 1, leaseMs: 1500, pollMs: 20 } },
    });
    await world.startBot(
      { WEBHOOK_URL: urlB, WEBHOOK_PORT: String(portB) },
      { extraCommands: [seqCommand('B')], webhookHost: '127.0.0.1', dispatcher: { concurrency: 1, leaseMs: 1500, pollMs: 20 } },
    );
    const users = [3101, 3102, 3103];
    const perUser = 15;
    let ts = Date.now();
    for (let n = 0; n < perUser; n++) {
      await Promise.all(
        users.map((u, i) => postWebhook((n + i) % 2 === 0 ? urlA : urlB, dialogMessageUpdate(world.sandbox.botUserId, u, `/seq ${n}`, ts++), SECRET)),
      );
    }
    const deadline = Date.now() + 10_000;
    while (handled.length < users.length * perUser && Date.now() < deadline) await sleep(50);
    expect(handled).toHaveLength(users.length * perUser);
    for (const u of users) {
      expect(handled.filter((h) => h.user === u).map((h) => h.n)).toEqual([...Array(perUser).keys()]);
    }
    expect(new Set(handled.map((h) => h.instance)).size).toBe(2);
  });
});
