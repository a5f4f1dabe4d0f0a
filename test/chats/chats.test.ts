// SPEC §3.4 end to end through the sandbox: binding, provisioning, keeping membership true.
import { afterEach, describe, expect, it } from 'vitest';
import { createWorld, eventually, say, type World } from '../support/harness.js';
import { decide, invite, join } from '../org/support.js';
import { ADMIN, CURATOR, bindChat, members, pressIn, setupSchool } from './support.js';

describe('chats: binding, provisioning and keeping membership true', () => {
  let world: World;
  afterEach(async () => world?.close());

  it('binds, adds approved people (directly and by link), moves them, removes them', async () => {
    world = await createWorld();
    await setupSchool(world);
    const students5 = await bindChat(world, CURATOR, '5А ученики', 'чат учеников класса', '5А');
    const parents5 = await bindChat(world, CURATOR, '5А родители', 'чат родителей класса', '5А');
    const students6 = await bindChat(world, ADMIN, '6Б ученики', 'чат учеников класса', '6Б');
    const parents6 = await bindChat(world, ADMIN, '6Б родители', 'чат родителей класса', '6Б');
    // The rules are posted and pinned.
    const chat = await world.control.chat(students5);
    expect(chat.pinnedMid).toBeTruthy();

    // A student and a parent join and are approved; they land in the right chats.
    await join(world, 20, await invite(world, CURATOR, 'ученик 5А'), { name: 'Иванов Пётр' });
    await decide(world, CURATOR, 'Иванов Пётр', 'Подтвердить');
    await join(world, 30, await invite(world, CURATOR, 'родитель 5А'), { name: 'Иванова Мария', child: 'Иванов Пётр' });
    await decide(world, CURATOR, 'Иванова Мария', 'Подтвердить');
    await eventually(async () => {
      expect(await members(world, students5)).toContain(20);
      expect(await members(world, parents5)).toContain(30);
    });
    expect(await members(world, students5)).not.toContain(30);
    expect(await members(world, parents5)).not.toContain(20);

    // A second parent refuses being added: they get the chat's link in a dialog.
    await world.control.setUserPrivacy(31, { refuseAdd: true });
    await join(world, 31, await invite(world, CURATOR, 'родитель 5А'), { name: 'Иванов Сергей', child: 'Иванов Пётр' });
    await decide(world, CURATOR, 'Иванов Сергей', 'Подтвердить');
    await eventually(async () => {
      const dm = (await world.control.botMessagesTo(31)).map((m) => m.text ?? '');
      expect(dm.some((t) => t.includes('Вас ждут в чате «5А родители»') && t.includes('https://max.ru/join/'))).toBe(true);
    });
    expect(await members(world, parents5)).not.toContain(31);

    // Moving the student moves the student and the parents.
    const [pick] = await say(world, ADMIN, '/move Иванов Пётр');
    const after = await world.control.lastSeq();
    await world.control.pressByText(ADMIN, pick!.mid, 'Иванов Пётр');
    const [target] = await world.control.waitForMessages({ userId: ADMIN, fromBot: true }, { afterSeq: after });
    await world.control.pressByText(ADMIN, target!.mid, '6Б');
    await eventually(async () => {
      expect(await members(world, students6)).toContain(20);
      expect(await members(world, students5)).not.toContain(20);
      expect(await members(world, parents6)).toContain(30);
      expect(await members(world, parents5)).not.toContain(30);
    }, 8000);

    // Removing the parent from the organisation removes them from the parents' chat.
    const [rm] = await say(world, ADMIN, '/remove Иванова Мария');
    const after2 = await world.control.lastSeq();
    await world.control.pressByText(ADMIN, rm!.mid, 'Иванова Мария');
    const [confirm] = await world.control.waitForMessages({ userId: ADMIN, fromBot: true }, { afterSeq: after2 });
    await world.control.pressByText(ADMIN, confirm!.mid, 'Да, удалить');
    await eventually(async () => expect(await members(world, parents6)).not.toContain(30));
  }, 90_000);

  it('with adding refused for everyone and no link, the curator is told whom to add by hand', async () => {
    world = await createWorld();
    await setupSchool(world);
    await world.control.setAddRestrictedGlobally(true);
    const { chat_id } = await world.control.createChat({ title: '5А без ссылки', owner_id: CURATOR });
    await world.control.addBot(chat_id, { by: CURATOR });
    await pressIn(world, CURATOR, chat_id, 'чат учеников класса');
    await pressIn(world, CURATOR, chat_id, '5А');
    await join(world, 21, await invite(world, CURATOR, 'ученик 5А'), { name: 'Сидоров Павел' });
    await decide(world, CURATOR, 'Сидоров Павел', 'Подтвердить');
    await eventually(async () => {
      const dm = (await world.control.botMessagesTo(CURATOR)).map((m) => m.text ?? '');
      expect(dm.some((t) => t.includes('Добавьте, пожалуйста, вручную: Сидоров Павел'))).toBe(true);
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

  it('leaves a chat it was added to by an outsider', async () => {
    world = await createWorld();
    await setupSchool(world);
    await world.control.createUser({ user_id: 77, first_name: 'Посторонний' });
    const { chat_id } = await world.control.createChat({ title: 'Левый чат', owner_id: 77 });
    await world.control.addBot(chat_id, { by: 77 });
    await eventually(async () => expect((await world.control.chat(chat_id)).bot.inChat).toBe(false));
    const said = (await world.control.messages({ chatId: chat_id, fromBot: true })).map((m) => m.text ?? '');
    expect(said.some((t) => t.includes('только подтверждённые сотрудники'))).toBe(true);
  });

  it('a chat without add_remove_members produces the right report', async () => {
    world = await createWorld();
    await setupSchool(world);
    const chatId = await bindChat(world, CURATOR, '5А урезанный', 'чат учеников класса', '5А', ['read_all_messages', 'write', 'pin_message', 'delete_message']);
    const texts = (await world.control.messages({ chatId, fromBot: true })).map((m) => m.text ?? '');
    const report = texts.find((t) => t.startsWith('Готово'))!;
    expect(report).toContain('Добавлять и удалять участников');
    expect(report).not.toContain('Читать все сообщения');
  });

  it('/sync finds a planted stranger and a missing member; /chats lists the chat', async () => {
    world = await createWorld();
    await setupSchool(world);
    const chatId = await bindChat(world, CURATOR, '5А ученики', 'чат учеников класса', '5А');
    await join(world, 22, await invite(world, CURATOR, 'ученик 5А'), { name: 'Кузнецов Иван' });
    await decide(world, CURATOR, 'Кузнецов Иван', 'Подтвердить');
    await eventually(async () => expect(await members(world, chatId)).toContain(22));
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
    // "Add the missing" brings the student back.
    await world.control.pressByText(CURATOR, report!.mid, 'Добавить недостающих');
    await eventually(async () => expect(await members(world, chatId)).toContain(22));
  });
});
