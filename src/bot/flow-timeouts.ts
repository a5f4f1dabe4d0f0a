// Idle timeouts of flows. XState `after:` timers are not persisted, so a delayed
// BullMQ job per flow revision puts an `internal:flow_timeout` event into the
// user's inbox when it fires; the runner ignores it if the flow moved on.
import { createHash } from 'node:crypto';
import { Queue, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { TimeoutScheduler } from '../flows/runner.js';
import type { Logger } from '../log.js';
import type { InboxStore } from '../store/inbox.js';
import type { InternalEvent } from './update.js';
import { eraseJobs, jobIsAbout, type ErasedPerson, type PersonalDataHolder } from '../store/personal-data.js';

const QUEUE = 'flow-timeouts';

type TimeoutJob = { userId: number; flowId: string; rev: number };

// Hashed: job ids end up in the queue's event stream, which should not name people's ids.
export const timeoutJobId = (userId: number, flowId: string, rev: number) =>
  `t-${createHash('sha256').update(`${userId}-${flowId}-${rev}`).digest('base64url').slice(0, 24)}`;

export class FlowTimeouts implements TimeoutScheduler, PersonalDataHolder {
  readonly name = 'flow-timeouts';
  readonly families = {} as const;
  readonly queues = { 'flow-timeouts': { holds: "a conversation's idle timer: the person's id" } } as const;

  async erase({ userId }: ErasedPerson): Promise<void> {
    await eraseJobs(this.connection, this.queue, (data) => (jobIsAbout(data, userId) ? 'drop' : 'keep'));
  }

  readonly queue: Queue<TimeoutJob>;

  constructor(
    private readonly connection: Redis,
    prefix: string,
  ) {
    this.queue = new Queue<TimeoutJob>(QUEUE, { connection, prefix });
  }

  async schedule(userId: number, flowId: string, rev: number, delayMs: number): Promise<void> {
    await this.queue.add(
      'timeout',
      { userId, flowId, rev },
      {
        jobId: timeoutJobId(userId, flowId, rev),
        delay: delayMs,
        attempts: 5,
        backoff: { type: 'exponential', delay: 1000 },
        removeOnComplete: true,
        removeOnFail: { age: 7 * 24 * 3600 },
      },
    );
  }

  async cancel(userId: number, flowId: string, rev: number): Promise<void> {
    await this.queue.remove(timeoutJobId(userId, flowId, rev)).catch(() => 0);
  }

  close(): Promise<void> {
    return this.queue.close();
  }
}

export class FlowTimeoutWorker {
  readonly worker: Worker<TimeoutJob>;

  constructor(connection: Redis, prefix: string, inbox: InboxStore, log: Logger) {
    this.worker = new Worker<TimeoutJob>(
      QUEUE,
      async (job) => {
        const event: InternalEvent = { type: 'internal:flow_timeout', ...job.data };
        await inbox.accept({
          id: `internal:flow_timeout:${job.data.userId}:${job.data.flowId}:${job.data.rev}`,
          orderKey: `u:${job.data.userId}`,
          update: event,
          acceptedAt: Date.now(),
        });
      },
      { connection, prefix, concurrency: 4 },
    );
    this.worker.on('error', (err) => log.error({ err }, 'flow timeout worker error'));
  }

  close(): Promise<void> {
    return this.worker.close();
  }
}
