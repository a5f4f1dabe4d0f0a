import { describe, expect, it } from 'vitest';
import { FlowStore, RUN_REVISIONS, runShardOf } from '../../src/store/flow-store.js';
import { storeRedis } from '../support/store-redis.js';

/** Another id whose records share the shard of `id`'s. */
function shardMate(id: number): number {
  for (let other = id + 1; ; other++) if (runShardOf(other) === runShardOf(id)) return other;
}

describe('flow run bases', () => {
  const store = storeRedis();

  function open() {
    const { redis, keys } = store.open();
    return { redis, keys, flows: new FlowStore(redis, keys) };
  }

  it('the same start gets the same base, another the next block, in a field of a compact shard hash without expiry', async () => {
    const { redis: r, keys, flows } = open();
    const first = await flows.nextRunBase(7, 'join', 'message_created:first-update-id');
    expect(first).toBe(RUN_REVISIONS);
    expect(await flows.nextRunBase(7, 'join', 'message_created:first-update-id')).toBe(first);
    const second = await flows.nextRunBase(7, 'join', 'message_created:second-update-id');
    expect(second).toBe(first + RUN_REVISIONS);
    const shard = keys.flowRuns(runShardOf(7));
    expect(await r.hget(shard, '7:join')).toMatch(new RegExp(`^${second}\\|.{12}$`));
    expect(await r.pttl(shard)).toBe(-1);
    expect(await r.object('ENCODING', shard)).toBe('listpack');
    expect(await r.exists(keys.flowRunSeq(7, 'join'))).toBe(0);
    // People whose ids share the shard share the hash; each has a field of their own.
    expect(await flows.nextRunBase(shardMate(7), 'join', 'message_created:first-update-id')).toBe(RUN_REVISIONS);
    expect(await r.hlen(shard)).toBe(2);
  });

  it('reads the key of its own a run had before the shard hashes, and moves it in', async () => {
    const { redis: r, keys, flows } = open();
    const seq = keys.flowRunSeq(9, 'feedback');
    await r.set(seq, `${5 * RUN_REVISIONS}|abcdefghijkl`);
    // A new start: the next block, now in the hash.
    expect(await flows.nextRunBase(9, 'feedback', 'message_created:later')).toBe(6 * RUN_REVISIONS);
    expect(await r.exists(seq)).toBe(0);
    expect(await r.hget(keys.flowRuns(runShardOf(9)), '9:feedback')).toMatch(/^6000\|/);
  });

  // Ids not consecutive: random ones as MAX gives them, and structured ones (1024·k + c, which
  // `id % 1024` would put into three shards).
  it.each([
    ['random ids', (i: number) => 1_000_000 + Math.floor(Math.random() * 4_000_000_000) * 17 + i],
    ['ids of a structure (1024·k + c)', (i: number) => 1024 * (5_000 + i) + (i % 3)],
  ])(
    'costs a few dozen bytes a person once the shards fill (20,000 people: about 20 a shard), not a key each: %s',
    async (_, idOf) => {
      const { redis: r, keys, flows } = open();
      const people = [...new Set(Array.from({ length: 20_000 }, (_, i) => idOf(i)))];
      for (let i = 0; i < people.length; i += 500)
        await Promise.all(people.slice(i, i + 500).map((id) => flows.nextRunBase(id, 'join', `message_created:${id}`)));
      let bytes = 0;
      let most = 0;
      for (let shard = 0; shard < 1024; shard++) {
        const key = keys.flowRuns(shard);
        expect(await r.object('ENCODING', key)).toBe('listpack');
        bytes += Number(await r.memory('USAGE', key));
        most = Math.max(most, await r.hlen(key));
      }
      // Spread evenly: about 20 a shard, none near the 128 of a compact hash.
      expect(most).toBeLessThan(45);
      // A key of its own per person cost about 120 bytes (here the field names hold 8–11 digit ids).
      expect(bytes / people.length).toBeLessThan(50);
    },
    60_000,
  );

  it('erasure takes out the person’s fields only', async () => {
    const { redis: r, keys, flows } = open();
    await flows.nextRunBase(11, 'join', 'a');
    await flows.nextRunBase(11, 'feedback', 'b');
    await flows.nextRunBase(shardMate(11), 'join', 'c');
    await flows.nextRunBase(111, 'join', 'd');
    await flows.erase({ userId: 11, fullName: null, unitIds: [], actorId: 11 });
    expect(await r.hkeys(keys.flowRuns(runShardOf(11)))).toEqual([`${shardMate(11)}:join`]);
    expect(await r.hkeys(keys.flowRuns(runShardOf(111)))).toEqual(['111:join']);
  });

  it('reads the older form: a counter and the last run beside it', async () => {
    const { redis: r, keys, flows } = open();
    const seq = keys.flowRunSeq(8, 'join');
    await r.set(seq, String(3 * RUN_REVISIONS));
    await r.set(`${seq}:last`, `${3 * RUN_REVISIONS}|message_created:old-start`, 'EX', 3600);
    // The start handled again after the upgrade: the same run.
    expect(await flows.nextRunBase(8, 'join', 'message_created:old-start')).toBe(3 * RUN_REVISIONS);
    // A new start: the next block, and from now on a field of the shard hash.
    expect(await flows.nextRunBase(8, 'join', 'message_created:new-start')).toBe(4 * RUN_REVISIONS);
    expect(await r.exists(`${seq}:last`)).toBe(0);
    expect(await r.exists(seq)).toBe(0);
    expect(await flows.nextRunBase(8, 'join', 'message_created:new-start')).toBe(4 * RUN_REVISIONS);
  });
});
