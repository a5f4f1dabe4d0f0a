// Feedback left through /feedback: a Redis stream (the author's id, the text, the time).
// The text is the author's own message to the school, kept for the admins; it never goes to logs.
import type { Redis } from 'ioredis';
import type { Keys } from './keys.js';
import { deleteStreamEntries, fieldOf, scanKeys, type ErasedPerson, type PersonalDataHolder } from './personal-data.js';
import { defineScripts, STORE_LUA } from './scripts.js';

export interface Feedback {
  id: string;
  userId: number;
  text: string;
  at: number;
}

export class FeedbackStore implements PersonalDataHolder {
  readonly name = 'feedback';
  readonly families = {
    feedback: { holds: "feedback: the author's id and their text" },
    feedbackDone: { holds: "once-only marks of a flow's effects, under keys naming the person's id" },
  } as const;

  async erase({ userId }: ErasedPerson): Promise<void> {
    await deleteStreamEntries(this.redis, this.keys.feedback, (f) => fieldOf(f, 'user') === String(userId));
    for (const key of await scanKeys(this.redis, this.keys.feedbackDone(`flow:${userId}:*`))) await this.redis.del(key);
  }

  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
  ) {
    defineScripts(redis, STORE_LUA);
  }

  /** Appends once per idempotency key (a re-performed effect does not duplicate it). */
  async add(userId: number, text: string, idempotencyKey: string, at = Date.now()): Promise<void> {
    await (this.redis as Redis & { feedbackAddOnce(...args: string[]): Promise<number> }).feedbackAddOnce(
      this.keys.feedbackDone(idempotencyKey),
      this.keys.feedback,
      String(userId),
      text,
      String(at),
    );
  }

  async list(count = 50): Promise<Feedback[]> {
    const rows = await this.redis.xrevrange(this.keys.feedback, '+', '-', 'COUNT', count);
    return rows.map(([id, fields]) => {
      const f = new Map<string, string>();
      for (let i = 0; i + 1 < fields.length; i += 2) f.set(fields[i]!, fields[i + 1]!);
      return { id, userId: Number(f.get('user')), text: f.get('text') ?? '', at: Number(f.get('at')) };
    });
  }
}
