// Persisted conversation state: one versioned envelope per (user, flow), and a
// pointer to the user's active flow. Both change together, atomically, and inside
// the caller's MULTI so a step's messages are queued in the same transaction.
// A finished flow leaves its last envelope for a day (marked done, the pointer
// reading "done:<flow>"), so the update that finished it, handled again after a
// crash, is recognised and answered the same way instead of "button is stale".
import { createHash } from 'node:crypto';
import type { ChainableCommander, Redis } from 'ioredis';
import { z } from 'zod';
import type { Keys } from './keys.js';
import { scanKeys, type ErasedPerson, type PersonalDataHolder } from './personal-data.js';
import { defineScripts, STORE_LUA } from './scripts.js';

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
  /** The flow ended with this step; the envelope is kept only to recognise its event again. */
  done: z.boolean().optional(),
  updatedAt: z.number(),
});

export type FlowEnvelope = z.infer<typeof envelopeSchema>;

/** An envelope that cannot be read (foreign format, corrupt JSON) counts as outdated. */
export type LoadedEnvelope = { ok: true; envelope: FlowEnvelope } | { ok: false };

// Where a run's record lives (issue 23, memory per member): a field of one of RUN_SHARDS hashes,
// not a key of its own per person and flow. A key costs about 120 bytes of Redis whatever it
// holds; a field of a small hash (up to 128 of them, kept as one compact listpack) about 30.
// A field is per person AND flow (most people run two or three flows: join, consent, feedback),
// so RUN_SHARDS hashes stay compact up to about 130,000 fields — some 40,000–60,000 people;
// past that a shard grows into a full hash table (about 90 bytes a field), still less than a key
// each. Records written before the shards (a key per person and flow) are moved in only when
// that person next starts that flow; until then they stay where they were (read there, erased
// with the person's other flow keys), no start-up migration.
export const RUN_SHARDS = 1024;

/**
 * The shard of the run records of a person: a hash of the id (murmur3's 32-bit finaliser over
 * both halves of it), not `id % RUN_SHARDS` — ids with a structure (a block of 1024·k + c) would
 * all fall into a few shards.
 */
export function runShardOf(userId: number): number {
  const id = Math.abs(Math.trunc(userId));
  let h = (id >>> 0) ^ Math.imul(Math.floor(id / 0x1_0000_0000) >>> 0, 0x9e3779b1);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0) % RUN_SHARDS;
}

/** How long a finished flow's last step is remembered. */
const DONE_TTL_S = 24 * 3600;

export class FlowStore implements PersonalDataHolder {
  readonly name = 'flows';
  readonly families = {
    flow: { holds: "a conversation's state: what the person typed so far (names, texts)" },
    flowRunSeq: { holds: "the last run's revision base and the update that started it, under a key naming the id (before flowRuns)" },
    flowRuns: { holds: "each person's last run of a flow (revision base, the update that started it), in fields naming their id" },
    activeFlow: { holds: "the id of the person's active conversation" },
  } as const;

  /** Every conversation of the person, the running one (/forget's own) included: it leaves no trace. */
  async erase({ userId }: ErasedPerson): Promise<void> {
    for (const key of await scanKeys(this.redis, this.keys.flow(userId, '*'))) await this.redis.del(key);
    await this.redis.del(this.keys.activeFlow(userId));
    const shard = this.keys.flowRuns(runShardOf(userId));
    const fields: string[] = [];
    let cursor = '0';
    do {
      const [next, found] = await this.redis.hscan(shard, cursor, 'MATCH', `${userId}:*`, 'COUNT', 500);
      cursor = next;
      for (let i = 0; i < found.length; i += 2) fields.push(found[i]!);
    } while (cursor !== '0');
    if (fields.length > 0) await this.redis.hdel(shard, ...fields);
  }

  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
    private readonly ttlSeconds = 30 * 24 * 3600,
  ) {
    defineScripts(redis, STORE_LUA);
  }

  /** The base revision of a new run, started by `eventId`: each run gets its own block of revisions. */
  async nextRunBase(userId: number, flowId: string, eventId: string): Promise<number> {
    const seq = this.keys.flowRunSeq(userId, flowId);
    return (this.redis as Redis & { flowRunBase(a: string, b: string, c: string, ...args: Array<string | number>): Promise<number> }).flowRunBase(
      this.keys.flowRuns(runShardOf(userId)),
      seq,
      `${seq}:last`,
      `${userId}:${flowId}`,
      createHash('sha256').update(eventId).digest('base64url').slice(0, 12),
      RUN_REVISIONS,
      eventId,
    );
  }

  /** The user's active flow, or the last one if it just finished (done). */
  async pointer(userId: number): Promise<{ flowId: string; done: boolean } | null> {
    const raw = await this.redis.get(this.keys.activeFlow(userId));
    if (raw === null) return null;
    return raw.startsWith('done:') ? { flowId: raw.slice(5), done: true } : { flowId: raw, done: false };
  }

  async activeFlowId(userId: number): Promise<string | null> {
    const p = await this.pointer(userId);
    return p && !p.done ? p.flowId : null;
  }

  multi(): ChainableCommander {
    return this.redis.multi();
  }

  /** Adds the step's state to the caller's MULTI: the envelope saved and active, or (done) kept as the finished step. */
  commitIn(multi: ChainableCommander, userId: number, envelope: FlowEnvelope): void {
    const json = JSON.stringify(envelope);
    if (envelope.done) {
      (multi as unknown as { flowFinish(...a: Array<string | number>): unknown }).flowFinish(
        this.keys.flow(userId, envelope.flowId),
        this.keys.activeFlow(userId),
        envelope.flowId,
        json,
        DONE_TTL_S,
      );
      return;
    }
    multi.set(this.keys.flow(userId, envelope.flowId), json, 'EX', this.ttlSeconds).set(this.keys.activeFlow(userId), envelope.flowId, 'EX', this.ttlSeconds);
  }

  deleteIn(multi: ChainableCommander, userId: number, flowId: string): void {
    (multi as unknown as { flowDelete(...a: string[]): unknown }).flowDelete(this.keys.flow(userId, flowId), this.keys.activeFlow(userId), flowId);
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

  async delete(userId: number, flowId: string): Promise<void> {
    await (this.redis as Redis & { flowDelete(a: string, b: string, id: string): Promise<number> }).flowDelete(
      this.keys.flow(userId, flowId),
      this.keys.activeFlow(userId),
      flowId,
    );
  }
}
