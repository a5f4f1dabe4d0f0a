// The fetch the SDK's client uses for every MAX call (ClientOptions.fetch): each
// request first waits for the shared rate limiter (as background work inside a job, see
// background.ts); a 429, a 5xx, a network error
// or a timeout is retried with exponential backoff and jitter (Retry-After
// respected). Every attempt has a deadline — undici's own is 300 s, so one call
// MAX never answers would otherwise hold its caller for five minutes. A long poll
// (GET /updates?timeout=N) gets N seconds plus a grace period.
// The SDK itself neither throttles nor retries.
import type { Logger } from '../log.js';
import { CertificateWarning, refusalAsError } from './max-answers.js';
import { exchange, isPlainJsonCall, MaxAnswer } from './max-http.js';
import { sleep, type RateLimiter } from './rate-limiter.js';
import { countMaxRequest } from '../ops/metrics.js';
import { isBackground } from './background.js';
import { classifyStatus, isRetriable } from './max-errors.js';

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 6, baseDelayMs: 250, maxDelayMs: 8_000 };

export interface CallTimeouts {
  /** Deadline of one attempt of an ordinary call. */
  callMs: number;
  /** Added to a long poll's own timeout. */
  pollGraceMs: number;
}

export const DEFAULT_TIMEOUTS: CallTimeouts = { callMs: 10_000, pollGraceMs: 5_000 };

/** The deadline of one attempt: a long poll waits its own timeout plus the grace, the rest `callMs`. */
export function attemptTimeoutMs(url: string | URL, timeouts: CallTimeouts): number {
  try {
    const u = typeof url === 'string' ? new URL(url) : url;
    const poll = u.searchParams.get('timeout');
    if (u.pathname.endsWith('/updates') && poll !== null && /^\d+$/.test(poll)) return Number(poll) * 1000 + timeouts.pollGraceMs;
  } catch {
    // not a URL we can read: the ordinary deadline
  }
  return timeouts.callMs;
}

function isAbort(err: unknown): boolean {
  return err instanceof Error && (err.name === 'AbortError' || err.name === 'TimeoutError');
}

export function backoffDelay(attempt: number, policy: RetryPolicy, retryAfter?: string | null): number {
  const fromHeader = retryAfter ? Number(retryAfter) * 1000 : NaN;
  if (Number.isFinite(fromHeader) && fromHeader > 0) return Math.min(fromHeader, policy.maxDelayMs);
  const exp = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
  return Math.round(exp / 2 + Math.random() * (exp / 2));
}

/**
 * One attempt: a JSON call over kept-alive HTTP (max-http.ts), anything else through fetch.
 * Either way a missed deadline rejects with a TimeoutError.
 */
async function attemptOnce(
  url: string | URL,
  init: RequestInit | undefined,
  deadlineMs: number,
  signal: AbortSignal | undefined,
): Promise<Response | MaxAnswer> {
  if (isPlainJsonCall(init) && typeof url !== 'string') return exchange(url, init, deadlineMs, signal);
  const timeout = AbortSignal.timeout(deadlineMs);
  return fetch(url, { ...init, signal: signal ? AbortSignal.any([signal, timeout]) : timeout });
}

export function createMaxFetch(
  limiter: RateLimiter,
  log: Logger,
  policy: RetryPolicy = DEFAULT_RETRY,
  timeouts: CallTimeouts = DEFAULT_TIMEOUTS,
): typeof fetch {
  const certificate = new CertificateWarning(log);
  const maxFetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const signal = init?.signal ?? undefined;
    // Parsed once per call: the deadline, the path for metrics and logs, and the request itself use it.
    let target: URL | null = null;
    try {
      target = new URL(url);
    } catch {
      // not a URL we can read: fetch reports it
    }
    const path = target?.pathname ?? '?';
    const deadlineMs = attemptTimeoutMs(target ?? url, timeouts);
    for (let attempt = 0; ; attempt++) {
      await limiter.acquire(signal, { background: isBackground() });
      const last = attempt + 1 >= policy.attempts;
      let res: Response | MaxAnswer;
      // The attempt's own deadline; the caller's signal (a stopping poll) still aborts at once.
      let timedOut = false;
      try {
        res = await attemptOnce(target ?? url, init, deadlineMs, signal);
      } catch (err) {
        timedOut = (err as Error).name === 'TimeoutError' && !signal?.aborted;
        if (!signal?.aborted) countMaxRequest(init?.method ?? 'GET', path, timedOut ? 'timeout' : 'network');
        if (isAbort(err) && !timedOut) throw err;
        const untrusted = certificate.check(err, path);
        if (last) throw err;
        const delay = backoffDelay(attempt, policy);
        // An untrusted certificate was reported once, with its fix, by `certificate`.
        if (!untrusted) {
          log.warn(
            { method: init?.method ?? 'GET', path, attempt: attempt + 1, delay, err: timedOut ? `no answer within ${deadlineMs} ms` : (err as Error).message },
            timedOut ? 'MAX request timed out; retrying' : 'MAX request failed; retrying',
          );
        }
        await sleep(delay, signal);
        continue;
      }
      const kind = res.status >= 400 ? classifyStatus(res.status) : null;
      countMaxRequest(init?.method ?? 'GET', path, res.status, kind === 'rate-limited');
      if (kind && isRetriable(kind) && !last) {
        const delay = backoffDelay(attempt, policy, res.headers.get('retry-after'));
        await res.body?.cancel().catch(() => undefined);
        log.warn({ method: init?.method ?? 'GET', path, status: res.status, attempt: attempt + 1, delay }, 'MAX refused the request; retrying');
        await sleep(delay, signal);
        continue;
      }
      // The SDK reads only status, headers.get() and json() of an answer (see max-http.ts).
      return res instanceof MaxAnswer ? (res.asRefusalIfRefused() as unknown as Response) : refusalAsError(res);
    }
  };
  return maxFetch as typeof fetch;
}
