// Admin rights per chat type, as MAX's description of ChatAdminPermission fixes them
// (dev.max.ru, the rights of POST /chats/{chatId}/members/admins; the values are the
// ChatAdminPermission enum of the official schema.yaml, max-messenger/api-schema v0.0.33).
// The clauses this file pins, word for word:
//
//   «`edit` — редактировать посты в каналах (для групповых чатов недоступно). Ранее вместо
//    `edit` в API использовалось `edit_message` — в ответе могут возвращаться оба значения,
//    однако при назначении новых прав администраторам используйте `edit`.»
//   «`delete` — удалять посты (для групповых чатов недоступно). Ранее вместо `delete` в API
//    использовалось `delete_message` — в ответе могут возвращаться оба значения, однако при
//    назначении новых прав администраторам используйте `delete`.»
//   «`write` — редактировать и удалять сообщения в групповых чатах, а также писать посты в
//    каналах. Ранее вместо `write` в API использовалось `post_edit_delete_message` — в ответе
//    могут возвращаться оба значения, однако при назначении новых прав администраторам
//    используйте `write`.»
//   «`edit_link` — изменять ссылку на групповой чат (для каналов недоступно).»
import { describe, expect, it } from 'vitest';
import { maxError, startWorld, type World } from './support.js';

/** What MAX gives a bot made admin of a group chat today. */
const GROUP_CHAT_BOT = ['read_all_messages', 'add_remove_members', 'add_admins', 'change_chat_info', 'pin_message', 'write', 'edit_link'];

async function chatOfType(world: World, type: 'chat' | 'channel'): Promise<number> {
  const { control } = world;
  await control.createUser({ user_id: 1, first_name: 'Анна', last_name: 'Учитель' });
  await control.createUser({ user_id: 2, first_name: 'Борис' });
  const { chat_id } = await control.createChat({ title: type === 'chat' ? '5А класс' : 'Новости школы', owner_id: 1, members: [2], type });
  await control.addBot(chat_id, { by: 1 });
  return chat_id;
}

describe('rights per chat type (ChatAdminPermission)', () => {
  it('group chat: the bot admin has the group rights; `write` deletes others’ messages; channel rights are not offered', async () => {
    const world = await startWorld();
    const { control, api } = world;
    const chatId = await chatOfType(world, 'chat');
    expect((await api.getChatMembership(chatId)).permissions).toEqual(GROUP_CHAT_BOT);

    const first = await control.sendChatText(chatId, 2, 'сообщение участника');
    await expect(api.deleteMessage(first.mid)).resolves.toEqual({ success: true });

    // Without `write`, nothing else lets the bot delete someone else's message.
    await control.setBotPermissions(chatId, GROUP_CHAT_BOT.filter((p) => p !== 'write') as never);
    const second = await control.sendChatText(chatId, 2, 'ещё одно');
    expect((await maxError(api.deleteMessage(second.mid))).status).toBe(403);
    // The older name of `write` may still come back from MAX and means the same.
    await control.setBotPermissions(chatId, ['read_all_messages', 'post_edit_delete_message']);
    await expect(api.deleteMessage(second.mid)).resolves.toEqual({ success: true });

    // «для групповых чатов недоступно»: channel rights are refused, old names and new.
    for (const right of ['delete', 'delete_message', 'edit', 'edit_message'] as const) {
      await expect(control.setBotPermissions(chatId, ['read_all_messages', right])).rejects.toMatchObject({ status: 400 });
    }
    await control.setBotPermissions(chatId, GROUP_CHAT_BOT as never);
    await expect(api.addChatAdmins(chatId, [{ user_id: 2, permissions: ['delete'] }] as never)).rejects.toMatchObject({ status: 400 });
    expect((await control.chat(chatId)).ownerId).toBe(1);
    expect((await control.chat(chatId)).members.find((m) => m.userId === 1)!.permissions).not.toContain('delete');
  });

  it('channel: deleting others’ posts needs `delete` (or `delete_message`); `write` only posts; edit_link is not offered', async () => {
    const world = await startWorld();
    const { control, api } = world;
    const chatId = await chatOfType(world, 'channel');
    const bot = (await api.getChatMembership(chatId)).permissions ?? [];
    expect(bot).toEqual(expect.arrayContaining(['write', 'delete', 'edit']));
    expect(bot).not.toContain('edit_link');

    const post = await control.sendChatText(chatId, 1, 'пост владельца');
    await control.setBotPermissions(chatId, ['read_all_messages', 'write']);
    expect((await maxError(api.deleteMessage(post.mid))).status).toBe(403);
    await control.setBotPermissions(chatId, ['read_all_messages', 'delete_message']);
    await expect(api.deleteMessage(post.mid)).resolves.toEqual({ success: true });
    await expect(control.setBotPermissions(chatId, ['read_all_messages', 'edit_link'])).rejects.toMatchObject({ status: 400 });
  });
});
