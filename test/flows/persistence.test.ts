// Flows persisted in Redis, driven through the sandbox: restarts, stale buttons,
// outdated snapshots and idle timeouts.
import { Queue } from 'bullmq';
import { afterEach, describe, expect, it } from 'vitest';
import { timeoutJobId } from '../../src/bot/flow-timeouts.js';
import { FeedbackStore } from '../../src/store/feedback-store.js';
import { FlowStore } from '../../src/store/flow-store.js';
import { createKeys } from '../../src/store/keys.js';
import { createWorld, eventually, press, redisUrl, say, type World } from '../support/harness.js';

describe('persisted flows', () => {
  let world: World;
  afterEach(async () => world?.close());

  it('a conversation survives a restart of the bot between two answers', async () => {
    world = await createWorld();
    const [ask] = await say(world, 4001, '/feedback');
    expect(ask!.text).toContain('отзыв');
    await world.restart();
    const [confirm] = await say(world, 4001, 'Спасибо за удобные чаты');
    expect(confirm!.text).toContain('Спасибо за удобные чаты');
    await world.restart();
    const [thanks] = await press(world, 4001, confirm!, 'Отправить');
    expect(thanks!.text).toContain('Спасибо! Отзыв передан');
    const stored = await new FeedbackStore(world.redis, createKeys(world.prefix)).list();
    expect(stored).toMatchObject([{ userId: 4001, text: 'Спасибо за удобные чаты' }]);
    // The flow is over: text is no longer taken as feedback.
    const [after] = await say(world, 4001, 'ещё текст');
    expect(after!.text).toContain('/help');
  });

  it('a pressed keyboard closes, and a button of an earlier step changes nothing', async () => {
    world = await createWorld();
    await say(world, 4002, '/feedback');
    const [first] = await say(world, 4002, 'Первый вариант');
    // Typing again instead of pressing makes a new confirmation; the first one's buttons are now stale.
    const [second] = await say(world, 4002, 'Второй вариант');
    expect(second!.text).toContain('Второй вариант');
    const after = await world.control.lastSeq();
    await world.control.pressByText(4002, first!.mid, 'Отправить');
    await eventually(async () => expect((await world.control.answers()).at(-1)).toMatchObject({ notification: 'Эта кнопка уже неактуальна.' }));
    expect(await world.control.botMessagesTo(4002, after)).toHaveLength(0);
    expect(await new FeedbackStore(world.redis, createKeys(world.prefix)).list()).toHaveLength(0);
    // The live button works, and its keyboard is closed so it cannot be pressed twice.
    const [thanks] = await press(world, 4002, second!, 'Отправить');
    expect(thanks!.text).toContain('Спасибо');
    await eventually(async () => {
      const [closed] = (await world.control.messages({ userId: 4002, fromBot: true })).filter((m) => m.mid === second!.mid);
      expect(closed!.buttons.flat()).toHaveLength(0);
    });
    expect(await new FeedbackStore(world.redis, createKeys(world.prefix)).list()).toMatchObject([{ text: 'Второй вариант' }]);
  });

  it('an outdated snapshot is discarded with a polite restart, never a crash', async () => {
    world = await createWorld();
    await say(world, 4003, '/feedback');
    const key = createKeys(world.prefix).flow(4003, 'feedback');
    const envelope = JSON.parse((await world.redis.get(key))!);
    await world.redis.set(key, JSON.stringify({ ...envelope, version: 0 }));
    const [reset] = await say(world, 4003, 'Мой отзыв');
    expect(reset!.text).toContain('начните заново: /feedback');
    await world.redis.set(createKeys(world.prefix).flow(4003, 'feedback'), '{corrupt');
    await world.redis.set(createKeys(world.prefix).activeFlow(4003), 'feedback');
    const [reset2] = await say(world, 4003, 'Мой отзыв');
    expect(reset2!.text).toContain('начните заново');
    const [fine] = await say(world, 4003, '/start');
    expect(fine!.text).toContain('Здравствуйте');
  });

  it('an idle flow ends by its timeout job, with a message', async () => {
    world = await createWorld();
    await say(world, 4004, '/feedback');
    const queue = new Queue('flow-timeouts', { connection: { url: redisUrl() } as never, prefix: createKeys(world.prefix).queuePrefix });
    try {
      const job = await queue.getJob(timeoutJobId(4004, 'feedback', 1001)); // the first run's first revision
      expect(job).toBeTruthy();
      expect(await job!.isDelayed()).toBe(true);
      const after = await world.control.lastSeq();
      await job!.promote();
      const [bye] = await world.control.waitForMessages({ userId: 4004, fromBot: true }, { afterSeq: after });
      expect(bye!.text).toContain('долго не отвечали');
      // The flow is over (its last step is remembered only to recognise a re-delivered event).
      expect(await new FlowStore(world.redis, createKeys(world.prefix)).activeFlowId(4004)).toBeNull();
      const [after2] = await say(world, 4004, 'ещё текст');
      expect(after2!.text).toContain('/help');
    } finally {
      await queue.close();
    }
  });

  it('/cancel leaves the flow', async () => {
    world = await createWorld();
    await say(world, 4005, '/feedback');
    const [bye] = await say(world, 4005, '/cancel');
    expect(bye!.text).toContain('завершён');
    const [none] = await say(world, 4005, '/cancel');
    expect(none!.text).toContain('нет начатого');
  });
});
