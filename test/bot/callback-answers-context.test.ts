// A chat's callback-answer limiter is made by the first answer in that chat, inside the update
// being handled. Its shared grant call runs a call chained after another in the context the
// limiter was made in (src/store/shared-call.ts): made in the update's context, every later
// answer in that chat that had to wait for a grant ran in it — long after that update was
// acknowledged (a crash test's kill meant for that update could land there). It is made outside.
//
// The update's own grant call runs in the update's context, and so does its give-back when the
// grant came back late (src/bot/rate-limiter.ts: a late grant is returned with ZREM and asked
// again): that is still the update's own work. Each grant call names its grant ids
// `<process id>:<call number>:<n>`, so a command is tied to the call it belongs to.
import { AsyncLocalStorage } from 'node:async_hooks';
import { Bot, type Api } from '@maxhub/max-bot-api';
import { afterEach, describe, expect, it } from 'vitest';
import { CallbackAnswers } from '../../src/bot/callback-answers.js';
import { createMaxFetch } from '../../src/bot/max-fetch.js';
import { RateLimiter, type RateLimiterOptions } from '../../src/bot/rate-limiter.js';
import { createLogger } from '../../src/log.js';
import { dialogChatId } from '../../src/sandbox/model.js';
import { MaxSandbox } from '../../src/sandbox/server.js';
import { SandboxControl } from '../../src/sandbox/control.js';
import { storeRedis } from '../support/store-redis.js';

const keyboard = {
  type: 'inline_keyboard' as const,
  payload: { buttons: [[{ type: 'callback' as const, text: 'Да', payload: 'vote:yes' }]] },
};

describe("a chat's callback-answer limiter", () => {
  const store = storeRedis();
  let sandbox: MaxSandbox | undefined;
  afterEach(async () => {
    await sandbox?.stop();
  });

  /** Answers to three presses in one chat, with every Redis command on its window recorded with the update it ran in. */
  async function start(limiter: Pick<RateLimiterOptions, 'lagMs'> = {}) {
    const { redis, keys } = store.open();
    sandbox = new MaxSandbox({ rps: 1000, callbackRps: 1000 });
    await sandbox.start();
    const log = createLogger('silent');
    const api: Api = new Bot(sandbox.token, {
      clientOptions: { baseUrl: sandbox.url, fetch: createMaxFetch(new RateLimiter(redis, keys.rateMaxApi, 1000), log) },
    }).api;
    const key = keys.rateCallbackAnswers(dialogChatId(5));
    const update = new AsyncLocalStorage<string>();
    const commands: Array<{ name: string; update: string | undefined; call: number }> = [];
    const send = redis.sendCommand.bind(redis);
    redis.sendCommand = ((command: { name: string; args?: unknown[] }, ...rest: unknown[]) => {
      const args = (command.args ?? []).map(String);
      if (args.includes(key)) {
        // The grant call's number, from the grant ids (a grant's prefix or a given-back id).
        const id = args.filter((a) => a !== key).find((a) => /^[\w-]+:\d+:\d*$/.test(a));
        commands.push({ name: command.name, update: update.getStore(), call: Number(id?.split(':')[1] ?? Number.NaN) });
      }
      return (send as (...a: unknown[]) => unknown)(command, ...rest);
    }) as typeof redis.sendCommand;
    const answers = new CallbackAnswers(api, redis, keys, log, { limiter });
    // Three real presses in the chat, so MAX takes their answers.
    const control = new SandboxControl(sandbox.url);
    await control.createUser({ user_id: 5, first_name: 'Тест' });
    const asked = await api.sendMessageToUser(5, 'Голосуем?', { attachments: [keyboard] });
    const cb: string[] = [];
    for (let i = 0; i < 3; i++) cb.push((await control.press(5, asked.body.mid, 'vote:yes')).callback_id);
    const sent = async () => (await control.answers()).map((a) => a.notification);
    return { answers, chatId: dialogChatId(5), cb, update, commands, sent };
  }

  it("keeps none of the first answering update's async-local state for later answers", async () => {
    const { answers, chatId, cb, update, commands, sent } = await start();
    await update.run('update 1', () => answers.answer(chatId, cb[0]!, { notification: '1' }));
    // Two answers at once, in no update: the second waits for the first's grant call.
    await Promise.all([answers.answer(chatId, cb[1]!, { notification: '2' }), answers.answer(chatId, cb[2]!, { notification: '3' })]);
    await answers.drained();
    expect(await sent()).toEqual(['1', '2', '3']);
    expect(commands[0]).toMatchObject({ update: 'update 1', call: 1 });
    // Calls after the first exist, and none carries the update — whether or not its grant came late.
    expect(commands.filter((c) => c.call > 1).length).toBeGreaterThanOrEqual(2);
    expect(commands.filter((c) => c.update === 'update 1')).toEqual(commands.filter((c) => c.call === 1));
    expect(commands.filter((c) => c.call !== 1).map((c) => c.update)).not.toContain('update 1');
    answers.close();
  });

  it("a late first grant is given back in the update's own context; the answers after it carry none of it", async () => {
    // Every grant is late (a round trip can never beat -1 ms): each is given back until the
    // limiter keeps one anyway, so the first answer waits in the queue.
    const { answers, chatId, cb, update, commands, sent } = await start({ lagMs: -1 });
    await update.run('update 1', () => answers.answer(chatId, cb[0]!, { notification: '1' }));
    await Promise.all([answers.answer(chatId, cb[1]!, { notification: '2' }), answers.answer(chatId, cb[2]!, { notification: '3' })]);
    await answers.drained();
    expect(await sent()).toEqual(['1', '2', '3']);
    const own = commands.filter((c) => c.call === 1);
    expect(own.map((c) => [c.name, c.update])).toEqual([
      ['evalsha', 'update 1'],
      ['zrem', 'update 1'],
    ]);
    expect(commands.filter((c) => c.name === 'zrem').length).toBeGreaterThan(1);
    expect(commands.filter((c) => c.call !== 1).map((c) => c.update)).not.toContain('update 1');
    expect(commands.filter((c) => c.call !== 1).length).toBeGreaterThanOrEqual(4);
    answers.close();
  });
});
