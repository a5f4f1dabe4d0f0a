// Complaints a person made about chat messages (/report as a reply): which messages, and how
// many today — so one message is complained about once per person, and a person has a daily
// limit. One hash per reporter (keys.complaints), with a TTL renewed on each write:
//   "m:<message id>" → the update that filed it (a handler run again files nothing new)
//   "d:<day>"        → complaints filed that day (older days' counters are dropped on write)
// No texts, no names: the message id and counts only. erase(userId) drops the person's hash.
import type { Redis } from 'ioredis';
import type { Keys } from './keys.js';
import type { ErasedPerson, PersonalDataHolder } from './personal-data.js';

export type ComplaintNote = 'ok' | 'repeat' | 'limit';

const NOTE = `
-- KEYS[1] the reporter's hash; ARGV mid field, day field, update id, limit, ttl seconds
local prev = redis.call('HGET', KEYS[1], ARGV[1])
if prev then
  if prev == ARGV[3] then return 'ok' end
  return 'repeat'
end
local count = tonumber(redis.call('HGET', KEYS[1], ARGV[2]) or '0')
if count >= tonumber(ARGV[4]) then return 'limit' end
local fields = redis.call('HKEYS', KEYS[1])
for _, f in ipairs(fields) do
  if string.sub(f, 1, 2) == 'd:' and f ~= ARGV[2] then redis.call('HDEL', KEYS[1], f) end
end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
redis.call('HINCRBY', KEYS[1], ARGV[2], 1)
redis.call('EXPIRE', KEYS[1], ARGV[5])
return 'ok'
`;

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
    redis.defineCommand('complaintNote', { numberOfKeys: 1, lua: NOTE });
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
