// A decided request's compact form: what goes in comes out; the object form stays readable.
import { describe, expect, it } from 'vitest';
import { decodeRequest, encodeRequest, type JoinRequest } from '../../src/store/request-store.js';

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
    expect(decodeRequest(decided.id, raw)).toEqual({ ...decided, fullName: '' });
  });

  it('keeps a rejection reason, consent, children and a missing unit', () => {
    const r: JoinRequest = { ...decided, status: 'rejected', unitId: null, inviteCode: null, reason: 'не наш | класс', consent: { by: 'parent', userId: 7, at: 5 }, children: [{ name: 'Иван' }] };
    expect(decodeRequest(r.id, encodeRequest(r))).toEqual(r);
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
    before[6] = decided.decidedAt;
    expect(decodeRequest(decided.id, JSON.stringify(before))).toEqual({ ...decided, fullName: '' });
  });

  it('reads requests stored before the compact form', () => {
    expect(decodeRequest(decided.id, JSON.stringify(decided))).toEqual(decided);
  });
});
