// Commands in Russian: sub-words typed in Russian work, /help shows them in Russian, and
// nobody is shown syntax they cannot use (a parent's /hours, the head's /revoke).
import { afterEach, describe, expect, it } from 'vitest';
import { createWorld, eventually, say, type World } from '../support/harness.js';
import { decide, invite, join } from './support.js';
import { ADMIN, setupSchool } from '../chats/support.js';

const PARENT = 30;
const DIRECTOR = 60;

describe('commands in Russian', () => {
  let world: World;
  afterEach(async () => world?.close());

  it('Russian sub-words work and /help shows them; parents and the head see no syntax they cannot use', async () => {
    world = await createWorld();
    const org = world.app.organisation;
    await setupSchool(world);
    const [added] = await say(world, ADMIN, '/unit добавить 7В, 8Г');
    expect(added!.text).toContain('«7В» — создано');
    const [renamed] = await say(world, ADMIN, '/unit переименовать 8Г 8Д');
    expect(renamed!.text).toBe('«8Г» теперь называется «8Д».');
    const [days] = await say(world, ADMIN, '/hours дни пн-сб');
    expect(days!.text).toContain('дни: пн, вт, ср, чт, пт, сб');
    // A whole day is working time: 24:00 is the end of the day.
    const [wholeDay] = await say(world, ADMIN, '/hours 00:00-24:00');
    expect(wholeDay!.text).toContain('Рабочее время организации: 00:00–24:00');
    const [link] = await say(world, ADMIN, '/invite родитель 5А раз=3 дней=2');
    expect(link!.text).toContain('использований: 3');

    const [help] = await say(world, ADMIN, '/help');
    expect(help!.text).toContain('/unit добавить <названия через запятую> | переименовать <название> <новое> | архив <название>');
    expect(help!.text).toContain('/hours [08:00-19:00 | дни пн-пт | выходной <дата> | рабочий <дата>]');
    expect(help!.text).toContain('/invite <роль> [класс] [раз=N] [дней=D]');
    expect(help!.text).not.toMatch(/\b(add|rename|uses=|days=|unused|xlsx)\b/);
    // MAX's own support is in /help (001 4.2).
    expect(help!.text).toContain('Поддержка MAX (если не работает сам мессенджер) — https://help.max.ru');

    const u5 = (await org.org.findUnit('5А'))!.id;
    await org.people.saveProfile(PARENT, 'Орлова Ольга Петровна', Date.now());
    await org.people.putMembership(PARENT, { role: 'parent', unitId: u5, status: 'verified', since: Date.now() });
    const [parentHelp] = await say(world, PARENT, '/help');
    expect(parentHelp!.text).toContain('/hours — Рабочее время');
    expect(parentHelp!.text).not.toContain('08:00-19:00');

    await org.people.saveProfile(DIRECTOR, 'Смирнова Ольга Петровна', Date.now());
    await org.people.putMembership(DIRECTOR, { role: 'director', unitId: null, status: 'verified', since: Date.now() });
    const [headInvites] = await say(world, DIRECTOR, '/invites');
    expect(headInvites!.text).toContain('Действующие приглашения:');
    expect(headInvites!.text).not.toContain('/revoke');
    // At joining, the advice to switch on the profile's safe mode (000 2.10).
    const code = await invite(world, ADMIN, 'учитель');
    await join(world, 70, code, { name: 'Белова Нина Игоревна' });
    await decide(world, ADMIN, 'Белова Нина Игоревна', 'Подтвердить');
    await eventually(async () => expect((await world.control.botMessagesTo(70)).at(-1)!.text).toContain('включите в профиле MAX «Безопасный режим»'));
    const [adminInvites] = await say(world, ADMIN, '/invites');
    expect(adminInvites!.text).toContain('Отозвать: /revoke <код> или /revoke неиспользованные [класс]');
  });
});
