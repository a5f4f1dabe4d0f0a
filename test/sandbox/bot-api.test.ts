// The Bot API side of the sandbox, driven by the official SDK: auth, errors,
// rate limit, fault injection, bot info and commands, messages.
import { Bot, Keyboard } from '@maxhub/max-bot-api';
import { describe, expect, it } from 'vitest';
import { dialogChatId } from '../../src/sandbox/server.js';
import { maxError, startWorld } from './support.js';

describe('auth and errors', () => {
  it('answers 401 verify.token for a wrong token and logs the request', async () => {
    const { sandbox, control } = await startWorld();
    const intruder = new Bot('wrong-token', { clientOptions: { baseUrl: sandbox.url } });
    const err = await maxError(intruder.api.getMyInfo());
    expect(err.status).toBe(401);
    expect(err.code).toBe('verify.token');

    const raw = await fetch(`${sandbox.url}/me`);
    expect(raw.status).toBe(401);
    expect(await raw.json()).toEqual({ code: 'verify.token', message: 'Invalid access_token' });

    const log = await control.requests({ path: '/me' });
    expect(log.map((r) => r.status)).toEqual([401, 401]);
  });

  it('answers 404 not.found for unknown chats and users and unknown routes', async () => {
    const { api, sandbox, control } = await startWorld();
    expect((await maxError(api.getChat(-123))).status).toBe(404);
    expect((await maxError(api.getChat(-123))).code).toBe('not.found');
    expect((await maxError(api.sendMessageToChat(-5, 'hi'))).status).toBe(404);
    expect((await maxError(api.sendMessageToUser(424242, 'hi'))).status).toBe(404);
    expect((await maxError(api.getMessage('mid.999'))).status).toBe(404);

    const unknown = await fetch(`${sandbox.url}/nope`, { headers: { Authorization: sandbox.token } });
    expect(unknown.status).toBe(404);
    const wrongMethod = await fetch(`${sandbox.url}/me`, { method: 'DELETE', headers: { Authorization: sandbox.token } });
    expect(wrongMethod.status).toBe(405);
    expect(((await wrongMethod.json()) as { code: string }).code).toBe('method.not.allowed');

    // A group the bot is not in is invisible to it.
    await control.createUser({ user_id: 1, first_name: 'Анна' });
    const { chat_id } = await control.createChat({ title: '5А', owner_id: 1 });
    expect((await maxError(api.getChat(chat_id))).status).toBe(404);
    expect((await maxError(api.sendMessageToChat(chat_id, 'hi'))).status).toBe(404);
  });

  it('rejects text over 4000 characters with 400 text.too.long and an empty message with 400', async () => {
    const { api, control } = await startWorld();
    await control.createUser({ user_id: 7, first_name: 'Иван' });
    const err = await maxError(api.sendMessageToUser(7, 'я'.repeat(4001)));
    expect(err.status).toBe(400);
    expect(err.code).toBe('text.too.long');
    await expect(api.sendMessageToUser(7, 'я'.repeat(4000))).resolves.toBeDefined();
    expect((await maxError(api.sendMessageToUser(7, ''))).status).toBe(400);
    expect(await control.botMessagesTo(7)).toHaveLength(1);
  });

  it('answers 429 beyond rps within one second and does not apply the request', async () => {
    const { api, control } = await startWorld({ rps: 5 });
    await control.createUser({ user_id: 7, first_name: 'Иван' });
    const results = await Promise.allSettled(Array.from({ length: 8 }, (_, i) => api.sendMessageToUser(7, `m${i}`)));
    const rejected = results.filter((r) => r.status === 'rejected');
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(5);
    expect(rejected).toHaveLength(3);
    const first = rejected[0];
    if (first?.status !== 'rejected') throw new Error('unreachable');
    expect((first.reason as { status: number; code: string }).status).toBe(429);
    expect((first.reason as { code: string }).code).toBe('too.many.requests');
    expect(await control.botMessagesTo(7)).toHaveLength(5);

    await new Promise((r) => setTimeout(r, 1050));
    await expect(api.sendMessageToUser(7, 'after the window')).resolves.toBeDefined();
  });
});

describe('fault injection', () => {
  it('answers the next N matching requests with the fault and does not apply them', async () => {
    const { api, control } = await startWorld();
    await control.createUser({ user_id: 7, first_name: 'Иван' });
    await control.fault({ method: 'POST', path: '/messages', status: 503, count: 2 });

    const e1 = await maxError(api.sendMessageToUser(7, 'one'));
    expect(e1.status).toBe(503);
    expect(e1.code).toBe('service.unavailable');
    // Other routes are not affected.
    await expect(api.getMyInfo()).resolves.toMatchObject({ user_id: 9000 });
    expect((await maxError(api.sendMessageToUser(7, 'two'))).status).toBe(503);
    await api.sendMessageToUser(7, 'three');

    const sent = await control.botMessagesTo(7);
    expect(sent.map((m) => m.text)).toEqual(['three']);
    expect((await control.requests({ method: 'POST', path: '/messages' })).map((r) => r.status)).toEqual([503, 503, 200]);
    expect(await control.faults()).toEqual([]);
  });

  it('matches path prefixes, custom codes, and drops the connection for status 0', async () => {
    const { api, control, sandbox } = await startWorld();
    await control.createUser({ user_id: 1, first_name: 'Анна' });
    const { chat_id } = await control.createChat({ title: '5А', owner_id: 1 });
    await control.addBot(chat_id, { by: 1 });

    await control.fault({ path: '/chats', status: 500, code: 'internal.boom' });
    const err = await maxError(api.getChatMembers(chat_id));
    expect(err.status).toBe(500);
    expect(err.code).toBe('internal.boom');
    await expect(api.getChatMembers(chat_id)).resolves.toMatchObject({ members: expect.any(Array) });

    await control.fault({ path: '/me', status: 0 });
    await expect(fetch(`${sandbox.url}/me`, { headers: { Authorization: sandbox.token } })).rejects.toThrow();
    await expect(api.getMyInfo()).resolves.toMatchObject({ username: 'sferum_sandbox_bot' });
  });

  it('rejects nonsense fault input with 400', async () => {
    const { control } = await startWorld();
    await expect(control.fault({ path: 'messages', status: 503 })).rejects.toMatchObject({ status: 400 });
    await expect(control.fault({ path: '/messages', status: 42 })).rejects.toMatchObject({ status: 400 });
    await expect(control.fault({ path: '/messages' })).rejects.toMatchObject({ status: 400 });
  });

  it('delays a request (then applies it) or lets it hang until the client gives up', async () => {
    const { api, control, sandbox } = await startWorld();
    await control.createUser({ user_id: 1, first_name: 'Анна' });
    await control.fault({ method: 'POST', path: '/messages', delayMs: 300 });
    const t0 = Date.now();
    await api.sendMessageToUser(1, 'позже');
    expect(Date.now() - t0).toBeGreaterThanOrEqual(250);
    expect((await control.botMessagesTo(1)).map((m) => m.text)).toEqual(['позже']);

    await control.fault({ path: '/me', hang: true });
    const hung = fetch(`${sandbox.url}/me`, { headers: { Authorization: sandbox.token }, signal: AbortSignal.timeout(300) });
    await expect(hung).rejects.toThrow();
    await expect(api.getMyInfo()).resolves.toMatchObject({ username: 'sferum_sandbox_bot' });
    const log = await control.requests({ path: '/me' });
    expect(log.map((r) => r.status)).toEqual([0, 200]);
  });
});

describe('bot info and commands', () => {
  it('serves /me and stores commands', async () => {
    const { api, control } = await startWorld({ botName: 'Тест-бот', botUsername: 'test_bot', botUserId: 555 });
    const me = await api.getMyInfo();
    expect(me).toMatchObject({ user_id: 555, first_name: 'Тест-бот', name: 'Тест-бот', username: 'test_bot', is_bot: true, commands: [] });
    expect(typeof me.last_activity_time).toBe('number');

    const res = await api.setMyCommands([{ name: 'start', description: 'Начать' }, { name: 'help' }]);
    expect(res).toEqual({ commands: [{ name: 'start', description: 'Начать' }, { name: 'help' }] });
    expect((await api.getMyInfo()).commands).toEqual([{ name: 'start', description: 'Начать' }, { name: 'help' }]);

    const log = await control.requests({ method: 'PATCH' });
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ path: '/me/commands', status: 200, body: { commands: expect.any(Array) } });
  });
});

describe('messages', () => {
  it('sends to a user via the dialog chat id scheme and returns the Message', async () => {
    const { api, control } = await startWorld();
    await control.createUser({ user_id: 42, first_name: 'Мария', last_name: 'Петрова', username: 'masha' });
    const message = await api.sendMessageToUser(42, 'Здравствуйте', { format: 'markdown' });
    expect(message).toMatchObject({
      sender: { user_id: 9000, is_bot: true, username: 'sferum_sandbox_bot' },
      recipient: { chat_id: dialogChatId(42), chat_type: 'dialog', user_id: 42 },
      body: { text: 'Здравствуйте', mid: expect.stringMatching(/^mid\.\d{12}$/) },
    });
    // ctx.reply() uses chat_id = the dialog id.
    await api.sendMessageToChat(dialogChatId(42), 'второе');
    const sent = await control.botMessagesTo(42);
    expect(sent.map((m) => [m.text, m.format])).toEqual([
      ['Здравствуйте', 'markdown'],
      ['второе', null],
    ]);
    const chat = await api.getChat(dialogChatId(42));
    expect(chat).toMatchObject({ type: 'dialog', status: 'active', dialog_with_user: { user_id: 42, name: 'Мария Петрова' } });
  });

  it('edits and deletes own messages, lists and gets messages', async () => {
    const { api, control } = await startWorld();
    await control.createUser({ user_id: 42, first_name: 'Мария' });
    const keyboard = Keyboard.inlineKeyboard([[Keyboard.button.callback('Да', 'yes')]]);
    const m1 = await api.sendMessageToUser(42, 'first', { attachments: [keyboard] });
    const m2 = await api.sendMessageToUser(42, 'second');
    const { mid: userMid } = await control.sendText(42, 'from user');

    await expect(api.editMessage(m1.body.mid, { text: 'first (edited)' })).resolves.toEqual({ success: true });
    let view = (await control.botMessagesTo(42))[0];
    expect(view).toMatchObject({ text: 'first (edited)', buttons: [[{ text: 'Да', type: 'callback', payload: 'yes' }]] });
    expect(view?.editedAt).toBeTypeOf('number');
    await api.editMessage(m1.body.mid, { attachments: [] });
    view = (await control.botMessagesTo(42))[0];
    expect(view?.buttons).toEqual([]);

    expect((await maxError(api.editMessage(userMid, { text: 'hijack' }))).status).toBe(403);
    expect((await maxError(api.deleteMessage(userMid))).status).toBe(403);

    const list = await api.getMessages(dialogChatId(42));
    expect(list.messages.map((m) => m.body.text)).toEqual(['from user', 'second', 'first (edited)']);
    const picked = await api.getMessages(dialogChatId(42), { message_ids: [m2.body.mid] });
    expect(picked.messages).toHaveLength(1);
    expect((await api.getMessage(m2.body.mid)).body.text).toBe('second');

    await expect(api.deleteMessage(m2.body.mid)).resolves.toEqual({ success: true });
    expect((await maxError(api.getMessage(m2.body.mid))).status).toBe(404);
    expect((await control.botMessagesTo(42)).map((m) => m.deleted)).toEqual([false, true]);
  });

  it('denies writing to a user who stopped the bot until they start it again', async () => {
    const { api, control } = await startWorld();
    await control.startBot(5);
    await control.stopBot(5);
    const err = await maxError(api.sendMessageToUser(5, 'hi'));
    expect(err.status).toBe(403);
    expect(err.code).toBe('chat.denied');
    await control.startBot(5);
    await expect(api.sendMessageToUser(5, 'hi')).resolves.toBeDefined();
  });
});
