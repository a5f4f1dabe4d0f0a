// Removal leaves nothing dangling; the staff room takes only staff.
import { ORG_TEXTS as T } from '../../src/bot/org/texts.js';
import { afterEach, describe, expect, it } from 'vitest';
import { createWorld, eventually, press, say, type World } from '../support/harness.js';
import { card, decide, invite, join, workdayClock } from './support.js';

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

    for (const [query, name] of [['Иванов Пётр', 'Иванов Пётр'], ['Ждущий', 'Ждущий Ученик']] as const) {
      const [pick] = await say(world, ADMIN, `/remove ${query}`);
      const [confirm] = await press(world, ADMIN, pick!, name);
      await world.control.pressByText(ADMIN, confirm!.mid, 'Да, удалить');
      await eventually(async () => expect((await world.control.messages({ userId: ADMIN, fromBot: true })).find((m) => m.mid === confirm!.mid)!.text).toContain(T.removeDone(name)));
    }
    const [me] = await say(world, 30, '/me');
    expect(me!.text).toContain('родитель, 4А — подтверждён');
    expect(me!.text).not.toContain('ребёнок: ');
    const [requests] = await say(world, ADMIN, '/requests');
    expect(requests!.text).toContain('нет');
  });

  it('students and parents cannot be invited into the staff room', async () => {
    world = await createWorld({ app: { now: workdayClock() } });
    const [r] = await say(world, ADMIN, '/invite ученик Учительская');
    expect(r!.text).toContain('только сотрудников');
    const [ok] = await say(world, ADMIN, '/invite учитель Учительская');
    expect(ok!.text).toContain('https://max.ru/');
  });
});
