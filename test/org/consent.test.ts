// A parent's consent for a younger pupil: below the organisation's self-consent grade (default 8)
// a pupil is verified only after a verified parent of theirs confirms, or a reviewer records the
// school's written consent; the parent is asked once. From that grade pupils consent themselves.
// A refusal of consent reaches the curator (staff: the admins).
import { afterEach, describe, expect, it } from 'vitest';
import { CONSENT_TEXTS as C } from '../../src/org/consent-texts.js';
import { ORG_TEXTS as T } from '../../src/org/texts.js';
import { JOIN_TEXTS } from '../../src/flows/org/join-texts.js';
import { withUnitWord } from '../../src/policy/unit-word.js';
import { createKeys } from '../../src/store/keys.js';
import type { MessageView } from '../../src/sandbox/control.js';
import { createWorld, eventually, press, say, type World } from '../support/harness.js';
import { card, decide, invite, join, open, workdayClock } from './support.js';
import { AUDIT_ACTIONS_RU } from '../../src/policy/audit-text.js';

const K = (text: string) => withUnitWord(text, 'класс');
const ADMIN = 1;
const CURATOR = 10;
const PUPIL = 20;
const PARENT = 30;

async function status(world: World, userId: number, unitName: string) {
  const unit = await world.app.organisation.org.findUnit(unitName);
  return (await world.app.organisation.people.membership(userId, 'student', unit!.id))?.status ?? null;
}

const asks = async (world: World, parent: number) =>
  (await world.control.botMessagesTo(parent)).filter((m) => m.text?.includes('Даёте согласие на обработку персональных данных вашего ребёнка'));

/** The default setting (grade 8), a 5А with a curator, a 9Б without one. */
async function school(now: () => number = workdayClock()): Promise<World> {
  const world = await createWorld({ app: { now }, selfConsentGrade: null });
  expect((await world.app.organisation.org.settings()).selfConsentGrade).toBe(8);
  await say(world, ADMIN, '/unit add 5А');
  await say(world, ADMIN, '/unit add 9Б');
  await join(world, CURATOR, await invite(world, ADMIN, 'куратор 5А'), { name: 'Петрова Анна Ивановна' });
  await decide(world, ADMIN, 'Петрова Анна Ивановна', 'Подтвердить');
  await eventually(async () => expect((await world.control.botMessagesTo(CURATOR)).at(-1)!.text).toContain('Ваша заявка подтверждена'));
  return world;
}

/** The curator's «Подтвердить» on a younger pupil's card: held, with the written-consent button. */
async function approveHeld(world: World, pupil: string, asked: boolean): Promise<MessageView> {
  const c = await card(world, CURATOR, pupil);
  const [held] = await press(world, CURATOR, c, T.approve);
  expect(held!.text).toBe(K(C.held(pupil, asked)));
  expect(held!.buttons.flat().map((b) => b.text)).toEqual([C.writtenButton]);
  await eventually(async () => expect((await world.control.botMessagesTo(CURATOR)).find((m) => m.mid === c.mid)!.text).toContain(C.heldLine));
  return held!;
}

describe('a parent’s consent for a pupil', () => {
  let world: World;
  afterEach(async () => world?.close());

  it('no parent yet: the pupil waits, the card says the consent is missing; the curator records the written consent and the pupil is verified', async () => {
    world = await school();
    const intro = await open(world, PUPIL, await invite(world, CURATOR, 'ученик 5А'));
    const [askName] = await press(world, PUPIL, intro, 'Продолжить');
    expect(askName!.text).toContain('фамилию');
    const [consent] = await say(world, PUPIL, 'Иванов Пётр Сергеевич');
    expect(consent!.text).toContain(K(JOIN_TEXTS.pupilParentConsent));
    const [sent] = await press(world, PUPIL, consent!, JOIN_TEXTS.accept);
    expect(sent!.text).toBe(K(C.pupilNeedsParent));

    const c = await card(world, CURATOR, 'Иванов Пётр Сергеевич');
    expect(c.text).toContain(C.cardMissing(false, 'Иванов Пётр Сергеевич'));
    expect(c.buttons.flat().map((b) => b.text)).toEqual([T.approve, T.reject, C.writtenButton]);
    const held = await approveHeld(world, 'Иванов Пётр Сергеевич', false);
    // Approved by the curator, still not verified: the consent is missing.
    expect(await status(world, PUPIL, '5А')).toBe('pending');
    expect((await world.control.botMessagesTo(PUPIL)).some((m) => m.text?.includes('Ваша заявка подтверждена'))).toBe(false);

    await world.control.pressByText(CURATOR, held.mid, C.writtenButton);
    await eventually(async () => expect((await world.control.botMessagesTo(PUPIL)).at(-1)!.text).toBe(T.youApproved('student', '5А')));
    expect(await status(world, PUPIL, '5А')).toBe('verified');
    await eventually(async () =>
      expect((await world.control.botMessagesTo(CURATOR)).find((m) => m.mid === held.mid)!.text).toContain(C.writtenDone('Иванов Пётр Сергеевич')),
    );
    const [audit] = await say(world, ADMIN, '/audit 30');
    expect(audit!.text).toContain(AUDIT_ACTIONS_RU['consent.written']);
  });

  it('a pupil filing outside working hours is told when the request will be seen', async () => {
    // Set up on a Monday morning; the pupil files on Saturday evening (Moscow).
    let shift = 0;
    const monday = workdayClock();
    world = await school(() => monday() + shift);
    const code = await invite(world, CURATOR, 'ученик 5А');
    shift = Date.parse('2026-03-07T16:00:00Z') - Date.parse('2026-03-02T09:00:00Z');
    const [sent] = await join(world, PUPIL, code, { name: 'Иванов Пётр Сергеевич' });
    // 8 March 2026 is a Sunday, so Monday 9 March is a holiday: the next working morning is the 10th.
    expect(sent!.text).toBe(K(`${C.pupilNeedsParent}\n${C.pupilSeenAt('10.03.2026 в 07:30')}`));
  });

  it('a verified parent is asked once and verifies the pupil with one button; a pupil of grade 9 consents themselves', async () => {
    world = await school();
    // The parent came first and typed the child's name.
    await join(world, PARENT, await invite(world, CURATOR, 'родитель 5А'), { name: 'Иванова Мария', child: 'Иванов Петя Сергеевич' });
    await decide(world, CURATOR, 'Иванова Мария', 'Подтвердить');
    const [sent] = await join(world, PUPIL, await invite(world, CURATOR, 'ученик 5А'), { name: 'Иванов Петя Сергеевич' });
    expect(sent!.text).toBe(C.pupilWaitsParent);
    const [ask] = await eventually(async () => {
      const found = await asks(world, PARENT);
      expect(found).toHaveLength(1);
      return found;
    });
    expect(ask!.text).toBe(K(C.askParent('Иванов Петя Сергеевич', '5А')));
    expect((await card(world, CURATOR, 'Иванов Петя Сергеевич')).text).toContain(C.cardMissing(true, 'Иванов Петя Сергеевич'));
    await approveHeld(world, 'Иванов Петя Сергеевич', true);
    expect(await status(world, PUPIL, '5А')).toBe('pending');

    // Another parent verified in the class (an event the consent listens to): nobody is asked again.
    await join(world, 31, await invite(world, CURATOR, 'родитель 5А'), { name: 'Кузнецов Олег', child: 'Кузнецова Ольга' });
    await decide(world, CURATOR, 'Кузнецов Олег', 'Подтвердить');
    expect(await status(world, PUPIL, '5А')).toBe('pending');

    await world.control.pressByText(PARENT, ask!.mid, C.parentYes);
    await eventually(async () => expect((await world.control.botMessagesTo(PARENT)).find((m) => m.mid === ask!.mid)!.text).toContain(C.parentThanks));
    await eventually(async () => expect(await status(world, PUPIL, '5А')).toBe('verified'));
    await eventually(async () => expect((await world.control.botMessagesTo(PUPIL)).at(-1)!.text).toBe(T.youApproved('student', '5А')));
    await eventually(async () =>
      expect((await world.control.botMessagesTo(CURATOR)).some((m) => m.text === C.parentConsentedApproved('Иванов Петя Сергеевич'))).toBe(true),
    );
    expect(await asks(world, PARENT)).toHaveLength(1);
    expect(await asks(world, 31)).toHaveLength(0);

    // Grade 9 ≥ 8: the pupil consents themselves, as before; no consent line on the card.
    const [own] = await join(world, 21, await invite(world, ADMIN, 'ученик 9Б'), { name: 'Смирнова Ольга' });
    expect(own!.text).toBe(T.requestSent);
    const c = await card(world, ADMIN, 'Смирнова Ольга');
    expect(c.text).not.toContain('Согласие родителя');
    await decide(world, ADMIN, 'Смирнова Ольга', 'Подтвердить');
    expect(await status(world, 21, '9Б')).toBe('verified');
  });

  it('a refusal of consent reaches the curator (a teacher’s: the admins), with the alternatives to offer', async () => {
    world = await school();
    for (const [userId, args, name] of [
      [22, 'ученик 5А', 'Соколов Иван'],
      [40, 'учитель', 'Орлова Вера Павловна'],
    ] as const) {
      const intro = await open(world, userId, await invite(world, ADMIN, args));
      const [askName] = await press(world, userId, intro, 'Продолжить');
      expect(askName!.text).toContain('фамилию');
      const [consent] = await say(world, userId, name);
      await press(world, userId, consent!, JOIN_TEXTS.decline);
      // The name goes to the curator's note only: the finished dialog keeps no record of it.
      expect(await world.redis.get(createKeys(world.prefix).flow(userId, 'join'))).toBeNull();
      expect(await world.redis.exists(createKeys(world.prefix).person(userId))).toBe(0);
    }
    await eventually(async () => {
      const notes = (await world.control.botMessagesTo(CURATOR)).filter((m) => m.text?.includes('от согласия на обработку'));
      expect(notes.map((m) => m.text)).toEqual([K(C.refusalNote('Соколов Иван', 'student', '5А'))]);
    });
    await eventually(async () => {
      const notes = (await world.control.botMessagesTo(ADMIN)).filter((m) => m.text?.includes('от согласия на обработку'));
      expect(notes.map((m) => m.text)).toEqual([K(C.refusalNote('Орлова Вера Павловна', 'teacher', null))]);
    });
  });
});
