// The people store reads many people in pipelines of PEOPLE_PER_PIPELINE (one helper for every
// such read): a unit's roster, a role's verified holders, names, roles, the index migration.
// No single pipeline carries a whole unit, however large (issue 23: one long pipeline holds
// Redis, and the bot's decoding of it, while everyone else's updates wait).
import { Pipeline } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { PEOPLE_PER_PIPELINE, PeopleStore } from '../../src/store/people-store.js';
import { storeRedis } from '../support/store-redis.js';

const PEOPLE = 2 * PEOPLE_PER_PIPELINE + 50;

describe('people read in chunks', () => {
  const store = storeRedis();
  const exec = Pipeline.prototype.exec;
  afterEach(() => {
    Pipeline.prototype.exec = exec;
  });

  it('roster, holders, names and roles of 450 people: every pipeline within a chunk, every person read', async () => {
    const { redis, keys } = store.open();
    const people = new PeopleStore(redis, keys);
    const ids = Array.from({ length: PEOPLE }, (_, i) => 90_001 + i);
    for (let i = 0; i < ids.length; i += 50) {
      await Promise.all(
        ids.slice(i, i + 50).map(async (id) => {
          await people.saveProfile(id, `Ученик ${id}`, 1);
          await people.putMembership(id, { role: 'student', unitId: 'u1', status: id % 3 === 0 ? 'pending' : 'verified', since: 1 });
        }),
      );
    }
    await redis.del(keys.verifiedIndexVersion);
    const pipelines: number[] = [];
    Pipeline.prototype.exec = function (this: Pipeline, ...args: Parameters<Pipeline['exec']>) {
      // A MULTI is one too (the index migration writes a chunk's index entries in one).
      pipelines.push(this.length);
      return exec.apply(this, args);
    } as Pipeline['exec'];

    const roster = await people.roster('u1');
    expect(roster.map((e) => e.userId).sort()).toEqual(ids);
    expect(roster.find((e) => e.userId === 90_001)).toMatchObject({
      fullName: 'Ученик 90001',
      membership: { role: 'student', unitId: 'u1', status: 'verified' },
    });
    expect((await people.holders('student', 'verified')).sort()).toEqual(ids.filter((id) => id % 3 !== 0));
    expect((await people.fullNames(ids)).get(90_450)).toBe('Ученик 90450');
    expect((await people.rolesAndCurated(ids)).get(90_003)?.memberships[0]?.status).toBe('pending');
    expect(await people.buildVerifiedIndex()).toBe(PEOPLE);

    // Two commands a person at most (the roster: role and name), a chunk of people at a time.
    expect(pipelines.length).toBeGreaterThanOrEqual(5 * 3);
    expect(Math.max(...pipelines)).toBeLessThanOrEqual(2 * PEOPLE_PER_PIPELINE);
  }, 60_000);
});
