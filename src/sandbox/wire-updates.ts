// The updates the sandbox publishes, as MAX sends them today. The SDK's `Update`
// type still describes the older protocol, so the differences are spelled out:
//   - since November 2026 `bot_added` carries no `user` (nobody is named);
//   - since October 2026 there is `bot_admin_permissions_changed`, delivered only to
//     webhook subscriptions that list it in `update_types` (MAX does not offer it
//     through long polling yet).
//   - a voice message or a video circle arrives as `message_created` with no `message`
//     (SDK issue max-bot-api-client-ts#250, July 2026; not in the official description,
//     which makes `message` required).
import type { ChatPermissions, Update, User } from '@maxhub/max-bot-api/types';

export interface BotAddedToday {
  update_type: 'bot_added';
  timestamp: number;
  chat_id: number;
  is_channel: boolean;
}

export interface BotAdminPermissionsChanged {
  update_type: 'bot_admin_permissions_changed';
  timestamp: number;
  chat_id: number;
  /** Who changed the rights. */
  user_id: number;
  bot_id: number;
  is_channel: boolean;
  is_admin: boolean;
  permissions: ChatPermissions[] | null;
}

/**
 * A voice message or video circle. As observed (issue #250) it carries only `timestamp` and,
 * in a dialog, `user_locale`; the sandbox can add `chat_id` and `user` to model a MAX that
 * names them.
 */
export interface ContentlessMessageCreated {
  update_type: 'message_created';
  timestamp: number;
  user_locale?: string;
  chat_id?: number;
  user?: User;
}

/** An update a test injects as it is (POST /sandbox/updates), for shapes the sandbox does not make itself. */
export interface InjectedUpdate {
  update_type: string;
  timestamp: number;
  [field: string]: unknown;
}

export type SandboxUpdate = Exclude<Update, { update_type: 'bot_added' }> | BotAddedToday | BotAdminPermissionsChanged | ContentlessMessageCreated;
export type SandboxUpdateType = SandboxUpdate['update_type'];

/** Types MAX delivers only to a webhook subscription that asks for them by name. */
export const WEBHOOK_ONLY_TYPES: ReadonlySet<string> = new Set(['bot_admin_permissions_changed']);
