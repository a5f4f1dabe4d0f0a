// The audit log's stored form (src/store/audit-log.ts): an entry goes in and comes out whole,
// stored short (the action's number, the target's kind as a letter, common detail keys as
// capitals); entries written before in the long form are read as they are, side by side.
import { describe, expect, it } from 'vitest';
import { AuditLog, decodeAuditFields, encodeAuditFields, type AuditAction } from '../../src/store/audit-log.js';
import { AUDIT_ACTIONS_RU } from '../../src/policy/audit-text.js';
import { storeRedis } from '../support/store-redis.js';

const AT = 1_795_817_706_777;

describe('audit entries as stored', () => {
  const store = storeRedis();

  it.each([
    ['request.approved', 'request:IPFPA90LXcpN', { user: 5001, role: 'student', unit: 'u3' }],
    ['person.moved', 'user:42', { from: 'u1', to: 'u2', role: 'student', unit: 'u2' }],
    ['chat.bound', 'chat:-7001', { chat: -7001, kind: 'students', unit: 'u1' }],
    ['org.setup', 'org', { timeZone: 'Europe/Moscow', selfConsentGrade: 5 }],
    ['invite.used', 'invite:AbCd', { user: 9, uses: 3 }],
    ['sanction.applied', 'user:5', { rule: 'profanity', chat: -1, user: 5 }],
  ] as Array<[AuditAction, string, Record<string, string | number>]>)('%s round trip, stored short', (action, target, details) => {
    const fields = encodeAuditFields(7, action, target, details, AT);
    expect(decodeAuditFields('1-0', fields)).toEqual({ id: '1-0', at: AT, actor: 7, action, target, details });
    expect(fields.join(' ')).not.toContain(action);
    expect(fields.join(' ').length).toBeLessThan(['at', AT, 'actor', 7, 'action', action, 'target', target, 'details', JSON.stringify(details)].join(' ').length);
  });

  it('every action has its own number', () => {
    const numbers = (Object.keys(AUDIT_ACTIONS_RU) as AuditAction[]).map((a) => encodeAuditFields(0, a, 'org', {}, AT)[5]);
    expect(numbers.every((n) => /^\d+$/.test(n!))).toBe(true);
    expect(new Set(numbers).size).toBe(numbers.length);
  });

  it('reads entries of the long form written before, beside new ones', async () => {
    const { redis, keys } = store.open();
    const log = new AuditLog(redis, keys);
    await redis.xadd(keys.audit, '*', 'at', String(AT), 'actor', '3', 'action', 'request.approved', 'target', 'request:OLDOLDOLDOLD', 'details', '{"user":11,"role":"parent","unit":"u1"}');
    await log.append(4, 'request.rejected', 'request:NEWNEWNEWNEW', { user: 12, role: 'student', unit: 'u2' }, AT + 1);
    const [newer, older] = await log.latest(2);
    expect(older).toMatchObject({ at: AT, actor: 3, action: 'request.approved', target: 'request:OLDOLDOLDOLD', details: { user: 11, role: 'parent', unit: 'u1' } });
    expect(newer).toMatchObject({ at: AT + 1, actor: 4, action: 'request.rejected', target: 'request:NEWNEWNEWNEW', details: { user: 12, role: 'student', unit: 'u2' } });
    expect(await log.search({ userIds: [12] }, 10)).toHaveLength(1);
    expect(await log.search({ unitId: 'u1' }, 10)).toHaveLength(1);
  });
});
