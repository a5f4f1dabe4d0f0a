// The registry of chats the bot is in. MAX has no "list my chats" any more (since
// June 2026), so the registry is kept from bot_added / bot_removed /
// chat_title_changed. Nothing is stored for a chat the bot was never added to.
import type { Redis } from 'ioredis';
import type { ChatKind } from '../policy/chat-membership.js';
import type { Keys } from './keys.js';
import type { ErasedPerson, PersonalDataHolder } from './personal-data.js';
import { defineScripts, STORE_LUA } from './scripts.js';

/** The scripts of lua/chat*.lua. */
type ChatRedis = Redis & {
  chatHsetIfExists(chat: string, changed: string, chatId: string, ...fieldsAndValues: string[]): Promise<number>;
  chatReplacePlacement(placements: string, userId: string, placement: string): Promise<number>;
};

export type ChatStatus = 'unbound' | 'bound' | 'left';

/** What a one-time "the bot lacks a right" notice was about. */
export type RightsNotice = 'moderation' | 'hold';
const RIGHTS_NOTICES: readonly RightsNotice[] = ['moderation', 'hold'];
/** A notice is repeated after this long even if nothing changed (a binder may have missed it). */
const RIGHTS_TOLD_TTL_S = 30 * 24 * 3600;

export interface ChatRecord {
  chatId: number;
  title: string;
  isChannel: boolean;
  status: ChatStatus;
  addedAt: number;
  /**
   * The current binding offer: binding buttons carry it, so a button from an older
   * question (or a forged one) changes nothing. Null once bound.
   */
  offer: string | null;
  /** MAX refused adding members directly (its code); the bot then only sends links. */
  directAddRefused: string | null;
  /** The offer the binding used: a repeat of that press (a re-handled update) finishes the binding. */
  boundOffer: string | null;
  /** Bound, and the first provisioning (rules posted, people invited) is done; until then it is resumed. */
  provisioned: boolean;
  /** The bot's pinned rules message, once posted. */
  rulesMid: string | null;
  kind: ChatKind | null;
  unitId: string | null;
  boundBy: number | null;
  boundAt: number | null;
  /** The bot's rights in the chat, as last read. */
  permissions: string[];
  /** The chat's join link, if MAX gave one. */
  link: string | null;
  /** remove strangers at once instead of asking the curator. */
  removeStrangers: boolean;
  /** Digest of the last daily sync's findings, so that only changes are reported. */
  lastSyncDigest: string | null;
  /** The chat's own hours and rule modes (null: the organisation's hours, the default policy). */
  hours: unknown | null;
  policy: unknown | null;
}

/**
 * Where a person who belongs in a chat stands: present; sent the chat's link (not
 * joined yet); to be added by hand (no link); removed or left; removal failed.
 */
export type PlacementState = 'present' | 'link_sent' | 'manual' | 'removed' | 'failed' | 'left';

export interface Placement {
  state: PlacementState;
  at: number;
  reason?: string;
  /** When the one reminder to join was sent (link_sent only). */
  remindedAt?: number;
}

/**
 * Chat records are read for every chat message but change rarely: the hot path reads
 * them through `cached()`, kept in the process for at most CACHE_MS and dropped at once
 * when any instance writes the record (a message on `chatChanged`, published by the
 * write itself). Everything that decides on a record's fields before changing it
 * (binding, offers) reads with `get()`, straight from Redis.
 */
const CACHE_MS = 30_000;
const CACHE_MAX = 5_000;

export class ChatStore implements PersonalDataHolder {
  readonly name = 'chat-records';
  readonly families = {
    chat: { none: "a chat: title, link, kind, unit, rights and the binder's id" },
    chatChanged: { none: 'a notification channel' },
    chats: { none: 'chat ids' },
    chatPlacements: { holds: 'where the bot placed each person in a chat, by id' },
    chatGuests: { holds: "ids of a chat's guests" },
    chatRightsTold: { none: "which of a chat's missing rights its binder was told of (right names only)" },
  } as const;

  /** The person's placements and guest marks in every chat (the chats holder takes them out first). */
  async erase({ userId }: ErasedPerson): Promise<void> {
    for (const chatId of await this.redis.smembers(this.keys.chats)) {
      await this.redis
        .multi()
        .hdel(this.keys.chatPlacements(Number(chatId)), String(userId))
        .srem(this.keys.chatGuests(Number(chatId)), String(userId))
        .exec();
    }
  }

  private readonly cache = new Map<number, { at: number; record: Promise<ChatRecord | null> }>();

  private readonly redis: ChatRedis;

  constructor(
    redis: Redis,
    private readonly keys: Keys,
  ) {
    defineScripts(redis, STORE_LUA);
    this.redis = redis as ChatRedis;
  }

  /** Drops cached records when another instance (or this one) changed them. */
  async listen(subscriber: Redis): Promise<void> {
    await subscriber.subscribe(this.keys.chatChanged);
    subscriber.on('message', (channel: string, message: string) => {
      if (channel === this.keys.chatChanged) this.cache.delete(Number(message));
    });
  }

  /** The chat record as of at most CACHE_MS ago, or newer when a change was announced. */
  cached(chatId: number): Promise<ChatRecord | null> {
    const now = Date.now();
    const hit = this.cache.get(chatId);
    if (hit && now - hit.at <= CACHE_MS) return hit.record;
    if (this.cache.size >= CACHE_MAX) this.cache.delete(this.cache.keys().next().value!);
    const record = this.get(chatId);
    const entry = { at: now, record };
    this.cache.set(chatId, entry);
    record.catch(() => {
      if (this.cache.get(chatId) === entry) this.cache.delete(chatId);
    });
    return record;
  }

  async get(chatId: number): Promise<ChatRecord | null> {
    const h = await this.redis.hgetall(this.keys.chat(chatId));
    if (!h.chatId) return null;
    return {
      chatId: Number(h.chatId),
      title: h.title ?? '',
      isChannel: h.isChannel === '1',
      status: (h.status as ChatStatus | undefined) ?? 'unbound',
      addedAt: Number(h.addedAt ?? 0),
      offer: h.offer || null,
      directAddRefused: h.directAddRefused || null,
      boundOffer: h.boundOffer || null,
      // Chats bound before this field existed were provisioned then.
      provisioned: h.provisioned !== '0',
      rulesMid: h.rulesMid || null,
      kind: (h.kind || null) as ChatKind | null,
      unitId: h.unitId || null,
      boundBy: h.boundBy ? Number(h.boundBy) : null,
      boundAt: h.boundAt ? Number(h.boundAt) : null,
      permissions: h.permissions ? (JSON.parse(h.permissions) as string[]) : [],
      link: h.link || null,
      removeStrangers: h.removeStrangers === '1',
      lastSyncDigest: h.lastSyncDigest || null,
      hours: h.hours ? (JSON.parse(h.hours) as unknown) : null,
      policy: h.policy ? (JSON.parse(h.policy) as unknown) : null,
    };
  }

  /** The bot was added (again): a fresh, unbound chat with a new binding offer. */
  async added(chatId: number, p: { title: string; isChannel: boolean; link: string | null; at: number; offer: string }): Promise<void> {
    await this.redis
      .multi()
      .hset(this.keys.chat(chatId), {
        chatId: String(chatId),
        title: p.title,
        isChannel: p.isChannel ? '1' : '0',
        link: p.link ?? '',
        addedAt: String(p.at),
        status: 'unbound',
        offer: p.offer,
        kind: '',
        unitId: '',
        boundBy: '',
        boundAt: '',
      })
      .sadd(this.keys.chats, String(chatId))
      .publish(this.keys.chatChanged, String(chatId))
      .exec();
    this.cache.delete(chatId);
  }

  async bind(chatId: number, p: { kind: ChatKind; unitId: string | null; boundBy: number; at: number; offer: string }): Promise<void> {
    // One write: the binding, the offer it used, and "not provisioned yet" (resumed after a crash).
    await this.hsetIfExists(
      chatId,
      ...Object.entries({
        kind: p.kind,
        unitId: p.unitId ?? '',
        boundBy: String(p.boundBy),
        boundAt: String(p.at),
        status: 'bound',
        boundOffer: p.offer,
        offer: '',
        provisioned: '0',
        rulesMid: '',
      }).flat(),
    );
  }

  /** A new binding question supersedes the buttons of every earlier one. */
  async newOffer(chatId: number, offer: string): Promise<void> {
    await this.update(chatId, { offer });
  }

  async unbind(chatId: number): Promise<void> {
    await this.update(chatId, { kind: '', unitId: '', boundBy: '', boundAt: '', status: 'unbound' });
  }

  async left(chatId: number): Promise<void> {
    await this.update(chatId, { status: 'left', offer: '' });
  }

  /** Changes fields of a known chat; a chat the bot was never added to stays unknown. */
  async update(
    chatId: number,
    fields: Partial<{
      title: string;
      permissions: string[];
      link: string | null;
      removeStrangers: boolean;
      lastSyncDigest: string;
      hours: unknown;
      policy: unknown;
      offer: string;
      directAddRefused: string;
      provisioned: string;
      rulesMid: string;
      kind: string;
      unitId: string;
      boundBy: string;
      boundAt: string;
      status: ChatStatus;
    }>,
  ): Promise<void> {
    const h: Record<string, string> = {};
    for (const k of ['offer', 'directAddRefused', 'kind', 'unitId', 'boundBy', 'boundAt', 'status', 'provisioned', 'rulesMid'] as const) {
      if (fields[k] !== undefined) h[k] = fields[k];
    }
    if (fields.title !== undefined) h.title = fields.title;
    if (fields.permissions !== undefined) h.permissions = JSON.stringify(fields.permissions);
    if (fields.link !== undefined) h.link = fields.link ?? '';
    if (fields.removeStrangers !== undefined) h.removeStrangers = fields.removeStrangers ? '1' : '0';
    if (fields.lastSyncDigest !== undefined) h.lastSyncDigest = fields.lastSyncDigest;
    if (fields.hours !== undefined) h.hours = JSON.stringify(fields.hours);
    if (fields.policy !== undefined) h.policy = JSON.stringify(fields.policy);
    if (Object.keys(h).length === 0) return;
    // HSET only where the chat's hash exists (one atomic step), so updates about unknown
    // chats create nothing.
    await this.hsetIfExists(chatId, ...Object.entries(h).flat());
  }

  private async hsetIfExists(chatId: number, ...fieldsAndValues: string[]): Promise<void> {
    // Dropped before and after: a read that began before the write may not keep its old copy.
    this.cache.delete(chatId);
    try {
      await this.redis.chatHsetIfExists(this.keys.chat(chatId), this.keys.chatChanged, String(chatId), ...fieldsAndValues);
    } finally {
      this.cache.delete(chatId);
    }
  }

  async all(): Promise<ChatRecord[]> {
    const ids = await this.redis.smembers(this.keys.chats);
    return (await Promise.all(ids.map((id) => this.get(Number(id))))).filter((c): c is ChatRecord => c !== null);
  }

  async bound(): Promise<ChatRecord[]> {
    return (await this.all()).filter((c) => c.status === 'bound');
  }

  async place(chatId: number, userId: number, placement: Placement): Promise<void> {
    await this.redis.hset(this.keys.chatPlacements(chatId), String(userId), JSON.stringify(placement));
    if (placement.state === 'removed') await this.onRemoved?.(chatId).catch(() => undefined);
  }

  /**
   * Updates a placement the bot still keeps (the member left or was removed), in one step:
   * one that was forgotten meanwhile (the person erased) is not written back.
   */
  async replacePlacement(chatId: number, userId: number, placement: Placement): Promise<void> {
    const written = await this.redis.chatReplacePlacement(this.keys.chatPlacements(chatId), String(userId), JSON.stringify(placement));
    if (written === 1 && placement.state === 'removed') await this.onRemoved?.(chatId).catch(() => undefined);
  }

  /** Statistics count removals from chats here (src/reports/counters.ts). */
  onRemoved: ((chatId: number) => Promise<void>) | null = null;

  async placements(chatId: number): Promise<Map<number, Placement>> {
    const h = await this.redis.hgetall(this.keys.chatPlacements(chatId));
    return new Map(Object.entries(h).map(([k, v]) => [Number(k), JSON.parse(v) as Placement]));
  }

  async placement(chatId: number, userId: number): Promise<Placement | null> {
    const raw = await this.redis.hget(this.keys.chatPlacements(chatId), String(userId));
    return raw ? (JSON.parse(raw) as Placement) : null;
  }

  async keepAsGuest(chatId: number, userId: number): Promise<void> {
    await this.redis.sadd(this.keys.chatGuests(chatId), String(userId));
  }

  /** Everyone a curator chose to keep in the chat as a guest. */
  async guests(chatId: number): Promise<Set<number>> {
    return new Set((await this.redis.smembers(this.keys.chatGuests(chatId))).map(Number));
  }

  /**
   * The binder is to be told that the bot lacks `missing` for `about` (deleting violations,
   * holding messages): true the first time for that set, false while it is the set they were
   * told of. One atomic SET … GET, so two violations handled at once make one notice.
   */
  async tellOnce(chatId: number, about: RightsNotice, missing: string): Promise<boolean> {
    const before = await this.redis.set(this.keys.chatRightsTold(chatId, about), missing, 'EX', RIGHTS_TOLD_TTL_S, 'GET');
    return before !== missing;
  }

  /** The bot's rights changed: the next time one is missing, the binder is told again. */
  async forgetRightsNotices(chatId: number): Promise<void> {
    await this.redis.del(...RIGHTS_NOTICES.map((about) => this.keys.chatRightsTold(chatId, about)));
  }

  async isGuest(chatId: number, userId: number): Promise<boolean> {
    return (await this.redis.sismember(this.keys.chatGuests(chatId), String(userId))) === 1;
  }
}
