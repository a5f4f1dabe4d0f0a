// MAX's refusals, sorted once. Every place that decides what to do after a failed MAX
// call (skip a message, retry a job, stop the start, count a rate limit) asks here
// instead of comparing statuses itself.
//
// - `auth`: 401, or MAX's code `verify.token` — the token is wrong; retrying the call
//   cannot help, only a restart with another token.
// - `rate-limited`: 429 — nothing went out; the same call later will do.
// - `final`: any other 4xx — this call will never succeed (chat gone, bot removed,
//   attachment unknown, …); the caller skips it.
// - `retry`: a 5xx, a network error, a missed deadline, or anything that is not an
//   answer of MAX at all.
//
// MAX's error body is `{ code, message }` (api-schema `Error`); the SDK throws it as a
// MaxError with the HTTP status. The bot decides by status and `code`, never by the
// message (MAX changelog, November 2026).
import { MaxError } from '@maxhub/max-bot-api';
import { UnrecoverableError } from 'bullmq';

export type MaxFailure = 'final' | 'retry' | 'rate-limited' | 'auth';

export interface MaxRefusal {
  kind: MaxFailure;
  /** HTTP status of MAX's answer; absent when there was no answer. */
  status?: number;
  /** MAX's error code, when it gave one. */
  code?: string;
}

/**
 * The SDK's own status for an upload that failed on this side (network error, abort, a
 * broken stream): not an answer of MAX, so not a final refusal.
 */
const CLIENT_CLOSED_REQUEST = 499;

/** The kind of a failed answer from its HTTP status and MAX's code. */
export function classifyStatus(status: number, code?: string): MaxFailure {
  if (status === 401 || code === 'verify.token') return 'auth';
  if (status === 429) return 'rate-limited';
  if (status >= 400 && status < 500 && status !== CLIENT_CLOSED_REQUEST) return 'final';
  return 'retry';
}

/** True for the kinds that the same call, tried again later, may get past. */
export function isRetriable(kind: MaxFailure): boolean {
  return kind === 'retry' || kind === 'rate-limited';
}

/** Sorts whatever a MAX call threw. Anything that is not MAX's answer is `retry`. */
export function classifyMax(err: unknown): MaxRefusal {
  if (!(err instanceof MaxError)) return { kind: 'retry' };
  const code = typeof err.code === 'string' && err.code !== '' ? err.code : undefined;
  return { kind: classifyStatus(err.status, code), status: err.status, ...(code ? { code } : {}) };
}

/** A MAX refusal no retry will change; BullMQ fails the job at once instead of retrying it. */
export class FinalMaxRefusal extends UnrecoverableError {
  constructor(
    readonly status: number,
    readonly code?: string,
    options?: { cause?: unknown },
  ) {
    super(`MAX refused for good: ${status}${code ? ` ${code}` : ''}`);
    if (options && 'cause' in options) this.cause = options.cause;
  }
}

/** What a queue job throws for a caught error: a final refusal becomes FinalMaxRefusal, the rest is thrown as it is. */
export function forJob(err: unknown): Error {
  if (err instanceof FinalMaxRefusal) return err;
  const r = classifyMax(err);
  if (r.kind === 'final') return new FinalMaxRefusal(r.status!, r.code, { cause: err });
  return err instanceof Error ? err : new Error(String(err));
}
