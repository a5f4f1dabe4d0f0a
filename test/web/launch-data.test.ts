// Launch data (WebAppData) validation, as a table: each row is raw launch data and the verdict.
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { launchDataFromFragment, launchFragment, signLaunchData, validateLaunchData } from '../../src/web/launch-data.js';

const TOKEN = 'test-bot-token';
const NOW = Date.parse('2026-11-27T12:00:00Z');
const NOW_SEC = NOW / 1000;
const user = { id: 4242, first_name: 'Анна', last_name: 'Петрова', username: 'anna', language_code: 'ru' };

/** An independent signer written straight from the documentation (not the module's own code). */
function docSigned(pairs: Array<[string, string]>, token = TOKEN): string {
  const secret = createHmac('sha256', 'WebAppData').update(token).digest();
  const lines = [...pairs]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k}=${v}`)
    .join('\n');
  const hash = createHmac('sha256', secret).update(lines).digest('hex');
  return [...pairs, ['hash', hash] as [string, string]].map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&');
}

const base: Array<[string, string]> = [
  ['auth_date', String(NOW_SEC - 60)],
  ['query_id', 'AAHdF6IQ'],
  ['user', JSON.stringify(user)],
];
const good = docSigned(base);

const swapParam = (raw: string, key: string, value: string) =>
  raw
    .split('&')
    .map((p) => (p.startsWith(`${key}=`) ? `${key}=${encodeURIComponent(value)}` : p))
    .join('&');

const rows: Array<{ name: string; raw: string; now?: number; token?: string; verdict: string }> = [
  { name: 'good', raw: good, verdict: 'ok' },
  { name: 'good, signed by the module', raw: signLaunchData({ user, authDate: NOW_SEC - 10 }, TOKEN), verdict: 'ok' },
  { name: 'good, with start_param', raw: docSigned([...base, ['start_param', 'panel']]), verdict: 'ok' },
  { name: 'reordered parameters', raw: good.split('&').reverse().join('&'), verdict: 'ok' },
  { name: 'tampered user id', raw: swapParam(good, 'user', JSON.stringify({ ...user, id: 1 })), verdict: 'bad_signature' },
  { name: 'tampered auth_date', raw: swapParam(good, 'auth_date', String(NOW_SEC)), verdict: 'bad_signature' },
  { name: 'tampered hash', raw: swapParam(good, 'hash', 'a'.repeat(64)), verdict: 'bad_signature' },
  { name: 'hash of another length', raw: swapParam(good, 'hash', 'abcd'), verdict: 'bad_signature' },
  { name: 'another bot token', raw: good, token: 'other-token', verdict: 'bad_signature' },
  { name: 'extra parameter added', raw: `${good}&chat=1`, verdict: 'bad_signature' },
  { name: 'duplicated key', raw: `${good}&user=${encodeURIComponent(JSON.stringify(user))}`, verdict: 'duplicate_key' },
  { name: 'duplicated hash', raw: `${good}&hash=${'0'.repeat(64)}`, verdict: 'duplicate_key' },
  {
    name: 'missing hash',
    raw: good
      .split('&')
      .filter((p) => !p.startsWith('hash='))
      .join('&'),
    verdict: 'no_hash',
  },
  // `good` was signed a minute before NOW; launch data may be five minutes old.
  { name: 'four minutes old', raw: good, now: NOW + 3 * 60_000, verdict: 'ok' },
  { name: 'five minutes old', raw: good, now: NOW + 4 * 60_000, verdict: 'ok' },
  { name: 'five minutes and a second old', raw: good, now: NOW + 4 * 60_000 + 1000, verdict: 'stale' },
  { name: 'ten minutes old', raw: good, now: NOW + 9 * 60_000, verdict: 'stale' },
  { name: '23 hours old', raw: good, now: NOW + 23 * 3600_000, verdict: 'stale' },
  { name: 'a minute ahead of our clock', raw: good, now: NOW - 2 * 60_000, verdict: 'ok' },
  { name: 'from the future', raw: good, now: NOW - 3 * 60_000, verdict: 'stale' },
  { name: 'no query_id (accepted once by its hash)', raw: docSigned(base.filter(([k]) => k !== 'query_id')), verdict: 'ok' },
  { name: 'no user', raw: docSigned(base.filter(([k]) => k !== 'user')), verdict: 'no_user' },
  { name: 'user without an id', raw: docSigned([...base.filter(([k]) => k !== 'user'), ['user', '{"first_name":"x"}']]), verdict: 'no_user' },
  { name: 'user not JSON', raw: docSigned([...base.filter(([k]) => k !== 'user'), ['user', 'nope']]), verdict: 'no_user' },
  { name: 'no auth_date', raw: docSigned(base.filter(([k]) => k !== 'auth_date')), verdict: 'malformed' },
  { name: 'empty', raw: '', verdict: 'malformed' },
  { name: 'not key=value', raw: 'garbage', verdict: 'malformed' },
  { name: 'bad escape', raw: `${good}&x=%E0%A4%A`, verdict: 'malformed' },
  { name: 'too long', raw: `${good}&pad=${'x'.repeat(9000)}`, verdict: 'malformed' },
];

describe('validateLaunchData', () => {
  it.each(rows)('$name → $verdict', ({ raw, now, token, verdict }) => {
    const r = validateLaunchData(raw, token ?? TOKEN, now ?? NOW);
    expect(r.ok ? 'ok' : r.reason).toBe(verdict);
  });

  it('returns the user and the signed fields', () => {
    const r = validateLaunchData(docSigned([...base, ['start_param', 'x1']]), TOKEN, NOW);
    expect(r).toEqual({ ok: true, data: { user, authDate: NOW_SEC - 60, queryId: 'AAHdF6IQ', startParam: 'x1', launchKey: 'q:AAHdF6IQ' } });
  });

  it('names a launch by its query_id, or by its signature when MAX sent none', () => {
    const raw = docSigned(base.filter(([k]) => k !== 'query_id'));
    const hash = new URLSearchParams(raw).get('hash')!;
    const r = validateLaunchData(raw, TOKEN, NOW);
    expect(r.ok && r.data).toMatchObject({ queryId: null, launchKey: `h:${hash}` });
    // An empty query_id is no name either (it would make every such launch the same one).
    const empty = validateLaunchData(docSigned([...base.filter(([k]) => k !== 'query_id'), ['query_id', '']]), TOKEN, NOW);
    expect(empty.ok && empty.data.launchKey).toMatch(/^h:[0-9a-f]{64}$/);
  });

  it('signs every launch with a query_id of its own, as MAX does', () => {
    const ids = [1, 2, 3].map(() => {
      const r = validateLaunchData(signLaunchData({ user, authDate: NOW_SEC }, TOKEN), TOKEN, NOW);
      return r.ok ? r.data.queryId : null;
    });
    expect(new Set(ids).size).toBe(3);
    expect(ids).not.toContain(null);
  });
});

describe('launchDataFromFragment', () => {
  it('takes WebAppData out of the fragment MAX opens the app with', () => {
    expect(launchDataFromFragment(`#${launchFragment(good)}`)).toBe(good);
  });
  it('refuses a fragment whose parameter repeats, or without WebAppData', () => {
    expect(launchDataFromFragment(`${launchFragment(good)}&WebAppData=x`)).toBeNull();
    expect(launchDataFromFragment('WebAppPlatform=web')).toBeNull();
    expect(launchDataFromFragment('')).toBeNull();
  });
});
