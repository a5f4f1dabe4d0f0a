// Conduct in chats: violation records (rule, chat, person, time — never the text),
// one reminder per off-hours period, recording-consent polls, /later bookings.
import type { Redis } from 'ioredis';
import type { RuleId } from '../policy/etiquette/index.js';
import type { Keys } from './keys.js';
import { ANY, scanKeys, type ErasedPerson, type PersonalDataHolder } from './personal-data.js';
import { defineScripts, STORE_LUA } from './scripts.js';

const DAY = 24 * 3600 * 1000;

/** What is kept about a violation for its "это ошибка" button: never the text. */
export interface ViolationRef {
  chatId: number;
  userId: number;
  rule: RuleId;
  at: number;
}

export interface LaterBooking {
  jobKey: string;
  /** The chat it goes to; null for a parent's question to the curator. */
  chatId: number | null;
  at: number;
}

/** What statistics learn from conduct: counts only, never a text. */
export type ConductObservation =
  | { type: 'message'; chatId: number; unitId: string | null }
  | { type: 'violation'; chatId: number; rule: RuleId }
  /** Someone pressed «Это ошибка» on a violation: the rule misfired. */
  | { type: 'false_alarm'; chatId: number; rule: RuleId }
  | { type: 'reminded'; chatId: number }
  | { type: 'held'; chatId: number; unitId: string | null };

export class ConductStore implements PersonalDataHolder {
  readonly name = 'conduct';
  readonly families = {
    violations: { holds: "one person's violations in one chat, under a key naming their id" },
    violationLog: { holds: "every violation with the chat, the person's id, the message id and the rule" },
    accountAlerts: { holds: "a person's account alerts of a day, under a key naming their id" },
    violationRef: { holds: "what a «Это ошибка» button names: chat, person's id, rule" },
    falseAlarms: { none: 'counts per rule' },
    reminded: { none: 'a flag per chat and period' },
    recording: { none: "a recording poll: chat, the starter's id, time" },
    recordingAnswers: { holds: "people's answers to a recording poll, by id" },
    nudge: { holds: "a staff member's off-hours message (its text) offered to move to the morning" },
    later: { holds: "a person's /later bookings (the messages themselves are held outbox jobs)" },
  } as const;

  async erase({ userId }: ErasedPerson): Promise<void> {
    const id = String(userId);
    for (const key of await scanKeys(this.redis, this.keys.violations(ANY, userId))) await this.redis.del(key);
    // A sorted set of "<chat>|<user>|<mid>|<rule>".
    let cursor = '0';
    const mine: string[] = [];
    do {
      const [next, flat] = await this.redis.zscan(this.keys.violationLog, cursor, 'COUNT', 1000);
      cursor = next;
      for (let i = 0; i < flat.length; i += 2) if (flat[i]!.split('|')[1] === id) mine.push(flat[i]!);
    } while (cursor !== '0');
    for (let i = 0; i < mine.length; i += 500) await this.redis.zrem(this.keys.violationLog, ...mine.slice(i, i + 500));
    for (const key of await scanKeys(this.redis, this.keys.accountAlerts(userId, ANY))) await this.redis.del(key);
    for (const key of await scanKeys(this.redis, this.keys.violationRef('*'))) {
      if ((await this.redis.hget(key, 'userId')) === id) await this.redis.del(key);
    }
    for (const key of await scanKeys(this.redis, this.keys.recordingAnswers('*'))) await this.redis.hdel(key, id);
    for (const key of await scanKeys(this.redis, this.keys.nudge('*'))) {
      if ((await this.redis.hget(key, 'userId')) === id) await this.redis.del(key);
    }
    await this.redis.del(this.keys.later(userId));
  }

  private observer: ((o: ConductObservation) => Promise<void>) | null = null;

  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
  ) {
    defineScripts(redis, STORE_LUA);
  }

  /**
   * Records a violation once per message and rule (an edited message is not counted
   * twice); returns how many messages of this person in this chat broke a rule within
   * the window.
   */
  async recordViolation(
    chatId: number,
    userId: number,
    rule: RuleId,
    mid: string,
    now: number,
    windowDays: number,
  ): Promise<{ fresh: boolean; count: number }> {
    const [added, count] = (await (
      this.redis as Redis & { conductRecordViolation(...a: Array<string | number>): Promise<[number, number]> }
    ).conductRecordViolation(
      this.keys.violations(chatId, userId),
      this.keys.violationLog,
      now,
      `${mid}|${rule}`,
      now - windowDays * DAY,
      `${chatId}|${userId}`,
      windowDays * 24 * 3600 + 3600,
    )) as [number, number];
    if (added === 1) await this.note({ type: 'violation', chatId, rule });
    return { fresh: added === 1, count };
  }

  /** Keeps what a "это ошибка" button needs to know about a violation (no text), for the window. */
  async saveViolationRef(id: string, v: ViolationRef, ttlDays: number): Promise<void> {
    const key = this.keys.violationRef(id);
    await this.redis
      .multi()
      .hset(key, { chatId: String(v.chatId), userId: String(v.userId), rule: v.rule, at: String(v.at) })
      .expire(key, ttlDays * 24 * 3600)
      .exec();
  }

  async violationRef(id: string): Promise<ViolationRef | null> {
    const h = await this.redis.hgetall(this.keys.violationRef(id));
    if (!h.rule) return null;
    return { chatId: Number(h.chatId), userId: Number(h.userId), rule: h.rule as RuleId, at: Number(h.at) };
  }

  /** Marks the violation a false alarm once (whoever presses first); true if this press counted. */
  async markFalseAlarm(id: string, by: number): Promise<boolean> {
    const key = this.keys.violationRef(id);
    const first = await this.redis.hsetnx(key, 'falseAlarmBy', String(by));
    if (first !== 1) return false;
    const [rule, chatId] = await this.redis.hmget(key, 'rule', 'chatId');
    if (rule) {
      await this.redis.hincrby(this.keys.falseAlarms, rule, 1);
      await this.note({ type: 'false_alarm', chatId: Number(chatId), rule: rule as RuleId });
    }
    return true;
  }

  /** Rule → false alarms marked so far. */
  async falseAlarmCounts(): Promise<Record<string, number>> {
    const h = await this.redis.hgetall(this.keys.falseAlarms);
    return Object.fromEntries(Object.entries(h).map(([k, v]) => [k, Number(v)]));
  }

  /** True the first time this chat asks within the off-hours period. */
  async firstReminder(chatId: number, periodId: string, ttlSeconds: number): Promise<boolean> {
    const first = (await this.redis.set(this.keys.reminded(chatId, periodId), '1', 'EX', Math.max(60, ttlSeconds), 'NX')) === 'OK';
    if (first) await this.note({ type: 'reminded', chatId });
    return first;
  }

  /** Statistics listen here (src/reports/counters.ts). */
  observe(fn: (o: ConductObservation) => Promise<void>): void {
    this.observer = fn;
  }

  /** A fact for statistics only (a message in a bound chat, a held message); failures are swallowed. */
  async note(o: ConductObservation): Promise<void> {
    await this.observer?.(o).catch(() => undefined);
  }

  async startRecording(pollId: string, chatId: number, starter: number, at: number): Promise<void> {
    await this.redis.hset(this.keys.recording(pollId), { chatId: String(chatId), starter: String(starter), at: String(at) });
    await this.redis.expire(this.keys.recording(pollId), 7 * 24 * 3600);
  }

  async recording(pollId: string): Promise<{ chatId: number; starter: number; at: number } | null> {
    const h = await this.redis.hgetall(this.keys.recording(pollId));
    return h.chatId ? { chatId: Number(h.chatId), starter: Number(h.starter), at: Number(h.at) } : null;
  }

  async answerRecording(pollId: string, userId: number, agree: boolean): Promise<Map<number, boolean>> {
    await this.redis
      .multi()
      .hset(this.keys.recordingAnswers(pollId), String(userId), agree ? 'yes' : 'no')
      .expire(this.keys.recordingAnswers(pollId), 7 * 24 * 3600)
      .exec();
    const h = await this.redis.hgetall(this.keys.recordingAnswers(pollId));
    return new Map(Object.entries(h).map(([k, v]) => [Number(k), v === 'yes']));
  }

  async saveNudge(nudgeId: string, n: { chatId: number; mid: string; userId: number; text: string; at: number }): Promise<void> {
    await this.redis
      .multi()
      .hset(this.keys.nudge(nudgeId), { chatId: String(n.chatId), mid: n.mid, userId: String(n.userId), text: n.text, at: String(n.at) })
      .expire(this.keys.nudge(nudgeId), 24 * 3600)
      .exec();
  }

  /** Takes the nudge (once): the second press finds nothing. */
  async takeNudge(nudgeId: string): Promise<{ chatId: number; mid: string; userId: number; text: string; at: number } | null> {
    const [[, h]] = (await this.redis.multi().hgetall(this.keys.nudge(nudgeId)).del(this.keys.nudge(nudgeId)).exec()) as [
      [Error | null, Record<string, string>],
      unknown,
    ];
    return h.chatId ? { chatId: Number(h.chatId), mid: h.mid!, userId: Number(h.userId), text: h.text ?? '', at: Number(h.at) } : null;
  }

  async bookLater(userId: number, booking: LaterBooking): Promise<void> {
    await this.redis.hset(this.keys.later(userId), booking.jobKey, JSON.stringify(booking));
  }

  async laterBooking(userId: number, jobKey: string): Promise<LaterBooking | null> {
    const raw = await this.redis.hget(this.keys.later(userId), jobKey);
    return raw ? (JSON.parse(raw) as LaterBooking) : null;
  }

  async dropLater(userId: number, jobKey: string): Promise<boolean> {
    return (await this.redis.hdel(this.keys.later(userId), jobKey)) === 1;
  }
}
