// The sandbox world: users, chats, messages, callbacks and their wire shapes.
// Every mutation that MAX would report to the bot goes through publishMessageEvent
// or publishChatEvent, which apply MAX's visibility rules before handing the
// update to the feed (polling or webhook).
import type { Attachment, BotCommand, BotInfo, Button, Chat, ChatMember, ChatPermissions, Message, MessageBody, User } from '@maxhub/max-bot-api/types';
import type { InjectedUpdate, SandboxUpdate } from './wire-updates.js';
import { MediaRegistry } from './media.js';
import {
  type AnswerRecord,
  type CallbackRecord,
  type ChatRecord,
  type MemberRecord,
  type MessageRecord,
  type UserRecord,
  dialogChatId,
  dialogUserId,
  formatCallbackId,
  formatMid,
  groupChatId,
  notFound,
  ownerPermissions,
  DELETE_OTHERS_PERMISSIONS,
} from './model.js';

export interface BotIdentity {
  userId: number;
  username: string;
  name: string;
}

export type Publish = (update: SandboxUpdate) => void;

export class SandboxState {
  readonly users = new Map<number, UserRecord>();
  readonly chats = new Map<number, ChatRecord>();
  readonly messages: MessageRecord[] = [];
  readonly messagesByMid = new Map<string, MessageRecord>();
  /** Each chat's messages in order: observing one dialog costs its own length, not every message's. */
  private readonly messagesByChat = new Map<number, MessageRecord[]>();
  readonly callbacks = new Map<string, CallbackRecord>();
  readonly answers: AnswerRecord[] = [];
  /** Photos, files and other media MAX knows: their tokens may be sent again. */
  readonly media = new MediaRegistry();
  commands: BotCommand[] = [];
  private messageSeq = 0;
  private chatSeq = 0;
  private callbackSeq = 0;
  private readonly botStartedAt = Date.now();

  constructor(
    readonly bot: BotIdentity,
    private readonly publish: Publish,
    /** Where message, callback and chat numbering starts (see MaxSandboxOptions.idBase). */
    private readonly idBase = 0,
  ) {
    this.resetNumbering();
  }

  /**
   * With an id base (a start time in ms), messages and callbacks are numbered from base × 1000
   * and group chats from base: a sandbox started later never repeats an earlier one's ids.
   */
  private resetNumbering(): void {
    this.messageSeq = this.idBase * 1000;
    this.callbackSeq = this.idBase * 1000;
    this.chatSeq = this.idBase;
  }

  reset(): void {
    this.users.clear();
    this.chats.clear();
    this.messages.length = 0;
    this.messagesByMid.clear();
    this.messagesByChat.clear();
    this.callbacks.clear();
    this.answers.length = 0;
    this.media.reset();
    this.commands = [];
    this.resetNumbering();
  }

  // ---- users ---------------------------------------------------------------

  upsertUser(input: { user_id: number; first_name: string; last_name?: string | null; username?: string | null }): UserRecord {
    const existing = this.users.get(input.user_id);
    if (existing) {
      existing.first_name = input.first_name;
      existing.last_name = input.last_name ?? null;
      existing.username = input.username ?? null;
      return existing;
    }
    const user: UserRecord = {
      user_id: input.user_id,
      first_name: input.first_name,
      last_name: input.last_name ?? null,
      username: input.username ?? null,
      last_activity_time: Date.now(),
      refuseAdd: false,
      startedBot: false,
      blockedBot: false,
    };
    this.users.set(user.user_id, user);
    return user;
  }

  /** Users acting through the control API are created on first use with a default name. */
  ensureUser(userId: number): UserRecord {
    return this.users.get(userId) ?? this.upsertUser({ user_id: userId, first_name: `Пользователь ${userId}` });
  }

  touch(user: UserRecord): void {
    user.last_activity_time = Date.now();
  }

  // ---- chats ---------------------------------------------------------------

  /** The dialog of the bot with a user, created on first use. */
  ensureDialog(user: UserRecord): ChatRecord {
    const chatId = dialogChatId(user.user_id);
    const existing = this.chats.get(chatId);
    if (existing) return existing;
    const now = Date.now();
    const chat: ChatRecord = {
      chat_id: chatId,
      type: 'dialog',
      title: null,
      description: null,
      owner_id: null,
      link: null,
      addAllowed: false,
      created_at: now,
      last_event_time: now,
      members: new Map([[user.user_id, this.newMember(user.user_id, now)]]),
      bot: { join_time: now, is_admin: false, permissions: null },
      botLeftAt: null,
      pinnedMid: null,
      blocked: new Set(),
      dialogUserId: user.user_id,
    };
    this.chats.set(chatId, chat);
    return chat;
  }

  createGroup(input: { title: string; ownerId: number; type: 'chat' | 'channel'; link: string | null; description: string | null }): ChatRecord {
    const now = Date.now();
    const chat: ChatRecord = {
      chat_id: groupChatId(++this.chatSeq),
      type: input.type,
      title: input.title,
      description: input.description,
      owner_id: input.ownerId,
      link: input.link,
      addAllowed: false,
      created_at: now,
      last_event_time: now,
      members: new Map(),
      bot: null,
      botLeftAt: null,
      pinnedMid: null,
      blocked: new Set(),
      dialogUserId: null,
    };
    const owner = this.newMember(input.ownerId, now);
    owner.is_owner = true;
    owner.is_admin = true;
    owner.permissions = ownerPermissions(input.type);
    chat.members.set(input.ownerId, owner);
    this.chats.set(chat.chat_id, chat);
    return chat;
  }

  newMember(userId: number, now = Date.now()): MemberRecord {
    return { user_id: userId, join_time: now, last_access_time: now, is_owner: false, is_admin: false, permissions: null, alias: null };
  }

  /** A chat as the bot may see it: dialogs with known users and groups the bot is in. */
  chatForBot(chatId: number): ChatRecord {
    const chat = this.chats.get(chatId);
    if (chat?.bot) return chat;
    const userId = dialogUserId(chatId);
    if (!chat && userId !== null) {
      const user = this.users.get(userId);
      if (user) return this.ensureDialog(user);
    }
    throw notFound(`Chat ${chatId} not found`);
  }

  botHas(chat: ChatRecord, permission: ChatPermissions): boolean {
    if (chat.type === 'dialog') return true;
    return !!chat.bot?.is_admin && !!chat.bot.permissions?.includes(permission);
  }

  /** May the bot delete (or edit) someone else's message here: `write` in a group chat, `delete` in a channel. */
  botMayDeleteOthers(chat: ChatRecord): boolean {
    if (chat.type === 'dialog') return false;
    return DELETE_OTHERS_PERMISSIONS[chat.type].some((p) => this.botHas(chat, p));
  }

  /** MAX shows a group's messages to a bot only when it is admin with read_all_messages. */
  botSeesMessagesOf(chat: ChatRecord): boolean {
    if (!chat.bot) return false;
    return chat.type === 'dialog' || this.botHas(chat, 'read_all_messages');
  }

  // ---- messages ------------------------------------------------------------

  createMessage(input: Omit<MessageRecord, 'mid' | 'seq' | 'createdAt' | 'editedAt' | 'deleted' | 'deletedAt'>): MessageRecord {
    const seq = ++this.messageSeq;
    const message: MessageRecord = { ...input, mid: formatMid(seq), seq, createdAt: Date.now(), editedAt: null, deleted: false, deletedAt: null };
    this.messages.push(message);
    this.messagesByMid.set(message.mid, message);
    const inChat = this.messagesByChat.get(message.chatId);
    if (inChat) inChat.push(message);
    else this.messagesByChat.set(message.chatId, [message]);
    const chat = this.chats.get(message.chatId);
    if (chat) chat.last_event_time = message.createdAt;
    return message;
  }

  /** One chat's messages, oldest first (deleted ones included, as in `messages`). */
  messagesIn(chatId: number): readonly MessageRecord[] {
    return this.messagesByChat.get(chatId) ?? [];
  }

  liveMessage(mid: string): MessageRecord {
    const message = this.messagesByMid.get(mid);
    if (!message || message.deleted) throw notFound(`Message ${mid} not found`);
    return message;
  }

  /** Whether the bot may read this message through GET /messages. */
  botCanRead(message: MessageRecord): boolean {
    const chat = this.chats.get(message.chatId);
    if (!chat?.bot) return false;
    return message.senderId === this.bot.userId || this.botSeesMessagesOf(chat);
  }

  /** Whether a user can see a message (their dialog with the bot, or a chat they are a member of). */
  userCanSee(userId: number, message: MessageRecord): boolean {
    const chat = this.chats.get(message.chatId);
    if (!chat) return false;
    return chat.type === 'dialog' ? chat.dialogUserId === userId : chat.members.has(userId);
  }

  newCallback(input: Omit<CallbackRecord, 'callbackId' | 'createdAt'>): CallbackRecord {
    const callback: CallbackRecord = { ...input, callbackId: formatCallbackId(++this.callbackSeq), createdAt: Date.now() };
    this.callbacks.set(callback.callbackId, callback);
    return callback;
  }

  // ---- publishing ------------------------------------------------------------

  /** message_created / message_edited / message_removed: only where the bot may read messages. */
  publishMessageEvent(chat: ChatRecord, update: SandboxUpdate): void {
    if (this.botSeesMessagesOf(chat)) this.publish(update);
  }

  /** An update exactly as a test gave it (POST /sandbox/updates): no visibility rule applies. */
  publishInjected(update: InjectedUpdate): void {
    this.publish(update as unknown as SandboxUpdate);
  }

  /** Membership, title and callback events: whenever the bot is in the chat. */
  publishChatEvent(chat: ChatRecord, update: SandboxUpdate): void {
    if (chat.bot) this.publish(update);
  }

  // ---- wire shapes -----------------------------------------------------------

  wireUser(userId: number): User {
    if (userId === this.bot.userId) return this.wireBotUser();
    const user = this.users.get(userId);
    if (!user) {
      return { user_id: userId, first_name: `Пользователь ${userId}`, name: `Пользователь ${userId}`, username: null, is_bot: false, last_activity_time: 0 };
    }
    const wire: User = {
      user_id: user.user_id,
      first_name: user.first_name,
      name: user.last_name ? `${user.first_name} ${user.last_name}` : user.first_name,
      username: user.username,
      is_bot: false,
      last_activity_time: user.last_activity_time,
    };
    if (user.last_name) wire.last_name = user.last_name;
    return wire;
  }

  wireBotUser(): User {
    return {
      user_id: this.bot.userId,
      first_name: this.bot.name,
      name: this.bot.name,
      username: this.bot.username,
      is_bot: true,
      last_activity_time: Date.now(),
    };
  }

  botInfo(): BotInfo {
    return { ...this.wireBotUser(), description: null, commands: this.commands.map((c) => ({ ...c })) };
  }

  wireBody(message: MessageRecord): MessageBody {
    // `attachments` is required (nullable) in the Bot API description: null when there are none.
    return {
      mid: message.mid,
      seq: message.seq,
      text: message.text,
      attachments: message.attachments.length > 0 ? structuredClone(message.attachments) : null,
    };
  }

  wireMessage(message: MessageRecord): Message {
    const wire: Message = {
      sender: this.wireUser(message.senderId),
      recipient: {
        chat_id: message.chatId,
        chat_type: message.chatType,
        user_id: message.recipientUserId,
        post_id: null,
      },
      timestamp: message.createdAt,
      body: this.wireBody(message),
    };
    if (message.link) {
      const linked = this.messagesByMid.get(message.link.mid);
      if (linked) {
        wire.link = { type: message.link.type, sender: this.wireUser(linked.senderId), chat_id: linked.chatId, message: this.wireBody(linked) };
      }
    }
    return wire;
  }

  wireChat(chat: ChatRecord): Chat {
    const wire: Chat = {
      chat_id: chat.chat_id,
      type: chat.type,
      status: chat.bot ? 'active' : chat.botLeftAt !== null ? 'left' : 'removed',
      title: chat.title,
      icon: null,
      last_event_time: chat.last_event_time,
      participants_count: chat.members.size + (chat.bot ? 1 : 0),
      owner_id: chat.owner_id,
      is_public: false,
      link: chat.link,
      description: chat.description,
    };
    if (chat.dialogUserId !== null) wire.dialog_with_user = this.wireUser(chat.dialogUserId);
    const pinned = chat.pinnedMid ? this.messagesByMid.get(chat.pinnedMid) : undefined;
    if (pinned && !pinned.deleted) wire.pinned_message = this.wireMessage(pinned);
    return wire;
  }

  wireMember(member: MemberRecord): ChatMember {
    const wire: ChatMember = {
      ...this.wireUser(member.user_id),
      last_access_time: member.last_access_time,
      is_owner: member.is_owner,
      is_admin: member.is_admin,
      join_time: member.join_time,
      permissions: member.is_admin ? [...(member.permissions ?? [])] : null,
    };
    if (member.alias) wire.alias = member.alias;
    return wire;
  }

  wireBotMember(chat: ChatRecord): ChatMember {
    const bot = chat.bot;
    return {
      ...this.wireBotUser(),
      last_access_time: Date.now(),
      is_owner: false,
      is_admin: !!bot?.is_admin,
      join_time: bot?.join_time ?? this.botStartedAt,
      permissions: bot?.is_admin ? [...(bot.permissions ?? [])] : null,
    };
  }

  /** All members as the Bot API lists them: humans in join order, then the bot. */
  wireMembers(chat: ChatRecord): ChatMember[] {
    const list = [...chat.members.values()].map((m) => this.wireMember(m));
    if (chat.bot) list.push(this.wireBotMember(chat));
    return list;
  }
}

/** The inline keyboard rows of a message, or [] when it has none. */
export function keyboardOf(attachments: readonly Attachment[]): Button[][] {
  for (const attachment of attachments) {
    if (attachment.type === 'inline_keyboard') return attachment.payload.buttons;
  }
  return [];
}
