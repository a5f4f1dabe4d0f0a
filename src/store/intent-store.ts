// Durable progress records of multi-step domain operations (move, remove): the
// first run of an operation records what it is about to do, under the id of the
// update that asked for it; handled again after a crash, the update finds the
// record and completes the same operation (every step is idempotent) instead of
// re-reading a half-changed state and refusing.
import type { Redis } from 'ioredis';
import type { Keys } from './keys.js';
import type { PersonalDataHolder } from './personal-data.js';

/** Long enough for any restart; the update is handled again within seconds. */
const TTL_S = 24 * 3600;

export class IntentStore implements PersonalDataHolder {
  readonly name = 'intents';
  readonly families = {
    intent: { none: 'what a move or removal is doing: ids only, for a day, then `{ done: true }`' },
  } as const;

  async erase(): Promise<void> {}

  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
  ) {}

  async get<T>(operationId: string): Promise<T | null> {
    const raw = await this.redis.get(this.keys.intent(operationId));
    return raw === null ? null : (JSON.parse(raw) as T);
  }

  /** Records the intent unless one exists; returns the one that stands. */
  async record<T>(operationId: string, intent: T): Promise<T> {
    const key = this.keys.intent(operationId);
    const set = await this.redis.set(key, JSON.stringify(intent), 'EX', TTL_S, 'NX');
    if (set === 'OK') return intent;
    return (await this.get<T>(operationId)) ?? intent;
  }

  /** Marks the operation done and drops what it recorded (which may name a person); handling the update again finds `{ done: true }`. */
  async complete(operationId: string): Promise<void> {
    await this.redis.set(this.keys.intent(operationId), JSON.stringify({ done: true }), 'KEEPTTL');
  }
}
