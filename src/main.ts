// Entry point: `node dist/main.js` (or `npm start`).
import { type Config, ConfigError, loadConfig, loadDotEnv } from './config.js';

async function main(): Promise<void> {
  let config: Config;
  try {
    loadDotEnv();
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(2);
    }
    throw err;
  }
  // The app (and its libraries) loads only once the configuration is known to be good, so a
  // bad variable is reported at once instead of after seconds of module loading.
  const { createApp } = await import('./app.js');
  const app = createApp(config);
  const log = app.log;

  // The process never exits on a bad update; these only log what slipped past every boundary.
  process.on('unhandledRejection', (err) => log.error({ err }, 'unhandled rejection'));
  process.on('uncaughtException', (err) => log.error({ err }, 'uncaught exception'));

  let stopping = false;
  // A stop never takes longer than this, whatever state the bot is in (app.stop has its own,
  // shorter deadline; this is the last resort). Unfinished work stays in Redis for the next start.
  const HARD_STOP_MS = 9_500;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'stopping');
    setTimeout(() => {
      log.warn({ event: 'stop.forced' }, 'stop took too long; exiting');
      process.exit(0);
    }, HARD_STOP_MS).unref();
    app
      .stop()
      .catch((err: unknown) => log.error({ err }, 'stop failed'))
      .finally(() => process.exit(0));
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));

  try {
    await app.start();
  } catch (err) {
    // A start interrupted by a stop signal is not a failed start.
    if (stopping) return;
    log.fatal({ err: (err as Error).message }, 'could not start');
    await app.stop().catch(() => undefined);
    process.exit(1);
  }
}

void main();
