// Incremental statistics: one Redis hash per day (in the organisation's zone) of
// counters, bumped as things happen, so /stats sums at most 365 small hashes instead
// of scanning people or logs. The sources are the audit log (every administrative
// act), conduct (messages in bound chats, violations, reminders, held messages) and
// chat placements (removals). Counts only: no names, no texts, no user ids.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Redis } from 'ioredis';
import type { Logger } from '../log.js';
import type { AuditLog } from '../store/audit-log.js';
import type { ChatStore } from '../store/chat-store.js';
import type { ConductObservation, ConductStore } from '../store/conduct-store.js';
import type { Keys } from '../store/keys.js';
import type { RequestStore } from '../store/request-store.js';
import { dayOf } from '../policy/days.js';
import { holdsNothing } from '../store/personal-data.js';

/** Kept a little longer than the widest period (365 days). */
const DAY_TTL_SECONDS = 400 * 24 * 3600;
/** How long counts wait in the process before they are written: what a crash can lose at most. */
const FLUSH_MS = 1_000;
const DONE: Promise<void> = Promise.resolve();

/** Metrics counted per day; "<metric>@<unit id>" holds the unit's share where a unit is known. */
export const METRICS = [
  'request.created',
  'request.approved',
  'request.rejected',
  'invite.created',
  'invite.used',
  'invite.revoked',
  'invite.lapsed',
  'consent.refused',
  'person.removed',
  'chat.messages',
  'chat.removed',
  'offhours.reminded',
  'offhours.held',
  'broadcast.sent',
  'broadcast.delivered',
  'broadcast.failed',
  'violation.profanity',
  'violation.insult',
  'violation.banned_messenger',
  'violation.personal_data',
  // «Это ошибка» pressed: where the etiquette rules misfire.
  'false_alarm.profanity',
  'false_alarm.insult',
  'false_alarm.banned_messenger',
  'false_alarm.personal_data',
] as const;
export type Metric = (typeof METRICS)[number];

const FROM_AUDIT: ReadonlySet<string> = new Set([
  'request.created',
  'request.approved',
  'request.rejected',
  'invite.created',
  'invite.used',
  'invite.revoked',
  'invite.lapsed',
  'consent.refused',
  'person.removed',
]);

export interface CounterSources {
  audit: AuditLog;
  conduct: ConductStore;
  chats: ChatStore;
  requests: RequestStore;
}

export class StatsCounters {
  /** The zone, re-read at most once a minute (every counted event needs it). */
  private zoneCache: { zone: string; until: number } | null = null;
  /** Counts not written yet: day key → field → amount. */
  private pending = new Map<string, Map<string, number>>();
  private flushTimer: NodeJS.Timeout | null = null;
  /**
   * Runs in the context the counters were made in. The flush is nobody's update: scheduled in
   * the context of whichever update counted first, it would carry that update's async-local
   * state a second later (its crash scope in crash tests, where a kill at the flush's write
   * then landed in the middle of another reply's delivery; its background mark).
   */
  private readonly detached = AsyncLocalStorage.snapshot();

  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
    /** The organisation's time zone now (it may be changed with /setup). */
    private readonly zone: () => Promise<string>,
    private readonly now: () => number,
    private readonly log: Logger,
  ) {}

  /**
   * Adds to the day's counter, and to the unit's share when the unit is known. Counts
   * are gathered in the process and written together at most FLUSH_MS later (one
   * MULTI for all of them), so a chat message costs no Redis round trip of its own.
   * A crash loses at most the counts of the last FLUSH_MS — statistics only, never a
   * request, a decision or a message (README, «Статистика»).
   */
  add(metric: Metric, unitId: string | null, by = 1, at = this.now()): Promise<void> {
    // While the zone read (at most once a minute) is fresh, counting takes no await: a chat message's own cost.
    const zone = this.freshZone();
    if (zone !== null) {
      try {
        this.addIn(zone, metric, unitId, by, at);
        return DONE;
      } catch (err) {
        return Promise.reject(err);
      }
    }
    return this.currentZone().then((z) => this.addIn(z, metric, unitId, by, at));
  }

  private addIn(zone: string, metric: Metric, unitId: string | null, by: number, at: number): void {
    const key = this.keys.statsDay(dayOf(at, zone));
    this.bump(key, metric, by);
    if (unitId) this.bump(key, `${metric}@${unitId}`, by);
    this.scheduleFlush();
  }

  private scheduleFlush(): void {
    this.flushTimer ??= this.detached(() => setTimeout(() => void this.flush().catch(() => undefined), FLUSH_MS));
    this.flushTimer.unref?.();
  }

  private bump(key: string, field: string, by: number): void {
    let day = this.pending.get(key);
    if (!day) {
      day = new Map();
      this.pending.set(key, day);
    }
    day.set(field, (day.get(field) ?? 0) + by);
  }

  /**
   * Writes the gathered counts (the statistics query calls it before reading, shutdown
   * on the way out). Counts whose write failed are kept for the next flush.
   */
  async flush(): Promise<void> {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = null;
    if (this.pending.size === 0) return;
    const batch = this.pending;
    this.pending = new Map();
    const multi = this.redis.multi();
    for (const [key, fields] of batch) {
      for (const [field, by] of fields) multi.hincrby(key, field, by);
      multi.expire(key, DAY_TTL_SECONDS);
    }
    try {
      const replies = await multi.exec();
      if (!replies) throw new Error('statistics flush aborted');
    } catch (err) {
      for (const [key, fields] of batch) for (const [field, by] of fields) this.bump(key, field, by);
      this.scheduleFlush();
      this.log.warn({ err: (err as Error).message }, 'statistics counters not written yet; retrying');
    }
  }

  /** The organisation's zone while the last read of it (at most a minute old) is fresh, else null. */
  private freshZone(): string | null {
    return this.zoneCache !== null && this.zoneCache.until >= Date.now() ? this.zoneCache.zone : null;
  }

  private async currentZone(): Promise<string> {
    const fresh = this.freshZone();
    if (fresh !== null) return fresh;
    this.zoneCache = { zone: await this.zone(), until: Date.now() + 60_000 };
    return this.zoneCache.zone;
  }

  /** Listens to the sources; a failure is logged and never reaches the act being counted. */
  attach(s: CounterSources): void {
    const guard = (what: string, fn: () => Promise<void>) =>
      fn().catch((err: unknown) => this.log.warn({ err: (err as Error).message, what }, 'statistics counter failed'));

    s.audit.onAppend((e) =>
      guard(e.action, async () => {
        if (!FROM_AUDIT.has(e.action)) return;
        const unit = typeof e.details.unit === 'string' && e.details.unit !== '-' ? e.details.unit : null;
        await this.add(e.action as Metric, unit);
        if (e.action === 'request.approved' || e.action === 'request.rejected') {
          const r = await s.requests.get(e.target.replace(/^request:/, ''));
          if (r) await this.decision(r.id, (r.decidedAt ?? this.now()) - r.createdAt, r.unitId);
        }
      }),
    );

    const unitOfChat = async (chatId: number) => (await s.chats.cached(chatId))?.unitId ?? null;
    s.conduct.observe((o: ConductObservation) =>
      // Messages are the most frequent: their unit comes with them, and they are counted without an await of their own.
      o.type === 'message'
        ? guard(o.type, () => this.add('chat.messages', o.unitId))
        : guard(o.type, async () => {
            const unit = 'unitId' in o ? o.unitId : await unitOfChat(o.chatId);
            if (o.type === 'violation') await this.add(`violation.${o.rule}`, unit);
            else if (o.type === 'false_alarm') await this.add(`false_alarm.${o.rule}`, unit);
            else if (o.type === 'reminded') await this.add('offhours.reminded', unit);
            else await this.add('offhours.held', unit);
          }),
    );
    s.chats.onRemoved = (chatId) => guard('chat.removed', async () => this.add('chat.removed', await unitOfChat(chatId)));
  }

  /** A decided join request: how long it waited, kept per day (and per unit) for the median. */
  private async decision(requestId: string, ms: number, unitId: string | null): Promise<void> {
    const key = this.keys.statsDecisions(dayOf(this.now(), await this.currentZone()));
    await this.redis
      .multi()
      .zadd(key, Math.max(0, ms), `${requestId}@${unitId ?? ''}`)
      .expire(key, DAY_TTL_SECONDS)
      .exec();
  }
}

/** Statistics are counts: nothing about a person. */
export const STATS_DATA = holdsNothing('stats', {
  statsDay: 'counts per day and unit: no names, texts or ids',
  statsDecisions: 'decided request ids with their waiting time',
});
