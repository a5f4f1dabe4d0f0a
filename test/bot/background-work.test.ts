// Background work (src/bot/background.ts) keeps its mark where the work leaves the caller's
// async scope: a held message queued by a job (a BullMQ delayed job, sent later by the outbox
// worker) and a broadcast's sends (the broadcast worker) ask the rate limiter as background
// work; a held message queued by a person's reply does not. The limiter counts its grants by
// work (sferum_rate_limiter_grants_total), in this process: the bot runs in the test's process.
import { afterEach, describe, expect, it } from 'vitest';
import { inBackground } from '../../src/bot/background.js';
import { limiterGrantsOf } from '../../src/ops/metrics.js';
import { createWorld, eventually, type World } from '../support/harness.js';

describe('background work across queues', () => {
  let world: World;
  afterEach(async () => world?.close());

  it('a held message keeps the mark of the work that queued it', async () => {
    world = await createWorld();
    const outbox = world.app.services.outbox;
    const now = () => world.app.organisation.now();
    for (const id of [7001, 7002]) await world.control.createUser({ user_id: id, first_name: `Получатель ${id}` });
    const delivered = (userId: number, text: string) =>
      eventually(async () => expect((await world.control.botMessagesTo(userId)).map((m) => m.text)).toContain(text), 20_000);

    // Queued by a person's reply (no mark): sent as people's work.
    let before = await limiterGrantsOf('background');
    await outbox.send([{ to: { userId: 7001 }, text: 'отложенное ответное', notBefore: now() + 300 }], 'held-reply');
    await delivered(7001, 'отложенное ответное');
    expect(await limiterGrantsOf('background')).toBe(before);

    // Queued by background work: sent as background work when its time comes.
    before = await limiterGrantsOf('background');
    await inBackground(() => outbox.send([{ to: { userId: 7002 }, text: 'отложенное фоновое', notBefore: now() + 300 }], 'held-job'));
    await delivered(7002, 'отложенное фоновое');
    expect(await limiterGrantsOf('background')).toBe(before + 1);
  }, 60_000);
});
