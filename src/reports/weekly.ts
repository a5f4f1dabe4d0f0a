// The weekly summary (/stats for 7 days) to the director on Monday at the start of
// working hours; /stats off and /stats on switch it for oneself. A delayed BullMQ job
// per week (its id is the Monday's date, so scheduling twice is harmless) sends the
// summaries through the reports queue and schedules the next week.
import { Queue, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { inBackground } from '../bot/background.js';
import type { Organisation } from '../org/organisation.js';
import type { Logger } from '../log.js';
import { addDays, weekdayOf } from '../policy/hours/calendar.js';
import { deliveryTime, formatIsoDate, localDateOf, wallTimeToInstant, type WorkingHours } from '../policy/hours/index.js';
import type { Keys } from '../store/keys.js';
import type { ReportDelivery } from './delivery.js';
import type { ErasedPerson, PersonalDataHolder } from '../store/personal-data.js';

const QUEUE = 'weekly-stats';

/** The first working moment of the next week that starts on a Monday after `now` (a holiday Monday moves it on). */
export function nextWeeklyAt(hours: WorkingHours, now: number): Date | null {
  let day = localDateOf(now, hours.timeZone);
  for (let i = 0; i < 3; i++) {
    while (weekdayOf(day) !== 1) day = addDays(day, 1);
    const at = deliveryTime(hours, wallTimeToInstant(day, 0, hours.timeZone));
    if (at && at.getTime() > now) return at;
    day = addDays(day, 1);
  }
  return null;
}

export class WeeklySummary implements PersonalDataHolder {
  readonly name = 'weekly-summary';
  readonly families = { statsWeeklyOff: { holds: 'ids of people who turned the weekly summary off' } } as const;
  readonly queues = { 'weekly-stats': { none: 'the week to summarise' } } as const;

  async erase({ userId }: ErasedPerson): Promise<void> {
    await this.redis.srem(this.keys.statsWeeklyOff, String(userId));
  }

  readonly queue: Queue<{ week: string }>;
  private worker: Worker<{ week: string }> | null = null;

  constructor(
    private readonly workerConnection: Redis,
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly keys: Keys,
    private readonly org: Organisation,
    private readonly delivery: ReportDelivery,
    private readonly log: Logger,
  ) {
    this.queue = new Queue<{ week: string }>(QUEUE, { connection: redis, prefix });
  }

  async setEnabled(userId: number, on: boolean): Promise<void> {
    if (on) await this.redis.srem(this.keys.statsWeeklyOff, String(userId));
    else await this.redis.sadd(this.keys.statsWeeklyOff, String(userId));
  }

  async start(): Promise<void> {
    // Nobody waits for the weekly summaries: background work, and so are the reports it queues.
    this.worker = new Worker<{ week: string }>(QUEUE, async (job) => inBackground(() => this.send(job.data.week)), {
      connection: this.workerConnection,
      prefix: this.prefix,
    });
    this.worker.on('error', (err) => this.log.error({ err }, 'weekly summary worker error'));
    await this.scheduleNext();
  }

  async close(force = false): Promise<void> {
    await this.worker?.close(force);
    await this.queue.close();
  }

  /** Schedules the coming Monday's summary (once per week: the job id is its date). */
  async scheduleNext(): Promise<void> {
    const hours = await this.org.workingHours();
    const at = nextWeeklyAt(hours, this.org.now());
    if (!at) return;
    const week = formatIsoDate(localDateOf(at.getTime(), hours.timeZone));
    await this.queue.add(
      'weekly',
      { week },
      {
        jobId: `w-${week}`,
        delay: Math.max(0, at.getTime() - this.org.now()),
        removeOnComplete: { age: 30 * 24 * 3600 },
        removeOnFail: { age: 30 * 24 * 3600 },
      },
    );
  }

  /** Every director who has not turned it off gets /stats for 7 days (once per week and person). */
  async send(week: string): Promise<number> {
    const off = new Set(await this.redis.smembers(this.keys.statsWeeklyOff));
    let sent = 0;
    for (const userId of await this.org.people.holders('director', 'verified')) {
      if (off.has(String(userId))) continue;
      await this.delivery.request({ kind: 'stats', userId, period: 7 }, `weekly:${week}:${userId}`);
      sent++;
    }
    this.log.info({ week, sent }, 'weekly summaries queued');
    await this.scheduleNext();
    return sent;
  }
}
