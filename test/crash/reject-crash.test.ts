// A rejection's reason (the text step of the reject flow) killed with SIGKILL at each of its
// Redis writes in turn, then restarted: every time one decision, the reviewer told once and
// with the applicant's name, the applicant told once with the reason. A kill between the
// step's commit and its update's acknowledgement replays the step; planned again, its note
// said «Заявка отклонена: .» (the step erases the name), so the replay sends the plan the first
// run kept (src/bot/step-plans.ts), which the acknowledgement then deletes.
import { afterEach, describe, expect, it } from 'vitest';
import { createKeys } from '../../src/store/keys.js';
import { createWorld, eventually, press, type World } from '../support/harness.js';
import { armCrash, crashEnv, everyDayWorking, killedAtArmedPoint, startBot, stopBot, type BotProcess } from '../support/crash-process.js';
import { invite } from '../org/support.js';
import { noLateWrites, nothingPending, requestsOf, stepDone, toldCount, toldExactly, upToConsent } from './support.js';

const ADMIN = 1;

describe('crash safety of a rejection with a reason', () => {
  let world: World | undefined;
  let current: BotProcess | undefined;
  afterEach(async () => {
    if (current && current.child.exitCode === null) current.child.kill('SIGKILL');
    await world?.close();
  });

  it("a kill at every Redis write of the reason's step: one decision, the reviewer told the name once", async () => {
    world = await createWorld({ noBot: true });
    const keys = createKeys(world.prefix);
    await everyDayWorking(world);
    current = await startBot(world, crashEnv(world));
    const code = await invite(world, ADMIN, 'учитель uses=500');
    let crashes = 0;
    for (let n = 1; n <= 60; n++) {
      const user = 8100 + n;
      const name = 'Лебедев Антон';
      const consent = await upToConsent(world, user, code, name);
      const before = await world.control.lastSeq();
      await press(world, user, consent, 'Даю согласие');
      const card = await eventually(async () => {
        const [fresh] = (await world!.control.botMessagesTo(ADMIN, before)).filter((m) => m.text?.includes(`Заявка на подтверждение: ${name}`));
        expect(fresh).toBeDefined();
        return fresh!;
      });
      const [ask] = await press(world, ADMIN, card, 'Отклонить');
      expect(ask!.text).toContain('причину');
      const reason = `Не работает у нас (${n})`;
      await armCrash(world, `text:reject:${n}`);
      const after = await world.control.lastSeq();
      await world.control.sendText(ADMIN, reason);
      const crashed = await killedAtArmedPoint(
        world,
        current,
        () => stepDone(world!, user, after, 'ваша заявка отклонена'),
        (p) => (current = p),
      );
      if (crashed) crashes++;
      await toldExactly(world, user, after, `Причина: ${reason}.`);
      await toldExactly(world, ADMIN, after, 'Заявка отклонена');
      expect(await toldCount(world, ADMIN, after, `Заявка отклонена: ${name}.`), `killed at write ${n}`).toBe(1);
      const [decided] = await requestsOf(world, user);
      expect(decided).toMatchObject({ status: 'rejected' });
      await nothingPending(world);
      await noLateWrites(world);
      // The kept plan went with the acknowledgement that stored the messages.
      expect(await world.redis.keys(keys.flowStepPlan('*'))).toEqual([]);
      if (!crashed) break;
    }
    expect(crashes).toBeGreaterThan(3);
    console.info(`rejection: killed at each of its ${crashes} Redis writes`);
    await stopBot(current);
  }, 900_000);
});
