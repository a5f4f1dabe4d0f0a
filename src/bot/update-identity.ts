// The identity of an incoming update, for de-duplication: built from what MAX
// guarantees to identify an event, never from the whole JSON (a re-delivery may
// differ in `timestamp` or `sender.last_activity_time`, and the whole body may be
// too deep to serialise at all).
//   message_created / message_removed  → the message id (`mid`)
//   message_edited                     → the message id and a digest of the new text
//                                        (one message can be edited many times)
//   message_callback                   → `callback_id`
//   other types                        → type, chat, user, timestamp and the type's own fields
// Only short scalar fields are read, so no input shape (however deep) can make
// this throw or recurse.
import { hash } from 'node:crypto';

type Loose = Record<string, unknown>;

// The one-shot hash (the same SHA-256 as createHash().update().digest()): every update is
// identified, and a Hash object per update cost ~1.5 µs more (issue 23).
const digest = (parts: Array<string | number>): string => hash('sha256', parts.join('\u0000'), 'base64url').slice(0, 22);

function obj(v: unknown): Loose | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Loose) : undefined;
}

/** A short scalar field: a string of bounded length or a finite number; anything else is absent. */
function scalar(v: unknown, maxLength = 1024): string | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (typeof v === 'string' && v.length <= maxLength) return v;
  return undefined;
}

export function updateIdentity(update: { update_type: string; timestamp: number }): string {
  const u = update as unknown as Loose;
  const type = update.update_type;
  const message = obj(u.message);
  const body = obj(message?.body);
  switch (type) {
    case 'message_created':
    case 'message_removed': {
      const mid = scalar(body?.mid, 256) ?? scalar(u.message_id, 256);
      if (mid !== undefined) return `${type}:${digest([mid])}`;
      break;
    }
    case 'message_edited': {
      const mid = scalar(body?.mid, 256);
      const text = typeof body?.text === 'string' ? body.text : '';
      if (mid !== undefined) return `${type}:${digest([mid, text])}`;
      break;
    }
    case 'message_callback': {
      const id = scalar(obj(u.callback)?.callback_id, 1024);
      if (id !== undefined) return `${type}:${digest([id])}`;
      break;
    }
  }
  // Events without an id of their own: what happened, where, to whom, when.
  const fields = [
    type,
    scalar(u.timestamp) ?? '',
    scalar(u.chat_id) ?? '',
    scalar(obj(u.user)?.user_id) ?? scalar(u.user_id) ?? '',
    scalar(u.inviter_id) ?? '',
    scalar(u.admin_id) ?? '',
    scalar(u.payload) ?? '',
    scalar(u.title) ?? '',
    scalar(u.is_channel === true ? 1 : 0),
    scalar(body?.mid, 256) ?? '',
    scalar(obj(u.callback)?.callback_id) ?? '',
  ].map((f) => f ?? '');
  return `${type}:${digest(fields)}`;
}
