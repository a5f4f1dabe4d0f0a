// Vitest global setup: one real redis-server for the whole run, on a free port,
// with its data in a temporary directory. Tests isolate themselves by key prefix.
// TEST_REDIS_URL points the suite at a Redis of your own instead.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type {} from 'vitest';
import type { TestProject } from 'vitest/node';
import { ensureRedisServer, startLocalRedis } from '../../src/demo/redis-local.js';

declare module 'vitest' {
  export interface ProvidedContext {
    redisUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  if (process.env.TEST_REDIS_URL) {
    project.provide('redisUrl', process.env.TEST_REDIS_URL);
    return async () => {};
  }
  ensureRedisServer((line) => console.log(line));
  const dir = mkdtempSync(join(tmpdir(), 'sferum-test-redis-'));
  const redis = await startLocalRedis(dir, { appendOnly: false });
  project.provide('redisUrl', redis.url);
  return async () => {
    await redis.stop();
    rmSync(dir, { recursive: true, force: true });
  };
}
