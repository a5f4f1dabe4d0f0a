import type { ActorRoles, CommandName } from '../../policy/permissions.js';
import type { Button } from '../buttons.js';
import type { UpdateContext } from '../context.js';
import type { MaxUpdate } from '../update.js';

export interface Command {
  /** Without the slash, lower case. */
  name: string;
  /** Russian, for the MAX command menu and /help. */
  description: string;
  /** Where the command may be used. */
  where: 'dialog' | 'chat' | 'any';
  /**
   * Listed in the MAX command menu (setMyCommands). MAX has one menu for all users of a
   * bot, so only commands every person may run are listed; /help shows each person theirs.
   */
  inMenu: boolean;
  /** The arguments, as /help shows them ("<роль> [класс]"); Russian sub-words (policy/command-words.ts). */
  usage?: string;
  /** When only some of those who may run it may change things with it: the usage /help shows this person. */
  usageFor?: (actor: ActorRoles) => string | undefined;
  /** Its row in the permission table (src/policy/permissions.ts); the router refuses those without it. */
  permission?: CommandName;
  run(ctx: UpdateContext, args: string): Promise<void>;
}

/** How a button press is answered: a short notification and/or the message re-sent without its keyboard. */
export interface CallbackAnswer {
  notification?: string;
  closeKeyboard?: string | null;
}

/**
 * A handler of "a:<code>:…" button payloads, with the button it handles (bot/buttons.ts): the
 * router decodes the payload with it, so `run` gets typed arguments, and answers a payload that
 * does not decode as a stale button. The arguments fit their format but are still untrusted
 * (a press can be forged or replayed): check everything they name again.
 */
export interface CallbackAction<A extends readonly unknown[] = readonly unknown[]> {
  /** The button's code (the router's key; a second action with it is refused). */
  readonly name: string;
  readonly button: Button<A>;
  // A method, so that an action of any button fits CallbackAction[].
  run(ctx: UpdateContext, args: A, message: { text: string | null }): Promise<CallbackAnswer>;
}

/** The action that handles `button`'s presses; `run` gets the arguments typed as the button declares them. */
export function onPress<A extends readonly unknown[]>(button: Button<A>, run: CallbackAction<A>['run']): CallbackAction<A> {
  return { name: button.code, button, run };
}

export interface RouterHooks {
  /** Returns a refusal text when the person may not run the command at all. */
  mayRun?: (userId: number, command: CommandName, ctx?: UpdateContext) => Promise<string | null>;
  /** bot_started with a payload (a deep link: an invite code). */
  onStartPayload?: (ctx: UpdateContext, payload: string) => Promise<void>;
  /** The bot or a member added to or removed from a group chat, the bot's rights changed, or its title changed. */
  onChatUpdate?: (ctx: UpdateContext, update: ChatMembershipUpdate) => Promise<void>;
  /** A member's message (new or edited) in a group chat that is not a command. */
  onChatMessage?: (ctx: UpdateContext, update: Extract<MaxUpdate, { update_type: 'message_created' | 'message_edited' }>) => Promise<void>;
  /** A message with attachments in a person's dialog with the bot (a roster file); true when handled. */
  onDialogAttachments?: (ctx: UpdateContext, attachments: unknown[]) => Promise<boolean>;
  /** Any update from a person in their dialog with the bot: the dialog's chat id (broadcasts check sends with it). */
  onDialog?: (userId: number, chatId: number) => Promise<void>;
  /** The MAX user behind an update (sender, presser, starter), with the name MAX shows. */
  onUser?: (user: { user_id: number; first_name: string; last_name?: string | null }) => Promise<void>;
}

export type ChatMembershipUpdate = Extract<
  MaxUpdate,
  { update_type: 'bot_added' | 'bot_removed' | 'bot_admin_permissions_changed' | 'user_added' | 'user_removed' | 'chat_title_changed' }
>;
