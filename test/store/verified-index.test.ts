// The verified-role index that chat syncs read: it follows every role write through the
// people store, and the start-up migration builds the same index for older data. Also the
// roles hash's stored form: short values (compact in Redis), legacy full-JSON values still read.
import type { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { membershipField } from '../../src/store/membership-codec.js';
import { PeopleStore, type Membership } from '../../src/store/people-store.js';
import { storeRedis } from '../support/store-redis.js';

describe('the verified index', () => {
  const store = storeRedis();

  function open() {
    const { redis, keys } = store.open();
    return { redis, keys, people: new PeopleStore(redis, keys) };
  }

  /** Every index set, as "set → sorted ids". */
  async function index(r: Redis): Promise<Record<string, string[]>> {
    const out: Record<string, string[]> = {};
    let cursor = '0';
    do {
      const [next, found] = await r.scan(cursor, 'MATCH', `${store.prefix}:verified:*`, 'COUNT', 500);
      cursor = next;
      for (const k of found) {
        if (k.endsWith(':version')) continue;
        const ids = (await r.smembers(k)).sort();
        if (ids.length > 0) out[k.slice(store.prefix.length + 1)] = ids;
      }
    } while (cursor !== '0');
    return out;
  }

  const v = (role: Membership['role'], unitId: string | null, extra: Partial<Membership> = {}): Membership => ({
    role,
    unitId,
    status: 'verified',
    since: 1,
    ...extra,
  });

  it('follows joins, verification, a move, activists, role removal and removal from the organisation', async () => {
    const { redis: r, people } = open();
    await people.putMembership(11, { ...v('student', 'u1'), status: 'pending' });
    expect(await index(r)).toEqual({});
    await people.putMembership(11, v('student', 'u1'));
    await people.putMembership(12, v('parent', 'u1', { children: [{ userId: 11 }] }));
    await people.putMembership(13, v('teacher', null));
    await people.putMembership(13, v('parent', 'u2'));
    expect(await index(r)).toEqual({ 'verified:u1:student': ['11'], 'verified:u1:parent': ['12'], 'verified:-:teacher': ['13'], 'verified:u2:parent': ['13'] });

    // /move: the new unit first, then the old one removed (as org actions do it).
    await people.putMembership(11, v('student', 'u2'));
    await people.removeMembership(11, 'student', 'u1');
    await people.putMembership(12, { ...v('parent', 'u1'), activist: true }, 'replace');
    expect(await index(r)).toEqual({
      'verified:u2:student': ['11'],
      'verified:u1:parent': ['12'],
      'verified:u1:parent:activist': ['12'],
      'verified:-:teacher': ['13'],
      'verified:u2:parent': ['13'],
    });

    await people.putMembership(12, { ...v('parent', 'u1'), activist: false }, 'replace');
    await people.removePerson(13);
    expect(await index(r)).toEqual({ 'verified:u2:student': ['11'], 'verified:u1:parent': ['12'] });
    expect(await people.verifiedAmong({ inUnit: [], anywhere: ['parent', 'student'], activists: [], unitIds: ['u1', 'u2'] })).toEqual(
      expect.arrayContaining([11, 12]),
    );
  });

  it('reads legacy full-JSON values everywhere, indexes them, and writes them short next time; the hash stays compact', async () => {
    const { redis: r, keys, people } = open();
    // As a deployment before the short form left it: the whole Membership as the value.
    const legacy = [
      v('parent', 'u1', { requestId: 'IPFPA90LXcpN', children: [{ userId: 21 }, { name: 'Иванова Мария' }], activist: true }),
      v('teacher', null, { status: 'pending' }),
    ];
    for (const m of legacy) await r.hset(keys.personRoles(20), membershipField(m.role, m.unitId), JSON.stringify(m));
    await r.sadd(keys.roleHolders('parent'), '20');
    await r.sadd(keys.unitPeople('u1'), '20|parent');
    await people.reindex(20, legacy);
    expect(await index(r)).toEqual({ 'verified:u1:parent': ['20'], 'verified:u1:parent:activist': ['20'] });

    expect((await people.person(20))?.memberships).toEqual(expect.arrayContaining(legacy));
    expect(await people.membership(20, 'parent', 'u1')).toStrictEqual(legacy[0]);
    expect([...(await people.verifiedRoles(20))]).toEqual(['parent']);
    expect((await people.roster('u1')).map((e) => e.membership)).toStrictEqual([legacy[0]]);
    expect(await people.holders('parent', 'verified')).toEqual([20]);
    expect((await people.rolesAndCurated([20])).get(20)?.memberships).toEqual(expect.arrayContaining(legacy));
    expect((await people.rolesAndCurated([20, 22])).get(20)?.memberships).toEqual(expect.arrayContaining(legacy));
    expect(await r.object('ENCODING', keys.personRoles(20))).toBe('hashtable');

    // The next write of each membership stores it short; nothing read changes.
    await people.putMembership(20, legacy[0]!, 'replace');
    await people.putMembership(20, legacy[1]!, 'replace');
    expect(await r.hget(keys.personRoles(20), 'teacher|')).toBe('p1');
    // The short form keeps no request id for a verified membership (only a pending one is matched to its request).
    const rewritten = legacy.map(({ requestId, ...m }) => (m.status === 'verified' ? m : { ...m, ...(requestId ? { requestId } : {}) }));
    expect((await people.person(20))?.memberships).toEqual(expect.arrayContaining(rewritten));
    expect(await index(r)).toEqual({ 'verified:u1:parent': ['20'], 'verified:u1:parent:activist': ['20'] });

    // A typical person written now: every value within 64 bytes, so Redis keeps the hash as a listpack.
    await people.putMembership(30, v('parent', 'u123', { requestId: 'IPFPA90LXcpN' }));
    await people.putMembership(30, v('teacher', null, { requestId: 'Q3pX9aLmN0bV' }));
    expect(await r.object('ENCODING', keys.personRoles(30))).toBe('listpack');

    expect((await people.removePerson(20)).sort((a, b) => a.role.localeCompare(b.role))).toStrictEqual(rewritten);
    expect(await index(r)).toEqual({ 'verified:u123:parent': ['30'], 'verified:-:teacher': ['30'] });
  });

  it('the start-up migration builds the same index for data written before it, once', async () => {
    const { redis: r, keys, people } = open();
    for (let id = 100; id < 1300; id++) {
      await people.putMembership(
        id,
        id % 3 === 0 ? { ...v('student', `u${id % 7}`), status: 'pending' } : v(id % 2 ? 'student' : 'parent', `u${id % 7}`, { activist: id % 11 === 0 }),
      );
    }
    await people.putMembership(1, v('admin', null));
    const live = await index(r);
    // As an older deployment left it: roles, no index.
    for (const k of Object.keys(live)) await r.del(`${store.prefix}:${k}`);
    expect(await index(r)).toEqual({});

    expect(await people.buildVerifiedIndex()).toBe(1201);
    expect(await index(r)).toEqual(live);
    expect(await r.get(keys.verifiedIndexVersion)).toBe('1');
    // Done once: the next start does not scan again.
    expect(await people.buildVerifiedIndex()).toBe(0);
  });
});
