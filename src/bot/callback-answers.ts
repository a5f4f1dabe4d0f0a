// Answers to button presses. MAX allows 2 answers a second per chat, and a
// callback id is short-lived, so answers go straight out (not through the outbox)
// behind a per-chat limiter; a failed answer only costs the person a spinner.
//
// An answer never holds up the update it answers: when the chat's window has room it goes
// out at once, inside the update's turn, as before; when the window is full (a reviewer
// pressing «Подтвердить» on card after card faster than two a second) it waits in this
// process's queue for the chat and goes out, in order, as room comes — while the update's
// turn ends and the reviewer's next presses are decided. Waiting inside the turn made the
// reviewer's ordering key decide at most two requests a second, however fast the bot was.
// A graceful stop sends what is queued (within the stop's time limit); a crash loses it: the
// person sees a spinner, and a decision card keeps its buttons (pressing one again answers
// «уже принято решение»). A queued answer waits at most MAX_ANSWER_WAIT_MS and is then dropped:
// a callback id does not live long, and an answer's text may name a person (a closed request
// card) — held in memory, it could otherwise outlive that person's erasure by minutes.
// MAX may still refuse an answer with 429 although the chat's window had room: the window is
// stamped when the grant is taken, and a busy process can take longer than the window's slack
// to get the request to MAX. A refused answer (after max-fetch's own retries) goes back to the
// head of the chat's queue and waits for room again — within MAX_ANSWER_WAIT_MS — instead of
// leaving a decision card with its buttons.
// The queue runs outside the update that started it (its async context: a crash test's scope,
// the background mark), since it goes on sending other updates' answers after that one ended.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Api } from '@maxhub/max-bot-api';
import type { Redis } from 'ioredis';
import type { Logger } from '../log.js';
import type { Keys } from '../store/keys.js';
import type { UnitWordRenderer } from '../policy/unit-word.js';
import { classifyMax } from './max-errors.js';
import { RateLimiter, type RateLimiterOptions } from './rate-limiter.js';

export const CALLBACK_ANSWERS_PER_SECOND = 2;

/** Answers one chat may have waiting in this process; past it the oldest is dropped (its callback id is stale by then). */
const MAX_QUEUED_ANSWERS_PER_CHAT = 500;
/** How long an answer may wait for room: older ones are dropped (see the header). */
export const MAX_ANSWER_WAIT_MS = 60_000;

const DONE = 'Готово';

export interface CallbackAnswersOptions {
  /** Puts the organisation's unit word into notifications and new texts. */
  render?: UnitWordRenderer;
  /** The wall clock an answer's wait is measured by. */
  now?: () => number;
  /** For tests: the chats' limiters' lag (a grant later than it is given back and asked again). */
  limiter?: Pick<RateLimiterOptions, 'lagMs'>;
}

export interface CallbackAnswerInput {
  notification?: string;
  closeKeyboard?: string | null;
}

/** An answer waiting for room in its chat's window; `at`: when it was asked for (its age counts from there). */
interface QueuedAnswer {
  callbackId: string;
  answer: CallbackAnswerInput;
  at: number;
}

export class CallbackAnswers {
  private readonly limiters = new Map<number, RateLimiter>();
  /** Per chat: answers waiting for room in its window, oldest first; present while the chat's drain runs. */
  private readonly queued = new Map<number, QueuedAnswer[]>();
  /** Per chat: the answer being sent at once (sendFirst), while it is on its way. */
  private readonly sending = new Map<number, Promise<void>>();
  /** Each chat's running drain (a graceful stop waits for them). */
  private readonly draining = new Map<number, Promise<void>>();
  private readonly closing = new AbortController();
  private readonly detached = AsyncLocalStorage.snapshot();
  private readonly render: UnitWordRenderer;
  private readonly now: () => number;

  constructor(
    private readonly api: Api,
    private readonly redis: Redis,
    private readonly keys: Keys,
    private readonly log: Logger,
    private readonly opts: CallbackAnswersOptions = {},
  ) {
    this.render = opts.render ?? (async (text) => text);
    this.now = opts.now ?? Date.now;
  }

  /**
   * MAX wants an answer to carry a notification and/or a new version of the message.
   * `closeKeyboard` re-sends the message's text without its buttons, so a decision
   * cannot be pressed twice. Resolves once the answer was sent, or queued behind the
   * chat's full window (see the header).
   */
  async answer(chatId: number | null, callbackId: string, answer: CallbackAnswerInput): Promise<void> {
    const item = { callbackId, answer, at: this.now() };
    if (chatId === null) return this.send(callbackId, answer).catch((err: unknown) => this.failed(null, err));
    // Behind answers already waiting or on their way, never before them: a chat's answers go out in order.
    if (this.queued.has(chatId) || this.sending.has(chatId)) return this.enqueue(chatId, item);
    const sending = this.sendFirst(chatId, item);
    this.sending.set(chatId, sending);
    try {
      await sending;
    } finally {
      if (this.sending.get(chatId) === sending) this.sending.delete(chatId);
    }
  }

  /**
   * An answer with none before it in its chat: sent at once when the window has room. Not sent
   * (no room, or refused for the rate) it goes first in line, ahead of any queued meanwhile —
   * whose drain waits for this to settle (see drain).
   */
  private async sendFirst(chatId: number, item: QueuedAnswer): Promise<void> {
    try {
      if (!(await this.limiter(chatId).tryAcquire())) return this.enqueue(chatId, item, 'first');
      await this.send(item.callbackId, item.answer);
    } catch (err) {
      if (this.refusedForRate(chatId, err)) this.enqueue(chatId, item, 'first');
    }
  }

  /**
   * After a failed send: true when MAX refused it for the chat's rate (see the header), and the
   * answer goes back to the head of its chat's line; otherwise the answer is given up.
   */
  private refusedForRate(chatId: number, err: unknown): boolean {
    if (classifyMax(err).kind !== 'rate-limited') {
      this.failed(chatId, err);
      return false;
    }
    this.log.warn({ chatId }, 'callback answer refused for the rate; queued again');
    return true;
  }

  private failed(chatId: number | null, err: unknown): void {
    this.log.warn({ chatId, err: (err as Error).message }, 'callback answer failed');
  }

  /** A graceful stop: resolves when every queued answer went out or was dropped as too old. */
  async drained(): Promise<void> {
    while (this.draining.size > 0) await Promise.allSettled([...this.draining.values()]);
  }

  /** Stops sending: answers still queued are dropped (their callback ids will not outlive a restart). */
  close(): void {
    let dropped = 0;
    for (const q of this.queued.values()) dropped += q.length;
    this.closing.abort();
    this.queued.clear();
    if (dropped > 0) this.log.info({ dropped }, 'callback answers dropped at stop');
  }

  private enqueue(chatId: number, item: QueuedAnswer, place: 'last' | 'first' = 'last'): void {
    if (this.closing.signal.aborted) {
      this.log.info({ chatId }, 'callback answer dropped at stop');
      return;
    }
    const waiting = this.queued.get(chatId);
    if (waiting) {
      if (place === 'first') waiting.unshift(item);
      else waiting.push(item);
      if (waiting.length > MAX_QUEUED_ANSWERS_PER_CHAT) {
        waiting.shift();
        this.log.warn({ chatId }, 'callback answer dropped: too many waiting in the chat');
      }
      return;
    }
    this.queued.set(chatId, [item]);
    // Forgotten only while it is still the chat's drain: a new one may have started after it emptied the queue.
    const run: Promise<void> = this.detached(() => this.drain(chatId)).finally(() => {
      if (this.draining.get(chatId) === run) this.draining.delete(chatId);
    });
    this.draining.set(chatId, run);
  }

  /** Sends a chat's queued answers in order, each when its window has room; ends when none is left. */
  private async drain(chatId: number): Promise<void> {
    const waiting = this.queued.get(chatId)!;
    try {
      // An answer sent at once may still be on its way: it goes first if it comes back refused.
      await this.sending.get(chatId);
      while (waiting.length > 0 && !this.closing.signal.aborted) {
        // Too old to send: dropped before it takes a place in the window.
        const firstFresh = waiting.findIndex((w) => this.now() - w.at <= MAX_ANSWER_WAIT_MS);
        if (firstFresh !== 0) {
          const n = firstFresh === -1 ? waiting.length : firstFresh;
          waiting.splice(0, n);
          this.log.warn({ chatId, dropped: n }, 'callback answers dropped: waited too long');
          continue;
        }
        await this.limiter(chatId).acquire(this.closing.signal);
        const next = waiting.shift();
        if (!next) continue;
        try {
          await this.send(next.callbackId, next.answer);
        } catch (err) {
          // Back to the head of this line (still the chat's): it waits for room again, and is dropped once too old.
          if (this.refusedForRate(chatId, err)) this.enqueue(chatId, next, 'first');
        }
      }
    } catch (err) {
      // Aborted at stop: close() dropped what was left. Otherwise Redis failed: so do the answers.
      if (!this.closing.signal.aborted) this.log.warn({ chatId, dropped: waiting.length, err: (err as Error).message }, 'callback answers dropped');
    } finally {
      if (this.queued.get(chatId) === waiting) this.queued.delete(chatId);
    }
  }

  private async send(callbackId: string, answer: CallbackAnswerInput): Promise<void> {
    const body: { notification?: string; message?: { text: string; attachments: [] } } = {};
    if (answer.notification) body.notification = await this.render(answer.notification);
    if (typeof answer.closeKeyboard === 'string' && answer.closeKeyboard !== '')
      body.message = { text: await this.render(answer.closeKeyboard), attachments: [] };
    if (!body.notification && !body.message) body.notification = DONE;
    // The SDK's type lacks `notification`, which the Bot API accepts; it is passed through as is.
    await this.api.answerOnCallback(callbackId, body as Parameters<Api['answerOnCallback']>[1]);
  }

  private limiter(chatId: number): RateLimiter {
    let l = this.limiters.get(chatId);
    if (!l) {
      // Two a second leaves no share to hold back: the longer counted window is the headroom.
      // Made outside the update asking first: its shared grant call keeps the context it was
      // made in for calls chained after another (see SharedCall), i.e. for other updates' answers.
      l = this.detached(
        () => new RateLimiter(this.redis, this.keys.rateCallbackAnswers(chatId), CALLBACK_ANSWERS_PER_SECOND, { ...this.opts.limiter, headroom: 0 }),
      );
      if (this.limiters.size > 10_000) this.limiters.clear();
      this.limiters.set(chatId, l);
    }
    return l;
  }
}
