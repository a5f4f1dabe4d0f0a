// Request-level machinery of the Bot API side: the sliding-window rate limits,
// fault injection and the request log the control API exposes.

/** Allows at most `limit` acquisitions in any window of `windowMs`. Rejected attempts do not count. */
export class SlidingWindow {
  private stamps: number[] = [];

  constructor(
    private readonly limit: number,
    private readonly windowMs = 1000,
  ) {}

  /**
   * `now` may be earlier than a stamp already taken (a request is stamped when it arrived but
   * counted after its body was read, and bodies finish in any order): stamps stay sorted, and
   * the window is the one ending at the latest stamp or `now`, whichever is later.
   */
  tryAcquire(now = Date.now()): boolean {
    const since = Math.max(now, this.stamps.at(-1) ?? now) - this.windowMs;
    let drop = 0;
    while (drop < this.stamps.length && (this.stamps[drop] ?? now) <= since) drop++;
    if (drop > 0) this.stamps = this.stamps.slice(drop);
    if (this.stamps.length >= this.limit) return false;
    let at = this.stamps.length;
    while (at > 0 && (this.stamps[at - 1] ?? now) > now) at--;
    this.stamps.splice(at, 0, now);
    return true;
  }
}

/** The most stamps in any window of `windowMs` (a window holds t with start < t ≤ end, as SlidingWindow counts). */
export function mostInAnyWindow(stamps: number[], windowMs: number): number {
  const s = [...stamps].sort((a, b) => a - b);
  let most = 0;
  for (let i = 0, j = 0; i < s.length; i++) {
    while (s[i]! - s[j]! >= windowMs) j++;
    most = Math.max(most, i - j + 1);
  }
  return most;
}

/** One SlidingWindow per key (e.g. per chat). */
export class KeyedSlidingWindow<K> {
  private readonly windows = new Map<K, SlidingWindow>();

  constructor(
    private readonly limit: number,
    private readonly windowMs = 1000,
  ) {}

  tryAcquire(key: K, now = Date.now()): boolean {
    let window = this.windows.get(key);
    if (!window) {
      window = new SlidingWindow(this.limit, this.windowMs);
      this.windows.set(key, window);
    }
    return window.tryAcquire(now);
  }

  clear(): void {
    this.windows.clear();
  }
}

/**
 * `pattern` matches a request path when equal to it, or when it is a prefix
 * ending at a segment boundary: '/chats' matches '/chats/-70000000001/members'.
 */
export function pathMatches(pattern: string, path: string): boolean {
  if (pattern === path) return true;
  const prefix = pattern.endsWith('/') ? pattern : `${pattern}/`;
  return path.startsWith(prefix);
}

export interface FaultRule {
  id: number;
  method: string | null;
  path: string;
  /** HTTP status to answer with; 0 destroys the connection without an answer; null answers normally (after `delayMs`). */
  status: number | null;
  /** Waits this long before answering (or applying the request, when status is null). */
  delayMs: number;
  /** Never answers: the request hangs until the client gives up. */
  hang: boolean;
  code: string | null;
  message: string | null;
  remaining: number;
}

export class FaultInjector {
  private rules: FaultRule[] = [];
  private nextId = 1;

  add(rule: Omit<FaultRule, 'id'>): FaultRule {
    const stored: FaultRule = { ...rule, id: this.nextId++ };
    this.rules.push(stored);
    return { ...stored };
  }

  /** The first rule matching the request, consuming one of its uses. */
  take(method: string, path: string): FaultRule | null {
    const rule = this.rules.find((r) => r.remaining > 0 && (r.method === null || r.method === method) && pathMatches(r.path, path));
    if (!rule) return null;
    rule.remaining--;
    if (rule.remaining <= 0) this.rules = this.rules.filter((r) => r !== rule);
    return { ...rule };
  }

  list(): FaultRule[] {
    return this.rules.map((r) => ({ ...r }));
  }

  clear(): void {
    this.rules = [];
  }
}

export function defaultFaultCode(status: number): string {
  switch (status) {
    case 400:
      return 'bad.request';
    case 401:
      return 'verify.token';
    case 403:
      return 'chat.denied';
    case 404:
      return 'not.found';
    case 429:
      return 'too.many.requests';
    case 502:
    case 503:
    case 504:
      return 'service.unavailable';
    default:
      return status >= 500 ? 'internal.error' : 'fault.injected';
  }
}

export interface RequestLogEntry {
  method: string;
  path: string;
  query: Record<string, string>;
  /** Parsed JSON body, when the request had one. */
  body?: unknown;
  /** HTTP status answered; null while the request is still pending (a long poll), 0 for a dropped connection. */
  status: number | null;
  at: number;
}

export class RequestLog {
  private entries: RequestLogEntry[] = [];

  start(method: string, path: string, query: URLSearchParams): RequestLogEntry {
    const entry: RequestLogEntry = { method, path, query: Object.fromEntries(query), status: null, at: Date.now() };
    this.entries.push(entry);
    return entry;
  }

  list(filter: { method?: string; path?: string } = {}): RequestLogEntry[] {
    return this.entries
      .filter((e) => (filter.method === undefined || e.method === filter.method) && (filter.path === undefined || pathMatches(filter.path, e.path)))
      .map((e) => ({ ...e, query: { ...e.query } }));
  }

  clear(): void {
    this.entries = [];
  }
}
