// Group chats: visibility, membership events, adding members (privacy and
// restrictions), admins, the bot's own membership, pins.
import type { UserAddedUpdate, UserRemovedUpdate } from '@maxhub/max-bot-api/types';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { maxError, startWorld, type World } from './support.js';

async function classChat(world: World, opts: { admin?: boolean } = {}): Promise<number> {
  const { control } = world;
  await control.createUser({ user_id: 1, first_name: 'Анна', last_name: 'Учитель' });
  await control.createUser({ user_id: 2, first_name: 'Борис' });
  const { chat_id } = await control.createChat({ title: '5А класс', owner_id: 1, members: [2], link: 'https://max.ru/join/abc' });
  await control.addBot(chat_id, opts.admin === false ? { by: 1, admin: false } : { by: 1 });
  return chat_id;
}

async function drain(world: World): Promise<string[]> {
  const { updates, marker } = await world.api.getUpdates([], { timeout: 1 });
  await world.api.getUpdates([], { marker, timeout: 1 }).catch(() => undefined);
  return updates.map((u) => u.update_type);
}

describe('group chats', () => {
  it('serves the chat as the Bot API Chat shape', async () => {
    const world = await startWorld();
    const chatId = await classChat(world);
    expect(chatId).toBeLessThan(0);
    const chat = await world.api.getChat(chatId);
    expect(chat).toEqual({
      chat_id: chatId,
      type: 'chat',
      status: 'active',
      title: '5А класс',
      icon: null,
      last_event_time: expect.any(Number),
      participants_count: 3,
      owner_id: 1,
      is_public: false,
      link: 'https://max.ru/join/abc',
      description: null,
    });
  });

  it('reports messages only to an admin bot with read_all_messages; membership events always', async () => {
    const world = await startWorld();
    const { control, api } = world;
    const chatId = await classChat(world);
    expect(await drain(world)).toEqual(['bot_added']);

    await control.sendChatText(chatId, 2, 'Всем привет');
    expect(await drain(world)).toEqual(['message_created']);

    await control.setBotPermissions(chatId, ['add_remove_members']);
    await control.sendChatText(chatId, 2, 'невидимо');
    await control.addMember(chatId, 3, { viaLink: true });
    await control.renameChat(chatId, '5А', 1);
    const { updates } = await api.getUpdates([], { timeout: 1 });
    expect(updates.map((u) => u.update_type)).toEqual(['user_added', 'chat_title_changed']);
    expect(updates[0]).toMatchObject({ chat_id: chatId, user: { user_id: 3 }, inviter_id: null, is_channel: false });
    expect(updates[1]).toMatchObject({ chat_id: chatId, user: { user_id: 1 }, title: '5А' });
  });

  it('adds members, refusing privacy-protected and unknown users, with user_added per added user', async () => {
    const world = await startWorld();
    const { control, api } = world;
    const chatId = await classChat(world);
    await drain(world);
    await control.createUser({ user_id: 10, first_name: 'Вера' });
    await control.createUser({ user_id: 11, first_name: 'Глеб' });
    await control.setUserPrivacy(11, { refuseAdd: true });

    await control.setChat(chatId, { addAllowed: true });
    const res = await api.addChatMembers(chatId, [10, 11, 999]);
    expect(res).toEqual({
      success: true,
      failed_user_ids: [11, 999],
      failed_user_details: [
        { error_code: 'add.participant.privacy', user_ids: [11] },
        { error_code: 'add.participant.not.found', user_ids: [999] },
      ],
    });
    await expect(api.addChatMembers(chatId, [10])).resolves.toEqual({ success: true });

    const { updates } = await api.getUpdates([], { timeout: 1 });
    expect(updates).toHaveLength(1);
    expect(updates[0] as UserAddedUpdate).toMatchObject({ update_type: 'user_added', chat_id: chatId, user: { user_id: 10 }, inviter_id: 9000 });
    const chat = await control.chat(chatId);
    expect(chat.members.map((m) => m.userId)).toEqual([1, 2, 10]);
  });

  it('refuses adding members to bots (403 method.restricted) unless a test allows it; then needs add_remove_members', async () => {
    const world = await startWorld();
    const { control, api } = world;
    const chatId = await classChat(world, { admin: false });
    await control.createUser({ user_id: 10, first_name: 'Вера' });

    const restricted = await maxError(api.addChatMembers(chatId, [10]));
    expect([restricted.status, restricted.code]).toEqual([403, 'method.restricted']);
    await control.setBotPermissions(chatId, ['add_remove_members']);
    expect((await maxError(api.addChatMembers(chatId, [10]))).code).toBe('method.restricted');

    await control.setChat(chatId, { addAllowed: true });
    await control.setBotPermissions(chatId, null);
    const denied = await maxError(api.addChatMembers(chatId, [10]));
    expect([denied.status, denied.code]).toEqual([403, 'chat.denied']);
    await control.setBotPermissions(chatId, ['add_remove_members']);
    await expect(api.addChatMembers(chatId, [10])).resolves.toEqual({ success: true });
  });

  it('bot_added names nobody; GET /chats is not served', async () => {
    const world = await startWorld();
    await classChat(world);
    const { updates } = await world.api.getUpdates([], { timeout: 1 });
    expect(updates).toHaveLength(1);
    expect(updates[0]).toEqual({ update_type: 'bot_added', timestamp: expect.any(Number), chat_id: expect.any(Number), is_channel: false });
    const err = await maxError(world.api.getAllChats());
    expect([err.status, err.code]).toEqual([404, 'method.not.supported']);
  });

  it('bot_admin_permissions_changed goes only to a webhook subscription that asks for it, never to polling', async () => {
    const world = await startWorld();
    const { control, api } = world;
    const chatId = await classChat(world);
    await drain(world);
    await control.setBotPermissions(chatId, ['read_all_messages', 'write']);
    expect((await api.getUpdates([], { timeout: 1 })).updates).toEqual([]);

    // A webhook subscription without a type list does not get it either; one that names it does.
    const received: Array<{ url: string; update: Record<string, unknown> }> = [];
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        received.push({ url: req.url ?? '', update: JSON.parse(body) as Record<string, unknown> });
        res.writeHead(200).end('ok');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    try {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      await api.subscribe(`${base}/all`);
      await api.subscribe(`${base}/named`, undefined, ['bot_admin_permissions_changed' as never]);
      await control.setBotPermissions(chatId, ['read_all_messages', 'write', 'pin_message'], { by: 1 });
      await control.sendChatText(chatId, 2, 'после');
      const deadline = Date.now() + 5000;
      while (received.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      expect(received.map((r) => [r.url, r.update.update_type])).toEqual(
        expect.arrayContaining([
          ['/named', 'bot_admin_permissions_changed'],
          ['/all', 'message_created'],
        ]),
      );
      expect(received.find((r) => r.url === '/named')!.update).toEqual({
        update_type: 'bot_admin_permissions_changed',
        timestamp: expect.any(Number),
        chat_id: chatId,
        user_id: 1,
        bot_id: 9000,
        is_channel: false,
        is_admin: true,
        permissions: ['read_all_messages', 'write', 'pin_message'],
      });
      expect(received.filter((r) => r.url === '/all').map((r) => r.update.update_type)).toEqual(['message_created']);
    } finally {
      await new Promise((r) => server.close(r));
    }
  });

  it('removes members (user_removed with admin_id = bot) and manages admins', async () => {
    const world = await startWorld();
    const { control, api } = world;
    const chatId = await classChat(world);
    await drain(world);

    await expect(api.removeChatMember(chatId, 2)).resolves.toEqual({ success: true });
    const { updates } = await api.getUpdates([], { timeout: 1 });
    expect(updates[0] as UserRemovedUpdate).toMatchObject({ update_type: 'user_removed', user: { user_id: 2 }, admin_id: 9000 });
    expect((await maxError(api.removeChatMember(chatId, 1))).status).toBe(403);

    await control.addMember(chatId, 2, { by: 1 });
    await api.addChatAdmins(chatId, [{ user_id: 2, permissions: ['pin_message'], alias: 'староста' }]);
    const admins = await api.getChatAdmins(chatId);
    expect(admins.members.map((m) => [m.user_id, m.is_owner, m.permissions])).toEqual([
      [1, true, expect.arrayContaining(['add_admins'])],
      [2, false, ['pin_message']],
      [9000, false, expect.arrayContaining(['add_remove_members', 'read_all_messages'])],
    ]);
    await api.removeChatAdmin(chatId, 2);
    expect((await control.chat(chatId)).members.find((m) => m.userId === 2)?.isAdmin).toBe(false);
  });

  it('paginates members with marker and filters by user_ids', async () => {
    const world = await startWorld();
    const { control, api } = world;
    const chatId = await classChat(world);
    for (let id = 100; id < 125; id++) await control.addMember(chatId, id, { by: 1 });
    const first = await api.getChatMembers(chatId, { count: 20 });
    expect(first.members).toHaveLength(20);
    expect(first.marker).toBe(20);
    const second = await api.getChatMembers(chatId, { count: 20, marker: first.marker ?? undefined });
    expect(second.members).toHaveLength(8); // 27 humans + the bot
    expect(second.marker).toBeNull();
    const some = await api.getChatMembers(chatId, { user_ids: [2, 101] });
    expect(some.members.map((m) => m.user_id)).toEqual([2, 101]);
    expect(some.members[0]).toMatchObject({ is_owner: false, is_admin: false, permissions: null, join_time: expect.any(Number) });
  });

  it('shows the bot its membership; after leaving the chat is 404', async () => {
    const world = await startWorld();
    const { control, api } = world;
    const chatId = await classChat(world);
    const me = await api.getChatMembership(chatId);
    expect(me).toMatchObject({ user_id: 9000, is_bot: true, is_admin: true, permissions: expect.arrayContaining(['read_all_messages']) });

    await expect(api.leaveChat(chatId)).resolves.toEqual({ success: true });
    expect((await maxError(api.getChat(chatId))).status).toBe(404);
    expect((await control.chat(chatId)).bot).toMatchObject({ inChat: false, leftAt: expect.any(Number) });
  });

  it('bot_removed is delivered, then the chat is gone for the bot', async () => {
    const world = await startWorld();
    const { control, api } = world;
    const chatId = await classChat(world);
    await control.removeBot(chatId, 1);
    expect(await drain(world)).toEqual(['bot_added', 'bot_removed']);
    expect((await maxError(api.sendMessageToChat(chatId, 'hi'))).status).toBe(404);
  });

  it('pins and unpins with pin_message', async () => {
    const world = await startWorld();
    const { control, api } = world;
    const chatId = await classChat(world);
    const message = await api.sendMessageToChat(chatId, 'Расписание');
    await api.pinMessage(chatId, message.body.mid);
    expect((await api.getPinnedMessage(chatId)).message?.body.mid).toBe(message.body.mid);
    expect((await control.messages({ chatId }))[0]?.pinned).toBe(true);
    await api.unpinMessage(chatId);
    expect((await api.getPinnedMessage(chatId)).message).toBeNull();

    await control.setBotPermissions(chatId, ['read_all_messages']);
    expect((await maxError(api.pinMessage(chatId, message.body.mid))).status).toBe(403);
  });

  it('deletes others messages in a group chat only as admin with write (see rights.test.ts)', async () => {
    const world = await startWorld();
    const { control, api } = world;
    const chatId = await classChat(world);
    const { mid } = await control.sendChatText(chatId, 2, 'спам');
    await control.setBotPermissions(chatId, ['read_all_messages']);
    expect((await maxError(api.deleteMessage(mid))).status).toBe(403);
    await control.setBotPermissions(chatId, ['read_all_messages', 'write']);
    await expect(api.deleteMessage(mid)).resolves.toEqual({ success: true });
  });

  it('validates control input', async () => {
    const world = await startWorld();
    const { control } = world;
    await expect(control.createChat({ title: '', owner_id: 1 })).rejects.toMatchObject({ status: 400 });
    const chatId = await classChat(world);
    await expect(control.addMember(chatId, 2, { by: 1 })).rejects.toThrow(/already a member/);
    await expect(control.sendChatText(chatId, 77, 'hi')).rejects.toThrow(/not a member/);
    await expect(control.addBot(chatId, { by: 1 })).rejects.toThrow(/already in chat/);
    await expect(control.chat(-1)).rejects.toMatchObject({ status: 404 });
  });
});
