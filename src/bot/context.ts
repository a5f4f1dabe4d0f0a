// The context one update is handled in: who and where, plus a reply buffer. Replies
// are queued in the outbox only after the handler finished, under the update's id, in
// the step that acknowledges the update; so a handler that runs twice (re-delivery
// after a crash) sends each reply once. The records of flow steps taken in the update
// (StepReplies, see flows/runner.ts) go in that step too, first.
import type { Api } from '@maxhub/max-bot-api';
import type { Config } from '../config.js';
import type { FlowRunner, StepReplies } from '../flows/runner.js';
import type { Logger } from '../log.js';
import type { FeedbackStore } from '../store/feedback-store.js';
import type { CallbackAnswers } from './callback-answers.js';
import type { SerialisedItem } from '../store/inbox.js';
import type { Keyboard, OutgoingMessage, Outbox } from './outbox.js';

export interface Services {
  config: Config;
  api: Api;
  outbox: Outbox;
  answers: CallbackAnswers;
  flows: FlowRunner;
  feedback: FeedbackStore;
  bot: { userId: number; username: string };
}

export interface Actor {
  userId: number;
}

export class UpdateContext implements StepReplies {
  private readonly replies: OutgoingMessage[] = [];
  /** Records of flow steps committed in this update: kept even when the handler fails later. */
  private readonly steps: SerialisedItem[] = [];
  /** Keys of those steps' kept plans (src/bot/step-plans.ts): deleted as their records are stored. */
  private readonly plans: string[] = [];
  /** For a message that replies to another: that message's author (null if unknown); undefined otherwise. */
  replyToAuthor: number | null | undefined;
  /** For a message that replies to another: that message's id and text, as MAX sent them (either may be null). */
  replyToMessage: { mid: string | null; text: string | null } | undefined;
  /** For a message update: the message's own id (e.g. to delete a /report from a chat). */
  messageId: string | null = null;

  constructor(
    readonly updateId: string,
    readonly services: Services,
    readonly log: Logger,
    /** The person who caused the update. */
    readonly actor: Actor | null,
    /** Where it happened: a dialog with the bot or a group chat. */
    readonly where: { chatId: number | null; chatType: 'dialog' | 'chat' | 'channel' | null },
  ) {}

  get isDialog(): boolean {
    return this.where.chatType === 'dialog';
  }

  /** Answers where the update came from: the dialog (to the person) or the group chat. */
  reply(text: string, keyboard?: Keyboard): void {
    if (this.where.chatType === 'chat' && this.where.chatId !== null) {
      this.replies.push({ to: { chatId: this.where.chatId }, text, keyboard });
    } else if (this.actor) {
      this.replies.push({ to: { userId: this.actor.userId }, text, keyboard });
    }
  }

  /** A message to someone else (e.g. a reviewer), queued with this update's replies. */
  send(message: OutgoingMessage): void {
    this.replies.push(message);
  }

  /** StepReplies: a flow step's record, to be stored with the update's acknowledgement, which deletes its kept plan. */
  deferStep(record: SerialisedItem | null, kept?: string): void {
    if (record) this.steps.push(record);
    if (kept) this.plans.push(kept);
  }

  /** The keys of the committed steps' kept plans, to delete in the acknowledgement that stores their records. */
  keptPlans(): string[] {
    return this.plans.splice(0);
  }

  /**
   * The flow steps' records, then the replies as one outbox record, not yet stored: the
   * dispatcher stores them in the same step that acknowledges the update (a crash before that
   * step handles the update again).
   */
  async flush(): Promise<SerialisedItem[]> {
    const replies = this.replies.length === 0 ? null : await this.services.outbox.prepare(this.replies.splice(0), this.updateId);
    return replies ? [...this.steps.splice(0), replies] : this.steps.splice(0);
  }

  /** The flow steps' records alone (the handler failed after committing them: they still go out). */
  committedSteps(): SerialisedItem[] {
    return this.steps.splice(0);
  }

  private readonly memo = new Map<string, Promise<unknown>>();

  /** Computes a value once per update (e.g. the actor's roles, asked by the permission check and the handler). */
  once<T>(key: string, compute: () => Promise<T>): Promise<T> {
    let v = this.memo.get(key) as Promise<T> | undefined;
    if (!v) {
      v = compute();
      this.memo.set(key, v);
    }
    return v;
  }

  discardReplies(): void {
    this.replies.length = 0;
  }
}
