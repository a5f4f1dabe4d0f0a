// /feedback reaches the admins (within working hours) and /feedback list shows the latest.
import { afterEach, describe, expect, it } from 'vitest';
import { FEEDBACK_DESK_TEXTS as T } from '../../src/feedback/texts.js';
import { createWorld, eventually, press, say, type World } from '../support/harness.js';
import { movableClock } from '../chats/support.js';
import { workdayClock } from '../org/support.js';

const ADMIN = 1;

async function leaveFeedback(world: World, userId: number, text: string): Promise<void> {
  const [ask] = await say(world, userId, '/feedback');
  expect(ask!.text).toContain('отзыв');
  const [confirm] = await say(world, userId, text);
  const [thanks] = await press(world, userId, confirm!, 'Отправить');
  expect(thanks!.text).toContain('Отзыв передан администраторам');
}

describe('/feedback', () => {
  let world: World;
  afterEach(async () => world?.close());

  it('reaches the admins in working hours; /feedback list shows the latest to admins only', async () => {
    world = await createWorld({ app: { now: workdayClock() } });
    await say(world, ADMIN, '/start');
    await leaveFeedback(world, 500, 'Хорошо бы напоминать о собраниях заранее.');
    await eventually(async () => {
      const got = (await world.control.botMessagesTo(ADMIN)).map((m) => m.text ?? '');
      expect(got).toContain(T.toAdmins(null, 500, 'Хорошо бы напоминать о собраниях заранее.'));
    });
    await leaveFeedback(world, 501, 'Спасибо за бота!');

    const [list] = await say(world, ADMIN, '/feedback list');
    expect(list!.text).toContain(T.listTitle);
    const text = list!.text!;
    expect(text.indexOf('Спасибо за бота!')).toBeGreaterThan(0);
    expect(text.indexOf('Спасибо за бота!')).toBeLessThan(text.indexOf('Хорошо бы напоминать')); // newest first
    const [one] = await say(world, ADMIN, '/feedback list 1');
    expect(one!.text).not.toContain('Хорошо бы напоминать');
    expect((await say(world, 500, '/feedback list'))[0]!.text).toBe(T.listAdminsOnly);
    expect((await say(world, 500, '/feedback что-то'))[0]!.text).toBe(T.usage);
  });

  it('left at night, it waits for the working morning', async () => {
    // Monday 23 November 2026, 23:00 in Moscow.
    const clock = movableClock('2026-11-23T20:00:00Z');
    world = await createWorld({ app: { now: clock.now } });
    await say(world, ADMIN, '/start');
    await leaveFeedback(world, 500, 'Ночной отзыв о работе бота.');
    const delayed = await eventually(async () => {
      const jobs = await world.app.services.outbox.queue.getDelayed();
      const job = jobs.find((j) => j.data.messages.some((m) => m.text.includes('Ночной отзыв')));
      expect(job).toBeDefined();
      return job!;
    });
    // Delivered at the start of the next working day: Tuesday 07:30 in Moscow, 8 h 30 min later.
    expect(delayed.opts.delay!).toBeGreaterThan(8.5 * 3600_000 - 60_000);
    expect(delayed.opts.delay!).toBeLessThanOrEqual(8.5 * 3600_000);
    expect((await world.control.botMessagesTo(ADMIN)).map((m) => m.text ?? '').join('\n')).not.toContain('Ночной отзыв');
  });
});
