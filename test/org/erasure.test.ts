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
    // Nowhere, not even in the outbox: a sent reply is deleted at once (only a key-only
    // "already sent" mark stays for a day).
    expect(found).toEqual([]);
    // The other applicant, still waiting, is kept (and the scan does find what is there).
    expect((await findEverywhere(redis, world.prefix, 'Кузнецова Ирина')).length).toBeGreaterThan(0);
  });
});
