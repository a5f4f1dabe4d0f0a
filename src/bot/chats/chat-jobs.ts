// Chat membership work runs as BullMQ jobs: durable (an approval whose chat changes
// were not done before a crash is done after it) and outside the update's lock.
//   person:    after a domain event, bring every chat in line for one person
//   provision: after a chat is bound, add everyone who belongs
//   daily:     compare every bound chat with who belongs; report only changes
import { createHash } from 'node:crypto';
import { Queue, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from '../../log.js';
import type { Outbox } from '../outbox.js';
import type { Chats } from './chats.js';
import { syncReportMessages } from './reports.js';

const QUEUE = 'chat-sync';
export const DAILY_SYNC_MS = 24 * 3600 * 1000;

type ChatJob = { kind: 'person'; userId: number } | { kind: 'provision'; chatId: number } | { kind: 'daily' };

export class ChatJobs {
  readonly queue: Queue<ChatJob>;
  private worker: Worker<ChatJob> | null = null;

  constructor(
    private readonly workerConnection: Redis,
    connection: Redis,
    private readonly prefix: string,
    private readonly chats: Chats,
    private readonly outbox: Outbox,
    private readonly log: Logger,
  ) {
    this.queue = new Queue<ChatJob>(QUEUE, { connection, prefix });
  }

  /** `dedupKey` makes the job once-only (e.g. the domain event's stream id). */
  async person(userId: number, dedupKey: string): Promise<void> {
    await this.queue.add('person', { kind: 'person', userId }, this.opts(`p-${dedupKey}`));
  }

  async provision(chatId: number, dedupKey: string): Promise<void> {
    await this.queue.add('provision', { kind: 'provision', chatId }, this.opts(`c-${dedupKey}`));
  }

  private opts(key: string) {
    return {
      jobId: createHash('sha256').update(key).digest('base64url').slice(0, 32),
      attempts: 8,
      backoff: { type: 'exponential' as const, delay: 2000 },
      removeOnComplete: { age: 24 * 3600 },
      removeOnFail: { age: 7 * 24 * 3600 },
    };
  }

  async start(): Promise<void> {
    await this.queue.upsertJobScheduler('daily-sync', { every: DAILY_SYNC_MS }, { name: 'daily', data: { kind: 'daily' } });
    this.worker = new Worker<ChatJob>(QUEUE, (job) => this.run(job), { connection: this.workerConnection, prefix: this.prefix, concurrency: 1 });
    this.worker.on('error', (err) => this.log.error({ err }, 'chat-sync worker error'));
  }

  private async run(job: Job<ChatJob>): Promise<void> {
    const key = `chat-job:${job.id}:${job.attemptsMade}`;
    const data = job.data;
    if (data.kind === 'person') {
      const messages = await this.chats.syncPerson(data.userId);
      if (messages.length > 0) await this.outbox.send(messages, key);
    } else if (data.kind === 'provision') {
      const chat = await this.chats.store.get(data.chatId);
      if (!chat || chat.status !== 'bound') return;
      const messages = await this.chats.provision(chat);
      if (messages.length > 0) await this.outbox.send(messages, key);
    } else {
      for (const chat of await this.chats.store.bound()) {
        try {
          const report = await this.chats.diff(chat);
          const digest = createHash('sha256').update(JSON.stringify([report.missing.sort(), report.strangers.map((s) => s.userId).sort()])).digest('hex');
          if (digest === chat.lastSyncDigest) continue; // report only changes
          await this.chats.store.update(chat.chatId, { lastSyncDigest: digest });
          if (report.missing.length === 0 && report.strangers.length === 0) continue;
          // A daily report is not urgent: it waits for working hours (003 6.2).
          const notBefore = await this.chats.org.nonUrgentAt();
          const messages = (await syncReportMessages(this.chats, chat, report)).map((m) => ({ ...m, notBefore }));
          await this.outbox.send(messages, `${key}:${chat.chatId}`);
        } catch (err) {
          this.log.warn({ chatId: chat.chatId, err: (err as Error).message }, 'daily sync of a chat failed');
        }
      }
    }
  }

  async close(force = false): Promise<void> {
    await this.worker?.close(force);
    await this.queue.close();
  }
}
