// The short stored form of a membership (src/store/membership-codec.ts): what goes in,
// comes out; the earlier JSON forms still read; a typical person's roles hash fits the
// 48-byte allocation (and every value the 64 bytes under which Redis keeps a hash compact).
import { describe, expect, it } from 'vitest';
import { decodeMembership, decodeRolesHash, encodeMembership, membershipField, parseMembershipField } from '../../src/store/membership-codec.js';
import type { ChildRef, Membership } from '../../src/store/people-store.js';

const SINCE = 1795817706777;

describe('membership codec', () => {
  describe('round trip of every field combination', () => {
    const units = [null, 'u1', 'u123', 'unit|with|bars'];
    // Children's names may hold the separator.
    const statuses = ['pending', 'verified'] as const;
    const requestIds = [undefined, 'IPFPA90LXcpN'];
    const childrenSets: Array<ChildRef[] | undefined> = [undefined, [{ userId: 42 }], [{ userId: 42 }, { name: 'Иванова Мария' }], [{ name: 'Иванова|Мария' }]];
    const activists = [undefined, true];
    const cases: Membership[] = [];
    for (const unitId of units)
      for (const status of statuses)
        for (const requestId of requestIds)
          for (const children of childrenSets)
            for (const activist of activists) {
              const m: Membership = { role: 'parent', unitId, status, since: SINCE };
              if (requestId !== undefined) m.requestId = requestId;
              if (children !== undefined) m.children = children;
              if (activist !== undefined) m.activist = activist;
              cases.push(m);
            }

    it.each(cases.map((m) => [JSON.stringify(m), m] as const))('%s', (_, m) => {
      const raw = encodeMembership(m);
      expect(raw).not.toContain('"role"');
      expect(raw.startsWith('{')).toBe(false);
      // A verified membership keeps no request id (only a pending one is matched to its request).
      const kept = { ...m };
      if (m.status === 'verified') delete kept.requestId;
      expect(decodeMembership(membershipField(m.role, m.unitId), raw)).toStrictEqual(kept);
    });
  });

  it.each([
    ['director', null],
    ['teacher', null],
    ['student', 'u7'],
  ] as const)('round trip of role %s in unit %s', (role, unitId) => {
    const m: Membership = { role, unitId, status: 'verified', since: SINCE };
    expect(decodeMembership(membershipField(role, unitId), encodeMembership(m))).toStrictEqual(m);
  });

  it('leaves out what is absent: no empty children, no activist false', () => {
    expect(encodeMembership({ role: 'parent', unitId: 'u1', status: 'pending', since: 5, children: [], activist: false })).toBe('p5');
    expect(decodeMembership('parent|u1', 'p5')).toStrictEqual({ role: 'parent', unitId: 'u1', status: 'pending', since: 5 });
    expect(encodeMembership({ role: 'parent', unitId: 'u1', status: 'verified', since: 5, activist: true })).toBe('v5||1');
  });

  it('reads the one-letter JSON form written before, activist as 1 or as true', () => {
    expect(decodeMembership('parent|u1', '{"s":"pending","t":5}')).toStrictEqual({ role: 'parent', unitId: 'u1', status: 'pending', since: 5 });
    expect(decodeMembership('student|u1', '{"s":"verified","t":5,"a":1}').activist).toBe(true);
    expect(decodeMembership('student|u1', '{"s":"verified","t":5,"a":true}').activist).toBe(true);
    expect(decodeMembership('student|u1', '{"s":"verified","t":5,"r":"IPFPA90LXcpN","c":[{"userId":3}]}')).toStrictEqual({
      role: 'student',
      unitId: 'u1',
      status: 'verified',
      since: 5,
      requestId: 'IPFPA90LXcpN',
      children: [{ userId: 3 }],
    });
  });

  it('keeps memberships short: a verified one-role hash within 48 bytes of listpack, every value within 64', () => {
    const pending: Membership = { role: 'student', unitId: 'u123', status: 'pending', since: SINCE, requestId: 'IPFPA90LXcpN' };
    expect(encodeMembership(pending)).toBe('p1795817706777|IPFPA90LXcpN');
    const verified: Membership = { ...pending, status: 'verified' };
    expect(encodeMembership(verified)).toBe('v1795817706777');
    // listpack: 6 bytes of header, 1 of end; each entry 1 byte of length before and 1 after.
    // What lasts is verified (a pending one waits for its decision).
    for (const m of [verified, { ...verified, activist: true }]) {
      const listpack = 6 + (Buffer.byteLength(membershipField(m.role, m.unitId)) + 2) + (Buffer.byteLength(encodeMembership(m)) + 2) + 1;
      expect(listpack).toBeLessThanOrEqual(48);
    }
    expect(Buffer.byteLength(encodeMembership({ ...pending, activist: true, children: [{ userId: 1234567890 }] }))).toBeLessThanOrEqual(64);
  });

  describe('legacy values (the whole Membership as JSON)', () => {
    it.each([
      [{ role: 'parent', unitId: 'u1', status: 'verified', since: SINCE, requestId: 'IPFPA90LXcpN' }],
      [{ role: 'teacher', unitId: null, status: 'pending', since: SINCE }],
      [{ role: 'parent', unitId: 'u1', status: 'verified', since: SINCE, children: [{ userId: 3 }, { name: 'Петров Пётр' }] }],
      [{ role: 'student', unitId: 'u2', status: 'verified', since: SINCE, activist: true }],
    ] satisfies Array<[Membership]>)('%j', (m) => {
      expect(decodeMembership(membershipField(m.role, m.unitId), JSON.stringify(m))).toStrictEqual(m);
    });

    it('takes role and unit from the field, and drops activist false', () => {
      const raw = JSON.stringify({ role: 'parent', unitId: 'u1', status: 'verified', since: 1, activist: false });
      expect(decodeMembership('parent|u1', raw)).toStrictEqual({ role: 'parent', unitId: 'u1', status: 'verified', since: 1 });
    });
  });

  it.each([
    ['teacher|', { role: 'teacher', unitId: null }],
    ['parent|u1', { role: 'parent', unitId: 'u1' }],
    ['parent|a|b', { role: 'parent', unitId: 'a|b' }],
  ] as const)('parses the field %s', (f, want) => {
    expect(parseMembershipField(f)).toStrictEqual(want);
    expect(membershipField(want.role, want.unitId)).toBe(f);
  });

  it('decodes a whole hash, short and legacy values side by side', () => {
    const hash = {
      'teacher|': '{"s":"verified","t":1}',
      'student|u2': 'p3|AAAAAAAAAAAA|1',
      'parent|u1': JSON.stringify({ role: 'parent', unitId: 'u1', status: 'pending', since: 2, children: [{ name: 'Сидорова Анна' }] }),
    };
    expect(decodeRolesHash(hash)).toStrictEqual([
      { role: 'teacher', unitId: null, status: 'verified', since: 1 },
      { role: 'student', unitId: 'u2', status: 'pending', since: 3, requestId: 'AAAAAAAAAAAA', activist: true },
      { role: 'parent', unitId: 'u1', status: 'pending', since: 2, children: [{ name: 'Сидорова Анна' }] },
    ]);
  });
});
