// MAX's refusals sorted once (src/bot/max-errors.ts): the table every caller relies on.
import { MaxError } from '@maxhub/max-bot-api';
import { UnrecoverableError } from 'bullmq';
import { describe, expect, it } from 'vitest';
import { classifyMax, classifyStatus, FinalMaxRefusal, forJob, isRetriable, type MaxFailure } from '../../src/bot/max-errors.js';

const refusal = (status: number, code = '', message = 'refused') => new MaxError(status, { code, message });

describe('classifyStatus', () => {
  it.each<[number, string | undefined, MaxFailure]>([
    [400, 'proto.payload', 'final'],
    [403, 'chat.denied', 'final'],
    [404, 'not.found', 'final'],
    [405, undefined, 'final'],
    [409, undefined, 'final'],
    [401, undefined, 'auth'],
    [401, 'verify.token', 'auth'],
    [403, 'verify.token', 'auth'],
    [400, 'verify.token', 'auth'],
    [429, 'too.many.requests', 'rate-limited'],
    [429, undefined, 'rate-limited'],
    [500, undefined, 'retry'],
    [502, undefined, 'retry'],
    [503, 'service.unavailable', 'retry'],
    // The SDK's own status for an upload that failed on this side: not MAX's answer.
    [499, 'upload.request.error', 'retry'],
  ])('%i %s → %s', (status, code, kind) => {
    expect(classifyStatus(status, code)).toBe(kind);
  });
});

describe('classifyMax', () => {
  it('a MaxError keeps its status and code', () => {
    expect(classifyMax(refusal(404, 'chat.not.found'))).toEqual({ kind: 'final', status: 404, code: 'chat.not.found' });
    expect(classifyMax(refusal(429, 'too.many.requests'))).toEqual({ kind: 'rate-limited', status: 429, code: 'too.many.requests' });
    expect(classifyMax(refusal(401, 'verify.token'))).toEqual({ kind: 'auth', status: 401, code: 'verify.token' });
  });

  it('an empty code is no code', () => {
    expect(classifyMax(refusal(403))).toEqual({ kind: 'final', status: 403 });
  });

  it('the SDK’s «attachment not ready» after its own retries is worth another try', () => {
    expect(classifyMax(refusal(500, 'attachment.not.ready')).kind).toBe('retry');
  });

  it.each([
    ['a network error', new TypeError('fetch failed')],
    ['a missed deadline', Object.assign(new Error('timed out'), { name: 'TimeoutError' })],
    ['an abort', Object.assign(new Error('aborted'), { name: 'AbortError' })],
    ['a plain error', new Error('boom')],
    ['a thrown string', 'boom'],
    ['nothing at all', undefined],
    ['a look-alike that is not a MaxError', { status: 404, code: 'not.found' }],
  ])('%s → retry, with no status', (_, err) => {
    expect(classifyMax(err)).toEqual({ kind: 'retry' });
  });
});

describe('isRetriable', () => {
  it.each<[MaxFailure, boolean]>([
    ['retry', true],
    ['rate-limited', true],
    ['final', false],
    ['auth', false],
  ])('%s → %s', (kind, yes) => {
    expect(isRetriable(kind)).toBe(yes);
  });
});

describe('forJob', () => {
  it('a final refusal becomes FinalMaxRefusal, which BullMQ does not retry', () => {
    const cause = refusal(403, 'chat.denied');
    const err = forJob(cause);
    expect(err).toBeInstanceOf(FinalMaxRefusal);
    expect(err).toBeInstanceOf(UnrecoverableError);
    expect(err).toMatchObject({ status: 403, code: 'chat.denied', cause });
    expect(err.message).toBe('MAX refused for good: 403 chat.denied');
  });

  it('a FinalMaxRefusal passes as it is', () => {
    const err = new FinalMaxRefusal(404);
    expect(forJob(err)).toBe(err);
  });

  it.each([
    ['rate-limited', refusal(429)],
    ['auth', refusal(401, 'verify.token')],
    ['a server fault', refusal(502)],
    ['a network error', new TypeError('fetch failed')],
  ])('%s is thrown as it is, for BullMQ to retry', (_, err) => {
    const out = forJob(err);
    expect(out).toBe(err);
    expect(out).not.toBeInstanceOf(UnrecoverableError);
  });

  it('a thrown non-Error becomes an Error', () => {
    const out = forJob('boom');
    expect(out).toBeInstanceOf(Error);
    expect(out.message).toBe('boom');
  });
});
