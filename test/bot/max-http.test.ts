// The bot's transport for MAX calls (src/bot/max-http.ts inside max-fetch.ts), driven
// by the official SDK against the sandbox: ordinary answers, MAX's refusals with
// status 200, errors with a code, a missed deadline, and a caller's abort.
import { Bot, MaxError, type Api } from '@maxhub/max-bot-api';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMaxFetch } from '../../src/bot/max-fetch.js';
import { isPlainJsonCall } from '../../src/bot/max-http.js';
import { RateLimiter } from '../../src/bot/rate-limiter.js';
import { MaxSandbox } from '../../src/sandbox/server.js';
import { SandboxControl } from '../../src/sandbox/control.js';
import { redisUrl } from '../support/harness.js';

describe('MAX calls over the bot’s HTTP transport', () => {
  let sandbox: MaxSandbox;
  let control: SandboxControl;
  let redis: Redis;
  let api: Api;

  beforeEach(async () => {
    sandbox = new MaxSandbox({ rps: 1000, callbackRps: 1000 });
    await sandbox.start();
    control = new SandboxControl(sandbox.url);
    redis = new Redis(redisUrl(), { maxRetriesPerRequest: null });
    const limiter = new RateLimiter(redis, `t${Date.now()}:rate`, 1000);
    const fetch = createMaxFetch(limiter, pino({ level: 'silent' }), { attempts: 3, baseDelayMs: 10, maxDelayMs: 20 }, { callMs: 300, pollGraceMs: 100 });
    api = new Bot(sandbox.token, { clientOptions: { baseUrl: sandbox.url, fetch } }).api;
  });
  afterEach(async () => {
    await sandbox.stop();
    redis.disconnect();
  });

  it('an ordinary answer reaches the SDK parsed', async () => {
    const me = await api.getMyInfo();
    expect(me.user_id).toBe(sandbox.botUserId);
  });

  it('a refusal with status 200 ({success: false, code}) becomes a MaxError carrying MAX’s code', async () => {
    const { chat_id: chatId } = await control.createChat({ title: '5А класс', owner_id: 7, members: [] });
    await control.addBot(chatId, { by: 7 });
    await control.fault({ method: 'DELETE', path: `/chats/${chatId}/members/me`, status: 200, code: 'chat.not.left', message: 'Refused here' });
    const err = await api.leaveChat(chatId).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MaxError);
    expect((err as MaxError).code).toBe('chat.not.left');
  });

  it('an error answer keeps its status and code; it is not retried', async () => {
    await control.fault({ method: 'GET', path: '/chats/424242', status: 404, code: 'not.found', message: 'No chat' });
    const err = await api.getChat(424242).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MaxError);
    expect((err as MaxError).status).toBe(404);
    expect((await control.requests({ method: 'GET', path: '/chats/424242' })).length).toBe(1);
  });

  it('a call with no answer is given up at its deadline and tried again', async () => {
    await control.fault({ method: 'GET', path: '/me', hang: true });
    const me = await api.getMyInfo();
    expect(me.user_id).toBe(sandbox.botUserId);
    expect((await control.requests({ method: 'GET', path: '/me' })).map((r) => r.status)).toEqual([0, 200]);
  });

  it('a caller’s abort ends the call at once, with an AbortError', async () => {
    await control.fault({ method: 'GET', path: '/updates', hang: true });
    const stop = new AbortController();
    const call = api.getUpdates([], { timeout: 30, signal: stop.signal }).catch((e: unknown) => e);
    setTimeout(() => stop.abort(), 50);
    const started = Date.now();
    const err = (await call) as Error;
    expect(err.name).toBe('AbortError');
    // At once, not at the 30 s poll's end (a busy machine may add seconds).
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('only a string body or none takes the plain path; anything else goes through fetch', () => {
    expect(isPlainJsonCall(undefined)).toBe(true);
    expect(isPlainJsonCall({ method: 'GET' })).toBe(true);
    expect(isPlainJsonCall({ method: 'POST', body: '{"text":"Привет"}' })).toBe(true);
    expect(isPlainJsonCall({ method: 'POST', body: new FormData() })).toBe(false);
    expect(isPlainJsonCall({ method: 'POST', body: new Uint8Array([1, 2]) })).toBe(false);
  });
});
