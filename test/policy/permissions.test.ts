import { describe, expect, it } from 'vitest';
import {
  allowedCommands,
  authorize,
  COMMAND_NAMES,
  PERMISSIONS,
  postAudienceAllowed,
  type ActorRoles,
  type PostAudience,
} from '../../src/policy/permissions.js';
import type { Role } from '../../src/policy/roles.js';

const actor = (roles: Role[], curated: string[] = []): ActorRoles => ({ roles: new Set(roles), curatedUnits: new Set(curated) });

describe('permission table', () => {
  it('every command has an entry and everyone may use the personal commands', () => {
    for (const c of COMMAND_NAMES) expect(PERMISSIONS[c]).toBeDefined();
    for (const c of ['start', 'help', 'cancel', 'feedback', 'me', 'join'] as const) expect(authorize(actor([]), c).ok).toBe(true);
  });

  it.each([
    ['admin', 'setup', true],
    ['director', 'setup', false],
    ['curator', 'setup', false],
    ['parent', 'setup', false],
    ['admin', 'audit', true],
    ['director', 'audit', true],
    ['director', 'invites', true],
    ['director', 'invite', false],
    ['director', 'revoke', false],
    ['teacher', 'audit', false],
    ['director', 'members', true],
    ['teacher', 'members', false],
    ['student', 'members', false],
    ['teacher', 'invite', false],
    ['staff', 'invite', false],
    ['parent', 'invite', false],
    ['curator', 'move', false],
    ['admin', 'move', true],
    ['admin', 'stats', true],
    ['director', 'stats', true],
    ['curator', 'stats', true],
    ['teacher', 'stats', false],
    ['parent', 'stats', false],
  ] as const)('%s → /%s: %s', (role, command, allowed) => {
    expect(authorize(actor([role], role === 'curator' ? ['u1'] : []), command).ok).toBe(allowed);
  });

  it('a curator acts on their own units only, and invites only students and parents', () => {
    const cur = actor(['teacher'], ['u1']);
    expect(authorize(cur, 'members', { unitId: 'u1' })).toEqual({ ok: true, scope: 'own' });
    expect(authorize(cur, 'members', { unitId: 'u2' })).toEqual({ ok: false, reason: 'not_your_unit' });
    expect(authorize(cur, 'members', { unitId: null })).toEqual({ ok: false, reason: 'not_your_unit' });
    expect(authorize(cur, 'invite', { unitId: 'u1', role: 'parent' }).ok).toBe(true);
    expect(authorize(cur, 'invite', { unitId: 'u1', role: 'teacher' })).toEqual({ ok: false, reason: 'role_not_allowed' });
    expect(authorize(cur, 'invite', { unitId: 'u2', role: 'student' })).toEqual({ ok: false, reason: 'not_your_unit' });
  });

  it('a curator sees statistics of their own classes only', () => {
    const cur = actor(['teacher'], ['u1']);
    expect(authorize(cur, 'stats', { unitId: 'u1' })).toEqual({ ok: true, scope: 'own' });
    expect(authorize(cur, 'stats', { unitId: 'u2' })).toEqual({ ok: false, reason: 'not_your_unit' });
    expect(authorize(cur, 'stats', { unitId: null })).toEqual({ ok: false, reason: 'not_your_unit' });
    expect(authorize(actor(['director']), 'stats', { unitId: null })).toEqual({ ok: true, scope: 'all' });
  });

  const people = (group: 'all' | 'staff' | 'parents' | 'students', unitIds: string[] = []): PostAudience => ({ kind: 'people', group, unitIds });
  it.each([
    ['admin', [], people('all'), true],
    ['director', [], { kind: 'channel', chatId: -5 } as PostAudience, true],
    ['director', [], people('staff'), true],
    ['teacher', ['u1'], people('parents', ['u1']), true],
    ['teacher', ['u1'], people('students', ['u1']), true],
    ['teacher', ['u1'], people('parents', ['u1', 'u2']), false],
    ['teacher', ['u1'], people('parents'), false],
    ['teacher', ['u1'], people('all', ['u1']), false],
    ['teacher', ['u1'], people('staff'), false],
    ['teacher', ['u1'], { kind: 'channel', chatId: -5 } as PostAudience, false],
    ['teacher', [], people('parents', ['u1']), false],
    ['parent', [], people('parents', ['u1']), false],
  ] as const)('/post: %s curating %j → %j: %s', (role, curated, audience, allowed) => {
    expect(postAudienceAllowed(actor([role], [...curated]), audience)).toBe(allowed);
  });

  it('the widest role wins for a person with several roles', () => {
    const both = actor(['parent', 'admin']);
    expect(authorize(both, 'invite', { unitId: 'u9', role: 'teacher' })).toEqual({ ok: true, scope: 'all' });
  });

  it('help lists only what the person may do', () => {
    expect(allowedCommands(actor([]))).toEqual(['start', 'help', 'cancel', 'feedback', 'me', 'join', 'hours', 'rules', 'report', 'forget']);
    expect(allowedCommands(actor(['parent']))).toContain('later');
    expect(allowedCommands(actor(['admin']))).toContain('audit');
    expect(allowedCommands(actor(['teacher'], ['u1']))).toEqual(expect.arrayContaining(['invite', 'requests', 'members']));
    expect(allowedCommands(actor(['teacher'], ['u1']))).not.toContain('audit');
  });
});
