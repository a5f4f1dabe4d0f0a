// Inline keyboards, presses (message_callback) and callback answers.
import type { MessageCallbackUpdate } from '@maxhub/max-bot-api/types';
import { Keyboard } from '@maxhub/max-bot-api';
import { describe, expect, it } from 'vitest';
import { dialogChatId } from '../../src/sandbox/server.js';
import { answerCallback, maxError, startWorld } from './support.js';

const keyboard = Keyboard.inlineKeyboard([
  [Keyboard.button.callback('Да', 'vote:yes'), Keyboard.button.callback('Нет', 'vote:no')],
  [Keyboard.button.link('Сайт', 'https://example.org')],
]);

describe('inline keyboards', () => {
  it('stores the keyboard as the real API does and shows it in the control view', async () => {
    const { api, control } = await startWorld();
    await control.createUser({ user_id: 5, first_name: 'Пётр' });
    const message = await api.sendMessageToUser(5, 'Голосуем?', { attachments: [keyboard] });
    expect(message.body.attachments).toEqual([
      {
        type: 'inline_keyboard',
        payload: {
          buttons: [
            [
              { type: 'callback', text: 'Да', payload: 'vote:yes' },
              { type: 'callback', text: 'Нет', payload: 'vote:no' },
            ],
            [{ type: 'link', text: 'Сайт', url: 'https://example.org' }],
          ],
        },
      },
    ]);
    const [view] = await control.botMessagesTo(5);
    expect(view?.buttons).toEqual([
      [
        { text: 'Да', type: 'callback', payload: 'vote:yes' },
        { text: 'Нет', type: 'callback', payload: 'vote:no' },
      ],
      [{ text: 'Сайт', type: 'link', url: 'https://example.org' }],
    ]);
  });

  it('rejects malformed keyboards with 400', async () => {
    const { api, control } = await startWorld();
    await control.createUser({ user_id: 5, first_name: 'Пётр' });
    const tooWide = Keyboard.inlineKeyboard([Array.from({ length: 8 }, (_, i) => Keyboard.button.callback(`b${i}`, `p${i}`))]);
    expect((await maxError(api.sendMessageToUser(5, 'x', { attachments: [tooWide] }))).status).toBe(400);
    const noPayload = Keyboard.inlineKeyboard([[Keyboard.button.callback('b', '')]]);
    expect((await maxError(api.sendMessageToUser(5, 'x', { attachments: [noPayload] }))).status).toBe(400);
  });

  it('press produces message_callback with the bot message; the answer replaces the message', async () => {
    const { api, control } = await startWorld();
    await control.createUser({ user_id: 5, first_name: 'Пётр' });
    const sent = await api.sendMessageToUser(5, 'Голосуем?', { attachments: [keyboard] });
    const { callback_id } = await control.press(5, sent.body.mid, 'vote:yes');

    const { updates, marker } = await api.getUpdates(['message_callback']);
    expect(updates).toHaveLength(1);
    const update = updates[0] as MessageCallbackUpdate;
    expect(update.callback).toEqual({ timestamp: expect.any(Number), callback_id, payload: 'vote:yes', user: expect.objectContaining({ user_id: 5 }) });
    expect(update.message?.body.mid).toBe(sent.body.mid);
    expect(update.message?.recipient).toMatchObject({ chat_id: dialogChatId(5), chat_type: 'dialog' });

    await expect(answerCallback(api, callback_id, { message: { text: 'Спасибо, голос учтён', attachments: [] }, notification: 'Принято' })).resolves.toEqual({
      success: true,
    });
    const [view] = await control.botMessagesTo(5);
    expect(view).toMatchObject({ text: 'Спасибо, голос учтён', buttons: [] });
    expect(await control.answers()).toEqual([
      expect.objectContaining({
        callbackId: callback_id,
        userId: 5,
        mid: sent.body.mid,
        payload: 'vote:yes',
        notification: 'Принято',
        newText: 'Спасибо, голос учтён',
      }),
    ]);
    await api.getUpdates([], { marker, timeout: 1 });
  });

  it('pressByText finds the button; bad presses are 400', async () => {
    const { api, control } = await startWorld();
    await control.createUser({ user_id: 5, first_name: 'Пётр' });
    await control.createUser({ user_id: 6, first_name: 'Чужой' });
    const sent = await api.sendMessageToUser(5, 'Голосуем?', { attachments: [keyboard] });
    await expect(control.pressByText(5, sent.body.mid, 'Нет')).resolves.toMatchObject({ callback_id: expect.any(String) });
    await expect(control.press(5, sent.body.mid, 'vote:maybe')).rejects.toMatchObject({ status: 400 });
    await expect(control.pressByText(5, sent.body.mid, 'Сайт')).rejects.toThrow(/not a callback button/);
    await expect(control.press(6, sent.body.mid, 'vote:yes')).rejects.toThrow(/cannot see/);
    await expect(control.press(5, 'mid.000000009999', 'vote:yes')).rejects.toMatchObject({ status: 400 });
  });

  it('unknown callback ids are 404; over callbackRps per chat is 429', async () => {
    const { api, control } = await startWorld({ callbackRps: 2 });
    await control.createUser({ user_id: 5, first_name: 'Пётр' });
    expect((await maxError(answerCallback(api, 'cb.nope', { notification: 'x' }))).status).toBe(404);

    const sent = await api.sendMessageToUser(5, 'Голосуем?', { attachments: [keyboard] });
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await control.press(5, sent.body.mid, 'vote:yes')).callback_id);
    await answerCallback(api, ids[0] ?? '', { notification: '1' });
    await answerCallback(api, ids[1] ?? '', { notification: '2' });
    const err = await maxError(answerCallback(api, ids[2] ?? '', { notification: '3' }));
    expect(err.status).toBe(429);
    expect(err.code).toBe('too.many.requests');
    expect(await control.answers()).toHaveLength(2);
  });
});
