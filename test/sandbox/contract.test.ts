// Contract test of the sandbox against the MAX Bot API: every endpoint and every
// update type the bot uses, checked as RAW JSON (plain fetch, GET /updates, a
// local webhook receiver) so SDK parsing hides no extra or missing field.
//
// The schemas below are written here from the public description of the API
// (OpenAPI 0.0.32/0.0.33) plus the MAX changelog entries the description does not
// show yet:
//   - Nov 2026: bot_added names nobody (no `user`);
//   - Oct 2026: bot_admin_permissions_changed, only to webhook subscriptions that
//     list it in update_types;
//   - Jun 2026: GET /chats is not served;
//   - 9 Sep 2026: POST /chats/{id}/members is refused to bots;
//   - refusals may come as HTTP 200 {success: false, message, code}.
// They deliberately do not reuse the project's own schemas. Objects whose fields
// the description lists completely are strict, so an extra field fails.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { dialogChatId } from '../../src/sandbox/control.js';
import { startWorld, type World } from './support.js';

// ---- schemas from the description -------------------------------------------------

const int = z.number().int();
/** Unix time in milliseconds. */
const ms = int.min(1_000_000_000_000);
const chatType = z.enum(['chat', 'dialog', 'channel']);
const permission = z.enum([
  'read_all_messages',
  'add_remove_members',
  'add_admins',
  'change_chat_info',
  'pin_message',
  'write',
  'can_call',
  'edit_link',
  'post_edit_delete_message',
  'edit_message',
  'delete_message',
  'edit',
  'delete',
]);

const userShape = {
  user_id: int.positive(),
  first_name: z.string(),
  last_name: z.string().nullable().optional(),
  username: z.string().nullable(),
  is_bot: z.boolean(),
  // Listed as required, but the text says it may be missing when the user hides it.
  last_activity_time: int.min(0).optional(),
  name: z.string().nullable(),
};
const user = z.strictObject(userShape);
const userWithPhotoShape = {
  ...userShape,
  description: z.string().max(16_000).nullable().optional(),
  avatar_url: z.string().optional(),
  full_avatar_url: z.string().optional(),
};
const userWithPhoto = z.strictObject(userWithPhotoShape);
const botCommand = z.strictObject({ name: z.string().min(1).max(64), description: z.string().min(1).max(128).nullable().optional() });
const botInfo = z.strictObject({ ...userWithPhotoShape, commands: z.array(botCommand).max(32).nullable().optional() });
const botCommandsInfo = z.strictObject({ commands: z.array(botCommand).optional() });

const callbackButton = z.looseObject({ type: z.literal('callback'), text: z.string().min(1), payload: z.string().min(1) });
const linkButton = z.looseObject({ type: z.literal('link'), text: z.string().min(1), url: z.string().min(1) });
const otherButton = z.looseObject({ type: z.enum(['request_contact', 'request_geo_location', 'open_app', 'message', 'clipboard']), text: z.string().min(1) });
const button = z.union([callbackButton, linkButton, otherButton]);
const keyboardAttachment = z.strictObject({ type: z.literal('inline_keyboard'), payload: z.strictObject({ buttons: z.array(z.array(button)) }) });
const otherAttachment = z.looseObject({ type: z.enum(['image', 'video', 'audio', 'file', 'sticker', 'contact', 'share', 'location']) });
const attachment = z.union([keyboardAttachment, otherAttachment]);
const markup = z.looseObject({
  type: z.enum(['strong', 'emphasized', 'monospaced', 'link', 'strikethrough', 'underline', 'user_mention', 'heading', 'highlighted', 'quote']),
  from: int.min(0),
  length: int.min(0),
});

const messageBody = z.strictObject({
  mid: z.string().min(1),
  seq: int,
  text: z.string().nullable(),
  // Required (nullable) in the description: a body always says whether it has attachments.
  attachments: z.array(attachment).nullable(),
  markup: z.array(markup).nullable().optional(),
});
const recipient = z.strictObject({
  chat_id: int.nullable(),
  chat_type: chatType,
  user_id: int.nullable(),
  // Not in the description; the official SDK's Recipient type has it (posts of
  // channels). Pinned to null so any other value is noticed.
  post_id: z.null().optional(),
});
const linkedMessage = z.strictObject({
  type: z.enum(['forward', 'reply']),
  sender: user.optional(),
  chat_id: int.optional(),
  message: messageBody,
});
const message = z.strictObject({
  sender: user.optional(),
  recipient,
  timestamp: ms,
  link: linkedMessage.nullable().optional(),
  body: messageBody,
  stat: z.strictObject({ views: int }).nullable().optional(),
  url: z.string().nullable().optional(),
});
const sendMessageResult = z.strictObject({ message });

const chat = z.strictObject({
  chat_id: int,
  type: chatType,
  status: z.enum(['active', 'removed', 'left', 'closed']),
  title: z.string().nullable(),
  icon: z.strictObject({ url: z.string() }).nullable(),
  last_event_time: ms,
  participants_count: int.min(0),
  owner_id: int.nullable().optional(),
  participants: z.record(z.string(), int).nullable().optional(),
  is_public: z.boolean(),
  link: z.string().nullable().optional(),
  description: z.string().nullable(),
  dialog_with_user: userWithPhoto.nullable().optional(),
  messages_count: int.nullable().optional(),
  pinned_message: message.nullable().optional(),
});
const chatMember = z.strictObject({
  ...userWithPhotoShape,
  last_access_time: ms,
  is_owner: z.boolean(),
  is_admin: z.boolean(),
  join_time: ms,
  permissions: z.array(permission).nullable(),
  alias: z.string().optional(),
});
const chatMembersList = z.strictObject({ members: z.array(chatMember), marker: int.nullable().optional() });

const simpleSuccess = z.strictObject({ success: z.literal(true), message: z.string().optional() });
/** A refusal answered with HTTP 200 (code since the changelog). */
const simpleRefusal = z.strictObject({ success: z.literal(false), message: z.string(), code: z.string().min(1) });
const modifyMembersResult = z.strictObject({
  success: z.boolean(),
  message: z.string().optional(),
  failed_user_ids: z.array(int).nullable().optional(),
  failed_user_details: z
    .array(z.strictObject({ error_code: z.enum(['add.participant.privacy', 'add.participant.not.found']), user_ids: z.array(int) }))
    .nullable()
    .optional(),
});
const apiError = z.strictObject({ code: z.string().min(1), message: z.string(), error: z.string().optional() });

const subscription = z.strictObject({ url: z.string().min(1), time: ms, update_types: z.array(z.string()).nullable() });
const subscriptionsResult = z.strictObject({ subscriptions: z.array(subscription) });
const updateList = z.strictObject({ updates: z.array(z.looseObject({ update_type: z.string() })), marker: int.nullable() });

const base = <T extends string>(type: T) => ({ update_type: z.literal(type), timestamp: ms });
const updates = {
  message_created: z.strictObject({ ...base('message_created'), message, user_locale: z.string().nullable().optional() }),
  message_edited: z.strictObject({ ...base('message_edited'), message }),
  message_callback: z.strictObject({
    ...base('message_callback'),
    callback: z.strictObject({ timestamp: ms, callback_id: z.string().min(1), payload: z.string().optional(), user }),
    message: message.nullable(),
    user_locale: z.string().nullable().optional(),
  }),
  bot_started: z.strictObject({
    ...base('bot_started'),
    chat_id: int,
    user,
    payload: z.string().max(512).nullable().optional(),
    user_locale: z.string().optional(),
  }),
  bot_stopped: z.strictObject({ ...base('bot_stopped'), chat_id: int, user, user_locale: z.string().optional() }),
  // Changelog, Nov 2026: nobody is named.
  bot_added: z.strictObject({ ...base('bot_added'), chat_id: int, is_channel: z.boolean(), user_locale: z.string().optional() }),
  bot_removed: z.strictObject({ ...base('bot_removed'), chat_id: int, user, is_channel: z.boolean() }),
  // Changelog, Oct 2026.
  bot_admin_permissions_changed: z.strictObject({
    ...base('bot_admin_permissions_changed'),
    chat_id: int,
    user_id: int.positive(),
    bot_id: int.positive(),
    is_channel: z.boolean(),
    is_admin: z.boolean(),
    permissions: z.array(permission).nullable(),
  }),
  user_added: z.strictObject({ ...base('user_added'), chat_id: int, user, inviter_id: int.nullable().optional(), is_channel: z.boolean() }),
  // admin_id: typed int64, but described as null when the user left on their own.
  user_removed: z.strictObject({ ...base('user_removed'), chat_id: int, user, admin_id: int.nullable().optional(), is_channel: z.boolean() }),
  chat_title_changed: z.strictObject({ ...base('chat_title_changed'), chat_id: int, user, title: z.string() }),
};
type HandledType = keyof typeof updates;

// ---- plumbing -------------------------------------------------------------------

function expectShape<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) {
    throw new Error(`${what} does not match the MAX API description:\n${z.prettifyError(result.error)}\nvalue: ${JSON.stringify(value, null, 2)}`);
  }
  return result.data;
}

interface RawAnswer {
  status: number;
  json: unknown;
}

type Auth = 'header' | 'query' | 'none';

/** A Bot API call with plain fetch; the token goes in the Authorization header unless `auth` says otherwise. */
async function raw(
  world: World,
  method: string,
  path: string,
  opts: { query?: Record<string, string | number | boolean>; body?: unknown; auth?: Auth } = {},
): Promise<RawAnswer> {
  const url = new URL(path, world.sandbox.url);
  for (const [key, value] of Object.entries(opts.query ?? {})) url.searchParams.set(key, String(value));
  const headers: Record<string, string> = {};
  const auth = opts.auth ?? 'header';
  if (auth === 'header') headers['authorization'] = world.sandbox.token;
  if (auth === 'query') url.searchParams.set('access_token', world.sandbox.token);
  const init: RequestInit = { method, headers };
  if (opts.body !== undefined) {
    headers['content-type'] = 'application/json';
    init.body = JSON.stringify(opts.body);
  }
  const res = await fetch(url, init);
  const text = await res.text();
  return { status: res.status, json: text === '' ? undefined : (JSON.parse(text) as unknown) };
}

/** A 200 answer validated with `schema`. */
async function ok<S extends z.ZodType>(world: World, schema: S, method: string, path: string, opts: Parameters<typeof raw>[3] = {}): Promise<z.output<S>> {
  const answer = await raw(world, method, path, opts);
  expect(answer.status, `${method} ${path}: ${JSON.stringify(answer.json)}`).toBe(200);
  return expectShape(schema, answer.json, `${method} ${path}`);
}

/** An error answer: the expected status and `{code, message}` with the expected code. */
async function failure(world: World, status: number, code: string, method: string, path: string, opts: Parameters<typeof raw>[3] = {}): Promise<void> {
  const answer = await raw(world, method, path, opts);
  expect(answer.status, `${method} ${path}: ${JSON.stringify(answer.json)}`).toBe(status);
  expect(expectShape(apiError, answer.json, `${method} ${path} error`).code).toBe(code);
}

/** The raw GET /updates feed; each poll commits what the previous one returned. */
function rawFeed(world: World) {
  let marker: number | null = null;
  const poll = async (): Promise<{ update_type: string }[]> => {
    const list = await ok(world, updateList, 'GET', '/updates', { query: marker === null ? { timeout: 0 } : { timeout: 0, marker } });
    if (list.marker !== null) marker = list.marker;
    return list.updates;
  };
  return {
    poll,
    /** Polls and validates every update of `type` (at least one must come); other types are skipped. */
    async take<T extends HandledType>(type: T): Promise<z.output<(typeof updates)[T]>[]> {
      const got = (await poll()).filter((u) => u.update_type === type);
      expect(got.length, `no ${type} update in GET /updates`).toBeGreaterThan(0);
      return got.map((u, i) => expectShape(updates[type], u, `${type} update #${i}`) as z.output<(typeof updates)[T]>);
    },
  };
}

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

/** A local webhook endpoint that records the raw JSON bodies it gets. */
async function receiver(): Promise<{ url: string; bodies: unknown[] }> {
  const rx = { url: '', bodies: [] as unknown[] };
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      rx.bodies.push(JSON.parse(body) as unknown);
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  servers.push(server);
  rx.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return rx;
}

async function until(check: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

const TEACHER = 1;
const HEAD = 2;
const PARENTS = [3, 4, 5, 6];

/** A class chat: the teacher owns it, HEAD is an admin, four parents; the bot is an admin with its default rights. */
async function classChat(world: World): Promise<number> {
  const { control } = world;
  await control.createUser({ user_id: TEACHER, first_name: 'Анна', last_name: 'Учитель', username: 'anna' });
  await control.createUser({ user_id: HEAD, first_name: 'Борис' });
  for (const id of PARENTS) await control.createUser({ user_id: id, first_name: `Родитель ${id}` });
  const { chat_id } = await control.createChat({ title: '5А класс', owner_id: TEACHER, members: [HEAD, ...PARENTS] });
  await control.setAdmin(chat_id, HEAD, { by: TEACHER });
  await control.addBot(chat_id, { by: TEACHER });
  return chat_id;
}

const keyboard = {
  type: 'inline_keyboard',
  payload: {
    buttons: [
      [{ type: 'callback', text: 'Да', payload: 'yes' }],
      [{ type: 'link', text: 'Сайт школы', url: 'https://example.org/school' }],
    ],
  },
};

// ---- the contract ---------------------------------------------------------------

describe('sandbox contract with the MAX Bot API description', () => {
  it('the schemas themselves reject what the description rules out', () => {
    const valid = { update_type: 'bot_added', timestamp: Date.now(), chat_id: -1, is_channel: false };
    expect(updates.bot_added.safeParse(valid).success).toBe(true);
    const named = { ...valid, user: { user_id: 1, first_name: 'А', username: null, is_bot: false, last_activity_time: 0, name: 'А' } };
    expect(updates.bot_added.safeParse(named).success).toBe(false);
    expect(apiError.safeParse({ message: 'no code' }).success).toBe(false);
    expect(updates.message_created.safeParse({ update_type: 'message_created', timestamp: 5, message: {} }).success).toBe(false);
  });

  it('takes the token only from the Authorization header (401 verify.token otherwise)', async () => {
    const world = await startWorld();
    await failure(world, 401, 'verify.token', 'GET', '/me', { auth: 'query' });
    await failure(world, 401, 'verify.token', 'GET', '/me', { auth: 'none' });
    await failure(world, 401, 'verify.token', 'GET', '/updates', { auth: 'query', query: { timeout: 0 } });
    await ok(world, botInfo, 'GET', '/me');
  });

  it('GET /me and PATCH /me/commands', async () => {
    const world = await startWorld();
    const me = await ok(world, botInfo, 'GET', '/me');
    expect(me).toMatchObject({ user_id: world.sandbox.botUserId, is_bot: true, username: world.sandbox.botUsername });
    const commands = [{ name: 'start', description: 'Начать' }, { name: 'help' }];
    const set = await ok(world, botCommandsInfo, 'PATCH', '/me/commands', { body: { commands } });
    expect(set.commands).toEqual(commands);
    expect((await ok(world, botInfo, 'GET', '/me')).commands).toEqual(commands);
  });

  it('GET /updates: UpdateList with a marker that commits', async () => {
    const world = await startWorld();
    await world.control.sendText(11, 'раз');
    const first = await ok(world, updateList, 'GET', '/updates', { query: { timeout: 0 } });
    expect(first.updates.map((u) => u.update_type)).toEqual(['message_created']);
    expect(first.marker).not.toBeNull();
    const second = await ok(world, updateList, 'GET', '/updates', { query: { timeout: 0, marker: first.marker ?? 0 } });
    expect(second.updates).toEqual([]);
  });

  it('/subscriptions: POST, GET and DELETE', async () => {
    const world = await startWorld();
    const rx = await receiver();
    const created = await ok(world, simpleSuccess, 'POST', '/subscriptions', {
      body: { url: rx.url, update_types: ['message_created', 'bot_added'], secret: 'secret_123' },
    });
    expect(created.success).toBe(true);
    const list = await ok(world, subscriptionsResult, 'GET', '/subscriptions');
    expect(list.subscriptions).toEqual([{ url: rx.url, time: expect.any(Number), update_types: ['message_created', 'bot_added'] }]);
    await failure(world, 400, 'bad.request', 'POST', '/subscriptions', { body: { url: rx.url, secret: 'bad secret!' } });
    await ok(world, simpleSuccess, 'DELETE', '/subscriptions', { query: { url: rx.url } });
    expect((await ok(world, subscriptionsResult, 'GET', '/subscriptions')).subscriptions).toEqual([]);
  });

  it('POST /messages to a user and to a chat, with callback and link buttons', async () => {
    const world = await startWorld();
    const chatId = await classChat(world);
    const toUser = await ok(world, sendMessageResult, 'POST', '/messages', {
      query: { user_id: PARENTS[0] ?? 0 },
      body: { text: 'Придёте на собрание?', attachments: [keyboard], link: null, format: 'markdown' },
    });
    expect(toUser.message.sender).toMatchObject({ user_id: world.sandbox.botUserId, is_bot: true });
    expect(toUser.message.recipient).toMatchObject({ chat_id: dialogChatId(PARENTS[0] ?? 0), chat_type: 'dialog', user_id: PARENTS[0] });
    expect(toUser.message.body.attachments).toEqual([keyboard]);

    const toChat = await ok(world, sendMessageResult, 'POST', '/messages', { query: { chat_id: chatId }, body: { text: 'Всем привет', attachments: null, link: null } });
    expect(toChat.message.recipient).toMatchObject({ chat_id: chatId, chat_type: 'chat' });
    expect(toChat.message.body.text).toBe('Всем привет');

    const reply = await ok(world, sendMessageResult, 'POST', '/messages', {
      query: { chat_id: chatId },
      body: { text: 'Ответ', attachments: null, link: { type: 'reply', mid: toChat.message.body.mid } },
    });
    expect(reply.message.link).toMatchObject({ type: 'reply', message: { mid: toChat.message.body.mid } });

    await failure(world, 400, 'bad.request', 'POST', '/messages', { body: { text: 'без адресата' } });
    await failure(world, 404, 'not.found', 'POST', '/messages', { query: { chat_id: -123 }, body: { text: 'в никуда' } });
  });

  it('PUT /messages and DELETE /messages', async () => {
    const world = await startWorld();
    await world.control.createUser({ user_id: 20, first_name: 'Вера' });
    const sent = await ok(world, sendMessageResult, 'POST', '/messages', { query: { user_id: 20 }, body: { text: 'черновик', attachments: [keyboard] } });
    const mid = sent.message.body.mid;
    await ok(world, simpleSuccess, 'PUT', '/messages', { query: { message_id: mid }, body: { text: 'исправлено', attachments: [] } });
    const [view] = await world.control.botMessagesTo(20);
    expect(view).toMatchObject({ text: 'исправлено', buttons: [] });
    await ok(world, simpleSuccess, 'DELETE', '/messages', { query: { message_id: mid } });
    await failure(world, 404, 'not.found', 'PUT', '/messages', { query: { message_id: mid }, body: { text: 'поздно' } });
    await failure(world, 404, 'not.found', 'DELETE', '/messages', { query: { message_id: mid } });
  });

  it('POST /answers', async () => {
    const world = await startWorld();
    await world.control.createUser({ user_id: 21, first_name: 'Глеб' });
    const sent = await ok(world, sendMessageResult, 'POST', '/messages', { query: { user_id: 21 }, body: { text: 'Вопрос', attachments: [keyboard] } });
    const { callback_id } = await world.control.press(21, sent.message.body.mid, 'yes');
    await ok(world, simpleSuccess, 'POST', '/answers', { query: { callback_id }, body: { notification: 'Спасибо' } });
    await ok(world, simpleSuccess, 'POST', '/answers', { query: { callback_id }, body: { message: { text: 'Ответ принят', attachments: [] } } });
    await failure(world, 404, 'not.found', 'POST', '/answers', { query: { callback_id: 'cb.unknown' }, body: { notification: 'x' } });
  });

  it('a refusal with HTTP 200 is {success: false, message, code}', async () => {
    const world = await startWorld();
    const chatId = await classChat(world);
    await world.control.fault({ method: 'DELETE', path: `/chats/${chatId}/members/me`, status: 200, code: 'chat.not.left' });
    const refusal = await ok(world, simpleRefusal, 'DELETE', `/chats/${chatId}/members/me`);
    expect(refusal.code).toBe('chat.not.left');
    // The refusal was not applied.
    await ok(world, chat, 'GET', `/chats/${chatId}`);
  });

  it('GET /chats is not served (404 method.not.supported)', async () => {
    const world = await startWorld();
    await classChat(world);
    await failure(world, 404, 'method.not.supported', 'GET', '/chats');
  });

  it('GET /chats/{id}: a group chat (with its pin) and a dialog; PUT /chats/{id}/pin', async () => {
    const world = await startWorld();
    const chatId = await classChat(world);
    const group = await ok(world, chat, 'GET', `/chats/${chatId}`);
    expect(group).toMatchObject({ chat_id: chatId, type: 'chat', status: 'active', title: '5А класс', owner_id: TEACHER, participants_count: 7 });
    expect(group.pinned_message ?? null).toBeNull();

    const sent = await ok(world, sendMessageResult, 'POST', '/messages', { query: { chat_id: chatId }, body: { text: 'Расписание' } });
    await ok(world, simpleSuccess, 'PUT', `/chats/${chatId}/pin`, { body: { message_id: sent.message.body.mid, notify: false } });
    const pinned = await ok(world, chat, 'GET', `/chats/${chatId}`);
    expect(pinned.pinned_message?.body.mid).toBe(sent.message.body.mid);
    await failure(world, 404, 'not.found', 'PUT', `/chats/${chatId}/pin`, { body: { message_id: 'mid.000000999999' } });

    await world.control.startBot(30);
    const dialog = await ok(world, chat, 'GET', `/chats/${dialogChatId(30)}`);
    expect(dialog).toMatchObject({ type: 'dialog', dialog_with_user: { user_id: 30 } });
    await failure(world, 404, 'not.found', 'GET', '/chats/-424242');
  });

  it('GET /chats/{id}/members: count/marker paging and user_ids', async () => {
    const world = await startWorld();
    const chatId = await classChat(world);
    const seen: number[] = [];
    let marker: number | null | undefined;
    let pages = 0;
    do {
      const query: Record<string, number> = marker == null ? { count: 3 } : { count: 3, marker };
      const page = await ok(world, chatMembersList, 'GET', `/chats/${chatId}/members`, { query });
      expect(page.members.length).toBeLessThanOrEqual(3);
      seen.push(...page.members.map((m) => m.user_id));
      marker = page.marker;
      pages++;
    } while (marker != null && pages < 10);
    expect(pages).toBe(3);
    expect(seen.sort((a, b) => a - b)).toEqual([TEACHER, HEAD, ...PARENTS, world.sandbox.botUserId].sort((a, b) => a - b));

    const picked = await ok(world, chatMembersList, 'GET', `/chats/${chatId}/members`, { query: { user_ids: `${HEAD},${PARENTS[1]}` } });
    expect(picked.members.map((m) => m.user_id).sort()).toEqual([HEAD, PARENTS[1]].sort());
    const parent = picked.members.find((m) => m.user_id === PARENTS[1]);
    expect(parent).toMatchObject({ is_owner: false, is_admin: false, is_bot: false });
    await failure(world, 400, 'bad.request', 'GET', `/chats/${chatId}/members`, { query: { count: 0 } });
  });

  it('GET /chats/{id}/members/admins reports the owner and the admins', async () => {
    const world = await startWorld();
    const chatId = await classChat(world);
    const { members } = await ok(world, chatMembersList, 'GET', `/chats/${chatId}/members/admins`);
    const byId = new Map(members.map((m) => [m.user_id, m]));
    expect(byId.get(TEACHER)).toMatchObject({ is_owner: true, is_admin: true });
    expect(byId.get(HEAD)).toMatchObject({ is_owner: false, is_admin: true, permissions: expect.any(Array) });
    for (const id of PARENTS) expect(byId.has(id)).toBe(false);
    for (const m of members) expect(m.is_admin).toBe(true);
  });

  it('GET and DELETE /chats/{id}/members/me', async () => {
    const world = await startWorld();
    const chatId = await classChat(world);
    const me = await ok(world, chatMember, 'GET', `/chats/${chatId}/members/me`);
    expect(me).toMatchObject({ user_id: world.sandbox.botUserId, is_bot: true, is_owner: false, is_admin: true });
    expect(me.permissions).toEqual(expect.arrayContaining(['read_all_messages', 'add_remove_members', 'pin_message']));
    await ok(world, simpleSuccess, 'DELETE', `/chats/${chatId}/members/me`);
    await failure(world, 404, 'not.found', 'GET', `/chats/${chatId}/members/me`);
  });

  it('POST /chats/{id}/members: 403 method.restricted unless the chat allows it', async () => {
    const world = await startWorld();
    const chatId = await classChat(world);
    await world.control.createUser({ user_id: 40, first_name: 'Дина' });
    await world.control.createUser({ user_id: 41, first_name: 'Ева' });
    await world.control.setUserPrivacy(41, { refuseAdd: true });
    await failure(world, 403, 'method.restricted', 'POST', `/chats/${chatId}/members`, { body: { user_ids: [40] } });

    await world.control.setChat(chatId, { addAllowed: true });
    const added = await ok(world, modifyMembersResult, 'POST', `/chats/${chatId}/members`, { body: { user_ids: [40] } });
    expect(added.success).toBe(true);
    const partly = await ok(world, modifyMembersResult, 'POST', `/chats/${chatId}/members`, { body: { user_ids: [41, 999] } });
    expect(partly.failed_user_details).toEqual([
      { error_code: 'add.participant.privacy', user_ids: [41] },
      { error_code: 'add.participant.not.found', user_ids: [999] },
    ]);
  });

  it('DELETE /chats/{id}/members', async () => {
    const world = await startWorld();
    const chatId = await classChat(world);
    await ok(world, simpleSuccess, 'DELETE', `/chats/${chatId}/members`, { query: { user_id: PARENTS[3] ?? 0 } });
    await failure(world, 404, 'not.found', 'DELETE', `/chats/${chatId}/members`, { query: { user_id: PARENTS[3] ?? 0 } });
    await failure(world, 403, 'chat.denied', 'DELETE', `/chats/${chatId}/members`, { query: { user_id: TEACHER } });
  });

  // ---- updates ----------------------------------------------------------------------

  it('update message_created (dialog and group chat)', async () => {
    const world = await startWorld();
    const feed = rawFeed(world);
    const chatId = await classChat(world);
    await world.control.sendText(50, 'Здравствуйте');
    await world.control.sendChatText(chatId, PARENTS[0] ?? 0, 'Всем привет');
    const got = await feed.take('message_created');
    expect(got.map((u) => u.message.recipient.chat_type)).toEqual(['dialog', 'chat']);
    expect(got[0]?.message).toMatchObject({ sender: { user_id: 50 }, recipient: { chat_id: dialogChatId(50), user_id: world.sandbox.botUserId } });
    expect(got[1]?.message).toMatchObject({ sender: { user_id: PARENTS[0] }, recipient: { chat_id: chatId } });
  });

  it('update message_edited', async () => {
    const world = await startWorld();
    const feed = rawFeed(world);
    const { mid } = await world.control.sendText(51, 'было');
    await world.control.editText(51, mid, 'стало');
    const [edited] = await feed.take('message_edited');
    expect(edited?.message.body).toMatchObject({ mid, text: 'стало' });
  });

  it('update message_callback', async () => {
    const world = await startWorld();
    await world.control.createUser({ user_id: 52, first_name: 'Жанна' });
    const feed = rawFeed(world);
    const sent = await ok(world, sendMessageResult, 'POST', '/messages', { query: { user_id: 52 }, body: { text: 'Вопрос', attachments: [keyboard] } });
    const { callback_id } = await world.control.press(52, sent.message.body.mid, 'yes');
    const [cb] = await feed.take('message_callback');
    expect(cb?.callback).toMatchObject({ callback_id, payload: 'yes', user: { user_id: 52 } });
    expect(cb?.message?.body.mid).toBe(sent.message.body.mid);
  });

  it('updates bot_started and bot_stopped', async () => {
    const world = await startWorld();
    const feed = rawFeed(world);
    await world.control.startBot(53, 'class-5a');
    const [started] = await feed.take('bot_started');
    expect(started).toMatchObject({ chat_id: dialogChatId(53), user: { user_id: 53 }, payload: 'class-5a' });
    await world.control.stopBot(53);
    const [stopped] = await feed.take('bot_stopped');
    expect(stopped).toMatchObject({ chat_id: dialogChatId(53), user: { user_id: 53 } });
  });

  it('update bot_added names nobody; bot_removed names who removed the bot', async () => {
    const world = await startWorld();
    const feed = rawFeed(world);
    const chatId = await classChat(world);
    const [added] = await feed.take('bot_added');
    expect(added).toMatchObject({ chat_id: chatId, is_channel: false });
    expect(added).not.toHaveProperty('user');
    await world.control.removeBot(chatId, HEAD);
    const [removed] = await feed.take('bot_removed');
    expect(removed).toMatchObject({ chat_id: chatId, user: { user_id: HEAD }, is_channel: false });
  });

  it('updates user_added (by a member, via link, by the bot) and user_removed (by an admin, on their own, by the bot)', async () => {
    const world = await startWorld();
    const feed = rawFeed(world);
    const chatId = await classChat(world);
    await world.control.setChat(chatId, { link: 'https://max.ru/join/5a', addAllowed: true });
    await world.control.addMember(chatId, 60, { by: HEAD });
    await world.control.addMember(chatId, 61, { viaLink: true });
    await world.control.createUser({ user_id: 62, first_name: 'Зоя' });
    await ok(world, modifyMembersResult, 'POST', `/chats/${chatId}/members`, { body: { user_ids: [62] } });
    const added = await feed.take('user_added');
    expect(added.map((u) => [u.user.user_id, u.inviter_id])).toEqual([
      [60, HEAD],
      [61, null],
      [62, world.sandbox.botUserId],
    ]);

    await world.control.removeMember(chatId, 60, { by: TEACHER });
    await world.control.removeMember(chatId, 61);
    await ok(world, simpleSuccess, 'DELETE', `/chats/${chatId}/members`, { query: { user_id: 62 } });
    const removed = await feed.take('user_removed');
    expect(removed.map((u) => [u.user.user_id, u.admin_id ?? null])).toEqual([
      [60, TEACHER],
      [61, null],
      [62, world.sandbox.botUserId],
    ]);
  });

  it('update chat_title_changed', async () => {
    const world = await startWorld();
    const feed = rawFeed(world);
    const chatId = await classChat(world);
    await world.control.renameChat(chatId, '5А класс 2026', HEAD);
    const [renamed] = await feed.take('chat_title_changed');
    expect(renamed).toMatchObject({ chat_id: chatId, user: { user_id: HEAD }, title: '5А класс 2026' });
  });

  it('update bot_admin_permissions_changed: to a webhook that lists it, never through GET /updates', async () => {
    const world = await startWorld();
    const chatId = await classChat(world);
    const feed = rawFeed(world);

    // Long polling: not delivered, not even when asked for by name.
    await world.control.setBotPermissions(chatId, ['read_all_messages', 'pin_message'], { by: HEAD });
    const polled = await ok(world, updateList, 'GET', '/updates', { query: { timeout: 0, types: 'bot_admin_permissions_changed' } });
    expect(polled.updates).toEqual([]);
    expect((await feed.poll()).map((u) => u.update_type)).not.toContain('bot_admin_permissions_changed');

    // A subscription without update_types does not get it either.
    const plain = await receiver();
    await ok(world, simpleSuccess, 'POST', '/subscriptions', { body: { url: plain.url } });
    const rx = await receiver();
    await ok(world, simpleSuccess, 'POST', '/subscriptions', { body: { url: rx.url, update_types: ['bot_admin_permissions_changed'] } });
    await world.control.setBotPermissions(chatId, ['read_all_messages', 'pin_message', 'write'], { by: HEAD });
    await world.control.setBotPermissions(chatId, null);
    await world.control.renameChat(chatId, 'маркер', TEACHER);
    await until(() => rx.bodies.length === 2, 'two bot_admin_permissions_changed deliveries');
    await until(() => plain.bodies.length === 1, 'chat_title_changed to the plain subscription');
    expect(plain.bodies.map((b) => (b as { update_type: string }).update_type)).toEqual(['chat_title_changed']);

    const [granted, revoked] = rx.bodies.map((b, i) => expectShape(updates.bot_admin_permissions_changed, b, `bot_admin_permissions_changed #${i}`));
    expect(granted).toMatchObject({
      chat_id: chatId,
      user_id: HEAD,
      bot_id: world.sandbox.botUserId,
      is_channel: false,
      is_admin: true,
      permissions: ['read_all_messages', 'pin_message', 'write'],
    });
    expect(revoked).toMatchObject({ chat_id: chatId, user_id: TEACHER, is_admin: false, permissions: null });
  });
});
