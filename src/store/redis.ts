import { Redis } from 'ioredis';
import { reconnectDelay } from '../ops/redis-health.js';

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
