// The operations side of one bot, wired in one place: the HTTP server with
// /healthz, /readyz and /metrics, the readiness probes, and the queue depths
// /metrics reports. app.ts creates it and starts it first, so that liveness
// answers while the rest of the start waits for Redis or MAX.
import { Bot } from '@maxhub/max-bot-api';
import type { Redis } from 'ioredis';
import type { Config } from '../config.js';
import type { Logger } from '../log.js';
import { withinMs } from './deadline.js';
import { OpsServer } from './http.js';
import { addDepthSource } from './metrics.js';
import { Readiness } from './readiness.js';
import type { RedisHealth } from './redis-health.js';

/** A BullMQ queue, as far as its depth goes. */
export interface JobCounter {
  getJobCounts(...types: ('waiting' | 'delayed' | 'prioritized')[]): Promise<Record<string, number>>;
}

export interface OperationsDeps {
  config: Config;
  log: Logger;
  health: RedisHealth;
  redis: Redis;
  /** The sorted set of inbox ordering keys with work. */
  inboxPendingKey: string;
  queues: Record<string, JobCounter>;
  /** How long a /readyz result is reused (default 5 s). */
  readyCacheMs?: number;
}

export function createOperations(deps: OperationsDeps) {
  const { config, health, redis } = deps;
  // Readiness asks MAX once, with a short deadline and no retries, through the SDK.
  const probeApi = new Bot(config.MAX_BOT_TOKEN, {
    clientOptions: {
      ...(config.MAX_API_URL ? { baseUrl: config.MAX_API_URL } : {}),
      fetch: ((url: string, init?: RequestInit) => fetch(url, { ...init, signal: AbortSignal.timeout(3_000) })) as typeof fetch,
    },
  }).api;
  const readiness = new Readiness({ redisUp: () => health.up, pingRedis: () => redis.ping(), probeMax: () => probeApi.getMyInfo() }, deps.readyCacheMs);
  const server = new OpsServer(readiness, deps.log, { port: config.HTTP_PORT, host: config.HTTP_HOST });

  // Nothing is asked of Redis while it is down: a scrape must not hang.
  const depths = async (): Promise<Record<string, number>> => {
    if (!health.up) return {};
    const jobs = async (q: JobCounter) => Object.values(await q.getJobCounts('waiting', 'delayed', 'prioritized')).reduce((a, b) => a + b, 0);
    const names = Object.keys(deps.queues);
    let counts: number[] = [];
    const read = Promise.all([redis.zcard(deps.inboxPendingKey), ...names.map((n) => jobs(deps.queues[n]!))]).then((c) => (counts = c));
    if (!(await withinMs(read, 1_000))) return {};
    return Object.fromEntries([['inbox', counts[0] ?? 0], ...names.map((n, i) => [n, counts[i + 1] ?? 0])]);
  };
  let removeDepths: (() => void) | null = null;

  return {
    server,
    async start(): Promise<void> {
      await server.start();
      removeDepths = addDepthSource(depths);
    },
    async stop(): Promise<void> {
      removeDepths?.();
      removeDepths = null;
      await server.stop();
    },
  };
}
