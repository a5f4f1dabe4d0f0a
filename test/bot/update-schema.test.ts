// Ingest stores what passed the update schema as the schema's output and the router trusts it
// (src/bot/ingest.ts, UPDATE_SCHEMA_VERSION). That holds only while the output survives JSON
// unchanged and parsing it again changes nothing (a rollback, or an item parsed once more):
// a transform to a Date, a Map or a bigint would silently corrupt stored items. One update of
// every type the schema knows, with the odd fields MAX may send.
import { describe, expect, it } from 'vitest';
import { updateSchema } from '../../src/bot/update.js';

const user = { user_id: 41, first_name: 'Анна\uE000', last_name: null, name: 'Анна', username: null, last_activity_time: 5 };
const message = {
  sender: user,
  recipient: { chat_id: -70000000001, chat_type: 'chat', user_id: null },
  timestamp: 1_780_000_000_000,
  body: {
    mid: 'mid.1',
    seq: 7,
    text: 'привет {name}\uE001',
    attachments: [
      { type: 'image', payload: { token: 't1', photo_id: 3, url: 'https://example.org/a.jpg' } },
      { type: 'file', payload: { token: 't2' }, filename: 'список.xlsx', size: 1200 },
      { type: 'sticker', payload: 'odd', filename: 7, size: -1 },
    ],
    markup: [],
  },
  link: { type: 'reply', sender: { user_id: 42 }, message: { mid: 'mid.0', text: 'что?', seq: 1 } },
  stat: { views: 3 },
  url: 'https://max.ru/x',
};
const UPDATES: Array<[string, unknown]> = [
  ['message_created', { update_type: 'message_created', timestamp: 1, message, user_locale: 'ru' }],
  ['message_edited', { update_type: 'message_edited', timestamp: 2, message }],
  [
    'message_callback',
    { update_type: 'message_callback', timestamp: 3, callback: { callback_id: 'c1', payload: 'ap:1', user, timestamp: 3 }, message, user_locale: 'ru' },
  ],
  ['bot_started', { update_type: 'bot_started', timestamp: 4, chat_id: 5, user, payload: 'inv-abc', user_locale: 'ru' }],
  ['bot_stopped', { update_type: 'bot_stopped', timestamp: 5, chat_id: 5, user }],
  ['bot_added (no user, as today)', { update_type: 'bot_added', timestamp: 6, chat_id: -7 }],
  [
    'bot_admin_permissions_changed',
    { update_type: 'bot_admin_permissions_changed', timestamp: 7, chat_id: -7, user_id: 41, is_admin: true, permissions: ['write', 'read_all_messages'] },
  ],
  ['bot_removed', { update_type: 'bot_removed', timestamp: 8, chat_id: -7, user, is_channel: false }],
  ['user_added', { update_type: 'user_added', timestamp: 9, chat_id: -7, user, inviter_id: 42 }],
  ['user_removed', { update_type: 'user_removed', timestamp: 10, chat_id: -7, user, admin_id: null }],
  ['chat_title_changed', { update_type: 'chat_title_changed', timestamp: 11, chat_id: -7, user, title: '5А\uE002 родители' }],
];

describe('the update schema’s output can be stored and trusted', () => {
  it.each(UPDATES)('%s: survives JSON unchanged, and parsing it again changes nothing', (_, update) => {
    const out = updateSchema.parse(update);
    expect(JSON.parse(JSON.stringify(out))).toEqual(out);
    expect(updateSchema.parse(out)).toEqual(out);
  });

  it('covers every update type the schema knows', () => {
    const known = updateSchema.options.map((o) => o.shape.update_type.value).sort();
    expect([...new Set(UPDATES.map(([, u]) => (u as { update_type: string }).update_type))].sort()).toEqual(known);
  });
});
