// Bot API routes about chats: GET /chats, GET|PATCH /chats/{id}, actions,
// members (list/add/remove), admins, the bot's own membership and the pin.
// Chats the bot is not in answer 404 not.found; missing admin permissions
// answer 403 chat.denied.
import type { ChatMember, ChatPermissions } from '@maxhub/max-bot-api/types';
import { z } from 'zod';
import type { BotApiDeps } from './bot-messages.js';
import { type Router, boolQuery, intParam, listQuery, optionalIntQuery, parseWith, requiredIntQuery } from './http.js';
import { ALL_PERMISSIONS, ApiError, type ChatRecord, badRequest, checkPermissionsFor, denied, notFound } from './model.js';
import type { SandboxState } from './state.js';

const SUCCESS = { success: true } as const;

const permissionSchema = z.enum(ALL_PERMISSIONS);

const addMembersSchema = z.object({ user_ids: z.array(z.number().int().positive()).min(1).max(100) });
const addAdminsSchema = z.object({
  admins: z
    .array(z.object({ user_id: z.number().int().positive(), permissions: z.array(permissionSchema), alias: z.string().max(64).optional() }))
    .min(1)
    .max(50),
});
const pinSchema = z.object({ message_id: z.string().min(1), notify: z.boolean().nullish() });
const editChatSchema = z.object({
  title: z.string().min(1).max(200).nullish(),
  description: z.string().max(400).nullish(),
  icon: z.unknown().optional(),
  pin: z.string().nullish(),
  notify: z.boolean().nullish(),
});
const actionSchema = z.object({ action: z.enum(['typing_on', 'sending_photo', 'sending_video', 'sending_audio', 'sending_file', 'mark_seen']) });

export function registerChatRoutes(router: Router, deps: BotApiDeps): void {
  const { state } = deps;
  const chatOf = (raw: string | undefined): ChatRecord => state.chatForBot(intParam(raw, 'chat_id'));
  const requireGroup = (chat: ChatRecord): void => {
    if (chat.type === 'dialog') throw badRequest('This method is not available for dialogs');
  };
  const requirePermission = (chat: ChatRecord, permission: ChatPermissions): void => {
    requireGroup(chat);
    if (!state.botHas(chat, permission)) throw denied(`The bot needs admin permission ${permission} in chat ${chat.chat_id}`);
  };

  // Since June 2026 MAX does not list a bot's chats: a bot keeps its own list from
  // bot_added / bot_removed.
  router.add('GET', '/chats', () => {
    throw new ApiError(404, 'method.not.supported', 'GET /chats is no longer supported; keep your own list of chats from bot_added and bot_removed');
  });

  router.add('GET', '/chats/:chatId', ({ params }) => state.wireChat(chatOf(params['chatId'])));

  router.add('PATCH', '/chats/:chatId', ({ params, body }) => {
    const chat = chatOf(params['chatId']);
    const input = parseWith(editChatSchema, body ?? {}, 'chat patch');
    requirePermission(chat, 'change_chat_info');
    if (input.title) chat.title = input.title;
    if (input.description !== undefined) chat.description = input.description;
    if (input.pin) {
      const message = state.liveMessage(input.pin);
      if (message.chatId !== chat.chat_id) throw badRequest('The message is not in this chat');
      chat.pinnedMid = message.mid;
    }
    chat.last_event_time = Date.now();
    return state.wireChat(chat);
  });

  router.add('POST', '/chats/:chatId/actions', ({ params, body }) => {
    chatOf(params['chatId']);
    parseWith(actionSchema, body, 'action');
    return SUCCESS;
  });

  // ---- members -------------------------------------------------------------

  router.add('GET', '/chats/:chatId/members', ({ params, query }) => {
    const chat = chatOf(params['chatId']);
    const ids = listQuery(query, 'user_ids');
    const all = state.wireMembers(chat);
    if (ids) {
      const wanted = new Set(ids.map((id) => intParam(id, 'user_ids')));
      return { members: all.filter((m) => wanted.has(m.user_id)), marker: null };
    }
    const count = optionalIntQuery(query, 'count', { min: 1, max: 100 }) ?? 20;
    const offset = optionalIntQuery(query, 'marker', { min: 0 }) ?? 0;
    const page = all.slice(offset, offset + count);
    return { members: page, marker: offset + count < all.length ? offset + count : null };
  });

  router.add('POST', '/chats/:chatId/members', ({ params, body }) => {
    const chat = chatOf(params['chatId']);
    const { user_ids } = parseWith(addMembersSchema, body, 'members');
    // Since 9 September 2026 bots may not add members; a test may allow it for one chat.
    if (!chat.addAllowed) throw denied('Adding members to chats is not available to bots', 'method.restricted');
    requirePermission(chat, 'add_remove_members');
    const privacy: number[] = [];
    const unknown: number[] = [];
    for (const userId of [...new Set(user_ids)]) {
      const user = state.users.get(userId);
      if (!user || chat.blocked.has(userId)) {
        unknown.push(userId);
        continue;
      }
      if (chat.members.has(userId)) continue;
      if (user.refuseAdd) {
        privacy.push(userId);
        continue;
      }
      chat.members.set(userId, state.newMember(userId));
      chat.last_event_time = Date.now();
      state.publishChatEvent(chat, {
        update_type: 'user_added',
        timestamp: Date.now(),
        chat_id: chat.chat_id,
        user: state.wireUser(userId),
        inviter_id: state.bot.userId,
        is_channel: chat.type === 'channel',
      });
    }
    if (privacy.length === 0 && unknown.length === 0) return SUCCESS;
    const details: { error_code: 'add.participant.privacy' | 'add.participant.not.found'; user_ids: number[] }[] = [];
    if (privacy.length > 0) details.push({ error_code: 'add.participant.privacy', user_ids: privacy });
    if (unknown.length > 0) details.push({ error_code: 'add.participant.not.found', user_ids: unknown });
    return { success: true, failed_user_ids: [...privacy, ...unknown], failed_user_details: details };
  });

  router.add('DELETE', '/chats/:chatId/members', ({ params, query }) => {
    const chat = chatOf(params['chatId']);
    const userId = requiredIntQuery(query, 'user_id');
    const block = boolQuery(query, 'block') ?? false;
    requirePermission(chat, 'add_remove_members');
    const member = chat.members.get(userId);
    if (!member) throw notFound(`User ${userId} is not a member of chat ${chat.chat_id}`);
    if (member.is_owner) throw denied('The owner of a chat cannot be removed');
    chat.members.delete(userId);
    if (block) chat.blocked.add(userId);
    chat.last_event_time = Date.now();
    state.publishChatEvent(chat, {
      update_type: 'user_removed',
      timestamp: Date.now(),
      chat_id: chat.chat_id,
      user: state.wireUser(userId),
      admin_id: state.bot.userId,
      is_channel: chat.type === 'channel',
    });
    return SUCCESS;
  });

  // ---- admins --------------------------------------------------------------

  router.add('GET', '/chats/:chatId/members/admins', ({ params }) => {
    const chat = chatOf(params['chatId']);
    requireGroup(chat);
    const admins: ChatMember[] = state.wireMembers(chat).filter((m) => m.is_admin);
    return { members: admins, marker: null };
  });

  router.add('POST', '/chats/:chatId/members/admins', ({ params, body }) => {
    const chat = chatOf(params['chatId']);
    const { admins } = parseWith(addAdminsSchema, body, 'admins');
    requirePermission(chat, 'add_admins');
    for (const admin of admins) checkPermissionsFor(chat.type, admin.permissions);
    const missing = admins.filter((a) => !chat.members.has(a.user_id)).map((a) => a.user_id);
    if (missing.length > 0) throw badRequest(`Not members of chat ${chat.chat_id}: ${missing.join(', ')}`);
    for (const admin of admins) {
      const member = chat.members.get(admin.user_id);
      if (!member || member.is_owner) continue;
      member.is_admin = true;
      member.permissions = [...new Set(admin.permissions)];
      member.alias = admin.alias ?? member.alias;
    }
    return SUCCESS;
  });

  router.add('DELETE', '/chats/:chatId/members/admins/:userId', ({ params }) => {
    const chat = chatOf(params['chatId']);
    const userId = intParam(params['userId'], 'user_id');
    requirePermission(chat, 'add_admins');
    const member = chat.members.get(userId);
    if (!member?.is_admin) throw notFound(`User ${userId} is not an admin of chat ${chat.chat_id}`);
    if (member.is_owner) throw denied('The owner of a chat cannot be demoted');
    member.is_admin = false;
    member.permissions = null;
    member.alias = null;
    return SUCCESS;
  });

  // ---- the bot's membership --------------------------------------------------

  router.add('GET', '/chats/:chatId/members/me', ({ params }) => state.wireBotMember(chatOf(params['chatId'])));

  router.add('DELETE', '/chats/:chatId/members/me', ({ params }) => {
    const chat = chatOf(params['chatId']);
    requireGroup(chat);
    chat.bot = null;
    chat.botLeftAt = Date.now();
    return SUCCESS;
  });

  // ---- pin -----------------------------------------------------------------

  router.add('GET', '/chats/:chatId/pin', ({ params }) => {
    const chat = chatOf(params['chatId']);
    const pinned = chat.pinnedMid ? state.messagesByMid.get(chat.pinnedMid) : undefined;
    return { message: pinned && !pinned.deleted ? state.wireMessage(pinned) : null };
  });

  router.add('PUT', '/chats/:chatId/pin', ({ params, body }) => {
    const chat = chatOf(params['chatId']);
    const input = parseWith(pinSchema, body, 'pin');
    requirePinRight(state, chat);
    const message = state.liveMessage(input.message_id);
    if (message.chatId !== chat.chat_id) throw badRequest(`Message ${message.mid} is not in chat ${chat.chat_id}`);
    chat.pinnedMid = message.mid;
    return SUCCESS;
  });

  router.add('DELETE', '/chats/:chatId/pin', ({ params }) => {
    const chat = chatOf(params['chatId']);
    requirePinRight(state, chat);
    chat.pinnedMid = null;
    return SUCCESS;
  });
}

function requirePinRight(state: SandboxState, chat: ChatRecord): void {
  if (chat.type !== 'dialog' && !state.botHas(chat, 'pin_message')) {
    throw denied(`The bot needs admin permission pin_message in chat ${chat.chat_id}`);
  }
}
