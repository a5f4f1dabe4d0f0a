// Performs the effects flows emit, in the order emitted: messages to the flow's
// user, and domain effects (which may produce messages of their own, and must be
// idempotent under the key they get). All the messages of one step become one
// outbox record under the step's key — stored with the acknowledgement of the update
// that took the step, or in the transaction that commits the step's state (see
// flows/runner.ts) — so a step performed twice sends them once.
import type { EffectPerformer, PreparedStep } from '../flows/runner.js';
import type { FlowEffect } from '../flows/types.js';
import { flowChoicePayload } from './callback-payload.js';
import type { OutgoingMessage, Outbox } from './outbox.js';

type DomainEffect = Exclude<FlowEffect, { type: 'say' }>;

/** A handler per domain effect; `key` is stable for the effect, for idempotent writes. */
export type DomainEffectHandlers = {
  [T in DomainEffect['type']]: (userId: number, effect: Extract<DomainEffect, { type: T }>, key: string) => Promise<OutgoingMessage[]>;
};

export class BotEffects implements EffectPerformer {
  constructor(
    private readonly outbox: Outbox,
    private readonly handlers: DomainEffectHandlers,
  ) {}

  async prepare(userId: number, flowId: string, rev: number, effects: FlowEffect[], key: string): Promise<PreparedStep> {
    const messages: OutgoingMessage[] = [];
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
      const handler = this.handlers[effect.type] as (u: number, e: DomainEffect, k: string) => Promise<OutgoingMessage[]>;
      messages.push(...(await handler(userId, effect, `${key}#${i}`)));
    }
    let later: ReturnType<Outbox['sendIn']> = [];
    return {
      addTo: (multi) => {
        if (messages.length > 0) later = this.outbox.sendIn(multi, messages, key);
      },
      record: () => {
        if (messages.length === 0) return null;
        const planned = this.outbox.recordOf(messages, key);
        later = planned.later;
        return planned.record;
      },
      after: () => this.outbox.addLater(later),
    };
  }
}
