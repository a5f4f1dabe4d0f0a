import { describe, expect, it } from 'vitest';
import { updateIdentity } from '../../src/bot/update-identity.js';

const msg = (mid: string, ts: number, text = 'привет', lastActivity = ts) => ({
  update_type: 'message_created',
  timestamp: ts,
  message: { sender: { user_id: 7, last_activity_time: lastActivity }, recipient: { chat_id: 1, chat_type: 'dialog' }, timestamp: ts, body: { mid, text } },
});

describe('update identity', () => {
  it.each([
    ['same message, other timestamp and last_activity_time', msg('m1', 1), msg('m1', 2, 'привет', 99), true],
    ['other message id', msg('m1', 1), msg('m2', 1), false],
    ['created vs edited with one mid', msg('m1', 1), { ...msg('m1', 1), update_type: 'message_edited' }, false],
    [
      'two edits of one message to different texts',
      { ...msg('m1', 1, 'a'), update_type: 'message_edited' },
      { ...msg('m1', 5, 'b'), update_type: 'message_edited' },
      false,
    ],
    ['one edit delivered twice', { ...msg('m1', 1, 'a'), update_type: 'message_edited' }, { ...msg('m1', 5, 'a'), update_type: 'message_edited' }, true],
    [
      'a press: callback_id decides',
      { update_type: 'message_callback', timestamp: 1, callback: { callback_id: 'c1', user: { user_id: 7 } } },
      { update_type: 'message_callback', timestamp: 2, callback: { callback_id: 'c1', user: { user_id: 7, last_activity_time: 5 } } },
      true,
    ],
    [
      'two presses',
      { update_type: 'message_callback', timestamp: 1, callback: { callback_id: 'c1', user: { user_id: 7 } } },
      { update_type: 'message_callback', timestamp: 1, callback: { callback_id: 'c2', user: { user_id: 7 } } },
      false,
    ],
    [
      'bot_started by two people at once',
      { update_type: 'bot_started', timestamp: 1, chat_id: 5, user: { user_id: 1 } },
      { update_type: 'bot_started', timestamp: 1, chat_id: 6, user: { user_id: 2 } },
      false,
    ],
    [
      'bot_started with another payload',
      { update_type: 'bot_started', timestamp: 1, chat_id: 5, user: { user_id: 1 }, payload: 'a' },
      { update_type: 'bot_started', timestamp: 1, chat_id: 5, user: { user_id: 1 }, payload: 'b' },
      false,
    ],
    [
      'user_added re-delivered with another last_activity_time',
      { update_type: 'user_added', timestamp: 1, chat_id: 5, user: { user_id: 1, last_activity_time: 1 } },
      { update_type: 'user_added', timestamp: 1, chat_id: 5, user: { user_id: 1, last_activity_time: 9 } },
      true,
    ],
  ])('%s', (_name, a, b, same) => {
    expect(updateIdentity(a) === updateIdentity(b)).toBe(same);
  });

  it('reads only short scalar fields: a 10,000-level nested body does not throw', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 10_000; i++) deep = { a: deep };
    expect(updateIdentity({ update_type: 'message_created', timestamp: 1, message: { body: { mid: deep } }, chat_id: deep } as never)).toMatch(
      /^message_created:/,
    );
  });

  it('stays the same string across versions (a re-delivery is recognised by the ids stored before)', () => {
    // Computed by the earlier createHash('sha256').update(…).digest('base64url') code.
    expect(updateIdentity({ update_type: 'message_created', timestamp: 1, message: { body: { mid: 'mid.000000000001' } } } as never)).toBe(
      'message_created:soQ-liDoeJG7mvMaaiyB98',
    );
    expect(updateIdentity({ update_type: 'message_edited', timestamp: 1, message: { body: { mid: 'mid.1', text: 'Привет' } } } as never)).toBe(
      'message_edited:MYmQ-OgX7xvK7QszakLEWl',
    );
    expect(updateIdentity({ update_type: 'bot_added', timestamp: 1, chat_id: -5, is_channel: true } as never)).toBe('bot_added:-vuk2Kgc6W6VvR1Y6gU3O8');
  });
});
