// SPEC §3.1–3.3 through the sandbox with a real Redis: the organisation's structure
// (/unit, /units, /curator, /admin, /move, /remove, /setup), invites (/invites,
// /revoke unused, lapsing by themselves), decisions on join requests under races,
// replays and forged button payloads, and /help per role.
import { Queue } from 'bullmq';
import { afterEach, describe, expect, it } from 'vitest';
import { DENIALS, ORG_TEXTS as T } from '../../src/org/texts.js';
import { BOT_TEXTS } from '../../src/bot/texts.js';
import { SETUP_TEXTS } from '../../src/flows/org/setup.js';
import { allowedCommands } from '../../src/policy/permissions.js';
import type { Role } from '../../src/policy/roles.js';
import type { AnswerView, MessageView } from '../../src/sandbox/control.js';
import { createKeys } from '../../src/store/keys.js';
import type { ChildRef } from '../../src/store/people-store.js';
import {
  answerTo,
  createWorld,
  dialogMessageUpdate,
  eventually,
  forgeCallback,
  freePort,
  postWebhook,
  press,
  say,
  settled,
  type World,
} from '../support/harness.js';
import { archive, card, decide, invite, join, open, workdayClock } from './support.js';
import { movableClock } from '../chats/support.js';
import { withUnitWord } from '../../src/policy/unit-word.js';
import { AUDIT_ACTIONS_RU } from '../../src/policy/audit-text.js';

/** A text as a school (unit word «класс») sees it. */
const K = (text: string) => withUnitWord(text, 'класс');

const ADMIN = 1;

/** The bot's single answer to a text. */
async function ask(world: World, userId: number, text: string): Promise<string> {
  const [reply] = await say(world, userId, text);
  return reply!.text ?? '';
}

/** A MAX user the bot can write to (MAX has them; the sandbox learns of them here). */
async function maxUser(world: World, userId: number, firstName = 'Тест'): Promise<void> {
  await world.control.createUser({ user_id: userId, first_name: firstName });
}

/** A verified member made directly in the stores (fixtures only). */
async function member(world: World, userId: number, fullName: string, role: Role, unitId: string | null = null, children?: ChildRef[]): Promise<void> {
  const people = world.app.organisation.people;
  await maxUser(world, userId, fullName.split(' ')[1] ?? fullName);
  await people.saveProfile(userId, fullName, Date.now());
  await people.putMembership(userId, { role, unitId, status: 'verified', since: Date.now(), ...(children ? { children } : {}) });
}

async function unitId(world: World, name: string): Promise<string> {
  const unit = await world.app.organisation.org.findUnit(name);
  if (!unit) throw new Error(`no unit ${name}`);
  return unit.id;
}

/** Presses a button and waits until the bot has answered the press (notification and/or edited message). */
async function tap(world: World, userId: number, message: MessageView, button: string): Promise<AnswerView> {
  const { callback_id } = await world.control.pressByText(userId, message.mid, button);
  return answerTo(world, callback_id);
}

/** The audit entries' action names, newest first. */
async function auditActions(world: World, n = 200): Promise<string[]> {
  return (await world.app.organisation.audit.latest(n)).map((e) => e.action);
}

const count = (list: string[], action: string) => list.filter((a) => a === action).length;

/** Command names listed in a /help answer. */
const helpCommands = (text: string): string[] => text.split('\n').flatMap((l) => /^\/([a-z]+) /.exec(l)?.[1] ?? []);

describe('organisation structure', () => {
  let world: World;
  afterEach(async () => world?.close());

  it('/unit add, rename and archive, /units: look-alike letters, names with spaces, the fixed staff room', async () => {
    world = await createWorld({ app: { now: workdayClock() } });
    expect(await ask(world, ADMIN, '/unit add 5А')).toBe(T.unitCreated('5А'));
    // A Latin "5A", "5 а" and "5-А" are the same class.
    expect(await ask(world, ADMIN, '/unit add 5A')).toBe(T.unitExists('5A'));
    expect(await ask(world, ADMIN, '/unit add 5 а')).toBe(T.unitExists('5 а'));
    expect(await ask(world, ADMIN, '/unit add 5-А')).toBe(T.unitExists('5-А'));
    expect(await ask(world, ADMIN, '/unit add Кружок робототехники')).toBe(T.unitCreated('Кружок робототехники'));
    expect(await ask(world, ADMIN, '/unit add')).toBe(T.unitUsage);

    // Rename: old and new names with spaces; the old name is matched like any other.
    expect(await ask(world, ADMIN, '/unit rename кружок РОБОТОТЕХНИКИ Клуб юных техников')).toBe(T.unitRenamed('Кружок робототехники', 'Клуб юных техников'));
    expect(await ask(world, ADMIN, '/unit rename 5a 6А')).toBe(T.unitRenamed('5А', '6А'));
    expect(await ask(world, ADMIN, '/unit add 6A')).toBe(T.unitExists('6A'));
    expect(await ask(world, ADMIN, '/unit add 5А')).toBe(T.unitCreated('5А')); // the old name is free again
    expect(await ask(world, ADMIN, '/unit rename 5А 6а')).toBe(T.unitNameTaken('6а'));
    expect(await ask(world, ADMIN, '/unit rename Клуб юных техников Клуб робототехники и программирования')).toBe(
      T.unitRenamed('Клуб юных техников', 'Клуб робототехники и программирования'),
    );
    expect(await ask(world, ADMIN, '/unit rename 7В 8В')).toBe(T.unitNotFound('7В'));

    // The staff room exists from the start and stays as it is.
    expect(await ask(world, ADMIN, '/unit rename Учительская Педагоги')).toBe(T.staffRoomFixed);
    expect(await ask(world, ADMIN, '/unit archive учительская')).toBe(T.staffRoomFixed);

    const units = await ask(world, ADMIN, '/units');
    const lines = units.split('\n');
    expect(lines[0]).toBe(T.unitsTitle);
    expect(lines.slice(1).map((l) => /^• (.+?) — /.exec(l)?.[1])).toEqual(['Учительская', '5А', '6А', 'Клуб робототехники и программирования']);
    expect(units).toContain('• 6А — руководитель: не назначен; участников: 0');

    // Archive: the unit's live invites stop working, other units' invites do not.
    const code = await invite(world, ADMIN, 'ученик 6А');
    const parentCode = await invite(world, ADMIN, 'родитель 6а');
    const otherCode = await invite(world, ADMIN, 'ученик 5А');
    expect((await archive(world, ADMIN, '6A')).text).toBe(K(T.unitArchived('6А')));
    expect((await open(world, 20, code)).text).toBe(T.inviteStates.revoked);
    expect((await open(world, 21, parentCode)).text).toBe(T.inviteStates.revoked);
    expect((await open(world, 22, otherCode)).text).toContain('Продолжим?');
    const invites = await ask(world, ADMIN, '/invites');
    expect(invites).toContain(otherCode);
    expect(invites).not.toContain(code);
    expect(invites).not.toContain(parentCode);
    expect(await ask(world, ADMIN, '/units')).not.toContain('6А');
    expect(await ask(world, ADMIN, '/invite ученик 6А')).toBe(T.unitNotFound('6А'));
    expect(await ask(world, ADMIN, '/unit archive 6А')).toBe(T.unitNotFound('6А'));

    const audit = await auditActions(world);
    expect(count(audit, 'unit.created')).toBe(3);
    expect(count(audit, 'unit.renamed')).toBe(3);
    expect(count(audit, 'unit.archived')).toBe(1);
    // The invites the archive cancelled are accounted for, like any revocation.
    expect(count(audit, 'invite.revoked')).toBe(2);
  });

  it('rough edges: several units at once, rename without a new name, the staff room counts the staff, /move with nowhere to go, /revoke of an ended invite', async () => {
    const clock = movableClock('2026-03-02T09:00:00Z');
    world = await createWorld({ app: { now: clock.now } });
    expect(await ask(world, ADMIN, '/unit add 1А, 1Б; 2А')).toBe([T.unitCreated('1А'), T.unitCreated('1Б'), T.unitCreated('2А')].join('\n'));
    expect(await ask(world, ADMIN, '/unit add 2А, 3А')).toBe([T.unitExists('2А'), T.unitCreated('3А')].join('\n'));
    expect(await ask(world, ADMIN, '/unit rename 1А')).toBe(T.unitRenameNeedsName('1А'));
    await member(world, 40, 'Учителев Иван Петрович', 'teacher');
    await member(world, 41, 'Сотрудникова Ольга Ивановна', 'staff');
    const units = await ask(world, ADMIN, '/units');
    // The admin (from the config), the teacher and the staff member.
    expect(units).toMatch(/Учительская — руководитель: не назначен; участников: 3/);
    for (const name of ['1Б', '2А', '3А']) await archive(world, ADMIN, name);
    await member(world, 50, 'Орлов Никита', 'student', await unitId(world, '1А'));
    const [pick] = await say(world, ADMIN, '/move Орлов');
    const answer = await tap(world, ADMIN, pick!, 'Орлов Никита');
    expect(answer.newText).toContain(K(T.moveNoTarget));
    // An invite whose time ran out is not "revoked": the answer says it expired.
    const code = await invite(world, ADMIN, 'ученик 1А days=1');
    clock.advance(2 * 24 * 3600 * 1000);
    expect(await ask(world, ADMIN, `/revoke ${code}`)).toBe(T.inviteAlreadyExpired);
    const live = await invite(world, ADMIN, 'ученик 1А days=1');
    expect(await ask(world, ADMIN, `/revoke ${live}`)).toBe(T.revoked);
    expect(await ask(world, ADMIN, `/revoke ${live}`)).toBe(T.inviteAlreadyRevoked);
  });

  it('pickers page through long lists and take a search', async () => {
    world = await createWorld({ app: { now: workdayClock() } });
    await ask(world, ADMIN, '/unit add 5А');
    for (let i = 1; i <= 25; i++) await member(world, 100 + i, `Учителев${String(i).padStart(2, '0')} Иван`, 'teacher');
    await member(world, 200, 'Петрова Анна Ивановна', 'teacher');
    const [first] = await say(world, ADMIN, '/curator 5А');
    expect(first!.buttons).toHaveLength(21);
    expect(first!.buttons.at(-1)![0]!.text).toBe('Ещё (2 из 2) →');
    const [second] = await press(world, ADMIN, first!, 'Ещё (2 из 2) →');
    // 26 teachers, «Петрова» first: the second page holds the last six.
    expect(second!.buttons.map((r) => r[0]!.text)).toEqual([20, 21, 22, 23, 24, 25].map((n) => `Учителев${n} Иван`).concat('В начало ↺'));
    const [found] = await say(world, ADMIN, '/curator 5А петр');
    expect(found!.buttons.map((r) => r[0]!.text)).toEqual(['Петрова Анна Ивановна']);
    const [narrow] = await say(world, ADMIN, '/admin add учител');
    expect(narrow!.text).toContain('Уточните запрос');
    expect(narrow!.buttons).toHaveLength(20);
    await tap(world, ADMIN, found!, 'Петрова Анна Ивановна');
    expect(await world.app.organisation.org.curators(await unitId(world, '5А'))).toEqual([200]);
  });

  it('/curator <unit>: pick among verified teachers with buttons; a unit may have several curators', async () => {
    world = await createWorld({ app: { now: workdayClock() } });
    await ask(world, ADMIN, '/unit add 5А');
    await ask(world, ADMIN, '/unit add 6Б');
    expect(await ask(world, ADMIN, '/curator 5А')).toBe(T.noTeachers);
    await member(world, 40, 'Учителева Мария', 'teacher');
    await member(world, 41, 'Заменова Ольга', 'teacher');
    await member(world, 42, 'Сотрудников Олег', 'staff'); // not a teacher: not offered
    expect(await ask(world, ADMIN, '/curator')).toBe(K(T.curatorUsage));
    expect(await ask(world, ADMIN, '/curator 9Я')).toBe(T.unitNotFound('9Я'));

    const [pick] = await say(world, ADMIN, '/curator 5A');
    expect(pick!.text).toBe(T.curatorPick('5А'));
    expect(pick!.buttons.flat().map((b) => b.text)).toEqual(['Заменова Ольга', 'Учителева Мария']);
    const done = await tap(world, ADMIN, pick!, 'Учителева Мария');
    expect(done.newText).toContain(T.curatorDone('Учителева Мария', '5А'));
    await eventually(async () => expect((await world.control.botMessagesTo(40)).map((m) => m.text)).toContain(T.youAreCurator('5А')));

    // A substitute: a second curator of the same class.
    const [pick2] = await say(world, ADMIN, '/curator 5А');
    expect((await tap(world, ADMIN, pick2!, 'Заменова Ольга')).newText).toContain(T.curatorDone('Заменова Ольга', '5А'));
    await eventually(async () => expect((await world.control.botMessagesTo(41)).map((m) => m.text)).toContain(T.youAreCurator('5А')));
    const [pick3] = await say(world, ADMIN, '/curator 5А');
    expect((await tap(world, ADMIN, pick3!, 'Учителева Мария')).newText).toContain(T.curatorAlready('Учителева Мария', '5А'));
    expect(await ask(world, ADMIN, '/units')).toMatch(/• 5А — руководитель: (Учителева Мария, Заменова Ольга|Заменова Ольга, Учителева Мария);/);

    // The new curator runs their class, and only theirs.
    expect(await ask(world, 40, '/members 5А')).toContain('Классные руководители (2):');
    expect(await ask(world, 40, '/members 6Б')).toBe(K(DENIALS.not_your_unit));
    expect(await ask(world, 40, '/invite ученик 5А')).toContain('https://max.ru/');
    expect(await ask(world, 41, '/me')).toContain('Руководите: 5А');
    expect(count(await auditActions(world), 'curator.appointed')).toBe(2);
  });

  it('/admin add and /admin remove; the last admin cannot be removed, and a dismissed config admin stays dismissed', async () => {
    world = await createWorld({ app: { now: workdayClock() } });
    expect(await ask(world, ADMIN, '/admin add')).toBe(T.adminNobody);
    await member(world, 50, 'Сотрудникова Анна', 'staff');
    await member(world, 51, 'Родителев Павел', 'parent'); // not a teacher or staff: not offered
    expect(await ask(world, ADMIN, '/admin')).toBe(T.adminUsage);

    const [pick] = await say(world, ADMIN, '/admin add');
    expect(pick!.text).toBe(T.adminPickAdd);
    expect(pick!.buttons.flat().map((b) => b.text)).toEqual(['Сотрудникова Анна']);
    expect((await tap(world, ADMIN, pick!, 'Сотрудникова Анна')).newText).toContain(T.adminAdded('Сотрудникова Анна'));
    await eventually(async () => expect((await world.control.botMessagesTo(50)).map((m) => m.text)).toContain(T.youAreAdmin));
    expect(await ask(world, 50, '/audit')).toContain(AUDIT_ACTIONS_RU['admin.appointed']);

    // The first admin steps down; there is another one.
    const [rm] = await say(world, ADMIN, '/admin remove');
    expect(rm!.text).toBe(T.adminPickRemove);
    expect(
      rm!.buttons
        .flat()
        .map((b) => b.text)
        .sort(),
    ).toEqual(['Пользователь 1', 'Сотрудникова Анна']); // the config admin, named as in MAX
    expect((await tap(world, ADMIN, rm!, 'Пользователь 1')).newText).toContain(T.adminRemoved('Пользователь 1'));
    await eventually(async () => expect((await world.control.botMessagesTo(ADMIN)).map((m) => m.text)).toContain(T.youAreNotAdmin));
    expect(await ask(world, ADMIN, '/audit')).toBe(DENIALS.not_allowed);

    // The last admin cannot remove themself.
    const [rm2] = await say(world, 50, '/admin remove');
    expect(rm2!.buttons.flat().map((b) => b.text)).toEqual(['Сотрудникова Анна']);
    const refused = await tap(world, 50, rm2!, 'Сотрудникова Анна');
    expect(refused.notification).toBe(T.adminLast);
    expect((await world.app.organisation.people.verifiedRoles(50)).has('admin')).toBe(true);

    // ADMIN_USER_IDS makes an admin only the first time: a restart does not bring user 1 back.
    await world.restart();
    expect(await ask(world, ADMIN, '/audit')).toBe(DENIALS.not_allowed);
    const audit = await auditActions(world);
    expect(count(audit, 'admin.appointed')).toBe(1);
    expect(count(audit, 'admin.dismissed')).toBe(1);
  });

  it('/move: the student and their parents move to the new class; /members of both classes show it', async () => {
    world = await createWorld({ app: { now: workdayClock() } });
    await ask(world, ADMIN, '/unit add 5А');
    await ask(world, ADMIN, '/unit add 6Б');
    const a = await unitId(world, '5А');
    await member(world, 60, 'Иванов Пётр', 'student', a);
    await member(world, 61, 'Сидоров Глеб', 'student', a);
    await member(world, 62, 'Иванова Мария', 'parent', a, [{ userId: 60 }]);
    // A parent of two children in the class: one moves, one stays.
    await member(world, 63, 'Петрова Ольга', 'parent', a, [{ userId: 60 }, { userId: 61 }]);

    expect(await ask(world, ADMIN, '/move')).toBe(T.moveUsage);
    expect(await ask(world, ADMIN, '/move Кузнецов')).toBe(T.nobodyFound('Кузнецов'));
    const [who] = await say(world, ADMIN, '/move иванов');
    expect(who!.text).toBe(T.movePickPerson);
    expect(who!.buttons.flat().map((b) => b.text)).toEqual(['Иванов Пётр']); // students only, not the parent
    const [where] = await press(world, ADMIN, who!, 'Иванов Пётр');
    expect(where!.text).toBe(T.movePickTarget('Иванов Пётр', '5А'));
    expect(where!.buttons.flat().map((b) => b.text)).toEqual(['6Б']); // not the current class, not the staff room
    expect((await tap(world, ADMIN, where!, '6Б')).newText).toContain(T.moveDone('Иванов Пётр', '5А', '6Б'));
    await eventually(async () => expect((await world.control.botMessagesTo(60)).map((m) => m.text)).toContain(T.youMoved('6Б')));

    const from = await ask(world, ADMIN, '/members 5А');
    expect(from).not.toContain('Иванов Пётр');
    expect(from).not.toContain('Иванова Мария');
    expect(from).toContain('Сидоров Глеб — подтверждён');
    expect(from).toContain('Петрова Ольга — подтверждена; ребёнок: Сидоров Глеб');
    const to = await ask(world, ADMIN, '/members 6Б');
    expect(to).toContain('Ученики (1):\n• Иванов Пётр — подтверждён');
    expect(to).toContain('Иванова Мария — подтверждена; ребёнок: Иванов Пётр');
    expect(to).toContain('Петрова Ольга — подтверждена; ребёнок: Иванов Пётр');
    expect(await ask(world, 60, '/me')).toContain('ученик, 6Б — подтверждён');
    const parentMe = await ask(world, 62, '/me');
    expect(parentMe).toContain('родитель, 6Б — подтверждена');
    expect(parentMe).not.toContain('5А');
    expect(count(await auditActions(world), 'person.moved')).toBe(1);
  });

  it('/remove: the person loses every role and link; /me shows nothing', async () => {
    world = await createWorld({ app: { now: workdayClock() } });
    await ask(world, ADMIN, '/unit add 5А');
    const a = await unitId(world, '5А');
    // A teacher who is also the class's curator and a parent in it.
    await member(world, 70, 'Смирнова Елена', 'teacher');
    await member(world, 71, 'Смирнов Артём', 'student', a);
    await member(world, 70, 'Смирнова Елена', 'parent', a, [{ userId: 71 }]);
    const [pick] = await say(world, ADMIN, '/curator 5А');
    await tap(world, ADMIN, pick!, 'Смирнова Елена');
    await eventually(async () => expect((await world.control.botMessagesTo(70)).map((m) => m.text)).toContain(T.youAreCurator('5А')));
    expect(await ask(world, 70, '/members 5А')).toContain('Смирнова Елена');

    expect(await ask(world, ADMIN, '/remove')).toBe(T.removeUsage);
    const [who] = await say(world, ADMIN, '/remove смирнова');
    expect(who!.text).toBe(T.removePick);
    const [confirm] = await press(world, ADMIN, who!, 'Смирнова Елена');
    expect(confirm!.text).toBe(T.removeConfirm('Смирнова Елена'));
    expect((await tap(world, ADMIN, confirm!, T.removeYes)).newText).toContain(T.removeDone('Смирнова Елена'));
    await eventually(async () => expect((await world.control.botMessagesTo(70)).map((m) => m.text)).toContain(T.youRemoved));

    expect(await ask(world, 70, '/me')).toBe(`${T.meNothing}\n${K(T.meIds(70))}`);
    expect(await ask(world, 70, '/members 5А')).toBe(DENIALS.not_allowed);
    expect(await ask(world, 70, '/invite ученик 5А')).toBe(DENIALS.not_allowed);
    const roster = await ask(world, ADMIN, '/members 5А');
    expect(roster).not.toContain('Смирнова Елена');
    expect(roster).toContain('Смирнов Артём — подтверждён');
    expect(await ask(world, ADMIN, '/units')).toContain('• 5А — руководитель: не назначен');
    expect(await ask(world, ADMIN, '/members')).not.toContain('Смирнова');
    const audit = await world.app.organisation.audit.latest(50);
    const removed = audit.find((e) => e.action === 'person.removed');
    expect(removed?.target).toBe('user:70');
    expect(String(removed?.details.roles).split(',').sort()).toEqual(['curator', 'parent', 'teacher']);

    // The last admin cannot be removed from the organisation either.
    await member(world, ADMIN, 'Главный Админ', 'admin');
    const [self] = await say(world, ADMIN, '/remove главный');
    const [sure] = await press(world, ADMIN, self!, 'Главный Админ');
    expect((await tap(world, ADMIN, sure!, T.removeYes)).notification).toBe(T.adminLast);
    expect(await ask(world, ADMIN, '/audit')).toContain(AUDIT_ACTIONS_RU['person.removed']);
  });

  it('/setup: name, time zone by button, unit word; the settings show up afterwards', async () => {
    world = await createWorld({ app: { now: workdayClock() } });
    const [askName] = await say(world, ADMIN, '/setup');
    expect(askName!.text).toBe(SETUP_TEXTS.askName(null));
    // A wrong answer: the reason, then the question again.
    const [tooShort, askedAgain] = await say(world, ADMIN, 'Шк', 2);
    expect(tooShort!.text).toBe(SETUP_TEXTS.badName);
    expect(askedAgain!.text).toBe(SETUP_TEXTS.askName(null));
    const [zone] = await say(world, ADMIN, '  Гимназия   № 5  ');
    expect(zone!.text).toBe(SETUP_TEXTS.askZone('Europe/Moscow'));
    const [word] = await press(world, ADMIN, zone!, 'Asia/Yekaterinburg');
    expect(word!.text).toBe(SETUP_TEXTS.askWord);
    const [week] = await press(world, ADMIN, word!, 'группа');
    expect(week!.text).toBe(SETUP_TEXTS.askWeek(5));
    const [final] = await press(world, ADMIN, week!, SETUP_TEXTS.sixDays);
    expect(final!.text).toBe(SETUP_TEXTS.askFinal(11));
    // The grade from which pupils consent themselves (the test world starts at 1); the button gives the default.
    const [consent] = await press(world, ADMIN, final!, '11');
    expect(consent!.text).toBe(SETUP_TEXTS.askConsent(1));
    const [saved] = await press(world, ADMIN, consent!, SETUP_TEXTS.consentDefault(8));
    expect(saved!.text).toBe(T.setupDone('Гимназия № 5', 'Asia/Yekaterinburg', 'группа'));
    expect((await world.app.organisation.org.settings()).selfConsentGrade).toBe(8);

    // Stored, and used: /setup offers the current values, an invite names the organisation and its word.
    expect(await world.app.organisation.org.settings()).toMatchObject({ name: 'Гимназия № 5', timeZone: 'Asia/Yekaterinburg', unitWord: 'группа' });
    const [again] = await say(world, ADMIN, '/setup');
    expect(again!.text).toBe(SETUP_TEXTS.askName('Гимназия № 5'));
    const [zoneAgain] = await press(world, ADMIN, again!, SETUP_TEXTS.keep);
    expect(zoneAgain!.text).toBe(SETUP_TEXTS.askZone('Asia/Yekaterinburg'));
    expect(await ask(world, ADMIN, '/cancel')).toBe(BOT_TEXTS.cancelled);
    await ask(world, ADMIN, '/unit add ИТ-1');
    const code = await invite(world, ADMIN, 'ученик ИТ-1');
    const intro = (await open(world, 80, code)).text!;
    expect(intro).toContain('Приглашение в Гимназия № 5.');
    expect(intro).toContain('Роль: ученик, группа: ИТ-1.');

    // Each value can be changed later. A wrong typed answer gets the question again, whose buttons work.
    const [third] = await say(world, ADMIN, '/setup');
    await press(world, ADMIN, third!, SETUP_TEXTS.keep);
    const [badZone, zoneThird] = await say(world, ADMIN, 'Mars/Olympus', 2);
    expect(badZone!.text).toBe(SETUP_TEXTS.badZone);
    expect(zoneThird!.text).toBe(SETUP_TEXTS.askZone('Asia/Yekaterinburg'));
    const [wordThird] = await press(world, ADMIN, zoneThird!, 'Asia/Novosibirsk');
    expect(wordThird!.text).toBe(SETUP_TEXTS.askWord);
    const [wordAgain] = await say(world, ADMIN, 'объединение');
    expect(wordAgain!.text).toBe(SETUP_TEXTS.askWord);
    const [weekAgain] = await press(world, ADMIN, wordAgain!, 'объединение');
    expect(weekAgain!.text).toBe(SETUP_TEXTS.askWeek(6));
    const [finalGrade] = await press(world, ADMIN, weekAgain!, SETUP_TEXTS.fiveDays);
    expect(finalGrade!.text).toBe(SETUP_TEXTS.askFinal(11));
    const [badFinal, finalAgain] = await say(world, ADMIN, '13', 2);
    expect(badFinal!.text).toBe(SETUP_TEXTS.badFinal);
    expect((await say(world, ADMIN, '4'))[0]!.text).toBe(SETUP_TEXTS.askConsent(8));
    expect(finalAgain!.text).toBe(SETUP_TEXTS.askFinal(11));
    const [badConsent, consentAgain] = await say(world, ADMIN, '0', 2);
    expect(badConsent!.text).toBe(SETUP_TEXTS.badConsent);
    expect(consentAgain!.text).toBe(SETUP_TEXTS.askConsent(8));
    expect((await say(world, ADMIN, '7'))[0]!.text).toBe(T.setupDone('Гимназия № 5', 'Asia/Novosibirsk', 'объединение'));
    expect((await world.app.organisation.org.settings()).finalGrade).toBe(4);
    expect((await world.app.organisation.org.settings()).selfConsentGrade).toBe(7);
    // A time zone may also be typed.
    const [fourth] = await say(world, ADMIN, '/setup');
    await press(world, ADMIN, fourth!, SETUP_TEXTS.keep);
    const [wordFourth] = await say(world, ADMIN, 'asia/omsk');
    expect(wordFourth!.text).toBe(SETUP_TEXTS.askWord);
    const [weekFourth] = await press(world, ADMIN, wordFourth!, 'класс');
    const [finalFourth] = await press(world, ADMIN, weekFourth!, SETUP_TEXTS.fiveDays);
    expect(finalFourth!.text).toBe(SETUP_TEXTS.askFinal(4));
    const [consentFourth] = await press(world, ADMIN, finalFourth!, '9');
    await press(world, ADMIN, consentFourth!, SETUP_TEXTS.keep);
    expect((await world.app.organisation.org.settings()).timeZone).toBe('Asia/Omsk');
    expect((await world.app.organisation.org.settings()).finalGrade).toBe(9);
    expect((await world.app.organisation.org.settings()).selfConsentGrade).toBe(7);
    // The hours follow the zone from /setup.
    expect((await world.app.organisation.workingHours()).timeZone).toBe('Asia/Omsk');
    expect(await auditActions(world)).toContain('org.setup');
  });

  it('/invites lists live invites; /revoke unused <unit> cancels only that unit’s unused ones; a curator sees only their units', async () => {
    world = await createWorld({ app: { now: workdayClock() } });
    await ask(world, ADMIN, '/unit add 5А');
    await ask(world, ADMIN, '/unit add 6Б');
    expect(await ask(world, ADMIN, '/invites')).toBe(T.invitesEmpty);
    const usedA = await invite(world, ADMIN, 'ученик 5А uses=3');
    const unusedA = await invite(world, ADMIN, 'родитель 5А');
    const unusedB = await invite(world, ADMIN, 'ученик 6Б');
    const teacher = await invite(world, ADMIN, 'учитель days=3');
    await join(world, 20, usedA, { name: 'Первый Ученик' });
    await card(world, ADMIN, 'Первый Ученик'); // the card to the admin has arrived: it cannot be mistaken for an answer below

    const all = await ask(world, ADMIN, '/invites');
    for (const c of [usedA, unusedA, unusedB, teacher]) expect(all).toContain(c);
    expect(all).toContain(`• ${usedA} — ученик, 5А; использовано 1 из 3`);
    expect(all).toContain(`• ${unusedA} — родитель, 5А; использовано 0 из 70`);
    const onlyA = await ask(world, ADMIN, '/invites 5a');
    expect(onlyA).toContain(usedA);
    expect(onlyA).toContain(unusedA);
    expect(onlyA).not.toContain(unusedB);
    expect(onlyA).not.toContain(teacher);

    // A curator of 5А sees and revokes only 5А's invites.
    await member(world, 30, 'Кураторова Анна', 'curator', await unitId(world, '5А'));
    await world.app.organisation.org.addCurator(await unitId(world, '5А'), 30);
    const mine = await ask(world, 30, '/invites');
    expect(mine).toContain(usedA);
    expect(mine).not.toContain(unusedB);
    expect(mine).not.toContain(teacher);
    expect(await ask(world, 30, '/invites 6Б')).toBe(K(DENIALS.not_your_unit));
    expect(await ask(world, 30, '/revoke unused 6Б')).toBe(K(DENIALS.not_your_unit));

    expect(await ask(world, ADMIN, '/revoke unused 5А')).toBe(T.revokedMany(1));
    expect(await ask(world, ADMIN, '/revoke unused 5А')).toBe(T.revokedMany(0));
    const left = await ask(world, ADMIN, '/invites');
    expect(left).toContain(usedA); // used once: not "unused"
    expect(left).not.toContain(unusedA);
    expect(left).toContain(unusedB);
    expect(left).toContain(teacher);
    expect((await open(world, 21, unusedA)).text).toBe(T.inviteStates.revoked);
    expect((await open(world, 22, usedA)).text).toContain('Продолжим?');

    // The curator's "/revoke unused" without a unit stays within their units.
    const another = await invite(world, 30, 'родитель 5А');
    expect(await ask(world, 30, '/revoke unused')).toBe(T.revokedMany(1));
    const after = await ask(world, ADMIN, '/invites');
    expect(after).not.toContain(another);
    expect(after).toContain(unusedB);
    expect(after).toContain(teacher);
    expect(count(await auditActions(world), 'invite.revoked')).toBe(2);
  });

  it('invites lapse by themselves: the housekeeping job records invite.lapsed in the audit', async () => {
    let clock = Date.parse('2026-03-02T09:00:00Z');
    world = await createWorld({ app: { now: () => clock } });
    await ask(world, ADMIN, '/unit add 5А');
    const short = await invite(world, ADMIN, 'ученик 5А days=1');
    const long = await invite(world, ADMIN, 'учитель days=5');
    clock += 2 * 24 * 3600 * 1000;

    // Run the scheduled job now instead of waiting for its next turn: the bot's own worker takes it.
    const queue = new Queue('housekeeping', { connection: world.redis, prefix: createKeys(world.prefix).queuePrefix });
    try {
      await queue.add('invites-lapse', {});
      await eventually(async () => expect(await auditActions(world)).toContain('invite.lapsed'), 8000);
    } finally {
      await queue.close();
    }
    const lapsed = (await world.app.organisation.audit.latest(50)).filter((e) => e.action === 'invite.lapsed');
    expect(lapsed).toHaveLength(1);
    expect(lapsed[0]!.target).toBe(`invite:${short.slice(0, 6)}`);
    expect(lapsed[0]!.actor).toBe(0);
    const [audit] = await say(world, ADMIN, '/audit 50');
    expect(audit!.text).toContain(`${AUDIT_ACTIONS_RU['invite.lapsed']} · приглашение ${short.slice(0, 6)}`);

    const live = await ask(world, ADMIN, '/invites');
    expect(live).not.toContain(short);
    expect(live).toContain(long);
    expect((await open(world, 20, short)).text).toBe(T.inviteStates.expired);
    // The job runs again later: nothing is recorded twice.
    expect(await world.app.organisation.invites.takeLapsed(clock)).toEqual([]);
  });
});

describe('decisions on join requests', () => {
  let world: World;
  afterEach(async () => world?.close());

  it('two reviewers pressing «Подтвердить» at once produce one decision; a press after the decision changes nothing', async () => {
    world = await createWorld({ env: { ADMIN_USER_IDS: '1,2,3' }, app: { now: workdayClock() } });
    for (const id of [2, 3]) await maxUser(world, id);
    const code = await invite(world, ADMIN, 'учитель');
    await join(world, 40, code, { name: 'Сидоров Олег' });
    const [c1, c2, c3] = await Promise.all([1, 2, 3].map((r) => card(world, r, 'Сидоров Олег')));

    const presses = await Promise.all([world.control.pressByText(1, c1!.mid, 'Подтвердить'), world.control.pressByText(2, c2!.mid, 'Подтвердить')]);
    const answers = await Promise.all(presses.map((p) => answerTo(world, p.callback_id)));
    expect(answers.filter((a) => a.newText?.includes(T.approved('Сидоров Олег')))).toHaveLength(1);
    expect(answers.filter((a) => a.notification === T.alreadyDecided)).toHaveLength(1);
    await eventually(async () => expect((await world.control.botMessagesTo(40)).filter((m) => m.text?.startsWith('Ваша заявка подтверждена'))).toHaveLength(1));

    // Replay: the third admin's card still has its buttons; pressing them now changes nothing.
    const replay = await tap(world, 3, c3!, 'Подтвердить');
    expect(replay.notification).toBe(T.alreadyDecided);
    const [again] = await say(world, 3, '/requests');
    expect(again!.text).toBe(T.requestsEmpty);
    await settled(world);
    expect(count(await auditActions(world), 'request.approved')).toBe(1);
    expect(count(await auditActions(world), 'request.rejected')).toBe(0);
    expect((await world.control.botMessagesTo(40)).filter((m) => m.text?.startsWith('Ваша заявка подтверждена'))).toHaveLength(1);
    expect(await ask(world, 40, '/me')).toContain('учитель — подтверждён');
  });

  it('approving a request that was already rejected changes nothing', async () => {
    world = await createWorld({ env: { ADMIN_USER_IDS: '1,2' }, app: { now: workdayClock() } });
    await maxUser(world, 2);
    const code = await invite(world, ADMIN, 'сотрудник');
    await join(world, 41, code, { name: 'Кузнецова Вера' });
    const late = await card(world, 2, 'Кузнецова Вера');
    const ask1 = await decide(world, ADMIN, 'Кузнецова Вера', 'Отклонить');
    const before = await world.control.lastSeq();
    const [told] = await press(world, ADMIN, ask1, 'Без причины');
    expect(told!.text).toBe(T.rejected('Кузнецова Вера'));
    const toPerson = await world.control.waitForMessages({ userId: 41, fromBot: true }, { afterSeq: before, timeoutMs: 8000 });
    expect(toPerson.at(-1)!.text).toContain('отклонена');

    const replay = await tap(world, 2, late, 'Подтвердить');
    expect(replay.notification).toBe(T.alreadyDecided);
    await settled(world);
    const audit = await auditActions(world);
    expect(count(audit, 'request.rejected')).toBe(1);
    expect(count(audit, 'request.approved')).toBe(0);
    expect((await world.app.organisation.people.verifiedRoles(41)).size).toBe(0);
    expect(await ask(world, 41, '/me')).not.toContain('сотрудник');
  });

  it('a reviewer dismissed while writing the reason of a rejection decides nothing', async () => {
    world = await createWorld({ env: { ADMIN_USER_IDS: '1,2' }, app: { now: workdayClock() } });
    await maxUser(world, 2);
    const code = await invite(world, ADMIN, 'учитель');
    await join(world, 42, code, { name: 'Лебедев Антон' });
    await card(world, ADMIN, 'Лебедев Антон');
    const askReason = await decide(world, 2, 'Лебедев Антон', 'Отклонить');
    expect(askReason.text).toContain('причину');
    const [rm] = await say(world, ADMIN, '/admin remove');
    await tap(world, ADMIN, rm!, 'Тест'); // the second config admin, named as in MAX
    await eventually(async () => expect((await world.control.botMessagesTo(2)).at(-1)!.text).toBe(T.youAreNotAdmin));
    expect(await ask(world, 2, 'Не знаю такого')).toBe(DENIALS.not_allowed);
    const pending = await world.app.organisation.requests.pending();
    expect(pending.map((r) => r.userId)).toEqual([42]);
    expect(count(await auditActions(world), 'request.rejected')).toBe(0);
    expect((await world.control.botMessagesTo(42)).map((m) => m.text).join('\n')).not.toContain('отклонена');
  });

  it('a verified parent adds more children with other invites; a rejected child is not linked', async () => {
    world = await createWorld({ app: { now: workdayClock() } });
    await ask(world, ADMIN, '/unit add 5А');
    const first = await invite(world, ADMIN, 'родитель 5А');
    await join(world, 30, first, { name: 'Иванова Мария', child: 'Иванов Пётр' });
    await decide(world, ADMIN, 'Иванова Мария', 'Подтвердить');
    await eventually(async () => expect((await world.control.botMessagesTo(30)).at(-1)!.text).toContain('Ваша заявка подтверждена'));

    // The same person, the same role and class, a second time: the join runs again from the start.
    const second = await invite(world, ADMIN, 'родитель 5А');
    const [waiting] = await join(world, 30, second, { name: 'Иванова Мария', child: 'Иванова Анна' });
    expect(waiting!.text).toContain('Заявка отправлена');
    // The first card is there already: wait for the new one.
    await eventually(async () => expect((await card(world, ADMIN, 'Иванова Мария')).text).toContain('Ребёнок: «Иванова Анна» — в классе не найден'));
    // Until a reviewer decides, the second child is not linked to the verified parent.
    expect(await ask(world, 30, '/me')).not.toContain('Иванова Анна');
    const why = await decide(world, ADMIN, 'Иванова Мария', 'Отклонить');
    await press(world, ADMIN, why, 'Без причины');
    await eventually(async () => expect((await world.control.botMessagesTo(30)).at(-1)!.text).toContain('заявка отклонена'));
    const me = await ask(world, 30, '/me');
    expect(me).toContain('родитель, 5А — подтверждена');
    expect(me).toContain('ребёнок: Иванов Пётр');
    expect(me).not.toContain('Иванова Анна');

    const third = await invite(world, ADMIN, 'родитель 5А');
    await join(world, 30, third, { name: 'Иванова Мария', child: 'Иванов Павел' });
    await eventually(async () => expect((await card(world, ADMIN, 'Иванова Мария')).text).toContain('Ребёнок: «Иванов Павел» — в классе не найден'));
    await decide(world, ADMIN, 'Иванова Мария', 'Подтвердить');
    await eventually(async () => expect(await ask(world, 30, '/me')).toContain('ребёнок: Иванов Пётр, Иванов Павел'));
    expect(await ask(world, ADMIN, '/members 5А')).toContain('Иванова Мария — подтверждена; ребёнок: Иванов Пётр, Иванов Павел');
  });

  it('typing where a button is expected asks again, with buttons that work', async () => {
    world = await createWorld({ app: { now: workdayClock() } });
    await ask(world, ADMIN, '/unit add 5А');
    const code = await invite(world, ADMIN, 'ученик 5А');
    const intro = await open(world, 20, code);
    const [hint, introAgain] = await say(world, 20, 'ок', 2);
    expect(hint!.text).toBe('Пожалуйста, нажмите одну из кнопок под сообщением.');
    expect(introAgain!.text).toBe(intro.text);
    await press(world, 20, introAgain!, 'Продолжить');
    const [consent] = await say(world, 20, 'Иванов Пётр');
    const [hint2, consentAgain] = await say(world, 20, 'да, согласен', 2);
    expect(hint2!.text).toBe(hint!.text);
    expect(consentAgain!.text).toBe(consent!.text);
    expect(consentAgain!.buttons.flat().map((b) => b.text)).toEqual(['Даю согласие', 'Не даю согласия']);
    // The old message's buttons are stale (they belong to an earlier step); the new ones work.
    expect((await tap(world, 20, consent!, 'Даю согласие')).notification).toBe('Эта кнопка уже неактуальна.');
    const [sent] = await press(world, 20, consentAgain!, 'Даю согласие');
    expect(sent!.text).toContain('Заявка отправлена');
  });

  it('a forged button payload from someone who may not decide changes nothing (webhook mode)', async () => {
    const SECRET = 'forged-test-secret';
    const port = await freePort();
    const url = `http://127.0.0.1:${port}/max/updates`;
    world = await createWorld({
      env: { UPDATES_MODE: 'webhook', WEBHOOK_URL: url, WEBHOOK_PORT: String(port), WEBHOOK_SECRET: SECRET },
      app: { webhookHost: '127.0.0.1', now: workdayClock() },
    });
    const org = world.app.organisation;
    await ask(world, ADMIN, '/unit add 5А');
    await ask(world, ADMIN, '/unit add 6Б');
    const a = await unitId(world, '5А');
    const b = await unitId(world, '6Б');
    await member(world, 10, 'Кураторова Анна', 'curator', a);
    await org.org.addCurator(a, 10);
    await member(world, 11, 'Кураторов Борис', 'curator', b);
    await org.org.addCurator(b, 11);
    await member(world, 12, 'Учителев Иван', 'teacher');
    await member(world, 13, 'Родителева Нина', 'parent', a);

    // Two pending requests: a teacher's (for the admins) and a student's of 5А (for its curator).
    const teacherCode = await invite(world, ADMIN, 'учитель');
    const studentCode = await invite(world, ADMIN, 'ученик 5А');
    await join(world, 40, teacherCode, { name: 'Сидоров Олег' });
    await join(world, 41, studentCode, { name: 'Орлов Никита' });
    await card(world, ADMIN, 'Сидоров Олег');
    await card(world, 10, 'Орлов Никита');
    const pending = await org.requests.pending();
    const teacherReq = pending.find((r) => r.userId === 40)!;
    const studentReq = pending.find((r) => r.userId === 41)!;
    expect(teacherReq).toBeDefined();
    expect(studentReq).toBeDefined();

    const forge = (userId: number, payload: string) => forgeCallback(url, SECRET, userId, payload);
    /** One user's updates are handled in order: once their /me is answered, their forged presses were handled. */
    const settled = async (userId: number) => {
      const after = await world.control.lastSeq();
      expect(await postWebhook(url, dialogMessageUpdate(world.sandbox.botUserId, userId, '/me'), SECRET)).toBe(200);
      await world.control.waitForMessages({ userId, fromBot: true }, { afterSeq: after, timeoutMs: 8000 });
    };

    const attempts: Array<[number, string]> = [
      [40, `a:rq:${teacherReq.id}:y`], // the applicant approves themself
      [41, `a:rq:${studentReq.id}:y`],
      [10, `a:rq:${teacherReq.id}:y`], // a curator: a teacher's request is not theirs to decide
      [11, `a:rq:${studentReq.id}:y`], // the curator of another class
      [11, `a:rq:${studentReq.id}:n`],
      [12, `a:rq:${teacherReq.id}:y`], // a teacher
      [13, `a:rq:${studentReq.id}:y`], // a parent of the class
      [12, 'a:ad:add:12'], // a teacher makes themself admin
      [12, `a:cu:${a}:12`], // … or curator
      [13, `a:rm:${ADMIN}:y`], // a parent removes the admin
      [13, `a:mv:41:${b}`],
      [10, 'a:rq:AAAAAAAAAAAA:y'], // a request that does not exist
    ];
    for (const [userId, payload] of attempts) expect(await forge(userId, payload)).toBe(200);
    for (const userId of new Set(attempts.map(([u]) => u))) await settled(userId);

    expect((await org.requests.get(teacherReq.id))!.status).toBe('pending');
    expect((await org.requests.get(studentReq.id))!.status).toBe('pending');
    expect((await org.people.verifiedRoles(40)).size).toBe(0);
    expect((await org.people.verifiedRoles(41)).size).toBe(0);
    expect([...(await org.people.verifiedRoles(12))]).toEqual(['teacher']);
    expect(await org.org.curatedUnits(12)).toEqual([]);
    expect((await org.people.verifiedRoles(ADMIN)).has('admin')).toBe(true);
    const audit = await auditActions(world);
    for (const action of ['request.approved', 'request.rejected', 'admin.appointed', 'curator.appointed', 'person.removed', 'person.moved']) {
      expect(audit, action).not.toContain(action);
    }
    // Nobody was told anything about a decision, and no reject conversation was started.
    for (const userId of [40, 41])
      expect((await world.control.botMessagesTo(userId)).map((m) => m.text).join('\n')).not.toMatch(/заявка (подтверждена|отклонена)/);
    expect((await world.control.botMessagesTo(11)).map((m) => m.text).join('\n')).not.toContain('причину');

    // The same forged press from someone who may decide does go through: the channel works, the check holds.
    expect(await forge(10, `a:rq:${studentReq.id}:y`)).toBe(200);
    await settled(10);
    expect((await org.requests.get(studentReq.id))!.status).toBe('approved');
    expect(count(await auditActions(world), 'request.approved')).toBe(1);
  }, 40_000);
});

describe('/help', () => {
  let world: World;
  afterEach(async () => world?.close());

  it('shows each person only what they may do', async () => {
    world = await createWorld({ app: { now: workdayClock() } });
    await ask(world, ADMIN, '/unit add 5А');
    const a = await unitId(world, '5А');
    await member(world, 20, 'Иванов Пётр', 'student', a);
    await member(world, 30, 'Иванова Мария', 'parent', a, [{ userId: 20 }]);
    await member(world, 10, 'Кураторова Анна', 'curator', a);
    await world.app.organisation.org.addCurator(a, 10);

    const org = world.app.organisation;
    const guest = helpCommands(await ask(world, 500, '/help'));
    const parent = helpCommands(await ask(world, 30, '/help'));
    const curator = helpCommands(await ask(world, 10, '/help'));
    const admin = helpCommands(await ask(world, ADMIN, '/help'));
    // Nothing the table does not allow them, and every organisation command it does allow…
    const ORG = [
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
    const check = async (shown: string[], userId: number) => {
      const allowed: string[] = allowedCommands(await org.actor(userId));
      for (const c of shown) expect(allowed, `/${c} shown to ${userId}`).toContain(c);
      for (const c of allowed.filter((x) => ORG.includes(x))) expect(shown, `/${c} not shown to ${userId}`).toContain(c);
    };
    await check(guest, 500);
    await check(parent, 30);
    await check(curator, 10);
    await check(admin, ADMIN);
    for (const c of ORG) expect(admin).toContain(c);
    // … and, written out by hand, what that means.
    for (const c of ['start', 'help', 'cancel', 'feedback', 'me', 'join']) {
      expect(guest).toContain(c);
      expect(parent).toContain(c);
    }
    for (const c of ['invite', 'members', 'units', 'audit', 'setup', 'requests']) {
      expect(guest).not.toContain(c);
      expect(parent).not.toContain(c);
    }
    for (const c of ['invite', 'invites', 'revoke', 'members', 'units', 'requests']) expect(curator).toContain(c);
    for (const c of ['audit', 'setup', 'unit', 'curator', 'admin', 'move', 'remove']) {
      expect(curator).not.toContain(c);
      expect(admin).toContain(c);
    }
    expect(curator.length).toBeGreaterThan(parent.length);
    expect(admin.length).toBeGreaterThan(curator.length);
    const help = await ask(world, 500, '/help');
    expect(help).toContain('https://max.ru/sferum_help');
    expect(help).not.toContain('/invite');
  });
});
