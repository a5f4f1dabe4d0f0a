// Delivery of broadcasts: one BullMQ job per broadcast, delayed to the start of working
// hours when needed. The job claims recipients in small batches and sends them in
// parallel; every MAX call goes through the SDK's fetch, i.e. the shared rate limiter
// (MAX_RPS for all traffic) and its retries on 429/5xx. After a crash the job runs
// again: recipients claimed but not marked are looked up in their dialog (or the
// channel) first, so nobody gets the message twice. Photos and files go again by the
// tokens MAX gave the author's message (see media.ts).
import type { Api } from '@maxhub/max-bot-api';
import { Queue, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { inBackground } from '../bot/background.js';
import { classifyMax } from '../bot/max-errors.js';
import type { Logger } from '../log.js';
import { mediaAttachments, mediaShape } from '../bot/media.js';
import type { Broadcast, BroadcastStore } from './store.js';
import type { PersonalDataHolder } from '../store/personal-data.js';

const QUEUE = 'broadcasts';

export interface DeliveryOptions {
  /** Sends in flight at once (the limiter spaces them; this only hides round trips). */
  concurrency: number;
  now: () => number;
  botUserId: () => number;
  /** Called once when a broadcast has finished or was cancelled. */
  onFinished: (b: Broadcast) => Promise<void>;
}

export class BroadcastDelivery implements PersonalDataHolder {
  readonly name = 'broadcast-delivery';
  readonly families = {} as const;
  readonly queues = { broadcasts: { none: "a broadcast's id (recipients and text are in the broadcast store)" } } as const;

  async erase(): Promise<void> {}

  readonly queue: Queue<{ id: string }>;
  private worker: Worker<{ id: string }> | null = null;

  constructor(
    private readonly workerConnection: Redis,
    connection: Redis,
    private readonly prefix: string,
    private readonly api: Api,
    private readonly store: BroadcastStore,
    private readonly log: Logger,
    private readonly opts: DeliveryOptions,
  ) {
    this.queue = new Queue<{ id: string }>(QUEUE, { connection, prefix });
  }

  async enqueue(b: Broadcast): Promise<void> {
    await this.queue.add(
      'broadcast',
      { id: b.id },
      {
        jobId: `b-${b.id}`,
        delay: Math.max(0, b.notBefore - this.opts.now()),
        attempts: 20,
        backoff: { type: 'exponential', delay: 2000 },
        removeOnComplete: { age: 7 * 24 * 3600 },
        removeOnFail: { age: 30 * 24 * 3600 },
      },
    );
  }

  async start(): Promise<void> {
    // One broadcast at a time per process: parallelism is inside the job.
    // Background work (src/bot/background.ts): a broadcast's many sends take a bounded share of
    // the MAX rate, so people's replies meanwhile are not held behind it.
    this.worker = new Worker<{ id: string }>(QUEUE, (job) => inBackground(() => this.run(job)), {
      connection: this.workerConnection,
      prefix: this.prefix,
      concurrency: 1,
      // A crashed process's broadcast is taken over within ~15 s (the lock is renewed every 5 s while alive).
      lockDuration: 10_000,
      stalledInterval: 5_000,
    });
    this.worker.on('error', (err) => this.log.error({ err }, 'broadcast worker error'));
  }

  async close(force = false): Promise<void> {
    await this.worker?.close(force);
    await this.queue.close();
  }

  private async run(job: Job<{ id: string }>): Promise<void> {
    const b = await this.store.get(job.data.id);
    if (!b) return;
    // Finished before a crash: only the report may be missing (it is sent once by its key).
    if (b.status === 'done' || b.status === 'cancelled') return this.finish(b);
    await this.store.setStatus(b.id, 'sending');
    await this.recover(b);
    // Lanes, not batches: each takes the next recipient as soon as its send is done, so the
    // shared limiter always has work queued and the broadcast runs at the full MAX_RPS.
    let transient = 0;
    let stop = false;
    const lane = async () => {
      for (let n = 0; !stop; n++) {
        if (n % 20 === 0 && (await this.store.status(b.id)) === 'cancelled') {
          stop = true;
          return;
        }
        const [recipient] = await this.store.claim(b.id, 1, this.opts.now());
        if (recipient === undefined) return;
        const result = await this.sendOne(b, Number(recipient));
        if (result === 'transient') {
          transient++;
          stop = true; // MAX keeps failing after retries: stop, the job retries later
        } else if (result === 'halt') {
          stop = true;
        }
      }
    };
    await Promise.all(Array.from({ length: this.opts.concurrency }, lane));
    if (transient > 0) throw new Error(`${transient} sends failed for now; the broadcast resumes on retry`);
    if ((await this.store.status(b.id)) !== 'cancelled') await this.store.setStatus(b.id, 'done', this.opts.now());
    await this.finish(b);
  }

  private async finish(b: Broadcast): Promise<void> {
    await this.opts.onFinished(b).catch((err: unknown) => this.log.error({ err, broadcastId: b.id }, 'broadcast report failed'));
  }

  /**
   * 'done': sent or failed for good; 'transient': the job retries later; 'halt': MAX refused
   * the post's photos or files (a token it no longer knows), which no recipient would get.
   */
  private async sendOne(b: Broadcast, recipient: number): Promise<'done' | 'transient' | 'halt'> {
    const extra = b.media.length > 0 ? { attachments: mediaAttachments(b.media) } : undefined;
    try {
      const m =
        b.audience.kind === 'channel' ? await this.api.sendMessageToChat(recipient, b.text, extra) : await this.api.sendMessageToUser(recipient, b.text, extra);
      await this.store.mark(b.id, recipient, { ok: true, mid: m.body.mid });
      if (b.audience.kind === 'people' && m.recipient.chat_id) await this.store.rememberDialog(recipient, m.recipient.chat_id);
      return 'done';
    } catch (err) {
      const refusal = classifyMax(err);
      if (refusal.kind === 'final' && refusal.status === 400 && b.media.length > 0) {
        // The text was checked before queuing; a 400 for a post with attachments is about them.
        this.log.warn({ broadcastId: b.id, code: refusal.code }, 'MAX refused the broadcast attachments; stopping it');
        await this.store.mark(b.id, recipient, { ok: false, code: '400 attachment' });
        await this.store.halt(b.id, 'attachment', this.opts.now());
        return 'halt';
      }
      if (refusal.kind === 'final') {
        await this.store.mark(b.id, recipient, { ok: false, code: `${refusal.status} ${refusal.code ?? ''}`.trim() });
        return 'done';
      }
      this.log.warn({ broadcastId: b.id, recipient, err: (err as Error).message }, 'broadcast send failed for now');
      // Rate-limited (or the token refused): MAX refused it, nothing went out — back to the queue.
      // A 5xx or a broken connection may have delivered it: the claim stays, and the retry checks the dialog.
      if (refusal.kind === 'rate-limited' || refusal.kind === 'auth') await this.store.unclaim(b.id, recipient);
      return 'transient';
    }
  }

  /**
   * Recipients a crashed worker had claimed: if the message is in their dialog (or the
   * channel), it went out; if not, they go back to the queue. Without a known dialog the
   * send cannot be checked, and it is counted as failed rather than risk a second copy.
   */
  private async recover(b: Broadcast): Promise<void> {
    const claimed = await this.store.claimed(b.id);
    if (claimed.length === 0) return;
    this.log.warn({ broadcastId: b.id, claimed: claimed.length }, 'resuming a broadcast: checking unfinished sends');
    for (const c of claimed) {
      const chatId = b.audience.kind === 'channel' ? c.recipient : await this.store.dialogOf(c.recipient);
      if (chatId === null) {
        await this.store.mark(b.id, c.recipient, { ok: false, code: 'unverified' });
        continue;
      }
      const { messages } = await this.api.getMessages(chatId, { count: 50 });
      // Same text (none for a post of photos alone) and the same kinds of attachments; the
      // tokens are not compared, MAX may name each copy's media differently.
      const shape = mediaShape(b.media.map((m) => m.type));
      const sent = messages.find(
        (m) =>
          m.sender?.user_id === this.opts.botUserId() &&
          (m.body.text ?? '') === b.text &&
          mediaShape((m.body.attachments ?? []).map((a) => a.type)) === shape &&
          m.timestamp >= c.at - 60_000,
      );
      if (sent) await this.store.mark(b.id, c.recipient, { ok: true, mid: sent.body.mid });
      else await this.store.unclaim(b.id, c.recipient);
    }
  }
}
