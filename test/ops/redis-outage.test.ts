// Redis goes away while people write to the bot: the real process (a child) with a
// redis-server of its own, stopped for 10 s and started again on the same port.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort, startLocalRedis } from '../../src/demo/redis-local.js';
import { runMain, type BotProcess } from '../support/bot-process.js';
import { createWorld, dialogMessageUpdate, eventually, postWebhook, sleep, type World } from '../support/harness.js';

const USERS = Array.from({ length: 10 }, (_, i) => 7001 + i);

describe('a Redis outage', () => {
  let world: World | undefined;
  let bot: BotProcess | undefined;
  let stopRedis: (() => Promise<void>) | undefined;
  let dir: string | undefined;
  afterEach(async () => {
    if (bot && bot.child.exitCode === null) bot.child.kill('SIGKILL');
    await stopRedis?.();
    await world?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function startBot(): Promise<{ redis: { url: string; stop: () => Promise<void> }; port: number }> {
    dir = mkdtempSync(join(tmpdir(), 'sferum-outage-'));
    const port = await freePort();
    const redis = await startLocalRedis(dir, { appendOnly: true, port });
    stopRedis = redis.stop;
    world = await createWorld({ noBot: true });
    bot = runMain({
      MAX_BOT_TOKEN: world.sandbox.token,
      MAX_API_URL: world.sandbox.url,
      REDIS_URL: redis.url,
      ADMIN_USER_IDS: '1',
      LOG_LEVEL: 'info',
    });
    // A start on a busy machine takes long (test/support/crash-process.ts allows 90 s): slow, not broken.
    await bot.waitForLine((l) => l.msg === 'bot started', 60_000);
    return { redis, port };
  }

  it('loses nothing when Redis is stopped for 10 s during traffic, and says so in two JSON lines', async () => {
    const { redis, port } = await startBot();
    const sent = new Map<number, number>(USERS.map((u) => [u, 0]));
    let sending = true;
    const traffic = (async () => {
      while (sending) {
        for (const u of USERS) {
          await world!.control.sendText(u, '/help');
          sent.set(u, sent.get(u)! + 1);
        }
        await sleep(200);
      }
    })();

    // Traffic is being answered before the outage.
    await eventually(async () => expect((await world!.control.messages({ fromBot: true })).length).toBeGreaterThan(0), 30_000);
    await redis.stop();
    await bot!.waitForLine((l) => l.event === 'redis.down', 10_000);
    await sleep(10_000);
    const again = await startLocalRedis(dir!, { appendOnly: true, port });
    stopRedis = again.stop;
    await bot!.waitForLine((l) => l.event === 'redis.up', 15_000);
    // Traffic sent after the outage is answered too before it stops.
    const recovered = await world!.control.lastSeq();
    await eventually(async () => {
      const answered = (await world!.control.messages({ fromBot: true })).filter((m) => m.seq > recovered);
      expect(answered.length).toBeGreaterThan(0);
    }, 30_000);
    sending = false;
    await traffic;

    // Every /help sent before, during and after the outage is answered, once.
    await eventually(async () => {
      for (const u of USERS) {
        const answers = await world!.control.messages({ userId: u, fromBot: true });
        // On failure, show what the bot warned about (ids only; no texts are logged).
        const warnings = () =>
          bot!
            .stdout()
            .filter((l) => /"level":(40|50|60)/.test(l))
            .slice(-30)
            .join('\n');
        expect(answers.length, `answers to ${u}; the bot's warnings:\n${warnings()}`).toBe(sent.get(u));
      }
      // A job whose worker lost Redis mid-send is picked up again by BullMQ's stalled-job check
      // (every 30 s, after its 30-s lock lapses), so give recovery a minute and a half.
    }, 90_000);

    const lines = bot!.stdout();
    const parsed = lines.map((l) => JSON.parse(l) as Record<string, unknown>); // every line is JSON
    expect(bot!.stderr()).toBe('');
    const down = parsed.filter((l) => l.event === 'redis.down');
    const up = parsed.filter((l) => l.event === 'redis.up');
    expect(down).toHaveLength(1);
    expect(up).toHaveLength(1);
    expect(up[0]!.outageMs).toBeGreaterThanOrEqual(9_000);
    // No other line is about Redis (no error per connection, no reconnect chatter).
    expect(parsed.filter((l) => /redis/i.test(JSON.stringify(l)) && l.event !== 'redis.down' && l.event !== 'redis.up')).toEqual([]);

    bot!.child.kill('SIGTERM');
    expect(await bot!.exited).toBe(0);
  }, 180_000);

  it('exits 0 within 10 s on SIGTERM while Redis is unreachable', async () => {
    const { redis } = await startBot();
    await redis.stop();
    await bot!.waitForLine((l) => l.event === 'redis.down', 10_000);
    const at = Date.now();
    bot!.child.kill('SIGTERM');
    expect(await bot!.exited).toBe(0);
    expect(Date.now() - at).toBeLessThan(10_000);
    expect(bot!.stderr()).toBe('');
  }, 60_000);

  it.each([
    ['Redis', (free: number, world: World) => ({ REDIS_URL: `redis://127.0.0.1:${free}`, MAX_API_URL: world.sandbox.url })],
    ['MAX', (free: number) => ({ REDIS_URL: world!.config.REDIS_URL, MAX_API_URL: `http://127.0.0.1:${free}` })],
  ] as const)(
    'exits 0 within 10 s on SIGTERM while it is still starting without %s',
    async (_what, env) => {
      world = await createWorld({ noBot: true });
      const free = await freePort();
      bot = runMain({ MAX_BOT_TOKEN: world.sandbox.token, ADMIN_USER_IDS: '1', LOG_LEVEL: 'info', REDIS_PREFIX: world.prefix, ...env(free, world) });
      // Alive, but not started: the operations server answers first.
      await bot.waitForLine((l) => typeof l.msg === 'string' && l.msg.startsWith('operations server listening'), 20_000);
      await sleep(1500);
      expect(bot.stdout().some((l) => l.includes('"bot started"'))).toBe(false);
      const at = Date.now();
      bot.child.kill('SIGTERM');
      expect(await bot.exited).toBe(0);
      expect(Date.now() - at).toBeLessThan(10_000);
      expect(bot.stderr()).toBe('');
    },
    60_000,
  );

  it('webhook mode answers 503 while Redis is unreachable, so MAX delivers the update again later', async () => {
    dir = mkdtempSync(join(tmpdir(), 'sferum-outage-'));
    const redisPort = await freePort();
    const redis = await startLocalRedis(dir, { appendOnly: true, port: redisPort });
    stopRedis = redis.stop;
    const port = await freePort();
    const url = `http://127.0.0.1:${port}/max/updates`;
    const secret = 'outage-secret-1';
    world = await createWorld({ noBot: true, app: { webhookHost: '127.0.0.1' } });
    const app = await world.startBot({ UPDATES_MODE: 'webhook', WEBHOOK_URL: url, WEBHOOK_PORT: String(port), WEBHOOK_SECRET: secret, REDIS_URL: redis.url });

    await redis.stop();
    await eventually(() => expect(app.health.up).toBe(false));
    expect(await postWebhook(url, dialogMessageUpdate(world.sandbox.botUserId, 7101, '/help'), secret)).toBe(503);
    // The sandbox, like MAX, retries a refused delivery.
    const after = await world.control.lastSeq();
    await world.control.sendText(7102, '/help');
    // The sandbox's delivery was refused at least once while Redis was away.
    await eventually(async () => expect((await world!.control.deliveries()).some((d) => d.status === 503)).toBe(true));
    const again = await startLocalRedis(dir, { appendOnly: true, port: redisPort });
    stopRedis = again.stop;
    const [answer] = await world.control.waitForMessages({ userId: 7102, fromBot: true }, { afterSeq: after, timeoutMs: 20_000 });
    expect(answer!.text).toContain('/feedback');
  }, 60_000);
});
