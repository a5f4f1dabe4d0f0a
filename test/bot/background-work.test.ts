// Background work (src/bot/background.ts) keeps its mark where the work leaves the caller's
// async scope: a held message queued by a job (a BullMQ delayed job, sent later by the outbox
// worker) and a broadcast's sends (the broadcast worker) ask the rate limiter as background
// work; a held message queued by a person's reply does not. The limiter counts its grants by
// work (sferum_rate_limiter_grants_total), in this process: the bot runs in the test's process.
import { Queue } from 'bullmq';
import { afterEach, describe, expect, it } from 'vitest';
import { inBackground } from '../../src/bot/background.js';
import { OUTBOX_QUEUE, type OutboxJob } from '../../src/bot/outbox.js';
import { limiterGrantsOf } from '../support/limiter-grants.js';
import { dialogChatId } from '../../src/sandbox/server.js';
import { createKeys } from '../../src/store/keys.js';
import { ADMIN } from '../chats/support.js';
import { createWorld, eventually, redisUrl, say, type World } from '../support/harness.js';

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

    // The mark is stored with the job (it runs later, outside the caller's scope) and read when sent.
    const jobs = new Queue<OutboxJob>(OUTBOX_QUEUE, { connection: { url: redisUrl() } as never, prefix: createKeys(world.prefix).queuePrefix });
    try {
      // Queued by a person's reply (no mark): sent as people's work.
      let before = await limiterGrantsOf('background');
      const [reply] = await outbox.send([{ to: { userId: 7001 }, text: 'отложенное ответное', notBefore: now() + 300 }], 'held-reply');
      expect((await jobs.getJob(reply!))?.data.background).toBeUndefined();
      await delivered(7001, 'отложенное ответное');
      expect(await limiterGrantsOf('background')).toBe(before);

      // Queued by background work: sent as background work when its time comes.
      before = await limiterGrantsOf('background');
      const [held] = await inBackground(() => outbox.send([{ to: { userId: 7002 }, text: 'отложенное фоновое', notBefore: now() + 300 }], 'held-job'));
      expect((await jobs.getJob(held!))?.data.background).toBe(true);
      await delivered(7002, 'отложенное фоновое');
      expect(await limiterGrantsOf('background')).toBeGreaterThan(before);
    } finally {
      await jobs.close();
    }
  }, 60_000);

  it("a broadcast's sends are background work", async () => {
    world = await createWorld();
    const org = world.app.organisation;
    await say(world, ADMIN, '/unit add 3В');
    const unitId = (await org.org.findUnit('3В'))!.id;
    const keys = createKeys(world.prefix);
    const parents = [7101, 7102, 7103];
    for (const id of parents) {
      await world.control.createUser({ user_id: id, first_name: `Родитель ${id}` });
      await org.people.saveProfile(id, `Родитель ${id}`, org.now());
      await org.people.putMembership(id, { role: 'parent', unitId, status: 'verified', since: org.now() });
      await world.redis.hset(keys.dialogChats, String(id), String(dialogChatId(id)));
    }
    const before = await limiterGrantsOf('background');
    await world.app.posts.broadcasts.submit(ADMIN, { kind: 'people', group: 'parents', unitIds: [] }, 'Собрание в четверг', [], 'post-bg');
    await eventually(async () => {
      for (const id of parents) expect((await world.control.botMessagesTo(id)).map((m) => m.text)).toContain('Собрание в четверг');
    }, 30_000);
    // Each parent's send (and the dialog checks, if any) went as background work.
    expect(await limiterGrantsOf('background')).toBeGreaterThanOrEqual(before + parents.length);
  }, 60_000);
});
