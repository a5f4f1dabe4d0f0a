// Store tests talk to the suite's redis-server directly: each test gets a connection on a
// key prefix of its own, and every key under it is deleted when the test ends.
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterEach } from 'vitest';
import { createKeys, type Keys } from '../../src/store/keys.js';
import { deleteByPrefix, redisUrl } from './harness.js';

export interface StoreRedis {
  /** A fresh prefix and a connection for this test. */
  open(): { redis: Redis; keys: Keys };
  /** The prefix of the test that is running. */
  readonly prefix: string;
}

/** Call in a describe block: registers the clean-up after each test. */
export function storeRedis(): StoreRedis {
  let redis: Redis | null = null;
  let prefix = '';
  afterEach(async () => {
    if (redis) await deleteByPrefix(redis, prefix);
    redis?.disconnect();
    redis = null;
  });
  return {
    open() {
      prefix = `t${randomBytes(5).toString('hex')}`;
      redis = new Redis(redisUrl(), { maxRetriesPerRequest: null });
      return { redis, keys: createKeys(prefix) };
    },
    get prefix() {
      return prefix;
    },
  };
}
