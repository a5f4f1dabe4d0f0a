// Chat events and binding (SPEC §3.4). Since November 2026 MAX does not say who
// added the bot, so binding rests on what the bot can check itself: the chat's
// owner and admins, read from MAX, who are verified staff allowed to bind chats
// (mayBindHere in the chat-membership policy). They are asked privately at once;
// anyone of them may also send /bind in the chat. Binding buttons carry the chat's
// current offer, so a button of an older question, or a forged one, changes
// nothing. A chat nobody binds within a day is left (a durable delayed job). The
// bot neither moderates nor provisions an unbound chat.
import { withoutMarkChars } from '../policy/unit-word.js';
import { randomBytes } from 'node:crypto';
import type { Api } from '@maxhub/max-bot-api';
import type { Logger } from '../log.js';
import {
  belongsIn,
  CHAT_KIND_TITLES_RU,
  isChildrensChat,
  isUnitKind,
  kindsBindableBy,
  mayBind,
  mayBindChats,
  mayBindHere,
  type ChatKind,
} from '../policy/chat-membership.js';
import { STAFF_ROOM_ID } from '../store/org-store.js';
import type { ChatRecord } from '../store/chat-store.js';
import { type CallbackAction, type CallbackAnswer, type ChatMembershipUpdate, onPress } from '../bot/commands/types.js';
import { addMissing, bindKind, bindUnit, remindJoin, strangerChoice } from './buttons.js';
import type { UpdateContext } from '../bot/context.js';
import type { Keyboard } from '../bot/outbox.js';
import type { ChatJobs } from './chat-jobs.js';
import type { Chats } from './chats.js';
import { CHAT_TEXTS as T } from './texts.js';

/** At most this many chat admins are asked privately (a large chat may have many). */
const MAX_PRIVATE_QUESTIONS = 5;
const note = (notification: string): CallbackAnswer => ({ notification });
const newOffer = (): string => randomBytes(6).toString('base64url');

export class Binding {
  constructor(
    private readonly chats: Chats,
    private readonly jobs: ChatJobs,
    private readonly api: Api,
    private readonly log: Logger,
  ) {}

  private get org() {
    return this.chats.org;
  }

  async onChatUpdate(ctx: UpdateContext, u: ChatMembershipUpdate): Promise<void> {
    switch (u.update_type) {
      case 'bot_added':
        // An older update may still name who added the bot; that is not trusted either.
        return this.onBotAdded(ctx, u.chat_id, u.is_channel);
      case 'bot_removed': {
        const chat = await this.chats.store.get(u.chat_id);
        if (!chat || chat.status === 'left') return;
        await this.chats.store.left(u.chat_id);
        if (chat.boundBy) ctx.send({ to: { userId: chat.boundBy }, text: T.botRemoved(chat.title) });
        return;
      }
      case 'bot_admin_permissions_changed':
        return this.onRightsChanged(ctx, u.chat_id, u.is_admin ? (u.permissions ?? []) : []);
      case 'chat_title_changed':
        await this.chats.store.update(u.chat_id, { title: u.title });
        return;
      case 'user_added':
        return this.onUserAdded(ctx, u.chat_id, u.user.user_id, [u.user.first_name, u.user.last_name].filter(Boolean).join(' '));
      case 'user_removed': {
        const chat = await this.chats.store.get(u.chat_id);
        if (chat) await this.chats.store.replacePlacement(u.chat_id, u.user.user_id, { state: u.admin_id ? 'removed' : 'left', at: this.org.now() });
        return;
      }
    }
  }

  /**
   * Registers the chat (only if MAX confirms the bot is in it, so a forged update stores
   * nothing), asks its staff admins privately, greets the chat, and arms the day's limit.
   */
  private async onBotAdded(ctx: UpdateContext, chatId: number, isChannel: boolean): Promise<void> {
    const existing = await this.chats.store.get(chatId);
    if (existing?.status === 'bound') return; // a repeated bot_added changes nothing bound
    const chat = await this.register(chatId, isChannel);
    if (!chat) return;
    const asked = await this.askAdminsPrivately(ctx, chat);
    ctx.send({ to: { chatId }, text: T.greeting(asked > 0) });
    await this.jobs.leaveIfUnbound(chatId, chat.addedAt, `${ctx.updateId}`);
  }

  /** Stores a fresh unbound record for a chat the bot is really in; null when MAX says otherwise. */
  private async register(chatId: number, isChannel: boolean): Promise<ChatRecord | null> {
    let title = '';
    let link: string | null = null;
    try {
      const info = await this.api.getChat(chatId);
      if (info.type === 'dialog') return null;
      title = withoutMarkChars(info.title ?? '');
      link = info.link ?? null;
    } catch (err) {
      this.log.info({ chatId, err: (err as Error).message }, 'bot_added for a chat MAX does not show to the bot; ignored');
      return null;
    }
    await this.chats.store.added(chatId, { title, isChannel, link, at: this.org.now(), offer: newOffer() });
    await this.chats.checkRights(chatId).catch((err: unknown) => this.log.warn({ chatId, err: (err as Error).message }, 'rights unavailable'));
    return this.chats.store.get(chatId);
  }

  /** Sends the binding question to each admin of the chat who may bind it; returns how many. */
  private async askAdminsPrivately(ctx: UpdateContext, chat: ChatRecord): Promise<number> {
    let asked = 0;
    for (const userId of await this.chats.chatAdmins(chat.chatId)) {
      if (asked >= MAX_PRIVATE_QUESTIONS) break;
      const facts = await this.chats.facts(userId);
      if (!mayBindChats(facts)) continue;
      ctx.send({ to: { userId }, text: T.askKindPrivately(chat.title), keyboard: this.kindButtons(chat, kindsBindableBy(facts)) });
      asked++;
    }
    return asked;
  }

  private kindButtons(chat: ChatRecord, kinds: ChatKind[]): Keyboard {
    return kinds.map((k) => [{ text: CHAT_KIND_TITLES_RU[k], payload: bindKind.encode(chat.chatId, chat.offer!, k) }]);
  }

  /** May this person start or change the binding of this chat now? MAX is asked whether they are a chat admin. */
  async mayBindNow(chat: ChatRecord, userId: number): Promise<boolean> {
    const facts = await this.chats.facts(userId);
    const actor = await this.org.actor(userId);
    // MAX is asked only when the roles alone would allow it.
    if (!mayBindHere(chat, userId, facts, actor, true)) return false;
    return mayBindHere(chat, userId, facts, actor, await this.chats.isChatAdmin(chat.chatId, userId));
  }

  /** /bind in a chat: a new question (older buttons stop working), or a short refusal. */
  async bindCommand(ctx: UpdateContext, chatId: number, isChannel: boolean): Promise<void> {
    const userId = ctx.actor!.userId;
    let chat = await this.chats.store.get(chatId);
    if (!chat || chat.status === 'left') chat = await this.register(chatId, isChannel);
    if (!chat) return ctx.reply(T.notYours);
    if (!(await this.mayBindNow(chat, userId))) return ctx.reply(T.notYours);
    const offer = newOffer();
    await this.chats.store.newOffer(chatId, offer);
    const kinds = kindsBindableBy(await this.chats.facts(userId));
    ctx.send({ to: { chatId }, text: T.askKind, keyboard: this.kindButtons({ ...chat, offer }, kinds) });
  }

  private async onRightsChanged(ctx: UpdateContext, chatId: number, permissions: string[]): Promise<void> {
    const chat = await this.chats.store.get(chatId);
    if (!chat || chat.status === 'left') return;
    for (const m of await this.chats.rightsReport(chat, permissions)) ctx.send(m);
  }

  private async onUserAdded(ctx: UpdateContext, chatId: number, userId: number, displayName: string): Promise<void> {
    const chat = await this.chats.store.get(chatId);
    const t = chat ? this.chats.target(chat) : null;
    if (!chat || !t || userId === ctx.services.bot.userId) return;
    if (belongsIn(t, await this.chats.facts(userId))) {
      await this.chats.store.place(chatId, userId, { state: 'present', at: this.org.now() });
      return;
    }
    if (await this.chats.store.isGuest(chatId, userId)) return;
    const who = displayName || `id ${userId}`;
    if (chat.removeStrangers && (await this.chats.remove(chat, userId))) {
      await this.org.audit.append(0, 'stranger.removed', `user:${userId}`, { chat: chatId, unit: chat.unitId ?? '-' });
      for (const to of await this.chats.responsible(chat)) ctx.send({ to: { userId: to }, text: T.strangerRemoved(chat.title, who) });
      return;
    }
    // A stranger in a children's chat is a security alert: it goes at once, whatever the hour.
    const keyboard = [
      [
        { text: T.removeBtn, payload: strangerChoice.encode(chatId, userId, 'rm') },
        { text: T.keepBtn, payload: strangerChoice.encode(chatId, userId, 'keep') },
      ],
    ];
    for (const to of await this.chats.responsible(chat)) ctx.send({ to: { userId: to }, text: T.stranger(chat.title, who), keyboard });
    this.log.info({ chatId, userId, childrens: isChildrensChat(t.kind) }, 'stranger reported');
  }

  /** May the presser act on the chat's reports (strangers, missing members): whoever gets them, or an admin. */
  private async mayHandleReports(chat: ChatRecord, userId: number): Promise<boolean> {
    return (await this.chats.responsible(chat)).includes(userId) || (await this.org.people.verifiedRoles(userId)).has('admin');
  }

  /**
   * Binds the chat: one write (the binding and "not provisioned yet"), then the answer and
   * a provisioning job that posts the rules and invites people. Every step may be repeated:
   * a re-handled press binds the same way, its answer and job are keyed by the update, and
   * an unprovisioned bound chat is provisioned again when the bot starts (ChatJobs).
   */
  async bind(ctx: UpdateContext, chat: ChatRecord, binder: number, kind: ChatKind, unitId: string | null, offer: string): Promise<void> {
    await this.chats.store.bind(chat.chatId, { kind, unitId, boundBy: binder, at: this.org.now(), offer });
    await this.org.audit.append(binder, 'chat.bound', `chat:${chat.chatId}`, { kind, unit: unitId ?? '-' });
    const missing = await this.chats.checkRights(chat.chatId);
    const unitName = await this.org.unitName(unitId);
    ctx.send({ to: { chatId: chat.chatId }, text: [T.bound(kind, unitName), missing.length > 0 ? T.rightsMissing(missing) : T.rightsOk].join('\n\n') });
    // Provisioning reads the members at once and reports strangers and who is missing.
    await this.jobs.provision(chat.chatId, `${ctx.updateId}`, { report: true });
    this.log.info({ chatId: chat.chatId, kind, unitId, boundBy: binder }, 'chat bound');
  }

  /** The chat a binding button names, if the button is of the current question and the presser may bind it. */
  private async offered(cid: number, offer: string, presser: number, same?: { kind: string; unitId: string | null }): Promise<ChatRecord | CallbackAnswer> {
    const chat = await this.chats.store.get(cid);
    if (!chat || chat.status === 'left') return note(T.notBound);
    // The press that bound the chat, handled again (after a crash): finish it the same way.
    const repeat =
      chat.status === 'bound' && chat.boundOffer === offer && chat.boundBy === presser && same && chat.kind === same.kind && chat.unitId === same.unitId;
    if (!repeat && (!chat.offer || chat.offer !== offer)) return note(T.staleButton);
    if (!(await this.mayBindNow(chat, presser))) return note(T.notYours);
    return chat;
  }

  actions(): CallbackAction[] {
    return [
      // The chat's kind; unit kinds then ask for the unit.
      onPress(bindKind, async (ctx, [cid, offer, kind], message) => {
        const presser = ctx.actor!.userId;
        const chat = await this.offered(cid, offer, presser, isUnitKind(kind as ChatKind) ? undefined : { kind, unitId: null });
        if (!('chatId' in chat)) return chat;
        const k = kind as ChatKind;
        const facts = await this.chats.facts(presser);
        if (!isUnitKind(k)) {
          if (!mayBind(k, null, facts)) return note(T.notAllowedKind);
          await this.bind(ctx, chat, presser, k, null, offer);
          return { closeKeyboard: ctx.isDialog ? `${message.text ?? ''}\n\n${T.boundPrivately(chat.title)}` : message.text };
        }
        const units = (await this.org.org.listUnits()).filter((u) => u.id !== STAFF_ROOM_ID && mayBind(k, u.id, facts));
        if (units.length === 0) return note(T.noUnits);
        ctx.reply(
          T.askUnit,
          units.slice(0, 30).map((u) => [{ text: u.name, payload: bindUnit.encode(chat.chatId, offer, k, u.id) }]),
        );
        return { closeKeyboard: message.text };
      }),
      // Bind a unit chat.
      onPress(bindUnit, async (ctx, [cid, offer, kind, unitId], message) => {
        const presser = ctx.actor!.userId;
        const chat = await this.offered(cid, offer, presser, { kind, unitId });
        if (!('chatId' in chat)) return chat;
        const unit = await this.org.org.unit(unitId);
        if (!unit || unit.archived || !mayBind(kind as ChatKind, unitId, await this.chats.facts(presser))) return note(T.notAllowedKind);
        await this.bind(ctx, chat, presser, kind as ChatKind, unitId, offer);
        return { closeKeyboard: ctx.isDialog ? `${message.text ?? ''}\n\n${T.boundPrivately(chat.title)}` : message.text };
      }),
      // What to do with a stranger.
      onPress(strangerChoice, async (ctx, [cid, uid, op], message) => {
        const chat = await this.chats.store.get(cid);
        if (chat?.status !== 'bound') return note(T.notBound);
        const presser = ctx.actor!.userId;
        if (!(await this.mayHandleReports(chat, presser))) return note(T.notYours);
        if (op === 'keep') {
          await this.chats.store.keepAsGuest(chat.chatId, uid);
          await this.org.audit.append(presser, 'stranger.kept', `user:${uid}`, { chat: chat.chatId, unit: chat.unitId ?? '-' });
          return { closeKeyboard: `${message.text ?? ''}\n\n${T.kept}` };
        }
        if (!(await this.chats.remove(chat, uid))) return note(T.removeFailed);
        await this.org.audit.append(presser, 'stranger.removed', `user:${uid}`, { chat: chat.chatId, unit: chat.unitId ?? '-' });
        return { closeKeyboard: `${message.text ?? ''}\n\n${T.removed}` };
      }),
      // Invite everyone who is missing (a job, not inside the update).
      onPress(addMissing, async (ctx, [cid]) => {
        const chat = await this.chats.store.get(cid);
        if (chat?.status !== 'bound') return note(T.notBound);
        if (!(await this.mayHandleReports(chat, ctx.actor!.userId))) return note(T.notYours);
        await this.jobs.provision(chat.chatId, `${ctx.updateId}`);
        await this.org.audit.append(ctx.actor!.userId, 'chat.readded', `chat:${chat.chatId}`, { op: 'add', unit: chat.unitId ?? '-' });
        return note(T.invitesQueued);
      }),
      // Send the chat's link again to those who have not joined.
      onPress(remindJoin, async (ctx, [cid]) => {
        const chat = await this.chats.store.get(cid);
        if (chat?.status !== 'bound') return note(T.notBound);
        if (!(await this.mayHandleReports(chat, ctx.actor!.userId))) return note(T.notYours);
        const waiting = [...(await this.chats.store.placements(chat.chatId))].filter(([, p]) => p.state === 'link_sent').length;
        if (waiting === 0) return note(T.nobodyToRemind);
        await this.jobs.remindAgain(chat.chatId, `${ctx.updateId}`);
        await this.org.audit.append(ctx.actor!.userId, 'chat.readded', `chat:${chat.chatId}`, { op: 'remind', count: waiting, unit: chat.unitId ?? '-' });
        return note(T.reminded(waiting));
      }),
    ];
  }
}
