// A flow step's kept plan (src/bot/step-plans.ts) names people while it is kept: an erasure
// removes the plans of the person's own steps and every plan with a message to them, about them
// or naming them (a reviewer's «Заявка отклонена: <name>.»), and leaves the others alone.
import { afterEach, describe, expect, it } from 'vitest';
import { Outbox, type OutgoingMessage } from '../../src/bot/outbox.js';
import { StepPlans } from '../../src/bot/step-plans.js';
import { storeRedis } from '../support/store-redis.js';

const REVIEWER = 1;
const APPLICANT = 7;
const OTHER = 8;
const NAME = 'Петров Иван';

describe("a flow step's kept plan and an erasure", () => {
  const store = storeRedis();
  let outbox: Outbox | undefined;
  afterEach(async () => outbox?.close());

  it('goes when it is the person’s own step’s, or has a message to, about or naming them', async () => {
    const { redis, keys } = store.open();
    const plans = new StepPlans(redis, keys);
    outbox = new Outbox(redis, keys, () => Date.parse('2026-11-23T19:00:00Z'));
    const box = outbox;
    const morning = Date.parse('2026-11-24T04:30:00Z');
    const keep = async (step: string, messages: OutgoingMessage[]) => {
      const multi = redis.multi();
      plans.keepIn(multi, step, box.recordOf(messages, step));
      await multi.exec();
      expect(await plans.read(step)).not.toBeNull();
    };
    const steps = {
      // The applicant's own join step: their answer, and the reviewer's card held for the morning.
      own: `flow:${APPLICANT}:join:r1:3`,
      // The reviewer's reject step: only the note naming the applicant is about them here.
      naming: `flow:${REVIEWER}:reject:r2:2`,
      // A step whose only trace of the applicant is a held message about them.
      about: `flow:${REVIEWER}:post:r3:2`,
      // A step with a message to the applicant.
      to: `flow:${OTHER}:feedback:r4:2`,
      // Someone else's step, about someone else; and another user whose id begins alike.
      other: `flow:${OTHER}:join:r5:3`,
      alike: `flow:${APPLICANT}0:join:r6:3`,
    };
    await keep(steps.own, [
      { to: { userId: APPLICANT }, text: 'Спасибо! Заявка отправлена.' },
      { to: { userId: REVIEWER }, text: `Заявка на подтверждение: ${NAME}`, notBefore: morning, about: { userIds: [APPLICANT] } },
    ]);
    await keep(steps.naming, [{ to: { userId: REVIEWER }, text: `Заявка отклонена: ${NAME}.` }]);
    await keep(steps.about, [
      { to: { userId: REVIEWER }, text: 'Готово.' },
      { to: { userId: REVIEWER }, text: 'Отчёт', notBefore: morning, about: { userIds: [APPLICANT] } },
    ]);
    await keep(steps.to, [
      { to: { userId: OTHER }, text: 'Спасибо.' },
      { to: { userId: APPLICANT }, text: 'Ответ на ваш вопрос.' },
    ]);
    await keep(steps.other, [
      { to: { userId: OTHER }, text: 'Спасибо! Заявка отправлена.' },
      { to: { userId: REVIEWER }, text: 'Заявка на подтверждение: Смирнов Олег', notBefore: morning, about: { userIds: [OTHER] } },
    ]);
    await keep(steps.alike, [{ to: { userId: 70 }, text: 'Спасибо! Заявка отправлена.' }]);
    // A plan stored in another shape (no replay could read it) goes too.
    await redis.set(plans.keyOf(`flow:${OTHER}:old:r7:1`), '{"record":"?"}', 'EX', 60);

    await plans.erase({ userId: APPLICANT, fullName: NAME, unitIds: [], actorId: APPLICANT });

    for (const step of [steps.own, steps.naming, steps.about, steps.to]) expect(await redis.exists(plans.keyOf(step)), step).toBe(0);
    expect(await redis.exists(plans.keyOf(`flow:${OTHER}:old:r7:1`))).toBe(0);
    expect(await plans.read(steps.other)).not.toBeNull();
    expect(await plans.read(steps.alike)).not.toBeNull();
  });

  it('finds a rejected applicant by their answer once their name is forgotten', async () => {
    const { redis, keys } = store.open();
    const plans = new StepPlans(redis, keys);
    outbox = new Outbox(redis, keys);
    const box = outbox;
    const step = `flow:${REVIEWER}:reject:r8:2`;
    const multi = redis.multi();
    plans.keepIn(
      multi,
      step,
      box.recordOf(
        [
          { to: { userId: REVIEWER }, text: `Заявка отклонена: ${NAME}.` },
          { to: { userId: APPLICANT }, text: 'К сожалению, ваша заявка отклонена.' },
        ],
        step,
      ),
    );
    await multi.exec();
    await plans.erase({ userId: APPLICANT, fullName: null, unitIds: [], actorId: REVIEWER });
    expect(await redis.exists(plans.keyOf(step))).toBe(0);
  });
});
