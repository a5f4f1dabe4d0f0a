// Contract test of the sandbox against the MAX Bot API: every endpoint and every
// update type the bot uses, checked as RAW JSON (plain fetch, GET /updates, a
// local webhook receiver) so SDK parsing hides no extra or missing field.
//
// The shapes come from MAX's official description, vendored unmodified in
// vendor/max-api-schema/schema.yaml, plus the dated changelog patches of
// test/support/max-schema.ts (bot_added names nobody, a refusal with HTTP 200
// carries a code, a voice message has no `message`, …). Objects are closed: a
// field the description does not list fails. Every exchange of these tests is
// also checked by the sandbox observer (test/sandbox/support.ts).
//
// What the description cannot express stays here as assertions: which status and
// code a refusal has, GET /chats not served (June 2026), POST /chats/{id}/members
// refused to bots (9 September 2026), bot_admin_permissions_changed only to webhooks
// that ask for it (October 2026), paging, markers and who is named in an update.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { dialogChatId } from '../../src/sandbox/control.js';
import { MaxContract } from '../support/max-contract.js';
import { startWorld, type World } from './support.js';

// ---- shapes from the description --------------------------------------------------

const contract = await MaxContract.load();

/** Parsed JSON the description has already vouched for; typed loosely for the assertions. */
// biome-ignore lint/suspicious/noExplicitAny: parsed JSON of any shape, read by path in the assertions
type Json = any;

/** A component schema of the description, with an extra check where the test wants more. */
interface Shape {
  name: string;
  extra?: (value: Json) => void;
}

const botInfo: Shape = { name: 'BotInfo' };
const botCommandsInfo: Shape = { name: 'BotCommandsInfo' };
const updateList: Shape = { name: 'UpdateList' };
const subscriptionsResult: Shape = { name: 'GetSubscriptionsResult' };
const sendMessageResult: Shape = { name: 'SendMessageResult' };
const chat: Shape = { name: 'Chat' };
const chatMember: Shape = { name: 'ChatMember' };
const chatMembersList: Shape = { name: 'ChatMembersList' };
const modifyMembersResult: Shape = { name: 'ModifyMembersResult' };
const simpleSuccess: Shape = { name: 'SimpleQueryResult', extra: (v) => expect(v.success).toBe(true) };
/** A refusal answered with HTTP 200 (code since the changelog). */
const simpleRefusal: Shape = {
  name: 'SimpleQueryResult',
  extra: (v) => expect(v).toMatchObject({ success: false, message: expect.any(String), code: expect.any(String) }),
};

type HandledType =
  | 'message_created'
  | 'message_edited'
  | 'message_callback'
  | 'bot_started'
  | 'bot_stopped'
  | 'bot_added'
  | 'bot_removed'
  | 'bot_admin_permissions_changed'
  | 'user_added'
  | 'user_removed'
  | 'chat_title_changed';

// ---- plumbing -------------------------------------------------------------------

function expectShape(shape: Shape, value: unknown, what: string): Json {
  const errors = contract.checkSchema(shape.name, value);
  if (errors.length > 0) {
    throw new Error(`${what} does not match ${shape.name} of the MAX API description:\n${errors.join('\n')}\nvalue: ${JSON.stringify(value, null, 2)}`);
  }
  shape.extra?.(value);
  return value;
}

function expectUpdate(value: unknown, what: string): Json {
  const violations = contract.checkUpdate(value, 'webhook');
  if (violations.length > 0)
    throw new Error(
      `${what} does not match the MAX API description:\n${violations.flatMap((v) => v.errors).join('\n')}\nvalue: ${JSON.stringify(value, null, 2)}`,
    );
  return value;
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

/** A 200 answer validated with `shape`. */
async function ok(world: World, shape: Shape, method: string, path: string, opts: Parameters<typeof raw>[3] = {}): Promise<Json> {
  const answer = await raw(world, method, path, opts);
  expect(answer.status, `${method} ${path}: ${JSON.stringify(answer.json)}`).toBe(200);
  return expectShape(shape, answer.json, `${method} ${path}`);
}

/** An error answer: the expected status and `{code, message}` with the expected code. */
async function failure(world: World, status: number, code: string, method: string, path: string, opts: Parameters<typeof raw>[3] = {}): Promise<void> {
  const answer = await raw(world, method, path, opts);
  expect(answer.status, `${method} ${path}: ${JSON.stringify(answer.json)}`).toBe(status);
  expect(expectShape({ name: 'Error' }, answer.json, `${method} ${path} error`).code).toBe(code);
}

/** The raw GET /updates feed; each poll commits what the previous one returned. */
function rawFeed(world: World) {
  let marker: number | null = null;
  const poll = async (): Promise<Json[]> => {
    const list = await ok(world, updateList, 'GET', '/updates', { query: marker === null ? { timeout: 0 } : { timeout: 0, marker } });
    if (list.marker !== null) marker = list.marker;
    return list.updates;
  };
  return {
    poll,
    /** Polls and validates every update of `type` (at least one must come); other types are skipped. */
    async take(type: HandledType): Promise<Json[]> {
      const got = (await poll()).filter((u) => u.update_type === type);
      expect(got.length, `no ${type} update in GET /updates`).toBeGreaterThan(0);
      return got.map((u, i) => expectUpdate(u, `${type} update #${i}`));
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
    buttons: [[{ type: 'callback', text: 'Да', payload: 'yes' }], [{ type: 'link', text: 'Сайт школы', url: 'https://example.org/school' }]],
  },
};

// ---- the contract ---------------------------------------------------------------

describe('sandbox contract with the MAX Bot API description', () => {
  it('the description (with its patches) rejects what MAX rules out', () => {
    const valid = { update_type: 'bot_added', timestamp: Date.now(), chat_id: -1, is_channel: false };
    expect(contract.checkUpdate(valid, 'webhook')).toEqual([]);
    const user = { user_id: 1, first_name: 'А', username: null, is_bot: false, last_activity_time: 0, name: 'А' };
    expect(contract.checkUpdate({ ...valid, user }, 'webhook')).not.toEqual([]);
    expect(contract.checkSchema('Error', { message: 'no code' })).not.toEqual([]);
    // A voice message: no `message` at all is what MAX sends; an empty one is not.
    expect(contract.checkUpdate({ update_type: 'message_created', timestamp: 5 }, 'webhook')).toEqual([]);
    expect(contract.checkUpdate({ update_type: 'message_created', timestamp: 5, message: {} }, 'webhook')).not.toEqual([]);
    expect(contract.checkUpdate({ update_type: 'comment_posted', timestamp: 5 }, 'webhook')).not.toEqual([]);
    // Right names the description no longer lists.
    const member = { ...user, last_access_time: 1, is_owner: false, is_admin: true, join_time: 1 };
    expect(contract.checkSchema('ChatMember', { ...member, permissions: ['write', 'pin_message'] })).toEqual([]);
    expect(contract.checkSchema('ChatMember', { ...member, permissions: ['delete_message'] })).not.toEqual([]);
    expect(contract.checkSchema('ChatMember', { ...member, permissions: null, nickname: 'x' })).not.toEqual([]);
    // A request the description rules out, answered with success, is the sandbox's fault.
    const exchange = { method: 'POST', path: '/messages', query: 'user_id=5', headers: {}, status: 200 };
    const sent = { message: { recipient: { chat_type: 'dialog', chat_id: 1, user_id: 5 }, timestamp: 1, body: { mid: 'mid.1', seq: 1, text: 'x' } } };
    expect(contract.checkExchange({ ...exchange, requestBody: { text: 'x' }, responseBody: sent })).toEqual([]);
    expect(contract.checkExchange({ ...exchange, requestBody: { text: 'x'.repeat(4001) }, responseBody: sent }).map((v) => v.kind)).toEqual(['request']);
    expect(
      contract.checkExchange({ ...exchange, requestBody: { text: 'x'.repeat(4001) }, status: 400, responseBody: { code: 'bad.request', message: 'too long' } }),
    ).toEqual([]);
    // bot_admin_permissions_changed never comes through GET /updates (October 2026).
    const rights = {
      update_type: 'bot_admin_permissions_changed',
      timestamp: 1,
      chat_id: -1,
      user_id: 1,
      bot_id: 2,
      is_channel: false,
      is_admin: true,
      permissions: null,
    };
    expect(contract.checkUpdate(rights, 'webhook')).toEqual([]);
    const polled = {
      method: 'GET',
      path: '/updates',
      query: 'timeout=0',
      headers: {},
      requestBody: undefined,
      status: 200,
      responseBody: { updates: [rights], marker: 2 },
    };
    expect(contract.checkExchange(polled).map((v) => v.kind)).toEqual(['update']);
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
    expect(first.updates.map((u: Json) => u.update_type)).toEqual(['message_created']);
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

    const toChat = await ok(world, sendMessageResult, 'POST', '/messages', {
      query: { chat_id: chatId },
      body: { text: 'Всем привет', attachments: null, link: null },
    });
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
      seen.push(...page.members.map((m: Json) => m.user_id));
      marker = page.marker;
      pages++;
    } while (marker != null && pages < 10);
    expect(pages).toBe(3);
    expect(seen.sort((a, b) => a - b)).toEqual([TEACHER, HEAD, ...PARENTS, world.sandbox.botUserId].sort((a, b) => a - b));

    const picked = await ok(world, chatMembersList, 'GET', `/chats/${chatId}/members`, { query: { user_ids: `${HEAD},${PARENTS[1]}` } });
    expect(picked.members.map((m: Json) => m.user_id).sort()).toEqual([HEAD, PARENTS[1]].sort());
    const parent = picked.members.find((m: Json) => m.user_id === PARENTS[1]);
    expect(parent).toMatchObject({ is_owner: false, is_admin: false, is_bot: false });
    await failure(world, 400, 'bad.request', 'GET', `/chats/${chatId}/members`, { query: { count: 0 } });
  });

  it('GET /chats/{id}/members/admins reports the owner and the admins', async () => {
    const world = await startWorld();
    const chatId = await classChat(world);
    const { members } = await ok(world, chatMembersList, 'GET', `/chats/${chatId}/members/admins`);
    const byId = new Map(members.map((m: Json): [number, Json] => [m.user_id, m]));
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

    const [granted, revoked] = rx.bodies.map((b, i) => expectUpdate(b, `bot_admin_permissions_changed #${i}`));
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
