// The control API itself: users, deep links, observation helpers, reset and
// input validation.
import type { MessageEditedUpdate, MessageRemovedUpdate } from '@maxhub/max-bot-api/types';
import { describe, expect, it } from 'vitest';
import { dialogChatId } from '../../src/sandbox/server.js';
import { startWorld } from './support.js';

describe('control API', () => {
  it('creates users, auto-creates unknown senders, and reports info', async () => {
    const { control, sandbox } = await startWorld();
    expect(await control.info()).toEqual({
      url: sandbox.url,
      token: 'sandbox-token',
      botUserId: 9000,
      botUsername: 'sferum_sandbox_bot',
      botName: 'Сферум-бот',
      deepLinkBase: 'https://max.ru/sferum_sandbox_bot',
    });
    await control.createUser({ user_id: 1, first_name: 'Анна', username: 'anna' });
    await control.sendText(2, 'кто я?');
    const users = await control.users();
    expect(users.map((u) => [u.user_id, u.first_name, u.dialogChatId])).toEqual([
      [1, 'Анна', dialogChatId(1)],
      [2, 'Пользователь 2', dialogChatId(2)],
    ]);
  });

  it('opens deep links only for this bot', async () => {
    const { control, api } = await startWorld();
    await expect(control.openDeepLink(1, 'https://max.ru/sferum_sandbox_bot?start=invite_42')).resolves.toEqual({
      chatId: dialogChatId(1),
      payload: 'invite_42',
    });
    await expect(control.openDeepLink(1, 'https://max.ru/other_bot?start=x')).rejects.toMatchObject({ status: 400 });
    await expect(control.openDeepLink(1, 'https://evil.example/sferum_sandbox_bot?start=x')).rejects.toMatchObject({ status: 400 });
    await expect(control.openDeepLink(1, 'https://max.ru/sferum_sandbox_bot')).resolves.toMatchObject({ payload: null });
    const { updates } = await api.getUpdates([], { timeout: 1 });
    expect(updates.map((u) => ('payload' in u ? u.payload : undefined))).toEqual(['invite_42', null]);
    expect((await control.user(1)).startedBot).toBe(true);
  });

  it('user edits and deletions produce message_edited and message_removed', async () => {
    const { control, api } = await startWorld();
    const { mid } = await control.sendText(3, 'опечтка');
    await control.editText(3, mid, 'опечатка');
    await control.deleteMessage(3, mid);
    const { updates } = await api.getUpdates([], { timeout: 1 });
    expect(updates.map((u) => u.update_type)).toEqual(['message_created', 'message_edited', 'message_removed']);
    expect((updates[1] as MessageEditedUpdate).message.body.text).toBe('опечатка');
    expect(updates[2] as MessageRemovedUpdate).toMatchObject({ message_id: mid, chat_id: dialogChatId(3), user_id: 3 });
    await expect(control.editText(4, mid, 'чужое')).rejects.toMatchObject({ status: 400 });
  });

  it('filters messages and waits for them with a helpful error', async () => {
    const { control, api } = await startWorld();
    await control.createUser({ user_id: 1, first_name: 'Анна' });
    await control.sendText(1, 'вопрос');
    const before = await control.lastSeq();
    setTimeout(() => void api.sendMessageToUser(1, 'ответ'), 100);
    const [reply] = await control.waitForMessages({ userId: 1, fromBot: true }, { afterSeq: before });
    expect(reply).toMatchObject({ text: 'ответ', senderId: 9000, recipientUserId: 1, chatType: 'dialog' });
    expect((await control.messages({ senderId: 1 })).map((m) => m.text)).toEqual(['вопрос']);
    expect(await control.messages({ userId: 1, fromBot: false, afterSeq: before })).toEqual([]);

    const err = await control.waitForMessages({ userId: 1, fromBot: true }, { count: 2, timeoutMs: 200 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toMatch(/waiting for 2 message\(s\).*found 1/s);
    expect((err as Error).message).toContain('"вопрос"');
  });

  it('rejects nonsense input with 400 and a message', async () => {
    const { control, sandbox } = await startWorld();
    await expect(control.createUser({ user_id: -1, first_name: 'x' })).rejects.toMatchObject({ status: 400 });
    await expect(control.sendText(1, '')).rejects.toMatchObject({ status: 400 });
    const raw = await fetch(`${sandbox.url}/sandbox/users`, { method: 'POST', body: '{"user_id": "abc"}', headers: { 'content-type': 'application/json' } });
    expect(raw.status).toBe(400);
    expect(((await raw.json()) as { message: string }).message).toMatch(/user_id/);
    const broken = await fetch(`${sandbox.url}/sandbox/users`, { method: 'POST', body: '{', headers: { 'content-type': 'application/json' } });
    expect(broken.status).toBe(400);
    expect((await fetch(`${sandbox.url}/sandbox/nothing`)).status).toBe(404);
  });

  it('reset clears the world but keeps update markers monotonic', async () => {
    const { control, api } = await startWorld();
    await control.sendText(1, 'до сброса');
    const { marker } = await api.getUpdates([], { timeout: 1 });
    await control.reset();
    expect(await control.users()).toEqual([]);
    expect(await control.messages()).toEqual([]);
    expect(await control.requests()).toEqual([]);
    await control.sendText(1, 'после сброса');
    const after = await api.getUpdates([], { timeout: 1, marker });
    expect(after.updates).toHaveLength(1);
  });
});
