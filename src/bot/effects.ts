// Performs the effects flows emit, in the order emitted: messages to the flow's
// user, and domain effects (which may produce messages of their own, and must be
// idempotent under the key they get). All the messages of one step become one
// outbox record under the step's key — stored with the acknowledgement of the update
// that took the step, or in the transaction that commits the step's state (see
// flows/runner.ts) — so a step performed twice sends them once. A step replayed after a crash
// sends what its first run planned, kept with the step (step-plans.ts), not a new plan.
import type { EffectPerformer, PreparedStep } from '../flows/runner.js';
import type { FlowEffect } from '../flows/types.js';
import { flowChoicePayload } from './callback-payload.js';
import type { OutgoingMessage, Outbox } from './outbox.js';
import type { StepPlan, StepPlans } from './step-plans.js';

type DomainEffect = Exclude<FlowEffect, { type: 'say' }>;

/**
 * What a domain effect gives: its messages, and (optionally) work that must wait until the step
 * that plans those messages is committed — e.g. forgetting a name the messages are made from: done
 * before, a crash in between would have the step, performed again, plan them without it. The
 * work is idempotent; a replay of the step does it again.
 */
export type DomainOutcome = OutgoingMessage[] | { messages: OutgoingMessage[]; afterCommit: () => Promise<void> };

/** A DomainOutcome in its object form, for every consumer alike (no work after the commit: a no-op). */
export function outcomeParts(outcome: DomainOutcome): { messages: OutgoingMessage[]; afterCommit: () => Promise<void> } {
  return Array.isArray(outcome) ? { messages: outcome, afterCommit: async () => undefined } : outcome;
}

/** A handler per domain effect; `key` is stable for the effect, for idempotent writes. */
export type DomainEffectHandlers = {
  [T in DomainEffect['type']]: (userId: number, effect: Extract<DomainEffect, { type: T }>, key: string) => Promise<DomainOutcome>;
};

export class BotEffects implements EffectPerformer {
  constructor(
    private readonly outbox: Outbox,
    private readonly handlers: DomainEffectHandlers,
    private readonly plans: StepPlans,
  ) {}

  async prepare(userId: number, flowId: string, rev: number, effects: FlowEffect[], key: string, replay = false): Promise<PreparedStep> {
    const messages: OutgoingMessage[] = [];
    const afterCommit: Array<() => Promise<void>> = [];
    for (const [i, effect] of effects.entries()) {
      if (effect.type === 'say') {
        messages.push({
          to: { userId },
          text: effect.text,
          keyboard: effect.buttons?.map((row) => row.map((b) => ({ text: b.text, payload: flowChoicePayload(flowId, rev, b.choice) }))),
          ...(effect.media ? { media: effect.media } : {}),
          ...(effect.verbatim ? { verbatim: true } : {}),
        });
        continue;
      }
      const handler = this.handlers[effect.type] as ((u: number, e: DomainEffect, k: string) => Promise<DomainOutcome>) | undefined;
      if (!handler) throw new Error(`no feature handles the flow effect ${effect.type}`);
      const outcome = outcomeParts(await handler(userId, effect, `${key}#${i}`));
      messages.push(...outcome.messages);
      afterCommit.push(outcome.afterCommit);
    }
    // The domain effects above ran either way (idempotent: a replay completes what a crash cut short).
    // A plan is kept only where planning again could differ: a `say` is made from the effect, the
    // flow id and the revision alone (all in the stored step) and is never held for later, so a
    // step that only says plans the same messages again. Domain effects read state the step may
    // have changed (a rejection forgets the name) and hold messages for working hours.
    const keeps = effects.some((e) => e.type !== 'say');
    let plan: StepPlan | null = replay && keeps ? await this.plans.read(key) : null;
    // Planned once, when first asked for (every caller asks before after()).
    const planned = (): StepPlan => (plan ??= messages.length === 0 ? { record: null, later: [] } : this.outbox.recordOf(messages, key));
    return {
      addTo: (multi) => {
        const { record } = planned();
        if (record) this.outbox.store.queueIn(multi, [record]);
      },
      record: () => planned().record,
      keepIn: (multi) => {
        if (keeps) this.plans.keepIn(multi, key, planned());
      },
      ...(keeps ? { keptAt: this.plans.keyOf(key) } : {}),
      // Held messages are queued once the immediate ones are stored (their job ids make it repeatable).
      after: async () => {
        await this.outbox.addLater(planned().later);
        for (const work of afterCommit) await work();
      },
    };
  }
}
