// What MAX users do, driven by the control API: write to the bot, press
// buttons, create chats, add the bot and other people, rename chats. Each
// action mutates the world and publishes the update MAX would send the bot.
import type { Attachment, ChatPermissions } from '@maxhub/max-bot-api/types';
import {
  MAX_TEXT_LENGTH,
  RU_LOCALE,
  type ChatRecord,
  type MessageRecord,
  type UserRecord,
  badRequest,
  checkPermissionsFor,
  defaultBotPermissions,
  notFound,
} from './model.js';
import { MediaRegistry } from './media.js';
import { type SandboxState, keyboardOf } from './state.js';

export class UserActions {
  constructor(private readonly state: SandboxState) {}

  // ---- dialogs with the bot ------------------------------------------------

  sendText(userId: number, text: string): { mid: string } {
    checkText(text);
    return this.writeInDialog(userId, text, []);
  }

  /**
   * The user sends the bot a photo, a file, a video, a voice message or a sticker, with an
   * optional caption. Returns the media token (none for a sticker) that MAX would give.
   */
  sendAttachment(
    userId: number,
    input: { type: 'image' | 'file' | 'video' | 'audio' | 'sticker'; text?: string | null; filename?: string; size?: number },
  ): { mid: string; token: string | null } {
    const text = input.text ?? null;
    if (text !== null) checkText(text);
    this.actor(userId);
    const media = input.type === 'sticker' ? null : this.state.media.add(input.type, { filename: input.filename ?? null, size: input.size ?? 0 });
    const attachment: Attachment = media
      ? MediaRegistry.attachment(media)
      : { type: 'sticker', payload: { url: 'https://sandbox.invalid/sticker/1', code: 'smile' }, width: 128, height: 128 };
    return { ...this.writeInDialog(userId, text, [attachment]), token: media?.token ?? null };
  }

  /** A message from the user in their dialog with the bot (message_created). */
  private writeInDialog(userId: number, text: string | null, attachments: Attachment[]): { mid: string } {
    const user = this.actor(userId);
    const chat = this.state.ensureDialog(user);
    const message = this.state.createMessage({
      chatId: chat.chat_id,
      chatType: 'dialog',
      senderId: user.user_id,
      recipientUserId: this.state.bot.userId,
      text,
      format: null,
      attachments,
      link: null,
      notify: true,
    });
    return this.publishCreated(chat, message);
  }

  /**
   * A voice message or video circle (in the dialog, or in `chatId` when given): MAX sends
   * `message_created` with no `message` (SDK issue #250), and keeps no message the bot could
   * read. As observed, only `timestamp` (and in a dialog `user_locale`) come; `named` adds
   * `chat_id` and `user`, to model a MAX that names them.
   */
  sendVoice(userId: number, opts: { chatId?: number | undefined; named: boolean }): { ok: true } {
    const user = this.actor(userId);
    const chat = opts.chatId === undefined ? this.state.ensureDialog(user) : this.group(opts.chatId);
    if (chat.type !== 'dialog') this.member(chat, userId);
    this.state.publishMessageEvent(chat, {
      update_type: 'message_created',
      timestamp: Date.now(),
      ...(chat.type === 'dialog' ? { user_locale: 'ru' } : {}),
      ...(opts.named ? { chat_id: chat.chat_id, user: this.state.wireUser(user.user_id) } : {}),
    });
    return { ok: true };
  }

  /** The user sends a file in their dialog (message_created with a `file` attachment). */
  sendFile(userId: number, file: { url: string; token: string; filename: string; size: number }, text: string | null): { mid: string } {
    if (text !== null) checkText(text);
    return this.writeInDialog(userId, text ?? '', [{ type: 'file', payload: { url: file.url, token: file.token }, filename: file.filename, size: file.size }]);
  }

  startBot(userId: number, payload: string | null): { chatId: number } {
    const user = this.actor(userId);
    const chat = this.state.ensureDialog(user);
    user.startedBot = true;
    user.blockedBot = false;
    chat.last_event_time = Date.now();
    this.state.publishChatEvent(chat, {
      update_type: 'bot_started',
      timestamp: Date.now(),
      chat_id: chat.chat_id,
      user: this.state.wireUser(user.user_id),
      payload,
      user_locale: RU_LOCALE,
    });
    return { chatId: chat.chat_id };
  }

  /** Opens `https://max.ru/<bot username>?start=<payload>` as the user. */
  openDeepLink(userId: number, url: string): { chatId: number; payload: string | null } {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw badRequest(`Not a URL: ${url}`);
    }
    if (parsed.protocol !== 'https:' || (parsed.hostname !== 'max.ru' && parsed.hostname !== 'www.max.ru')) {
      throw badRequest(`Not a MAX deep link (expected https://max.ru/...): ${url}`);
    }
    const username = decodeURIComponent(parsed.pathname.replace(/^\/+|\/+$/g, ''));
    if (username.toLowerCase() !== this.state.bot.username.toLowerCase()) {
      throw badRequest(`The link opens "${username}", not this bot (${this.state.bot.username})`);
    }
    const payload = parsed.searchParams.get('start');
    return { chatId: this.startBot(userId, payload === '' ? null : payload).chatId, payload: payload === '' ? null : payload };
  }

  stopBot(userId: number): { chatId: number } {
    const user = this.actor(userId);
    const chat = this.state.ensureDialog(user);
    this.state.publishChatEvent(chat, {
      update_type: 'bot_stopped',
      timestamp: Date.now(),
      chat_id: chat.chat_id,
      user: this.state.wireUser(user.user_id),
      user_locale: RU_LOCALE,
    });
    user.blockedBot = true;
    return { chatId: chat.chat_id };
  }

  // ---- buttons -------------------------------------------------------------

  press(userId: number, mid: string, payload: string): { callback_id: string } {
    const user = this.actor(userId);
    const message = this.visibleMessage(user, mid);
    if (message.senderId !== this.state.bot.userId) throw badRequest(`Message ${mid} is not from the bot and has no buttons`);
    const buttons = keyboardOf(message.attachments).flat();
    if (!buttons.some((b) => b.type === 'callback' && b.payload === payload)) {
      const available = buttons.filter((b) => b.type === 'callback').map((b) => `"${b.text}" → ${JSON.stringify(b.payload)}`);
      throw badRequest(`Message ${mid} has no callback button with payload ${JSON.stringify(payload)}; it has: ${available.join(', ') || 'none'}`);
    }
    return this.fireCallback(user, message, payload);
  }

  pressByText(userId: number, mid: string, text: string): { callback_id: string } {
    const user = this.actor(userId);
    const message = this.visibleMessage(user, mid);
    const buttons = keyboardOf(message.attachments).flat();
    const button = buttons.find((b) => b.text === text);
    if (!button) {
      throw badRequest(`Message ${mid} has no button "${text}"; it has: ${buttons.map((b) => `"${b.text}"`).join(', ') || 'none'}`);
    }
    if (button.type !== 'callback') throw badRequest(`Button "${text}" is a ${button.type} button, not a callback button`);
    return this.press(userId, mid, button.payload);
  }

  // ---- the user's own messages ---------------------------------------------

  editText(userId: number, mid: string, text: string): void {
    checkText(text);
    const user = this.actor(userId);
    const message = this.ownMessage(user, mid);
    message.text = text;
    message.editedAt = Date.now();
    this.state.publishMessageEvent(this.chat(message.chatId), {
      update_type: 'message_edited',
      timestamp: message.editedAt,
      message: this.state.wireMessage(message),
    });
  }

  deleteMessage(userId: number, mid: string): void {
    const user = this.actor(userId);
    const message = this.ownMessage(user, mid);
    message.deleted = true;
    message.deletedAt = Date.now();
    const chat = this.chat(message.chatId);
    if (chat.pinnedMid === mid) chat.pinnedMid = null;
    this.state.publishMessageEvent(chat, {
      update_type: 'message_removed',
      timestamp: message.deletedAt,
      message_id: mid,
      chat_id: chat.chat_id,
      user_id: user.user_id,
      post_id: null,
    });
  }

  // ---- group chats ---------------------------------------------------------

  createChat(input: { title: string; owner_id: number; type: 'chat' | 'channel'; link: string | null; description: string | null; members: number[] }): {
    chat_id: number;
  } {
    const owner = this.actor(input.owner_id);
    const chat = this.state.createGroup({ title: input.title, ownerId: owner.user_id, type: input.type, link: input.link, description: input.description });
    for (const userId of input.members) {
      if (chat.members.has(userId)) continue;
      this.actor(userId);
      chat.members.set(userId, this.state.newMember(userId, chat.created_at));
    }
    return { chat_id: chat.chat_id };
  }

  addBot(chatId: number, by: number, admin: boolean, permissions: ChatPermissions[] | null): void {
    const chat = this.group(chatId);
    this.member(chat, by);
    if (chat.bot) throw badRequest(`The bot is already in chat ${chatId}`);
    if (admin && permissions) checkPermissionsFor(chat.type, permissions);
    chat.bot = {
      join_time: Date.now(),
      is_admin: admin,
      permissions: admin ? [...new Set(permissions ?? defaultBotPermissions(chat.type))] : null,
    };
    chat.botLeftAt = null;
    chat.last_event_time = Date.now();
    this.state.publishChatEvent(chat, {
      // Since November 2026 MAX does not say who added the bot.
      update_type: 'bot_added',
      timestamp: Date.now(),
      chat_id: chat.chat_id,
      is_channel: chat.type === 'channel',
    });
  }

  removeBot(chatId: number, by: number): void {
    const chat = this.group(chatId);
    this.admin(chat, by);
    if (!chat.bot) throw badRequest(`The bot is not in chat ${chatId}`);
    this.state.publishChatEvent(chat, {
      update_type: 'bot_removed',
      timestamp: Date.now(),
      chat_id: chat.chat_id,
      user: this.state.wireUser(by),
      is_channel: chat.type === 'channel',
    });
    chat.bot = null;
    chat.last_event_time = Date.now();
  }

  /** null makes the bot a regular member; an array makes it admin with exactly these permissions. */
  setBotPermissions(chatId: number, permissions: ChatPermissions[] | null, by?: number): void {
    const chat = this.group(chatId);
    if (!chat.bot) throw badRequest(`The bot is not in chat ${chatId}`);
    const changer = by ?? chat.owner_id;
    if (changer === null) throw badRequest(`Chat ${chatId} has no owner; give by`);
    this.admin(chat, changer);
    if (permissions !== null) checkPermissionsFor(chat.type, permissions);
    chat.bot.is_admin = permissions !== null;
    chat.bot.permissions = permissions === null ? null : [...new Set(permissions)];
    chat.last_event_time = Date.now();
    this.state.publishChatEvent(chat, {
      update_type: 'bot_admin_permissions_changed',
      timestamp: Date.now(),
      chat_id: chat.chat_id,
      user_id: changer,
      bot_id: this.state.bot.userId,
      is_channel: chat.type === 'channel',
      is_admin: chat.bot.is_admin,
      permissions: chat.bot.permissions,
    });
  }

  /** Admin `by` makes member `userId` an admin of the chat (MAX sends no update for this). */
  setAdmin(chatId: number, userId: number, by: number, admin: boolean): void {
    const chat = this.group(chatId);
    this.admin(chat, by);
    const member = chat.members.get(userId);
    if (!member) throw badRequest(`User ${userId} is not a member of chat ${chatId}`);
    if (member.is_owner) throw badRequest('The owner is always an admin');
    member.is_admin = admin;
    // A moderator: in a group chat `write` is also the right to delete others' messages; a channel needs `delete`.
    member.permissions = admin
      ? ['read_all_messages', 'add_remove_members', 'pin_message', 'write', ...(chat.type === 'channel' ? (['delete'] as const) : [])]
      : null;
  }

  addMember(chatId: number, userId: number, opts: { by?: number | undefined; viaLink?: boolean | undefined }): void {
    const chat = this.group(chatId);
    const user = this.actor(userId);
    if (chat.members.has(userId)) throw badRequest(`User ${userId} is already a member of chat ${chatId}`);
    if (chat.blocked.has(userId)) throw badRequest(`User ${userId} is blocked in chat ${chatId}`);
    if (opts.viaLink) {
      if (opts.by !== undefined) throw badRequest('Give either by or viaLink, not both');
      if (!chat.link) throw badRequest(`Chat ${chatId} has no invite link`);
    } else {
      if (opts.by === undefined) throw badRequest('Give by (the inviting member) or viaLink: true');
      this.member(chat, opts.by);
    }
    chat.members.set(userId, this.state.newMember(userId));
    chat.last_event_time = Date.now();
    this.state.publishChatEvent(chat, {
      update_type: 'user_added',
      timestamp: Date.now(),
      chat_id: chat.chat_id,
      user: this.state.wireUser(user.user_id),
      inviter_id: opts.viaLink ? null : (opts.by ?? null),
      is_channel: chat.type === 'channel',
    });
  }

  /** Without `by` (or with by = the user) the user leaves on their own; admin_id is then null. */
  removeMember(chatId: number, userId: number, opts: { by?: number | undefined }): void {
    const chat = this.group(chatId);
    const member = chat.members.get(userId);
    if (!member) throw badRequest(`User ${userId} is not a member of chat ${chatId}`);
    if (member.is_owner) throw badRequest('The owner cannot leave or be removed in the sandbox');
    const by = opts.by === undefined || opts.by === userId ? null : opts.by;
    if (by !== null) this.admin(chat, by);
    chat.members.delete(userId);
    chat.last_event_time = Date.now();
    this.state.publishChatEvent(chat, {
      update_type: 'user_removed',
      timestamp: Date.now(),
      chat_id: chat.chat_id,
      user: this.state.wireUser(userId),
      admin_id: by,
      is_channel: chat.type === 'channel',
    });
  }

  renameChat(chatId: number, title: string, by: number): void {
    const chat = this.group(chatId);
    this.member(chat, by);
    chat.title = title;
    chat.last_event_time = Date.now();
    this.state.publishChatEvent(chat, {
      update_type: 'chat_title_changed',
      timestamp: Date.now(),
      chat_id: chat.chat_id,
      user: this.state.wireUser(by),
      title,
    });
  }

  sendChatText(chatId: number, userId: number, text: string, replyToMid: string | null): { mid: string } {
    checkText(text);
    const chat = this.group(chatId);
    const member = this.member(chat, userId);
    if (chat.type === 'channel' && !member.is_admin) throw badRequest(`Only admins post in channel ${chatId}`);
    if (replyToMid !== null) {
      const replied = this.state.messagesByMid.get(replyToMid);
      if (!replied || replied.deleted || replied.chatId !== chatId) throw badRequest(`Message ${replyToMid} is not in chat ${chatId}`);
    }
    const message = this.state.createMessage({
      chatId,
      chatType: chat.type,
      senderId: userId,
      recipientUserId: null,
      text,
      format: null,
      attachments: [],
      link: replyToMid === null ? null : { type: 'reply', mid: replyToMid },
      notify: true,
    });
    member.last_access_time = message.createdAt;
    return this.publishCreated(chat, message);
  }

  setChat(chatId: number, opts: { link?: string | null | undefined; addAllowed?: boolean | undefined }): void {
    const chat = this.group(chatId);
    if (opts.link !== undefined) chat.link = opts.link;
    if (opts.addAllowed !== undefined) chat.addAllowed = opts.addAllowed;
  }

  // ---- helpers -------------------------------------------------------------

  private fireCallback(user: UserRecord, message: MessageRecord, payload: string): { callback_id: string } {
    const chat = this.chat(message.chatId);
    const callback = this.state.newCallback({ mid: message.mid, chatId: chat.chat_id, userId: user.user_id, payload });
    this.state.publishChatEvent(chat, {
      update_type: 'message_callback',
      timestamp: callback.createdAt,
      callback: { timestamp: callback.createdAt, callback_id: callback.callbackId, payload, user: this.state.wireUser(user.user_id) },
      message: this.state.wireMessage(message),
      user_locale: RU_LOCALE,
    });
    return { callback_id: callback.callbackId };
  }

  private actor(userId: number): UserRecord {
    const user = this.state.ensureUser(userId);
    this.state.touch(user);
    return user;
  }

  private chat(chatId: number): ChatRecord {
    const chat = this.state.chats.get(chatId);
    if (!chat) throw notFound(`Chat ${chatId} not found`);
    return chat;
  }

  private group(chatId: number): ChatRecord {
    const chat = this.chat(chatId);
    if (chat.type === 'dialog') throw badRequest(`Chat ${chatId} is a dialog, not a group chat or channel`);
    return chat;
  }

  private member(chat: ChatRecord, userId: number) {
    const member = chat.members.get(userId);
    if (!member) throw badRequest(`User ${userId} is not a member of chat ${chat.chat_id}`);
    return member;
  }

  private admin(chat: ChatRecord, userId: number) {
    const member = this.member(chat, userId);
    if (!member.is_admin) throw badRequest(`User ${userId} is not an admin of chat ${chat.chat_id}`);
    return member;
  }

  private visibleMessage(user: UserRecord, mid: string): MessageRecord {
    const message = this.state.messagesByMid.get(mid);
    if (!message || message.deleted) throw badRequest(`Message ${mid} does not exist`);
    if (!this.state.userCanSee(user.user_id, message)) throw badRequest(`User ${user.user_id} cannot see message ${mid}`);
    return message;
  }

  private ownMessage(user: UserRecord, mid: string): MessageRecord {
    const message = this.visibleMessage(user, mid);
    if (message.senderId !== user.user_id) throw badRequest(`Message ${mid} was not written by user ${user.user_id}`);
    return message;
  }

  /** A user's new message: the message_created update the bot may see, and the answer for the control API. */
  private publishCreated(chat: Parameters<SandboxState['publishMessageEvent']>[0], message: Parameters<SandboxState['wireMessage']>[0]): { mid: string } {
    this.state.publishMessageEvent(chat, {
      update_type: 'message_created',
      timestamp: message.createdAt,
      message: this.state.wireMessage(message),
      user_locale: RU_LOCALE,
    });
    return { mid: message.mid };
  }
}

function checkText(text: string): void {
  if (text.trim() === '') throw badRequest('Text must not be empty');
  if ([...text].length > MAX_TEXT_LENGTH) throw badRequest(`Text is longer than ${MAX_TEXT_LENGTH} characters`);
}
