// GET /updates: long polling, marker commit semantics, type filters, and the
// SDK's own polling loop running against the sandbox.
import type { MessageCreatedUpdate, BotStartedUpdate } from '@maxhub/max-bot-api/types';
import { describe, expect, it } from 'vitest';
import { dialogChatId } from '../../src/sandbox/server.js';
import { startWorld } from './support.js';

describe('getUpdates', () => {
  it('returns update shapes as the SDK types say', async () => {
    const { api, control } = await startWorld();
    await control.createUser({ user_id: 11, first_name: 'Олег', username: 'oleg' });
    await control.openDeepLink(11, 'https://max.ru/sferum_sandbox_bot?start=class-5a');
    await control.sendText(11, 'Привет');

    const { updates, marker } = await api.getUpdates([], { timeout: 0 });
    expect(updates).toHaveLength(2);
    const [started, created] = updates as [BotStartedUpdate, MessageCreatedUpdate];
    expect(started).toEqual({
      update_type: 'bot_started',
      timestamp: expect.any(Number),
      chat_id: dialogChatId(11),
      user: { user_id: 11, first_name: 'Олег', name: 'Олег', username: 'oleg', is_bot: false, last_activity_time: expect.any(Number) },
      payload: 'class-5a',
      user_locale: 'ru',
    });
    expect(created).toMatchObject({
      update_type: 'message_created',
      user_locale: 'ru',
      message: {
        sender: { user_id: 11, is_bot: false },
        recipient: { chat_id: dialogChatId(11), chat_type: 'dialog', user_id: 9000 },
        body: { mid: expect.stringMatching(/^mid\./), seq: expect.any(Number), text: 'Привет' },
      },
    });
    expect(marker).toBeGreaterThan(0);
  });

  it('redelivers uncommitted updates until the next marker commits them', async () => {
    const { api, control } = await startWorld();
    await control.sendText(1, 'a');
    await control.sendText(1, 'b');

    const first = await api.getUpdates([], { timeout: 0 });
    expect(first.updates).toHaveLength(2);
    // The bot "crashes" before sending the marker: the same updates come again.
    const again = await api.getUpdates([], { timeout: 0 });
    expect(again.updates).toEqual(first.updates);
    expect(again.marker).toBe(first.marker);
    expect(await control.updatesPending()).toBe(2);

    await control.sendText(1, 'c');
    const next = await api.getUpdates([], { timeout: 0, marker: first.marker });
    expect(next.updates.map((u) => (u as MessageCreatedUpdate).message.body.text)).toEqual(['c']);
    expect(await control.updatesPending()).toBe(1);
    // Polling without a marker now starts at the oldest uncommitted one.
    expect((await api.getUpdates([], { timeout: 0 })).updates).toHaveLength(1);
    // (The SDK drops falsy query values, so timeout: 0 is not sent; use 1 s.)
    const done = await api.getUpdates([], { timeout: 1, marker: next.marker });
    expect(done).toEqual({ updates: [], marker: next.marker });
    expect(await control.updatesPending()).toBe(0);
  });

  it('honours limit and types', async () => {
    const { api, control } = await startWorld();
    await control.startBot(1);
    for (let i = 0; i < 5; i++) await control.sendText(1, `m${i}`);

    const page = await api.getUpdates([], { timeout: 0, limit: 2 });
    expect(page.updates.map((u) => u.update_type)).toEqual(['bot_started', 'message_created']);
    const rest = await api.getUpdates([], { timeout: 0, marker: page.marker, limit: 100 });
    expect(rest.updates).toHaveLength(4);

    await control.startBot(2);
    await control.sendText(2, 'x');
    const onlyStarts = await api.getUpdates(['bot_started'], { timeout: 0, marker: rest.marker });
    expect(onlyStarts.updates.map((u) => u.update_type)).toEqual(['bot_started']);
  });

  it('holds the request until an update arrives', async () => {
    const { api, control } = await startWorld();
    const t0 = Date.now();
    const pending = api.getUpdates([], { timeout: 10 });
    setTimeout(() => void control.sendText(3, 'late'), 300);
    const { updates } = await pending;
    expect(updates).toHaveLength(1);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(250);
    expect(Date.now() - t0).toBeLessThan(9_000); // before the 10 s timeout
  });

  it('answers an empty list with the same marker at timeout', async () => {
    const { api, control } = await startWorld();
    await control.sendText(3, 'x');
    const { marker } = await api.getUpdates([], { timeout: 0 });
    const t0 = Date.now();
    const res = await api.getUpdates([], { timeout: 1, marker });
    expect(res).toEqual({ updates: [], marker });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(900);
  });

  it('copes with the client aborting a long poll', async () => {
    const { api, control } = await startWorld();
    const ac = new AbortController();
    const pending = api.getUpdates([], { timeout: 30, signal: ac.signal });
    await new Promise((r) => setTimeout(r, 100));
    ac.abort();
    await expect(pending).rejects.toThrow();
    await control.sendText(3, 'after abort');
    // The update was not swallowed by the aborted request.
    expect((await api.getUpdates([], { timeout: 0 })).updates).toHaveLength(1);
  });

  it('answers pending long polls on stop', async () => {
    const { api, sandbox } = await startWorld();
    const pending = api.getUpdates([], { timeout: 30 });
    await new Promise((r) => setTimeout(r, 100));
    const t0 = Date.now();
    await sandbox.stop();
    await expect(pending).resolves.toMatchObject({ updates: [] });
    expect(Date.now() - t0).toBeLessThan(15_000); // not the 30 s poll
  });
});

describe('outages', () => {
  it('keeps the world across stop/start on the same port', async () => {
    const { api, control, sandbox } = await startWorld();
    await control.sendText(8, 'до');
    const port = Number(new URL(sandbox.url).port);
    await sandbox.stop();
    await expect(api.getMyInfo()).rejects.toThrow();
    await sandbox.start(port);
    await control.sendText(8, 'после');
    const { updates } = await api.getUpdates([], { timeout: 1 });
    expect(updates).toHaveLength(2);
  });
});

describe('shapes outside the description', () => {
  it('a voice message is message_created with no message, as MAX sends it (SDK issue #250)', async () => {
    const { api, control, contract } = await startWorld();
    contract.allowOutside(
      'a voice message that names its chat and person',
      (v) => v.value.includes('"update_type":"message_created"') && v.value.includes('"chat_id"'),
    );
    await control.createUser({ user_id: 31, first_name: 'Голос' });
    await control.sendVoice(31);
    await control.sendVoice(31, { named: true });
    const { chat_id: chatId } = await control.createChat({ title: 'Класс', owner_id: 31 });
    await control.addBot(chatId, { by: 31 });
    await control.sendVoice(31, { chatId });
    const { updates } = await api.getUpdates([], { timeout: 0 });
    const voices = (updates as unknown as Array<Record<string, unknown>>).filter((u) => u.update_type === 'message_created');
    // As observed: only the time, and in a dialog the locale; nothing names the chat, the person or the message.
    expect(voices[0]).toEqual({ update_type: 'message_created', timestamp: expect.any(Number), user_locale: 'ru' });
    expect(voices[1]).toMatchObject({ update_type: 'message_created', chat_id: dialogChatId(31), user: { user_id: 31 }, user_locale: 'ru' });
    expect(voices[1]).not.toHaveProperty('message');
    expect(voices[2]).toEqual({ update_type: 'message_created', timestamp: expect.any(Number) });
  });

  it('publishes an injected update as given', async () => {
    const { api, control, contract } = await startWorld();
    // Published as given, whatever the description says: that is what injection is for.
    contract.allowOutside(
      'injected as given',
      (v) => v.kind === 'update' && (v.value.includes('"update_type":"dialog_muted"') || v.value.includes('"update_type":"something_new"')),
    );
    await control.injectUpdate({ update_type: 'dialog_muted', timestamp: 5, chat_id: 1, muted_until: 9 });
    await control.injectUpdate({ update_type: 'something_new' });
    const { updates } = await api.getUpdates([], { timeout: 0 });
    expect(updates).toEqual([
      { update_type: 'dialog_muted', timestamp: 5, chat_id: 1, muted_until: 9 },
      { update_type: 'something_new', timestamp: expect.any(Number) },
    ]);
    await expect(control.injectUpdate({ update_type: '' })).rejects.toMatchObject({ status: 400 });
  });
});

describe('the SDK bot loop', () => {
  it('runs bot.start() in polling mode against the sandbox', async () => {
    const { bot, control } = await startWorld();
    bot.on('bot_started', (ctx) => ctx.reply(`Добро пожаловать! (${ctx.startPayload ?? 'без параметра'})`));
    bot.on('message_created', (ctx) => ctx.reply(`Эхо: ${ctx.message.body.text ?? ''}`));
    void bot.start();
    try {
      await control.startBot(21, 'abc');
      await control.sendText(21, 'раз');
      const replies = await control.waitForBotMessage(21, { count: 2 });
      expect(replies.map((m) => m.text)).toEqual(['Добро пожаловать! (abc)', 'Эхо: раз']);
    } finally {
      bot.stop();
    }
    const requests = await control.requests();
    expect(requests[0]).toMatchObject({ method: 'GET', path: '/me', status: 200 });
    expect(requests.some((r) => r.path === '/subscriptions')).toBe(true);
  });
});
