// The production calendar through the sandbox: the reminder on New Year's Eve names the
// first working day, /hours off|on changes single days, the zone comes from /setup, and a
// chat's own hours keep only what differs from the organisation's.
import { afterEach, describe, expect, it } from 'vitest';
import { SETUP_TEXTS } from '../../src/flows/org/setup.js';
import { ADMIN, CURATOR, bindChat, joinByLink, setupSchool } from '../chats/support.js';
import { decide, invite, join } from '../org/support.js';
import { createWorld, eventually, press, say, type World } from '../support/harness.js';
import { AUDIT_ACTIONS_RU } from '../../src/policy/audit-text.js';

const at = (iso: string) => Date.parse(iso);

describe('production calendar in the bot', () => {
  let world: World;
  let clock = at('2026-12-30T09:00:00Z');
  afterEach(async () => world?.close());

  it('a reminder at 21:00 on 31 December names 11 January; /hours off|on; /setup zone; a chat stores only its differences', async () => {
    clock = at('2026-12-30T09:00:00Z'); // Wednesday, a working day
    world = await createWorld({ app: { now: () => clock } });
    await setupSchool(world);
    const parents = await bindChat(world, CURATOR, '5А родители', 'чат родителей класса', '5А');
    await join(world, 30, await invite(world, CURATOR, 'родитель 5А'), { name: 'Иванова Мария', child: 'Иванов Пётр' });
    await decide(world, CURATOR, 'Иванова Мария', 'Подтвердить');
    await joinByLink(world, 30, parents);

    clock = at('2026-12-31T18:00:00Z'); // 21:00 in Moscow; 1–10 January are days off
    await world.control.sendChatText(parents, 30, 'С наступающим! Когда первый учебный день?');
    await eventually(async () => {
      const said = (await world.control.messages({ chatId: parents, fromBot: true })).map((m) => m.text ?? '');
      expect(said.find((t) => t.includes('нерабочее время'))).toContain('11 января в 07:30');
    });

    clock = at('2026-12-30T09:00:00Z');
    const [shown] = await say(world, ADMIN, '/hours');
    expect(shown!.text).toContain('07:30–20:00 (Europe/Moscow)');
    expect(shown!.text).toContain('производственному календарю');
    // Single days: a day off added, then taken back; a holiday made working.
    expect((await say(world, ADMIN, '/hours off 29.01.2027'))[0]!.text).toContain('Дополнительные выходные: 29.01.2027');
    expect(await world.app.organisation.workingHours().then((h) => h.offDates.includes('2027-01-29'))).toBe(true);
    expect((await say(world, ADMIN, '/hours on 29.01.2027'))[0]!.text).not.toContain('Дополнительные выходные');
    expect(await world.app.organisation.workingHours().then((h) => h.offDates.includes('2027-01-29'))).toBe(false);
    await say(world, ADMIN, '/hours on 2027-01-08');
    expect((await world.app.organisation.workingHours()).workDates).toContain('2027-01-08');
    expect((await say(world, ADMIN, '/hours off 32.01.2027'))[0]!.text).toBe('Такой даты нет в календаре.');

    // A chat's own window: only the difference is stored, so the organisation's later changes reach it.
    await world.control.sendChatText(parents, CURATOR, '/hours 08:00-19:00');
    await eventually(async () => expect((await world.app.chats.store.get(parents))!.hours).toEqual({ start: '08:00', end: '19:00' }));
    await say(world, ADMIN, '/hours days mon-sat');
    const chat = (await world.app.chats.store.get(parents))!;
    expect((await world.app.conduct.hoursOf(chat)).days).toEqual([1, 2, 3, 4, 5, 6]);

    // The zone comes from /setup, for the organisation and the chat alike.
    const [name] = await say(world, ADMIN, '/setup');
    const [zone] = await say(world, ADMIN, 'Школа № 1');
    const [word] = await press(world, ADMIN, zone!, 'Asia/Novosibirsk');
    const [week] = await press(world, ADMIN, word!, 'класс');
    expect(week!.text).toBe(SETUP_TEXTS.askWeek(6));
    const [finalGrade] = await press(world, ADMIN, week!, SETUP_TEXTS.fiveDays);
    const [consent] = await press(world, ADMIN, finalGrade!, SETUP_TEXTS.keep);
    await press(world, ADMIN, consent!, SETUP_TEXTS.keep);
    expect(name!.text).toContain('Как называется');
    expect((await world.app.organisation.workingHours()).timeZone).toBe('Asia/Novosibirsk');
    expect((await world.app.organisation.workingHours()).days).toEqual([1, 2, 3, 4, 5]);
    const hours = await world.app.conduct.hoursOf((await world.app.chats.store.get(parents))!);
    expect(hours).toMatchObject({ timeZone: 'Asia/Novosibirsk', start: '08:00', end: '19:00', days: [1, 2, 3, 4, 5] });
    expect((await say(world, ADMIN, '/hours'))[0]!.text).toContain('(Asia/Novosibirsk)');
    const [audit] = await say(world, ADMIN, '/audit 50');
    expect(audit!.text).toContain(AUDIT_ACTIONS_RU['hours.changed']);
  }, 60_000);
});
