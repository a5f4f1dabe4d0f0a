// Shapes of the control API (/sandbox/...): zod schemas of every input, and
// the views it answers with. Shared by the server routes and SandboxControl.
import type { ChatPermissions, ChatType } from '@maxhub/max-bot-api/types';
import { z } from 'zod';
import type { AnswerRecord } from './model.js';
import { ALL_PERMISSIONS } from './model.js';

const userId = z.number().int().positive();
const text = z.string().min(1).max(4000);
const mid = z.string().min(1).max(64);
const permissions = z.array(z.enum(ALL_PERMISSIONS));

export const createUserSchema = z.strictObject({
  user_id: userId,
  first_name: z.string().min(1).max(64),
  last_name: z.string().min(1).max(64).nullish(),
  username: z
    .string()
    .regex(/^[A-Za-z0-9_.]{2,64}$/, 'username: 2-64 characters of A-Z, a-z, 0-9, _ and .')
    .nullish(),
});
export const privacySchema = z.strictObject({ refuseAdd: z.boolean() });
export const textSchema = z.strictObject({ text });
/** A file the user sends to the bot: its name and bytes (base64, up to 20 MB), with an optional caption. */
export const userFileSchema = z.strictObject({ filename: z.string().min(1).max(255), base64: z.string().max(28_000_000), text: text.optional() });
export const attachmentSchema = z.strictObject({
  type: z.enum(['image', 'file', 'video', 'audio', 'sticker']),
  text: text.optional(),
  filename: z.string().min(1).max(255).optional(),
  size: z
    .number()
    .int()
    .min(0)
    .max(4 * 1024 ** 3)
    .optional(),
});
export type AttachmentInput = z.input<typeof attachmentSchema>;
export const startSchema = z.strictObject({ payload: z.string().max(512).nullish() });
export const deepLinkSchema = z.strictObject({ url: z.string().min(1).max(2048) });
export const pressSchema = z.union([z.strictObject({ mid, payload: z.string().min(1).max(1024) }), z.strictObject({ mid, text: z.string().min(1) })]);
export const editSchema = z.strictObject({ mid, text });
export const midSchema = z.strictObject({ mid });
/** A voice message or video circle; `chatId`: in that group chat instead of the dialog; `named`: the update names chat and user. */
export const voiceSchema = z.strictObject({ chatId: z.number().int().optional(), named: z.boolean().default(false) });
/** Any update, published as given: for the shapes of the description the sandbox does not make itself (comments, dialog events…). */
export const injectUpdateSchema = z.looseObject({ update_type: z.string().min(1).max(64), timestamp: z.number().int().positive().optional() });

export const createChatSchema = z.strictObject({
  title: z.string().min(1).max(200),
  owner_id: userId,
  type: z.enum(['chat', 'channel']).default('chat'),
  link: z.string().min(1).max(512).nullable().default(null),
  description: z.string().max(400).nullable().default(null),
  members: z.array(userId).max(1000).default([]),
});
export const addBotSchema = z.strictObject({ by: userId, admin: z.boolean().default(true), permissions: permissions.optional() });
export const byUserSchema = z.strictObject({ by: userId });
export const botPermissionsSchema = z.strictObject({ permissions: permissions.nullable(), by: userId.optional() });
export const addMemberSchema = z.strictObject({ user_id: userId, by: userId.optional(), viaLink: z.boolean().optional() });
export const setAdminSchema = z.strictObject({ user_id: userId, by: userId, admin: z.boolean().default(true) });
export const removeMemberSchema = z.strictObject({ user_id: userId, by: userId.optional() });
export const renameSchema = z.strictObject({ title: z.string().min(1).max(200), by: userId });
export const chatTextSchema = z.strictObject({ user_id: userId, text, replyToMid: mid.optional() });
export const chatSettingsSchema = z.strictObject({ link: z.string().min(1).max(512).nullable().optional(), addAllowed: z.boolean().optional() });
export const faultSchema = z
  .strictObject({
    method: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']).optional(),
    path: z.string().regex(/^\//, 'path must start with /'),
    status: z.union([z.literal(0), z.number().int().min(100).max(599)]).optional(),
    count: z.number().int().min(1).max(10_000).default(1),
    code: z.string().min(1).max(128).optional(),
    message: z.string().max(1024).optional(),
    /** Wait before answering; without `status` the request is then applied as usual. */
    delayMs: z.number().int().min(0).max(600_000).optional(),
    /** Never answer (until the client gives up). */
    hang: z.boolean().optional(),
  })
  .refine((f) => f.status !== undefined || f.delayMs !== undefined || f.hang === true, 'a fault needs status, delayMs or hang');

/** Query of GET /sandbox/messages (all values arrive as strings). */
export const messagesQuerySchema = z.strictObject({
  chatId: z.coerce.number().int().optional(),
  userId: z.coerce.number().int().positive().optional(),
  senderId: z.coerce.number().int().positive().optional(),
  fromBot: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  afterSeq: z.coerce.number().int().min(0).optional(),
});

export type CreateUserInput = z.input<typeof createUserSchema>;
export type CreateChatInput = z.input<typeof createChatSchema>;
export type FaultInput = z.input<typeof faultSchema>;

/** Filter of SandboxControl.messages(): userId selects the dialog of the bot with that user. */
export interface MessageFilter {
  chatId?: number;
  userId?: number;
  senderId?: number;
  fromBot?: boolean;
  afterSeq?: number;
}

export interface ButtonView {
  text: string;
  type: string;
  payload?: string;
  url?: string;
  /** open_app: whose mini-app it opens. */
  webApp?: string;
}

export interface MessageView {
  mid: string;
  seq: number;
  chatId: number;
  chatType: ChatType;
  senderId: number;
  /** Dialogs only: the other side. */
  recipientUserId?: number;
  text: string | null;
  format: 'markdown' | 'html' | null;
  buttons: ButtonView[][];
  /** Attachment types other than the keyboard, e.g. ['image']. */
  attachmentTypes: string[];
  /** Tokens of media attachments (image, video, audio, file), when there are any: match them with /sandbox/uploads. */
  attachmentTokens?: string[];
  replyToMid?: string;
  deleted: boolean;
  editedAt?: number;
  pinned?: boolean;
  at: number;
}

export interface UserView {
  user_id: number;
  first_name: string;
  last_name: string | null;
  username: string | null;
  refuseAdd: boolean;
  startedBot: boolean;
  blockedBot: boolean;
  dialogChatId: number;
}

export interface MemberView {
  userId: number;
  name: string;
  isOwner: boolean;
  isAdmin: boolean;
  permissions: ChatPermissions[] | null;
  alias: string | null;
  joinTime: number;
}

export interface ChatView {
  chatId: number;
  type: ChatType;
  title: string | null;
  description: string | null;
  ownerId: number | null;
  link: string | null;
  addAllowed: boolean;
  members: MemberView[];
  blocked: number[];
  bot: { inChat: boolean; isAdmin: boolean; permissions: ChatPermissions[] | null; leftAt: number | null };
  pinnedMid: string | null;
  lastEventTime: number;
}

/** A recorded callback answer, as the control API shows it. */
export type AnswerView = AnswerRecord;

export interface SandboxInfo {
  url: string;
  token: string;
  botUserId: number;
  botUsername: string;
  botName: string;
  deepLinkBase: string;
}

export interface PendingView {
  /** polling + webhook */
  count: number;
  /** Uncommitted updates in the GET /updates feed. */
  polling: number;
  /** Updates queued for webhook delivery and not yet accepted. */
  webhook: number;
}

export type { DeliveryLogEntry } from './webhooks.js';
export type { FaultRule, RequestLogEntry } from './limits.js';
