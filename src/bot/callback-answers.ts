// Answers to button presses. MAX allows 2 answers a second per chat, and a
// callback id is short-lived, so answers go straight out (not through the outbox)
// behind a per-chat limiter; a failed answer only costs the person a spinner.
import type { Api } from '@maxhub/max-bot-api';
import type { Redis } from 'ioredis';
import type { Logger } from '../log.js';
import type { Keys } from '../store/keys.js';
import type { UnitWordRenderer } from '../policy/unit-word.js';
import { RateLimiter } from './rate-limiter.js';

export const CALLBACK_ANSWERS_PER_SECOND = 2;

const DONE = 'Готово';

export class CallbackAnswers {
  private readonly limiters = new Map<number, RateLimiter>();

  constructor(
    private readonly api: Api,
    private readonly redis: Redis,
    private readonly keys: Keys,
    private readonly log: Logger,
    /** Puts the organisation's unit word into notifications and new texts. */
    private readonly render: UnitWordRenderer = async (text) => text,
  ) {}

  /**
   * MAX wants an answer to carry a notification and/or a new version of the message.
   * `closeKeyboard` re-sends the message's text without its buttons, so a decision
   * cannot be pressed twice.
   */
  async answer(chatId: number | null, callbackId: string, answer: { notification?: string; closeKeyboard?: string | null }): Promise<void> {
    try {
      if (chatId !== null) await this.limiter(chatId).acquire();
      const body: { notification?: string; message?: { text: string; attachments: [] } } = {};
      if (answer.notification) body.notification = await this.render(answer.notification);
      if (typeof answer.closeKeyboard === 'string' && answer.closeKeyboard !== '') body.message = { text: await this.render(answer.closeKeyboard), attachments: [] };
      if (!body.notification && !body.message) body.notification = DONE;
      // The SDK's type lacks `notification`, which the Bot API accepts; it is passed through as is.
      await this.api.answerOnCallback(callbackId, body as Parameters<Api['answerOnCallback']>[1]);
    } catch (err) {
      this.log.warn({ chatId, err: (err as Error).message }, 'callback answer failed');
    }
  }

  private limiter(chatId: number): RateLimiter {
    let l = this.limiters.get(chatId);
    if (!l) {
      // Two a second leaves no share to hold back: the longer counted window is the headroom.
      l = new RateLimiter(this.redis, this.keys.rateCallbackAnswers(chatId), CALLBACK_ANSWERS_PER_SECOND, { headroom: 0 });
      if (this.limiters.size > 10_000) this.limiters.clear();
      this.limiters.set(chatId, l);
    }
    return l;
  }
}
