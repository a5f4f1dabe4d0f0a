// What a flow step planned to send, kept for a replay. A step's messages are stored in the
// outbox with the acknowledgement of the update that took the step (flows/runner.ts); a crash
// between the step's commit and that acknowledgement handles the update again, and the runner
// replays the step. Planning its messages again from the state of that moment is not the same:
// the reject step has erased the applicant's name by then («Заявка отклонена: .»), and a card
// the first run held for working hours would go out at once once the hours have opened. So the
// step's plan — its immediate outbox record, as serialised, and its held messages with their
// times and job ids — is written in the step's own transaction, and the replay sends exactly that.
// It names people, so it is short-lived (a day: longer than any re-delivery waits for a restart)
// and an erasure removes what it holds about the person (see erase).
import type { ChainableCommander, Redis } from 'ioredis';
import { z } from 'zod';
import type { InboxItem, SerialisedItem } from '../store/inbox.js';
import type { Keys } from '../store/keys.js';
import { scanKeys, type ErasedPerson, type PersonalDataHolder } from '../store/personal-data.js';
import { withoutPerson } from './held-messages.js';
import { recipientKey, type QueuedMessage } from './outbox.js';

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
    flowStepPlan: { holds: "a flow step's planned messages (texts naming people, their ids) for a day, for a replay after a crash" },
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
   * Adds the plan to the transaction that commits the step; returns its key. The acknowledgement
   * that stores the step's record deletes it (the TTL only covers an update that is never
   * acknowledged: with a plan in the outbox a replay has nothing left to get wrong).
   */
  keepIn(multi: ChainableCommander, step: string, plan: StepPlan): string {
    const key = this.keyOf(step);
    multi.set(key, JSON.stringify({ v: 1, ...plan }), 'EX', STEP_PLAN_TTL_S);
    return key;
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
   * The person's own steps' plans go whole; in others' plans (a reviewer's rejection naming the
   * applicant, a card), the messages to them, about them or naming them go, as from held messages.
   */
  async erase(person: ErasedPerson): Promise<void> {
    // Step keys begin with "flow:<user id>:<flow id>" (flows/runner.ts, stepKey).
    const own = this.keys.flowStepPlan(`flow:${person.userId}:`);
    for (const key of await scanKeys(this.redis, this.keys.flowStepPlan('*'))) {
      if (key.startsWith(own)) {
        await this.redis.del(key);
        continue;
      }
      const raw = await this.redis.get(key);
      if (raw === null) continue;
      let plan: { v: 1 } & StepPlan;
      try {
        const parsed = planSchema.safeParse(JSON.parse(raw));
        if (!parsed.success) {
          await this.redis.del(key); // unreadable: no replay would use it
          continue;
        }
        plan = parsed.data;
      } catch {
        await this.redis.del(key);
        continue;
      }
      const next = withoutPersonIn(plan, person);
      if (next === 'keep') continue;
      if (next === 'drop') await this.redis.del(key);
      else await this.redis.set(key, JSON.stringify({ v: 1, ...next }), 'KEEPTTL', 'XX');
    }
  }
}

/** The plan without the person's messages: 'keep' (none), 'drop' (nothing left) or what is left. */
function withoutPersonIn(plan: StepPlan, person: ErasedPerson): 'keep' | 'drop' | StepPlan {
  let changed = false;
  let record = plan.record;
  if (record) {
    const item = JSON.parse(record.json) as InboxItem;
    const update = item.update as { messages?: QueuedMessage[] };
    const verdict = withoutPerson({ messages: update?.messages ?? [], sent: 0 }, person);
    if (verdict !== 'keep') {
      changed = true;
      // The record keeps its id (a replay still stores it once) and goes to its new first recipient's queue.
      if (verdict === 'drop') record = null;
      else {
        const messages = verdict.data.messages;
        const orderKey = recipientKey(messages[0]!.to);
        record = { ...record, orderKey, json: JSON.stringify({ ...item, orderKey, update: { ...update, messages } }) };
      }
    }
  }
  const later: StepPlan['later'] = [];
  for (const l of plan.later) {
    const verdict = withoutPerson({ messages: l.list, sent: 0 }, person);
    if (verdict === 'keep') later.push(l);
    else {
      changed = true;
      if (verdict !== 'drop') later.push({ ...l, list: verdict.data.messages });
    }
  }
  if (!changed) return 'keep';
  return record === null && later.length === 0 ? 'drop' : { record, later };
}
