// Personal data left behind: a rejected applicant's name goes with the rejection.
import { afterEach, describe, expect, it } from 'vitest';
import { createWorld, eventually, press, say, type World } from '../support/harness.js';
import { findEverywhere } from '../support/redis-scan.js';
import { ERASURE_TEXTS as T } from '../../src/org/erasure-texts.js';
import { createKeys } from '../../src/store/keys.js';
import { CURATOR, bindChat, joinByLink, members, setupSchool } from '../chats/support.js';
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

describe('erasure with chat-rule violations on record', () => {
  let world: World;
  afterEach(async () => world?.close());

  it('/forget works once a violation is on record, and the violation goes with the person', async () => {
    const PARENT = 70789;
    world = await createWorld({ app: { now: workdayClock() } });
    await setupSchool(world);
    const parents = await bindChat(world, CURATOR, '5А родители', 'чат родителей класса', '5А');
    await join(world, PARENT, await invite(world, CURATOR, 'родитель 5А'), { name: 'Жаворонкова Нина', child: 'Жаворонков Ян' });
    await decide(world, CURATOR, 'Жаворонкова Нина', 'Подтвердить');
    await joinByLink(world, PARENT, parents);
    await eventually(async () => expect(await members(world, parents)).toContain(PARENT));
    await world.control.sendChatText(parents, PARENT, 'Звоните мне: +7 912 345-67-89');
    const keys = createKeys(world.prefix);
    await eventually(async () => expect(await world.redis.zcard(keys.violationLog)).toBeGreaterThan(0));
    // The violation's private explanation comes first, or it would be taken for the answer to /forget.
    await eventually(async () =>
      expect((await world.control.botMessagesTo(PARENT)).some((m) => m.buttons.flat().some((b) => b.text === 'Это ошибка'))).toBe(true),
    );

    const [again] = await say(world, PARENT, '/forget');
    const [done] = await press(world, PARENT, again!, T.confirm);
    expect(done!.text).toBe(T.done);
    await eventually(async () => expect((await world.control.botMessagesTo(CURATOR)).map((m) => m.text)).toContain(T.toStaff(PARENT)));
    expect((await world.redis.zrange(keys.violationLog, '0', '-1')).filter((m) => m.includes(`|${PARENT}|`))).toEqual([]);
    expect(await findEverywhere(world.redis, world.prefix, /Жаворонков/)).toEqual([]);
  }, 60_000);
});

describe('an interrupted erasure', () => {
  let world: World;
  afterEach(async () => world?.close());

  it('records each store done and goes on where it stopped at the next start', async () => {
    const PARENT = 70790;
    world = await createWorld({ app: { now: workdayClock() } });
    await setupSchool(world);
    await join(world, PARENT, await invite(world, CURATOR, 'родитель 5А'), { name: 'Свиристелева Ия', child: 'Свиристелев Ян' });
    await decide(world, CURATOR, 'Свиристелева Ия', 'Подтвердить');
    const keys = createKeys(world.prefix);
    // One store fails half-way (a key of the wrong type, as the violation log once did).
    await world.redis.del(keys.dialogChats);
    await world.redis.set(keys.dialogChats, 'not a hash');
    // The decision's message goes out first, or it would be taken for the answer to /forget.
    await eventually(async () => expect(await world.redis.zcard(keys.outboxPending)).toBe(0));

    const [explain] = await say(world, PARENT, '/forget');
    await world.control.pressByText(PARENT, explain!.mid, T.confirm);
    await eventually(async () => expect(await world.redis.hexists(keys.erasure(PARENT), 'done:people.roles')).toBe(1));
    expect(await world.redis.sismember(keys.erasuresPending, String(PARENT))).toBe(1);
    expect(await world.redis.hexists(keys.erasure(PARENT), 'done:broadcasts')).toBe(0);
    // The progress record keeps ids only; the name is still there for the stores not done yet.
    expect(await findEverywhere(world.redis, keys.erasure(PARENT), /Свиристел/)).toEqual([]);

    // Repaired; the next start finishes the erasure.
    await world.app.stop();
    await world.redis.del(keys.dialogChats);
    await world.startBot();
    await eventually(async () => expect(await world.redis.sismember(keys.erasuresPending, String(PARENT))).toBe(0));
    expect(await world.redis.exists(keys.erasure(PARENT))).toBe(0);
    expect(await findEverywhere(world.redis, world.prefix, /Свиристел/)).toEqual([]);
  }, 60_000);
});
