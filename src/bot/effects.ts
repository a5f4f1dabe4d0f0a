// Performs the effects flows emit: messages go to the outbox (durable, once per
// step key), domain effects to their stores.
import type { EffectPerformer } from '../flows/runner.js';
import type { FlowEffect } from '../flows/types.js';
import type { FeedbackStore } from '../store/feedback-store.js';
import { flowChoicePayload } from './callback-payload.js';
import type { OutgoingMessage, Outbox } from './outbox.js';

export class BotEffects implements EffectPerformer {
  constructor(
    private readonly outbox: Outbox,
    private readonly feedback: FeedbackStore,
  ) {}

  async perform(userId: number, flowId: string, rev: number, effects: FlowEffect[], key: string): Promise<void> {
    const messages: OutgoingMessage[] = [];
    for (const [i, effect] of effects.entries()) {
      switch (effect.type) {
        case 'say':
          messages.push({
            to: { userId },
            text: effect.text,
            keyboard: effect.buttons?.map((row) => row.map((b) => ({ text: b.text, payload: flowChoicePayload(flowId, rev, b.choice) }))),
          });
          break;
        case 'feedback.save':
          await this.feedback.add(userId, effect.text, `${key}#${i}`);
          break;
      }
    }
    if (messages.length > 0) await this.outbox.send(messages, key);
  }
}
