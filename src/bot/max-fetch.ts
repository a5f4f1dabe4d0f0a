// The fetch the SDK's client uses for every MAX call (ClientOptions.fetch): each
// request first waits for the shared rate limiter; a 429, a 5xx or a network
// error is retried with exponential backoff and jitter (Retry-After respected).
// The SDK itself neither throttles nor retries.
import type { Logger } from '../log.js';
import { CertificateWarning, refusalAsError } from './max-answers.js';
import { sleep, type RateLimiter } from './rate-limiter.js';

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 6, baseDelayMs: 250, maxDelayMs: 8_000 };

function isAbort(err: unknown): boolean {
  return err instanceof Error && (err.name === 'AbortError' || err.name === 'TimeoutError');
}

export function backoffDelay(attempt: number, policy: RetryPolicy, retryAfter?: string | null): number {
  const fromHeader = retryAfter ? Number(retryAfter) * 1000 : NaN;
  if (Number.isFinite(fromHeader) && fromHeader > 0) return Math.min(fromHeader, policy.maxDelayMs);
  const exp = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
  return Math.round(exp / 2 + Math.random() * (exp / 2));
}

/** Path of a MAX URL without the query, for logs (queries may hold ids only, but keep logs short). */
function methodOf(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return '?';
  }
}

export function createMaxFetch(limiter: RateLimiter, log: Logger, policy: RetryPolicy = DEFAULT_RETRY): typeof fetch {
  const certificate = new CertificateWarning(log);
  const maxFetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const signal = init?.signal ?? undefined;
    for (let attempt = 0; ; attempt++) {
      await limiter.acquire(signal);
      const last = attempt + 1 >= policy.attempts;
      let res: Response;
      try {
        res = await fetch(url, init);
      } catch (err) {
        if (isAbort(err)) throw err;
        const untrusted = certificate.check(err, methodOf(url));
        if (last) throw err;
        const delay = backoffDelay(attempt, policy);
        if (!untrusted) log.warn({ method: init?.method ?? 'GET', path: methodOf(url), attempt: attempt + 1, delay, err: (err as Error).message }, 'MAX request failed; retrying');
        await sleep(delay, signal);
        continue;
      }
      if ((res.status === 429 || res.status >= 500) && !last) {
        const delay = backoffDelay(attempt, policy, res.headers.get('retry-after'));
        await res.body?.cancel().catch(() => undefined);
        log.warn({ method: init?.method ?? 'GET', path: methodOf(url), status: res.status, attempt: attempt + 1, delay }, 'MAX refused the request; retrying');
        await sleep(delay, signal);
        continue;
      }
      return refusalAsError(res);
    }
  };
  return maxFetch as typeof fetch;
}
