// Webhook subscriptions (POST/GET/DELETE /subscriptions) and their delivery.
//
// While at least one subscription exists, new updates bypass the polling feed
// and are POSTed as JSON to each subscription whose update_types match, with
// `X-Max-Bot-Api-Secret: <secret>` when a secret was given. Delivery is strictly
// ordered per subscription: update N+1 is not sent before N was answered with
// 200. A non-200 answer or a connection error is retried after each delay of
// `retryDelaysMs`; when the delays are exhausted the update is dropped (logged
// with outcome 'dropped') and delivery moves on.
//
// An https:// subscription is delivered over TLS and the certificate is checked
// like MAX does: against the system's roots, plus `ca` (tests pass the CA that
// signed their certificate). MAX may also drop a subscription on its own; the
// control API does that with drop() so that a test can watch the bot register again.
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { rootCertificates } from 'node:tls';
import { setTimeout as sleep } from 'node:timers/promises';
import { type SandboxUpdateType as UpdateType, WEBHOOK_ONLY_TYPES } from './wire-updates.js';
import type { FeedEntry } from './feed.js';

/**
 * schema.yaml (info, "### Webhook"): "we well retry delivery in exponentially
 * increasing intervals and will do this until get `200 OK` status code from your
 * server, but not longer than **8 hours** (*may change over time*) since update
 * happened." Delays double from 200 ms up to 30 minutes; the update is dropped
 * once the next try would be more than 8 hours after the first.
 */
export const WEBHOOK_RETRY_WINDOW_MS = 8 * 60 * 60 * 1000;
export const DEFAULT_WEBHOOK_RETRY_DELAYS_MS: readonly number[] = (() => {
  const delays: number[] = [];
  let total = 0;
  for (let delay = 200; total + delay <= WEBHOOK_RETRY_WINDOW_MS; delay = Math.min(delay * 2, 30 * 60 * 1000)) {
    delays.push(delay);
    total += delay;
  }
  return delays;
})();
const ATTEMPT_TIMEOUT_MS = 10_000;

export interface DeliveryLogEntry {
  url: string;
  seq: number;
  updateType: string;
  /** 1 for the first try. */
  attempt: number;
  /** HTTP status of the answer, or null on a connection error/timeout. */
  status: number | null;
  error?: string;
  outcome: 'delivered' | 'retry' | 'dropped';
  at: number;
}

interface Subscription {
  url: string;
  secret: string | null;
  updateTypes: UpdateType[];
  time: number;
  queue: FeedEntry[];
  running: boolean;
  abort: AbortController;
}

export class WebhookDispatcher {
  private readonly subscriptions = new Map<string, Subscription>();
  private readonly log: DeliveryLogEntry[] = [];
  private stopped = false;

  private readonly ca: string[] | undefined;

  /** @param ca PEM certificates trusted for https:// subscriptions besides the system's roots. */
  constructor(
    private readonly retryDelaysMs: readonly number[],
    ca?: string | string[],
  ) {
    this.ca = ca === undefined ? undefined : [...rootCertificates, ...(Array.isArray(ca) ? ca : [ca])];
  }

  get active(): boolean {
    return this.subscriptions.size > 0;
  }

  list(): { url: string; time: number; update_types: UpdateType[] }[] {
    return [...this.subscriptions.values()].map((s) => ({ url: s.url, time: s.time, update_types: [...s.updateTypes] }));
  }

  /** Creates or replaces the subscription for a URL (a replaced one keeps its undelivered queue). */
  subscribe(url: string, secret: string | null, updateTypes: UpdateType[]): void {
    const previous = this.subscriptions.get(url);
    const sub: Subscription = {
      url,
      secret,
      updateTypes,
      time: Date.now(),
      queue: previous ? previous.queue : [],
      running: false,
      abort: new AbortController(),
    };
    if (previous) previous.abort.abort();
    this.subscriptions.set(url, sub);
    this.kick(sub);
  }

  /** Removes a subscription; its undelivered updates are lost (as with real MAX). */
  unsubscribe(url: string): boolean {
    const sub = this.subscriptions.get(url);
    if (!sub) return false;
    sub.abort.abort();
    sub.queue.length = 0;
    this.subscriptions.delete(url);
    return true;
  }

  /**
   * MAX drops a subscription on its own (e.g. after failing to deliver for hours):
   * the given URL's, or every one. Returns the URLs dropped.
   */
  drop(url?: string): string[] {
    const urls = url === undefined ? [...this.subscriptions.keys()] : this.subscriptions.has(url) ? [url] : [];
    for (const u of urls) this.unsubscribe(u);
    return urls;
  }

  enqueue(entry: FeedEntry): void {
    for (const sub of this.subscriptions.values()) {
      if (sub.updateTypes.length > 0 && !sub.updateTypes.includes(entry.update.update_type)) continue;
      // A subscription without a type list gets the usual types, not the webhook-only ones.
      if (sub.updateTypes.length === 0 && WEBHOOK_ONLY_TYPES.has(entry.update.update_type)) continue;
      sub.queue.push(entry);
      this.kick(sub);
    }
  }

  /** Updates accepted for delivery but not yet answered with 200. */
  get pending(): number {
    let n = 0;
    for (const sub of this.subscriptions.values()) n += sub.queue.length;
    return n;
  }

  deliveries(): DeliveryLogEntry[] {
    return this.log.map((e) => ({ ...e }));
  }

  /** Drops every subscription and the delivery log. */
  reset(): void {
    for (const url of [...this.subscriptions.keys()]) this.unsubscribe(url);
    this.log.length = 0;
  }

  /** Stops delivery (in-flight attempts are aborted); queues are kept for resume(). */
  stop(): void {
    this.stopped = true;
    for (const sub of this.subscriptions.values()) {
      sub.abort.abort();
      sub.abort = new AbortController();
    }
  }

  /** Restarts delivery after stop(), from the first undelivered update. */
  resume(): void {
    this.stopped = false;
    for (const sub of this.subscriptions.values()) this.kick(sub);
  }

  private kick(sub: Subscription): void {
    if (sub.running || this.stopped || sub.queue.length === 0) return;
    sub.running = true;
    void this.run(sub).finally(() => {
      sub.running = false;
      // A replacement subscription may have inherited the queue meanwhile, or
      // delivery may have been resumed while this run was winding down.
      const current = this.subscriptions.get(sub.url);
      if (current) this.kick(current);
    });
  }

  private async run(sub: Subscription): Promise<void> {
    const { signal } = sub.abort;
    while (!signal.aborted && !this.stopped) {
      const entry = sub.queue[0];
      if (!entry) return;
      for (let attempt = 1; ; attempt++) {
        const { status, error } = await this.post(sub, entry, signal);
        if (signal.aborted) return;
        const delay = this.retryDelaysMs[attempt - 1];
        const outcome = status === 200 ? 'delivered' : delay === undefined ? 'dropped' : 'retry';
        const record: DeliveryLogEntry = { url: sub.url, seq: entry.seq, updateType: entry.update.update_type, attempt, status, outcome, at: Date.now() };
        if (error !== undefined) record.error = error;
        this.log.push(record);
        if (outcome !== 'retry' || delay === undefined) break;
        try {
          await sleep(delay, undefined, { signal });
        } catch {
          return; // aborted
        }
      }
      if (sub.queue[0] === entry) sub.queue.shift();
    }
  }

  private post(sub: Subscription, entry: FeedEntry, signal: AbortSignal): Promise<{ status: number | null; error?: string }> {
    const body = Buffer.from(JSON.stringify(entry.update));
    const headers: Record<string, string | number> = { 'content-type': 'application/json', 'content-length': body.length };
    if (sub.secret) headers['X-Max-Bot-Api-Secret'] = sub.secret;
    const url = new URL(sub.url);
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise((resolve) => {
      let settled = false;
      const finish = (result: { status: number | null; error?: string }) => {
        if (settled) return;
        settled = true;
        resolve(result);
      };
      const req = send(
        url,
        {
          method: 'POST',
          headers,
          signal: AbortSignal.any([signal, AbortSignal.timeout(ATTEMPT_TIMEOUT_MS)]),
          // A new connection per attempt: no stale keep-alive socket turns into a spurious failed attempt.
          agent: false,
          ...(url.protocol === 'https:' && this.ca ? { ca: this.ca } : {}),
        },
        (res) => {
          res.resume();
          res.on('end', () => finish({ status: res.statusCode ?? null }));
          res.on('error', () => finish({ status: res.statusCode ?? null }));
        },
      );
      req.on('error', (err) => {
        const code = (err as NodeJS.ErrnoException).code;
        finish({ status: null, error: `${err.name}: ${code && !err.message.includes(code) ? `${code} ` : ''}${err.message}` });
      });
      req.end(body);
    });
  }
}
