// The real bot (createApp, as src/main.ts runs it) as its own process for the bench.
// Three things differ from production, all for measurement only:
//   - its clock starts at a Monday noon in Moscow (like the tests), so the chat
//     scenarios run within working hours whatever the time of the run;
//   - every command its Redis clients send is counted (see countRedisCommands);
//   - BENCH_MAX_RPS, when set, replaces MAX_RPS past the configuration's own ceiling
//     (1000), so the rate limiter still reserves a slot for every call but never caps the
//     throughput being measured (the bare SDK bot it is compared with has no limiter).
// The bot's code is loaded from dist/ (built by `npm run bench` first), as production runs
// it (`node dist/main.js`): under tsx every function carries esbuild's naming wrapper, about
// 0.5 % of the bot's time in a profile of scenario (a), which production does not pay.
// Env: the bot's own (MAX_API_URL, MAX_BOT_TOKEN, REDIS_URL, REDIS_PREFIX, ...),
// BENCH_CLOCK_BASE (epoch ms the clock starts from).
import { Pipeline, Redis } from 'ioredis';
import { pino } from 'pino';
import { serve } from '../lib/rpc.js';

/**
 * Counts, per command name, what this process's ioredis clients send (BullMQ's
 * connections included: they are ioredis too). A command queued in a pipeline or a
 * MULTI is passed a `stream` by Pipeline.exec and is not a round trip of its own;
 * each exec is one. The server's INFO commandstats additionally counts the commands
 * Lua scripts run; the driver takes the difference (see bench/lib/redis-stats.ts).
 */
const sent = new Map<string, number>();
let roundTrips = 0;
function countRedisCommands(): void {
  const proto = Redis.prototype as unknown as { sendCommand: (this: Redis, command: { name: string }, stream?: unknown, ...rest: unknown[]) => unknown };
  const send = proto.sendCommand;
  proto.sendCommand = function (command, stream, ...rest) {
    sent.set(command.name, (sent.get(command.name) ?? 0) + 1);
    if (!stream) roundTrips++;
    return send.call(this, command, stream, ...rest);
  };
  const pipeline = Pipeline.prototype as unknown as { exec: (...args: unknown[]) => unknown };
  const exec = pipeline.exec;
  pipeline.exec = function (this: unknown, ...args: unknown[]) {
    roundTrips++;
    return exec.apply(this, args);
  };
}
countRedisCommands();

const built = (file: string): string => new URL(`../../dist/${file}`, import.meta.url).href;
const { createApp } = (await import(built('app.js'))) as typeof import('../../src/app.js');
const { loadConfig } = (await import(built('config.js'))) as typeof import('../../src/config.js');

const clockBase = Number(process.env.BENCH_CLOCK_BASE ?? Date.now());
const clockStart = Date.now();
const config = loadConfig(process.env);
const benchRps = Number(process.env.BENCH_MAX_RPS ?? 0);
const app = createApp(benchRps > 0 ? { ...config, MAX_RPS: benchRps } : config, {
  // Errors only, to stderr: the driver's stdout is the report.
  logger: pino({ level: 'error' }, pino.destination(2)),
  now: () => clockBase + (Date.now() - clockStart),
});
await app.start();

serve(
  {
    metrics: () => ({ cpu: process.cpuUsage(), rss: process.memoryUsage().rss, redis: { commands: Object.fromEntries(sent), roundTrips } }),
    stop: async () => {
      await app.stop();
      setImmediate(() => process.exit(0));
    },
  },
  { botUserId: app.services.bot.userId },
);
