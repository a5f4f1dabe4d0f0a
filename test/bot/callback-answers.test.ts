// The queue of answers to button presses, against the sandbox's per-chat window (MAX: at most
// two answers a second in one dialog or chat) and a real Redis: answers of a burst go out in
// order and are never refused; another chat does not wait behind a full one; an answer that
// waited past MAX_ANSWER_WAIT_MS is dropped; one MAX refused for the rate is sent again; a stop
// drops what is still queued.
import { randomBytes } from 'node:crypto';
import { Bot } from '@maxhub/max-bot-api';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { CallbackAnswers, MAX_ANSWER_WAIT_MS } from '../../src/bot/callback-answers.js';
import { createLogger } from '../../src/log.js';
import { SandboxControl } from '../../src/sandbox/control.js';
import { mostInAnyWindow } from '../../src/sandbox/limits.js';
import { MaxSandbox } from '../../src/sandbox/server.js';
import { createKeys } from '../../src/store/keys.js';
import { eventually, redisUrl } from '../support/harness.js';

const keyboard = {
  type: 'inline_keyboard' as const,
  payload: { buttons: [[{ type: 'callback' as const, text: 'Да', payload: 'vote:yes' }]] },
};

describe('callback answers', () => {
  const open: { sandbox: MaxSandbox; redis: Redis; answers: CallbackAnswers }[] = [];
  afterEach(async () => {
    for (const o of open.splice(0)) {
      o.answers.close();
      await o.answers.drained();
      o.redis.disconnect();
      await o.sandbox.stop();
    }
  });

  /** A sandbox with MAX's window of two answers a second per chat, and the queue under test. */
  async function start(now: () => number = Date.now, callbackRps = 2) {
    const sandbox = new MaxSandbox({ rps: 1000, callbackRps });
    await sandbox.start();
    const redis = new Redis(redisUrl());
    const api = new Bot(sandbox.token, { clientOptions: { baseUrl: sandbox.url } }).api;
    const answers = new CallbackAnswers(api, redis, createKeys(`cba:${randomBytes(4).toString('hex')}`), createLogger('silent'), { now });
    open.push({ sandbox, redis, answers });
    const control = new SandboxControl(sandbox.url);
    /** `count` presses of one keyboard by `userId`: their chat and callback ids. */
    const presses = async (userId: number, count: number) => {
      await control.createUser({ user_id: userId, first_name: 'Тест' });
      const sent = await api.sendMessageToUser(userId, 'Голосуем?', { attachments: [keyboard] });
      const ids: string[] = [];
      for (let i = 0; i < count; i++) ids.push((await control.press(userId, sent.body.mid, 'vote:yes')).callback_id);
      return { chatId: sent.recipient.chat_id!, ids };
    };
    const notifications = async () => (await control.answers()).map((a) => a.notification);
    return { answers, control, presses, notifications };
  }

  it('a burst in one chat goes out in order, never more than two in a second, none refused, without holding up the callers', async () => {
    const { answers, control, presses, notifications } = await start();
    const { chatId, ids } = await presses(5, 9);
    // Nine answers need at least four seconds of MAX's window; the callers are not held for it.
    await Promise.all(ids.map((id, i) => answers.answer(chatId, id, { notification: String(i) })));
    expect((await notifications()).length).toBeLessThan(9);
    await answers.drained();
    expect(await notifications()).toEqual(ids.map((_, i) => String(i)));
    // MAX's window is the sandbox's: a refused answer is sent again (see below), so a busy machine
    // may see one refused; without the limiter most of the nine would be.
    const log = await control.requests({ path: '/answers' });
    expect(new Set(log.filter((e) => e.status === 429).map((e) => e.query.callback_id)).size).toBeLessThanOrEqual(2);
    expect(
      mostInAnyWindow(
        log.filter((e) => e.status === 200).map((e) => e.at),
        1000,
      ),
    ).toBeLessThanOrEqual(2);
  });

  it('an answer MAX refuses for the rate waits its turn again and goes out, in order', async () => {
    // MAX counts an answer when it lands; a process slow between the grant and the request can
    // land one in a full second of MAX's, which refuses it with 429 although the window had room.
    // MAX's own window out of the way: only the two injected refusals refuse.
    const { answers, control, presses, notifications } = await start(Date.now, 1000);
    const { chatId, ids } = await presses(5, 4);
    // The first answer (sent at once) and the third (sent from the queue) are refused once each.
    await control.fault({ method: 'POST', path: '/answers', status: 429, count: 1 });
    await answers.answer(chatId, ids[0]!, { notification: '0' });
    await answers.answer(chatId, ids[1]!, { notification: '1' });
    await control.fault({ method: 'POST', path: '/answers', status: 429, count: 1 });
    await Promise.all(ids.slice(2).map((id, i) => answers.answer(chatId, id, { notification: String(i + 2) })));
    await answers.drained();
    expect(await notifications()).toEqual(['0', '1', '2', '3']);
    const log = await control.requests({ path: '/answers' });
    expect(log.filter((e) => e.status === 429)).toHaveLength(2);
  });

  it('an answer pressed while the one before it is on its way goes out after it, even when that one is refused', async () => {
    const { answers, control, presses, notifications } = await start(Date.now, 1000);
    const { chatId, ids } = await presses(5, 2);
    // The first answer is held at MAX for a while and then refused for the rate.
    await control.fault({ method: 'POST', path: '/answers', status: 429, count: 1, delayMs: 300 });
    const first = answers.answer(chatId, ids[0]!, { notification: '0' });
    await eventually(async () => expect(await control.requests({ path: '/answers' })).toHaveLength(1));
    await Promise.all([first, answers.answer(chatId, ids[1]!, { notification: '1' })]);
    await answers.drained();
    expect(await notifications()).toEqual(['0', '1']);
  });

  it('another chat does not wait behind a full one', async () => {
    const { answers, presses, notifications } = await start();
    const full = await presses(5, 6);
    const other = await presses(6, 1);
    await Promise.all(full.ids.map((id, i) => answers.answer(full.chatId, id, { notification: `a${i}` })));
    await answers.answer(other.chatId, other.ids[0]!, { notification: 'b' });
    // Sent as soon as answer() resolved: its chat's window had room.
    expect(await notifications()).toContain('b');
    expect((await notifications()).filter((n) => n?.startsWith('a')).length).toBeLessThan(6);
    await answers.drained();
    expect((await notifications()).filter((n) => n?.startsWith('a'))).toEqual(full.ids.map((_, i) => `a${i}`));
  });

  it('an answer that waited longer than MAX_ANSWER_WAIT_MS is dropped, not sent', async () => {
    let clock = Date.now();
    const { answers, presses, notifications } = await start(() => clock);
    const { chatId, ids } = await presses(5, 8);
    // The first goes out at once and the rest wait behind it; the clock jumps as soon as the first
    // is through, so those behind it are found too old when their turn comes. (On a slow machine
    // one or two more may have gone out before the jump, never all.)
    await Promise.all(ids.map((id, i) => answers.answer(chatId, id, { notification: String(i) })));
    clock += MAX_ANSWER_WAIT_MS + 1;
    await answers.drained();
    const sent = await notifications();
    expect(sent.length).toBeGreaterThanOrEqual(1);
    expect(sent.length).toBeLessThan(8);
    expect(sent).toEqual(ids.slice(0, sent.length).map((_, i) => String(i)));
  });

  it('a stop drops the answers still queued', async () => {
    const { answers, presses, notifications } = await start();
    const { chatId, ids } = await presses(5, 6);
    await Promise.all(ids.map((id, i) => answers.answer(chatId, id, { notification: String(i) })));
    answers.close();
    await answers.drained();
    const sent = await notifications();
    expect(sent.length).toBeLessThan(6);
    expect(sent).toEqual(ids.slice(0, sent.length).map((_, i) => String(i)));
  });
});
