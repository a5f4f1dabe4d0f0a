// What a flow step planned to send, kept for a replay. A step's messages are stored in the
// outbox with the acknowledgement of the update that took the step (flows/runner.ts); a crash
// between the step's commit and that acknowledgement handles the update again, and the runner
// replays the step. Planning its messages again from the state of that moment is not the same:
// the reject step has erased the applicant's name by then («Заявка отклонена: .»), and a card
// the first run held for working hours would go out at once once the hours have opened. So the
// step's plan — its immediate outbox record, as serialised, and its held messages with their
// times and job ids — is written in the step's own transaction, and the replay sends exactly that.
// It names people, so it lives only until the acknowledgement that stores the step's messages
// deletes it; its TTL (a day: longer than any re-delivery waits for a restart) covers an update
// that is never acknowledged; and an erasure removes the plans that concern the person (see erase).
import type { ChainableCommander, Redis } from 'ioredis';
import { z } from 'zod';
import { stepKeyPrefix } from '../flows/runner.js';
import type { InboxItem, SerialisedItem } from '../store/inbox.js';
import type { Keys } from '../store/keys.js';
import { scanKeys, type ErasedPerson, type PersonalDataHolder } from '../store/personal-data.js';
import { concerns, messagesOfRecord } from './held-messages.js';
import type { QueuedMessage } from './outbox.js';

/** Long enough for any re-delivery of the update (a bot down for hours), short for a text naming people. */
export const STEP_PLAN_TTL_S = 24 * 3600;

/** A step's messages as the outbox takes them: the immediate record, and the held ones by time. */
export interface StepPlan {
  record: SerialisedItem | null;
  later: Array<{ at: number; list: QueuedMessage[]; jobId: string }>;
}

// Read back from Redis: what this module wrote, or older or damaged data (then the step is planned again).
const planSchema = z.object({
  v: z.literal(1),
  record: z.object({ id: z.string(), orderKey: z.string(), json: z.string() }).nullable(),
  later: z.array(z.object({ at: z.number(), list: z.array(z.custom<QueuedMessage>((m) => typeof m === 'object' && m !== null)), jobId: z.string() })),
});

export class StepPlans implements PersonalDataHolder {
  readonly name = 'flow-step-plans';
  readonly families = {
    flowStepPlan: {
      holds:
        "a flow step's planned messages (texts naming people, their ids), from the step's commit to its update's acknowledgement (a day at most), for a replay after a crash",
    },
  } as const;

  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
  ) {}

  /** The Redis key of a step's plan (`step`: the step's idempotency key). */
  keyOf(step: string): string {
    return this.keys.flowStepPlan(step);
  }

  /**
   * Adds the plan to the transaction that commits the step, under keyOf(step). The acknowledgement
   * that stores the step's record deletes it: an acknowledged update is never handled again. The
   * TTL only covers an update that is never acknowledged.
   */
  keepIn(multi: ChainableCommander, step: string, plan: StepPlan): void {
    multi.set(this.keyOf(step), JSON.stringify({ v: 1, ...plan }), 'EX', STEP_PLAN_TTL_S);
  }

  /** The plan the step's first run kept; null when none is kept (expired, or stored before plans were). */
  async read(step: string): Promise<StepPlan | null> {
    const raw = await this.redis.get(this.keyOf(step));
    if (raw === null) return null;
    try {
      const parsed = planSchema.safeParse(JSON.parse(raw));
      return parsed.success ? { record: parsed.data.record, later: parsed.data.later } : null;
    } catch {
      return null;
    }
  }

  /**
   * Removes the plans of the person's own steps, and every plan with a message to them, about
   * them or naming them (a reviewer's «Заявка отклонена: <name>.» goes with the applicant's
   * answer in one plan). Whole plans, not their messages: the other messages of such a step are
   * about the person too, most likely, and once the name is forgotten nothing would say so. A
   * replay then plans the step's messages again, as before plans were kept.
   */
  async erase(person: ErasedPerson): Promise<void> {
    const own = this.keyOf(stepKeyPrefix(person.userId));
    for (const key of await scanKeys(this.redis, this.keyOf('*'))) {
      if (key.startsWith(own) || mentions(await this.redis.get(key), person)) await this.redis.del(key);
    }
  }
}

/** Whether a kept plan (raw) has a message to, about or naming the person; an unreadable one counts. */
function mentions(raw: string | null, person: ErasedPerson): boolean {
  if (raw === null) return false;
  try {
    const parsed = planSchema.safeParse(JSON.parse(raw));
    if (!parsed.success) return true; // no replay would use it
    const { record, later } = parsed.data;
    const immediate = record ? messagesOfRecord(JSON.parse(record.json) as InboxItem) : [];
    return [...immediate, ...later.flatMap((l) => l.list)].some((m) => concerns(m, person));
  } catch {
    return true;
  }
}
