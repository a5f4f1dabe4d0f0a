// A chat's callback-answer limiter is made by the first answer in that chat, inside the update
// being handled. Its shared grant call runs a call chained after another in the context the
// limiter was made in (src/store/shared-call.ts): made in the update's context, every later
// answer in that chat that had to wait for a grant ran in it — long after that update was
// acknowledged (a crash test's kill meant for that update could land there). It is made outside.
import { AsyncLocalStorage } from 'node:async_hooks';
import { Bot, type Api } from '@maxhub/max-bot-api';
import { afterEach, describe, expect, it } from 'vitest';
import { CallbackAnswers } from '../../src/bot/callback-answers.js';
import { createMaxFetch } from '../../src/bot/max-fetch.js';
import { RateLimiter } from '../../src/bot/rate-limiter.js';
import { createLogger } from '../../src/log.js';
import { MaxSandbox } from '../../src/sandbox/server.js';
import { storeRedis } from '../support/store-redis.js';

describe("a chat's callback-answer limiter", () => {
  const store = storeRedis();
  let sandbox: MaxSandbox | undefined;
  afterEach(async () => {
    await sandbox?.stop();
  });

  it("keeps none of the first answering update's async-local state for later answers", async () => {
    const { redis, keys } = store.open();
    sandbox = new MaxSandbox({ rps: 1000, callbackRps: 1000 });
    await sandbox.start();
    const log = createLogger('silent');
    const api: Api = new Bot(sandbox.token, {
      clientOptions: { baseUrl: sandbox.url, fetch: createMaxFetch(new RateLimiter(redis, keys.rateMaxApi, 1000), log) },
    }).api;
    const chatId = 42;
    const update = new AsyncLocalStorage<string>();
    // The context of each grant taken for the chat's answers.
    const atGrant: Array<string | undefined> = [];
    const send = redis.sendCommand.bind(redis);
    redis.sendCommand = ((command: { name: string; args?: unknown[] }, ...rest: unknown[]) => {
      if (command.args?.includes(keys.rateCallbackAnswers(chatId))) atGrant.push(update.getStore());
      return (send as (...a: unknown[]) => unknown)(command, ...rest);
    }) as typeof redis.sendCommand;
    const answers = new CallbackAnswers(api, redis, keys, log);
    await update.run('update 1', () => answers.answer(chatId, 'cb-1', { notification: '1' }));
    // Two answers at once, in no update: the second waits for the first's grant call.
    await Promise.all([answers.answer(chatId, 'cb-2', { notification: '2' }), answers.answer(chatId, 'cb-3', { notification: '3' })]);
    expect(atGrant[0]).toBe('update 1');
    expect(atGrant.length).toBeGreaterThanOrEqual(3);
    expect(atGrant.slice(1)).not.toContain('update 1');
    answers.close();
  });
});
