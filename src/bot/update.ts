// Incoming updates: validation with zod at the edge, a stable identity for
// de-duplication, the ordering key, and the narrow shape handlers work with.
// Anything that does not parse is logged by id and ignored — never trusted.
import { z } from 'zod';
import { withoutMarkChars } from '../policy/unit-word.js';
import { parseCommand } from './command-text.js';

/**
 * Text people wrote (names, messages, titles): the private-use characters the texts use to
 * protect people's own words are taken out, so nobody can forge a protected span.
 */
const said = (max: number) => z.string().max(max).transform(withoutMarkChars);

const userSchema = z.object({
  user_id: z.number().int().positive(),
  first_name: said(256).optional().default(''),
  last_name: said(256).nullish(),
  is_bot: z.boolean().optional().default(false),
});

const chatType = z.enum(['dialog', 'chat', 'channel']);

/**
 * An attachment of an incoming message: only what /post reuses (type, token, file name and
 * size) is read; anything odd inside makes it an attachment of unknown content, never
 * a rejected update.
 */
const incomingAttachmentSchema = z.looseObject({
  type: z.string().min(1).max(64),
  payload: z
    .looseObject({ token: z.string().min(1).max(4096).nullish() })
    .nullish()
    .catch(null),
  filename: said(1024).nullish().catch(null),
  size: z.number().int().nonnegative().nullish().catch(null),
});

const messageSchema = z.object({
  sender: userSchema.nullish(),
  recipient: z.object({
    chat_id: z.number().int().nullish(),
    chat_type: chatType,
    user_id: z.number().int().nullish(),
  }),
  timestamp: z.number(),
  body: z.object({
    mid: z.string().min(1).max(128),
    text: said(20_000).nullish(),
    // Each attachment is checked where it is used (a post's media, a roster file); odd fields of
    // one must not make the whole update invalid.
    attachments: z.array(incomingAttachmentSchema).max(100).nullish(),
  }),
  link: z
    .object({
      type: z.enum(['forward', 'reply']),
      sender: z.object({ user_id: z.number().int() }).nullish(),
      // The linked message's body: its id, and its text (quoted in a complaint about it).
      message: z
        .object({ mid: z.string().max(128), text: said(20_000).nullish() })
        .partial()
        .nullish(),
    })
    .nullish(),
});

const base = { timestamp: z.number() };

/**
 * The version of `updateSchema`'s output. Ingest marks what passed the schema with it and the
 * router trusts only items marked with its own version: bump it whenever the schema's output
 * changes (a field added, a rule tightened), so that items an older version stored — during a
 * rolling deploy or before a restart — are parsed again instead of trusted in an old shape.
 */
export const UPDATE_SCHEMA_VERSION = 1;

export const updateSchema = z.discriminatedUnion('update_type', [
  z.object({ update_type: z.literal('message_created'), ...base, message: messageSchema }),
  z.object({ update_type: z.literal('message_edited'), ...base, message: messageSchema }),
  z.object({
    update_type: z.literal('message_callback'),
    ...base,
    callback: z.object({ callback_id: z.string().min(1).max(512), payload: z.string().max(1024).optional(), user: userSchema }),
    message: messageSchema.nullish(),
  }),
  z.object({ update_type: z.literal('bot_started'), ...base, chat_id: z.number().int(), user: userSchema, payload: z.string().max(512).nullish() }),
  z.object({ update_type: z.literal('bot_stopped'), ...base, chat_id: z.number().int(), user: userSchema }),
  // Since November 2026 `bot_added` names nobody; an older update that still carries
  // `user` is understood too, and the user is ignored (see Binding.onBotAdded).
  z.object({
    update_type: z.literal('bot_added'),
    ...base,
    chat_id: z.number().int(),
    user: userSchema.nullish(),
    is_channel: z.boolean().optional().default(false),
  }),
  // Since October 2026: the bot's admin rights in a chat or channel changed (webhook only).
  z.object({
    update_type: z.literal('bot_admin_permissions_changed'),
    ...base,
    chat_id: z.number().int(),
    user_id: z.number().int().positive().nullish(),
    is_channel: z.boolean().optional().default(false),
    is_admin: z.boolean().optional().default(false),
    permissions: z.array(z.string().max(64)).max(64).nullish(),
  }),
  z.object({ update_type: z.literal('bot_removed'), ...base, chat_id: z.number().int(), user: userSchema, is_channel: z.boolean().optional().default(false) }),
  z.object({
    update_type: z.literal('user_added'),
    ...base,
    chat_id: z.number().int(),
    user: userSchema,
    inviter_id: z.number().int().nullish(),
    is_channel: z.boolean().optional().default(false),
  }),
  z.object({
    update_type: z.literal('user_removed'),
    ...base,
    chat_id: z.number().int(),
    user: userSchema,
    admin_id: z.number().int().nullish(),
    is_channel: z.boolean().optional().default(false),
  }),
  z.object({ update_type: z.literal('chat_title_changed'), ...base, chat_id: z.number().int(), user: userSchema, title: said(512) }),
]);

export type MaxUpdate = z.infer<typeof updateSchema>;

/**
 * Every update type of the official description (`Update` discriminator of
 * max-messenger/api-schema schema.yaml v0.0.33). Those in `updateSchema` are handled;
 * the rest the bot has no use for and ignores without a word:
 *   message_removed          — a deleted message changes nothing the bot keeps;
 *   comment_created/_edited/_removed — comments under channel posts (the bot binds no channel for talk);
 *   dialog_cleared/_removed/_muted/_unmuted — the person's own view of the dialog.
 * A type outside this list (MAX adds types) is logged by its name and ignored.
 */
export const DESCRIBED_UPDATE_TYPES = [
  'message_created',
  'message_callback',
  'message_edited',
  'message_removed',
  'comment_created',
  'comment_edited',
  'comment_removed',
  'bot_added',
  'bot_removed',
  'user_added',
  'user_removed',
  'bot_started',
  'bot_stopped',
  'dialog_cleared',
  'dialog_removed',
  'dialog_muted',
  'dialog_unmuted',
  'chat_title_changed',
  'bot_admin_permissions_changed',
] as const;

export const IGNORED_UPDATE_TYPES: ReadonlySet<string> = new Set(
  DESCRIBED_UPDATE_TYPES.filter((t) => !updateSchema.options.some((o) => o.shape.update_type.value === t)),
);

/**
 * A voice message or video circle: MAX sends `message_created` with no `message` (SDK issue
 * max-bot-api-client-ts#250, July 2026) — as observed with only `timestamp` and, in a
 * dialog, `user_locale` (the description: «Available only in dialogs»). Should MAX name the
 * chat or the person, they are read.
 */
export const contentlessMessageSchema = z.object({
  update_type: z.literal('message_created'),
  timestamp: z.number(),
  message: z.null().optional(),
  chat_id: z.number().int().nullish(),
  user: userSchema.nullish(),
  user_id: z.number().int().positive().nullish(),
  user_locale: z.string().max(35).nullish(),
});
export type ContentlessMessage = z.infer<typeof contentlessMessageSchema>;

/**
 * The update types the bot subscribes to in webhook mode. MAX sends
 * bot_admin_permissions_changed only to subscriptions that name it (and not to long
 * polling at all), so the list is explicit.
 */
export const SUBSCRIBED_UPDATE_TYPES = [
  'message_created',
  'message_edited',
  'message_callback',
  'bot_started',
  'bot_stopped',
  'bot_added',
  'bot_removed',
  'bot_admin_permissions_changed',
  'user_added',
  'user_removed',
  'chat_title_changed',
] as const;

/** Just enough to accept an update into the inbox (identity, ordering key); Ingest then applies updateSchema. */
export const updateEnvelopeSchema = z.looseObject({ update_type: z.string().min(1).max(64), timestamp: z.number() });

/** Internal events travel through the same per-user inbox, so they are ordered with the user's updates. */
export const internalEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('internal:flow_timeout'), userId: z.number().int().positive(), flowId: z.string(), rev: z.number().int() }),
]);
export type InternalEvent = z.infer<typeof internalEventSchema>;

/** Identity for de-duplication: see update-identity.ts. */
export { updateIdentity } from './update-identity.js';

/** Updates of one user are handled in order: the ordering key is the acting user, else the chat. */
export function orderKeyOf(update: Record<string, unknown>): string {
  const u = update as {
    user?: { user_id?: unknown };
    user_id?: unknown;
    chat_id?: unknown;
    callback?: { user?: { user_id?: unknown } };
    message?: { sender?: { user_id?: unknown }; recipient?: { chat_id?: unknown } };
  };
  const userId = u.callback?.user?.user_id ?? u.message?.sender?.user_id ?? u.user?.user_id ?? u.user_id;
  if (typeof userId === 'number') return `u:${userId}`;
  const chatId = u.chat_id ?? u.message?.recipient?.chat_id;
  if (typeof chatId === 'number') return `c:${chatId}`;
  return 'misc';
}

/**
 * Whether nobody waits for an answer to this update: a message in a group chat or channel
 * that is not a command (the bot only checks it). Its key gives way in the inbox's line to
 * people waiting for a reply (src/store/inbox.ts, QUIET_GIVES_WAY_MS), so a flood in one chat
 * from many writers never holds back someone else's answer (issue 23). Anything else —
 * dialogs, buttons, commands, membership events — is not quiet.
 */
export function isQuietUpdate(update: Record<string, unknown>): boolean {
  const u = update as { update_type?: unknown; message?: { recipient?: { chat_type?: unknown }; body?: { text?: unknown } } };
  if (u.update_type !== 'message_created' && u.update_type !== 'message_edited') return false;
  const type = u.message?.recipient?.chat_type;
  if (type !== 'chat' && type !== 'channel') return false;
  const text = u.message?.body?.text;
  // The cheap test first: most chat messages do not start with a slash.
  return !(typeof text === 'string' && /^\s*\//.test(text) && parseCommand(text) !== null);
}

/** Ids worth logging for an update (never texts or names). */
export function updateLogIds(update: unknown): Record<string, unknown> {
  if (typeof update !== 'object' || update === null) return {};
  const u = update as Record<string, unknown> & {
    message?: { body?: { mid?: unknown }; recipient?: { chat_id?: unknown } };
    callback?: { callback_id?: unknown };
  };
  const orderKey = orderKeyOf(u);
  return {
    updateType: u.update_type ?? (u as { type?: unknown }).type,
    orderKey,
    chatId: u.chat_id ?? u.message?.recipient?.chat_id,
    mid: u.message?.body?.mid,
    callbackId: u.callback?.callback_id,
  };
}
