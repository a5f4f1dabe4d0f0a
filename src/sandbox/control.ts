// SandboxControl: a typed client of the sandbox control API (see the comment
// block of control-routes.ts). Tests and the terminal REPL use it to act as MAX
// and its users: create people and chats, write to the bot, press buttons, and
// observe what the bot did.
import type { ChatPermissions } from '@maxhub/max-bot-api/types';
import type {
  AnswerView,
  AttachmentInput,
  ChatView,
  CreateChatInput,
  CreateUserInput,
  DeliveryLogEntry,
  FaultInput,
  FaultRule,
  MessageFilter,
  MessageView,
  PendingView,
  RequestLogEntry,
  SandboxInfo,
  UserView,
} from './control-schemas.js';
import { dialogChatId } from './model.js';

export type * from './control-schemas.js';
export type { UploadView } from './uploads.js';
export { dialogChatId, dialogUserId } from './model.js';

export class SandboxControlError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'SandboxControlError';
  }
}

export interface WaitOptions {
  /** At least this many matching messages (default 1). */
  count?: number;
  /** Default 5000. */
  timeoutMs?: number;
  /** Only messages with seq > afterSeq (see lastSeq()). */
  afterSeq?: number;
}

export class SandboxControl {
  private readonly base: string;

  constructor(baseUrl: string) {
    this.base = baseUrl.replace(/\/+$/, '');
  }

  // ---- sandbox ---------------------------------------------------------------

  info(): Promise<SandboxInfo> {
    return this.call('GET', '/sandbox/info');
  }

  async reset(): Promise<void> {
    await this.call('POST', '/sandbox/reset');
  }

  // ---- users -----------------------------------------------------------------

  createUser(input: CreateUserInput): Promise<UserView> {
    return this.call('POST', '/sandbox/users', input);
  }

  users(): Promise<UserView[]> {
    return this.call('GET', '/sandbox/users');
  }

  user(userId: number): Promise<UserView> {
    return this.call('GET', `/sandbox/users/${userId}`);
  }

  async setUserPrivacy(userId: number, opts: { refuseAdd: boolean }): Promise<void> {
    await this.call('POST', `/sandbox/users/${userId}/privacy`, opts);
  }

  /** The user writes to the bot in their dialog (message_created). */
  sendText(userId: number, text: string): Promise<{ mid: string }> {
    return this.call('POST', `/sandbox/users/${userId}/text`, { text });
  }

  /** The user sends a file to the bot in their dialog; the bot gets a `file` attachment with a download URL. */
  sendFile(userId: number, filename: string, data: Buffer, text?: string): Promise<{ mid: string }> {
    return this.call('POST', `/sandbox/users/${userId}/file`, { filename, base64: data.toString('base64'), ...(text ? { text } : {}) });
  }

  /** The user sends the bot a photo, file, video, voice message or sticker (message_created with the attachment). */
  sendAttachment(userId: number, input: AttachmentInput): Promise<{ mid: string; token: string | null }> {
    return this.call('POST', `/sandbox/users/${userId}/attachment`, input);
  }

  /** The user presses Start (bot_started with the deep-link payload). */
  startBot(userId: number, payload?: string | null): Promise<{ chatId: number }> {
    return this.call('POST', `/sandbox/users/${userId}/start`, payload === undefined ? {} : { payload });
  }

  /** The user opens https://max.ru/<bot username>?start=<payload>. */
  openDeepLink(userId: number, url: string): Promise<{ chatId: number; payload: string | null }> {
    return this.call('POST', `/sandbox/users/${userId}/deeplink`, { url });
  }

  /** The bot's mini-app as MAX would open it for the user: `appUrl` with signed launch data in the fragment. */
  async miniAppUrl(userId: number, appUrl: string, opts: { startParam?: string; authDate?: number } = {}): Promise<string> {
    const body = { app_url: appUrl, ...(opts.startParam ? { start_param: opts.startParam } : {}), ...(opts.authDate ? { auth_date: opts.authDate } : {}) };
    return (await this.call<{ url: string }>('POST', `/sandbox/users/${userId}/miniapp`, body)).url;
  }

  /**
   * A voice message or video circle from the user: MAX sends message_created with no message
   * (SDK issue #250). In the dialog unless `chatId` is given; `named` adds chat_id and user.
   */
  async sendVoice(userId: number, opts: { chatId?: number; named?: boolean } = {}): Promise<void> {
    await this.call('POST', `/sandbox/users/${userId}/voice`, opts);
  }

  /** Publishes an update exactly as given (timestamp defaults to now): for shapes the sandbox does not make itself. */
  async injectUpdate(update: { update_type: string; timestamp?: number; [field: string]: unknown }): Promise<void> {
    await this.call('POST', '/sandbox/updates', update);
  }

  /** The user stops the bot (bot_stopped); the bot then gets 403 writing to them until they start it again. */
  stopBot(userId: number): Promise<{ chatId: number }> {
    return this.call('POST', `/sandbox/users/${userId}/stop`);
  }

  /** Presses the callback button with this payload (message_callback). */
  press(userId: number, mid: string, payload: string): Promise<{ callback_id: string }> {
    return this.call('POST', `/sandbox/users/${userId}/press`, { mid, payload });
  }

  /** What the bot uploaded (images, files), without the bytes. */
  uploads(): Promise<import('./uploads.js').UploadView[]> {
    return this.call('GET', '/sandbox/uploads');
  }

  /** One upload with its bytes. */
  async uploadData(id: string): Promise<{ view: import('./uploads.js').UploadView; data: Buffer }> {
    const view = await this.call<import('./uploads.js').UploadView>('GET', `/sandbox/uploads/${encodeURIComponent(id)}`);
    return { view, data: Buffer.from(view.base64 ?? '', 'base64') };
  }

  /** Presses the callback button with this text. */
  pressByText(userId: number, mid: string, buttonText: string): Promise<{ callback_id: string }> {
    return this.call('POST', `/sandbox/users/${userId}/press`, { mid, text: buttonText });
  }

  /** The user edits their own message (message_edited). */
  async editText(userId: number, mid: string, text: string): Promise<void> {
    await this.call('POST', `/sandbox/users/${userId}/edit`, { mid, text });
  }

  /** The user deletes their own message (message_removed). */
  async deleteMessage(userId: number, mid: string): Promise<void> {
    await this.call('POST', `/sandbox/users/${userId}/delete`, { mid });
  }

  // ---- chats -----------------------------------------------------------------

  /** A group chat (or channel) whose owner is a member and admin. Group ids are negative. */
  createChat(input: CreateChatInput): Promise<{ chat_id: number }> {
    return this.call('POST', '/sandbox/chats', input);
  }

  chats(): Promise<ChatView[]> {
    return this.call('GET', '/sandbox/chats');
  }

  chat(chatId: number): Promise<ChatView> {
    return this.call('GET', `/sandbox/chats/${chatId}`);
  }

  async setChat(chatId: number, opts: { link?: string | null; addAllowed?: boolean }): Promise<void> {
    await this.call('POST', `/sandbox/chats/${chatId}/settings`, opts);
  }

  /** Member `by` adds the bot; admin by default with all permissions relevant to the chat type. The bot_added update names nobody (MAX since Nov 2026). */
  async addBot(chatId: number, opts: { by: number; admin?: boolean; permissions?: ChatPermissions[] }): Promise<void> {
    await this.call('POST', `/sandbox/chats/${chatId}/bot`, opts);
  }

  /** Admin `by` removes the bot (bot_removed). */
  async removeBot(chatId: number, by: number): Promise<void> {
    await this.call('POST', `/sandbox/chats/${chatId}/bot/remove`, { by });
  }

  /**
   * null: the bot becomes a regular member; an array: admin with exactly these permissions.
   * MAX sends bot_admin_permissions_changed (to webhook subscriptions that ask for it); `by`
   * is who changed the rights (default: the chat's owner).
   */
  async setBotPermissions(chatId: number, permissions: ChatPermissions[] | null, opts: { by?: number } = {}): Promise<void> {
    await this.call('POST', `/sandbox/chats/${chatId}/bot/permissions`, { permissions, ...opts });
  }

  /** user_added; inviter_id = by, or null when the user joins via the chat link. */
  async addMember(chatId: number, userId: number, opts: { by?: number; viaLink?: boolean } = {}): Promise<void> {
    await this.call('POST', `/sandbox/chats/${chatId}/members`, { user_id: userId, ...opts });
  }

  /** Admin `by` makes a member an admin of the chat (or, with admin: false, no longer one). */
  async setAdmin(chatId: number, userId: number, opts: { by: number; admin?: boolean }): Promise<void> {
    await this.call('POST', `/sandbox/chats/${chatId}/admins`, { user_id: userId, ...opts });
  }

  /** user_removed; without `by` the user leaves on their own (admin_id null). */
  async removeMember(chatId: number, userId: number, opts: { by?: number } = {}): Promise<void> {
    await this.call('POST', `/sandbox/chats/${chatId}/members/remove`, { user_id: userId, ...opts });
  }

  async renameChat(chatId: number, title: string, by: number): Promise<void> {
    await this.call('POST', `/sandbox/chats/${chatId}/title`, { title, by });
  }

  /** A member writes in a group chat (message_created if the bot may read the chat). */
  sendChatText(chatId: number, userId: number, text: string, opts: { replyToMid?: string } = {}): Promise<{ mid: string }> {
    return this.call('POST', `/sandbox/chats/${chatId}/text`, { user_id: userId, text, ...opts });
  }

  // ---- observation -------------------------------------------------------------

  messages(filter: MessageFilter = {}): Promise<MessageView[]> {
    const query = new URLSearchParams();
    for (const [key, value] of Object.entries(filter)) if (value !== undefined) query.set(key, String(value));
    const qs = query.toString();
    return this.call('GET', `/sandbox/messages${qs ? `?${qs}` : ''}`);
  }

  /** Messages the bot sent in its dialog with the user. */
  botMessagesTo(userId: number, afterSeq?: number): Promise<MessageView[]> {
    return this.messages(afterSeq === undefined ? { userId, fromBot: true } : { userId, fromBot: true, afterSeq });
  }

  /** seq of the newest message (0 when none) — pass as afterSeq to wait for what comes next. */
  async lastSeq(): Promise<number> {
    const all = await this.messages();
    return all.at(-1)?.seq ?? 0;
  }

  /**
   * Polls until at least `count` messages match; resolves with all matching
   * messages. Rejects after timeoutMs with a listing of what does exist.
   */
  async waitForMessages(filter: MessageFilter, opts: WaitOptions = {}): Promise<MessageView[]> {
    const count = opts.count ?? 1;
    const timeoutMs = opts.timeoutMs ?? 5000;
    const effective: MessageFilter = opts.afterSeq === undefined ? filter : { ...filter, afterSeq: opts.afterSeq };
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = await this.messages(effective);
      if (found.length >= count) return found;
      if (Date.now() >= deadline) {
        const all = await this.messages();
        const listing = all
          .slice(-30)
          .map((m) => `  ${describeMessage(m)}`)
          .join('\n');
        throw new Error(
          `Timed out after ${timeoutMs}ms waiting for ${count} message(s) matching ${JSON.stringify(effective)}; found ${found.length}.\n` +
            `Messages in the sandbox (${all.length}${all.length > 30 ? ', last 30 shown' : ''}):\n${listing || '  (none)'}`,
        );
      }
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  /** Waits for the bot's next message(s) in the dialog with the user. */
  waitForBotMessage(userId: number, opts: WaitOptions = {}): Promise<MessageView[]> {
    return this.waitForMessages({ chatId: dialogChatId(userId), fromBot: true }, opts);
  }

  answers(): Promise<AnswerView[]> {
    return this.call('GET', '/sandbox/answers');
  }

  /** Uncommitted polling updates plus webhook updates not yet accepted. */
  async updatesPending(): Promise<number> {
    return (await this.pending()).count;
  }

  pending(): Promise<PendingView> {
    return this.call('GET', '/sandbox/updates/pending');
  }

  deliveries(): Promise<DeliveryLogEntry[]> {
    return this.call('GET', '/sandbox/deliveries');
  }

  /** The webhook subscriptions MAX holds for the bot. */
  subscriptions(): Promise<{ url: string; time: number; update_types: string[] }[]> {
    return this.call('GET', '/sandbox/subscriptions');
  }

  /** MAX drops a webhook subscription on its own: `url`'s, or every one. Returns the URLs dropped. */
  async dropSubscription(url?: string): Promise<string[]> {
    return (await this.call<{ dropped: string[] }>('POST', '/sandbox/subscriptions/drop', url === undefined ? {} : { url })).dropped;
  }

  requests(filter: { method?: string; path?: string } = {}): Promise<RequestLogEntry[]> {
    const query = new URLSearchParams();
    if (filter.method) query.set('method', filter.method);
    if (filter.path) query.set('path', filter.path);
    const qs = query.toString();
    return this.call('GET', `/sandbox/requests${qs ? `?${qs}` : ''}`);
  }

  async clearRequests(): Promise<void> {
    await this.call('DELETE', '/sandbox/requests');
  }

  /**
   * The next `count` (default 1) Bot API requests matching method/path get `status` and are not applied;
   * status 0 drops the connection. `delayMs` answers late (without `status`: the request is then applied);
   * `hang` never answers, until the bot gives up on the request.
   */
  fault(input: FaultInput): Promise<FaultRule> {
    return this.call('POST', '/sandbox/faults', input);
  }

  faults(): Promise<FaultRule[]> {
    return this.call('GET', '/sandbox/faults');
  }

  async clearFaults(): Promise<void> {
    await this.call('DELETE', '/sandbox/faults');
  }

  // ---- transport ---------------------------------------------------------------

  /**
   * A read is sent again when the kept-alive connection it went out on was closed under it: the
   * server closes an idle connection after its keep-alive timeout, and on a stalled machine the
   * client's own (shorter) timer can fire too late to retire the socket first. Writes are not
   * repeated (the server may have read them).
   */
  private async fetchReadsAgain(url: string, init: RequestInit, idempotent: boolean): Promise<Response> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await fetch(url, init);
      } catch (err) {
        const cause = (err as { cause?: { code?: string } }).cause;
        const reset = cause?.code === 'ECONNRESET' || cause?.code === 'UND_ERR_SOCKET' || cause?.code === 'EPIPE';
        if (!idempotent || !reset || attempt >= 3) throw err;
      }
    }
  }

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const init: RequestInit = { method };
    if (body !== undefined) {
      init.body = JSON.stringify(body);
      init.headers = { 'content-type': 'application/json' };
    }
    const res = await this.fetchReadsAgain(`${this.base}${path}`, init, method === 'GET');
    const text = await res.text();
    let data: unknown;
    try {
      data = text === '' ? undefined : JSON.parse(text);
    } catch {
      throw new SandboxControlError(res.status, 'unexpected.response', `${method} ${path}: not JSON: ${text.slice(0, 200)}`);
    }
    if (!res.ok) {
      const err = (data ?? {}) as { code?: unknown; message?: unknown };
      const code = typeof err.code === 'string' ? err.code : 'error';
      const message = typeof err.message === 'string' ? err.message : text;
      throw new SandboxControlError(res.status, code, `${method} ${path} → ${res.status} ${code}: ${message}`);
    }
    return data as T;
  }
}

export function describeMessage(m: MessageView): string {
  const buttons = m.buttons.flat().map((b) => `[${b.text}${b.payload !== undefined ? ` → ${b.payload}` : ''}]`);
  const text = m.text === null ? '(no text)' : JSON.stringify(m.text.length > 120 ? `${m.text.slice(0, 117)}...` : m.text);
  return `#${m.seq} ${m.mid} chat ${m.chatId} from ${m.senderId}${m.deleted ? ' (deleted)' : ''}: ${text}${buttons.length ? ` ${buttons.join(' ')}` : ''}`;
}
