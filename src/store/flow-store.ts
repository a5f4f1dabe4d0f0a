// Persisted conversation state: one versioned envelope per (user, flow), and a
// pointer to the user's active flow. Both change together, atomically.
import type { Redis } from 'ioredis';
import { z } from 'zod';
import type { Keys } from './keys.js';

export const ENVELOPE_FORMAT = 1;

/** Revisions reserved per run of a flow (a run of more steps than this is not expected). */
export const RUN_REVISIONS = 1000;

const envelopeSchema = z.object({
  format: z.literal(ENVELOPE_FORMAT),
  flowId: z.string(),
  version: z.number().int(),
  /** Increases with every handled event; callback payloads and timeout jobs carry it. */
  rev: z.number().int().nonnegative(),
  /**
   * The id of the event that started this run of the flow. Part of every step's idempotency
   * key, so that a flow started again later (a second /feedback, a second join) does not
   * repeat an earlier run's keys and have its messages dropped as duplicates. Absent in
   * envelopes written before it existed.
   */
  run: z.string().optional(),
  /** The last event applied, and the effects it produced — replayed (not re-applied) if that event comes again. */
  lastEventId: z.string(),
  effects: z.array(z.unknown()),
  snapshot: z.unknown(),
  updatedAt: z.number(),
});

export type FlowEnvelope = z.infer<typeof envelopeSchema>;

/** An envelope that cannot be read (foreign format, corrupt JSON) counts as outdated. */
export type LoadedEnvelope = { ok: true; envelope: FlowEnvelope } | { ok: false };

const DELETE_FLOW = `
-- KEYS[1] flow key, KEYS[2] active pointer; ARGV[1] flow id
redis.call('DEL', KEYS[1])
if redis.call('GET', KEYS[2]) == ARGV[1] then redis.call('DEL', KEYS[2]) end
return 1
`;

export class FlowStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
    private readonly ttlSeconds = 30 * 24 * 3600,
  ) {
    redis.defineCommand('flowDelete', { numberOfKeys: 2, lua: DELETE_FLOW });
  }

  /** The base revision of a new run: each run gets its own block of revisions. */
  async nextRunBase(userId: number, flowId: string): Promise<number> {
    return this.redis.incrby(this.keys.flowRunSeq(userId, flowId), RUN_REVISIONS);
  }

  activeFlowId(userId: number): Promise<string | null> {
    return this.redis.get(this.keys.activeFlow(userId));
  }

  async load(userId: number, flowId: string): Promise<LoadedEnvelope | null> {
    const raw = await this.redis.get(this.keys.flow(userId, flowId));
    if (raw === null) return null;
    try {
      const parsed = envelopeSchema.safeParse(JSON.parse(raw));
      return parsed.success ? { ok: true, envelope: parsed.data } : { ok: false };
    } catch {
      return { ok: false };
    }
  }

  /** Saves the envelope and makes the flow the user's active one, in one step. */
  async save(userId: number, envelope: FlowEnvelope): Promise<void> {
    await this.redis
      .multi()
      .set(this.keys.flow(userId, envelope.flowId), JSON.stringify(envelope), 'EX', this.ttlSeconds)
      .set(this.keys.activeFlow(userId), envelope.flowId, 'EX', this.ttlSeconds)
      .exec();
  }

  async delete(userId: number, flowId: string): Promise<void> {
    await (this.redis as Redis & { flowDelete(a: string, b: string, id: string): Promise<number> }).flowDelete(
      this.keys.flow(userId, flowId),
      this.keys.activeFlow(userId),
      flowId,
    );
  }
}
