// Long polling on the SDK's api.getUpdates, replacing the SDK's own loop (which
// commits the marker before handling and runs a batch concurrently). Here a batch
// is stored in the inbox, and the marker past it in the same Redis step as the batch's
// last part (see Ingest.store): once that is done the updates are durable and the
// dispatcher handles them, so polling goes on fetching at once — a slow update holds
// only its own person's queue. A crash before that step re-fetches the batch; the
// inbox drops what it accepted already. When
// too many ordering keys wait, polling pauses, so work in flight stays bounded.
import type { Api } from '@maxhub/max-bot-api';
import type { Redis } from 'ioredis';
import type { Logger } from '../../log.js';
import type { Keys } from '../../store/keys.js';
import type { InboxStore } from '../../store/inbox.js';
import type { Ingest, PreparedBatch } from '../ingest.js';
import { certificateErrorCode } from '../max-answers.js';
import { sleep } from '../rate-limiter.js';

export interface PollingOptions {
  /** Long-poll timeout in seconds (MAX allows up to 90). */
  timeoutSec?: number;
  limit?: number;
  /** Resolves when the store is reachable: polling pauses while Redis is down (updates wait at MAX). */
  waitForStore?: (signal: AbortSignal) => Promise<void>;
  /** Pause fetching while more ordering keys than this have work waiting. */
  maxBacklog?: number;
}

export class PollingTransport {
  private abort = new AbortController();
  private loopDone: Promise<void> | null = null;

  constructor(
    private readonly api: Api,
    private readonly redis: Redis,
    private readonly keys: Keys,
    private readonly ingest: Ingest,
    private readonly inbox: InboxStore,
    private readonly log: Logger,
    private readonly opts: PollingOptions = {},
  ) {}

  async start(): Promise<void> {
    // MAX delivers by webhook while a subscription exists: polling needs none.
    const subscriptions = await this.api.getSubscriptions();
    for (const s of subscriptions ?? []) await this.api.unsubscribe(s.url);
    this.abort = new AbortController();
    this.loopDone = this.loop();
  }

  async stop(): Promise<void> {
    this.abort.abort();
    await this.loopDone;
  }

  /**
   * One page of updates, checked and serialised (null when there is nothing to store). The
   * parsed updates are dropped when this returns: only their JSON waits for the store step
   * (see Ingest.prepare).
   */
  private async fetch(marker: number | undefined, signal: AbortSignal): Promise<{ batch: PreparedBatch | null; next: number | undefined }> {
    const { updates, marker: next } = await this.api.getUpdates([], {
      marker,
      timeout: this.opts.timeoutSec ?? 30,
      limit: this.opts.limit ?? 1000,
      signal,
    });
    // `next` only when the marker moved: the store step commits it with the page.
    const moved = typeof next === 'number' && next !== marker;
    return { batch: updates.length > 0 || moved ? this.ingest.prepare(updates) : null, next: moved ? next : undefined };
  }

  private async loop(): Promise<void> {
    const signal = this.abort.signal;
    const maxBacklog = this.opts.maxBacklog ?? 1000;
    const stored = await this.redis.get(this.keys.updatesMarker);
    let marker = stored !== null && /^\d+$/.test(stored) ? Number(stored) : undefined;
    let backlog = 0;
    let failures = 0;
    while (!signal.aborted) {
      await this.opts.waitForStore?.(signal);
      if (signal.aborted) break;
      try {
        while (backlog > maxBacklog && !signal.aborted) {
          await sleep(50, signal);
          backlog = await this.inbox.backlog();
        }
        const { batch, next } = await this.fetch(marker, signal);
        if (batch !== null) {
          const stored = await this.ingest.store(batch, next === undefined ? undefined : String(next));
          backlog = stored.backlog;
        }
        if (next !== undefined) marker = next;
        failures = 0;
      } catch (err) {
        if (signal.aborted) break;
        failures++;
        const delay = Math.min(30_000, 500 * 2 ** Math.min(failures, 6));
        // An untrusted certificate was already reported with its fix by the bot's fetch.
        if (certificateErrorCode(err) === null) this.log.error({ err: (err as Error).message, delay }, 'getting updates failed; retrying');
        await sleep(delay, signal).catch(() => undefined);
      }
    }
  }
}
