// `npm run demo`: the bot on a laptop with no MAX token. Starts a Redis of its own
// (unless REDIS_URL is set), the local MAX sandbox and the bot, then a terminal in
// which you talk to the bot as several MAX users.
import { mkdirSync } from 'node:fs';
import { pino } from 'pino';
import { createApp } from './app.js';
import { type Config, ConfigError, loadConfig } from './config.js';
import { ensureRedisServer, freePort, RedisUnavailableError, startLocalRedis } from './demo/redis-local.js';
import { runRepl } from './demo/repl.js';
import { withDemoDefaults } from './demo/settings.js';
import { SandboxControl } from './sandbox/control.js';
import { MaxSandbox } from './sandbox/server.js';

const print = (s: string) => process.stdout.write(`${s}\n`);

async function main(): Promise<void> {
  mkdirSync('.data', { recursive: true });
  // Everything started so far, stopped in reverse order on exit or on a failed start.
  const started: (() => Promise<unknown>)[] = [];
  const stopAll = async () => {
    for (const stop of started.reverse()) await stop().catch(() => undefined);
    started.length = 0;
  };
  const fail = async (message: string, code: number): Promise<never> => {
    await stopAll();
    console.error(message);
    process.exit(code);
  };

  try {
    let redisUrl = process.env.REDIS_URL;
    if (!redisUrl) {
      try {
        ensureRedisServer(print);
        const redis = await startLocalRedis('.data/redis');
        started.push(redis.stop);
        redisUrl = redis.url;
      } catch (err) {
        if (err instanceof RedisUnavailableError) return await fail(err.message, 1);
        throw err;
      }
    }

    // Ids from the start time: the bot, keeping .data, remembers the ids of earlier runs.
    const sandbox = new MaxSandbox({ idBase: Date.now() });
    await sandbox.start(Number(process.env.SANDBOX_PORT ?? 0));
    started.push(() => sandbox.stop());
    // The web panel on a port known in advance, so that its address can be configured.
    const httpPort = process.env.HTTP_PORT ?? String(await freePort());
    let config: Config;
    try {
      config = loadConfig({
        ...withDemoDefaults(process.env),
        MAX_BOT_TOKEN: sandbox.token,
        MAX_API_URL: sandbox.url,
        REDIS_URL: redisUrl,
        UPDATES_MODE: 'polling',
        HTTP_PORT: httpPort,
        HTTP_HOST: process.env.HTTP_HOST ?? '127.0.0.1',
        MINIAPP_URL: process.env.MINIAPP_URL ?? `http://127.0.0.1:${httpPort}/app`,
      });
    } catch (err) {
      if (err instanceof ConfigError) return await fail(err.message, 2);
      throw err;
    }
    // Logs go to a file so that they do not mix with the conversation.
    const logger = pino({ level: config.LOG_LEVEL }, pino.destination({ dest: '.data/bot.log', mkdir: true, sync: false }));
    const app = createApp(config, { logger });
    started.push(() => app.stop());
    // The sandbox is new on every run while Redis keeps its data: its update numbering starts
    // over, so a polling marker stored by an earlier run would skip the new updates.
    await app.redis.del(app.keys.updatesMarker);
    await app.start();
    print(`Песочница MAX: ${sandbox.url} (бот @${sandbox.botUsername}); Redis: ${redisUrl}; журнал бота: .data/bot.log`);
    print(`Администраторы: ${config.ADMIN_USER_IDS.join(', ')}.`);
    // The sandbox signs the launch data with the demo bot's token, as MAX would.
    const admin = config.ADMIN_USER_IDS[0]!;
    const panelApp = `http://127.0.0.1:${app.ops.port}/app`;
    const panelUrl = await new SandboxControl(sandbox.url).miniAppUrl(admin, panelApp);
    // As in MAX, each launch link opens the panel once and only for five minutes.
    print(
      `Панель управления (администратор ${admin}) — откройте в браузере в течение 5 минут, ссылка открывается один раз (новая: as ${admin} panel):\n${panelUrl}`,
    );

    await runRepl(new SandboxControl(sandbox.url), sandbox.botUsername, print, { panelUrl: panelApp, attachmentsDir: '.data/attachments' });
    await stopAll();
    print('До свидания!');
    process.exit(0);
  } catch (err) {
    await fail(`Демо не запустилось: ${(err as Error).message}`, 1);
  }
}

void main();
