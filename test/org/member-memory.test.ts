// Redis bytes per member right after joining through the approval path (invite → request →
// the curator approves), every lasting key of the world measured with MEMORY USAGE, on a Redis
// of this test's own. The audit log and the domain events (streams) are measured by a copy:
// until issue 23's fourth session they were not counted at all (see bench/lib/memory.ts).
import { describe, expect, it } from 'vitest';
import { lastingBytes } from '../../bench/lib/memory.js';
import { createKeys } from '../../src/store/keys.js';
import { CURATOR, setupSchool } from '../chats/support.js';
import { createWorld, eventually, type World } from '../support/harness.js';
import { ownRedis } from '../support/own-redis.js';
import { decide, invite, join } from './support.js';

const MEMBERS = 11;
/**
 * Bounds on what a member costs, by what it is in:
 * - keys (the person, their roles, the decided request, indexes, the flow's run key, statistics):
 *   about 890 B (930 B while a decided request kept its creation time and its role's name,
 *   998 B before memberships were stored as short text and a decided request lost its name and
 *   its decision time; 1,187 B before it was kept as a compact array);
 * - the audit log (three entries: invite used, request filed and approved): about 240 B (320 B
 *   before entries were stored compact);
 * - the domain events: nothing lasting — an event is deleted once its listeners handled it
 *   (~85 B per member while events were kept).
 * Everything: about 1,130 B here (1,170 B before the decided request's last cut, 1,250 B while
 * events were kept, 1,420 B before that).
 * The bench measures the same path on 2,000 members joined through the running bot on top of a
 * 50,000-member organisation (bench/lib/join-sample.ts).
 * Here each member's flow run record still costs a key (~120 B): a dozen people land in a dozen
 * shards (src/store/flow-store.ts); in a large organisation it is ~30 B (test/store/flow-runs.test.ts).
 */
const KEYS_BUDGET = Number(process.env.MEMBER_KEY_BYTES_BUDGET ?? 910);
const BUDGET = Number(process.env.MEMBER_BYTES_BUDGET ?? 1150);
const STREAMS = new Set(['audit', 'events']);
const SURNAMES = ['Соколова', 'Лебедев', 'Кузнецова', 'Морозов', 'Волкова', 'Зайцев', 'Павлова', 'Семёнов', 'Голубева', 'Виноградов', 'Богданова', 'Воробьёв'];
const NAMES = ['Анна', 'Иван', 'Мария', 'Пётр', 'Ольга', 'Максим', 'Дарья', 'Артём', 'Полина', 'Никита', 'Софья', 'Егор'];

describe('Redis memory per member', () => {
  let world: World;
  const server = ownRedis('member-memory', async () => world?.close());

  it(`a member joined through the approval path costs at most ${BUDGET} bytes of Redis, ${KEYS_BUDGET} of them in keys`, async () => {
    world = await createWorld({ redisUrl: server.url() });
    await setupSchool(world);
    const code = await invite(world, CURATOR, 'ученик 5А uses=100');
    const keys = createKeys(world.prefix);
    const quiet = () =>
      eventually(async () => {
        expect(await world.redis.zcard(keys.inboxPending)).toBe(0);
        expect(await world.redis.zcard(keys.outboxPending)).toBe(0);
      });
    // The first member pays for structures every member shares once (an index's first entry).
    const people = Array.from({ length: MEMBERS + 1 }, (_, i) => ({ id: 5000 + i, name: `${SURNAMES[i % 12]} ${NAMES[(i * 5) % 12]}` }));
    const joinOne = async (p: { id: number; name: string }) => {
      await join(world, p.id, code, { name: p.name });
      await decide(world, CURATOR, p.name, 'Подтвердить');
    };
    await joinOne(people[0]!);
    await quiet();
    // Measured as the bench measures it: lasting keys, every element counted, streams by a copy.
    const measure = () => lastingBytes(world.redis, world.prefix, keys.queuePrefix);
    const before = await measure();
    for (const p of people.slice(1)) await joinOne(p);
    await quiet();
    const after = await measure();
    const rows = [...after.entries()].map(([f, b]) => [f, (b - (before.get(f) ?? 0)) / MEMBERS] as const).filter(([, b]) => b !== 0);
    rows.sort((a, b) => b[1] - a[1]);
    const total = rows.reduce((a, [, b]) => a + b, 0);
    const inKeys = rows.filter(([f]) => !STREAMS.has(f)).reduce((a, [, b]) => a + b, 0);
    console.log(
      `Redis bytes per member: ${total.toFixed(0)} (keys ${inKeys.toFixed(0)}, streams ${(total - inKeys).toFixed(0)})\n${rows.map(([f, b]) => `  ${f.padEnd(40)} ${b.toFixed(1)}`).join('\n')}`,
    );
    // The audit log was measured: a copy that measured nothing would hide it.
    expect(rows.filter(([f]) => f === 'audit')).toHaveLength(1);
    // A domain event is deleted once its listeners handled it (src/org/events.ts): the
    // events stream does not grow with members (it cost ~85 B per member while kept).
    expect(rows.find(([f]) => f === 'events')?.[1] ?? 0).toBeLessThan(10);
    expect(inKeys).toBeLessThanOrEqual(KEYS_BUDGET);
    expect(total).toBeLessThanOrEqual(BUDGET);
  }, 240_000);
});
