// A complaint about a message in a bound chat (/report as a reply to it). It reaches the chat's
// responsible people (the unit's curators, else who bound the chat, else the admins) with the
// message quoted; each person complains about a message once, and at most COMPLAINTS_PER_DAY
// times a day (src/policy/complaints.ts), so one person cannot flood the curator. The /report
// message itself is deleted from the chat, so the reported person does not see who complained.
import type { Api } from '@maxhub/max-bot-api';
import type { Logger } from '../log.js';
import { canDeleteOthers, chatTypeOf } from '../policy/chat-rights.js';
import { COMPLAINT_MEMORY_DAYS, COMPLAINTS_PER_DAY, complaintQuote } from '../policy/complaints.js';
import { dayOf } from '../policy/days.js';
import type { ChatRecord } from '../store/chat-store.js';
import type { ComplaintStore } from '../store/complaint-store.js';
import type { Chats } from '../chats/chats.js';
import type { UpdateContext } from '../bot/context.js';
import { CONDUCT_TEXTS as T } from './texts.js';

export class ChatComplaints {
  constructor(
    private readonly chats: Chats,
    readonly store: ComplaintStore,
    private readonly api: Api,
    private readonly log: Logger,
  ) {}

  /** /report as a reply in a bound chat: the reporter is answered privately, the curator gets the complaint. */
  async complain(ctx: UpdateContext, chat: ChatRecord): Promise<void> {
    const org = this.chats.org;
    const userId = ctx.actor!.userId;
    // First, whatever follows: the reporter's command leaves the chat.
    const removed = await this.removeCommand(ctx, chat);
    const reported = ctx.replyToMessage?.mid ?? null;
    // Without the reported message's id (an old client), the complaint is keyed by the command itself.
    const key = reported ?? `cmd:${ctx.messageId ?? ctx.updateId}`;
    const { timeZone } = await org.org.settings();
    const filed = await this.store.note(userId, key, dayOf(org.now(), timeZone), ctx.updateId, COMPLAINTS_PER_DAY, COMPLAINT_MEMORY_DAYS * 24 * 3600);
    if (filed === 'repeat') return ctx.send({ to: { userId }, text: T.reportRepeat });
    if (filed === 'limit') return ctx.send({ to: { userId }, text: T.reportDailyLimit(COMPLAINTS_PER_DAY) });
    const author = ctx.replyToAuthor ?? null;
    const names = await org.people.fullNames(author === null ? [userId] : [userId, author]);
    const name = names.get(userId) ?? `id ${userId}`;
    const authorName = author === null ? null : (names.get(author) ?? `id ${author}`);
    const text = T.reportCurator(chat.title, name, authorName, complaintQuote(ctx.replyToMessage?.text));
    for (const c of await this.chats.responsible(chat)) if (c !== userId) ctx.send({ to: { userId: c }, text });
    ctx.send({ to: { userId }, text: removed ? T.reportChatDone : T.reportChatDoneKept });
  }

  /** Deletes the /report message from the chat; false when the bot may not (or MAX refused). */
  private async removeCommand(ctx: UpdateContext, chat: ChatRecord): Promise<boolean> {
    if (!ctx.messageId || !canDeleteOthers(chatTypeOf(chat.isChannel), chat.permissions)) return false;
    try {
      await this.api.deleteMessage(ctx.messageId);
      return true;
    } catch (err) {
      // Handled again after a crash, the message is gone already: that is fine too.
      this.log.warn({ err, chatId: chat.chatId, updateId: ctx.updateId }, 'could not delete a /report message');
      return false;
    }
  }
}
