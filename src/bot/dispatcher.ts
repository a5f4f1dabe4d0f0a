// Drains the inbox: takes ordering keys with work, one leased lock per key, and
// hands their updates to the handler strictly one after another. Different keys
// run concurrently. Keys take turns: waiting keys are taken in the order they came
// into line, and a key holds its place for at most `turn` updates while others wait,
// then goes to the back of the line — so a backlog under one key (a flood in a chat,
// a long run of internal events) delays the others by at most a turn each.
// A crashed process's lock lapses after `leaseMs`, and another process (or the
// restarted one) picks the key up where it stopped.
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Logger } from '../log.js';
import type { InboxHead, InboxItem, InboxStore, LocalDrainer, QueueWithAck } from '../store/inbox.js';
import { timeHandler } from '../ops/metrics.js';
import { isConnectionError } from '../ops/redis-health.js';
import { inCrashScope } from './crash-points.js';

/**
 * 'postpone' leaves the item at the head of its queue (not acknowledged) and lets go of the key,
 * to be tried again later. QueueWithAck: items (an update's replies) to be stored in the same
 * step that acknowledges this one.
 */
export type ItemHandler = (item: InboxItem) => Promise<void | 'postpone' | QueueWithAck>;

export interface DispatcherOptions {
  /**
   * How many ordering keys this process drains at once (default 96). The acknowledgements of
   * the keys in flight share one Redis call (see InboxStore.ackNext), and about half of them
   * are on their way while the other half are handled: with 32 a burst from many people costs
   * about 0.09 round trips per update instead of 0.18 with 16, and with 96 the bot waits less
   * for those calls: scenario (a) of the bench, three runs each alternating, 0.33×, 0.32×,
   * 0.30× the bare silent bot against 0.30×, 0.28×, 0.26× with 32 (issue 23).
   */
  concurrency?: number;
  /** Lock lease; renewed every third of it while a key is drained. */
  leaseMs?: number;
  /** Fallback scan interval when no wake-up message arrives. */
  pollMs?: number;
  /** How many updates of one key are handled in a row while other keys wait (default 8). */
  turn?: number;
}

export class Dispatcher implements LocalDrainer {
  readonly owner = `${process.pid}:${randomUUID()}`;
  private readonly concurrency: number;
  readonly leaseMs: number;
  private readonly pollMs: number;
  private readonly turn: number;
  private readonly active = new Map<string, Promise<void>>();
  private running = false;
  private loopDone: Promise<void> | null = null;
  private wakeUp: (() => void) | null = null;
  private wakePending = false;
  /** Keys may be waiting that this process did not take (it was full, or a key's turn ended). */
  private maybeWaiting = true;
  /** Releases of keys let go (runOrLetGo) still on their way: stop() waits for them. */
  private readonly lettingGo = new Set<Promise<void>>();
  /**
   * Runs a function in the async context start() ran in. A drain may be started by whoever
   * accepted its key (adopt, inside acceptMany): without this it would inherit the caller's
   * context — e.g. a chat job's background mark — for every update of that key it handles.
   */
  private detached: <R>(fn: () => R) => R = (fn) => fn();

  constructor(
    private readonly inbox: InboxStore,
    private readonly subscriber: Redis,
    private readonly wakeChannel: string,
    private readonly handle: ItemHandler,
    private readonly log: Logger,
    opts: DispatcherOptions = {},
  ) {
    this.concurrency = opts.concurrency ?? 96;
    this.leaseMs = opts.leaseMs ?? 5_000;
    this.pollMs = opts.pollMs ?? 250;
    this.turn = Math.max(1, opts.turn ?? 8);
  }

  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    this.detached = AsyncLocalStorage.snapshot();
    await this.subscriber.subscribe(this.wakeChannel);
    this.inbox.setDrainer(this);
    this.subscriber.on('message', this.onWake);
    this.loopDone = this.loop();
  }

  /** Stops taking keys and waits until the updates in flight are handled. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.inbox.clearDrainer(this);
    this.subscriber.off('message', this.onWake);
    this.kick();
    await this.loopDone;
    await Promise.allSettled([...this.active.values()]);
    await this.subscriber.unsubscribe(this.wakeChannel).catch(() => undefined);
    // A key let go must not stay locked for a lease after the process closes its Redis.
    await Promise.allSettled([...this.lettingGo]);
  }

  private readonly onWake = (channel: string) => {
    if (channel === this.wakeChannel) this.kick();
  };

  private kick(): void {
    this.wakePending = true;
    this.wakeUp?.();
  }

  private async loop(): Promise<void> {
    while (this.running) {
      this.wakePending = false;
      try {
        await this.claimKeys();
      } catch (err) {
        this.log.error({ err }, 'inbox scan failed; retrying');
      }
      if (!this.running) break;
      if (this.wakePending) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, this.pollMs);
        this.wakeUp = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wakeUp = null;
    }
  }

  private async claimKeys(): Promise<void> {
    const free = this.concurrency - this.active.size;
    if (!this.running) return;
    if (free <= 0) {
      this.maybeWaiting = true;
      return;
    }
    // One call looks at the waiting keys, takes the locks it can and reads their heads.
    const claimed = await this.inbox.claimMany(this.owner, this.leaseMs, free, [...this.active.keys()]);
    // Fewer than asked: nobody else waits now (a new key in line wakes the dispatchers).
    this.maybeWaiting = claimed.length >= free;
    for (const { orderKey, head } of claimed) this.runOrLetGo(orderKey, head);
  }

  /**
   * Drains a key this process holds, or lets go of it when the process is full or stopping:
   * the accepting step may have taken keys for it (adopt) while a claim was on its way.
   * A key let go keeps its place in line.
   */
  private runOrLetGo(orderKey: string, head: InboxHead | null): void {
    if (this.running && !this.active.has(orderKey) && this.active.size < this.concurrency) {
      this.run(orderKey, head);
      return;
    }
    this.maybeWaiting = true;
    // Outside the caller's context: the accepting step that found no room is over by the time
    // the key is let go of and the line looked at again.
    const released: Promise<void> = this.detached(() =>
      this.inbox.release(orderKey, this.owner).then(
        () => this.kick(),
        () => undefined,
      ),
    );
    this.lettingGo.add(released);
    void released.finally(() => this.lettingGo.delete(released));
  }

  private run(orderKey: string, head: InboxHead | null): void {
    const run = this.detached(() =>
      this.drain(orderKey, head).finally(() => {
        this.active.delete(orderKey);
        // A finished key frees a place: look for waiting keys only when some may wait, so a
        // quiet bot does not scan after every update (the pollMs scan still runs).
        if (this.maybeWaiting) this.kick();
      }),
    );
    this.active.set(orderKey, run);
  }

  /**
   * LocalDrainer: room for keys the accepting step may take for this dispatcher, and the keys
   * it drains (never taken again while a drain of theirs may still be letting go of its lock).
   */
  room(): { free: number; draining: string[] } {
    return this.running ? { free: Math.max(0, this.concurrency - this.active.size), draining: [...this.active.keys()] } : { free: 0, draining: [] };
  }

  /** LocalDrainer: keys the accepting step took for this dispatcher (locked under its owner). */
  adopt(taken: Array<{ orderKey: string; head: InboxHead }>): void {
    for (const { orderKey, head } of taken) this.runOrLetGo(orderKey, head);
  }

  private async drain(orderKey: string, first: InboxHead | null): Promise<void> {
    let lost = false;
    const renew = setInterval(
      () => {
        this.inbox
          .renew(orderKey, this.owner, this.leaseMs)
          .then((ok) => {
            if (!ok) lost = true;
          })
          .catch(() => undefined);
      },
      Math.max(100, Math.floor(this.leaseMs / 3)),
    );
    try {
      // Finish the key even while stopping: an update already started is handled to the end,
      // but no new one is begun once stop() was called.
      let head = first;
      let handled = 0;
      while (!lost) {
        const current = head;
        const next = await inCrashScope(current?.item, async () => {
          let queue: QueueWithAck | undefined;
          if (current !== null) {
            // An entry that cannot be read is dropped, or it would block this person's queue for ever.
            if (current.item === null) this.log.error({ orderKey }, 'unreadable inbox entry dropped');
            else {
              const result = await this.runHandler(current.item);
              if (result === 'postpone') {
                await this.inbox.release(orderKey, this.owner);
                return 'postponed' as const;
              }
              queue = result ?? undefined;
            }
          }
          if (!this.running) {
            // Acknowledge what was handled, then let go of the key for another process.
            const acked = current === null ? null : await this.inbox.ackNext(orderKey, this.owner, current.raw, this.leaseMs, queue);
            if (acked !== 'released' && acked !== 'lost') await this.inbox.release(orderKey, this.owner);
            return 'stopped' as const;
          }
          // One call stores the replies, acknowledges the handled update and reads the next (or
          // releases the key, or, its turn over while others wait, puts it back in line).
          handled++;
          const turnOver = handled >= this.turn ? this.active.size : undefined;
          const acked = await this.inbox.ackNext(orderKey, this.owner, current?.raw ?? '', this.leaseMs, queue, turnOver);
          // Nobody else waited: the key goes on with a new turn (the line is looked at once a turn).
          if (turnOver !== undefined) handled = 0;
          return acked;
        });
        if (next === 'yielded') this.maybeWaiting = true;
        if (next === 'postponed' || next === 'stopped' || next === 'released' || next === 'yielded') return;
        if (next === 'lost') {
          this.log.warn({ orderKey, updateId: head?.item?.id }, 'inbox lock lost while handling; another process continues');
          return;
        }
        head = next;
      }
    } catch (err) {
      this.log.error({ err, orderKey }, 'draining an ordering key failed; it will be retried');
      this.maybeWaiting = true;
      await this.inbox.release(orderKey, this.owner).catch(() => undefined);
    } finally {
      clearInterval(renew);
    }
  }

  private async runHandler(item: InboxItem): Promise<void | 'postpone' | QueueWithAck> {
    const timed = timeHandler(item.update);
    try {
      return await this.handle(item);
    } catch (err) {
      // Redis went away mid-update: leave the update unacknowledged, to be handled again.
      if (isConnectionError(err)) throw err;
      // The handler has its own error boundary; this is the last line of defence.
      this.log.error({ err, updateId: item.id, orderKey: item.orderKey }, 'update handler threw past its boundary');
    } finally {
      timed();
    }
  }
}
