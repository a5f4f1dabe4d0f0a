// Personal data left behind: a rejected applicant's name goes with the rejection.
import { afterEach, describe, expect, it } from 'vitest';
import { createWorld, eventually, press, say, type World } from '../support/harness.js';
import { findEverywhere } from '../support/redis-scan.js';
import { card, decide, invite, join, workdayClock } from './support.js';

const ADMIN = 1;

describe('erasure', () => {
  let world: World;
  afterEach(async () => world?.close());

  it('a rejected applicant leaves no name behind', async () => {
    world = await createWorld({ app: { now: workdayClock() } });
    await say(world, ADMIN, '/unit add 5А');
    const [first, second] = [await invite(world, ADMIN, 'родитель 5А'), await invite(world, ADMIN, 'родитель 5А')];
    await join(world, 30, first, { name: 'Сидорова Елена', child: 'Сидоров Гордей' });
    await join(world, 31, second, { name: 'Кузнецова Ирина', child: 'Кузнецов Лев' });
    await card(world, ADMIN, 'Кузнецова Ирина'); // both cards are in before the press
    const why = await decide(world, ADMIN, 'Сидорова Елена', 'Отклонить');
    await press(world, ADMIN, why, 'Без причины');
    await eventually(async () => expect((await world.control.botMessagesTo(30)).at(-1)!.text).toContain('заявка отклонена'));
    const redis = world.app.redis;
    const found = await findEverywhere(redis, world.prefix, /Сидоров/);
    // Only the delivery jobs of the messages about the rejection (the card, «Заявка отклонена: …»)
    // still hold it: the outbox keeps a sent job for 24 hours so that a message is sent once.
    expect(found.filter((f) => !f.key.startsWith(`${world.prefix}:q:outbox:`))).toEqual([]);
    expect(found.length).toBeGreaterThan(0); // the scan does see the outbox
    // The other applicant, still waiting, is kept.
    expect((await findEverywhere(redis, world.prefix, 'Кузнецова Ирина')).length).toBeGreaterThan(0);
  });
});
