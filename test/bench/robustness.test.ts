// The bench's own machinery: a process that does not start in time is killed (no orphan),
// a stuck child's call fails instead of hanging, and the figures over rounds and the
// busiest-second count are what the report says they are.
import { afterEach, describe, expect, it } from 'vitest';
import { Child, liveChildren } from '../../bench/lib/rpc.js';
import { spread } from '../../bench/suite.js';
import { mostInAnyWindow } from '../../src/sandbox/limits.js';

describe('bench robustness', () => {
  const saved = process.env.BENCH_START_TIMEOUT_MS;
  afterEach(() => {
    if (saved === undefined) delete process.env.BENCH_START_TIMEOUT_MS;
    else process.env.BENCH_START_TIMEOUT_MS = saved;
  });

  it('a child that is not ready within the bound is killed, and start fails', async () => {
    process.env.BENCH_START_TIMEOUT_MS = '1';
    await expect(Child.start('sandbox', 'sandbox.ts', {})).rejects.toThrow(/did not start within/);
    // Killed at once; its exit is seen within a moment.
    const deadline = Date.now() + 10_000;
    while (liveChildren() > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(liveChildren()).toBe(0);
  });

  it('a started child answers, a call to a gone child fails instead of hanging', async () => {
    const sandbox = await Child.start('sandbox', 'sandbox.ts', {});
    try {
      const stats = await sandbox.call<{ pending: number }>('stats');
      expect(stats.pending).toBe(0);
      sandbox.kill();
      await expect(sandbox.call('stats', {}, 5_000)).rejects.toThrow();
    } finally {
      await sandbox.stop();
    }
    expect(liveChildren()).toBe(0);
  });
});

describe('bench figures (table)', () => {
  it.each([
    [[3, 1, 2], { median: 2, min: 1, max: 3 }],
    [[4, 1, 3, 2], { median: 2.5, min: 1, max: 4 }],
    [[5], { median: 5, min: 5, max: 5 }],
    [[NaN, 7, 9], { median: 8, min: 7, max: 9 }],
  ])('spread of %j', (xs, out) => {
    expect(spread(xs)).toEqual(out);
  });

  it.each([
    [[0, 10, 20, 999], 4],
    [[0, 10, 20, 1000], 3],
    [[0, 1000, 2000], 1],
    [[], 0],
  ])('busiest second of %j: %i', (stamps, most) => {
    expect(mostInAnyWindow(stamps, 1000)).toBe(most);
  });
});
