// Benchmark of the update pipeline: updates through sandbox → polling → inbox →
// dispatcher → router → outbox → sandbox, with a real redis-server. Reports
// updates per second, and how close the shared limiter keeps the bot to MAX_RPS.
// Run: npx tsx bench/pipeline.ts   (or npm run bench)
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { createApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { ensureRedisServer, startLocalRedis } from '../src/demo/redis-local.js';
import { SandboxControl } from '../src/sandbox/control.js';
import { MaxSandbox } from '../src/sandbox/server.js';

export interface PipelineReport {
  updates: number;
  users: number;
  unthrottled: { seconds: number; updatesPerSecond: number };
  throttled: { rps: number; seconds: number; repliesPerSecond: number; refused429: number };
}

async function run(redisUrl: string, rps: number, updates: number, users: number): Promise<{ seconds: number; refused: number }> {
  const sandbox = new MaxSandbox({ rps: Math.max(rps, 30), callbackRps: 1000 });
  await sandbox.start();
  const control = new SandboxControl(sandbox.url);
  const config = loadConfig({
    MAX_BOT_TOKEN: sandbox.token,
    MAX_API_URL: sandbox.url,
    REDIS_URL: redisUrl,
    REDIS_PREFIX: `bench${rps}${Date.now()}`,
    ADMIN_USER_IDS: '1',
    MAX_RPS: String(rps),
    LOG_LEVEL: 'silent',
  });
  const app = createApp(config, { logger: pino({ level: 'silent' }), polling: { timeoutSec: 1 } });
  await app.start();
  const started = performance.now();
  const sends: Promise<unknown>[] = [];
  for (let i = 0; i < updates; i++) sends.push(control.sendText(10_000 + (i % users), '/start'));
  await Promise.all(sends);
  await control.waitForMessages({ fromBot: true }, { count: updates, timeoutMs: 600_000 });
  const seconds = (performance.now() - started) / 1000;
  const refused = (await control.requests()).filter((r) => r.status === 429).length;
  await app.stop();
  await sandbox.stop();
  return { seconds, refused };
}

export async function runPipelineBench(updates = 600, users = 60): Promise<PipelineReport> {
  ensureRedisServer(() => undefined);
  const dir = mkdtempSync(join(tmpdir(), 'sferum-bench-'));
  const redis = await startLocalRedis(dir);
  try {
    const fast = await run(redis.url, 1000, updates, users);
    const throttledUpdates = Math.min(updates, 150);
    const slow = await run(redis.url, 30, throttledUpdates, users);
    return {
      updates,
      users,
      unthrottled: { seconds: fast.seconds, updatesPerSecond: updates / fast.seconds },
      throttled: { rps: 30, seconds: slow.seconds, repliesPerSecond: throttledUpdates / slow.seconds, refused429: slow.refused },
    };
  } finally {
    await redis.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await runPipelineBench();
  console.log(JSON.stringify(r, null, 2));
}
