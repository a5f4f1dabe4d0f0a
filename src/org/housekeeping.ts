// Periodic upkeep: invites whose time ran out lapse by themselves (000 2.3 «аннулирует
// невостребованные ссылки-приглашения»), recorded in the audit log. A BullMQ job
// scheduler runs it every few minutes on whichever instance is free.
import { Queue, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from '../log.js';
import type { Organisation } from './organisation.js';
import type { PersonalDataHolder } from '../store/personal-data.js';

const QUEUE = 'housekeeping';
export const LAPSE_EVERY_MS = 5 * 60 * 1000;

export class Housekeeping implements PersonalDataHolder {
  readonly name = 'housekeeping';
  readonly families = {} as const;
  readonly queues = { housekeeping: { none: 'a repeating job with no data' } } as const;

  async erase(): Promise<void> {}

  readonly queue: Queue;
  private worker: Worker | null = null;

  constructor(
    private readonly workerConnection: Redis,
    connection: Redis,
    private readonly prefix: string,
    private readonly org: Organisation,
    private readonly log: Logger,
  ) {
    this.queue = new Queue(QUEUE, { connection, prefix });
  }

  async start(): Promise<void> {
    await this.queue.upsertJobScheduler('invites-lapse', { every: LAPSE_EVERY_MS }, { name: 'invites-lapse' });
    this.worker = new Worker(QUEUE, async () => this.lapseInvites(), { connection: this.workerConnection, prefix: this.prefix, concurrency: 1 });
    this.worker.on('error', (err) => this.log.error({ err }, 'housekeeping worker error'));
  }

  /** Records every invite whose expiry has passed as lapsed; returns how many. */
  async lapseInvites(): Promise<number> {
    const lapsed = await this.org.invites.takeLapsed(this.org.now());
    for (const i of lapsed) {
      await this.org.audit.append(0, 'invite.lapsed', `invite:${i.code.slice(0, 6)}`, { role: i.role, unit: i.unitId ?? '-', uses: i.uses });
    }
    return lapsed.length;
  }

  async close(force = false): Promise<void> {
    await this.worker?.close(force);
    await this.queue.close();
  }
}
