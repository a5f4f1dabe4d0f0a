// The bot's own identity, asked of MAX at start. While MAX cannot be reached — no
// network, a server fault, or its certificate not trusted yet (see max-answers.ts) —
// the bot keeps asking with back-off instead of exiting; a token MAX rejects stops
// the start, since retrying cannot fix it.
import type { Api } from '@maxhub/max-bot-api';
import type { Logger } from '../log.js';
import { certificateErrorCode } from './max-answers.js';
import { classifyMax } from './max-errors.js';
import { sleep } from './rate-limiter.js';

export interface BotIdentity {
  userId: number;
  username: string;
}

export async function waitForMax(api: Api, log: Logger, signal: AbortSignal, maxDelayMs = 60_000): Promise<BotIdentity> {
  for (let attempt = 0; ; attempt++) {
    try {
      const me = await api.getMyInfo();
      if (attempt > 0) log.info({ attempts: attempt + 1 }, 'MAX reachable');
      return { userId: me.user_id, username: me.username ?? '' };
    } catch (err) {
      if (signal.aborted) throw err;
      if (classifyMax(err).kind === 'auth') throw err;
      const delay = Math.min(maxDelayMs, 1000 * 2 ** Math.min(attempt, 6));
      // An untrusted certificate was already reported, with its fix, by the bot's fetch.
      if (certificateErrorCode(err) === null) log.warn({ err: (err as Error).message, delay }, 'MAX unreachable at start; retrying');
      await sleep(delay, signal).catch(() => undefined);
      if (signal.aborted) throw new Error('stopped while waiting for MAX');
    }
  }
}
