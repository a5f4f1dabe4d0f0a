// The crash tests' hook (src/bot/crash-points.ts) in the test process: what it counts for an
// armed update, and what it lists as written after the update was acknowledged. (Its kill is
// what the crash tests in test/crash see; here the armed write number is never reached.)
import { describe, expect, it } from 'vitest';
import { inCrashScope, installCrashPoints } from '../../src/bot/crash-points.js';
import type { InboxItem } from '../../src/store/inbox.js';
import { eventually } from '../support/harness.js';
import { storeRedis } from '../support/store-redis.js';

const help = (id: string): InboxItem => ({ id, orderKey: 'u:1', update: { update_type: 'message_created', message: { body: { text: '/help' } } }, acceptedAt: 0 });

describe('crash points armed through Redis', () => {
  const store = storeRedis();

  it("lists an armed update's writes made after its acknowledgement, and only those", async () => {
    const { redis, keys } = store.open();
    installCrashPoints(redis, keys, 'on');
    await redis.set(keys.crashArm, 'command:help:999');
    let timer: NodeJS.Timeout | undefined;
    const wrote = new Promise<void>((resolve) => {
      void inCrashScope(help('u1'), async () => {
        await redis.set(`${keys.prefix}:a`, '1'); // the update's own write
        // Work started in the update that outlives it, in its async context.
        timer = setTimeout(() => void redis.set(`${keys.prefix}:b`, '1').then(() => resolve()), 50);
      });
    });
    await wrote;
    clearTimeout(timer);
    // Another scope, and an update of the armed scope once disarmed: nothing is counted.
    await inCrashScope({ ...help('u2'), update: { update_type: 'message_created', message: { body: { text: '/start' } } } }, async () => {
      setTimeout(() => void redis.set(`${keys.prefix}:c`, '1'), 10);
    });
    await redis.del(keys.crashArm);
    await inCrashScope(help('u3'), async () => {
      setTimeout(() => void redis.set(`${keys.prefix}:d`, '1'), 10);
    });
    await eventually(async () => expect(await redis.exists(`${keys.prefix}:c`, `${keys.prefix}:d`)).toBe(2));
    await eventually(async () => expect(await redis.lrange(keys.crashLate, 0, -1)).toEqual(['command:help set']));
  });
});
