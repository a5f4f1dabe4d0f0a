/*
 * Control API of the MAX sandbox — acts as MAX itself and its users.
 * Same server as the Bot API, under /sandbox/, no auth, JSON in and out.
 * Errors: {code, message} with 400 (invalid input / impossible action) or 404.
 * Every input is validated with the schemas of control-schemas.ts.
 *
 *   GET    /sandbox/info                        → SandboxInfo {url, token, botUserId, botUsername, botName, deepLinkBase}
 *   POST   /sandbox/reset                       → {ok}   clears users, chats, messages, updates, subscriptions, logs, faults
 *
 *   GET    /sandbox/users                       → UserView[]
 *   POST   /sandbox/users                       {user_id, first_name, last_name?, username?} → UserView (creates or updates)
 *   GET    /sandbox/users/:userId               → UserView
 *   POST   /sandbox/users/:userId/privacy       {refuseAdd} → {ok}
 *   POST   /sandbox/users/:userId/text          {text} → {mid}                 message_created in the dialog
 *   POST   /sandbox/users/:userId/attachment    {type, text?, filename?, size?} → {mid, token}   a photo/file/… in the dialog
 *   POST   /sandbox/users/:userId/voice         {chatId?, named?} → {ok}        voice message / video circle: message_created with no message
 *   POST   /sandbox/users/:userId/start         {payload?} → {chatId}          bot_started
 *   POST   /sandbox/users/:userId/deeplink      {url} → {chatId, payload}      https://max.ru/<bot>?start=<payload>
 *   POST   /sandbox/users/:userId/stop          → {chatId}                     bot_stopped; sending to the user → 403
 *   POST   /sandbox/users/:userId/miniapp       {app_url, start_param?, auth_date?} → {url}   the bot's mini-app as MAX opens it:
 *                                                 app_url#WebAppData=<launch data signed with the bot token>
 *   POST   /sandbox/users/:userId/press         {mid, payload} | {mid, text} → {callback_id}   message_callback
 *   POST   /sandbox/users/:userId/edit          {mid, text} → {ok}             message_edited (own message)
 *   POST   /sandbox/users/:userId/delete        {mid} → {ok}                   message_removed (own message)
 *
 *   GET    /sandbox/chats                       → ChatView[] (groups and channels)
 *   POST   /sandbox/chats                       {title, owner_id, type?, link?, description?, members?} → {chat_id}
 *   GET    /sandbox/chats/:chatId               → ChatView (also dialogs)
 *   POST   /sandbox/chats/:chatId/settings      {link?, addAllowed?} → {ok}   addAllowed: let the bot add members (MAX refuses since Sept 2026)
 *   POST   /sandbox/chats/:chatId/bot           {by, admin?, permissions?} → {ok}     bot_added (names nobody)
 *   POST   /sandbox/chats/:chatId/bot/remove    {by} → {ok}                            bot_removed
 *   POST   /sandbox/chats/:chatId/bot/permissions {permissions: [...] | null, by?} → {ok}   bot_admin_permissions_changed (webhook only)
 *   POST   /sandbox/chats/:chatId/members       {user_id, by? | viaLink?} → {ok}      user_added
 *   POST   /sandbox/chats/:chatId/members/remove {user_id, by?} → {ok}               user_removed
 *   POST   /sandbox/chats/:chatId/admins        {user_id, by, admin?} → {ok}          (no update)
 *   POST   /sandbox/chats/:chatId/title         {title, by} → {ok}                    chat_title_changed
 *   POST   /sandbox/chats/:chatId/text          {user_id, text, replyToMid?} → {mid}  message_created
 *
 *   POST   /sandbox/updates                     {update_type, timestamp?, …} → {ok}   publishes the update as given (shapes the sandbox does not make)
 *
 *   GET    /sandbox/messages?chatId&userId&senderId&fromBot&afterSeq → MessageView[] in order
 *   GET    /sandbox/answers                     → AnswerView[]  (POST /answers of the bot)
 *   GET    /sandbox/updates/pending             → PendingView {count, polling, webhook}
 *   GET    /sandbox/deliveries                  → DeliveryLogEntry[] (webhook attempts)
 *   GET    /sandbox/subscriptions               → [{url, time, update_types}] (as GET /subscriptions, no token)
 *   POST   /sandbox/subscriptions/drop          {url?} → {dropped: [url…]}   MAX drops the subscription (one or all) on its own
 *   GET    /sandbox/requests?method&path        → RequestLogEntry[] of the Bot API (path: exact or prefix)
 *   DELETE /sandbox/requests                    → {ok}
 *   POST   /sandbox/faults                      {method?, path, status?, count?, code?, message?, delayMs?, hang?} → FaultRule
 *   GET    /sandbox/faults                      → FaultRule[] (still armed)
 *   DELETE /sandbox/faults                      → {ok}
 */
import { z } from 'zod';
import { launchFragment, signLaunchData } from '../web/launch-data.js';
import type { PollingFeed } from './feed.js';
import { type Router, intParam, parseWith } from './http.js';
import type { UserActions } from './actions.js';
import {
  type AnswerView,
  type ChatView,
  type MessageView,
  type PendingView,
  type SandboxInfo,
  type UserView,
  addBotSchema,
  addMemberSchema,
  botPermissionsSchema,
  byUserSchema,
  chatSettingsSchema,
  chatTextSchema,
  createChatSchema,
  createUserSchema,
  deepLinkSchema,
  editSchema,
  faultSchema,
  messagesQuerySchema,
  midSchema,
  pressSchema,
  privacySchema,
  removeMemberSchema,
  setAdminSchema,
  renameSchema,
  startSchema,
  textSchema,
  userFileSchema,
  attachmentSchema,
  injectUpdateSchema,
  voiceSchema,
} from './control-schemas.js';
import type { FaultInjector, RequestLog } from './limits.js';
import { type ChatRecord, type MessageRecord, type UserRecord, dialogChatId, notFound } from './model.js';
import { type SandboxState, keyboardOf } from './state.js';
import type { SandboxUploads } from './uploads.js';
import type { WebhookDispatcher } from './webhooks.js';

const miniAppSchema = z.strictObject({
  app_url: z.url(),
  start_param: z.string().max(512).optional(),
  auth_date: z.number().int().positive().optional(),
});

const dropSubscriptionSchema = z.strictObject({ url: z.string().min(1).optional() });

export interface ControlDeps {
  state: SandboxState;
  actions: UserActions;
  uploads: SandboxUploads;
  feed: PollingFeed;
  webhooks: WebhookDispatcher;
  faults: FaultInjector;
  requests: RequestLog;
  info: () => SandboxInfo;
  reset: () => void;
}

const OK = { ok: true } as const;

export function registerControlRoutes(router: Router, deps: ControlDeps): void {
  const { state, actions } = deps;
  const uid = (raw: string | undefined): number => intParam(raw, 'userId');
  const cid = (raw: string | undefined): number => intParam(raw, 'chatId');

  router.add('GET', '/sandbox/info', () => deps.info());
  router.add('POST', '/sandbox/reset', () => {
    deps.reset();
    return OK;
  });

  // ---- users ---------------------------------------------------------------

  router.add('GET', '/sandbox/users', () => [...state.users.values()].map(userView));
  router.add('POST', '/sandbox/users', ({ body }) => userView(state.upsertUser(parseWith(createUserSchema, body, 'user'))));
  router.add('GET', '/sandbox/users/:userId', ({ params }) => {
    const user = state.users.get(uid(params['userId']));
    if (!user) throw notFound(`User ${params['userId']} not found`);
    return userView(user);
  });
  router.add('POST', '/sandbox/users/:userId/privacy', ({ params, body }) => {
    state.ensureUser(uid(params['userId'])).refuseAdd = parseWith(privacySchema, body, 'privacy').refuseAdd;
    return OK;
  });
  router.add('POST', '/sandbox/users/:userId/text', ({ params, body }) => actions.sendText(uid(params['userId']), parseWith(textSchema, body, 'text').text));
  router.add('POST', '/sandbox/users/:userId/file', ({ params, body }) => {
    const f = parseWith(userFileSchema, body, 'file');
    const data = Buffer.from(f.base64, 'base64');
    return actions.sendFile(uid(params['userId']), { ...deps.uploads.userFile(f.filename, data), filename: f.filename }, f.text ?? null);
  });
  router.add('POST', '/sandbox/users/:userId/attachment', ({ params, body }) =>
    actions.sendAttachment(uid(params['userId']), parseWith(attachmentSchema, body, 'attachment')),
  );
  router.add('POST', '/sandbox/users/:userId/voice', ({ params, body }) =>
    actions.sendVoice(uid(params['userId']), parseWith(voiceSchema, body ?? {}, 'voice')),
  );
  router.add('POST', '/sandbox/users/:userId/start', ({ params, body }) =>
    actions.startBot(uid(params['userId']), parseWith(startSchema, body ?? {}, 'start').payload ?? null),
  );
  router.add('POST', '/sandbox/users/:userId/deeplink', ({ params, body }) =>
    actions.openDeepLink(uid(params['userId']), asMaxPassesIt(parseWith(deepLinkSchema, body, 'deep link').url)),
  );
  router.add('POST', '/sandbox/users/:userId/stop', ({ params }) => actions.stopBot(uid(params['userId'])));
  router.add('POST', '/sandbox/users/:userId/miniapp', ({ params, body }) => {
    const input = parseWith(miniAppSchema, body, 'mini-app launch');
    const user = state.ensureUser(uid(params['userId']));
    const raw = signLaunchData(
      {
        user: {
          id: user.user_id,
          first_name: user.first_name,
          ...(user.last_name ? { last_name: user.last_name } : {}),
          username: user.username ?? null,
          language_code: 'ru',
        },
        authDate: input.auth_date ?? Math.floor(Date.now() / 1000),
        ...(input.start_param ? { startParam: input.start_param } : {}),
      },
      deps.info().token,
    );
    return { url: `${input.app_url}#${launchFragment(raw)}` };
  });
  router.add('POST', '/sandbox/users/:userId/press', ({ params, body }) => {
    const input = parseWith(pressSchema, body, 'press');
    const userId = uid(params['userId']);
    return 'payload' in input ? actions.press(userId, input.mid, input.payload) : actions.pressByText(userId, input.mid, input.text);
  });
  router.add('POST', '/sandbox/users/:userId/edit', ({ params, body }) => {
    const input = parseWith(editSchema, body, 'edit');
    actions.editText(uid(params['userId']), input.mid, input.text);
    return OK;
  });
  router.add('POST', '/sandbox/users/:userId/delete', ({ params, body }) => {
    actions.deleteMessage(uid(params['userId']), parseWith(midSchema, body, 'delete').mid);
    return OK;
  });

  // ---- chats ---------------------------------------------------------------

  router.add('GET', '/sandbox/chats', () => [...state.chats.values()].filter((c) => c.type !== 'dialog').map((c) => chatView(state, c)));
  router.add('POST', '/sandbox/chats', ({ body }) => actions.createChat(parseWith(createChatSchema, body, 'chat')));
  router.add('GET', '/sandbox/chats/:chatId', ({ params }) => {
    const chatId = cid(params['chatId']);
    const chat = state.chats.get(chatId);
    if (!chat) throw notFound(`Chat ${chatId} not found`);
    return chatView(state, chat);
  });
  router.add('POST', '/sandbox/chats/:chatId/settings', ({ params, body }) => {
    actions.setChat(cid(params['chatId']), parseWith(chatSettingsSchema, body, 'chat settings'));
    return OK;
  });
  router.add('POST', '/sandbox/chats/:chatId/bot', ({ params, body }) => {
    const input = parseWith(addBotSchema, body, 'add bot');
    actions.addBot(cid(params['chatId']), input.by, input.admin, input.permissions ?? null);
    return OK;
  });
  router.add('POST', '/sandbox/chats/:chatId/bot/remove', ({ params, body }) => {
    actions.removeBot(cid(params['chatId']), parseWith(byUserSchema, body, 'remove bot').by);
    return OK;
  });
  router.add('POST', '/sandbox/chats/:chatId/bot/permissions', ({ params, body }) => {
    const input = parseWith(botPermissionsSchema, body, 'bot permissions');
    actions.setBotPermissions(cid(params['chatId']), input.permissions, input.by);
    return OK;
  });
  router.add('POST', '/sandbox/chats/:chatId/members', ({ params, body }) => {
    const input = parseWith(addMemberSchema, body, 'add member');
    actions.addMember(cid(params['chatId']), input.user_id, { by: input.by, viaLink: input.viaLink });
    return OK;
  });
  router.add('POST', '/sandbox/chats/:chatId/admins', ({ params, body }) => {
    const input = parseWith(setAdminSchema, body, 'set admin');
    actions.setAdmin(cid(params['chatId']), input.user_id, input.by, input.admin);
    return OK;
  });
  router.add('POST', '/sandbox/chats/:chatId/members/remove', ({ params, body }) => {
    const input = parseWith(removeMemberSchema, body, 'remove member');
    actions.removeMember(cid(params['chatId']), input.user_id, { by: input.by });
    return OK;
  });
  router.add('POST', '/sandbox/chats/:chatId/title', ({ params, body }) => {
    const input = parseWith(renameSchema, body, 'rename');
    actions.renameChat(cid(params['chatId']), input.title, input.by);
    return OK;
  });
  router.add('POST', '/sandbox/chats/:chatId/text', ({ params, body }) => {
    const input = parseWith(chatTextSchema, body, 'chat text');
    return actions.sendChatText(cid(params['chatId']), input.user_id, input.text, input.replyToMid ?? null);
  });

  router.add('POST', '/sandbox/updates', ({ body }) => {
    const update = parseWith(injectUpdateSchema, body, 'update');
    state.publishInjected({ ...update, timestamp: update.timestamp ?? Date.now() });
    return OK;
  });

  // ---- observation ---------------------------------------------------------

  router.add('GET', '/sandbox/messages', ({ query }) => {
    const filter = parseWith(messagesQuerySchema, Object.fromEntries(query), 'messages query');
    const chatId = filter.userId !== undefined ? dialogChatId(filter.userId) : filter.chatId;
    if (filter.userId !== undefined && filter.chatId !== undefined && filter.chatId !== chatId) return [];
    return (chatId === undefined ? state.messages : state.messagesIn(chatId))
      .filter(
        (m) =>
          (filter.senderId === undefined || m.senderId === filter.senderId) &&
          (filter.fromBot === undefined || (m.senderId === state.bot.userId) === filter.fromBot) &&
          (filter.afterSeq === undefined || m.seq > filter.afterSeq),
      )
      .map((m) => messageView(state, m));
  });
  router.add('GET', '/sandbox/answers', (): AnswerView[] => state.answers.map((a) => ({ ...a })));
  router.add('GET', '/sandbox/updates/pending', (): PendingView => {
    const polling = deps.feed.size;
    const webhook = deps.webhooks.pending;
    return { count: polling + webhook, polling, webhook };
  });
  router.add('GET', '/sandbox/deliveries', () => deps.webhooks.deliveries());
  router.add('GET', '/sandbox/subscriptions', () => deps.webhooks.list());
  router.add('POST', '/sandbox/subscriptions/drop', ({ body }) => ({ dropped: deps.webhooks.drop(parseWith(dropSubscriptionSchema, body ?? {}, 'drop').url) }));
  router.add('GET', '/sandbox/requests', ({ query }) => {
    const filter: { method?: string; path?: string } = {};
    const method = query.get('method');
    const path = query.get('path');
    if (method) filter.method = method.toUpperCase();
    if (path) filter.path = path;
    return deps.requests.list(filter);
  });
  router.add('DELETE', '/sandbox/requests', () => {
    deps.requests.clear();
    return OK;
  });
  router.add('POST', '/sandbox/faults', ({ body }) => {
    const input = parseWith(faultSchema, body, 'fault');
    return deps.faults.add({
      method: input.method ?? null,
      path: input.path,
      status: input.status ?? null,
      delayMs: input.delayMs ?? 0,
      hang: input.hang ?? false,
      code: input.code ?? null,
      message: input.message ?? null,
      remaining: input.count,
    });
  });
  router.add('GET', '/sandbox/faults', () => deps.faults.list());
  router.add('DELETE', '/sandbox/faults', () => {
    deps.faults.clear();
    return OK;
  });
}

function userView(user: UserRecord): UserView {
  return {
    user_id: user.user_id,
    first_name: user.first_name,
    last_name: user.last_name,
    username: user.username,
    refuseAdd: user.refuseAdd,
    startedBot: user.startedBot,
    blockedBot: user.blockedBot,
    dialogChatId: dialogChatId(user.user_id),
  };
}

export function messageView(state: SandboxState, m: MessageRecord): MessageView {
  const view: MessageView = {
    mid: m.mid,
    seq: m.seq,
    chatId: m.chatId,
    chatType: m.chatType,
    senderId: m.senderId,
    text: m.text,
    format: m.format,
    buttons: keyboardOf(m.attachments).map((row) =>
      row.map((b) => {
        const button: MessageView['buttons'][number][number] = { text: b.text, type: b.type };
        if ('payload' in b && typeof b.payload === 'string') button.payload = b.payload;
        if ('url' in b) button.url = b.url;
        if ('web_app' in b && typeof b.web_app === 'string') button.webApp = b.web_app;
        return button;
      }),
    ),
    attachmentTypes: m.attachments.filter((a) => a.type !== 'inline_keyboard').map((a) => a.type),
    deleted: m.deleted,
    at: m.createdAt,
  };
  const tokens = m.attachments.flatMap((a) =>
    'payload' in a && a.payload && typeof a.payload === 'object' && 'token' in a.payload && typeof a.payload.token === 'string' && a.type !== 'share'
      ? [a.payload.token]
      : [],
  );
  if (tokens.length > 0) view.attachmentTokens = tokens;
  if (m.recipientUserId !== null) view.recipientUserId = m.recipientUserId;
  if (m.link?.type === 'reply') view.replyToMid = m.link.mid;
  if (m.editedAt !== null) view.editedAt = m.editedAt;
  if (state.chats.get(m.chatId)?.pinnedMid === m.mid) view.pinned = true;
  return view;
}

function chatView(state: SandboxState, chat: ChatRecord): ChatView {
  return {
    chatId: chat.chat_id,
    type: chat.type,
    title: chat.title,
    description: chat.description,
    ownerId: chat.owner_id,
    link: chat.link,
    addAllowed: chat.addAllowed,
    members: [...chat.members.values()].map((m) => ({
      userId: m.user_id,
      name: state.wireUser(m.user_id).name,
      isOwner: m.is_owner,
      isAdmin: m.is_admin,
      permissions: m.is_admin ? [...(m.permissions ?? [])] : null,
      alias: m.alias,
      joinTime: m.join_time,
    })),
    blocked: [...chat.blocked],
    bot: {
      inChat: chat.bot !== null,
      isAdmin: !!chat.bot?.is_admin,
      permissions: chat.bot?.is_admin ? [...(chat.bot.permissions ?? [])] : null,
      leftAt: chat.botLeftAt,
    },
    pinnedMid: chat.pinnedMid,
    lastEventTime: chat.last_event_time,
  };
}

/**
 * schema.yaml (info, "## Deep linking"): "Deep link can contain any data encoded
 * into string up to **128** characters long. Longer strings will be omitted and
 * **not** passed to the bot." A longer `start` is dropped from the link.
 */
export const DEEP_LINK_PAYLOAD_MAX = 128;

function asMaxPassesIt(url: string): string {
  try {
    const parsed = new URL(url);
    const start = parsed.searchParams.get('start');
    if (start === null || start.length <= DEEP_LINK_PAYLOAD_MAX) return url;
    parsed.searchParams.delete('start');
    return parsed.toString();
  } catch {
    return url; // openDeepLink answers a malformed link with 400
  }
}
