// The updates the sandbox publishes, as MAX sends them today. The SDK's `Update`
// type still describes the older protocol, so the two differences are spelled out:
//   - since November 2026 `bot_added` carries no `user` (nobody is named);
//   - since October 2026 there is `bot_admin_permissions_changed`, delivered only to
//     webhook subscriptions that list it in `update_types` (MAX does not offer it
//     through long polling yet).
import type { ChatPermissions, Update } from '@maxhub/max-bot-api/types';

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

export type SandboxUpdate = Exclude<Update, { update_type: 'bot_added' }> | BotAddedToday | BotAdminPermissionsChanged;
export type SandboxUpdateType = SandboxUpdate['update_type'];

/** Types MAX delivers only to a webhook subscription that asks for them by name. */
export const WEBHOOK_ONLY_TYPES: ReadonlySet<string> = new Set(['bot_admin_permissions_changed']);
