// The join flow's last step («Даю согласие») killed with SIGKILL at each of its Redis
// writes in turn (a real bot process, see src/bot/crash-points.ts), then restarted:
// every time exactly one request exists, the invite use is counted once, the
// applicant and the reviewer are told once, and nothing is left pending.
import { afterEach, describe, expect, it } from 'vitest';
import { createKeys } from '../../src/store/keys.js';
import { FlowStore } from '../../src/store/flow-store.js';
import { createWorld, type World } from '../support/harness.js';
import { armCrash, crashEnv, everyDayWorking, killedAtArmedPoint, startBot, stopBot, type BotProcess } from '../support/crash-process.js';
import { invite } from '../org/support.js';
import { noLateWrites, nothingPending, requestsOf, stepDone, toldExactly, upToConsent } from './support.js';

const ADMIN = 1;

describe('crash safety of the join flow', () => {
  let world: World | undefined;
  let current: BotProcess | undefined;
  afterEach(async () => {
    if (current && current.child.exitCode === null) current.child.kill('SIGKILL');
    await world?.close();
  });

  it('a kill at every Redis write of the last step: one request, one use, everyone told once', async () => {
    world = await createWorld({ noBot: true });
    const keys = createKeys(world.prefix);
    await everyDayWorking(world);
    current = await startBot(world, crashEnv(world));
    const code = await invite(world, ADMIN, 'учитель uses=500');
    let crashes = 0;
    for (let n = 1; n <= 60; n++) {
      const user = 7000 + n;
      const consent = await upToConsent(world, user, code, 'Петров Иван');
      // The bot kills itself at the n-th write of handling the press (and is started again).
      await armCrash(world, `flow:join:accept:${n}`);
      const after = await world.control.lastSeq();
      await world.control.pressByText(user, consent.mid, 'Даю согласие');
      const crashed = await killedAtArmedPoint(
        world,
        current,
        () => stepDone(world!, user, after, 'Заявка отправлена'),
        (p) => (current = p),
      );
      if (crashed) crashes++;
      await toldExactly(world, user, after, 'Заявка отправлена');
      await toldExactly(world, ADMIN, after, 'Заявка на подтверждение: Петров Иван');
      const requests = await requestsOf(world, user);
      expect(requests.map((r) => r.status)).toEqual(['pending']);
      expect(await world.redis.sismember(keys.inviteUsers(code), String(user))).toBe(1);
      expect(Number(await world.redis.hget(keys.invite(code), 'uses'))).toBe(n);
      expect(await new FlowStore(world.redis, keys).activeFlowId(user)).toBeNull();
      await nothingPending(world);
      await noLateWrites(world);
      if (!crashed) break; // n is past the step's last write
    }
    // The step writes more than a handful of times; every one of them was a crash point.
    expect(crashes).toBeGreaterThan(5);
    console.info(`join flow's last step: killed at each of its ${crashes} Redis writes`);
    await stopBot(current);
  }, 900_000);
});
