// Messages held for working hours (BullMQ delayed jobs of the outbox): a request card decided
// meanwhile is not delivered later; after an erasure, the held messages about the erased person
// go, those of others stay and are delivered in the morning.
import { Queue } from 'bullmq';
import { afterEach, describe, expect, it } from 'vitest';
import { withoutPerson } from '../../src/bot/held-messages.js';
import { ERASURE_TEXTS as T } from '../../src/org/erasure-texts.js';
import { createKeys } from '../../src/store/keys.js';
import { ADMIN, CURATOR, movableClock, setupSchool } from '../chats/support.js';
import { createWorld, eventually, press, redisUrl, say, type World } from '../support/harness.js';
import { invite, join } from './support.js';

const HOUR = 3600_000;
/** Monday 22:00 in Moscow: non-urgent messages wait for 07:30. */
const EVENING = '2026-11-23T19:00:00Z';

/** Every delayed outbox job comes due now, as if the morning had come. */
async function morning(world: World): Promise<void> {
  const q = new Queue('outbox', { connection: { url: redisUrl() } as never, prefix: createKeys(world.prefix).queuePrefix });
  try {
    await q.promoteJobs();
    await eventually(async () => expect(await q.getJobCountByTypes('delayed', 'waiting', 'active')).toBe(0));
  } finally {
    await q.close();
  }
}

const heldTexts = async (world: World) => (await world.app.services.outbox.queue.getDelayed()).flatMap((j) => j.data.messages.map((m) => m.text));

describe('messages held for working hours', () => {
  let world: World;
  afterEach(async () => world?.close());

  it('a held request card is not delivered once the request was decided meanwhile', async () => {
    const clock = movableClock(EVENING);
    world = await createWorld({ app: { now: clock.now } });
    await setupSchool(world);
    await join(world, 71001, await invite(world, CURATOR, 'родитель 5А'), { name: 'Пеночкина Ада', child: 'Пеночкин Ян' });
    await eventually(async () => expect((await heldTexts(world)).some((t) => t.includes('Заявка на подтверждение: Пеночкина Ада'))).toBe(true));
    // The admin decides it from /requests meanwhile.
    const [, card] = await say(world, ADMIN, '/requests', 2);
    expect(card!.text).toContain('Пеночкина Ада');
    await world.control.pressByText(ADMIN, card!.mid, 'Подтвердить');
    // «Ваша заявка подтверждена», not any «подтвержд…»: the filing's own answer says «ждёт подтверждения».
    await eventually(async () => expect((await world.control.botMessagesTo(71001)).some((m) => m.text?.startsWith('Ваша заявка подтверждена'))).toBe(true));
    clock.advance(10 * HOUR);
    await morning(world);
    expect((await world.control.botMessagesTo(CURATOR)).filter((m) => m.text?.includes('Заявка на подтверждение'))).toEqual([]);
  }, 60_000);

  it('after an erasure, held messages about the person go and those of others are delivered', async () => {
    const clock = movableClock(EVENING);
    world = await createWorld({ app: { now: clock.now } });
    await setupSchool(world);
    const org = world.app.organisation;
    const u5 = (await org.org.findUnit('5А'))!.id;
    for (const [id, name] of [
      [72001, 'Зябликова Вера'],
      [72002, 'Сорокина Ольга'],
    ] as const) {
      await org.people.saveProfile(id, name, Date.now());
      await org.people.putMembership(id, { role: 'parent', unitId: u5, status: 'verified', since: Date.now() });
    }
    for (const [id, text] of [
      [72001, 'Отзыв Зябликовой: всё хорошо'],
      [72002, 'Отзыв Сорокиной: спасибо'],
    ] as const) {
      await say(world, id, '/feedback');
      const [confirm] = await say(world, id, text);
      await press(world, id, confirm!, 'Отправить');
    }
    await say(world, 72001, '/later');
    await say(world, 72001, 'Вопрос Зябликовой куратору');
    await eventually(async () => expect((await heldTexts(world)).filter((t) => t.includes('Зябликов'))).toHaveLength(2));

    const [explain] = await say(world, 72001, '/forget');
    const [done] = await press(world, 72001, explain!, T.confirm);
    expect(done!.text).toBe(T.done);
    expect((await heldTexts(world)).filter((t) => /Зяблик/i.test(t))).toEqual([]);
    expect((await heldTexts(world)).some((t) => t.includes('Отзыв Сорокиной'))).toBe(true);

    clock.advance(10 * HOUR);
    await morning(world);
    const toAdmin = (await world.control.botMessagesTo(ADMIN)).map((m) => m.text ?? '');
    expect(toAdmin.some((t) => t.includes('Отзыв Сорокиной'))).toBe(true);
    expect(toAdmin.some((t) => t.includes(T.toStaff(72001)))).toBe(true);
    expect([...toAdmin, ...(await world.control.botMessagesTo(CURATOR)).map((m) => m.text ?? '')].filter((t) => /Зяблик/i.test(t))).toEqual([]);
  }, 60_000);
});

describe('a held job rewritten by an erasure', () => {
  it('an erasure rewriting a held job keeps its other fields (the background mark)', () => {
    const person = { userId: 72001, fullName: 'Зябликова Вера' };
    const job = {
      messages: [
        { to: { userId: 1 }, text: 'Сводка: всё спокойно' },
        { to: { userId: 1 }, text: 'Вопрос от Зябликовой Веры' },
        { to: { userId: 2 }, text: 'Сводка для куратора' },
      ],
      sent: 1,
      background: true as const,
    };
    const verdict = withoutPerson(job as never, person);
    expect(verdict).not.toBe('keep');
    expect(verdict).not.toBe('drop');
    const data = (verdict as { data: typeof job }).data;
    expect(data.background).toBe(true);
    expect(data.messages.map((m) => m.text)).toEqual(['Сводка: всё спокойно', 'Сводка для куратора']);
    expect(data.sent).toBe(1);
  });
});
