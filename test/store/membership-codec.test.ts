// The short stored form of a membership (src/store/membership-codec.ts): what goes in,
// comes out; legacy full-JSON values still read; a typical value fits the 64 bytes
// under which Redis keeps a hash compact.
import { describe, expect, it } from 'vitest';
import { decodeMembership, decodeRolesHash, encodeMembership, membershipField, parseMembershipField } from '../../src/store/membership-codec.js';
import type { ChildRef, Membership } from '../../src/store/people-store.js';

const SINCE = 1795817706777;

describe('membership codec', () => {
  describe('round trip of every field combination', () => {
    const units = [null, 'u1', 'u123', 'unit|with|bars'];
    const statuses = ['pending', 'verified'] as const;
    const requestIds = [undefined, 'IPFPA90LXcpN'];
    const childrenSets: Array<ChildRef[] | undefined> = [undefined, [{ userId: 42 }], [{ userId: 42 }, { name: 'Иванова Мария' }]];
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
      expect(decodeMembership(membershipField(m.role, m.unitId), raw)).toStrictEqual(m);
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
    expect(encodeMembership({ role: 'parent', unitId: 'u1', status: 'pending', since: 5, children: [], activist: false })).toBe('{"s":"pending","t":5}');
    expect(decodeMembership('parent|u1', '{"s":"pending","t":5}')).toStrictEqual({ role: 'parent', unitId: 'u1', status: 'pending', since: 5 });
  });

  it('reads activist written as 1 or as true', () => {
    expect(decodeMembership('student|u1', '{"s":"verified","t":5,"a":1}').activist).toBe(true);
    expect(decodeMembership('student|u1', '{"s":"verified","t":5,"a":true}').activist).toBe(true);
  });

  it('keeps a verified membership with a 12-character request id and a short unit id within 64 bytes', () => {
    const m: Membership = { role: 'parent', unitId: 'u123', status: 'verified', since: SINCE, requestId: 'IPFPA90LXcpN' };
    const raw = encodeMembership(m);
    expect(raw).toBe('{"s":"verified","t":1795817706777,"r":"IPFPA90LXcpN"}');
    expect(Buffer.byteLength(raw)).toBeLessThanOrEqual(64);
    expect(Buffer.byteLength(encodeMembership({ ...m, activist: true }))).toBeLessThanOrEqual(64);
    expect(Buffer.byteLength(membershipField(m.role, m.unitId))).toBeLessThanOrEqual(64);
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
      'parent|u1': JSON.stringify({ role: 'parent', unitId: 'u1', status: 'pending', since: 2, children: [{ name: 'Сидорова Анна' }] }),
    };
    expect(decodeRolesHash(hash)).toStrictEqual([
      { role: 'teacher', unitId: null, status: 'verified', since: 1 },
      { role: 'parent', unitId: 'u1', status: 'pending', since: 2, children: [{ name: 'Сидорова Анна' }] },
    ]);
  });
});
