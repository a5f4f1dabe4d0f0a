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
    expect(fields.join(' ').length).toBeLessThan(
      ['at', AT, 'actor', 7, 'action', action, 'target', target, 'details', JSON.stringify(details)].join(' ').length,
    );
  });

  it('every action has its own number', () => {
    const numbers = (Object.keys(AUDIT_ACTIONS_RU) as AuditAction[]).map((a) => encodeAuditFields(0, a, 'org', {}, AT)[5]);
    expect(numbers.every((n) => /^\d+$/.test(n!))).toBe(true);
    expect(new Set(numbers).size).toBe(numbers.length);
  });

  // Stored entries depend on these tables for years: a renumbering or a changed letter must fail here.
  // A new action takes the next number (add it below); nothing listed here may change.
  const PINNED_CODES: Record<AuditAction, number> = {
    'org.setup': 1,
    'unit.created': 2,
    'unit.renamed': 3,
    'unit.archived': 4,
    'unit.restored': 5,
    'curator.appointed': 6,
    'curator.removed': 7,
    'admin.appointed': 8,
    'admin.dismissed': 9,
    'invite.created': 10,
    'invite.used': 11,
    'invite.revoked': 12,
    'invite.lapsed': 13,
    'invite.bad_codes': 14,
    'request.created': 15,
    'request.approved': 16,
    'request.rejected': 17,
    'person.moved': 18,
    'person.removed': 19,
    'consent.refused': 20,
    'consent.parent': 21,
    'consent.parent_refused': 22,
    'consent.written': 23,
    'chat.policy': 24,
    'numbers.added': 25,
    'numbers.removed': 26,
    'security.report': 27,
    'broadcast.sent': 28,
    'child.linked': 29,
    'hours.changed': 30,
    'person.forgotten': 31,
    'year.rollover': 32,
    'roster.imported': 33,
    'chat.bound': 34,
    'chat.unbound': 35,
    'chat.readded': 36,
    'stranger.removed': 37,
    'stranger.kept': 38,
    'activist.changed': 39,
    'sanction.applied': 40,
  };

  it('action numbers are pinned: each action stored and read by its number', () => {
    expect(Object.keys(PINNED_CODES).sort()).toEqual(Object.keys(AUDIT_ACTIONS_RU).sort());
    for (const [action, code] of Object.entries(PINNED_CODES) as Array<[AuditAction, number]>) {
      expect(encodeAuditFields(0, action, 'org', {}, AT)[5], action).toBe(String(code));
      expect(decodeAuditFields('1-0', ['at', String(AT), 'by', '0', 'a', String(code), 't', 'org', 'd', '{}']).action).toBe(action);
    }
  });

  it.each([
    ['user', 'u'],
    ['unit', 'n'],
    ['request', 'r'],
    ['invite', 'i'],
    ['chat', 'h'],
    ['rollover', 'y'],
    ['broadcast', 'b'],
  ])('target kind %s is stored as %s', (kind, short) => {
    expect(encodeAuditFields(0, 'org.setup', `${kind}:X1`, {}, AT)[7]).toBe(`${short}:X1`);
    expect(decodeAuditFields('1-0', ['at', String(AT), 'by', '0', 'a', '1', 't', `${short}:X1`, 'd', '{}']).target).toBe(`${kind}:X1`);
  });

  it('detail keys are pinned', () => {
    const pinned = { user: 'U', role: 'R', unit: 'N', child: 'C', chat: 'H', from: 'F', to: 'T', kind: 'K', rule: 'L' };
    const details = Object.fromEntries(Object.keys(pinned).map((k, i) => [k, i]));
    expect(JSON.parse(encodeAuditFields(0, 'org.setup', 'org', details, AT)[9]!)).toEqual(Object.fromEntries(Object.values(pinned).map((s, i) => [s, i])));
    const stored = JSON.stringify(Object.fromEntries(Object.values(pinned).map((s, i) => [s, i])));
    expect(decodeAuditFields('1-0', ['at', String(AT), 'by', '0', 'a', '1', 't', 'org', 'd', stored]).details).toEqual(details);
  });

  it('reads entries of the long form written before, beside new ones', async () => {
    const { redis, keys } = store.open();
    const log = new AuditLog(redis, keys);
    await redis.xadd(
      keys.audit,
      '*',
      'at',
      String(AT),
      'actor',
      '3',
      'action',
      'request.approved',
      'target',
      'request:OLDOLDOLDOLD',
      'details',
      '{"user":11,"role":"parent","unit":"u1"}',
    );
    await log.append(4, 'request.rejected', 'request:NEWNEWNEWNEW', { user: 12, role: 'student', unit: 'u2' }, AT + 1);
    const [newer, older] = await log.latest(2);
    expect(older).toMatchObject({
      at: AT,
      actor: 3,
      action: 'request.approved',
      target: 'request:OLDOLDOLDOLD',
      details: { user: 11, role: 'parent', unit: 'u1' },
    });
    expect(newer).toMatchObject({
      at: AT + 1,
      actor: 4,
      action: 'request.rejected',
      target: 'request:NEWNEWNEWNEW',
      details: { user: 12, role: 'student', unit: 'u2' },
    });
    expect(await log.search({ userIds: [12] }, 10)).toHaveLength(1);
    expect(await log.search({ unitId: 'u1' }, 10)).toHaveLength(1);
  });
});
