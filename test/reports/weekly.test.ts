// The weekly summary: when it goes (a table of moments), and through the sandbox — the
// director gets /stats for 7 days on Monday morning unless they said /stats off.
import { Queue } from 'bullmq';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_WORKING_HOURS, type WorkingHours } from '../../src/policy/hours/index.js';
import { limiterGrantsOf } from '../support/limiter-grants.js';
import { nextWeeklyAt } from '../../src/reports/weekly.js';
import { createKeys } from '../../src/store/keys.js';
import { createWorld, eventually, redisUrl, say, settled, type World } from '../support/harness.js';

const hours = (over: Partial<WorkingHours> = {}): WorkingHours => ({ ...DEFAULT_WORKING_HOURS, ...over });

describe('nextWeeklyAt', () => {
  it.each([
    ['Monday noon → next Monday 07:30 Moscow', hours(), '2026-11-23T09:00:00Z', '2026-11-30T04:30:00.000Z'],
    ['Sunday evening → Monday 07:30', hours(), '2026-11-22T17:00:00Z', '2026-11-23T04:30:00.000Z'],
    ['Monday 06:00, before work → the same morning', hours(), '2026-11-23T03:00:00Z', '2026-11-23T04:30:00.000Z'],
    ['a holiday Monday → that week’s first working morning', hours({ offDates: ['2026-11-30'] }), '2026-11-24T09:00:00Z', '2026-12-01T04:30:00.000Z'],
    ['another zone and start', hours({ timeZone: 'Asia/Yekaterinburg', start: '08:00' }), '2026-11-24T09:00:00Z', '2026-11-30T03:00:00.000Z'],
  ])('%s', (_name, h, now, expected) => {
    expect(nextWeeklyAt(h, Date.parse(now))?.toISOString()).toBe(expected);
  });
});

describe('weekly summary', () => {
  let world: World;
  afterEach(async () => world?.close());

  it('goes to each director on Monday morning, except one who said /stats off', async () => {
    let clock = Date.parse('2026-11-23T09:00:00Z');
    world = await createWorld({ app: { now: () => clock } });
    const org = world.app.organisation;
    for (const id of [5, 6]) {
      await world.control.createUser({ user_id: id, first_name: `Директор ${id}` });
      await org.people.saveProfile(id, `Директор ${id}`, clock);
      await org.people.putMembership(id, { role: 'director', unitId: null, status: 'verified', since: clock });
    }
    expect((await say(world, 6, '/stats off'))[0]!.text).toContain('больше не присылаю');
    const q = new Queue('weekly-stats', { connection: { url: redisUrl() } as never, prefix: createKeys(world.prefix).queuePrefix });
    try {
      const [job] = await q.getDelayed();
      expect(job!.id).toBe('w-2026-11-30');
      expect(job!.timestamp + job!.opts.delay!).toBeGreaterThan(Date.now() + 6 * 24 * 3600_000); // a week ahead on the bot clock
      clock = Date.parse('2026-11-30T04:30:00Z');
      const background = await limiterGrantsOf('background');
      await job!.promote();
      // The job builds the week's figures and a chart first: on a busy machine that takes a while.
      const summary = await eventually(async () => {
        const m = (await world.control.botMessagesTo(5)).find((x) => x.text?.includes('за 7 дн.'));
        expect(m).toBeTruthy();
        return m!;
      }, 60_000);
      expect(summary.text).toContain('Статистика организации');
      // Nobody waits for it: the summary's report goes out as background work (src/bot/background.ts).
      expect(await limiterGrantsOf('background')).toBeGreaterThan(background);
      // …because the report job it queued carries the mark (the worker runs outside the summary's scope).
      const reports = new Queue('reports', { connection: { url: redisUrl() } as never, prefix: createKeys(world.prefix).queuePrefix });
      try {
        const done = await reports.getJobs(['completed', 'active', 'waiting', 'delayed']);
        expect(done.filter((j) => j.data.userId === 5).map((j) => j.data.background)).toEqual([true]);
      } finally {
        await reports.close();
      }
      // The next week is scheduled, and the director who opted out got nothing.
      await eventually(async () => expect((await q.getDelayed()).map((j) => j.id)).toContain('w-2026-12-07'));
      // The week's run is over (the next one is planned): no report job was queued for the
      // director who opted out, and nothing is left to send.
      const queued = new Queue('reports', { connection: { url: redisUrl() } as never, prefix: createKeys(world.prefix).queuePrefix });
      try {
        const all = await queued.getJobs(['completed', 'active', 'waiting', 'delayed', 'failed', 'prioritized']);
        expect(all.filter((j) => j.data.userId === 6)).toEqual([]);
      } finally {
        await queued.close();
      }
      await settled(world);
      expect((await world.control.botMessagesTo(6)).filter((m) => m.text?.includes('Статистика'))).toHaveLength(0);
    } finally {
      await q.close();
    }
    expect((await say(world, 6, '/stats on'))[0]!.text).toContain('будет приходить');
  }, 120_000);
});
