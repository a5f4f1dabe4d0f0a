// MAX as it is today, in webhook mode: the bot subscribes to bot_admin_permissions_changed
// by name (MAX does not offer it to polling bots) and the binder hears what is missing;
// forged binding buttons change nothing; an older bot_added that still names a user is
// understood (and the name is not trusted); in polling mode the daily check finds the
// change instead.
import { afterEach, describe, expect, it } from 'vitest';
import type { UpdateType } from '@maxhub/max-bot-api/types';
import { createWorld, dialogMessageUpdate, eventually, forgeCallback, freePort, postWebhook, type World } from '../support/harness.js';
import { ADMIN, CURATOR, bindChat, chatLink, pressInDialog, setupSchool } from './support.js';

const SECRET = 'today-test-secret';

async function webhookWorld(): Promise<{ world: World; url: string }> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/max/updates`;
  const world = await createWorld({
    env: { UPDATES_MODE: 'webhook', WEBHOOK_URL: url, WEBHOOK_PORT: String(port), WEBHOOK_SECRET: SECRET },
    app: { webhookHost: '127.0.0.1' },
  });
  return { world, url };
}

const said = async (world: World, userId: number, part: string) => (await world.control.botMessagesTo(userId)).filter((m) => m.text?.includes(part));

describe('MAX today: rights updates, forged buttons, the older bot_added', () => {
  let world: World;
  afterEach(async () => world?.close());

  it('subscribes to bot_admin_permissions_changed; revoking write (the delete right of a group chat) reaches the binder, restoring it too', async () => {
    const w = await webhookWorld();
    world = w.world;
    const subs = await world.app.services.api.getSubscriptions();
    expect(subs[0]!.updateTypes).toContain('bot_admin_permissions_changed' as UpdateType);
    await setupSchool(world);
    const chatId = await bindChat(world, CURATOR, '5А ученики', 'чат учеников класса', '5А');

    // In a group chat the right to delete others' messages is `write` («Писать сообщения»).
    await world.control.setBotPermissions(chatId, ['read_all_messages', 'add_remove_members', 'pin_message'], { by: CURATOR });
    await eventually(async () => {
      const m = await said(world, CURATOR, 'В чате «5А ученики» у бота изменились права');
      expect(m).toHaveLength(1);
      expect(m[0]!.text).toContain('нет права «Писать сообщения»');
      expect(m[0]!.text).not.toContain('Закреплять');
    });
    await world.control.setBotPermissions(chatId, ['read_all_messages', 'add_remove_members', 'pin_message', 'write'], { by: CURATOR });
    await eventually(async () => expect(await said(world, CURATOR, 'снова есть все нужные права')).toHaveLength(1));
  });

  it('forged binding buttons — a made-up offer, or the right offer from someone who may not bind — change nothing', async () => {
    const w = await webhookWorld();
    world = w.world;
    await setupSchool(world);
    await world.control.createUser({ user_id: 78, first_name: 'Гость' });
    const { chat_id: chatId } = await world.control.createChat({ title: '5А ученики', owner_id: CURATOR, members: [78], link: chatLink('5А ученики') });
    await world.control.addBot(chatId, { by: CURATOR });
    await eventually(async () => expect(await said(world, CURATOR, 'Меня добавили в чат «5А ученики»')).toHaveLength(1));
    const offer = (await world.app.chats.store.get(chatId))!.offer!;

    const forge = (userId: number, payload: string) => forgeCallback(w.url, SECRET, userId, payload);
    expect(await forge(CURATOR, `a:bk:${chatId}:AAAAAAAAAAAA:unit_students`)).toBe(200); // a made-up offer
    expect(await forge(78, `a:bk:${chatId}:${offer}:channel_org`)).toBe(200); // not staff
    expect(await forge(78, `a:bu:${chatId}:${offer}:unit_students:u1`)).toBe(200);
    expect(await forge(ADMIN, `a:bk:${chatId}:${offer}:staff_room`)).toBe(200); // an admin of the school, not of this chat
    // One person's updates are handled in order: once their /me is answered, their presses were handled.
    for (const userId of [CURATOR, 78, ADMIN]) {
      const after = await world.control.lastSeq();
      expect(await postWebhook(w.url, dialogMessageUpdate(world.sandbox.botUserId, userId, '/me'), SECRET)).toBe(200);
      await world.control.waitForMessages({ userId, fromBot: true }, { afterSeq: after, timeoutMs: 8000 });
    }
    const chat = (await world.app.chats.store.get(chatId))!;
    expect(chat.status).toBe('unbound');
    expect(chat.offer).toBe(offer);
    expect((await world.control.messages({ chatId, fromBot: true })).some((m) => m.text?.startsWith('Готово'))).toBe(false);
  });

  it('an older bot_added that still names who added the bot is understood, and the name is not trusted', async () => {
    const w = await webhookWorld();
    world = w.world;
    await setupSchool(world);
    await world.control.createUser({ user_id: 77, first_name: 'Посторонний' });
    const { chat_id: chatId } = await world.control.createChat({ title: '5А родители', owner_id: CURATOR, members: [77], link: chatLink('5А родители') });
    // The bot is added while nobody listens, then MAX delivers the older shape.
    const api = world.app.services.api;
    await api.unsubscribe(w.url);
    await world.control.addBot(chatId, { by: CURATOR });
    await api.subscribe(w.url, SECRET, ['message_created', 'message_callback', 'bot_added', 'bot_started'] as UpdateType[]);
    const old = {
      update_type: 'bot_added',
      timestamp: Date.now(),
      chat_id: chatId,
      user: { user_id: 77, first_name: 'Посторонний', name: 'Посторонний', is_bot: false, last_activity_time: Date.now() },
      is_channel: false,
      user_locale: 'ru',
    };
    expect(await postWebhook(w.url, old, SECRET)).toBe(200);
    // Registered; the question goes to the chat's staff admin (the curator), not to the one the update names.
    await pressInDialog(world, CURATOR, 'чат родителей класса');
    await pressInDialog(world, CURATOR, '5А');
    await eventually(async () => expect((await world.app.chats.store.get(chatId))?.status).toBe('bound'));
    expect(await world.control.botMessagesTo(77)).toEqual([]);
  });

  it('polling: the daily check re-reads the bot’s rights and tells the binder what is missing', async () => {
    world = await createWorld();
    await setupSchool(world);
    const chatId = await bindChat(world, CURATOR, '5А ученики', 'чат учеников класса', '5А');
    await world.control.setBotPermissions(chatId, ['read_all_messages', 'add_remove_members', 'write'], { by: CURATOR });
    await world.app.chatJobs.queue.add('daily', { kind: 'daily' });
    await eventually(async () => {
      const m = await said(world, CURATOR, 'В чате «5А ученики» у бота изменились права');
      expect(m).toHaveLength(1);
      expect(m[0]!.text).toContain('Закреплять сообщения');
    });
  });

  it('updates about chats the bot is not in store nothing', async () => {
    const w = await webhookWorld();
    world = w.world;
    const ghost = -70000009999;
    await world.control.createUser({ user_id: 5, first_name: 'Проверка' });
    const updates = [
      { update_type: 'bot_added', timestamp: Date.now(), chat_id: ghost, is_channel: false },
      { update_type: 'chat_title_changed', timestamp: Date.now() + 1, chat_id: ghost, user: { user_id: 5, first_name: 'А', is_bot: false }, title: 'Чужой' },
      {
        update_type: 'bot_admin_permissions_changed',
        timestamp: Date.now() + 2,
        chat_id: ghost,
        user_id: 5,
        bot_id: world.sandbox.botUserId,
        is_channel: false,
        is_admin: true,
        permissions: ['write'],
      },
    ];
    for (const u of updates) expect(await postWebhook(w.url, u, SECRET)).toBe(200);
    const after = await world.control.lastSeq();
    expect(await postWebhook(w.url, dialogMessageUpdate(world.sandbox.botUserId, 5, '/start'), SECRET)).toBe(200);
    await world.control.waitForMessages({ userId: 5, fromBot: true }, { afterSeq: after, timeoutMs: 8000 });
    await eventually(async () => expect(await world.redis.keys(`${world.prefix}:chat:*`)).toEqual([]));
    expect(await world.app.chats.store.all()).toEqual([]);
  });
});
