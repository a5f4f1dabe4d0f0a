// Moderation with the rights MAX really gives a chat-admin bot (issue #20): in a group
// chat the right to delete others' messages is `write`; without it the binder is told,
// once, which right to grant.
import { afterEach, describe, expect, it } from 'vitest';
import { CURATOR, bindChat, joinByLink, setupSchool } from '../chats/support.js';
import { decide, invite, join } from '../org/support.js';
import { createWorld, eventually, say, type World } from '../support/harness.js';

/** What MAX gives a bot made admin of a group chat today. */
const GROUP_CHAT_BOT = ['read_all_messages', 'add_remove_members', 'add_admins', 'change_chat_info', 'pin_message', 'write', 'edit_link'];
const MONDAY_NOON = Date.parse('2026-11-23T09:00:00Z');

describe('moderation with MAX’s group-chat admin rights', () => {
  let world: World;
  afterEach(async () => world?.close());

  async function classChat(permissions: string[]): Promise<number> {
    world = await createWorld({ app: { now: () => MONDAY_NOON } });
    await setupSchool(world);
    const chatId = await bindChat(world, CURATOR, '5А ученики', 'чат учеников класса', '5А', permissions);
    await join(world, 20, await invite(world, CURATOR, 'ученик 5А'), { name: 'Иванов Пётр' });
    await decide(world, CURATOR, 'Иванов Пётр', 'Подтвердить');
    await joinByLink(world, 20, chatId);
    return chatId;
  }

  const deleted = async (chatId: number, mid: string) => (await world.control.messages({ chatId })).find((m) => m.mid === mid)!.deleted;
  const notices = async () => (await world.control.botMessagesTo(CURATOR)).filter((m) => m.text?.includes('не может удалять чужие сообщения'));

  it('deletes an obscene message and a phone number with exactly the rights MAX gives; the binding report asks for nothing', async () => {
    const chatId = await classChat(GROUP_CHAT_BOT);
    const report = (await world.control.messages({ chatId, fromBot: true })).find((m) => m.text?.startsWith('Готово'))!;
    expect(report.text).toContain('Все нужные права у бота есть');

    const obscene = await world.control.sendChatText(chatId, 20, 'бля, опять контрольная');
    const phone = await world.control.sendChatText(chatId, 20, 'Пишите мне: +7 912 345-67-89');
    await eventually(async () => expect(await deleted(chatId, obscene.mid)).toBe(true));
    await eventually(async () => expect(await deleted(chatId, phone.mid)).toBe(true));
    expect(await notices()).toEqual([]);
  }, 60_000);

  it('without `write` nothing is deleted and the binder is told once which right to grant; changed rights reset that', async () => {
    const chatId = await classChat(GROUP_CHAT_BOT.filter((p) => p !== 'write'));
    const report = (await world.control.messages({ chatId, fromBot: true })).find((m) => m.text?.startsWith('Готово'))!;
    expect(report.text).toContain('нет права «Писать сообщения»');

    const first = await world.control.sendChatText(chatId, 20, 'бля, опять контрольная');
    const second = await world.control.sendChatText(chatId, 20, 'Пишите мне: +7 912 345-67-89');
    // Both were handled (the writer got both explanations), and the binder heard once.
    await eventually(async () => expect((await world.control.botMessagesTo(20)).filter((m) => m.text?.includes('нарушает правила'))).toHaveLength(2));
    await eventually(async () => expect(await notices()).toHaveLength(1));
    const [notice] = await notices();
    expect(notice!.text).toContain('«5А ученики»');
    expect(notice!.text).toContain('Дайте боту право «Писать сообщения»');
    expect(notice!.text).toContain('«Администраторы»');
    expect(await deleted(chatId, first.mid)).toBe(false);
    expect(await deleted(chatId, second.mid)).toBe(false);
    // Replies to one person go out in order: once the curator's /start is answered, any second
    // notice (queued with the second violation's explanation, already seen) would be there too.
    await say(world, CURATOR, '/start');
    expect(await notices()).toHaveLength(1);

    // The rights change (still without write): the next violation tells the binder again.
    await world.control.setBotPermissions(chatId, GROUP_CHAT_BOT.filter((p) => p !== 'write' && p !== 'edit_link') as never, { by: CURATOR });
    await world.app.chatJobs.queue.add('daily', { kind: 'daily' });
    await eventually(async () => expect((await world.app.chats.store.get(chatId))!.permissions).not.toContain('edit_link'));
    await world.control.sendChatText(chatId, 20, 'ну ты и пиздец');
    await eventually(async () => expect(await notices()).toHaveLength(2));
  }, 90_000);
});
