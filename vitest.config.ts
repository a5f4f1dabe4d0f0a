import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/dist-build.ts', 'test/support/redis-server.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Most tests wait on sockets and child processes, not the CPU: on a 2-core machine the
    // default (cores - 1 = one file at a time) leaves it idle. Each test has its own Redis
    // prefix, sandbox and ports, so files run side by side.
    maxWorkers: 3,
  },
});
