// The outbox: every message that must reach a person is a BullMQ job until MAX
// accepted it. A process that dies before sending leaves the job in Redis and
// the next worker sends it. Job ids come from an idempotency key, so an update
// handled twice after a crash still produces each message once.
import { createHash } from 'node:crypto';
import type { Api } from '@maxhub/max-bot-api';
import { MaxError } from '@maxhub/max-bot-api';
import { Queue, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from '../log.js';

export type Button = { text: string; payload: string } | { text: string; url: string };
export type Keyboard = Button[][];

export type Recipient = { userId: number } | { chatId: number };

export interface OutgoingMessage {
  to: Recipient;
  text: string;
  keyboard?: Keyboard;
  format?: 'markdown' | 'html';
  /** Earliest delivery time (ms since epoch); used for "wait until working hours". */
  notBefore?: number;
}

/** MAX rejects texts over 4000 characters. */
export const MAX_TEXT_LENGTH = 4000;

export const OUTBOX_QUEUE = 'outbox';

type QueuedMessage = { to: Recipient; text: string; keyboard?: Keyboard; format?: 'markdown' | 'html' };
/** One job holds the messages of one handler run, sent in order; `sent` survives retries. */
type OutboxJob = { messages: QueuedMessage[]; sent: number };

/** Splits a long text on line breaks (or hard, as a last resort) into MAX-sized parts. */
export function splitText(text: string, limit = MAX_TEXT_LENGTH): string[] {
  if (text.length <= limit) return [text];
  const parts: string[] = [];
  let rest = text;
  while (rest.length > limit) {
    let cut = rest.lastIndexOf('\n', limit);
    if (cut < limit / 2) cut = rest.lastIndexOf(' ', limit);
    if (cut < limit / 2) cut = limit;
    parts.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).replace(/^[\n ]+/, '');
  }
  if (rest.length > 0) parts.push(rest);
  return parts;
}

function jobIdOf(key: string): string {
  return createHash('sha256').update(key).digest('base64url').slice(0, 32);
}

export function toAttachments(keyboard: Keyboard | undefined) {
  if (!keyboard || keyboard.length === 0) return undefined;
  return [
    {
      type: 'inline_keyboard' as const,
      payload: {
        buttons: keyboard.map((row) =>
          row.map((b) => ('url' in b ? { type: 'link' as const, text: b.text, url: b.url } : { type: 'callback' as const, text: b.text, payload: b.payload })),
        ),
      },
    },
  ];
}

export class Outbox {
  readonly queue: Queue<OutboxJob>;

  /** `now` is the app's clock: delays until `notBefore` are measured on it. */
  constructor(
    connection: Redis,
    prefix: string,
    private readonly now: () => number = Date.now,
  ) {
    this.queue = new Queue<OutboxJob>(OUTBOX_QUEUE, { connection, prefix });
  }

  /** Cancels a queued (e.g. delayed) job; false when it was already sent or gone. */
  async cancel(jobId: string): Promise<boolean> {
    const job = await this.queue.getJob(jobId);
    if (!job || !(await job.isDelayed())) return false;
    await job.remove();
    return true;
  }

  /**
   * Queues messages for delivery, in order. `idempotencyKey` must be the same when
   * the same logical messages are queued again (e.g. the update id they answer).
   * Messages with different `notBefore` become separate jobs.
   */
  async send(messages: OutgoingMessage[], idempotencyKey: string): Promise<string[]> {
    const byTime = new Map<number, QueuedMessage[]>();
    for (const m of messages) {
      const at = m.notBefore ?? 0;
      const list = byTime.get(at) ?? [];
      const parts = splitText(m.text);
      parts.forEach((text, i) =>
        list.push({ to: m.to, text, format: m.format, keyboard: i === parts.length - 1 ? m.keyboard : undefined }),
      );
      byTime.set(at, list);
    }
    const now = this.now();
    const jobs = [...byTime.entries()].map(([at, list]) => ({ at, list, jobId: jobIdOf(`${idempotencyKey}@${at}`) }));
    await this.queue.addBulk(
      jobs.map(({ at, list, jobId }) => ({
        name: 'messages',
        data: { messages: list, sent: 0 },
        opts: {
          jobId,
          delay: at > now ? at - now : 0,
          attempts: 12,
          backoff: { type: 'exponential', delay: 1000 },
          removeOnComplete: { age: 24 * 3600 },
          removeOnFail: { age: 7 * 24 * 3600 },
        },
      })),
    );
    return jobs.map((j) => j.jobId);
  }

  close(): Promise<void> {
    return this.queue.close();
  }
}

/** Sends queued messages through the SDK (whose fetch is rate-limited and retrying). */
export class OutboxWorker {
  readonly worker: Worker<OutboxJob>;

  constructor(connection: Redis, prefix: string, api: Api, log: Logger, concurrency = 16) {
    this.worker = new Worker<OutboxJob>(
      OUTBOX_QUEUE,
      async (job: Job<OutboxJob>) => {
        const { messages } = job.data;
        for (let i = job.data.sent; i < messages.length; i++) {
          const m = messages[i]!;
          const extra = { attachments: toAttachments(m.keyboard), format: m.format };
          try {
            if ('userId' in m.to) await api.sendMessageToUser(m.to.userId, m.text, extra);
            else await api.sendMessageToChat(m.to.chatId, m.text, extra);
          } catch (err) {
            // 4xx other than 429 will not get better by retrying (chat gone, bot removed, …): skip that one message.
            if (err instanceof MaxError && err.status >= 400 && err.status < 500 && err.status !== 429) {
              log.warn({ jobId: job.id, to: m.to, status: err.status, code: err.code }, 'MAX rejected a message; skipping it');
            } else {
              log.warn({ jobId: job.id, to: m.to, attempt: job.attemptsMade + 1, err: (err as Error).message }, 'sending failed; will retry');
              throw err;
            }
          }
          await job.updateData({ messages, sent: i + 1 });
        }
      },
      { connection, prefix, concurrency },
    );
    this.worker.on('error', (err) => log.error({ err }, 'outbox worker error'));
  }

  close(): Promise<void> {
    return this.worker.close();
  }
}
