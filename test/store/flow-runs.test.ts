// A flow run's revision base: one key per person and flow ("<base>|<starting event>"), the same
// base for the same starting event, the next block for another; the older two-key form (a bare
// counter and the last run's event beside it) is read and rewritten as one key.
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { FlowStore, RUN_REVISIONS } from '../../src/store/flow-store.js';
import { storeRedis } from '../support/store-redis.js';

describe('flow run bases', () => {
  const store = storeRedis();

  function open() {
    const { redis, keys } = store.open();
    return { redis, keys, flows: new FlowStore(redis, keys) };
  }

  it('the same start gets the same base, another the next block, in one key without expiry', async () => {
    const { redis: r, keys, flows } = open();
    const first = await flows.nextRunBase(7, 'join', 'message_created:first-update-id');
    expect(first).toBe(RUN_REVISIONS);
    expect(await flows.nextRunBase(7, 'join', 'message_created:first-update-id')).toBe(first);
    const second = await flows.nextRunBase(7, 'join', 'message_created:second-update-id');
    expect(second).toBe(first + RUN_REVISIONS);
    const seq = keys.flowRunSeq(7, 'join');
    expect(await r.exists(`${seq}:last`)).toBe(0);
    expect(await r.pttl(seq)).toBe(-1);
    expect((await r.get(seq))!.length).toBeLessThan(24);
  });

  it('reads the older form: a counter and the last run beside it', async () => {
    const { redis: r, keys, flows } = open();
    const seq = keys.flowRunSeq(8, 'join');
    await r.set(seq, String(3 * RUN_REVISIONS));
    await r.set(`${seq}:last`, `${3 * RUN_REVISIONS}|message_created:old-start`, 'EX', 3600);
    // The start handled again after the upgrade: the same run.
    expect(await flows.nextRunBase(8, 'join', 'message_created:old-start')).toBe(3 * RUN_REVISIONS);
    // A new start: the next block, and from now on one key.
    expect(await flows.nextRunBase(8, 'join', 'message_created:new-start')).toBe(4 * RUN_REVISIONS);
    expect(await r.exists(`${seq}:last`)).toBe(0);
    expect(await flows.nextRunBase(8, 'join', 'message_created:new-start')).toBe(4 * RUN_REVISIONS);
  });
});
