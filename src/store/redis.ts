import { Redis } from 'ioredis';

export { Redis };

/**
 * One ioredis connection. `maxRetriesPerRequest: null` is what BullMQ workers need;
 * commands issued while Redis is briefly unreachable wait instead of failing.
 */
export function connectRedis(url: string, name: string): Redis {
  return new Redis(url, {
    connectionName: name,
    maxRetriesPerRequest: null,
    enableReadyCheck: true,
    lazyConnect: false,
  });
}
