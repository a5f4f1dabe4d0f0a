// The outbox's part of an erasure: messages held for working hours (or /later) are BullMQ
// delayed jobs that keep their texts until they go out, the next morning or on Monday. After
// a person is erased, a held message addressed to them is dropped, and so is one about them:
// a request card, their feedback or question to the staff, a report naming them. Which messages
// are about whom is said where they are made (`about` of OutgoingMessage); a held message whose
// text still names the person (their name's words, in any case form) is dropped too, as a
// safety net for messages nobody tagged. Sent and failed jobs keep their data for a while
// (an hour, a week), so they are cleaned the same way.
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { InboxItem } from '../store/inbox.js';
import type { Keys } from '../store/keys.js';
import { eraseJobs, scanKeys, type ErasedPerson, type PersonalDataHolder } from '../store/personal-data.js';
import type { OutboxJob, QueuedMessage } from './outbox.js';
import { defineScripts } from '../store/scripts.js';

const norm = (s: string) => s.toLowerCase().replace(/ё/g, 'е');

/**
 * Whether the text names the person: every word of the name appears, as the start of a word,
 * with its last two letters free (Russian case endings: «Канареечкиной Зои» names «Канареечкина Зоя»).
 */
export function namesPerson(text: string, fullName: string | null): boolean {
  if (!fullName) return false;
  const words = norm(fullName)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0);
  if (words.length === 0) return false;
  const t = norm(text);
  return words.every((w) => {
    const stem = w.slice(0, Math.max(2, w.length - 2)).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    return new RegExp(`(?<![\\p{L}\\p{N}])${stem}`, 'u').test(t);
  });
}

/** Whether a queued message must go with the person: to them, about them, or naming them. */
export function concerns(m: QueuedMessage, person: Pick<ErasedPerson, 'userId' | 'fullName'>): boolean {
  if ('userId' in m.to && m.to.userId === person.userId) return true;
  if (m.about?.userIds?.includes(person.userId)) return true;
  const buttons = (m.keyboard ?? []).flat().map((b) => b.text);
  return [m.text, ...buttons].some((t) => namesPerson(t, person.fullName));
}

/** The messages of an outbox record (a queue item whose `update` is the record, see Outbox); none when it has none. */
export function messagesOfRecord(item: InboxItem): QueuedMessage[] {
  const messages = (item?.update as { messages?: unknown } | null | undefined)?.messages;
  return Array.isArray(messages) ? (messages as QueuedMessage[]) : [];
}

/**
 * A job's messages without those about the person; `sent` still counts the ones already gone out.
 * Every other field of the job (the background mark) is kept.
 */
export function withoutPerson(job: OutboxJob, person: Pick<ErasedPerson, 'userId' | 'fullName'>): 'keep' | 'drop' | { data: OutboxJob } {
  const messages = Array.isArray(job?.messages) ? job.messages : [];
  const keep = messages.map((m) => !concerns(m, person));
  if (keep.every(Boolean)) return 'keep';
  const rest = messages.filter((_, i) => keep[i]);
  if (rest.length === 0) return 'drop';
  const sent = keep.slice(0, job.sent ?? 0).filter(Boolean).length;
  return { data: { ...job, messages: rest, sent } };
}

/** The runtime's scripts: src/bot/lua/ (here heldRewrite-1.lua). */
const LUA = new URL('./lua/', import.meta.url);

type HeldRedis = Redis & { heldRewrite(queue: string, ...oldAndNew: string[]): Promise<number> };

export class HeldMessages implements PersonalDataHolder {
  readonly name = 'outbox';
  readonly families = {
    outboxSeen: { none: 'hashes of reply ids already queued' },
    outboxQueue: { holds: 'replies waiting seconds for MAX to take them (texts); deleted once sent' },
    outboxPending: { none: 'recipients with replies waiting ("u:<id>"), gone when their queue drains' },
    outboxLock: { none: 'a lease' },
    outboxWake: { none: 'a notification channel' },
    outboxSent: { none: 'a counter of a reply record' },
  } as const;
  readonly queues = { outbox: { holds: 'messages held for working hours or /later: texts naming people, addressed to them' } } as const;

  private readonly redis: HeldRedis;

  constructor(
    redis: Redis,
    private readonly queue: Queue<OutboxJob>,
    private readonly keys: Keys,
  ) {
    defineScripts(redis, LUA);
    this.redis = redis as HeldRedis;
  }

  async erase(person: ErasedPerson): Promise<void> {
    await eraseJobs(this.redis, this.queue, (job) => withoutPerson(job, person));
    // Replies not yet taken by MAX (seconds, unless MAX is down): the same, record by record.
    for (const key of await scanKeys(this.redis, this.keys.outboxQueue('*'))) {
      const changes: string[] = [];
      for (const raw of await this.redis.lrange(key, 1, -1)) {
        let item: InboxItem;
        try {
          item = JSON.parse(raw) as InboxItem;
        } catch {
          continue;
        }
        const verdict = withoutPerson({ messages: messagesOfRecord(item), sent: 0 }, person);
        if (verdict === 'keep') continue;
        // Not kept: the record had messages, so its update is an object.
        changes.push(raw, verdict === 'drop' ? '' : JSON.stringify({ ...item, update: { ...(item.update as object), messages: verdict.data.messages } }));
      }
      if (changes.length > 0) await this.redis.heldRewrite(key, ...changes);
    }
  }
}
