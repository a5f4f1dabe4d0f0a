// The school year: /rollover on an organisation with classes 1А–11Б moves every class up,
// graduates the 11th grade out of the chats (with their parents who have no other child),
// renames the bound chats through the API, and is one entry in the audit.
import { afterEach, describe, expect, it } from 'vitest';
import { ROLLOVER_TEXTS } from '../../src/lifecycle/rollover-texts.js';
import { asSchool } from '../support/unit-word.js';
import { ADMIN, CURATOR, bindChat, members } from '../chats/support.js';
import { createWorld, eventually, say, type World } from '../support/harness.js';
import { findEverywhere } from '../support/redis-scan.js';
import { archive, invite, join, workdayClock } from './support.js';

const T = asSchool(ROLLOVER_TEXTS);

const PUPIL_11 = 501;
const PUPIL_5 = 502;
const PARENT_ONLY_11 = 601;
const PARENT_BOTH = 602;
const CLASSES = Array.from({ length: 11 }, (_, i) => [`${i + 1}А`, `${i + 1}Б`]).flat();

async function school(world: World) {
  await say(world, ADMIN, `/unit add ${CLASSES.join(', ')}`);
  const org = world.app.organisation;
  const id = async (name: string) => (await org.org.findUnit(name))!.id;
  const [u5, u11] = [await id('5А'), await id('11А')];
  const now = Date.now();
  await org.people.saveProfile(CURATOR, 'Петрова Анна Ивановна', now);
  await org.people.putMembership(CURATOR, { role: 'teacher', unitId: null, status: 'verified', since: now });
  for (const u of [u5, u11]) {
    await org.org.addCurator(u, CURATOR);
    await org.people.putMembership(CURATOR, { role: 'curator', unitId: u, status: 'verified', since: now });
  }
  const person = async (userId: number, name: string, role: 'student' | 'parent', unitId: string, child?: number) => {
    await org.people.saveProfile(userId, name, now);
    await org.people.putMembership(userId, { role, unitId, status: 'verified', since: now, ...(child ? { children: [{ userId: child }] } : {}) });
  };
  await person(PUPIL_11, 'Выпускников Глеб', 'student', u11);
  await person(PUPIL_5, 'Младшев Тимур', 'student', u5);
  await person(PARENT_ONLY_11, 'Выпускникова Ольга', 'parent', u11, PUPIL_11);
  await person(PARENT_BOTH, 'Двудетная Ирина', 'parent', u11, PUPIL_11);
  await person(PARENT_BOTH, 'Двудетная Ирина', 'parent', u5, PUPIL_5);
  return { u5, u11 };
}

describe('/rollover', () => {
  let world: World;
  afterEach(async () => world?.close());

  it('moves 1А–11Б up, graduates the 11th grade out of the chats, renames the chats, one audit entry', async () => {
    world = await createWorld({ app: { now: workdayClock() } });
    const { u5, u11 } = await school(world);
    const pupils11 = await bindChat(world, CURATOR, '11А ученики', 'чат учеников класса', '11А');
    const parents11 = await bindChat(world, CURATOR, '11А родители', 'чат родителей класса', '11А');
    const parents5 = await bindChat(world, CURATOR, 'Родители 5А', 'чат родителей класса', '5А');
    for (const [chat, ids] of [
      [pupils11, [PUPIL_11]],
      [parents11, [PARENT_ONLY_11, PARENT_BOTH]],
      [parents5, [PARENT_BOTH]],
    ] as const) {
      for (const id of ids) await world.control.addMember(chat, id, { viaLink: true });
    }

    const [plan] = await say(world, ADMIN, '/rollover');
    expect(plan!.text).toContain(T.promote('5А', '6А'));
    expect(plan!.text).toContain(T.promote('10Б', '11Б'));
    expect(plan!.text).toContain(T.graduate('11А', 1, 2));
    expect(plan!.text).toContain(T.graduate('11Б', 0, 0));
    // An edit makes a new plan; the old preview's button no longer applies anything.
    const [edited] = await say(world, ADMIN, '/rollover 7Б без руководителя');
    expect(edited!.text).toContain(`${T.promote('7Б', '8Б')}${T.noCurators}`);
    await world.control.pressByText(ADMIN, plan!.mid, T.confirm);
    const [renamed] = await say(world, ADMIN, '/rollover 1А = 2 А-прим');
    expect(renamed!.text).toContain(T.promote('1А', '2 А-прим'));
    expect((await say(world, ADMIN, '/rollover Нет такого выпуск'))[0]!.text).toBe(T.notInPlan('Нет такого'));
    await world.control.pressByText(ADMIN, renamed!.mid, T.confirm);

    await eventually(async () => expect((await world.control.botMessagesTo(ADMIN)).map((m) => m.text)).toContain(T.done(20, 2, 1)), 20_000);
    const org = world.app.organisation;
    expect((await org.org.findUnit('6А'))!.id).toBe(u5);
    expect(await org.org.findUnit('2 А-прим')).not.toBeNull();
    expect((await org.org.unit(u11))!.archived).toBe(true);
    expect((await org.org.listUnits()).filter((u) => !u.staffRoom)).toHaveLength(20);
    // Bound chats of a moved class are renamed through the API; a graduated class's chats are unbound.
    expect((await world.control.chat(parents5)).title).toBe('Родители 6А');
    expect((await world.app.chats.store.get(pupils11))!.status).toBe('unbound');
    // Graduates and their parents with no other child leave; a parent with a child staying stays where that child is.
    await eventually(async () => {
      expect(await members(world, pupils11)).not.toContain(PUPIL_11);
      expect(await members(world, parents11)).not.toContain(PARENT_ONLY_11);
      expect(await members(world, parents11)).not.toContain(PARENT_BOTH);
      expect(await members(world, parents5)).toContain(PARENT_BOTH);
    });
    await eventually(async () => expect((await world.control.botMessagesTo(PARENT_ONLY_11)).map((m) => m.text)).toContain(T.goodbye('11А')));
    expect((await world.control.botMessagesTo(PARENT_BOTH)).map((m) => m.text)).not.toContain(T.goodbye('11А'));
    expect(await org.people.person(PUPIL_11)).toBeNull();
    expect((await org.people.person(PARENT_BOTH))!.memberships.map((m) => m.unitId)).toEqual([u5]);
    // The curator stays with the class that moved up, and leaves the graduated one.
    expect(await org.org.curatedUnits(CURATOR)).toEqual([u5]);

    // Running the act again (a retry after a crash) changes nothing and appends nothing.
    const acts = (await org.audit.latest(200)).filter((e) => e.action === 'year.rollover');
    expect(acts).toHaveLength(1);
    await world.app.schoolYear.apply(acts[0]!.target.replace('rollover:', ''));
    expect((await org.audit.latest(200)).filter((e) => e.action === 'year.rollover')).toHaveLength(1);
    expect((await world.control.chat(parents5)).title).toBe('Родители 6А');
  }, 90_000);

  it('a rollover interrupted half-way is finished after a restart, once', async () => {
    const clock = workdayClock();
    world = await createWorld({ app: { now: clock } });
    const { u5, u11 } = await school(world);
    const parents11 = await bindChat(world, CURATOR, '11А родители', 'чат родителей класса', '11А');
    const parents10 = await bindChat(world, ADMIN, '10А родители', 'чат родителей класса', '10А');
    await world.control.addMember(parents11, PARENT_ONLY_11, { viaLink: true });
    const org = world.app.organisation;
    const u10 = (await org.org.findUnit('10А'))!.id;
    // The admin confirmed; the process recorded the act, graduated 11А, renamed 10А → 11А, and died
    // before renaming that class's chat (its job never ran to the end).
    const sy = world.app.schoolYear;
    const rows = (await org.org.listUnits())
      .filter((u) => !u.staffRoom)
      .map((u) => ({ unitId: u.id, from: u.name, to: u.id === u11 || u.name === '11Б' ? null : u.name.replace(/^\d+/, (g) => String(Number(g) + 1)) }));
    const act = await sy.store.confirm({
      id: 'crashAct',
      by: ADMIN,
      finalGrade: 11,
      rows,
      createdAt: clock(),
      confirmedAt: clock(),
      graduates: await sy.unitPeople(u11),
      applied: false,
    });
    await sy.retire((await org.org.unit(u11))!, act.graduates!, 'Выпуск', `rollover:crashAct:${u11}`, ADMIN, false);
    await sy.store.markStep('crashAct', `grad:${u11}`);
    await org.org.renameUnit((await org.org.unit(u10))!, '11А');
    await world.restart({ now: clock });

    await eventually(async () => expect((await world.control.botMessagesTo(ADMIN)).map((m) => m.text)).toContain(T.done(20, 2, 1)), 20_000);
    expect((await world.control.chat(parents10)).title).toBe('11А родители');
    const after = world.app.organisation;
    expect((await after.org.findUnit('6А'))!.id).toBe(u5);
    expect((await after.org.findUnit('11А'))!.id).toBe(u10);
    expect(await members(world, parents11)).not.toContain(PARENT_ONLY_11);
    expect((await world.app.organisation.audit.latest(200)).filter((e) => e.action === 'year.rollover')).toHaveLength(1);
    expect(await world.app.schoolYear.store.pending()).toEqual([]);
    // The goodbye went once, although the graduation ran before the restart only.
    expect((await world.control.botMessagesTo(PARENT_ONLY_11)).filter((m) => m.text === 'Выпуск')).toHaveLength(1);
  }, 90_000);

  it('archiving a class ends its people’s roles, takes them out of its chats and unbinds them', async () => {
    world = await createWorld({ app: { now: workdayClock() } });
    const { u11 } = await school(world);
    const parents11 = await bindChat(world, CURATOR, '11А родители', 'чат родителей класса', '11А');
    await world.control.addMember(parents11, PARENT_ONLY_11, { viaLink: true });
    // A request nobody decided yet closes with the class, and the applicant's name goes.
    await join(world, 777, await invite(world, ADMIN, 'ученик 11А'), { name: 'Опоздавший Кирилл' });
    const r = await archive(world, ADMIN, '11А');
    expect(await world.app.organisation.requests.pending()).toEqual([]);
    expect(await world.app.organisation.people.person(777)).toBeNull();
    expect(r!.text).toContain('в архиве');
    expect(await members(world, parents11)).not.toContain(PARENT_ONLY_11);
    expect((await world.app.chats.store.get(parents11))!.status).toBe('unbound');
    expect(await world.app.organisation.people.roster(u11)).toEqual([]);
    await eventually(async () => expect((await world.control.botMessagesTo(PARENT_ONLY_11)).map((m) => m.text)).toContain(T.goodbyeArchived('11А')));
    // Those left with no role are erased as by /forget: their names are nowhere (the parent of two stays).
    await eventually(async () => expect(await world.app.services.outbox.pendingCount()).toBe(0));
    expect(await findEverywhere(world.redis, world.prefix, /Выпускников|Опоздавш/)).toEqual([]);
    expect((await findEverywhere(world.redis, world.prefix, /Двудетная/)).length).toBeGreaterThan(0);
  }, 60_000);
});
