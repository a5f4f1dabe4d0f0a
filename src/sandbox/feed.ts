// The long-polling feed of GET /updates.
//
// Every update carries a sequence number (assigned by the server, shared with
// webhook delivery). Updates stay in the feed until a request passes a marker
// greater than their seq: `marker=m` commits (drops forever) every update with
// seq < m. A bot that crashes before it sends the next marker therefore gets
// the same updates again. Sequence numbers start at 1, so a marker is never 0
// (the SDK drops falsy query values).
import type { SandboxUpdate as Update } from './wire-updates.js';

/**
 * schema.yaml (info, "### Updates"): "Minimum polling time - 300ms". Read as: an
 * empty poll is answered no sooner than this, whatever `timeout` asks for, so a
 * client that polls in a loop cannot spin.
 */
export const MIN_POLL_MS = 300;

export interface FeedEntry {
  seq: number;
  update: Update;
}

export interface PollRequest {
  marker: number | null;
  limit: number;
  timeoutMs: number;
  types: ReadonlySet<string> | null;
  /** Aborted when the client goes away. */
  signal: AbortSignal;
}

export interface PollResult {
  updates: Update[];
  marker: number;
}

interface Waiter {
  request: PollRequest;
  finish: (result: PollResult) => void;
}

export class PollingFeed {
  private entries: FeedEntry[] = [];
  private readonly waiters = new Set<Waiter>();
  private notifyScheduled = false;

  /** @param peekNextSeq the seq the next update will get */
  constructor(private readonly peekNextSeq: () => number) {}

  get size(): number {
    return this.entries.length;
  }

  add(entry: FeedEntry): void {
    this.entries.push(entry);
    // Answer waiting polls on the next turn so updates produced together travel together.
    if (this.waiters.size > 0 && !this.notifyScheduled) {
      this.notifyScheduled = true;
      setImmediate(() => {
        this.notifyScheduled = false;
        this.notify();
      });
    }
  }

  /** Drops every update with seq < marker. */
  commit(marker: number): void {
    if (this.entries.length > 0 && (this.entries[0]?.seq ?? marker) < marker) {
      this.entries = this.entries.filter((e) => e.seq >= marker);
    }
  }

  async poll(request: PollRequest): Promise<PollResult> {
    let marker = request.marker;
    if (marker !== null) {
      // A marker from the future (e.g. persisted against an earlier sandbox run)
      // is clamped so that it cannot swallow updates that do not exist yet.
      marker = Math.min(marker, this.peekNextSeq());
      this.commit(marker);
    }
    const normalized: PollRequest = { ...request, marker };
    const ready = this.take(normalized);
    if (ready.updates.length > 0 || request.signal.aborted) return ready;

    return new Promise<PollResult>((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      const waiter: Waiter = {
        request: normalized,
        finish: (result) => {
          this.waiters.delete(waiter);
          if (timer) clearTimeout(timer);
          request.signal.removeEventListener('abort', onAbort);
          resolve(result);
        },
      };
      const onAbort = (): void => waiter.finish(this.take(normalized));
      timer = setTimeout(() => waiter.finish(this.emptyResult(normalized)), Math.max(request.timeoutMs, MIN_POLL_MS));
      request.signal.addEventListener('abort', onAbort, { once: true });
      this.waiters.add(waiter);
    });
  }

  /** Answers every pending poll (used on stop/reset). */
  releaseAll(): void {
    for (const waiter of [...this.waiters]) waiter.finish(this.emptyResult(waiter.request));
  }

  clear(): void {
    this.releaseAll();
    this.entries = [];
  }

  private notify(): void {
    for (const waiter of [...this.waiters]) {
      const result = this.take(waiter.request);
      if (result.updates.length > 0) waiter.finish(result);
    }
  }

  private take(request: PollRequest): PollResult {
    const from = request.marker ?? this.entries[0]?.seq ?? this.peekNextSeq();
    const updates: Update[] = [];
    let last: number | null = null;
    for (const entry of this.entries) {
      if (updates.length >= request.limit) break;
      if (entry.seq < from) continue;
      if (request.types && !request.types.has(entry.update.update_type)) continue;
      updates.push(entry.update);
      last = entry.seq;
    }
    return { updates, marker: last === null ? from : last + 1 };
  }

  private emptyResult(request: PollRequest): PollResult {
    return { updates: [], marker: request.marker ?? this.entries[0]?.seq ?? this.peekNextSeq() };
  }
}
