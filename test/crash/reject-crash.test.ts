// A rejection's reason (the text step of the reject flow) killed with SIGKILL at each of its
// Redis writes in turn, then restarted: every time one decision, the reviewer told once and
// with the applicant's name, the applicant told once with the reason. A kill between the
// step's commit and its update's acknowledgement replays the step; planned again, its note
// said «Заявка отклонена: .» (the step erases the name), so the replay sends the plan the first
// run kept (src/bot/step-plans.ts), which the acknowledgement then deletes.
import { describe, expect, it } from 'vitest';
import { createKeys } from '../../src/store/keys.js';
import { eventually, press } from '../support/harness.js';
import { invite } from '../org/support.js';
import { crashBench, requestsOf, toldCount, toldExactly, upToConsent } from './support.js';

const ADMIN = 1;

describe('crash safety of a rejection with a reason', () => {
  const bench = crashBench();

  it("a kill at every Redis write of the reason's step: one decision, the reviewer told the name once", async () => {
    const world = await bench.start();
    const keys = createKeys(world.prefix);
    const code = await invite(world, ADMIN, 'учитель uses=500');
    await bench.killAtEachWrite({
      name: 'rejection',
      atLeast: 4,
      async run(n) {
        const user = 8100 + n;
        const name = 'Лебедев Антон';
        const consent = await upToConsent(world, user, code, name);
        const before = await world.control.lastSeq();
        await press(world, user, consent, 'Даю согласие');
        const card = await eventually(async () => {
          const [fresh] = (await world.control.botMessagesTo(ADMIN, before)).filter((m) => m.text?.includes(`Заявка на подтверждение: ${name}`));
          expect(fresh).toBeDefined();
          return fresh!;
        });
        const [ask] = await press(world, ADMIN, card, 'Отклонить');
        expect(ask!.text).toContain('причину');
        const reason = `Не работает у нас (${n})`;
        return {
          scope: 'text:reject',
          start: () => world.control.sendText(ADMIN, reason),
          told: { userId: user, part: 'ваша заявка отклонена' },
          async check(after) {
            await toldExactly(world, user, after, `Причина: ${reason}.`);
            await toldExactly(world, ADMIN, after, 'Заявка отклонена');
            expect(await toldCount(world, ADMIN, after, `Заявка отклонена: ${name}.`), `killed at write ${n}`).toBe(1);
            const [decided] = await requestsOf(world, user);
            expect(decided).toMatchObject({ status: 'rejected' });
            // The kept plan went with the acknowledgement that stored the messages (toldExactly
            // waited for nothing to be pending).
            expect(await world.redis.keys(keys.flowStepPlan('*'))).toEqual([]);
          },
        };
      },
    });
  }, 900_000);
});
