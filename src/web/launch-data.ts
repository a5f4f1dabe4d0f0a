// MAX mini-app launch data (WebAppData), checked exactly as dev.max.ru/docs/webapps/validation
// describes it: every parameter once; `hash` exactly once and left out of the check;
// values URL-decoded; the rest sorted by key and joined as "key=value" lines with "\n";
// secret = HMAC-SHA256(key "WebAppData", message bot token); the hash must equal
// hex(HMAC-SHA256(secret, lines)), compared in constant time. On top of that, `auth_date`
// may be at most five minutes old (and not from the future), and `user` must be a MAX user.
// MAX signs fresh launch data at every launch, so old data is a copied link, never a user:
// the panel also accepts each launch once (session.ts LaunchLedger, keyed by `launchKey`).
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

/**
 * Launch data older than this is refused (the panel is reopened from the bot instead). MAX signs
 * the data when the person presses the button, and the page exchanges it within a second or two.
 */
export const MAX_LAUNCH_AGE_SEC = 5 * 60;
/** Clocks differ a little: an auth_date this far ahead of ours still passes. */
export const FUTURE_SKEW_SEC = 60;
/** Longer launch data is not looked at (MAX's is well under 2 KB). */
const MAX_RAW_LENGTH = 8_192;

const userSchema = z.object({
  id: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  first_name: z.string().max(256).optional(),
  last_name: z.string().max(256).optional(),
  username: z.string().max(256).nullable().optional(),
  language_code: z.string().max(16).optional(),
  photo_url: z.string().max(2048).nullable().optional(),
});

export type LaunchUser = z.infer<typeof userSchema>;

export interface LaunchData {
  user: LaunchUser;
  /** Seconds since the epoch, as signed by MAX. */
  authDate: number;
  queryId: string | null;
  startParam: string | null;
  /**
   * What names this one launch, to accept it once: "q:<query_id>", or "h:<hash>" when MAX sent
   * no query_id (MAX's Bridge documents query_id as always present; should a launch come without
   * one, its signature is as unique, so it is accepted once by that instead of being refused).
   */
  launchKey: string;
}

export type LaunchRefusal = 'malformed' | 'duplicate_key' | 'no_hash' | 'bad_signature' | 'stale' | 'no_user';
export type LaunchCheck = { ok: true; data: LaunchData } | { ok: false; reason: LaunchRefusal };

function secretKey(botToken: string): Buffer {
  return createHmac('sha256', 'WebAppData').update(botToken).digest();
}

function signatureOf(pairs: Array<[string, string]>, botToken: string): string {
  const lines = [...pairs]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('\n');
  return createHmac('sha256', secretKey(botToken)).update(lines).digest('hex');
}

/** "a=1&b=2" into decoded pairs; null when a part is not key=value or does not decode. */
function splitPairs(raw: string): Array<[string, string]> | null {
  const out: Array<[string, string]> = [];
  for (const part of raw.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    if (eq <= 0) return null;
    try {
      out.push([decodeURIComponent(part.slice(0, eq)), decodeURIComponent(part.slice(eq + 1))]);
    } catch {
      return null;
    }
  }
  return out;
}

/**
 * The WebAppData value out of the URL fragment MAX opens the app with ("WebAppData=…&WebAppPlatform=…"),
 * or null when it is missing or a platform parameter repeats.
 */
export function launchDataFromFragment(fragment: string): string | null {
  const pairs = splitPairs(fragment.replace(/^#/, '').slice(0, MAX_RAW_LENGTH * 2));
  if (!pairs) return null;
  const names = pairs.map(([k]) => k);
  if (new Set(names).size !== names.length) return null;
  return pairs.find(([k]) => k === 'WebAppData')?.[1] ?? null;
}

/** Checks raw launch data ("auth_date=…&query_id=…&user=…&hash=…") against the bot token at `nowMs`. */
export function validateLaunchData(raw: string, botToken: string, nowMs: number): LaunchCheck {
  if (raw.length === 0 || raw.length > MAX_RAW_LENGTH) return { ok: false, reason: 'malformed' };
  const pairs = splitPairs(raw);
  if (!pairs || pairs.length === 0) return { ok: false, reason: 'malformed' };
  const keys = pairs.map(([k]) => k);
  if (new Set(keys).size !== keys.length) return { ok: false, reason: 'duplicate_key' };
  const hash = pairs.find(([k]) => k === 'hash')?.[1];
  if (hash === undefined) return { ok: false, reason: 'no_hash' };
  const rest = pairs.filter(([k]) => k !== 'hash');
  const expected = Buffer.from(signatureOf(rest, botToken), 'hex');
  const given = /^[0-9a-f]{64}$/i.test(hash) ? Buffer.from(hash, 'hex') : Buffer.alloc(0);
  // Same length first (timingSafeEqual demands it); a length says nothing about the secret.
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'bad_signature' };

  const fields = new Map(rest);
  const authDate = Number(fields.get('auth_date'));
  if (!Number.isInteger(authDate) || authDate <= 0) return { ok: false, reason: 'malformed' };
  const nowSec = Math.floor(nowMs / 1000);
  if (nowSec - authDate > MAX_LAUNCH_AGE_SEC || authDate - nowSec > FUTURE_SKEW_SEC) return { ok: false, reason: 'stale' };
  let userJson: unknown;
  try {
    userJson = JSON.parse(fields.get('user') ?? 'null');
  } catch {
    return { ok: false, reason: 'no_user' };
  }
  const user = userSchema.safeParse(userJson);
  if (!user.success) return { ok: false, reason: 'no_user' };
  const queryId = fields.get('query_id') || null;
  return {
    ok: true,
    data: {
      user: user.data,
      authDate,
      queryId,
      startParam: fields.get('start_param') ?? null,
      launchKey: queryId !== null ? `q:${queryId}` : `h:${hash.toLowerCase()}`,
    },
  };
}

/**
 * Signs launch data the way MAX does — for the sandbox, the demo and tests, which hold the
 * (sandbox) bot token. Returns the raw WebAppData string.
 */
export function signLaunchData(fields: { user: LaunchUser; authDate: number; queryId?: string; startParam?: string }, botToken: string): string {
  const pairs: Array<[string, string]> = [
    ['auth_date', String(fields.authDate)],
    // A new query_id for every launch, as MAX gives one.
    ['query_id', fields.queryId ?? randomBytes(12).toString('base64url')],
    ['user', JSON.stringify(fields.user)],
  ];
  if (fields.startParam) pairs.push(['start_param', fields.startParam]);
  const hash = signatureOf(pairs, botToken);
  const signed: Array<[string, string]> = [...pairs, ['hash', hash]];
  return signed.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&');
}

/** The URL fragment MAX would open the app with, for the given launch data. */
export function launchFragment(raw: string): string {
  return `WebAppData=${encodeURIComponent(raw)}&WebAppPlatform=web&WebAppVersion=demo`;
}
