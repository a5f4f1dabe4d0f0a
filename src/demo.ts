// `npm run demo`: the bot on a laptop with no MAX token. Starts a Redis of its own
// (unless REDIS_URL is set), the local MAX sandbox and the bot, then a terminal in
// which you talk to the bot as several MAX users.
import { mkdirSync } from 'node:fs';
import { pino } from 'pino';
import { createApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { ensureRedisServer, RedisUnavailableError, startLocalRedis } from './demo/redis-local.js';
import { runRepl } from './demo/repl.js';
import { SandboxControl } from './sandbox/control.js';
import { MaxSandbox } from './sandbox/server.js';

const print = (s: string) => process.stdout.write(s + '\n');

async function main(): Promise<void> {
  mkdirSync('.data', { recursive: true });
  let redis: { url: string; stop: () => Promise<void> } | null = null;
  let redisUrl = process.env.REDIS_URL;
  if (!redisUrl) {
    try {
      ensureRedisServer(print);
      redis = await startLocalRedis('.data/redis');
      redisUrl = redis.url;
    } catch (err) {
      if (err instanceof RedisUnavailableError) {
        console.error(err.message);
        process.exit(1);
      }
      throw err;
    }
  }

  const sandbox = new MaxSandbox();
  await sandbox.start(Number(process.env.SANDBOX_PORT ?? 0));
  let config;
  try {
    config = loadConfig({
      ...process.env,
      MAX_BOT_TOKEN: sandbox.token,
      MAX_API_URL: sandbox.url,
      REDIS_URL: redisUrl,
      REDIS_PREFIX: process.env.REDIS_PREFIX ?? 'demo',
      ADMIN_USER_IDS: process.env.ADMIN_USER_IDS ?? '1001',
      UPDATES_MODE: 'polling',
      // The demo needs no operations server on a fixed port.
      HTTP_PORT: process.env.HTTP_PORT ?? '0',
      HTTP_HOST: process.env.HTTP_HOST ?? '127.0.0.1',
    });
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(2);
    }
    throw err;
  }
  // Logs go to a file so that they do not mix with the conversation.
  const logger = pino({ level: config.LOG_LEVEL }, pino.destination({ dest: '.data/bot.log', mkdir: true, sync: false }));
  const app = createApp(config, { logger });
  // The sandbox is new on every run while Redis keeps its data: its update numbering starts
  // over, so a polling marker stored by an earlier run would skip the new updates.
  await app.redis.del(app.keys.updatesMarker);
  await app.start();
  print(`Песочница MAX: ${sandbox.url} (бот @${sandbox.botUsername}); Redis: ${redisUrl}; журнал бота: .data/bot.log`);
  print(`Администраторы: ${config.ADMIN_USER_IDS.join(', ')}.`);

  await runRepl(new SandboxControl(sandbox.url), sandbox.botUsername, print);

  await app.stop();
  await sandbox.stop();
  await redis?.stop();
  print('До свидания!');
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
