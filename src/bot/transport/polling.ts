// Long polling on the SDK's api.getUpdates, replacing the SDK's own loop (which
// commits the marker before handling and runs a batch concurrently). Here the
// marker lives in Redis and is committed only after every update of the batch
// was handled; a crash before that re-fetches the batch, and the inbox drops
// what it accepted already.
import type { Api } from '@maxhub/max-bot-api';
import type { Redis } from 'ioredis';
import type { Logger } from '../../log.js';
import type { Keys } from '../../store/keys.js';
import type { Dispatcher } from '../dispatcher.js';
import type { Ingest } from '../ingest.js';
import { certificateErrorCode } from '../max-answers.js';
import { sleep } from '../rate-limiter.js';

export interface PollingOptions {
  /** Long-poll timeout in seconds (MAX allows up to 90). */
  timeoutSec?: number;
  limit?: number;
  /** Resolves when the store is reachable: polling pauses while Redis is down (updates wait at MAX). */
  waitForStore?: (signal: AbortSignal) => Promise<void>;
}

export class PollingTransport {
  private abort = new AbortController();
  private loopDone: Promise<void> | null = null;

  constructor(
    private readonly api: Api,
    private readonly redis: Redis,
    private readonly keys: Keys,
    private readonly ingest: Ingest,
    private readonly dispatcher: Dispatcher,
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

  private async loop(): Promise<void> {
    const signal = this.abort.signal;
    const stored = await this.redis.get(this.keys.updatesMarker);
    let marker = stored !== null && /^\d+$/.test(stored) ? Number(stored) : undefined;
    let failures = 0;
    while (!signal.aborted) {
      await this.opts.waitForStore?.(signal);
      if (signal.aborted) break;
      try {
        const { updates, marker: next } = await this.api.getUpdates([], {
          marker,
          timeout: this.opts.timeoutSec ?? 30,
          limit: this.opts.limit ?? 100,
          signal,
        });
        const orderKeys: string[] = [];
        for (const update of updates) {
          const r = await this.ingest.accept(update);
          if (r.status !== 'invalid') orderKeys.push(r.orderKey);
        }
        await this.dispatcher.waitDrained(orderKeys, signal);
        if (signal.aborted) break;
        if (typeof next === 'number' && next !== marker) {
          await this.redis.set(this.keys.updatesMarker, String(next));
          marker = next;
        }
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
