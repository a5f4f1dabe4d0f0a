// In-memory entities of the MAX sandbox, the id schemes and the error type the
// Bot API answers with. Wire shapes (what the SDK sees) are built from these in
// state.ts; nothing here knows about HTTP.
import type { Attachment, ChatPermissions, ChatType, MessageLinkType, MessageTextFormat, UserLocale } from '@maxhub/max-bot-api/types';

/** A dialog between the bot and user U has chat id DIALOG_CHAT_ID_BASE + U. */
export const DIALOG_CHAT_ID_BASE = 100_000_000;
/** Group chats and channels get negative ids, like real MAX: -(GROUP_CHAT_ID_BASE + n). */
export const GROUP_CHAT_ID_BASE = 70_000_000_000;

export function dialogChatId(userId: number): number {
  return DIALOG_CHAT_ID_BASE + userId;
}

/** The user of a dialog chat id, or null when the id is not a dialog id. */
export function dialogUserId(chatId: number): number | null {
  return chatId > DIALOG_CHAT_ID_BASE ? chatId - DIALOG_CHAT_ID_BASE : null;
}

export function groupChatId(n: number): number {
  return -(GROUP_CHAT_ID_BASE + n);
}

export function formatMid(seq: number): string {
  return `mid.${String(seq).padStart(12, '0')}`;
}

export function formatCallbackId(n: number): string {
  return `cb.${String(n).padStart(12, '0')}`;
}

/** `user_locale` is typed as an empty const enum by the SDK; the wire value is a plain string. */
export const RU_LOCALE = 'ru' as unknown as UserLocale;

export const MAX_TEXT_LENGTH = 4000;

export const ALL_PERMISSIONS = [
  'read_all_messages',
  'add_remove_members',
  'add_admins',
  'change_chat_info',
  'pin_message',
  'write',
  'can_call',
  'edit_link',
  'post_edit_delete_message',
  'edit_message',
  'delete_message',
  'edit',
  'delete',
] as const satisfies readonly ChatPermissions[];

/*
 * Admin rights per chat type, as MAX's ChatAdminPermission description fixes them
 * (dev.max.ru, the rights of POST /chats/{chatId}/members/admins; the values are the
 * `ChatAdminPermission` enum of the official schema.yaml, max-messenger/api-schema v0.0.33):
 *   `edit` — «редактировать посты в каналах (для групповых чатов недоступно)», earlier `edit_message`;
 *   `delete` — «удалять посты (для групповых чатов недоступно)», earlier `delete_message`;
 *   `write` — «редактировать и удалять сообщения в групповых чатах, а также писать посты в
 *     каналах», earlier `post_edit_delete_message` («в ответе могут возвращаться оба значения»);
 *   `edit_link` — «изменять ссылку на групповой чат (для каналов недоступно)»;
 *   `can_call` — «звонить в групповом чате (для каналов недоступно)».
 * (`view_stats` exists for channels too, but «боты не могут смотреть статистику».)
 * This is the sandbox's own reading, kept apart from the bot's (src/policy/chat-rights.ts):
 * test/sandbox/rights.test.ts pins it to the quoted clause.
 */
const COMMON_PERMISSIONS = [
  'read_all_messages',
  'add_remove_members',
  'add_admins',
  'change_chat_info',
  'pin_message',
  'write',
] as const satisfies readonly ChatPermissions[];
export const PERMISSIONS_BY_TYPE: Record<'chat' | 'channel', readonly ChatPermissions[]> = {
  chat: [...COMMON_PERMISSIONS, 'edit_link', 'can_call', 'post_edit_delete_message'],
  channel: [...COMMON_PERMISSIONS, 'edit', 'delete', 'post_edit_delete_message', 'edit_message', 'delete_message'],
};

/** The rights that let an admin delete (and edit) someone else's message, per chat type. */
export const DELETE_OTHERS_PERMISSIONS: Record<'chat' | 'channel', readonly ChatPermissions[]> = {
  chat: ['write', 'post_edit_delete_message'],
  channel: ['delete', 'delete_message'],
};

/** Refuses rights a chat of this type does not have (MAX does not offer channel rights in group chats). */
export function checkPermissionsFor(type: ChatType, permissions: readonly ChatPermissions[]): void {
  if (type === 'dialog') throw badRequest('Dialogs have no admins');
  const foreign = permissions.filter((p) => !PERMISSIONS_BY_TYPE[type].includes(p));
  if (foreign.length > 0)
    throw badRequest(`Not available in a ${type === 'chat' ? 'group chat' : 'channel'}: ${foreign.join(', ')}`, 'permissions.not.available');
}

/**
 * What a bot gets when it is made admin: in a group chat, what MAX gives a chat-admin bot
 * today (read_all_messages, add_remove_members, add_admins, change_chat_info, pin_message,
 * write, edit_link); in a channel, the channel's rights under their current names.
 */
export function defaultBotPermissions(type: ChatType): ChatPermissions[] {
  return type === 'channel' ? [...COMMON_PERMISSIONS, 'edit', 'delete'] : [...COMMON_PERMISSIONS, 'edit_link'];
}

/** What the owner of a chat of this type may do: every right of the type, current names only. */
export function ownerPermissions(type: ChatType): ChatPermissions[] {
  return type === 'channel' ? [...COMMON_PERMISSIONS, 'edit', 'delete'] : [...COMMON_PERMISSIONS, 'edit_link', 'can_call'];
}

export interface UserRecord {
  user_id: number;
  first_name: string;
  last_name: string | null;
  username: string | null;
  last_activity_time: number;
  /** Privacy setting "nobody may add me to chats" — bots get add.participant.privacy. */
  refuseAdd: boolean;
  /** The user pressed Start (or opened a deep link) at least once. */
  startedBot: boolean;
  /** The user stopped/blocked the bot; sending to them is denied until they start it again. */
  blockedBot: boolean;
}

export interface MemberRecord {
  user_id: number;
  join_time: number;
  last_access_time: number;
  is_owner: boolean;
  is_admin: boolean;
  permissions: ChatPermissions[] | null;
  alias: string | null;
}

export interface BotMembership {
  join_time: number;
  is_admin: boolean;
  permissions: ChatPermissions[] | null;
}

export interface ChatRecord {
  chat_id: number;
  type: ChatType;
  title: string | null;
  description: string | null;
  owner_id: number | null;
  link: string | null;
  /**
   * Since 9 September 2026 MAX refuses POST /chats/{id}/members to bots (403 with a code).
   * A test may allow it for one chat to exercise the old path.
   */
  addAllowed: boolean;
  created_at: number;
  last_event_time: number;
  /** Human members in join order (Map keeps insertion order). The bot is kept apart in `bot`. */
  members: Map<number, MemberRecord>;
  /** The bot's membership; null when it is not (or no longer) in the chat. */
  bot: BotMembership | null;
  /** When the bot left on its own (DELETE /chats/{id}/members/me). */
  botLeftAt: number | null;
  pinnedMid: string | null;
  blocked: Set<number>;
  /** The user of a dialog chat. */
  dialogUserId: number | null;
}

export interface MessageRecord {
  mid: string;
  seq: number;
  chatId: number;
  chatType: ChatType;
  senderId: number;
  /** For dialogs: the other side (the user when the bot writes, the bot when the user writes). */
  recipientUserId: number | null;
  text: string | null;
  format: MessageTextFormat | null;
  attachments: Attachment[];
  link: { type: MessageLinkType; mid: string } | null;
  notify: boolean;
  createdAt: number;
  editedAt: number | null;
  deleted: boolean;
  deletedAt: number | null;
}

export interface CallbackRecord {
  callbackId: string;
  mid: string;
  chatId: number;
  userId: number;
  payload: string;
  createdAt: number;
}

export interface AnswerRecord {
  callbackId: string;
  chatId: number;
  userId: number;
  mid: string;
  payload: string;
  notification: string | null;
  /** Present when the answer replaced the message; the text it was replaced with. */
  newText?: string | null;
  at: number;
}

/** An error answered by the Bot API as `{code, message}` with an HTTP status. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export const badRequest = (message: string, code = 'bad.request'): ApiError => new ApiError(400, code, message);
export const denied = (message: string, code = 'chat.denied'): ApiError => new ApiError(403, code, message);
export const notFound = (message: string): ApiError => new ApiError(404, 'not.found', message);
