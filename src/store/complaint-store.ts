// Complaints a person made about chat messages (/report as a reply): which messages, and how
// many today — so one message is complained about once per person, and a person has a daily
// limit. One hash per reporter (keys.complaints), with a TTL renewed on each write:
//   "m:<message id>" → the update that filed it (a handler run again files nothing new)
//   "d:<day>"        → complaints filed that day (older days' counters are dropped on write)
// No texts, no names: the message id and counts only. erase(userId) drops the person's hash.
import type { Redis } from 'ioredis';
import type { Keys } from './keys.js';
import type { ErasedPerson, PersonalDataHolder } from './personal-data.js';
import { defineScripts, STORE_LUA } from './scripts.js';

export type ComplaintNote = 'ok' | 'repeat' | 'limit';

type ComplaintRedis = Redis & { complaintNote(key: string, mid: string, day: string, updateId: string, limit: number, ttl: number): Promise<string> };

export class ComplaintStore implements PersonalDataHolder {
  readonly name = 'complaints';
  readonly families = {
    complaints: { holds: "the reporter's id in the key, ids of the messages they complained about, daily counts" },
  } as const;
  private readonly redis: ComplaintRedis;

  constructor(
    redis: Redis,
    private readonly keys: Keys,
  ) {
    defineScripts(redis, STORE_LUA);
    this.redis = redis as ComplaintRedis;
  }

  /**
   * Files a complaint about a message unless this person complained about it already
   * ('repeat') or reached the day's limit ('limit'). The same update again answers 'ok'.
   */
  async note(userId: number, mid: string, day: string, updateId: string, limit: number, ttlSeconds: number): Promise<ComplaintNote> {
    return (await this.redis.complaintNote(this.keys.complaints(userId), `m:${mid}`, `d:${day}`, updateId, limit, ttlSeconds)) as ComplaintNote;
  }

  /** Erases what is kept about the person's complaints (the erasure runs it for /forget, removal, graduation). */
  async erase({ userId }: ErasedPerson): Promise<void> {
    await this.redis.del(this.keys.complaints(userId));
  }
}
