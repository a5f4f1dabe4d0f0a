// Chat events and binding (SPEC §3.4): who added the bot, what the chat is, the
// bot's rights, the rules, strangers. Button arguments are untrusted: the chat,
// the presser and the current state are checked again at every press.
import type { Api } from '@maxhub/max-bot-api';
import type { Logger } from '../../log.js';
import { belongsIn, CHAT_KINDS, CHAT_KIND_TITLES_RU, isChildrensChat, isUnitKind, kindsBindableBy, mayAddBot, mayBind, mayChooseChatKind, type ChatKind } from '../../policy/chat-membership.js';
import { STAFF_ROOM_ID } from '../../store/org-store.js';
import type { ChatRecord } from '../../store/chat-store.js';
import { actionPayload } from '../callback-payload.js';
import type { CallbackAction, CallbackAnswer } from '../commands/types.js';
import type { UpdateContext } from '../context.js';
import type { MaxUpdate } from '../update.js';
import type { ChatJobs } from './chat-jobs.js';
import type { Chats } from './chats.js';
import { syncReportMessages } from './reports.js';
import { CHAT_TEXTS as T } from './texts.js';

const CHAT_ID = /^-?\d{1,20}$/;
const USER_ID = /^\d{1,15}$/;
const UNIT_ID = /^(u\d{1,9}|staff)$/;
const note = (notification: string): CallbackAnswer => ({ notification });

type ChatUpdate = Extract<MaxUpdate, { update_type: 'bot_added' | 'bot_removed' | 'user_added' | 'user_removed' | 'chat_title_changed' }>;

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

  async onChatUpdate(ctx: UpdateContext, u: ChatUpdate): Promise<void> {
    switch (u.update_type) {
      case 'bot_added':
        return this.onBotAdded(ctx, u.chat_id, u.user.user_id, u.is_channel);
      case 'bot_removed': {
        const chat = await this.chats.store.get(u.chat_id);
        if (!chat) return;
        await this.chats.store.left(u.chat_id);
        const tell = chat.boundBy ?? chat.addedBy;
        if (tell) ctx.send({ to: { userId: tell }, text: T.botRemoved(chat.title) });
        return;
      }
      case 'chat_title_changed':
        await this.chats.store.update(u.chat_id, { title: u.title });
        return;
      case 'user_added':
        return this.onUserAdded(ctx, u.chat_id, u.user.user_id, [u.user.first_name, u.user.last_name].filter(Boolean).join(' '));
      case 'user_removed': {
        const chat = await this.chats.store.get(u.chat_id);
        if (chat && (await this.chats.store.placement(u.chat_id, u.user.user_id))) {
          await this.chats.store.place(u.chat_id, u.user.user_id, { state: u.admin_id ? 'removed' : 'left', at: this.org.now() });
        }
        return;
      }
    }
  }

  private async onBotAdded(ctx: UpdateContext, chatId: number, by: number, isChannel: boolean): Promise<void> {
    let title = '';
    try {
      title = (await this.api.getChat(chatId)).title ?? '';
    } catch {
      // the title is only for messages
    }
    await this.chats.store.added(chatId, { title, isChannel, addedBy: by, at: this.org.now() });
    if (!mayAddBot(await this.chats.facts(by))) {
      this.log.info({ chatId, by }, 'bot added by an outsider; leaving');
      try {
        await this.api.sendMessageToChat(chatId, T.outsider);
      } catch {
        // leaving matters more than the explanation
      }
      await this.api.leaveChat(chatId);
      await this.chats.store.left(chatId);
      return;
    }
    await this.prompt(ctx, chatId, by);
  }

  /** Asks the binder what the chat is, with only the kinds they may bind. */
  async prompt(ctx: UpdateContext, chatId: number, binder: number): Promise<void> {
    const kinds = kindsBindableBy(await this.chats.facts(binder));
    const name = (await this.org.people.fullNames([binder])).get(binder) ?? `id ${binder}`;
    ctx.send({ to: { chatId }, text: T.askKind(name), keyboard: kinds.map((k) => [{ text: CHAT_KIND_TITLES_RU[k], payload: actionPayload('bk', chatId, k) }]) });
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
      for (const to of await this.chats.responsible(chat)) ctx.send({ to: { userId: to }, text: T.strangerRemoved(chat.title, who) });
      return;
    }
    // A stranger in a children's chat is a security alert: it goes at once, whatever the hour.
    const keyboard = [[{ text: T.removeBtn, payload: actionPayload('sg', chatId, userId, 'rm') }, { text: T.keepBtn, payload: actionPayload('sg', chatId, userId, 'keep') }]];
    for (const to of await this.chats.responsible(chat)) ctx.send({ to: { userId: to }, text: T.stranger(chat.title, who), keyboard });
    this.log.info({ chatId, userId, childrens: isChildrensChat(t.kind) }, 'stranger reported');
  }

  /** May the presser act on the chat's reports (strangers, missing members): whoever gets them, or an admin. */
  private async mayHandleReports(chat: ChatRecord, userId: number): Promise<boolean> {
    return (await this.chats.responsible(chat)).includes(userId) || (await this.org.people.verifiedRoles(userId)).has('admin');
  }

  /** May the presser act on this chat's binding: whoever added the bot, or an admin. */
  private async mayAct(chat: ChatRecord, userId: number): Promise<boolean> {
    return mayChooseChatKind(chat, userId, await this.org.actor(userId));
  }

  async bind(ctx: UpdateContext, chat: ChatRecord, binder: number, kind: ChatKind, unitId: string | null): Promise<void> {
    await this.chats.store.bind(chat.chatId, { kind, unitId, boundBy: binder, at: this.org.now() });
    const missing = await this.chats.checkRights(chat.chatId);
    const unitName = await this.org.unitName(unitId);
    ctx.send({ to: { chatId: chat.chatId }, text: [T.bound(kind, unitName), missing.length > 0 ? T.rightsMissing(missing) : T.rightsOk].join('\n\n') });
    await this.postRules(chat.chatId);
    await this.jobs.provision(chat.chatId, `${ctx.updateId}`);
  }

  /** Posts the chat's rules and pins them where the bot may. */
  private async postRules(chatId: number): Promise<void> {
    const { start, end } = this.org.config.WORK_HOURS;
    try {
      const message = await this.api.sendMessageToChat(chatId, T.rules(start, end));
      const fresh = await this.chats.store.get(chatId);
      if (fresh?.permissions.includes('pin_message')) await this.api.pinMessage(chatId, message.body.mid, { notify: false });
    } catch (err) {
      this.log.warn({ chatId, err: (err as Error).message }, 'posting or pinning the rules failed');
    }
  }

  actions(): CallbackAction[] {
    return [
      {
        // bk:<chat id>:<kind> — the chat's kind; unit kinds then ask for the unit.
        name: 'bk',
        run: async (ctx, args, message) => {
          const [cid, kind] = args;
          if (!cid || !CHAT_ID.test(cid) || !kind || !(CHAT_KINDS as readonly string[]).includes(kind)) return note(T.notAllowedKind);
          const chat = await this.chats.store.get(Number(cid));
          const presser = ctx.actor!.userId;
          if (!chat || chat.status === 'left') return note(T.notBound);
          if (!(await this.mayAct(chat, presser))) return note(T.notYours);
          const k = kind as ChatKind;
          const facts = await this.chats.facts(presser);
          if (!isUnitKind(k)) {
            if (!mayBind(k, null, facts)) return note(T.notAllowedKind);
            await this.bind(ctx, chat, presser, k, null);
            return { closeKeyboard: message.text };
          }
          const units = (await this.org.org.listUnits()).filter((u) => u.id !== STAFF_ROOM_ID && mayBind(k, u.id, facts));
          if (units.length === 0) return note(T.noUnits);
          ctx.send({ to: { chatId: chat.chatId }, text: T.askUnit, keyboard: units.slice(0, 30).map((u) => [{ text: u.name, payload: actionPayload('bu', chat.chatId, k, u.id) }]) });
          return { closeKeyboard: message.text };
        },
      },
      {
        // bu:<chat id>:<kind>:<unit id> — bind a unit chat.
        name: 'bu',
        run: async (ctx, args, message) => {
          const [cid, kind, unitId] = args;
          if (!cid || !CHAT_ID.test(cid) || !kind || !(CHAT_KINDS as readonly string[]).includes(kind) || !unitId || !UNIT_ID.test(unitId)) return note(T.notAllowedKind);
          const chat = await this.chats.store.get(Number(cid));
          const presser = ctx.actor!.userId;
          if (!chat || chat.status === 'left') return note(T.notBound);
          if (!(await this.mayAct(chat, presser))) return note(T.notYours);
          const unit = await this.org.org.unit(unitId);
          if (!unit || unit.archived || !mayBind(kind as ChatKind, unitId, await this.chats.facts(presser))) return note(T.notAllowedKind);
          await this.bind(ctx, chat, presser, kind as ChatKind, unitId);
          return { closeKeyboard: message.text };
        },
      },
      {
        // sg:<chat id>:<user id>:rm|keep — what to do with a stranger.
        name: 'sg',
        run: async (ctx, args, message) => {
          const [cid, uid, op] = args;
          if (!cid || !CHAT_ID.test(cid) || !uid || !USER_ID.test(uid) || (op !== 'rm' && op !== 'keep')) return note(T.notBound);
          const chat = await this.chats.store.get(Number(cid));
          if (!chat || chat.status !== 'bound') return note(T.notBound);
          const presser = ctx.actor!.userId;
          if (!(await this.mayHandleReports(chat, presser))) return note(T.notYours);
          if (op === 'keep') {
            await this.chats.store.keepAsGuest(chat.chatId, Number(uid));
            return { closeKeyboard: `${message.text ?? ''}\n\n${T.kept}` };
          }
          if (!(await this.chats.remove(chat, Number(uid)))) return note(T.removeFailed);
          return { closeKeyboard: `${message.text ?? ''}\n\n${T.removed}` };
        },
      },
      {
        // sy:<chat id>:add — add everyone who is missing.
        name: 'sy',
        run: async (ctx, args, message) => {
          const [cid, op] = args;
          if (!cid || !CHAT_ID.test(cid) || op !== 'add') return note(T.notBound);
          const chat = await this.chats.store.get(Number(cid));
          if (!chat || chat.status !== 'bound') return note(T.notBound);
          const presser = ctx.actor!.userId;
          if (!(await this.mayHandleReports(chat, presser))) return note(T.notYours);
          for (const m of await this.chats.provision(chat)) ctx.send(m);
          return { closeKeyboard: message.text };
        },
      },
    ];
  }

  /** /sync report for one chat, to the person who asked. */
  async syncReport(ctx: UpdateContext, chat: ChatRecord): Promise<void> {
    const report = await this.chats.diff(chat);
    for (const m of await syncReportMessages(this.chats, chat, report, [ctx.actor!.userId])) ctx.send(m);
  }
}
