// Answers to button presses. MAX allows 2 answers a second per chat, and a
// callback id is short-lived, so answers go straight out (not through the outbox)
// behind a per-chat limiter; a failed answer only costs the person a spinner.
import type { Api } from '@maxhub/max-bot-api';
import type { Redis } from 'ioredis';
import type { Logger } from '../log.js';
import type { Keys } from '../store/keys.js';
import { RateLimiter } from './rate-limiter.js';

export const CALLBACK_ANSWERS_PER_SECOND = 2;

export class CallbackAnswers {
  private readonly limiters = new Map<number, RateLimiter>();

  constructor(
    private readonly api: Api,
    private readonly redis: Redis,
    private readonly keys: Keys,
    private readonly log: Logger,
  ) {}

  async answer(chatId: number | null, callbackId: string, notification?: string): Promise<void> {
    try {
      if (chatId !== null) await this.limiter(chatId).acquire();
      // The SDK's type lacks `notification`, which the Bot API accepts; it is passed through as is.
      const extra = (notification ? { notification } : {}) as Parameters<Api['answerOnCallback']>[1];
      await this.api.answerOnCallback(callbackId, extra);
    } catch (err) {
      this.log.warn({ chatId, err: (err as Error).message }, 'callback answer failed');
    }
  }

  private limiter(chatId: number): RateLimiter {
    let l = this.limiters.get(chatId);
    if (!l) {
      l = new RateLimiter(this.redis, this.keys.rateCallbackAnswers(chatId), CALLBACK_ANSWERS_PER_SECOND);
      if (this.limiters.size > 10_000) this.limiters.clear();
      this.limiters.set(chatId, l);
    }
    return l;
  }
}
