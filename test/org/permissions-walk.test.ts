// Issue 3: "a test walks the whole table (every command × every role × own / other
// unit) through the sandbox". One world, one person per role, every command sent by
// every one of them through the sandbox; the reply must be a refusal exactly when
// the permission table says so — and the refusal must be the one the table names.
// Hard-coded spot checks below keep a wrong table from passing silently.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOT_TEXTS } from '../../src/bot/texts.js';
import { DENIALS } from '../../src/org/texts.js';
import { authorize, COMMAND_NAMES, type ActorRoles, type CommandName, type Denial } from '../../src/policy/permissions.js';
import { ROLES, type Role } from '../../src/policy/roles.js';
import type { MessageView } from '../../src/sandbox/control.js';
import { createWorld, eventually, type World } from '../support/harness.js';
import { workdayClock } from './support.js';
import { withUnitWord } from '../../src/policy/unit-word.js';
import { AUDIT_ACTIONS_RU } from '../../src/policy/audit-text.js';

/** A text as a school (unit word «класс») sees it. */
const K = (text: string) => withUnitWord(text, 'класс');

type Who = 'guest' | Role;
const WHO: readonly Who[] = ['guest', ...ROLES];

const ID: Record<Who, number> = {
  guest: 900,
  admin: 1, // from ADMIN_USER_IDS
  director: 901,
  curator: 902,
  teacher: 903,
  staff: 904,
  student: 905,
  parent: 906,
};

const NAMES: Record<Exclude<Who, 'guest'>, string> = {
  admin: 'Админова Алла',
  director: 'Директоров Дмитрий',
  curator: 'Кураторова Клавдия',
  teacher: 'Учителев Устин',
  staff: 'Сотрудникова Софья',
  student: 'Ученикова Ульяна',
  parent: 'Родителева Раиса',
};

const OWN = '5А';
const OTHER = '6Б';

interface Case {
  /** The text sent, with {A}/{B} unit ids and {codeA}/{codeB}/{codeOrg} invite codes filled in. */
  text: string;
  command: CommandName;
  /** What the command acts on, as the handler asks the table; absent: the command as such. */
  target?: (u: Units) => { unitId?: string | null; role?: Role };
  /** Starts a conversation when allowed: follow with /cancel. */
  startsFlow?: boolean;
}

interface Units {
  A: string;
  B: string;
}

const CASES: Case[] = [
  { text: '/start', command: 'start' },
  { text: '/help', command: 'help' },
  { text: '/cancel', command: 'cancel' },
  { text: '/me', command: 'me' },
  { text: '/feedback', command: 'feedback', startsFlow: true },
  { text: '/join', command: 'join', startsFlow: true },
  { text: '/setup', command: 'setup', startsFlow: true },
  { text: '/unit', command: 'unit' },
  { text: '/units', command: 'units' },
  { text: `/curator ${OWN}`, command: 'curator', target: (u) => ({ unitId: u.A }) },
  { text: `/curator ${OTHER}`, command: 'curator', target: (u) => ({ unitId: u.B }) },
  { text: '/admin', command: 'admin' },
  { text: '/members', command: 'members' },
  { text: `/members ${OWN}`, command: 'members', target: (u) => ({ unitId: u.A }) },
  { text: `/members ${OTHER}`, command: 'members', target: (u) => ({ unitId: u.B }) },
  { text: '/move', command: 'move' },
  { text: '/remove', command: 'remove' },
  { text: `/invite ученик ${OWN}`, command: 'invite', target: (u) => ({ unitId: u.A, role: 'student' }) },
  { text: `/invite ученик ${OTHER}`, command: 'invite', target: (u) => ({ unitId: u.B, role: 'student' }) },
  { text: `/invite родитель ${OWN}`, command: 'invite', target: (u) => ({ unitId: u.A, role: 'parent' }) },
  { text: `/invite родитель ${OTHER}`, command: 'invite', target: (u) => ({ unitId: u.B, role: 'parent' }) },
  { text: '/invite учитель', command: 'invite', target: () => ({ unitId: null, role: 'teacher' }) },
  { text: `/invite куратор ${OWN}`, command: 'invite', target: (u) => ({ unitId: u.A, role: 'curator' }) },
  { text: '/invite admin', command: 'invite', target: () => ({ unitId: null, role: 'admin' }) },
  { text: '/invites', command: 'invites' },
  { text: `/invites ${OWN}`, command: 'invites', target: (u) => ({ unitId: u.A }) },
  { text: `/invites ${OTHER}`, command: 'invites', target: (u) => ({ unitId: u.B }) },
  { text: '/revoke {codeA}', command: 'revoke', target: (u) => ({ unitId: u.A }) },
  { text: '/revoke {codeB}', command: 'revoke', target: (u) => ({ unitId: u.B }) },
  { text: '/revoke {codeOrg}', command: 'revoke', target: () => ({ unitId: null }) },
  { text: `/revoke unused ${OWN}`, command: 'revoke', target: (u) => ({ unitId: u.A }) },
  { text: `/revoke unused ${OTHER}`, command: 'revoke', target: (u) => ({ unitId: u.B }) },
  { text: '/revoke unused', command: 'revoke' },
  { text: '/requests', command: 'requests' },
  { text: '/audit', command: 'audit' },
];

/** The organisation's commands (SPEC §3.1–3.3), each walked with the arguments above. */
const ORG_COMMANDS: readonly CommandName[] = [
  'start',
  'help',
  'cancel',
  'feedback',
  'me',
  'join',
  'setup',
  'unit',
  'units',
  'curator',
  'admin',
  'members',
  'move',
  'remove',
  'invite',
  'invites',
  'revoke',
  'requests',
  'audit',
];

/** Every other row of the table (other features' commands) is walked too, as a bare command. */
const OTHER_COMMANDS: readonly CommandName[] = COMMAND_NAMES.filter((c) => !CASES.some((k) => k.command === c));

// As the bot sends them: the unit word rendered (a raw template would never match a sent denial).
const DENIAL_TEXTS = new Set(Object.values(DENIALS).map(K));

describe('the permission table, walked through the sandbox', () => {
  let world: World;
  let units: Units;
  let actors: Record<Who, ActorRoles>;
  /** `${who} ${case text}` → the bot's reply. */
  const replies = new Map<string, string>();

  beforeAll(async () => {
    // The walk is about answers, not pace: MAX's 30 requests/s would make it wait ~20 s on the bot's own limiter.
    world = await createWorld({ app: { now: workdayClock() }, env: { MAX_RPS: '500' } });
    const org = world.app.organisation;
    const now = Date.now();
    const a = await org.org.createUnit(OWN, now);
    const b = await org.org.createUnit(OTHER, now);
    units = { A: a.unitId, B: b.unitId };

    for (const who of WHO) {
      if (who === 'guest') continue;
      await org.people.saveProfile(ID[who], NAMES[who], now);
    }
    const verified = (role: Role, unitId: string | null = null) => ({ role, unitId, status: 'verified' as const, since: now });
    await org.people.putMembership(ID.director, verified('director'));
    await org.people.putMembership(ID.curator, verified('curator', units.A));
    await org.org.addCurator(units.A, ID.curator);
    await org.people.putMembership(ID.teacher, verified('teacher'));
    await org.people.putMembership(ID.staff, verified('staff'));
    await org.people.putMembership(ID.student, verified('student', units.A));
    await org.people.putMembership(ID.parent, { ...verified('parent', units.A), children: [{ userId: ID.student }] });

    // Who each person is, written out by hand (not read back from the stores).
    const roles = (...r: Role[]) => new Set<Role>(r);
    actors = {
      guest: { roles: roles(), curatedUnits: new Set() },
      admin: { roles: roles('admin'), curatedUnits: new Set() },
      director: { roles: roles('director'), curatedUnits: new Set() },
      curator: { roles: roles('curator'), curatedUnits: new Set([units.A]) },
      teacher: { roles: roles('teacher'), curatedUnits: new Set() },
      staff: { roles: roles('staff'), curatedUnits: new Set() },
      student: { roles: roles('student'), curatedUnits: new Set() },
      parent: { roles: roles('parent'), curatedUnits: new Set() },
    };
    for (const who of WHO) expect(await org.actor(ID[who])).toEqual(actors[who]);
  });

  afterAll(async () => world?.close());

  /** The seq of the last bot message each person has seen (replies are looked for after it). */
  const seen = new Map<number, number>();

  /** Sends the text and returns the bot's reply (every case is answered by exactly one message). */
  async function send(userId: number, text: string): Promise<MessageView> {
    await world.control.sendText(userId, text);
    const [reply] = await world.control.waitForMessages({ userId, fromBot: true }, { afterSeq: seen.get(userId) ?? 0, timeoutMs: 20_000 });
    seen.set(userId, reply!.seq);
    return reply!;
  }

  /** Waits until the bot has nothing left to send right now (the replies of one command may be several messages). */
  async function settle(): Promise<void> {
    await eventually(async () => {
      const c = await world.app.services.outbox.queue.getJobCounts('active', 'waiting', 'prioritized');
      expect((c.active ?? 0) + (c.waiting ?? 0) + (c.prioritized ?? 0)).toBe(0);
      expect(await world.app.services.outbox.pendingCount()).toBe(0);
    }, 20_000);
  }

  it('covers every command and every role', () => {
    expect(new Set(CASES.map((c) => c.command))).toEqual(new Set(ORG_COMMANDS));
    expect(new Set([...ORG_COMMANDS, ...OTHER_COMMANDS])).toEqual(new Set(COMMAND_NAMES));
    for (const c of ORG_COMMANDS) expect(COMMAND_NAMES).toContain(c);
    expect(WHO).toHaveLength(ROLES.length + 1);
  });

  it('refuses exactly what authorize() refuses, with the reason it gives', async () => {
    const org = world.app.organisation;
    // Invites for /revoke <code>: one per unit and one for the whole organisation.
    const make = (role: Role, unitId: string | null) => org.invites.create({ role, unitId, maxUses: 5, days: 14, createdBy: ID.admin });
    const codes = { codeA: (await make('student', units.A)).code, codeB: (await make('student', units.B)).code, codeOrg: (await make('teacher', null)).code };
    const fill = (text: string) => text.replace(/\{(codeA|codeB|codeOrg)\}/g, (_m, k: keyof typeof codes) => codes[k]);

    // Each person's commands go one after another; the people themselves in parallel
    // (the bot keeps one person's updates in order and handles different people independently).
    const walk = async (who: Who): Promise<string[]> => {
      const userId = ID[who];
      const wrong: string[] = [];
      const since = seen.get(userId) ?? 0;
      let sent = 0;
      for (const c of CASES) {
        const text = fill(c.text);
        const expected = authorize(actors[who], c.command, c.target ? c.target(units) : undefined);
        const reply = (await send(userId, text)).text ?? '';
        sent++;
        replies.set(`${who} ${c.text}`, reply);
        if (expected.ok) {
          if (DENIAL_TEXTS.has(reply) || reply === BOT_TEXTS.apology || reply === BOT_TEXTS.unknownCommand(c.command)) {
            wrong.push(`${who} ${text}: expected to be allowed, got «${reply}»`);
          }
          if (c.startsFlow) {
            const bye = (await send(userId, '/cancel')).text;
            sent++;
            if (bye !== BOT_TEXTS.cancelled) wrong.push(`${who} ${text}: started no conversation (/cancel said «${bye}»)`);
          }
        } else if (reply !== K(DENIALS[expected.reason])) {
          wrong.push(`${who} ${text}: expected «${K(DENIALS[expected.reason])}» (${expected.reason}), got «${reply}»`);
        }
      }
      // One reply per message: nothing answered twice, nothing late that could have been misread.
      await settle();
      const all = await world.control.messages({ userId, fromBot: true, afterSeq: since });
      if (all.length !== sent) wrong.push(`${who}: ${sent} messages sent, ${all.length} replies`);

      // The other features' rows: the bare command, judged by the first answer once the bot is done answering.
      for (const command of OTHER_COMMANDS) {
        const expected = authorize(actors[who], command);
        const reply = (await send(userId, `/${command}`)).text ?? '';
        await settle();
        const last = (await world.control.messages({ userId, fromBot: true, afterSeq: seen.get(userId) })).at(-1);
        if (last) seen.set(userId, last.seq);
        replies.set(`${who} /${command}`, reply);
        if (expected.ok) {
          if (DENIAL_TEXTS.has(reply) || reply === BOT_TEXTS.apology || reply === BOT_TEXTS.unknownCommand(command)) {
            wrong.push(`${who} /${command}: expected to be allowed, got «${reply}»`);
          }
        } else if (reply !== K(DENIALS[expected.reason])) {
          wrong.push(`${who} /${command}: expected «${K(DENIALS[expected.reason])}» (${expected.reason}), got «${reply}»`);
        }
      }
      if (OTHER_COMMANDS.length > 0) await send(userId, '/cancel'); // whatever conversation one of them started
      return wrong;
    };
    const mismatches = (await Promise.all(WHO.map(walk))).flat();
    expect(mismatches).toEqual([]);
  }, 120_000); // about 700 messages through the sandbox: minutes on a saturated machine

  // Written out by hand: if the table itself were wrong, the walk above would follow it.
  const SPOT: Array<[Who, string, 'ok' | Denial]> = [
    ['guest', '/me', 'ok'],
    ['guest', '/join', 'ok'],
    ['guest', '/setup', 'not_allowed'],
    ['guest', `/members ${OWN}`, 'not_allowed'],
    ['parent', `/invite ученик ${OWN}`, 'not_allowed'],
    ['parent', '/requests', 'not_allowed'],
    ['student', `/members ${OWN}`, 'not_allowed'],
    ['teacher', '/units', 'not_allowed'],
    ['teacher', `/members ${OWN}`, 'not_allowed'],
    ['teacher', '/members', 'not_allowed'],
    ['staff', '/invites', 'not_allowed'],
    ['parent', '/members', 'not_allowed'],
    ['teacher', '/invite учитель', 'not_allowed'],
    ['staff', '/audit', 'not_allowed'],
    ['director', `/members ${OTHER}`, 'ok'],
    ['director', '/units', 'ok'],
    ['director', `/invite ученик ${OWN}`, 'not_allowed'],
    ['director', '/unit', 'not_allowed'],
    ['curator', `/members ${OWN}`, 'ok'],
    ['curator', `/members ${OTHER}`, 'not_your_unit'],
    ['curator', `/invite родитель ${OWN}`, 'ok'],
    ['curator', `/invite ученик ${OTHER}`, 'not_your_unit'],
    ['curator', '/invite учитель', 'role_not_allowed'],
    ['curator', `/invite куратор ${OWN}`, 'role_not_allowed'],
    ['curator', '/revoke {codeOrg}', 'not_your_unit'],
    ['curator', '/revoke {codeB}', 'not_your_unit'],
    ['curator', `/revoke unused ${OTHER}`, 'not_your_unit'],
    ['curator', '/requests', 'ok'],
    ['curator', `/curator ${OWN}`, 'not_allowed'],
    ['curator', '/audit', 'not_allowed'],
    ['admin', '/audit', 'ok'],
    ['admin', '/invite admin', 'ok'],
    ['admin', `/members ${OTHER}`, 'ok'],
    ['admin', '/setup', 'ok'],
  ];

  it('spot checks, written out by hand', () => {
    for (const [who, text, want] of SPOT) {
      const reply = replies.get(`${who} ${text}`);
      expect(reply, `${who} ${text}`).toBeDefined();
      if (want === 'ok') expect(DENIAL_TEXTS.has(reply!), `${who} ${text}: «${reply}»`).toBe(false);
      else expect(reply, `${who} ${text}`).toBe(K(DENIALS[want]));
    }
  });

  it('allowed answers carry what was asked for', () => {
    // A curator's /units and /members are their own units only.
    expect(replies.get('curator /units')).toContain(`• ${OWN} — руководитель: ${NAMES.curator}`);
    expect(replies.get('curator /units')).not.toContain(OTHER);
    expect(replies.get('curator /members')).toContain(`Состав «${OWN}»`);
    expect(replies.get('curator /members')).toContain(`${NAMES.student} — подтверждена`);
    // Admins and the head see everything.
    expect(replies.get('admin /units')).toContain(`• ${OTHER}`);
    expect(replies.get('director /units')).toContain(`• ${OTHER}`);
    expect(replies.get('director /members')).toContain('Сотрудники организации:');
    expect(replies.get(`curator /invite ученик ${OWN}`)).toMatch(/https:\/\/max\.ru\/\S+\?start=/);
    expect(replies.get('admin /invite учитель')).toMatch(/https:\/\/max\.ru\/\S+\?start=/);
    expect(replies.get('admin /audit')).toContain(AUDIT_ACTIONS_RU['invite.created']);
    expect(replies.get('guest /me')).toContain('ничего о вас не храню');
    expect(replies.get('parent /me')).toContain(`ребёнок: ${NAMES.student}`);
  });
});
