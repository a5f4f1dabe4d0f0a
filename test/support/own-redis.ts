// A redis-server of one test file's own, for tests that read server-wide figures (INFO
// commandstats, MEMORY USAGE over every key) that the suite's shared Redis would mix with
// other files' traffic. Started before the file's tests, stopped after, its folder removed.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { startLocalRedis } from '../../src/demo/redis-local.js';

/** Call in a describe block; `url()` is the server's address once the file's tests run. */
export function ownRedis(name: string, onStop: () => Promise<void> = async () => {}): { url: () => string } {
  let dir = '';
  let server: { url: string; stop: () => Promise<void> } | undefined;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), `sferum-${name}-`));
    server = await startLocalRedis(dir, { appendOnly: false });
  });
  afterAll(async () => {
    await onStop();
    await server?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });
  return {
    url: () => {
      if (!server) throw new Error('ownRedis: the server starts in beforeAll');
      return server.url;
    },
  };
}
