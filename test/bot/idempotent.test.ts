// The same update handled twice (put into the inbox again, as after a crash between
// handling and acknowledgement): no second message, no second invite, no second flow start.
import { afterEach, describe, expect, it } from 'vitest';
import { updateIdentity } from '../../src/bot/update-identity.js';
import { orderKeyOf } from '../../src/bot/update.js';
import { createKeys } from '../../src/store/keys.js';
import { createWorld, dialogMessageUpdate, eventually, freePort, postWebhook, settled, type World } from '../support/harness.js';

const SECRET = 'test-secret-idem';

async function webhookWorld(): Promise<{ world: World; url: string }> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/hook`;
  const world = await createWorld({
    env: { UPDATES_MODE: 'webhook', WEBHOOK_URL: url, WEBHOOK_PORT: String(port), WEBHOOK_SECRET: SECRET },
    app: { webhookHost: '127.0.0.1' },
  });
  return { world, url };
}

/** Puts the update into its inbox queue again, past the seen-key check: it is handled a second time. */
async function handleAgain(world: World, update: ReturnType<typeof dialogMessageUpdate>): Promise<void> {
  const keys = createKeys(world.prefix);
  const orderKey = orderKeyOf(update);
  const item = { id: updateIdentity(update), orderKey, update, acceptedAt: Date.now() };
  await world.redis
    .multi()
    .rpush(keys.inboxQueue(orderKey), JSON.stringify(item))
    .zadd(keys.inboxPending, Date.now(), orderKey)
    .publish(keys.inboxWake, '1')
    .exec();
  await eventually(async () => expect(await world.redis.zcard(keys.inboxPending)).toBe(0));
  await settled(world);
}

describe('handling the same update twice', () => {
  let world: World;
  afterEach(async () => world?.close());

  it('/invite: one invite, one answer', async () => {
    const w = await webhookWorld();
    world = w.world;
    const keys = createKeys(world.prefix);
    await world.control.createUser({ user_id: 1, first_name: 'Админ' });
    const update = dialogMessageUpdate(world.sandbox.botUserId, 1, '/invite учитель');
    expect(await postWebhook(w.url, update, SECRET)).toBe(200);
    await world.control.waitForMessages({ userId: 1, fromBot: true });
    await handleAgain(world, update);
    const answers = (await world.control.botMessagesTo(1)).filter((m) => m.text?.includes('Ссылка-приглашение'));
    expect(answers).toHaveLength(1);
    expect(await world.redis.zcard(keys.invitesLive)).toBe(1);
  });

  it('a flow start (/feedback): its first message once', async () => {
    const w = await webhookWorld();
    world = w.world;
    await world.control.createUser({ user_id: 6001, first_name: 'Анна' });
    const update = dialogMessageUpdate(world.sandbox.botUserId, 6001, '/feedback');
    expect(await postWebhook(w.url, update, SECRET)).toBe(200);
    await world.control.waitForMessages({ userId: 6001, fromBot: true });
    await handleAgain(world, update);
    expect(await world.control.botMessagesTo(6001)).toHaveLength(1);
    // The flow is still the same run: its answer works.
    expect(await postWebhook(w.url, dialogMessageUpdate(world.sandbox.botUserId, 6001, 'Хороший бот'), SECRET)).toBe(200);
    const msgs = await world.control.waitForMessages({ userId: 6001, fromBot: true }, { count: 2 });
    expect(msgs.at(-1)!.text).toContain('Хороший бот');
  });

  it('a command that ends a flow (/cancel), handled twice, answers once', async () => {
    const w = await webhookWorld();
    world = w.world;
    await world.control.createUser({ user_id: 6002, first_name: 'Анна' });
    expect(await postWebhook(w.url, dialogMessageUpdate(world.sandbox.botUserId, 6002, '/feedback'), SECRET)).toBe(200);
    await world.control.waitForMessages({ userId: 6002, fromBot: true });
    const cancel = dialogMessageUpdate(world.sandbox.botUserId, 6002, '/cancel');
    expect(await postWebhook(w.url, cancel, SECRET)).toBe(200);
    await world.control.waitForMessages({ userId: 6002, fromBot: true }, { count: 2 });
    await handleAgain(world, cancel);
    const texts = (await world.control.botMessagesTo(6002)).map((m) => m.text);
    expect(texts).toHaveLength(2);
  });
});
