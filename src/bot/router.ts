// Routes one inbox item to its handler, inside the error boundary: whatever a
// handler throws is logged with the update's type and ids, the person gets a short
// apology, and the next update is handled as usual.
import type { Logger } from '../log.js';
import type { InboxItem, QueueWithAck } from '../store/inbox.js';
import { parseCallbackPayload } from './callback-payload.js';
import type { CallbackAction, CallbackAnswer, Command, RouterHooks } from './commands/types.js';
import { parseCommand } from './command-text.js';
import { UpdateContext, type Services } from './context.js';
import { BOT_TEXTS } from './texts.js';
import {
  contentlessMessageSchema,
  DESCRIBED_UPDATE_TYPES,
  IGNORED_UPDATE_TYPES,
  internalEventSchema,
  updateLogIds,
  updateSchema,
  UPDATE_SCHEMA_VERSION,
  type ContentlessMessage,
  type InternalEvent,
  type MaxUpdate,
} from './update.js';
import { FLOW_TEXTS } from '../flows/texts.js';
import { incomingMedia } from './media.js';
import { countUpdate } from '../ops/metrics.js';
import { isConnectionError } from '../ops/redis-health.js';
import { canonicalArgs } from '../policy/command-words.js';
import { ownWords } from '../policy/unit-word.js';

type Of<T extends MaxUpdate['update_type']> = Extract<MaxUpdate, { update_type: T }>;

export class Router {
  private readonly commands: Map<string, Command>;
  private readonly actions: Map<string, CallbackAction>;

  constructor(
    commands: Command[],
    actions: CallbackAction[],
    private readonly services: Services,
    private readonly log: Logger,
    private readonly hooks: RouterHooks = {},
  ) {
    this.commands = new Map(commands.map((c) => [c.name, c]));
    this.actions = new Map();
    for (const a of actions) {
      // Two handlers of one code: the second would silently replace the first.
      if (this.actions.has(a.name)) throw new Error(`duplicate button code ${a.name}`);
      this.actions.set(a.name, a);
    }
  }

  /** Handles one inbox item; the replies come back to be stored with its acknowledgement (see Dispatcher). */
  async handle(item: InboxItem): Promise<QueueWithAck | void> {
    const raw = item.update as { type?: unknown; update_type?: unknown };
    if (typeof raw?.type === 'string' && raw.type.startsWith('internal:')) {
      const parsed = internalEventSchema.safeParse(raw);
      if (!parsed.success) return this.log.warn({ updateId: item.id }, 'malformed internal event ignored');
      return this.boundary(
        item,
        new UpdateContext(item.id, this.services, this.log, { userId: parsed.data.userId }, { chatId: null, chatType: 'dialog' }),
        (ctx) => this.onInternal(ctx, parsed.data),
      );
    }
    // Checked at ingest (see Ingest.serialise): the stored shape is the schema's own output.
    const parsed = item.checked === UPDATE_SCHEMA_VERSION ? { success: true as const, data: item.update as MaxUpdate } : updateSchema.safeParse(item.update);
    if (!parsed.success) {
      const contentless = contentlessMessageSchema.safeParse(item.update);
      if (contentless.success) return this.onContentless(item, contentless.data);
      const type = typeof raw?.update_type === 'string' ? raw.update_type : null;
      if (type !== null && IGNORED_UPDATE_TYPES.has(type)) {
        this.log.debug({ updateId: item.id, updateType: type }, 'update ignored: not used');
      } else if (type !== null && !(DESCRIBED_UPDATE_TYPES as readonly string[]).includes(type)) {
        // A type MAX added after the description the bot follows: its name only, nothing of its content.
        this.log.info({ updateId: item.id, updateType: type }, 'update ignored: unknown type');
      } else {
        this.log[type !== null ? 'warn' : 'debug'](
          { updateId: item.id, ...updateLogIds(item.update), issues: parsed.error.issues.slice(0, 3).map((i) => i.path.join('.')) },
          'update ignored: not understood',
        );
      }
      return countUpdate(raw, 'ignored');
    }
    const update = parsed.data;
    const ctx = this.contextFor(item.id, update);
    if (ctx.isDialog && ctx.actor && ctx.where.chatId !== null) await this.hooks.onDialog?.(ctx.actor.userId, ctx.where.chatId).catch(() => undefined);
    const user = actingUser(update);
    if (user && this.hooks.onUser) await this.hooks.onUser(user).catch((err: unknown) => this.log.warn({ err, updateId: item.id }, 'user hook failed'));
    return this.boundary(item, ctx, () => this.route(ctx, update));
  }

  /**
   * A voice message or video circle (message_created with no message): in a dialog the
   * person is told the bot reads text; in a group chat, or when MAX names nobody, it is
   * ignored. `user_locale` comes only in dialogs (the description), and group chats have
   * negative ids.
   */
  private async onContentless(item: InboxItem, u: ContentlessMessage): Promise<QueueWithAck | void> {
    const userId = u.user?.user_id ?? u.user_id ?? null;
    const inDialog = !!u.user_locale && (u.chat_id == null || u.chat_id > 0);
    this.log.info(
      { updateId: item.id, updateType: u.update_type, chatId: u.chat_id ?? undefined, userId: userId ?? undefined, inDialog },
      'message without content',
    );
    if (!inDialog || userId === null || userId === this.services.bot.userId) return countUpdate(item.update, 'ignored');
    const ctx = new UpdateContext(item.id, this.services, this.log, { userId }, { chatId: u.chat_id ?? null, chatType: 'dialog' });
    return this.boundary(item, ctx, async () => ctx.reply(BOT_TEXTS.textOnly));
  }

  private contextFor(updateId: string, u: MaxUpdate): UpdateContext {
    switch (u.update_type) {
      case 'message_created':
      case 'message_edited': {
        const ctx = new UpdateContext(updateId, this.services, this.log, u.message.sender ? { userId: u.message.sender.user_id } : null, {
          chatId: u.message.recipient.chat_id ?? null,
          chatType: u.message.recipient.chat_type,
        });
        ctx.messageId = u.message.body.mid;
        if (u.message.link?.type === 'reply') {
          ctx.replyToAuthor = u.message.link.sender?.user_id ?? null;
          ctx.replyToMessage = { mid: u.message.link.message?.mid ?? null, text: u.message.link.message?.text ?? null };
        }
        return ctx;
      }
      case 'message_callback':
        return new UpdateContext(
          updateId,
          this.services,
          this.log,
          { userId: u.callback.user.user_id },
          {
            chatId: u.message?.recipient.chat_id ?? null,
            chatType: u.message?.recipient.chat_type ?? 'dialog',
          },
        );
      case 'bot_started':
      case 'bot_stopped':
        return new UpdateContext(updateId, this.services, this.log, { userId: u.user.user_id }, { chatId: u.chat_id, chatType: 'dialog' });
      case 'bot_added':
        // MAX no longer says who added the bot: the update has no actor.
        return new UpdateContext(updateId, this.services, this.log, null, { chatId: u.chat_id, chatType: u.is_channel ? 'channel' : 'chat' });
      case 'bot_admin_permissions_changed':
        return new UpdateContext(updateId, this.services, this.log, u.user_id ? { userId: u.user_id } : null, {
          chatId: u.chat_id,
          chatType: u.is_channel ? 'channel' : 'chat',
        });
      default:
        return new UpdateContext(
          updateId,
          this.services,
          this.log,
          { userId: u.user.user_id },
          { chatId: u.chat_id, chatType: 'is_channel' in u && u.is_channel ? 'channel' : 'chat' },
        );
    }
  }

  private async boundary(item: InboxItem, ctx: UpdateContext, run: (ctx: UpdateContext) => Promise<void>): Promise<QueueWithAck | void> {
    try {
      await run(ctx);
      const records = await ctx.flush();
      const drop = ctx.keptPlans();
      countUpdate(item.update, 'handled');
      if (records.length > 0 || drop.length > 0) return { into: this.services.outbox.store, items: records, drop };
    } catch (err) {
      if (isConnectionError(err)) throw err; // Redis went away mid-update: not a failure, the dispatcher handles it again.
      countUpdate(item.update, 'failed');
      this.log.error({ err, updateId: item.id, ...updateLogIds(item.update), userId: ctx.actor?.userId }, 'update handler failed');
      ctx.discardReplies();
      // A flow step committed before the failure is done: its messages go out, with the apology,
      // in the acknowledgement (one write: a failed separate write would lose them).
      const items = ctx.committedSteps();
      if (ctx.actor && (ctx.isDialog || ctx.where.chatType === null)) {
        const apology = await this.services.outbox
          .prepare([{ to: { userId: ctx.actor.userId }, text: BOT_TEXTS.apology }], `${item.id}:apology`)
          .catch((e: unknown) => void this.log.error({ err: e, updateId: item.id }, 'apology could not be queued'));
        if (apology) items.push(apology);
      }
      const drop = ctx.keptPlans();
      if (items.length > 0 || drop.length > 0) return { into: this.services.outbox.store, items, drop };
    }
  }

  private async route(ctx: UpdateContext, u: MaxUpdate): Promise<void> {
    switch (u.update_type) {
      case 'message_created':
        return this.onMessage(ctx, u);
      case 'message_edited':
        if (!ctx.isDialog) return this.hooks.onChatMessage?.(ctx, u);
        return;
      case 'message_callback':
        return this.onCallback(ctx, u);
      case 'bot_started':
        return this.onBotStarted(ctx, u);
      case 'bot_added':
      case 'bot_removed':
      case 'bot_admin_permissions_changed':
      case 'user_added':
      case 'user_removed':
      case 'chat_title_changed':
        return this.hooks.onChatUpdate?.(ctx, u);
      default:
        this.log.debug({ updateId: ctx.updateId, updateType: u.update_type }, 'update without a handler');
    }
  }

  private async onMessage(ctx: UpdateContext, u: Of<'message_created'>): Promise<void> {
    const sender = u.message.sender;
    if (!sender || sender.is_bot || sender.user_id === this.services.bot.userId) return;
    const text = u.message.body.text ?? '';
    const command = parseCommand(text);
    if (command) {
      if (command.botName && command.botName.toLowerCase() !== this.services.bot.username.toLowerCase()) return;
      const handler = this.commands.get(command.name);
      if (!handler) {
        if (ctx.isDialog) ctx.reply(BOT_TEXTS.unknownCommand(command.name));
        return;
      }
      if (handler.where === 'dialog' && !ctx.isDialog) return ctx.reply(BOT_TEXTS.dialogOnly);
      this.log.info({ updateId: ctx.updateId, userId: sender.user_id, chatId: ctx.where.chatId, command: command.name }, 'command');
      if (handler.permission && this.hooks.mayRun) {
        const refusal = await this.hooks.mayRun(sender.user_id, handler.permission, ctx);
        if (refusal) return ctx.reply(refusal);
      }
      if (handler.where === 'chat' && ctx.isDialog) return ctx.reply(BOT_TEXTS.chatOnly);
      // Russian sub-words and their English aliases, in one form for the command's parser.
      return handler.run(ctx, canonicalArgs(handler.name, command.args));
    }
    if (!ctx.isDialog) return this.hooks.onChatMessage?.(ctx, u);
    const attachments = u.message.body.attachments;
    if (attachments && attachments.length > 0 && (await this.hooks.onDialogAttachments?.(ctx, attachments))) return;
    const media = incomingMedia(attachments);
    const result = await this.services.flows.dispatch(
      sender.user_id,
      media.length > 0 ? { type: 'text', text, media } : { type: 'text', text },
      ctx.updateId,
      undefined,
      ctx,
    );
    if (result === 'no_flow') ctx.reply(BOT_TEXTS.notACommand);
  }

  private async onCallback(ctx: UpdateContext, u: Of<'message_callback'>): Promise<void> {
    const userId = u.callback.user.user_id;
    const payload = parseCallbackPayload(u.callback.payload);
    const answer = (a: CallbackAnswer) => this.services.answers.answer(ctx.where.chatId, u.callback.callback_id, a);
    if (!payload) {
      this.log.warn({ updateId: ctx.updateId, userId }, 'unknown callback payload ignored');
      return answer({ notification: BOT_TEXTS.unknownButton });
    }
    // The pressed message as MAX keeps it: sent already, so every brace in it is literal (a name,
    // a chat's title) and must not be read for marks when it is shown again.
    const echoed = u.message?.body.text == null ? null : ownWords(u.message.body.text);
    if (payload.kind === 'action') {
      const action = this.actions.get(payload.action);
      if (!action) {
        this.log.warn({ updateId: ctx.updateId, userId, action: payload.action }, 'callback for an unknown action ignored');
        return answer({ notification: BOT_TEXTS.unknownButton });
      }
      const args = action.button.decode(payload.args);
      if (!args) {
        this.log.warn({ updateId: ctx.updateId, userId, action: payload.action }, 'callback with arguments its button does not take ignored');
        return answer({ notification: BOT_TEXTS.unknownButton });
      }
      const result = await action.run(ctx, args, { text: echoed });
      return answer(result);
    }
    const result = await this.services.flows.dispatch(
      userId,
      { type: 'choice', choice: payload.choice },
      ctx.updateId,
      {
        flowId: payload.flowId,
        rev: payload.rev,
      },
      ctx,
    );
    await answer(result === 'handled' ? { closeKeyboard: echoed ?? undefined } : { notification: FLOW_TEXTS.staleButton });
  }

  private async onBotStarted(ctx: UpdateContext, u: Of<'bot_started'>): Promise<void> {
    if (u.payload) {
      if (this.hooks.onStartPayload) return this.hooks.onStartPayload(ctx, u.payload);
      ctx.reply(BOT_TEXTS.inviteNotFound);
      return;
    }
    await this.commands.get('start')?.run(ctx, '');
  }

  private async onInternal(ctx: UpdateContext, event: InternalEvent): Promise<void> {
    switch (event.type) {
      case 'internal:flow_timeout':
        await this.services.flows.dispatch(event.userId, { type: 'timeout' }, ctx.updateId, { flowId: event.flowId, rev: event.rev }, ctx);
        return;
    }
  }
}

/** The person who acted in an update, as MAX names them (none for bot_added and rights changes). */
function actingUser(u: MaxUpdate): { user_id: number; first_name: string; last_name?: string | null } | null {
  switch (u.update_type) {
    case 'message_created':
    case 'message_edited':
      return u.message.sender && !u.message.sender.is_bot ? u.message.sender : null;
    case 'message_callback':
      return u.callback.user;
    case 'bot_started':
      return u.user;
    default:
      return null;
  }
}
