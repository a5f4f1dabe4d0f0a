// /forget: a parent erases their data. Afterwards a scan of every Redis key of the test's
// prefix finds their name nowhere and their id only in the audit log (and in the delivery
// queue's record of the messages just sent, which the queue keeps for a day to send once).
import { afterEach, describe, expect, it } from 'vitest';
import { ERASURE_TEXTS as T } from '../../src/org/erasure-texts.js';
import { ADMIN, CURATOR, bindChat, joinByLink, members, setupSchool } from '../chats/support.js';
import { createWorld, eventually, press, say, type World } from '../support/harness.js';
import { findEverywhere } from '../support/redis-scan.js';
import { decide, invite, join, workdayClock } from './support.js';
import { AUDIT_ACTIONS_RU } from '../../src/policy/audit-text.js';

const PARENT = 70123;
const ID = new RegExp(`(?<![\\d.])${PARENT}(?!\\d)`);

describe('/forget', () => {
  let world: World;
  afterEach(async () => world?.close());

  it('a parent erases their data: out of the chats, the staff told by id, no name and no id left but in the audit', async () => {
    world = await createWorld({ app: { now: workdayClock() } });
    await setupSchool(world);
    const parents = await bindChat(world, CURATOR, '5А родители', 'чат родителей класса', '5А');
    await join(world, PARENT, await invite(world, CURATOR, 'родитель 5А'), { name: 'Сидорова Елена', child: 'Сидоров Гордей' });
    await decide(world, CURATOR, 'Сидорова Елена', 'Подтвердить');
    await joinByLink(world, PARENT, parents);
    await eventually(async () => expect(await members(world, parents)).toContain(PARENT));
    const [ask] = await say(world, PARENT, '/feedback');
    const [confirm] = await say(world, PARENT, 'Отзыв родителя о боте');
    await press(world, PARENT, confirm!, 'Отправить');
    expect(ask).toBeTruthy();

    const [explain] = await say(world, PARENT, '/forget');
    expect(explain!.text).toBe(T.explain);
    const [cancelled] = await press(world, PARENT, explain!, T.cancel);
    expect(cancelled!.text).toBe(T.cancelled);
    const [again] = await say(world, PARENT, '/forget');
    const [done] = await press(world, PARENT, again!, T.confirm);
    expect(done!.text).toBe(T.done);

    await eventually(async () => expect(await members(world, parents)).not.toContain(PARENT));
    await eventually(async () => expect((await world.control.botMessagesTo(CURATOR)).map((m) => m.text)).toContain(T.toStaff(PARENT)));
    await eventually(async () => expect((await world.control.botMessagesTo(ADMIN)).map((m) => m.text)).toContain(T.toStaff(PARENT)));
    expect((await say(world, PARENT, '/me'))[0]!.text).toContain('ничего о вас не храню');

    const redis = world.app.redis;
    const queue = `${world.prefix}:q:`;
    const names = await findEverywhere(redis, world.prefix, /Сидоров/);
    expect(names.filter((f) => !f.key.startsWith(queue))).toEqual([]);
    const ids = await findEverywhere(redis, world.prefix, ID);
    expect(ids.filter((f) => !f.key.startsWith(queue)).map((f) => f.key)).toEqual([`${world.prefix}:audit`]);
    const [audit] = await say(world, ADMIN, '/audit 80');
    expect(audit!.text).toContain(AUDIT_ACTIONS_RU['person.forgotten']);
  }, 60_000);
});
