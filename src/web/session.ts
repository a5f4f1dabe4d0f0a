// Panel sessions in Redis, without cookies. MAX's web client shows the panel in a frame of its own
// site (https://web.max.ru), where the panel is a third-party frame: browsers send it no SameSite
// cookies (and block third-party cookies more and more). So a session is a bearer token:
//   1. MAX hands the page signed launch data once, in the URL fragment; panel.js posts it to
//      /app/session, which checks it (launch-data.ts: signature, at most five minutes old), accepts
//      each launch once (LaunchLedger below: a copied launch link opens nothing) and answers
//      with a random token.
//   2. The page keeps the token in sessionStorage (it survives a reload inside MAX, and is gone
//      with the tab) and sends it as `Authorization: Bearer …` with every request: panel.js loads
//      pages, forms, images and downloads by fetch and swaps the page in (panel.ts). The token is
//      never in a URL (it would reach logs and Referer headers).
//   3. Only the token's SHA-256 names a Redis hash with the user id and the session's CSRF token,
//      so a Redis dump holds no usable token. Every change still carries the CSRF token.
// Rights are not stored: every request reads them again from the permission table.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Keys } from '../store/keys.js';
import { FUTURE_SKEW_SEC, MAX_LAUNCH_AGE_SEC } from './launch-data.js';
import { scanKeys, type ErasedPerson, type PersonalDataHolder } from '../store/personal-data.js';
import { defineScripts } from '../store/scripts.js';

/** A session lives at most this long; reopening the panel from the bot makes a new one. */
export const SESSION_TTL_SEC = 60 * 60;
/**
 * A launch is remembered this long: longer than launch data stays acceptable (its age window and
 * the clock skew allowed), so a launch is never accepted twice.
 */
export const LAUNCH_SEEN_TTL_SEC = MAX_LAUNCH_AGE_SEC + FUTURE_SKEW_SEC + 60;
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

export interface Session {
  /** The Redis key's hash part (not the token). */
  id: string;
  userId: number;
  csrf: string;
}

const hashOf = (token: string) => createHash('sha256').update(token).digest('hex');

/** The panel's own scripts: src/web/lua/ (here webSessionSetIfOpen-1.lua). */
const LUA = new URL('./lua/', import.meta.url);

type SessionRedis = Redis & { webSessionSetIfOpen(session: string, field: string, value: string): Promise<null> };

export class SessionStore implements PersonalDataHolder {
  readonly name = 'web-sessions';
  readonly families = {
    webSession: { holds: "a panel session: the user's id, a notice and the searches typed (names)" },
    webLaunch: { none: 'a hash of a launch already used' },
    webRate: { none: 'a request counter for a minute (an id in the key, gone in a minute)' },
  } as const;

  /**
   * The person's sessions end; every session forgets its remembered searches (a search may have
   * named the person; they are a convenience, typed again in a moment).
   */
  async erase({ userId }: ErasedPerson): Promise<void> {
    for (const key of await scanKeys(this.redis, this.keys.webSession('*'))) {
      const h = await this.redis.hgetall(key);
      if (h.userId === String(userId)) await this.redis.del(key);
      else {
        const searches = Object.keys(h).filter((f) => f.startsWith('search:'));
        if (searches.length > 0) await this.redis.hdel(key, ...searches);
      }
    }
  }

  private readonly redis: SessionRedis;

  constructor(
    redis: Redis,
    private readonly keys: Keys,
  ) {
    defineScripts(redis, LUA);
    this.redis = redis as SessionRedis;
  }

  /** A new session for the user; returns the token (only its hash is stored). */
  async open(userId: number): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    const key = this.keys.webSession(hashOf(token));
    await this.redis
      .multi()
      .hset(key, { userId: String(userId), csrf: randomBytes(24).toString('base64url') })
      .expire(key, SESSION_TTL_SEC)
      .exec();
    return token;
  }

  async get(token: string | undefined): Promise<Session | null> {
    if (!token || !TOKEN.test(token)) return null;
    const id = hashOf(token);
    const h = await this.redis.hgetall(this.keys.webSession(id));
    if (!h.userId || !h.csrf) return null;
    return { id, userId: Number(h.userId), csrf: h.csrf };
  }

  static csrfMatches(session: Session, given: unknown): boolean {
    if (typeof given !== 'string') return false;
    const a = Buffer.from(session.csrf);
    const b = Buffer.from(given);
    return a.length === b.length && timingSafeEqual(a, b);
  }

  /** A line shown once on the next page (the result of a change). */
  async setNotice(session: Session, text: string, ok: boolean): Promise<void> {
    await this.setIfOpen(session, 'notice', JSON.stringify({ text, ok }));
  }

  /** A field of a session that still exists: a session that lapsed meanwhile is not re-created without its expiry. */
  private async setIfOpen(session: Session, field: string, value: string): Promise<void> {
    await this.redis.webSessionSetIfOpen(this.keys.webSession(session.id), field, value);
  }

  async takeNotice(session: Session): Promise<{ text: string; ok: boolean } | null> {
    const key = this.keys.webSession(session.id);
    const [[, raw]] = ((await this.redis.multi().hget(key, 'notice').hdel(key, 'notice').exec()) ?? [[null, null]]) as [[unknown, string | null]];
    return raw ? (JSON.parse(raw) as { text: string; ok: boolean }) : null;
  }

  /** A search typed on a page: kept in the session, so that no name ever travels in a URL. */
  async setSearch(session: Session, page: string, text: string): Promise<void> {
    await this.setIfOpen(session, `search:${page}`, text);
  }

  async search(session: Session, page: string): Promise<string> {
    return (await this.redis.hget(this.keys.webSession(session.id), `search:${page}`)) ?? '';
  }
}

/** The token out of an `Authorization: Bearer <token>` header. */
export function bearerToken(header: string | undefined): string | undefined {
  const m = /^Bearer ([A-Za-z0-9_-]{1,64})$/.exec(header ?? '');
  return m ? m[1] : undefined;
}

/** Launches already exchanged for a session: each is accepted once. */
export class LaunchLedger {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
  ) {}

  /** True the first time a launch is presented, false ever after (while it could still pass the age check). */
  async claim(launchKey: string): Promise<boolean> {
    const key = this.keys.webLaunch(createHash('sha256').update(launchKey).digest('hex'));
    return (await this.redis.set(key, '1', 'EX', LAUNCH_SEEN_TTL_SEC, 'NX')) === 'OK';
  }
}

/** A fixed-window counter per minute: true while `who` is within `limit` requests this minute. */
export async function withinRate(redis: Redis, keys: Keys, who: string, limit: number, nowMs: number): Promise<boolean> {
  const minute = Math.floor(nowMs / 60_000);
  const key = keys.webRate(who, minute);
  const [[, count]] = ((await redis.multi().incr(key).expire(key, 120).exec()) ?? [[null, 0]]) as [[unknown, number]];
  return count <= limit;
}
