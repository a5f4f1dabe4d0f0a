import { Redis } from 'ioredis';

export { Redis };

/**
 * One ioredis connection. `maxRetriesPerRequest: null` is what BullMQ workers need;
 * commands issued while Redis is unreachable wait instead of failing. Reconnect
 * attempts back off to at most 2 s (BullMQ's duplicates inherit these options).
 * The caller attaches an error handler (RedisHealth.watch) at once.
 */
export function connectRedis(url: string, name: string): Redis {
  return new Redis(url, {
    connectionName: name,
    maxRetriesPerRequest: null,
    enableReadyCheck: true,
    lazyConnect: false,
    retryStrategy: reconnectDelay,
  });
}

/** A reconnect delay that grows to a bound: 100 ms, 200 ms, 400 ms … at most 2 s. */
export function reconnectDelay(attempt: number): number {
  return Math.min(2_000, 100 * 2 ** Math.min(attempt - 1, 5));
}
