// A decided request's compact form: what goes in comes out; the object form stays readable.
import { describe, expect, it } from 'vitest';
import { decodeRequest, encodeRequest, ROLE_CODES, type JoinRequest } from '../../src/store/request-store.js';

const decided: JoinRequest = {
  id: 'abcdefghijkl',
  userId: 5001,
  role: 'student',
  unitId: 'u1',
  fullName: 'Соколова Анна',
  inviteCode: '',
  status: 'approved',
  createdAt: 1_765_000_000_000,
  decidedBy: 1001,
  decidedAt: 1_765_000_123_456,
  decisionKey: 'Zx9_abcdEFGH',
  applied: true,
  appliedEvent: '1765000123456-0',
};

describe('request codec', () => {
  it('keeps a decided, applied request compact and reads it back whole', () => {
    const raw = encodeRequest(decided);
    expect(raw.startsWith('[')).toBe(true);
    expect(raw.length).toBeLessThan(JSON.stringify(decided).length / 2);
    // An approved request keeps no name (the person's own record has it: RequestStore.get reads it there).
    expect(raw).not.toContain(decided.fullName);
    expect(decodeRequest(decided.id, raw)).toEqual({ ...decided, fullName: '', createdAt: 0, decidedAt: 123_456 });
  });

  it('keeps no creation time (only the wait) and the role as its number: a short value', () => {
    const raw = encodeRequest(decided);
    expect(JSON.parse(raw)).toEqual(['a', 5001, 6, 'u1', 0, 1001, 123_456, 'Zx9_abcdEFGH', '1765000123456-0', '', 1]);
    const r = decodeRequest(decided.id, raw);
    // The statistics read the wait.
    expect(r.decidedAt! - r.createdAt).toBe(123_456);
  });

  // Stored records depend on these numbers: a renumbering must fail here.
  it('role numbers are pinned; the role names written before are read', () => {
    expect(ROLE_CODES).toEqual({ admin: 1, director: 2, curator: 3, teacher: 4, staff: 5, student: 6, parent: 7 });
    for (const [role, code] of Object.entries(ROLE_CODES)) {
      expect(decodeRequest('x', JSON.stringify(['a', 1, code, '', 0, 2, 3])).role).toBe(role);
      expect(decodeRequest('x', JSON.stringify(['a', 1, role, '', 0, 2, 3])).role).toBe(role);
    }
  });

  it('keeps a rejection reason, consent, children and a missing unit', () => {
    const r: JoinRequest = {
      ...decided,
      status: 'rejected',
      unitId: null,
      inviteCode: null,
      reason: 'не наш | класс',
      consent: { by: 'parent', userId: 7, at: 5 },
      children: [{ name: 'Иван' }],
    };
    expect(decodeRequest(r.id, encodeRequest(r))).toEqual({ ...r, createdAt: 0, decidedAt: 123_456 });
  });

  it('leaves pending and half-applied requests in the object form', () => {
    const pending: JoinRequest = { ...decided, status: 'pending', decidedBy: undefined, applied: undefined };
    expect(encodeRequest(pending)).toBe(JSON.stringify(pending));
    const half = { ...decided, applied: false };
    expect(encodeRequest(half)).toContain(decided.fullName);
    expect(decodeRequest(half.id, encodeRequest(half))).toEqual(half);
  });

  it('keeps the decision time as the time the request waited, and reads the time itself written before', () => {
    const raw = encodeRequest(decided);
    expect(JSON.parse(raw)[6]).toBe(123_456);
    const before = JSON.parse(raw) as unknown[];
    // Written before: the creation time, the decision time itself and the role's name.
    before[2] = decided.role;
    before[4] = decided.createdAt;
    before[6] = decided.decidedAt;
    expect(decodeRequest(decided.id, JSON.stringify(before))).toEqual({ ...decided, fullName: '' });
  });

  it('reads requests stored before the compact form', () => {
    expect(decodeRequest(decided.id, JSON.stringify(decided))).toEqual(decided);
  });
});
