// One isolated world per test: its own Redis key prefix, its own MAX sandbox,
// and a bot (the real app) driven through the sandbox over HTTP by the SDK.
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { expect, inject } from 'vitest';
import { createApp, type App, type AppOptions } from '../../src/app.js';
import { configSchema, type Config } from '../../src/config.js';
import { MaxSandbox, type MaxSandboxOptions } from '../../src/sandbox/server.js';
import { SandboxControl, type AnswerView, type MessageView } from '../../src/sandbox/control.js';
import { createKeys } from '../../src/store/keys.js';
import { ContractRecorder, contractMode } from './contract-recorder.js';

export const redisUrl = (): string => inject('redisUrl');

export interface World {
  prefix: string;
  sandbox: MaxSandbox;
  control: SandboxControl;
  redis: Redis;
  config: Config;
  /** The running bot; replaced by restart(). */
  app: App;
  /** Starts another bot process on the same Redis and sandbox (e.g. after a stop or a crash). */
  startBot(overrides?: Partial<Record<string, string>>, options?: AppOptions): Promise<App>;
  /** Graceful stop of the current bot, then a new one. */
  restart(options?: AppOptions): Promise<App>;
  /** The bot's traffic with the sandbox, checked against MAX's description. */
  contract: ContractRecorder;
  /** Stops everything; fails (in MAX_CONTRACT=fail mode) when traffic left MAX's description. */
  close(): Promise<void>;
}

export const quietLogger = () => pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });

export interface WorldOptions {
  env?: Record<string, string>;
  app?: AppOptions;
  sandbox?: MaxSandboxOptions;
  /** Do not start a bot at once. */
  noBot?: boolean;
  /**
   * The organisation's grade from which pupils consent themselves. Worlds start with 1, so that
   * tests of other features join pupils of «5А» without a parent; null leaves the product's
   * default (grade 8) — the consent tests (test/org/consent.test.ts) use that.
   */
  selfConsentGrade?: number | null;
  /** A Redis of the test's own instead of the suite's (e.g. to read its server-wide counters). */
  redisUrl?: string;
}

/** The mode of bot tests when MAX_CONTRACT is not set (see contract-recorder.ts). */
const HARNESS_CONTRACT_MODE = 'fail';

// Compiled once per test file, at import: it takes seconds on a busy machine.
await ContractRecorder.create(contractMode(HARNESS_CONTRACT_MODE));

export async function createWorld(opts: WorldOptions = {}): Promise<World> {
  const prefix = `t${randomBytes(5).toString('hex')}`;
  const contract = await ContractRecorder.create(contractMode(HARNESS_CONTRACT_MODE));
  const sandbox = new MaxSandbox({ rps: 1000, callbackRps: 1000, observer: contract, ...opts.sandbox });
  await sandbox.start();
  const control = new SandboxControl(sandbox.url);
  const url = opts.redisUrl ?? redisUrl();
  const redis = new Redis(url, { maxRetriesPerRequest: null });
  const env = {
    MAX_BOT_TOKEN: sandbox.token,
    MAX_API_URL: sandbox.url,
    REDIS_URL: url,
    REDIS_PREFIX: prefix,
    ADMIN_USER_IDS: '1',
    LOG_LEVEL: 'silent',
    HTTP_PORT: '0',
    HTTP_HOST: '127.0.0.1',
    ...opts.env,
  };
  const config = configSchema.parse(env);
  const apps: App[] = [];
  const selfConsentGrade = opts.selfConsentGrade === undefined ? 1 : opts.selfConsentGrade;
  if (selfConsentGrade !== null) await redis.hset(`${prefix}:org`, 'selfConsentGrade', String(selfConsentGrade));
  // The bot's clock runs from a Monday noon in Moscow, so that working-hours rules do not
  // depend on when the suite runs; tests about hours pass their own clock.
  const clockBase = Date.parse('2026-11-23T09:00:00Z');
  const clockStart = Date.now();
  const baseAppOptions: AppOptions = {
    logger: quietLogger(),
    now: () => clockBase + (Date.now() - clockStart),
    dispatcher: { leaseMs: 1500, pollMs: 50 },
    retry: { attempts: 6, baseDelayMs: 20, maxDelayMs: 200 },
    polling: { timeoutSec: 1 },
    ...opts.app,
  };

  const world: World = {
    prefix,
    sandbox,
    control,
    redis,
    config,
    app: undefined as unknown as App,
    contract,
    async startBot(overrides = {}, options = {}) {
      const app = createApp(configSchema.parse({ ...env, ...overrides }), { ...baseAppOptions, ...options });
      apps.push(app);
      await app.start();
      world.app = app;
      return app;
    },
    async restart(options) {
      await world.app.stop();
      return world.startBot({}, options);
    },
    async close() {
      await Promise.allSettled(apps.map((a) => a.stop()));
      await sandbox.stop();
      await deleteByPrefix(redis, prefix);
      redis.disconnect();
      contract.settle(expect.getState().currentTestName ?? '');
    },
  };
  if (!opts.noBot) await world.startBot();
  return world;
}

export async function deleteByPrefix(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
    cursor = next;
    if (keys.length > 0) await redis.del(...keys);
  } while (cursor !== '0');
}

/** Sends a text as the user and waits for the bot's next `count` messages to them. */
export async function say(world: World, userId: number, text: string, count = 1): Promise<MessageView[]> {
  const after = await world.control.lastSeq();
  await world.control.sendText(userId, text);
  return world.control.waitForMessages({ userId, fromBot: true }, { count, afterSeq: after, timeoutMs: 20_000 });
}

/** Presses the button with this text on the message and waits for the bot's next messages. */
export async function press(world: World, userId: number, message: MessageView, buttonText: string, count = 1): Promise<MessageView[]> {
  const after = await world.control.lastSeq();
  await world.control.pressByText(userId, message.mid, buttonText);
  return world.control.waitForMessages({ userId, fromBot: true }, { count, afterSeq: after, timeoutMs: 20_000 });
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export { freePort } from '../../src/demo/redis-local.js';

let mid = 0;
/** A dialog message update as MAX sends it (for posting to a webhook directly). */
export function dialogMessageUpdate(botId: number, userId: number, text: string, timestamp = Date.now()) {
  mid++;
  return {
    update_type: 'message_created',
    timestamp,
    message: {
      sender: { user_id: userId, first_name: 'Тест', name: 'Тест', username: null, is_bot: false, last_activity_time: timestamp },
      recipient: { chat_id: 100_000_000 + userId, chat_type: 'dialog', user_id: botId },
      timestamp,
      body: { mid: `mid.test.${process.pid}.${mid}`, seq: mid, text },
    },
    user_locale: 'ru',
  };
}

let forged = 0;
/** A callback press with any payload, as a modified client could send it, posted straight to the bot's webhook. */
export function forgeCallback(url: string, secret: string, userId: number, payload: string): Promise<number> {
  forged++;
  return postWebhook(
    url,
    {
      update_type: 'message_callback',
      timestamp: Date.now() + forged,
      callback: {
        timestamp: Date.now(),
        callback_id: `forged.${process.pid}.${forged}`,
        payload,
        user: { user_id: userId, first_name: 'Тест', name: 'Тест', is_bot: false },
      },
      message: null,
      user_locale: 'ru',
    },
    secret,
  );
}

export async function postWebhook(url: string, body: unknown, secret?: string): Promise<number> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (secret !== undefined) headers['x-max-bot-api-secret'] = secret;
  const res = await fetch(url, { method: 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body) });
  await res.text();
  return res.status;
}

/** The bot's answer to a button press (notification and/or edited message), once it has answered. */
export async function answerTo(world: World, callbackId: string): Promise<AnswerView> {
  return eventually(async () => {
    const a = (await world.control.answers()).find((x) => x.callbackId === callbackId);
    expect(a).toBeDefined();
    return a!;
  }, 20_000);
}

/**
 * Resolves once the bot has nothing left to do with what it was sent: the sandbox holds no update
 * the bot has not taken, the inbox no update it has not handled, the outbox no reply it has not
 * sent. The barrier before checking that something did *not* happen (a second reply, a duplicate):
 * unlike a fixed pause it holds however slow the machine is. Work queued for later (a delayed
 * job, a BullMQ queue of a feature) is not covered: check that queue itself.
 */
export async function settled(world: World, timeoutMs = 20_000): Promise<void> {
  const keys = createKeys(world.prefix);
  await eventually(async () => {
    expect(await world.control.updatesPending()).toBe(0);
    expect(await world.redis.zcard(keys.inboxPending)).toBe(0);
    expect(await world.redis.zcard(keys.outboxPending)).toBe(0);
  }, timeoutMs);
}

/** Retries an assertion until it passes or the time is up (for effects that land asynchronously). */
export async function eventually<T>(check: () => Promise<T> | T, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await sleep(50);
    }
  }
}
