// MAX refuses the bot's token (401, `verify.token`) when it was revoked or replaced while the bot
// runs. Nothing can go out until an operator sets a valid one, so a message waits for it without
// spending its tries: refused 20 times in a row (more than the 12 tries a message has for other
// failures) it still arrives, once — a reply through the outbox's queues, and a delayed message
// through its BullMQ job.
import { afterEach, describe, expect, it } from 'vitest';
import { createWorld, type World } from '../support/harness.js';

const REFUSALS = 20;

describe('the outbox while MAX refuses the bot token', () => {
  let world: World;
  afterEach(async () => world?.close());

  /** A world whose outbox tries again within milliseconds, so 12 tries would be spent at once. */
  const start = () => createWorld({ app: { outbox: { retryBaseMs: 1, authPauseMs: 20 } } });
  const refuseToken = () => world.control.fault({ method: 'POST', path: '/messages', status: 401, code: 'verify.token', count: REFUSALS });
  const posts = async () => (await world.control.requests({ method: 'POST', path: '/messages' })).map((p) => p.status);

  it('a reply waits for a valid token and arrives once', async () => {
    world = await start();
    await refuseToken();
    await world.control.clearRequests();
    const after = await world.control.lastSeq();
    await world.control.sendText(2201, '/start');
    const [reply] = await world.control.waitForMessages({ userId: 2201, fromBot: true }, { afterSeq: after, count: 1, timeoutMs: 30_000 });
    expect(reply!.text).toContain('Здравствуйте');
    expect(await posts()).toEqual([...Array.from({ length: REFUSALS }, () => 401), 200]);
  });

  it('a delayed message waits for a valid token and arrives once', async () => {
    world = await start();
    await world.control.createUser({ user_id: 2202, first_name: 'Анна' });
    await refuseToken();
    await world.control.clearRequests();
    const after = await world.control.lastSeq();
    await world.app.services.outbox.addLater([{ at: world.app.ctx.now(), list: [{ to: { userId: 2202 }, text: 'Напоминание' }], jobId: 'auth-wait' }]);
    const [sent] = await world.control.waitForMessages({ userId: 2202, fromBot: true }, { afterSeq: after, count: 1, timeoutMs: 30_000 });
    expect(sent!.text).toBe('Напоминание');
    expect(await posts()).toEqual([...Array.from({ length: REFUSALS }, () => 401), 200]);
  });
});
