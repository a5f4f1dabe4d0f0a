import { describe, expect, it } from 'vitest';
import { canDeleteOthers, missingRights, permissionFor } from '../../src/policy/chat-rights.js';

// What MAX gives a bot made admin of a group chat today.
const GROUP_ADMIN = ['read_all_messages', 'add_remove_members', 'add_admins', 'change_chat_info', 'pin_message', 'write', 'edit_link'];

describe('which right lets the bot delete others’ messages', () => {
  it.each([
    // Group chats: `write` (earlier `post_edit_delete_message`); the channel rights do nothing there.
    ['chat', GROUP_ADMIN, true],
    ['chat', ['write'], true],
    ['chat', ['post_edit_delete_message'], true],
    ['chat', ['delete'], false],
    ['chat', ['delete_message'], false],
    ['chat', ['read_all_messages', 'delete_message', 'edit_message', 'edit'], false],
    ['chat', [], false],
    // Channels: `delete` (earlier `delete_message`); `write` only lets the bot post there.
    ['channel', ['delete'], true],
    ['channel', ['delete_message'], true],
    ['channel', ['write'], false],
    ['channel', ['post_edit_delete_message'], false],
    ['channel', GROUP_ADMIN, false],
  ] as const)('%s with %j → %s', (type, perms, expected) => expect(canDeleteOthers(type, perms)).toBe(expected));
});

describe('missing rights', () => {
  it.each([
    ['chat', GROUP_ADMIN, []],
    ['chat', ['read_all_messages', 'add_remove_members', 'pin_message', 'delete_message'], ['moderate']],
    ['chat', ['read_all_messages', 'write', 'pin_message'], ['members']],
    ['chat', [], ['read', 'members', 'moderate', 'pin']],
    ['channel', GROUP_ADMIN, ['moderate']],
    ['channel', ['read_all_messages', 'add_remove_members', 'pin_message', 'write', 'delete'], []],
  ] as const)('%s with %j → %j', (type, perms, expected) => expect(missingRights(type, perms)).toEqual(expected));

  it('asks for the current names, never the older ones', () => {
    expect(permissionFor('chat', 'moderate')).toBe('write');
    expect(permissionFor('channel', 'moderate')).toBe('delete');
  });
});
