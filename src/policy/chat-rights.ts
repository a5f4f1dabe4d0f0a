// Which of MAX's admin rights let the bot do its work in a group chat or a channel.
// The one place that knows it: conduct (deleting violations, holding messages), the
// binding report, /chats and the panel all ask here.
//
// MAX's description of ChatAdminPermission (dev.max.ru, the rights of
// POST /chats/{chatId}/members/admins; the enum itself is in the official OpenAPI
// description, max-messenger/api-schema schema.yaml v0.0.33) says, as of 2026:
//   - `write` — «редактировать и удалять сообщения в групповых чатах, а также писать посты
//     в каналах» (earlier `post_edit_delete_message`, «в ответе могут возвращаться оба
//     значения»);
//   - `delete` — «удалять посты (для групповых чатов недоступно)» (earlier `delete_message`);
//   - `edit` — «редактировать посты в каналах (для групповых чатов недоступно)» (earlier
//     `edit_message`).
// So in a group chat only `write` lets the bot delete someone else's message, and in a
// channel only `delete`. The sandbox encodes the same clause on its own (src/sandbox/model.ts),
// so that a misreading here is not confirmed by the fake MAX reading it the same way.

export type GroupChatType = 'chat' | 'channel';

/** What the bot needs a right for. */
export type NeededRight = 'read' | 'members' | 'moderate' | 'pin';

export const NEEDED_RIGHTS: readonly NeededRight[] = ['read', 'members', 'moderate', 'pin'];

/** The permissions (current name first, then the older names MAX may still return) that grant each need. */
const GRANTED_BY: Record<GroupChatType, Record<NeededRight, readonly string[]>> = {
  chat: {
    read: ['read_all_messages'],
    members: ['add_remove_members'],
    moderate: ['write', 'post_edit_delete_message'],
    pin: ['pin_message'],
  },
  channel: {
    read: ['read_all_messages'],
    members: ['add_remove_members'],
    moderate: ['delete', 'delete_message'],
    pin: ['pin_message'],
  },
};

export function chatTypeOf(isChannel: boolean): GroupChatType {
  return isChannel ? 'channel' : 'chat';
}

/** The permission to ask for: MAX's current name (admins are to be given the new names). */
export function permissionFor(type: GroupChatType, need: NeededRight): string {
  return GRANTED_BY[type][need][0]!;
}

export function has(type: GroupChatType, need: NeededRight, permissions: readonly string[]): boolean {
  return GRANTED_BY[type][need].some((p) => permissions.includes(p));
}

/** May the bot delete (and edit) other people's messages in this chat? */
export function canDeleteOthers(type: GroupChatType, permissions: readonly string[]): boolean {
  return has(type, 'moderate', permissions);
}

/** The needs the bot's permissions leave unmet, in a fixed order. */
export function missingRights(type: GroupChatType, permissions: readonly string[]): NeededRight[] {
  return NEEDED_RIGHTS.filter((need) => !has(type, need, permissions));
}
