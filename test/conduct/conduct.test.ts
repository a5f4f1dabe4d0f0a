// SPEC §3.5–3.7 through the sandbox with a controlled clock: working hours,
// etiquette sanctions, /later, non-urgent messages, the recording poll, /report.
import { Queue } from 'bullmq';
import { afterEach, describe, expect, it } from 'vitest';
import { createKeys } from '../../src/store/keys.js';
import { ADMIN, CURATOR, bindChat, joinByLink, setupSchool } from '../chats/support.js';
import { decide, invite, join } from '../org/support.js';
import { createWorld, eventually, press, redisUrl, say, settled, type World } from '../support/harness.js';

// Moscow is UTC+3 all year.
const at = (iso: string) => Date.parse(iso);
const MONDAY_NOON = at('2026-11-23T09:00:00Z');
const MONDAY_2200 = at('2026-11-23T19:00:00Z');
const TUESDAY_0730 = at('2026-11-24T04:30:00Z');

/** Promotes every delayed outbox job, as if their time had come. */
async function timePasses(world: World): Promise<void> {
  const q = new Queue('outbox', { connection: { url: redisUrl() } as never, prefix: createKeys(world.prefix).queuePrefix });
  try {
    await q.promoteJobs();
  } finally {
    await q.close();
  }
}

async function delayedOutbox(world: World): Promise<number> {
  const q = new Queue('outbox', { connection: { url: redisUrl() } as never, prefix: createKeys(world.prefix).queuePrefix });
  try {
    return await q.getDelayedCount();
  } finally {
    await q.close();
  }
}

describe('working hours and conduct in chats', () => {
  let world: World;
  let clock = MONDAY_NOON;
  afterEach(async () => world?.close());

  async function school(): Promise<{ students: number; parents: number }> {
    clock = MONDAY_NOON;
    world = await createWorld({ app: { now: () => clock } });
    await setupSchool(world);
    const students = await bindChat(world, CURATOR, '5А ученики', 'чат учеников класса', '5А');
    const parents = await bindChat(world, CURATOR, '5А родители', 'чат родителей класса', '5А');
    await join(world, 20, await invite(world, CURATOR, 'ученик 5А'), { name: 'Иванов Пётр' });
    await decide(world, CURATOR, 'Иванов Пётр', 'Подтвердить');
    await join(world, 30, await invite(world, CURATOR, 'родитель 5А'), { name: 'Иванова Мария', child: 'Иванов Пётр' });
    await decide(world, CURATOR, 'Иванова Мария', 'Подтвердить');
    // MAX does not let bots add members: they join by the link the bot sends them.
    await joinByLink(world, 20, students);
    await joinByLink(world, 30, parents);
    return { students, parents };
  }

  const botSaidIn = async (chatId: number) => (await world.control.messages({ chatId, fromBot: true })).map((m) => m.text ?? '');

  it('remind: one polite reply per off-hours period, never one per message', async () => {
    const { parents } = await school();
    clock = MONDAY_2200;
    await world.control.sendChatText(parents, 30, 'Добрый вечер, завтра будет физкультура?');
    await world.control.sendChatText(parents, 30, 'И ещё вопрос про экскурсию');
    await eventually(async () => expect((await botSaidIn(parents)).filter((t) => t.includes('нерабочее время'))).toHaveLength(1));
    await settled(world);
    expect((await botSaidIn(parents)).filter((t) => t.includes('нерабочее время'))).toHaveLength(1);
    expect((await botSaidIn(parents)).find((t) => t.includes('нерабочее время'))).toContain('завтра в 07:30');
    // The next night is another period: one more reminder.
    clock = at('2026-11-24T19:30:00Z');
    await world.control.sendChatText(parents, 30, 'Вопрос на следующий вечер');
    await eventually(async () => expect((await botSaidIn(parents)).filter((t) => t.includes('нерабочее время'))).toHaveLength(2));
  }, 60_000);

  // Off hours that are not a weeknight: a weekend and a holiday of Russia's production calendar.
  it.each([
    { when: 'on a Saturday afternoon', clockAt: '2026-11-28T12:00:00Z', told: '30 ноября в 07:30' },
    { when: 'on 4 January (New Year holidays)', clockAt: '2027-01-04T09:00:00Z', told: '11 января в 07:30' },
  ])(
    'remind $when: the reply names the next working morning',
    async ({ clockAt, told }) => {
      const { parents } = await school();
      clock = at(clockAt);
      await world.control.sendChatText(parents, 30, 'Подскажите, когда собрание?');
      await eventually(async () => expect((await botSaidIn(parents)).find((t) => t.includes('нерабочее время'))).toContain(`увидят ${told}.`));
    },
    60_000,
  );

  it('hold: the message is deleted, kept and re-posted at 07:30 — after a bot restart in between', async () => {
    const { parents } = await school();
    const [changed] = await say(world, CURATOR, '/start'); // the curator's dialog exists
    expect(changed).toBeTruthy();
    await world.control.sendChatText(parents, CURATOR, '/policy hours hold');
    await eventually(async () => expect((await botSaidIn(parents)).some((t) => t.includes('настройки чата изменены'))).toBe(true));
    clock = at('2026-11-23T19:14:00Z'); // 22:14 Moscow
    const { mid } = await world.control.sendChatText(parents, 30, 'Можно ли забрать ребёнка пораньше?');
    await eventually(async () => {
      const m = (await world.control.messages({ chatId: parents })).find((x) => x.mid === mid)!;
      expect(m.deleted).toBe(true);
    });
    await eventually(async () => expect((await world.control.botMessagesTo(30)).some((m) => m.text?.includes('опубликую его завтра в 07:30'))).toBe(true));
    expect(await delayedOutbox(world)).toBe(1);
    await world.restart();
    clock = TUESDAY_0730;
    await timePasses(world);
    await eventually(async () =>
      expect((await botSaidIn(parents)).some((t) => t === 'Сообщение от Ивановой Марии, отправлено в 22:14:\nМожно ли забрать ребёнка пораньше?')).toBe(true),
    );
  }, 60_000);

  it('/later delivers in the morning and can be cancelled', async () => {
    const { students } = await school();
    clock = MONDAY_2200;
    const [pick] = await say(world, CURATOR, '/later');
    const [ask] = await press(world, CURATOR, pick!, '5А ученики');
    expect(ask!.text).toContain('Напишите сообщение');
    const [scheduled] = await say(world, CURATOR, 'Завтра контрольная по математике');
    expect(scheduled!.text).toContain('завтра в 07:30');
    expect((await botSaidIn(students)).some((t) => t.includes('контрольная'))).toBe(false);
    clock = TUESDAY_0730;
    await timePasses(world);
    await eventually(async () => expect((await botSaidIn(students)).some((t) => t === 'Завтра контрольная по математике')).toBe(true));

    // A second one, cancelled before morning.
    clock = MONDAY_2200;
    const [pick2] = await say(world, CURATOR, '/later');
    await press(world, CURATOR, pick2!, '5А ученики');
    const [scheduled2] = await say(world, CURATOR, 'Отменённое сообщение');
    await world.control.pressByText(CURATOR, scheduled2!.mid, 'Отменить отправку');
    await eventually(async () => expect(await delayedOutbox(world)).toBe(0));
    await timePasses(world);
    await settled(world);
    expect((await botSaidIn(students)).some((t) => t.includes('Отменённое'))).toBe(false);
  }, 60_000);

  it('a join request created at 23:00 reaches the curator at 07:30', async () => {
    await school();
    clock = at('2026-11-23T20:00:00Z'); // 23:00 Moscow
    const code = await invite(world, CURATOR, 'ученик 5А');
    const [waiting] = await join(world, 21, code, { name: 'Поздний Ученик' });
    expect(waiting!.text).toContain('Заявка отправлена');
    await settled(world);
    // The card is held for the morning, not lost.
    expect(await delayedOutbox(world)).toBe(1);
    expect((await world.control.botMessagesTo(CURATOR)).some((m) => m.text?.includes('Поздний Ученик'))).toBe(false);
    clock = TUESDAY_0730;
    await timePasses(world);
    await eventually(async () =>
      expect((await world.control.botMessagesTo(CURATOR)).some((m) => m.text?.includes('Заявка на подтверждение: Поздний Ученик'))).toBe(true),
    );
  }, 60_000);

  it('a banned-messenger link is deleted and its author told; the third profanity brings the curator’s removal button', async () => {
    const { students } = await school();
    const { mid } = await world.control.sendChatText(students, 20, 'Ребята, го в телегу: t.me/klass5a');
    await eventually(async () => expect((await world.control.messages({ chatId: students })).find((m) => m.mid === mid)!.deleted).toBe(true));
    await eventually(async () => expect((await world.control.botMessagesTo(20)).some((m) => m.text?.includes('запрещённые мессенджеры'))).toBe(true));

    for (const text of ['ну ты и пиздец', 'х у й с ним', 'бля, опять контрольная']) await world.control.sendChatText(students, 20, text);
    const offer = await eventually(async () => {
      const m = (await world.control.botMessagesTo(CURATOR)).find((x) => x.text?.includes('в третий раз'));
      expect(m).toBeTruthy();
      return m!;
    });
    expect((await botSaidIn(students)).some((t) => t.includes('повторное нарушение'))).toBe(true);
    await world.control.pressByText(CURATOR, offer.mid, 'Удалить из чата');
    await eventually(async () => expect((await world.control.chat(students)).members.map((m) => m.userId)).not.toContain(20));
    // Message texts are not stored: violation records carry rule, chat, person, time.
    const keys = createKeys(world.prefix);
    const records = await world.redis.zrange(keys.violationLog, '0', '-1');
    expect(records.length).toBeGreaterThanOrEqual(3);
    expect(records.join(' ')).not.toMatch(/телег|контрольная|пиздец/);
  }, 60_000);

  it('a staff member’s flagged message is not deleted or announced; "это ошибка" is recorded; a curator’s own violation is reported to the admins', async () => {
    const { students } = await school();
    const first = await world.control.sendChatText(students, CURATOR, 'Мой рабочий телефон для срочных вопросов: +7 912 345-67-89');
    const explained = await eventually(async () => {
      const m = (await world.control.botMessagesTo(CURATOR)).find((x) => x.text?.includes('нарушает правила'));
      expect(m).toBeTruthy();
      return m!;
    });
    await world.control.sendChatText(students, CURATOR, 'Повторю: +7 912 345-67-89');
    // The second one is reported — to the admins, not to the curator about herself.
    await eventually(async () =>
      expect((await world.control.botMessagesTo(ADMIN)).some((m) => m.text?.includes('нарушение') && m.text.includes('Петрова Анна Ивановна'))).toBe(true),
    );
    expect((await world.control.botMessagesTo(CURATOR)).some((m) => m.text?.includes('Нарушений за 30 дней'))).toBe(false);
    // Nothing deleted, nobody named in the chat.
    expect((await world.control.messages({ chatId: students })).find((m) => m.mid === first.mid)!.deleted).toBe(false);
    expect((await botSaidIn(students)).some((t) => t.includes('повторное нарушение') || t.includes('Петрова'))).toBe(false);
    // The staff member marks the first one as a false alarm; a second press does not count twice.
    await world.control.pressByText(CURATOR, explained.mid, 'Это ошибка');
    await eventually(async () => expect(await world.app.conduct.store.falseAlarmCounts()).toEqual({ personal_data: 1 }));
    const report = (await world.control.botMessagesTo(ADMIN)).find((m) => m.text?.includes('Нарушений за 30 дней'))!;
    await world.control.pressByText(ADMIN, report.mid, 'Это ошибка');
    await eventually(async () => expect(await world.app.conduct.store.falseAlarmCounts()).toEqual({ personal_data: 2 }));
    // The administrator sees where the rules misfire in /stats.
    await eventually(async () => {
      const [summary] = await say(world, ADMIN, '/stats 7');
      expect(summary!.text).toContain('Отмечено как ошибка правила («Это ошибка»): персональные данные 2');
    }, 10_000);
  }, 60_000);

  it('the school’s reception number stays in the chat; an obscene name-call is both profanity and an insult, one step on the ladder', async () => {
    const { parents, students } = await school();
    expect((await say(world, ADMIN, '/numbers add +7 (495) 123-45-67'))[0]!.text).toContain('можно публиковать');
    expect((await say(world, ADMIN, '/numbers add позвоните'))[0]!.text).toContain('не похоже на телефонный номер');
    const reception = await world.control.sendChatText(parents, 30, 'Телефон приёмной школы: 8 495 123 45 67');
    const personal = await world.control.sendChatText(parents, 30, 'А мой: 8 912 345 67 89');
    await eventually(async () => expect((await world.control.messages({ chatId: parents })).find((m) => m.mid === personal.mid)!.deleted).toBe(true));
    expect((await world.control.messages({ chatId: parents })).find((m) => m.mid === reception.mid)!.deleted).toBe(false);

    const { mid } = await world.control.sendChatText(students, 20, 'ты долбоёб');
    await eventually(async () => expect((await world.control.messages({ chatId: students })).find((m) => m.mid === mid)!.deleted).toBe(true));
    const keys = createKeys(world.prefix);
    const log = await world.redis.zrange(keys.violationLog, '0', '-1');
    expect(
      log
        .filter((r) => r.includes(mid))
        .map((r) => r.split('|').at(-1))
        .sort(),
    ).toEqual(['insult', 'profanity']);
    // One message, one step: no "repeated violation" warning in the chat.
    await settled(world);
    expect((await botSaidIn(students)).some((t) => t.includes('повторное нарушение'))).toBe(false);
  }, 60_000);

  it('a phone number is removed from a parents’ chat and the author is told why', async () => {
    const { parents } = await school();
    const { mid } = await world.control.sendChatText(parents, 30, 'Звоните мне: +7 912 345-67-89');
    await eventually(async () => expect((await world.control.messages({ chatId: parents })).find((m) => m.mid === mid)!.deleted).toBe(true));
    await eventually(async () => expect((await world.control.botMessagesTo(30)).some((m) => m.text?.includes('персональные данные'))).toBe(true));
  }, 60_000);

  it('a surname of the school’s own people is not an insult; each kind of personal data is explained with its clause (issue 22)', async () => {
    const { students, parents } = await school();
    await join(world, 21, await invite(world, CURATOR, 'ученик 5А'), { name: 'Дурак Олег' });
    await decide(world, CURATOR, 'Дурак Олег', 'Подтвердить');
    await joinByLink(world, 21, students);
    const keys = createKeys(world.prefix);
    const named = await world.control.sendChatText(students, 20, 'Дурак сегодня дежурит по классу');
    const insult = await world.control.sendChatText(students, 20, 'ты дурак');
    await eventually(async () => expect((await world.redis.zrange(keys.violationLog, '0', '-1')).some((r) => r.includes(insult.mid))).toBe(true));
    expect((await world.redis.zrange(keys.violationLog, '0', '-1')).some((r) => r.includes(named.mid))).toBe(false);

    const health = await world.control.sendChatText(parents, 30, 'У моей дочки диабет, ей нужно есть по часам');
    await eventually(async () => expect((await world.control.messages({ chatId: parents })).find((m) => m.mid === health.mid)!.deleted).toBe(true));
    await eventually(async () =>
      expect((await world.control.botMessagesTo(30)).some((m) => m.text?.includes('о здоровье') && m.text.includes('п. 8.3'))).toBe(true),
    );
    const code = await world.control.sendChatText(parents, 30, 'Код из СМС от Госуслуг 482913, кто просил?');
    await eventually(async () => expect((await world.control.messages({ chatId: parents })).find((m) => m.mid === code.mid)!.deleted).toBe(true));
    await eventually(async () =>
      expect((await world.control.botMessagesTo(30)).some((m) => m.text?.includes('одноразовый код') && m.text.includes('п. 8.2'))).toBe(true),
    );
  }, 90_000);

  it('the recording poll reports who agreed, who declined and who has not answered', async () => {
    const { students } = await school();
    await world.control.sendChatText(students, CURATOR, '/recording');
    const poll = await eventually(async () => {
      const m = (await world.control.messages({ chatId: students, fromBot: true })).find((x) => x.text?.includes('записать видеовстречу'));
      expect(m).toBeTruthy();
      return m!;
    });
    // The one who starts the recording is not among those who have not answered.
    await world.control.pressByText(20, poll.mid, 'Не даю согласия');
    const tally = await eventually(async () => {
      const m = (await world.control.botMessagesTo(CURATOR)).find((x) => x.text?.startsWith('Согласие на запись'));
      expect(m).toBeTruthy();
      return m!.text!;
    });
    expect(tally).toContain('согласны — 0, не согласны — 1, не ответили — 0.');
    await world.control.pressByText(20, poll.mid, 'Даю согласие');
    await eventually(async () => expect((await world.control.botMessagesTo(CURATOR)).some((m) => m.text?.includes('Все участники согласились'))).toBe(true));
  }, 60_000);

  it('/report in a dialog asks what happened and confirms; an account alert reaches every admin at once, at most 3 a day', async () => {
    await school();
    clock = MONDAY_2200;
    const alerts = async () => (await world.control.botMessagesTo(ADMIN)).filter((m) => m.text?.includes('несанкционированном доступе'));
    // A report that is not about the account: nobody is alarmed, it goes to the curator in the morning.
    const [ask] = await say(world, 30, '/report статистика за ноябрь');
    const [describe] = await press(world, 30, ask!, 'Другое');
    const [confirm] = await say(world, 30, 'В чате родителей не открывается расписание');
    const [sent] = await press(world, 30, confirm!, 'Отправить');
    // Sent outside hours: the author is told when it will be seen.
    expect(sent!.text).toBe('Спасибо, сообщение передано классному руководителю. Сейчас нерабочее время: его увидят 24.11.2026 в 07:30.');
    expect(await alerts()).toHaveLength(0);
    expect(describe!.text).toContain('Опишите');
    // Changing one's mind changes nothing.
    const [ask2] = await say(world, 30, '/report');
    const [sure] = await press(world, 30, ask2!, 'Моим аккаунтом пользуется кто-то другой');
    await press(world, 30, sure!, 'Отмена');
    expect(await alerts()).toHaveLength(0);
    // Confirmed account alerts go at once, whatever the hour — three a day, then a polite refusal.
    for (let i = 0; i < 4; i++) {
      const [a] = await say(world, 30, '/report');
      const [c] = await press(world, 30, a!, 'Моим аккаунтом пользуется кто-то другой');
      const [done] = await press(world, 30, c!, 'Да, сообщить');
      expect(done!.text).toContain(i < 3 ? 'отправлено администраторам' : 'несколько раз');
    }
    await eventually(async () => expect(await alerts()).toHaveLength(3));
    // The other report reaches the curator at 07:30.
    clock = TUESDAY_0730;
    await timePasses(world);
    await eventually(async () => expect((await world.control.botMessagesTo(CURATOR)).some((m) => m.text?.includes('не открывается расписание'))).toBe(true));
  }, 60_000);

  it('a teacher writing to the parents’ chat off hours is offered to move it to the morning', async () => {
    const { parents } = await school();
    clock = MONDAY_2200;
    const { mid } = await world.control.sendChatText(parents, CURATOR, 'Напоминаю про родительское собрание');
    const nudge = await eventually(async () => {
      const m = (await world.control.botMessagesTo(CURATOR)).find((x) => x.text?.includes('в нерабочее время'));
      expect(m).toBeTruthy();
      return m!;
    });
    await world.control.pressByText(CURATOR, nudge.mid, 'Да, перенести');
    await eventually(async () => expect((await world.control.messages({ chatId: parents })).find((m) => m.mid === mid)!.deleted).toBe(true));
    clock = TUESDAY_0730;
    await timePasses(world);
    await eventually(async () => expect((await botSaidIn(parents)).some((t) => t === 'Напоминаю про родительское собрание')).toBe(true));
  }, 60_000);

  it('/hours changes the organisation’s hours; hold without delete rights falls back to remind and the binder is told', async () => {
    clock = MONDAY_NOON;
    world = await createWorld({ app: { now: () => clock } });
    await setupSchool(world);
    const [shown] = await say(world, ADMIN, '/hours');
    expect(shown!.text).toContain('07:30–20:00');
    const [changed] = await say(world, ADMIN, '/hours 08:00-19:00');
    expect(changed!.text).toContain('08:00–19:00');
    const [refused] = await say(world, CURATOR, '/hours 06:00-22:00');
    expect(refused!.text).toContain('недоступна');
    const [bad] = await say(world, ADMIN, '/hours 25:00-26:00');
    expect(bad!.text).not.toContain('Готово');
    // No `write`: in a group chat the bot then cannot delete, so hold falls back to reminding.
    const chatId = await bindChat(world, CURATOR, '5А родители', 'чат родителей класса', '5А', ['read_all_messages', 'add_remove_members', 'pin_message']);
    await join(world, 30, await invite(world, CURATOR, 'родитель 5А'), { name: 'Иванова Мария', child: 'Иванов Пётр' });
    await decide(world, CURATOR, 'Иванова Мария', 'Подтвердить');
    await joinByLink(world, 30, chatId);
    await world.control.sendChatText(chatId, CURATOR, '/policy hours hold');
    await eventually(async () => expect((await botSaidIn(chatId)).some((t) => t.includes('настройки чата изменены'))).toBe(true));
    clock = at('2026-11-24T04:50:00Z'); // 07:50 Moscow: working by default, not by the new hours
    await world.control.sendChatText(chatId, 30, 'Доброе утро, вопрос');
    await eventually(async () => expect((await botSaidIn(chatId)).some((t) => t.includes('нерабочее время') && t.includes('сегодня в 08:00'))).toBe(true));
    await eventually(async () =>
      expect(
        (await world.control.botMessagesTo(CURATOR)).some((m) => m.text?.includes('придерживать сообщения') && m.text.includes('«Писать сообщения»')),
      ).toBe(true),
    );
  }, 60_000);
});
