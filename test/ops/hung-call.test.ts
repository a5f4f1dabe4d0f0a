// One MAX call that never answers: every call has a deadline, a timed-out call is
// retried, and other people's updates are not held by it.
import { afterEach, describe, expect, it } from 'vitest';
import { createWorld, eventually, freePort, say, type World } from '../support/harness.js';

const OTHERS = Array.from({ length: 50 }, (_, i) => 8101 + i);

/** A person in the middle of /feedback, looking at the confirmation with its buttons. */
async function confirmation(world: World, userId: number) {
  await say(world, userId, '/feedback');
  const [confirm] = await say(world, userId, 'Кнопки зависли');
  return confirm!;
}

async function helpFromEveryone(world: World): Promise<void> {
  const after = await world.control.lastSeq();
  await Promise.all(OTHERS.map((u) => world.control.sendText(u, '/help')));
  await Promise.all(OTHERS.map((u) => world.control.waitForMessages({ userId: u, fromBot: true }, { afterSeq: after, timeoutMs: 60_000 })));
}

async function hungAnswers(world: World) {
  return world.control.requests({ method: 'POST', path: '/answers' });
}

describe('a MAX call that never answers', () => {
  let world: World;
  afterEach(async () => world?.close());

  it('webhook mode: 50 other people are answered while the call still hangs; it times out and is retried', async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}/max/updates`;
    world = await createWorld({
      env: { UPDATES_MODE: 'webhook', WEBHOOK_URL: url, WEBHOOK_PORT: String(port), WEBHOOK_SECRET: 'hung-secret-1' },
      // A deadline long enough that 50 replies go out before it even on a busy machine.
      app: { webhookHost: '127.0.0.1', timeouts: { callMs: 40_000 } },
    });
    const confirm = await confirmation(world, 8001);
    await world.control.fault({ method: 'POST', path: '/answers', hang: true });
    const after = await world.control.lastSeq();
    await world.control.pressByText(8001, confirm.mid, 'Отправить');

    await helpFromEveryone(world);
    // Everybody was answered before the hung call's deadline: it is still pending.
    const [hung] = await hungAnswers(world);
    expect(hung!.status).toBeNull();

    // Then it times out and is retried.
    await eventually(async () => expect((await hungAnswers(world)).map((c) => c.status)).toEqual([0, 200]), 90_000);
    const [thanks] = await world.control.waitForMessages({ userId: 8001, fromBot: true }, { afterSeq: after });
    expect(thanks!.text).toContain('Спасибо');
  }, 180_000);

  it('polling mode: the hung call delays the others by no more than its deadline', async () => {
    // Polling fetches the next batch once the current one is handled, so a stuck
    // update holds later ones until its call gives up: the deadline is the bound.
    world = await createWorld({ app: { timeouts: { callMs: 2_000 } } });
    const confirm = await confirmation(world, 8002);
    await world.control.fault({ method: 'POST', path: '/answers', hang: true });
    await world.control.pressByText(8002, confirm.mid, 'Отправить');
    const started = Date.now();
    await helpFromEveryone(world);
    const tookMs = Date.now() - started;
    // The hung call gave up (0) and a retry got through. On a busy machine a retry may itself
    // miss the deadline and be tried again, so only the first and the last are fixed.
    await eventually(async () => {
      const statuses = (await hungAnswers(world)).map((c) => c.status);
      expect(statuses[0]).toBe(0);
      expect(statuses.at(-1)).toBe(200);
    }, 30_000);
    // Without a deadline undici waits 300 s; here the wait is the 2 s deadline plus handling
    // (a generous bound: handling 50 updates on a busy machine takes seconds, never minutes).
    expect(tookMs).toBeLessThan(60_000);
  }, 120_000);
});
