// An approval («Подтвердить» on a request card) killed with SIGKILL at each of its
// Redis writes in turn, then restarted: every time exactly one decision, the
// membership verified, one audit entry and one domain event, the applicant told once.
import { createHash } from 'node:crypto';
import { Queue } from 'bullmq';
import { afterEach, describe, expect, it } from 'vitest';
import { decodeAuditFields } from '../../src/store/audit-log.js';
import { createKeys } from '../../src/store/keys.js';
import { decodeMembership } from '../../src/store/membership-codec.js';
import { createWorld, eventually, press, redisUrl, type World } from '../support/harness.js';
import { armCrash, crashEnv, everyDayWorking, killedAtArmedPoint, startBot, stopBot, type BotProcess } from '../support/crash-process.js';
import { invite } from '../org/support.js';
import { noLateWrites, nothingPending, requestsOf, stepDone, toldExactly, upToConsent } from './support.js';

const ADMIN = 1;

describe('crash safety of an approval', () => {
  let world: World | undefined;
  let current: BotProcess | undefined;
  const afterEachClose: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const close of afterEachClose.splice(0)) await close();
    if (current && current.child.exitCode === null) current.child.kill('SIGKILL');
    await world?.close();
  });

  it('a kill at every Redis write of the approval: one decision, fully applied, told once', async () => {
    world = await createWorld({ noBot: true });
    const keys = createKeys(world.prefix);
    await everyDayWorking(world);
    current = await startBot(world, crashEnv(world));
    const code = await invite(world, ADMIN, 'учитель uses=500');
    const chatJobs = new Queue('chat-sync', { connection: { url: redisUrl() } as never, prefix: keys.queuePrefix });
    afterEachClose.push(() => chatJobs.close());
    let crashes = 0;
    for (let n = 1; n <= 60; n++) {
      const user = 8000 + n;
      const name = 'Сидоров Олег';
      const consent = await upToConsent(world, user, code, name);
      const before = await world.control.lastSeq();
      await press(world, user, consent, 'Даю согласие');
      const c = await eventually(async () => {
        const [fresh] = (await world!.control.botMessagesTo(ADMIN, before)).filter((m) => m.text?.includes(`Заявка на подтверждение: ${name}`));
        expect(fresh).toBeDefined();
        return fresh!;
      });
      const [request] = await requestsOf(world, user);
      expect(request!.status).toBe('pending');
      await armCrash(world, `action:rq:y:${n}`);
      const after = await world.control.lastSeq();
      await world.control.pressByText(ADMIN, c.mid, 'Подтвердить');
      const crashed = await killedAtArmedPoint(
        world,
        current,
        () => stepDone(world!, user, after, 'Ваша заявка подтверждена'),
        (p) => (current = p),
      );
      if (crashed) crashes++;
      await toldExactly(world, user, after, 'Ваша заявка подтверждена');
      // The reviewer's card shows the verdict and has no buttons left.
      await eventually(async () => {
        const edited = (await world!.control.botMessagesTo(ADMIN)).find((m) => m.mid === c.mid)!;
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
        const events = (await world!.redis.xrange(keys.events, '-', '+')).filter(
          ([, f]) => f.includes('person.verified') && f.some((v) => v.includes(`"userId":${user}`)),
        );
        expect(events).toEqual([]);
      });
      const jobs = (await chatJobs.getJobs(['waiting', 'active', 'delayed', 'completed', 'failed', 'prioritized'])).filter(
        (j) => j?.data?.kind === 'person' && j.data.userId === user,
      );
      expect(jobs.map((j) => j.id)).toEqual([createHash('sha256').update(`p-${decided!.appliedEvent}`).digest('base64url').slice(0, 32)]);
      await nothingPending(world);
      await noLateWrites(world);
      if (!crashed) break;
    }
    expect(crashes).toBeGreaterThan(3);
    console.info(`approval: killed at each of its ${crashes} Redis writes`);
    await stopBot(current);
  }, 900_000);
});
