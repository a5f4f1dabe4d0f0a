// An approval («Подтвердить» on a request card) killed with SIGKILL at each of its
// Redis writes in turn, then restarted: every time exactly one decision, the
// membership verified, one audit entry and one domain event, the applicant told once.
import { createHash } from 'node:crypto';
import { Queue } from 'bullmq';
import { describe, expect, it } from 'vitest';
import { decodeAuditFields } from '../../src/store/audit-log.js';
import { createKeys } from '../../src/store/keys.js';
import { decodeMembership } from '../../src/store/membership-codec.js';
import { eventually, press, redisUrl } from '../support/harness.js';
import { invite } from '../org/support.js';
import { crashBench, requestsOf, toldExactly, upToConsent } from './support.js';

const ADMIN = 1;

describe('crash safety of an approval', () => {
  const bench = crashBench();

  it('a kill at every Redis write of the approval: one decision, fully applied, told once', async () => {
    const world = await bench.start();
    const keys = createKeys(world.prefix);
    const code = await invite(world, ADMIN, 'учитель uses=500');
    const chatJobs = new Queue('chat-sync', { connection: { url: redisUrl() } as never, prefix: keys.queuePrefix });
    bench.onClose(() => chatJobs.close());
    await bench.killAtEachWrite({
      name: 'approval',
      atLeast: 4,
      async run(n) {
        const user = 8000 + n;
        const name = 'Сидоров Олег';
        const consent = await upToConsent(world, user, code, name);
        const before = await world.control.lastSeq();
        await press(world, user, consent, 'Даю согласие');
        const c = await eventually(async () => {
          const [fresh] = (await world.control.botMessagesTo(ADMIN, before)).filter((m) => m.text?.includes(`Заявка на подтверждение: ${name}`));
          expect(fresh).toBeDefined();
          return fresh!;
        });
        const [request] = await requestsOf(world, user);
        expect(request!.status).toBe('pending');
        return {
          scope: 'action:rq:y',
          start: () => world.control.pressByText(ADMIN, c.mid, 'Подтвердить'),
          told: { userId: user, part: 'Ваша заявка подтверждена' },
          async check(after) {
            await toldExactly(world, user, after, 'Ваша заявка подтверждена');
            // The reviewer's card shows the verdict and has no buttons left.
            await eventually(async () => {
              const edited = (await world.control.botMessagesTo(ADMIN)).find((m) => m.mid === c.mid)!;
              expect(edited.buttons.flat()).toHaveLength(0);
              expect(edited.text).toContain('Заявка подтверждена');
            }, 60_000);
            const [decided] = await requestsOf(world, user);
            expect(decided).toMatchObject({ status: 'approved', applied: true });
            expect(decodeMembership('teacher|', (await world.redis.hget(keys.personRoles(user), 'teacher|'))!)).toMatchObject({ status: 'verified' });
            const audit = (await world.redis.xrange(keys.audit, '-', '+'))
              .map(([id, f]) => decodeAuditFields(id, f))
              .filter((e) => e.action === 'request.approved' && e.target === `request:${request!.id}`);
            expect(audit).toHaveLength(1);
            // The event went in once, under the id the request keeps, and every listener handled it
            // once: its entry is deleted then (src/org/events.ts), so none is left; the one listener
            // with an effect for a teacher (chat membership) queued exactly one job, keyed by that id.
            expect(decided!.appliedEvent).toMatch(/^\d+-\d+$/);
            await eventually(async () => {
              const events = (await world.redis.xrange(keys.events, '-', '+')).filter(
                ([, f]) => f.includes('person.verified') && f.some((v) => v.includes(`"userId":${user}`)),
              );
              expect(events).toEqual([]);
            });
            const jobs = (await chatJobs.getJobs(['waiting', 'active', 'delayed', 'completed', 'failed', 'prioritized'])).filter(
              (j) => j?.data?.kind === 'person' && j.data.userId === user,
            );
            expect(jobs.map((j) => j.id)).toEqual([createHash('sha256').update(`p-${decided!.appliedEvent}`).digest('base64url').slice(0, 32)]);
          },
        };
      },
    });
  }, 900_000);
});
