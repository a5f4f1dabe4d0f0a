// The join flow's last step («Даю согласие») killed with SIGKILL at each of its Redis
// writes in turn (a real bot process, see src/bot/crash-points.ts), then restarted:
// every time exactly one request exists, the invite use is counted once, the
// applicant and the reviewer are told once, and nothing is left pending.
import { describe, expect, it } from 'vitest';
import { createKeys } from '../../src/store/keys.js';
import { FlowStore } from '../../src/store/flow-store.js';
import { invite } from '../org/support.js';
import { crashBench, requestsOf, toldExactly, upToConsent } from './support.js';

const ADMIN = 1;

describe('crash safety of the join flow', () => {
  const bench = crashBench();

  it('a kill at every Redis write of the last step: one request, one use, everyone told once', async () => {
    const world = await bench.start();
    const keys = createKeys(world.prefix);
    const code = await invite(world, ADMIN, 'учитель uses=500');
    await bench.killAtEachWrite({
      name: "join flow's last step",
      // The step writes more than a handful of times; every one of them was a crash point.
      atLeast: 6,
      async run(n) {
        const user = 7000 + n;
        const consent = await upToConsent(world, user, code, 'Петров Иван');
        return {
          scope: 'flow:join:accept',
          start: () => world.control.pressByText(user, consent.mid, 'Даю согласие'),
          told: { userId: user, part: 'Заявка отправлена' },
          async check(after) {
            await toldExactly(world, user, after, 'Заявка отправлена');
            await toldExactly(world, ADMIN, after, 'Заявка на подтверждение: Петров Иван');
            const requests = await requestsOf(world, user);
            expect(requests.map((r) => r.status)).toEqual(['pending']);
            expect(await world.redis.sismember(keys.inviteUsers(code), String(user))).toBe(1);
            expect(Number(await world.redis.hget(keys.invite(code), 'uses'))).toBe(n);
            expect(await new FlowStore(world.redis, keys).activeFlowId(user)).toBeNull();
          },
        };
      },
    });
  }, 900_000);
});
