// SPEC §3.4 end to end through the sandbox, which speaks MAX as it is today: bot_added
// names nobody, bots may not add members (people join by the chat's link), GET /chats
// is gone. Binding, joining by link, reminders, leaving unbound chats, membership.
import { afterEach, describe, expect, it } from 'vitest';
import { createWorld, eventually, say, type World } from '../support/harness.js';
import { decide, invite, join } from '../org/support.js';
import { ADMIN, CURATOR, bindChat, chatLink, joinByLink, members, movableClock, pressIn, pressInDialog, runDelayedChatJobs, setupSchool } from './support.js';

const DAY = 24 * 3600 * 1000;

describe('chats: binding, joining by link and keeping membership true', () => {
  let world: World;
  afterEach(async () => world?.close());

  it('a curator binds the parents’ chat from the private question; parents join by link; one who does not is reminded once after 3 days', async () => {
    const clock = movableClock();
    world = await createWorld({ app: { now: clock.now } });
    await setupSchool(world);
    const { chat_id: chatId } = await world.control.createChat({ title: '5А родители', owner_id: CURATOR, link: chatLink('5А родители') });
    await world.control.addBot(chatId, { by: CURATOR });
    // The chat hears who may set the bot up; the curator (its owner, a verified staff member) is asked privately.
    await eventually(async () => {
      const said = (await world.control.messages({ chatId, fromBot: true })).map((m) => m.text ?? '');
      expect(said.some((t) => t.includes('/bind') && t.includes('администратор этого чата'))).toBe(true);
    });
    await pressInDialog(world, CURATOR, 'чат родителей класса');
    await pressInDialog(world, CURATOR, '5А');
    await eventually(async () => expect((await world.control.messages({ chatId, fromBot: true })).some((m) => m.text?.startsWith('Готово'))).toBe(true));

    await join(world, 20, await invite(world, CURATOR, 'ученик 5А'), { name: 'Иванов Пётр' });
    await decide(world, CURATOR, 'Иванов Пётр', 'Подтвердить');
    await join(world, 30, await invite(world, CURATOR, 'родитель 5А'), { name: 'Иванова Мария', child: 'Иванов Пётр' });
    await decide(world, CURATOR, 'Иванова Мария', 'Подтвердить');
    await join(world, 31, await invite(world, CURATOR, 'родитель 5А'), { name: 'Иванов Сергей', child: 'Иванов Пётр' });
    await decide(world, CURATOR, 'Иванов Сергей', 'Подтвердить');

    // Each parent gets the chat's link privately, as a button; nobody is added directly.
    await joinByLink(world, 30, chatId);
    await eventually(async () => {
      const dm = await world.control.botMessagesTo(31);
      expect(dm.some((m) => m.text?.includes('Вас ждут в чате «5А родители»') && m.buttons.flat().some((b) => b.url === chatLink('5А родители')))).toBe(true);
    });
    expect(await members(world, chatId)).not.toContain(20);
    await eventually(async () => {
      const [list] = await say(world, CURATOR, '/chats');
      // The curator (the chat's owner) and the parent who joined.
      expect(list!.text, list!.text!).toContain('вступили: 2');
      expect(list!.text).toContain('не вступили (1): Иванов Сергей');
    });

    // Three days later the one who has not joined gets exactly one reminder.
    clock.advance(3 * DAY + 60_000);
    expect(await runDelayedChatJobs(world, ['remind'])).toBeGreaterThanOrEqual(1);
    const reminders = async (userId: number) =>
      (await world.control.botMessagesTo(userId)).filter((m) => m.text?.startsWith('Напоминаю: вас ждут в чате «5А родители»'));
    await eventually(async () => expect(await reminders(31)).toHaveLength(1));
    expect(await reminders(30)).toHaveLength(0);
    await runDelayedChatJobs(world, ['remind']);
    const [list] = await say(world, CURATOR, '/chats');
    expect(list!.text).toContain('не вступили (1): Иванов Сергей');
    expect(await reminders(31)).toHaveLength(1);

    // "Remind again" from /chats sends the link once more.
    await world.control.pressByText(CURATOR, list!.mid, 'Напомнить: «5А родители»');
    await eventually(async () => expect(await reminders(31)).toHaveLength(2));
    // Joining counts.
    await world.control.addMember(chatId, 31, { viaLink: true });
    await eventually(async () => {
      const [after] = await say(world, CURATOR, '/chats');
      expect(after!.text).toContain('вступили: 3');
      expect(after!.text).not.toContain('не вступили');
    });
  }, 60_000);

  it('/bind from a staff admin of the chat; a stranger’s /bind and forged or replayed buttons change nothing', async () => {
    world = await createWorld();
    await setupSchool(world);
    await world.control.createUser({ user_id: 77, first_name: 'Посторонний' });
    await world.control.createUser({ user_id: 78, first_name: 'Гость' });
    const { chat_id: chatId } = await world.control.createChat({ title: '5А ученики', owner_id: 77, members: [CURATOR, 78], link: chatLink('5А ученики') });
    await world.control.addBot(chatId, { by: 77 });
    await eventually(async () => expect((await world.control.messages({ chatId, fromBot: true })).some((m) => m.text?.includes('/bind'))).toBe(true));
    // Nobody among the chat's admins is school staff: nobody is asked privately.
    expect((await world.control.botMessagesTo(CURATOR)).some((m) => m.text?.includes('5А ученики'))).toBe(false);

    const refusals = async () => (await world.control.messages({ chatId, fromBot: true })).filter((m) => m.text?.includes('Настроить чат может')).length;
    // The owner is not school staff; the curator is staff but not an admin of this chat.
    await world.control.sendChatText(chatId, 77, '/bind');
    await world.control.sendChatText(chatId, CURATOR, '/bind');
    await eventually(async () => expect(await refusals()).toBe(1));
    await eventually(async () => {
      const said = (await world.control.messages({ chatId, fromBot: true })).map((m) => m.text ?? '');
      expect(said.filter((t) => t.includes('Настроить') || t.includes('нельзя') || t.includes('недоступна')).length).toBeGreaterThanOrEqual(2);
    });
    expect((await world.control.messages({ chatId, fromBot: true })).some((m) => m.buttons.length > 0)).toBe(false);

    // Made an admin of the chat, the curator may bind it with /bind.
    await world.control.setAdmin(chatId, CURATOR, { by: 77 });
    await world.control.sendChatText(chatId, CURATOR, '/bind');
    const question = await eventually(async () => {
      const m = (await world.control.messages({ chatId, fromBot: true })).find((x) => x.buttons.flat().some((b) => b.text === 'чат учеников класса'));
      expect(m).toBeTruthy();
      return m!;
    });
    // Someone else pressing the curator's buttons changes nothing.
    await world.control.pressByText(78, question.mid, 'чат учеников класса');
    await eventually(async () =>
      expect((await world.control.answers()).map((a) => a.notification)).toEqual([
        'Настроить чат может подтверждённый сотрудник школы — администратор этого чата в MAX.',
      ]),
    );
    expect((await world.app.chats.store.get(chatId))!.status).toBe('unbound');

    // An older question's buttons stop working once /bind asks again.
    await world.control.sendChatText(chatId, CURATOR, '/bind');
    await eventually(async () =>
      expect(
        (await world.control.messages({ chatId, fromBot: true })).filter((m) => m.buttons.flat().some((b) => b.text === 'чат учеников класса')),
      ).toHaveLength(2),
    );
    await world.control.pressByText(CURATOR, question.mid, 'чат учеников класса');
    await eventually(async () => expect((await world.control.answers()).filter((a) => a.notification === 'Эта кнопка уже неактуальна.')).toHaveLength(1));

    await pressIn(world, CURATOR, chatId, 'чат учеников класса');
    await pressIn(world, CURATOR, chatId, '5А');
    await eventually(async () => expect((await world.app.chats.store.get(chatId))!.status).toBe('bound'));
    // The guest's /bind in a bound chat changes nothing.
    await world.control.sendChatText(chatId, 78, '/bind');
    await eventually(async () => expect((await world.app.chats.store.get(chatId))!.boundBy).toBe(CURATOR));
  }, 40_000);

  it('leaves a chat nobody binds within a day, saying so; a bound one stays', async () => {
    const clock = movableClock();
    world = await createWorld({ app: { now: clock.now } });
    await setupSchool(world);
    await world.control.createUser({ user_id: 77, first_name: 'Посторонний' });
    const { chat_id: lonely } = await world.control.createChat({ title: 'Левый чат', owner_id: 77 });
    await world.control.addBot(lonely, { by: 77 });
    const bound = await bindChat(world, CURATOR, '5А ученики', 'чат учеников класса', '5А');
    await eventually(async () => expect(await world.app.chatJobs.queue.getDelayedCount()).toBeGreaterThanOrEqual(2));

    // Too early: the jobs put themselves back.
    await runDelayedChatJobs(world, ['leave']);
    await eventually(async () => expect(await world.app.chatJobs.queue.getDelayedCount()).toBeGreaterThanOrEqual(2));
    expect((await world.control.chat(lonely)).bot.inChat).toBe(true);

    clock.advance(DAY + 60_000);
    await runDelayedChatJobs(world, ['leave']);
    await eventually(async () => expect((await world.control.chat(lonely)).bot.inChat).toBe(false));
    const said = (await world.control.messages({ chatId: lonely, fromBot: true })).map((m) => m.text ?? '');
    expect(said.some((t) => t.includes('За сутки чат так и не настроили'))).toBe(true);
    expect((await world.control.chat(bound)).bot.inChat).toBe(true);
    // An unbound chat is never moderated.
    expect((await world.app.chats.store.get(lonely))!.status).toBe('left');
  });

  it('adds directly where MAX still allows it; once MAX refuses, the chat only gets links and is not tried again', async () => {
    world = await createWorld();
    await setupSchool(world);
    const chatId = await bindChat(world, CURATOR, '5А ученики', 'чат учеников класса', '5А');
    await world.control.setChat(chatId, { addAllowed: true });
    await join(world, 20, await invite(world, CURATOR, 'ученик 5А'), { name: 'Иванов Пётр' });
    await decide(world, CURATOR, 'Иванов Пётр', 'Подтвердить');
    await eventually(async () => expect(await members(world, chatId)).toContain(20));

    await world.control.setChat(chatId, { addAllowed: false });
    await join(world, 21, await invite(world, CURATOR, 'ученик 5А'), { name: 'Сидоров Павел' });
    await decide(world, CURATOR, 'Сидоров Павел', 'Подтвердить');
    await joinByLink(world, 21, chatId);
    await join(world, 22, await invite(world, CURATOR, 'ученик 5А'), { name: 'Кузнецов Иван' });
    await decide(world, CURATOR, 'Кузнецов Иван', 'Подтвердить');
    await joinByLink(world, 22, chatId);
    // One refused POST /chats/{id}/members for this chat, then no more tries.
    const adds = await world.control.requests({ method: 'POST', path: `/chats/${chatId}/members` });
    expect(adds.map((r) => r.status)).toEqual([200, 403]);
    expect((await world.app.chats.store.get(chatId))!.directAddRefused).toBe('method.restricted');
  }, 40_000);

  it('binds, invites approved people by link, moves them, removes them', async () => {
    world = await createWorld();
    await setupSchool(world);
    const students5 = await bindChat(world, CURATOR, '5А ученики', 'чат учеников класса', '5А');
    const parents5 = await bindChat(world, CURATOR, '5А родители', 'чат родителей класса', '5А', undefined, 'bind');
    const students6 = await bindChat(world, ADMIN, '6Б ученики', 'чат учеников класса', '6Б');
    const parents6 = await bindChat(world, ADMIN, '6Б родители', 'чат родителей класса', '6Б');
    // The rules are posted and pinned.
    await eventually(async () => expect((await world.control.chat(students5)).pinnedMid).toBeTruthy());

    await join(world, 20, await invite(world, CURATOR, 'ученик 5А'), { name: 'Иванов Пётр' });
    await decide(world, CURATOR, 'Иванов Пётр', 'Подтвердить');
    await join(world, 30, await invite(world, CURATOR, 'родитель 5А'), { name: 'Иванова Мария', child: 'Иванов Пётр' });
    await decide(world, CURATOR, 'Иванова Мария', 'Подтвердить');
    await joinByLink(world, 20, students5);
    await joinByLink(world, 30, parents5);
    expect(await members(world, students5)).not.toContain(30);
    expect((await world.control.botMessagesTo(20)).some((m) => m.text?.includes('5А родители'))).toBe(false);

    // Moving the student moves the student and the parent: links to the new chats, removal from the old.
    const [pick] = await say(world, ADMIN, '/move Иванов Пётр');
    const after = await world.control.lastSeq();
    await world.control.pressByText(ADMIN, pick!.mid, 'Иванов Пётр');
    const [target] = await world.control.waitForMessages({ userId: ADMIN, fromBot: true }, { afterSeq: after });
    await world.control.pressByText(ADMIN, target!.mid, '6Б');
    await eventually(async () => {
      expect(await members(world, students5)).not.toContain(20);
      expect(await members(world, parents5)).not.toContain(30);
    }, 8000);
    await joinByLink(world, 20, students6);
    await joinByLink(world, 30, parents6);

    // Removing the parent from the organisation removes them from the parents' chat.
    const [rm] = await say(world, ADMIN, '/remove Иванова Мария');
    const after2 = await world.control.lastSeq();
    await world.control.pressByText(ADMIN, rm!.mid, 'Иванова Мария');
    const [confirm] = await world.control.waitForMessages({ userId: ADMIN, fromBot: true }, { afterSeq: after2 });
    await world.control.pressByText(ADMIN, confirm!.mid, 'Да, удалить');
    await eventually(async () => expect(await members(world, parents6)).not.toContain(30));
  }, 90_000);

  it('without a chat link, the curator is told whom to add by hand', async () => {
    world = await createWorld();
    await setupSchool(world);
    const { chat_id } = await world.control.createChat({ title: '5А без ссылки', owner_id: CURATOR });
    await world.control.addBot(chat_id, { by: CURATOR });
    await pressInDialog(world, CURATOR, 'чат учеников класса');
    await pressInDialog(world, CURATOR, '5А');
    await join(world, 21, await invite(world, CURATOR, 'ученик 5А'), { name: 'Сидоров Павел' });
    await decide(world, CURATOR, 'Сидоров Павел', 'Подтвердить');
    await eventually(async () => {
      const dm = (await world.control.botMessagesTo(CURATOR)).map((m) => m.text ?? '');
      expect(
        dm.some(
          (t) =>
            t.includes('боты в MAX не могут добавлять участников') && t.includes('Добавьте, пожалуйста, вручную или пришлите им ссылку на чат: Сидоров Павел'),
        ),
      ).toBe(true);
    });
  });

  it('a stranger who joins by link is reported, and removed when the curator presses the button', async () => {
    world = await createWorld();
    await setupSchool(world);
    const chatId = await bindChat(world, CURATOR, '5А ученики', 'чат учеников класса', '5А');
    await world.control.createUser({ user_id: 99, first_name: 'Незнакомец' });
    await world.control.addMember(chatId, 99, { viaLink: true });
    const report = await eventually(async () => {
      const m = (await world.control.botMessagesTo(CURATOR)).find((x) => x.text?.includes('появился человек') && x.text.includes('Незнакомец'));
      expect(m).toBeTruthy();
      return m!;
    });
    await world.control.pressByText(CURATOR, report.mid, 'Удалить');
    await eventually(async () => expect(await members(world, chatId)).not.toContain(99));
  });

  it('binding a chat that already has people in it reports the stranger and who is missing at once', async () => {
    world = await createWorld();
    await setupSchool(world);
    await join(world, 20, await invite(world, CURATOR, 'ученик 5А'), { name: 'Иванов Пётр' });
    await decide(world, CURATOR, 'Иванов Пётр', 'Подтвердить');
    await join(world, 21, await invite(world, CURATOR, 'ученик 5А'), { name: 'Сидоров Олег' });
    await decide(world, CURATOR, 'Сидоров Олег', 'Подтвердить');
    await world.control.createUser({ user_id: 97, first_name: 'Чужой' });
    // The chat existed before the bot: a student who belongs and a stranger are in it already.
    const { chat_id: chatId } = await world.control.createChat({ title: '5А ученики', owner_id: CURATOR, members: [20, 97], link: chatLink('5А ученики') });
    await world.control.addBot(chatId, { by: CURATOR });
    await pressInDialog(world, CURATOR, 'чат учеников класса');
    await pressInDialog(world, CURATOR, '5А');
    const report = await eventually(async () => {
      const m = (await world.control.botMessagesTo(CURATOR)).find((x) => x.text?.startsWith('Чат «5А ученики» привязан'));
      expect(m).toBeTruthy();
      return m!;
    });
    expect(report.text).toContain('Посторонние (1): Чужой');
    expect(report.text).toContain('Ссылка отправлена, не вступили (1): Сидоров Олег');
    expect(report.text).not.toContain('Иванов');
    // The findings are the daily check's baseline: run now, it has nothing new to report.
    const before = (await world.control.botMessagesTo(CURATOR)).length;
    const daily = await world.app.chatJobs.queue.add('daily', { kind: 'daily' });
    await eventually(async () => expect(await daily.getState()).toBe('completed'));
    await say(world, CURATOR, '/help'); // replies to one person go out in order: anything queued before is there
    expect((await world.control.botMessagesTo(CURATOR)).slice(before).filter((m) => m.text?.startsWith('Сверка'))).toEqual([]);
    await world.control.pressByText(CURATOR, report.mid, 'Удалить: Чужой');
    await eventually(async () => expect(await members(world, chatId)).not.toContain(97));
  });

  it('a chat without add_remove_members produces the right report', async () => {
    world = await createWorld();
    await setupSchool(world);
    const chatId = await bindChat(world, CURATOR, '5А урезанный', 'чат учеников класса', '5А', ['read_all_messages', 'write', 'pin_message']);
    const texts = (await world.control.messages({ chatId, fromBot: true })).map((m) => m.text ?? '');
    const report = texts.find((t) => t.startsWith('Готово'))!;
    expect(report).toContain('Добавлять и удалять участников');
    expect(report).not.toContain('Читать все сообщения');
  });

  it('/sync finds a planted stranger and a member who left; "invite the missing" sends the link again', async () => {
    world = await createWorld();
    await setupSchool(world);
    const chatId = await bindChat(world, CURATOR, '5А ученики', 'чат учеников класса', '5А');
    await join(world, 22, await invite(world, CURATOR, 'ученик 5А'), { name: 'Кузнецов Иван' });
    await decide(world, CURATOR, 'Кузнецов Иван', 'Подтвердить');
    await joinByLink(world, 22, chatId);
    await eventually(async () => expect((await world.app.chats.store.placement(chatId, 22))?.state).toBe('present'));
    // The student leaves; a stranger is planted by the owner.
    await world.control.removeMember(chatId, 22);
    await world.control.createUser({ user_id: 98, first_name: 'Чужой' });
    await world.control.addMember(chatId, 98, { by: CURATOR });
    await eventually(async () => expect((await world.control.botMessagesTo(CURATOR)).some((m) => m.text?.includes('появился человек'))).toBe(true));
    const [report] = await say(world, CURATOR, '/sync');
    expect(report!.text).toContain('Нет в чате (1): Кузнецов Иван');
    expect(report!.text).toContain('Посторонние (1): Чужой');
    const [list] = await say(world, CURATOR, '/chats');
    expect(list!.text).toContain('«5А ученики» — чат учеников класса');
    const linksBefore = (await world.control.botMessagesTo(22)).filter((m) => m.buttons.flat().some((b) => b.url)).length;
    await world.control.pressByText(CURATOR, report!.mid, 'Пригласить недостающих');
    await eventually(async () =>
      expect((await world.control.botMessagesTo(22)).filter((m) => m.buttons.flat().some((b) => b.url)).length).toBe(linksBefore + 1),
    );
  });

  it('/sync goes on when one bound chat cannot be read', async () => {
    world = await createWorld();
    await setupSchool(world);
    const gone = await bindChat(world, CURATOR, '5А ученики', 'чат учеников класса', '5А');
    await bindChat(world, CURATOR, '5А родители', 'чат родителей класса', '5А');
    await world.control.fault({ method: 'GET', path: `/chats/${gone}/members`, status: 404, count: 50 });
    // Two reports and the progress message.
    const replies = await world.control.waitForMessages(
      { userId: CURATOR, fromBot: true },
      {
        count: 3,
        afterSeq: await (async () => {
          const after = await world.control.lastSeq();
          await world.control.sendText(CURATOR, '/sync');
          return after;
        })(),
        timeoutMs: 8000,
      },
    );
    const texts = replies.map((m) => m.text ?? '');
    expect(texts.some((t) => t.includes('Чат «5А ученики» сейчас не проверить'))).toBe(true);
    expect(texts.some((t) => t.startsWith('Сверка чата «5А родители»'))).toBe(true);
  });

  it('/sync of several chats runs as a job and shows its progress in one message, edited chat by chat', async () => {
    world = await createWorld();
    await setupSchool(world);
    await bindChat(world, CURATOR, '5А ученики', 'чат учеников класса', '5А');
    await bindChat(world, CURATOR, '5А родители', 'чат родителей класса', '5А');
    await bindChat(world, CURATOR, '5А педагоги', 'чат педагогов класса', '5А');
    const after = await world.control.lastSeq();
    await world.control.clearRequests();
    await world.control.sendText(CURATOR, '/sync');
    const replies = await world.control.waitForMessages({ userId: CURATOR, fromBot: true }, { count: 4, afterSeq: after, timeoutMs: 8000 });
    // The three reports, and one progress message: sent once, then edited, ending with the summary.
    expect(replies.filter((m) => m.text?.startsWith('Сверка чата «'))).toHaveLength(3);
    const progress = replies.filter((m) => !m.text?.startsWith('Сверка чата «'));
    expect(progress).toHaveLength(1);
    await eventually(async () => {
      const [now] = (await world.control.botMessagesTo(CURATOR, after)).filter((m) => m.mid === progress[0]!.mid);
      expect(now!.text).toBe('Сверка закончена: 3 чата. Отчёты — отдельными сообщениями.');
      expect(now!.editedAt).toBeDefined();
    });
    const edits = (await world.control.requests({ method: 'PUT', path: '/messages' })).map((r) => JSON.stringify(r.body ?? ''));
    // «Сверяю 1 чат из 3…» was the message as sent; then 2 and 3, then the summary.
    expect(edits.filter((b) => b.includes('Сверяю 2 чата из 3') || b.includes('Сверяю 3 чата из 3'))).toHaveLength(2);
    expect(edits.filter((b) => b.includes('Сверка закончена'))).toHaveLength(1);
  });
});
