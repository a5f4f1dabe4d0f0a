// Bot API routes of the bot itself, the update feed and messages:
//   GET /me, PATCH /me/commands,
//   GET /updates, GET|POST|DELETE /subscriptions,
//   POST|PUT|DELETE|GET /messages, GET /messages/{mid}, POST /answers.
// The bot's own actions (send/edit/delete) produce no updates, as in MAX.
import type { Message } from '@maxhub/max-bot-api/types';
import type { SandboxUpdateType as UpdateType } from './wire-updates.js';
import { z } from 'zod';
import { applyContent, parseMessageContent, requireNonEmpty } from './content.js';
import type { PollingFeed } from './feed.js';
import { type Router, listQuery, optionalIntQuery, parseWith, requiredStringQuery } from './http.js';
import type { KeyedSlidingWindow } from './limits.js';
import { ApiError, type ChatRecord, type MessageRecord, badRequest, denied, notFound } from './model.js';
import type { SandboxState } from './state.js';
import type { WebhookDispatcher } from './webhooks.js';

export interface BotApiDeps {
  state: SandboxState;
  feed: PollingFeed;
  webhooks: WebhookDispatcher;
  /** Per-chat limit of POST /answers. */
  callbackLimiter: KeyedSlidingWindow<number>;
}

const SUCCESS = { success: true } as const;

const UPDATE_TYPES = [
  'bot_added',
  'bot_admin_permissions_changed',
  'bot_removed',
  'bot_started',
  'bot_stopped',
  'chat_title_changed',
  'comment_created',
  'comment_edited',
  'comment_removed',
  'dialog_cleared',
  'dialog_muted',
  'dialog_removed',
  'dialog_unmuted',
  'message_callback',
  'message_created',
  'message_edited',
  'message_removed',
  'user_added',
  'user_removed',
] as const satisfies readonly UpdateType[];

const commandsSchema = z.object({
  commands: z.array(z.object({ name: z.string().min(1).max(64), description: z.string().max(256).nullish() })).max(32),
});

/** Loopback hosts, where tests run the bot without TLS. */
const LOOPBACK = /^(127\.\d+\.\d+\.\d+|localhost|\[::1\])$/;

// schema.yaml: SubscriptionUrl "Must starts with https://"; POST /subscriptions "Your server
// **must** be listening on port **443**". The sandbox lets tests use plain http and any port
// on this machine only.
const subscriptionUrl = z
  .url({ protocol: /^https?$/ })
  .refine((u) => !URL.canParse(u) || new URL(u).protocol === 'https:' || LOOPBACK.test(new URL(u).hostname), 'url must start with https://')
  .refine((u) => !URL.canParse(u) || new URL(u).port === '' || LOOPBACK.test(new URL(u).hostname), 'the webhook server must listen on port 443');

const subscribeSchema = z.object({
  url: subscriptionUrl,
  update_types: z.array(z.enum(UPDATE_TYPES)).nullish(),
  secret: z
    .string()
    .regex(/^[A-Za-z0-9_-]{5,256}$/, 'secret must be 5-256 characters of A-Z, a-z, 0-9, _ and -')
    .nullish(),
});

const answerSchema = z.object({ message: z.unknown().optional(), notification: z.string().max(1024).nullish() });

export function registerMessageRoutes(router: Router, deps: BotApiDeps): void {
  const { state, feed, webhooks } = deps;

  router.add('GET', '/me', () => state.botInfo());

  router.add('PATCH', '/me/commands', ({ body }) => {
    const { commands } = parseWith(commandsSchema, body, 'commands');
    state.commands = commands.map((c) => (c.description ? { name: c.name, description: c.description } : { name: c.name }));
    return { commands: state.commands.map((c) => ({ ...c })) };
  });

  // ---- updates -------------------------------------------------------------

  router.add('GET', '/updates', async ({ query, signal }) => {
    const limit = optionalIntQuery(query, 'limit', { min: 1, max: 1000 }) ?? 100;
    const timeout = optionalIntQuery(query, 'timeout', { min: 0, max: 90 }) ?? 30;
    const marker = optionalIntQuery(query, 'marker', { min: 0 });
    const types = listQuery(query, 'types');
    if (types) {
      const unknown = types.filter((t) => !(UPDATE_TYPES as readonly string[]).includes(t));
      if (unknown.length > 0) throw badRequest(`Unknown update types: ${unknown.join(', ')}`);
    }
    return feed.poll({ marker, limit, timeoutMs: timeout * 1000, types: types ? new Set(types) : null, signal });
  });

  router.add('GET', '/subscriptions', () => ({ subscriptions: webhooks.list() }));

  router.add('POST', '/subscriptions', ({ body }) => {
    const input = parseWith(subscribeSchema, body, 'subscription');
    webhooks.subscribe(input.url, input.secret ?? null, input.update_types ?? []);
    return SUCCESS;
  });

  router.add('DELETE', '/subscriptions', ({ query }) => {
    webhooks.unsubscribe(requiredStringQuery(query, 'url'));
    return SUCCESS;
  });

  // ---- messages ------------------------------------------------------------

  router.add('POST', '/messages', ({ query, body }) => {
    const userId = optionalIntQuery(query, 'user_id');
    const chatId = optionalIntQuery(query, 'chat_id');
    if ((userId === null) === (chatId === null)) throw badRequest('Exactly one of user_id and chat_id is required');
    const content = parseMessageContent(body, state.media);
    const attachments = content.attachments ?? [];
    const text = content.text ?? null;
    requireNonEmpty(text, attachments);

    let chat: ChatRecord;
    if (userId !== null) {
      const user = state.users.get(userId);
      if (!user) throw notFound(`User ${userId} not found`);
      chat = state.ensureDialog(user);
    } else {
      chat = state.chatForBot(chatId ?? 0);
    }
    requireCanWrite(state, chat);
    if (content.link) {
      const linked = state.liveMessage(content.link.mid);
      if (content.link.type === 'reply' && linked.chatId !== chat.chat_id) throw badRequest('A reply must be in the same chat');
    }
    const message = state.createMessage({
      chatId: chat.chat_id,
      chatType: chat.type,
      senderId: state.bot.userId,
      recipientUserId: chat.dialogUserId,
      text,
      format: content.format,
      attachments,
      link: content.link,
      notify: content.notify,
    });
    return { message: state.wireMessage(message) };
  });

  router.add('PUT', '/messages', ({ query, body }) => {
    const message = state.liveMessage(requiredStringQuery(query, 'message_id'));
    requireOwnInJoinedChat(state, message);
    applyContent(message, parseMessageContent(body, state.media));
    return SUCCESS;
  });

  router.add('DELETE', '/messages', ({ query }) => {
    const message = state.liveMessage(requiredStringQuery(query, 'message_id'));
    const chat = state.chats.get(message.chatId);
    if (!chat?.bot) throw notFound(`Message ${message.mid} not found`);
    if (message.senderId !== state.bot.userId) {
      // Someone else's message: `write` in a group chat, `delete` in a channel (see model.ts).
      if (!state.botMayDeleteOthers(chat))
        throw denied(`The bot may delete only its own messages here (needs admin with ${chat.type === 'channel' ? 'delete' : 'write'})`);
    }
    message.deleted = true;
    message.deletedAt = Date.now();
    if (chat.pinnedMid === message.mid) chat.pinnedMid = null;
    return SUCCESS;
  });

  router.add('GET', '/messages', ({ query }) => {
    const chatId = optionalIntQuery(query, 'chat_id');
    const ids = listQuery(query, 'message_ids');
    const count = optionalIntQuery(query, 'count', { min: 1, max: 100 }) ?? 50;
    const from = optionalIntQuery(query, 'from');
    const to = optionalIntQuery(query, 'to');
    let found: MessageRecord[];
    if (ids) {
      found = ids.flatMap((mid) => {
        const m = state.messagesByMid.get(mid);
        return m && !m.deleted && state.botCanRead(m) && (chatId === null || m.chatId === chatId) ? [m] : [];
      });
    } else {
      if (chatId === null) throw badRequest('chat_id or message_ids is required');
      const chat = state.chatForBot(chatId);
      found = state
        .messagesIn(chat.chat_id)
        .filter((m) => !m.deleted && state.botCanRead(m))
        .filter((m) => (from === null || m.createdAt <= from) && (to === null || m.createdAt >= to))
        .reverse()
        .slice(0, count);
    }
    return { messages: found.map((m): Message => state.wireMessage(m)) };
  });

  router.add('GET', '/messages/:mid', ({ params }) => {
    const message = state.liveMessage(params['mid'] ?? '');
    if (!state.botCanRead(message)) throw notFound(`Message ${message.mid} not found`);
    return state.wireMessage(message);
  });

  // ---- callbacks -----------------------------------------------------------

  router.add('POST', '/answers', ({ query, body, receivedAt }) => {
    const callbackId = requiredStringQuery(query, 'callback_id');
    const input = parseWith(answerSchema, body ?? {}, 'answer');
    const callback = state.callbacks.get(callbackId);
    if (!callback) throw notFound(`Callback ${callbackId} not found`);
    if (input.message == null && !input.notification) throw badRequest('Either message or notification is required');
    const content = input.message != null ? parseMessageContent(input.message, state.media, 'answer message') : null;
    // Counted when the request arrived, as the global window is (server.ts).
    if (!deps.callbackLimiter.tryAcquire(callback.chatId, receivedAt)) {
      throw new ApiError(429, 'too.many.requests', `Too many callback answers in chat ${callback.chatId}`);
    }
    const answer: (typeof state.answers)[number] = {
      callbackId,
      chatId: callback.chatId,
      userId: callback.userId,
      mid: callback.mid,
      payload: callback.payload,
      notification: input.notification ?? null,
      at: Date.now(),
    };
    if (content) {
      const message = state.liveMessage(callback.mid);
      applyContent(message, content);
      answer.newText = message.text;
    }
    state.answers.push(answer);
    return SUCCESS;
  });
}

/** Sending into a chat: groups need the bot as a member, channels need admin with `write`. */
export function requireCanWrite(state: SandboxState, chat: ChatRecord): void {
  if (chat.type === 'dialog') {
    const user = chat.dialogUserId === null ? undefined : state.users.get(chat.dialogUserId);
    if (user?.blockedBot) throw denied(`User ${user.user_id} has stopped the bot`);
    return;
  }
  if (!chat.bot) throw denied(`The bot is not a member of chat ${chat.chat_id}`);
  if (chat.type === 'channel' && !state.botHas(chat, 'write')) throw denied(`The bot needs the write permission in channel ${chat.chat_id}`);
}

function requireOwnInJoinedChat(state: SandboxState, message: MessageRecord): void {
  const chat = state.chats.get(message.chatId);
  if (!chat?.bot) throw notFound(`Message ${message.mid} not found`);
  if (message.senderId !== state.bot.userId) throw denied('The bot may edit only its own messages');
}
