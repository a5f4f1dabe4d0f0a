// The crash tests' hook (src/bot/crash-points.ts) in the test process: what it counts for an
// armed update, and what it lists as written after the update was acknowledged. (Its kill is
// what the crash tests in test/crash see; here the armed write number is never reached.)
import { describe, expect, it, vi } from 'vitest';
import { inCrashScope, installCrashPoints } from '../../src/bot/crash-points.js';
import type { InboxItem } from '../../src/store/inbox.js';
import { eventually } from '../support/harness.js';
import { storeRedis } from '../support/store-redis.js';

const help = (id: string): InboxItem => ({
  id,
  orderKey: 'u:1',
  update: { update_type: 'message_created', message: { body: { text: '/help' } } },
  acceptedAt: 0,
});

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

  it("arms a text in a dialog by its user's active flow (text:<flow id>)", async () => {
    const { redis, keys } = store.open();
    // The hook is installed once per process (on the connection of the test above): a fresh module.
    vi.resetModules();
    const { inCrashScope, installCrashPoints } = await import('../../src/bot/crash-points.js');
    installCrashPoints(redis, keys, 'on');
    const text = (id: string, userId: number, chatType = 'dialog'): InboxItem => ({
      id,
      orderKey: `u:${userId}`,
      update: {
        update_type: 'message_created',
        message: { sender: { user_id: userId }, recipient: { chat_type: chatType }, body: { text: 'Не наш сотрудник' } },
      },
      acceptedAt: 0,
    });
    await redis.set(keys.activeFlow(1), 'reject');
    await redis.set(keys.activeFlow(2), 'feedback');
    await redis.set(keys.activeFlow(3), 'done:reject');
    await redis.set(keys.crashArm, 'text:reject:999');
    const late = (item: InboxItem, key: string) =>
      inCrashScope(item, async () => {
        setTimeout(() => void redis.set(`${keys.prefix}:${key}`, '1'), 10);
      });
    await late(text('t1', 1), 'a'); // reject is user 1's active flow: armed
    await late(text('t2', 2), 'b'); // another flow
    await late(text('t3', 3), 'c'); // a finished one
    await late(text('t4', 1, 'chat'), 'd'); // a group chat's message
    await eventually(async () => expect(await redis.exists(`${keys.prefix}:a`, `${keys.prefix}:b`, `${keys.prefix}:c`, `${keys.prefix}:d`)).toBe(4));
    await eventually(async () => expect(await redis.lrange(keys.crashLate, 0, -1)).toEqual(['text:reject set']));
  });
});
