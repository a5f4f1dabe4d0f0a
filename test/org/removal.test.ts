// Removal leaves nothing dangling; the staff room takes only staff.
import { ORG_TEXTS as T } from '../../src/org/texts.js';
import { afterEach, describe, expect, it } from 'vitest';
import { createWorld, eventually, press, say, type World } from '../support/harness.js';
import { findEverywhere } from '../support/redis-scan.js';
import { ADMIN as SCHOOL_ADMIN, CURATOR, bindChat, joinByLink, members, setupSchool } from '../chats/support.js';
import { card, decide, invite, join, workdayClock } from './support.js';
import { AUDIT_ACTIONS_RU } from '../../src/policy/audit-text.js';

const ADMIN = 1;

describe('removal and the staff room', () => {
  let world: World;
  afterEach(async () => world?.close());

  it('removing a student unlinks them from their parents; a removed person’s pending request is closed', async () => {
    world = await createWorld({ app: { now: workdayClock() } });
    await say(world, ADMIN, '/unit add 4А');
    await join(world, 20, await invite(world, ADMIN, 'ученик 4А'), { name: 'Иванов Пётр' });
    await decide(world, ADMIN, 'Иванов Пётр', 'Подтвердить');
    await join(world, 30, await invite(world, ADMIN, 'родитель 4А'), { name: 'Иванова Мария', child: 'Иванов Пётр' });
    await decide(world, ADMIN, 'Иванова Мария', 'Подтвердить');
    await join(world, 40, await invite(world, ADMIN, 'ученик 4А'), { name: 'Ждущий Ученик' });
    await card(world, ADMIN, 'Ждущий Ученик');

    for (const [query, name] of [
      ['Иванов Пётр', 'Иванов Пётр'],
      ['Ждущий', 'Ждущий Ученик'],
    ] as const) {
      const [pick] = await say(world, ADMIN, `/remove ${query}`);
      const [confirm] = await press(world, ADMIN, pick!, name);
      await world.control.pressByText(ADMIN, confirm!.mid, 'Да, удалить');
      await eventually(async () =>
        expect((await world.control.messages({ userId: ADMIN, fromBot: true })).find((m) => m.mid === confirm!.mid)!.text).toContain(T.removeDone(name)),
      );
    }
    const [me] = await say(world, 30, '/me');
    expect(me!.text).toContain('родитель, 4А — подтверждена');
    expect(me!.text).not.toContain('ребёнок: ');
    const [requests] = await say(world, ADMIN, '/requests');
    expect(requests!.text).toContain('нет');
  });

  it('a removed person is erased as by /forget: out of the chats, no name anywhere, the id only in the audit', async () => {
    const PARENT = 70456;
    world = await createWorld({ app: { now: workdayClock() } });
    await setupSchool(world);
    const parents = await bindChat(world, CURATOR, '5А родители', 'чат родителей класса', '5А');
    await join(world, PARENT, await invite(world, CURATOR, 'родитель 5А'), { name: 'Ложкина Варвара', child: 'Ложкин Фрол' });
    await decide(world, CURATOR, 'Ложкина Варвара', 'Подтвердить');
    await joinByLink(world, PARENT, parents);
    await eventually(async () => expect(await members(world, parents)).toContain(PARENT));

    const [pick] = await say(world, SCHOOL_ADMIN, '/remove Ложкина');
    const [confirm] = await press(world, SCHOOL_ADMIN, pick!, 'Ложкина Варвара');
    await world.control.pressByText(SCHOOL_ADMIN, confirm!.mid, 'Да, удалить');
    await eventually(async () =>
      expect((await world.control.messages({ userId: SCHOOL_ADMIN, fromBot: true })).find((m) => m.mid === confirm!.mid)!.text).toContain(
        T.removeDone('Ложкина Варвара'),
      ),
    );
    await eventually(async () => expect(await members(world, parents)).not.toContain(PARENT));
    // The message telling the person is theirs until it is sent (then its record is deleted).
    await eventually(async () => expect(await world.app.services.outbox.pendingCount()).toBe(0));

    const queue = `${world.prefix}:q:`;
    const names = await findEverywhere(world.app.redis, world.prefix, /Ложкин/);
    expect(names.filter((f) => !f.key.startsWith(queue))).toEqual([]);
    const ids = await findEverywhere(world.app.redis, world.prefix, new RegExp(`(?<![\\d.])${PARENT}(?!\\d)`));
    expect(ids.filter((f) => !f.key.startsWith(queue)).map((f) => f.key)).toEqual([`${world.prefix}:audit`]);
    const [audit] = await say(world, SCHOOL_ADMIN, '/audit 80');
    expect(audit!.text).toContain(AUDIT_ACTIONS_RU['person.removed']);
  }, 60_000);

  it('students and parents cannot be invited into the staff room', async () => {
    world = await createWorld({ app: { now: workdayClock() } });
    const [r] = await say(world, ADMIN, '/invite ученик Учительская');
    expect(r!.text).toContain('только сотрудников');
    const [ok] = await say(world, ADMIN, '/invite учитель Учительская');
    expect(ok!.text).toContain('https://max.ru/');
  });
});
