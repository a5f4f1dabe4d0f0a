// The outbox: every message that must reach a person is durable in Redis until MAX
// accepted it. The replies of one handler run are ONE record, queued in the
// recipient's outbox queue (the same Redis shape as the inbox: a list per recipient,
// drained by one process at a time under a short lease). So replies to one person
// go out in the order they were queued, across updates and retries; a process that
// dies mid-send loses its lease within seconds and another (or the restarted one)
// carries on. Record ids come from an idempotency key, remembered for a day, so an
// update handled twice after a crash still queues its replies once.
// Messages that must wait (working hours, /later) are BullMQ delayed jobs instead:
// they must not hold the recipient's queue, and /later can cancel them.
import { createHash } from 'node:crypto';
import type { Api } from '@maxhub/max-bot-api';
import { DelayedError, Queue, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { mediaAttachments, type PostMedia } from './media.js';
import type { Logger } from '../log.js';
import type { UnitWordRenderer } from '../policy/unit-word.js';
import { InboxStore, type InboxItem, type SerialisedItem } from '../store/inbox.js';
import type { Keys } from '../store/keys.js';
import { Dispatcher } from './dispatcher.js';
import { classifyMax } from './max-errors.js';
import { sleep } from './rate-limiter.js';
import { backgroundMark, inBackgroundIf, isBackground } from './background.js';

/** A callback button, a link, or MAX's button that opens a bot's mini-app (the web panel). */
export type Button =
  | { text: string; payload: string }
  | { text: string; url: string }
  | { text: string; openApp: { webApp: string; contactId?: number; payload?: string } };
export type Keyboard = Button[][];

export type Recipient = { userId: number } | { chatId: number };

export interface OutgoingMessage {
  to: Recipient;
  text: string;
  keyboard?: Keyboard;
  format?: 'markdown' | 'html';
  /** Photos and files MAX already has (sent again by their tokens). */
  media?: PostMedia[];
  /** Someone's own words (a post's preview): sent as written, without the unit-word marks rendered. */
  verbatim?: boolean;
  /** Earliest delivery time (ms since epoch); used for "wait until working hours". */
  notBefore?: number;
  /**
   * Whom the message is about besides its recipient, and the join request it shows (a card).
   * A held message about an erased person is dropped (src/bot/held-messages.ts); a card is not
   * delivered once its request was decided.
   */
  about?: MessageSubject;
}

export interface MessageSubject {
  userIds?: number[];
  requestId?: string;
}

/** MAX rejects texts over 4000 characters. */
export const MAX_TEXT_LENGTH = 4000;

export const OUTBOX_QUEUE = 'outbox';

export type QueuedMessage = {
  to: Recipient;
  text: string;
  keyboard?: Keyboard;
  format?: 'markdown' | 'html';
  media?: PostMedia[];
  verbatim?: boolean;
  about?: MessageSubject;
};
/** One job holds the messages of one handler run, sent in order; `sent` survives retries. */
/** A delayed job's data; `background`: queued by background work, sent as background work too (as a ReplyRecord). */
export type OutboxJob = { messages: QueuedMessage[]; sent: number; background?: true };
/** The outbox record of immediate messages (the `update` of its queue item). */
/** `background`: queued by background work (a job): sent as background work too (see background.ts). */
type ReplyRecord = { type: 'reply'; messages: QueuedMessage[]; background?: true };

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

/** The id of the outbox record or delayed job queued under `key` (`<step key>@now`, `…@later<i>`). */
export function jobIdOf(key: string): string {
  return createHash('sha256').update(key).digest('base64url').slice(0, 32);
}

export function toAttachments(keyboard: Keyboard | undefined) {
  if (!keyboard || keyboard.length === 0) return undefined;
  return [
    {
      type: 'inline_keyboard' as const,
      payload: {
        buttons: keyboard.map((row) =>
          row.map((b) =>
            'url' in b
              ? { type: 'link' as const, text: b.text, url: b.url }
              : 'openApp' in b
                ? {
                    type: 'open_app' as const,
                    text: b.text,
                    web_app: b.openApp.webApp,
                    contact_id: b.openApp.contactId ?? null,
                    payload: b.openApp.payload ?? null,
                  }
                : { type: 'callback' as const, text: b.text, payload: b.payload },
          ),
        ),
      },
    },
  ];
}

/** The outbox queue a reply record goes to: its first recipient's. */
function recipientKey(to: Recipient): string {
  return 'userId' in to ? `u:${to.userId}` : `c:${to.chatId}`;
}

/** Immediate messages as one outbox record; delayed ones grouped by time, in order of appearance. */
function plan(messages: OutgoingMessage[], idempotencyKey: string, now: number) {
  const immediate: QueuedMessage[] = [];
  const delayed = new Map<number, QueuedMessage[]>();
  for (const m of messages) {
    const parts = splitText(m.text).map((text, i, all) => ({
      to: m.to,
      text,
      format: m.format,
      keyboard: i === all.length - 1 ? m.keyboard : undefined,
      ...(i === 0 && m.media?.length ? { media: m.media } : {}),
      ...(m.verbatim ? { verbatim: true } : {}),
      ...(m.about ? { about: m.about } : {}),
    }));
    if (m.notBefore === undefined || m.notBefore <= now) immediate.push(...parts);
    else delayed.set(m.notBefore, [...(delayed.get(m.notBefore) ?? []), ...parts]);
  }
  // Ids do not depend on the clock: a handler re-run a moment later gets the same ids.
  const record = immediate.length > 0 ? { id: jobIdOf(`${idempotencyKey}@now`), messages: immediate } : null;
  const later = [...delayed.entries()].map(([at, list], i) => ({ at, list, jobId: jobIdOf(`${idempotencyKey}@later${i}`) }));
  return { record, later };
}

const ONE_DAY_S = 24 * 3600;

export class Outbox {
  /** Delayed messages only (immediate ones go through the outbox queues). */
  readonly queue: Queue<OutboxJob>;
  readonly store: InboxStore;

  /** `now` is the app's clock: delays until `notBefore` are measured on it. */
  constructor(
    connection: Redis,
    keys: Keys,
    private readonly now: () => number = Date.now,
  ) {
    this.queue = new Queue<OutboxJob>(OUTBOX_QUEUE, { connection, prefix: keys.queuePrefix });
    this.store = new InboxStore(
      connection,
      {
        seen: keys.outboxSeen,
        queue: keys.outboxQueue,
        pending: keys.outboxPending,
        lock: keys.outboxLock,
        wake: keys.outboxWake,
        marker: keys.outboxSeen('-marker'),
      },
      ONE_DAY_S,
    );
  }

  /** Cancels a queued delayed job; false when it was already sent or gone. */
  async cancel(jobId: string): Promise<boolean> {
    const job = await this.queue.getJob(jobId);
    if (!job || !(await job.isDelayed())) return false;
    await job.remove();
    return true;
  }

  /**
   * Queues messages for delivery, in order. `idempotencyKey` must be the same when
   * the same logical messages are queued again (e.g. the update id they answer).
   * Immediate messages become one record; messages with a later `notBefore` become
   * delayed jobs, one per time. Returns the ids (the record's first).
   */
  async send(messages: OutgoingMessage[], idempotencyKey: string): Promise<string[]> {
    const { record, later } = plan(messages, idempotencyKey, this.now());
    if (record) await this.store.acceptMany([this.serialise(record)]);
    await this.addLater(later);
    return [...(record ? [record.id] : []), ...later.map((l) => l.jobId)];
  }

  /**
   * As `send`, but the immediate record is handed back instead of stored, for the caller to
   * store in its own step (the inbox stores an update's replies with its acknowledgement).
   * Delayed messages are queued here, first: their job ids make queuing them again harmless.
   */
  async prepare(messages: OutgoingMessage[], idempotencyKey: string): Promise<SerialisedItem | null> {
    const { record, later } = this.recordOf(messages, idempotencyKey);
    await this.addLater(later);
    return record;
  }

  /**
   * The immediate messages as one record, handed back, not stored (for an update's acknowledgement,
   * or a flow step's transaction, see flows/runner.ts); delayed ones are returned to be added
   * later (addLater).
   */
  recordOf(
    messages: OutgoingMessage[],
    idempotencyKey: string,
  ): { record: SerialisedItem | null; later: Array<{ at: number; list: QueuedMessage[]; jobId: string }> } {
    const { record, later } = plan(messages, idempotencyKey, this.now());
    return { record: record ? this.serialise(record) : null, later };
  }

  /**
   * Queues delayed messages. `background` (by default: whether the caller is background work)
   * goes with the job, so that a held message queued by a job is sent as background work when
   * its time comes, as an immediate one is (the worker's job runs outside the caller's scope).
   */
  async addLater(later: Array<{ at: number; list: QueuedMessage[]; jobId: string }>, background = isBackground()): Promise<void> {
    if (later.length === 0) return;
    const now = this.now();
    await this.queue.addBulk(
      later.map(({ at, list, jobId }) => ({
        name: 'messages',
        data: { messages: list, sent: 0, ...backgroundMark(background) },
        opts: {
          jobId,
          delay: Math.max(0, at - now),
          attempts: 12,
          backoff: { type: 'exponential', delay: 1000 },
          // Kept an hour after sending: long enough that the same key queued again is recognised.
          removeOnComplete: { age: 3600 },
          removeOnFail: { age: 7 * 24 * 3600 },
        },
      })),
    );
  }

  /** Reply records not yet sent, over all recipients (tests wait for it to reach 0). */
  async pendingCount(): Promise<number> {
    return this.store.backlog();
  }

  /** The caller's background mark goes with the record (as with addLater's jobs), whichever way it is stored. */
  private serialise(record: { id: string; messages: QueuedMessage[] }): SerialisedItem {
    const orderKey = recipientKey(record.messages[0]!.to);
    const update: ReplyRecord = { type: 'reply', messages: record.messages, ...backgroundMark() };
    const item: InboxItem = { id: record.id, orderKey, update, acceptedAt: Date.now() };
    return { id: record.id, orderKey, json: JSON.stringify(item) };
  }

  close(): Promise<void> {
    return this.queue.close();
  }
}

export interface OutboxWorkerOptions {
  /** Recipients sent to at once by this process. */
  concurrency?: number;
  /** Lease of a recipient's queue; a crashed process's sends resume after at most this. */
  leaseMs?: number;
  pollMs?: number;
  /** Puts the organisation's unit word into texts as they leave (see policy/unit-word.ts). */
  render?: UnitWordRenderer;
  /** False for a message gone out of date while it waited (a card of a request decided meanwhile): it is skipped. */
  stillDue?: (m: QueuedMessage) => Promise<boolean>;
  /** The first pause between tries of one reply; each next one doubles, up to 5 minutes (tests shorten it). */
  retryBaseMs?: number;
  /** The pause while MAX refuses the bot's token (default a minute; tests shorten it). */
  authPauseMs?: number;
}

/** How often one reply is tried after the SDK's own retries gave up, and the pause between tries. */
const SEND_ATTEMPTS = 12;
const RETRY_CAP_MS = 300_000;
const AUTH_PAUSE_MS = 60_000;

/** What became of one message: sent (or skipped for good), worth another try, or refused for the bot's token. */
type SendOutcome = 'done' | 'retry' | 'auth';

/**
 * Sends queued messages through the SDK (whose fetch is rate-limited and retrying):
 * the outbox queues through a Dispatcher (per recipient, in order), delayed jobs
 * through a BullMQ worker.
 */
export class OutboxWorker {
  readonly worker: Worker<OutboxJob>;
  private readonly dispatcher: Dispatcher;
  private readonly closing = new AbortController();
  private readonly render: UnitWordRenderer;
  private readonly stillDue: (m: QueuedMessage) => Promise<boolean>;
  private readonly retryBaseMs: number;
  private readonly authPauseMs: number;

  constructor(
    private readonly redis: Redis,
    subscriber: Redis,
    workerConnection: Redis,
    private readonly keys: Keys,
    outbox: Outbox,
    private readonly api: Api,
    private readonly log: Logger,
    opts: OutboxWorkerOptions = {},
  ) {
    this.render = opts.render ?? (async (text) => text);
    this.stillDue = opts.stillDue ?? (async () => true);
    this.retryBaseMs = opts.retryBaseMs ?? 1000;
    this.authPauseMs = opts.authPauseMs ?? AUTH_PAUSE_MS;
    this.dispatcher = new Dispatcher(outbox.store, subscriber, keys.outboxWake, (item) => this.deliver(item), log, {
      concurrency: opts.concurrency ?? 16,
      leaseMs: opts.leaseMs ?? 5_000,
      pollMs: opts.pollMs ?? 250,
    });
    this.worker = new Worker<OutboxJob>(
      OUTBOX_QUEUE,
      async (job: Job<OutboxJob>, token?: string) => {
        return inBackgroundIf(job.data.background, async () => {
          for (let i = job.data.sent; i < job.data.messages.length; i++) {
            const outcome = await this.sendOne(job.data.messages[i]!, job.id);
            if (outcome === 'auth') {
              // Waits for a valid token without spending the job's attempts (see sendOne).
              await job.moveToDelayed(Date.now() + this.authPauseMs, token);
              throw new DelayedError();
            }
            if (outcome === 'retry') throw new Error('sending failed; will retry');
            await job.updateData({ ...job.data, sent: i + 1 });
          }
        });
      },
      {
        connection: workerConnection,
        prefix: keys.queuePrefix,
        concurrency: 4,
        // A job in flight at a crash is picked up again within seconds, and never failed for
        // stalling: sending again is safe (`sent` is kept), losing the message is not.
        lockDuration: 10_000,
        stalledInterval: 5_000,
        maxStalledCount: 1_000,
      },
    );
    this.worker.on('error', (err) => log.error({ err }, 'outbox worker error'));
  }

  start(): Promise<void> {
    return this.dispatcher.start();
  }

  /**
   * One message: 'done' when MAX took it or refused it for good (a final refusal, max-errors.ts:
   * skipped). 'auth' when MAX refused the bot's token (revoked or replaced while the bot runs):
   * every message fails alike until an operator sets a valid token, so the message waits for it
   * without spending its tries — a message is never dropped for the operator's delay.
   */
  private async sendOne(m: QueuedMessage, jobId: string | undefined): Promise<SendOutcome> {
    try {
      if (m.about && !(await this.stillDue(m))) return 'done';
      const text = m.verbatim ? m.text : await this.render(m.text);
      const keyboard =
        m.keyboard && (await Promise.all(m.keyboard.map((row) => Promise.all(row.map(async (b) => ({ ...b, text: await this.render(b.text) }))))));
      const attachments = [...mediaAttachments(m.media), ...(toAttachments(keyboard) ?? [])];
      const extra = { attachments: attachments.length > 0 ? attachments : undefined, format: m.format };
      if ('userId' in m.to) await this.api.sendMessageToUser(m.to.userId, text, extra);
      else await this.api.sendMessageToChat(m.to.chatId, text, extra);
      return 'done';
    } catch (err) {
      // A final refusal will not get better by retrying (chat gone, bot removed, …): skip that one message.
      const refusal = classifyMax(err);
      if (refusal.kind === 'final') {
        this.log.warn({ jobId, to: m.to, status: refusal.status, code: refusal.code }, 'MAX rejected a message; skipping it');
        return 'done';
      }
      if (refusal.kind === 'auth') {
        this.log.error(
          { jobId, status: refusal.status, code: refusal.code },
          'MAX refuses the bot token; messages wait for a valid one (set MAX_BOT_TOKEN and restart)',
        );
        return 'auth';
      }
      this.log.warn({ jobId, to: m.to, err: (err as Error).message }, 'sending failed; will retry');
      return 'retry';
    }
  }

  /** Sends one reply record, message after message; progress of a multi-message record survives a crash. */
  private async deliver(item: InboxItem): Promise<undefined | 'postpone'> {
    const record = item.update as ReplyRecord;
    if (record?.type !== 'reply' || !Array.isArray(record.messages)) {
      this.log.error({ jobId: item.id }, 'unreadable outbox record dropped');
      return;
    }
    return inBackgroundIf(record.background, () => this.deliverRecord(item, record));
  }

  private async deliverRecord(item: InboxItem, record: ReplyRecord): Promise<undefined | 'postpone'> {
    const { messages } = record;
    const progressKey = this.keys.outboxSent(item.id);
    let sent = messages.length > 1 ? Number((await this.redis.get(progressKey)) ?? 0) : 0;
    for (; sent < messages.length; sent++) {
      for (let attempt = 0; ; ) {
        const outcome = await this.sendOne(messages[sent]!, item.id);
        if (outcome === 'done') break;
        // A refused token spends no try (see sendOne): the message waits at the head of its recipient's line.
        if (outcome === 'retry' && ++attempt >= SEND_ATTEMPTS) {
          this.log.error({ jobId: item.id, to: messages[sent]!.to }, 'message could not be sent; given up');
          break;
        }
        try {
          await sleep(outcome === 'auth' ? this.authPauseMs : Math.min(RETRY_CAP_MS, this.retryBaseMs * 2 ** (attempt - 1)), this.closing.signal);
        } catch {
          return 'postpone';
        }
      }
      if (sent + 1 < messages.length) await this.redis.set(progressKey, String(sent + 1), 'EX', 3600);
    }
  }

  async close(force = false): Promise<void> {
    this.closing.abort();
    const stopped = this.dispatcher.stop();
    await Promise.allSettled([force ? Promise.resolve() : stopped, this.worker.close(force)]);
  }
}
