// Whether Redis is reachable, told once. Every ioredis connection of the bot and
// every BullMQ queue and worker (whose own connections forward their errors to
// them) report here, so an outage produces one JSON line when Redis becomes
// unreachable and one when it is back with the outage length — instead of an
// error per connection per reconnect attempt, or ioredis's «Unhandled error event»
// on stderr. Commands issued meanwhile wait in ioredis's offline queue
// (`maxRetriesPerRequest: null`), so updates simply wait for Redis.
import type { Redis } from 'ioredis';
import type { Logger } from '../log.js';

const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNABORTED']);

/** Errors that say "cannot talk to Redis" rather than "Redis refused this command". */
export function isConnectionError(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string' && CONNECTION_CODES.has(code)) return true;
  return /connection is closed|aborted due to connection close|connect ECONN|getaddrinfo|socket closed|MaxRetriesPerRequest|Stream isn't writeable/i.test(
    err.message,
  );
}

/** Something that has an error event (BullMQ Queue, Worker, QueueEvents). */
interface ErrorSource {
  on(event: 'error', listener: (err: Error) => void): unknown;
}

export class RedisHealth {
  private readonly clients = new Set<Redis>();
  private downSince: number | null = null;
  private closing = false;
  private readonly waiters = new Set<() => void>();
  /** Called for every Redis error, logged or not (metrics count them). */
  onErrorCounted: (source: string) => void = () => undefined;

  constructor(
    private readonly log: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  get up(): boolean {
    return this.downSince === null;
  }

  /** Attaches the handlers to one ioredis connection of ours. */
  watch(client: Redis, name: string): Redis {
    this.clients.add(client);
    client.on('error', (err: Error) => this.onError(err, name));
    // ioredis reports a lost connection as 'close' (then 'reconnecting'); errors follow only on the next attempts.
    client.on('close', () => {
      if (this.closing) return;
      this.onErrorCounted(name); // a lost connection counts as an error too
      this.markDown(name, 'connection closed');
    });
    client.on('ready', () => this.onReady());
    return client;
  }

  /** Routes the 'error' event of a BullMQ queue or worker here; other errors are logged as they come. */
  watchQueue(source: ErrorSource, name: string): void {
    source.on('error', (err) => this.onError(err, name));
  }

  /** Resolves when Redis is reachable (at once when it is) or the signal aborts. */
  waitUntilUp(signal?: AbortSignal): Promise<void> {
    if (this.up || signal?.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        this.waiters.delete(done);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      this.waiters.add(done);
      signal?.addEventListener('abort', done, { once: true });
    });
  }

  /**
   * A child logger whose `error` drops Redis connection errors while Redis is known to be
   * down (they were told once already), so parts that log their own errors need no change.
   */
  quietDuringOutage(log: Logger): Logger {
    const child = log.child({});
    const error = child.error.bind(child);
    child.error = ((obj: unknown, ...rest: unknown[]) => {
      const err = typeof obj === 'object' && obj !== null ? (obj as { err?: unknown }).err : undefined;
      if ((!this.up || this.closing) && isConnectionError(err)) return;
      (error as (...args: unknown[]) => void)(obj, ...rest);
    }) as Logger['error'];
    return child;
  }

  /** From now on closing connections is expected, not an outage. */
  stopWatching(): void {
    this.closing = true;
  }

  private onError(err: Error, source: string): void {
    this.onErrorCounted(source);
    if (this.closing) return;
    if (isConnectionError(err)) {
      this.markDown(source, errorCode(err));
      return;
    }
    this.log.error({ err, source }, 'Redis error');
  }

  private markDown(source: string, reason: string): void {
    if (this.downSince !== null) return;
    this.downSince = this.now();
    this.log.error({ event: 'redis.down', source, reason }, 'Redis is unreachable; updates wait until it is back');
  }

  private onReady(): void {
    if (this.downSince === null) return;
    // Back only when every connection of ours is ready again.
    for (const c of this.clients) if (c.status !== 'ready' && c.status !== 'end') return;
    const outageMs = this.now() - this.downSince;
    this.downSince = null;
    this.log.info({ event: 'redis.up', outageMs }, 'Redis is reachable again');
    for (const w of [...this.waiters]) w();
  }
}

function errorCode(err: Error): string {
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' ? code : err.message.slice(0, 80);
}
