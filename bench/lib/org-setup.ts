// The organisation the bench measures: units, curators and members written through
// the bot's own stores (same keys, same JSON, same indexes as the join flow leaves),
// and chats bound through the sandbox the way a curator binds them.
import { createHash } from 'node:crypto';
import { Redis } from 'ioredis';
import { CHAT_TEXTS } from '../../src/chats/texts.js';
import { CHAT_KIND_TITLES_RU, type ChatKind } from '../../src/policy/chat-membership.js';
import { withUnitWord } from '../../src/policy/unit-word.js';
import type { Role } from '../../src/policy/roles.js';
import { AuditLog } from '../../src/store/audit-log.js';
import { FlowStore } from '../../src/store/flow-store.js';
import { createKeys, type Keys } from '../../src/store/keys.js';
import { OrgStore } from '../../src/store/org-store.js';
import { PeopleStore } from '../../src/store/people-store.js';
import { RequestStore } from '../../src/store/request-store.js';
import type { MessageView, SandboxControl } from '../../src/sandbox/control.js';
import { dialogChatId } from '../../src/sandbox/model.js';

export interface Stores {
  redis: Redis;
  keys: Keys;
  org: OrgStore;
  people: PeopleStore;
  requests: RequestStore;
  audit: AuditLog;
  flows: FlowStore;
}

/** The driver's own stores, on a connection that pipelines concurrent commands automatically. */
export function openStores(redisUrl: string, prefix: string, timeZone = 'Europe/Moscow'): Stores {
  const redis = new Redis(redisUrl, { enableAutoPipelining: true, maxRetriesPerRequest: null });
  const keys = createKeys(prefix);
  return {
    redis,
    keys,
    org: new OrgStore(redis, keys, { timeZone }),
    people: new PeopleStore(redis, keys),
    requests: new RequestStore(redis, keys),
    audit: new AuditLog(redis, keys),
    flows: new FlowStore(redis, keys),
  };
}

const SURNAMES = ['Иванов', 'Петров', 'Смирнов', 'Кузнецов', 'Попов', 'Соколов', 'Лебедев', 'Козлов', 'Новиков', 'Морозов', 'Волков', 'Алексеев'];
const NAMES = ['Александр', 'Мария', 'Дмитрий', 'Анна', 'Максим', 'Софья', 'Артём', 'Виктория', 'Иван', 'Полина', 'Михаил', 'Дарья'];
const PATRONYMICS = ['Сергеевич', 'Андреевна', 'Алексеевич', 'Дмитриевна', 'Игоревич', 'Олеговна', 'Петрович', 'Ивановна'];

// Surnames are as varied as a town's: a quarter of people share the twelve commonest, the rest
// are spread over 4,608 made-up ones (about eight people each). Memory per member depends on it:
// the panel's name index keeps a key per distinct word.
const SYLLABLES_1 = [
  'Бе',
  'Ва',
  'Го',
  'Да',
  'Же',
  'За',
  'Ка',
  'Ло',
  'Ма',
  'Не',
  'Па',
  'Ро',
  'Са',
  'Ту',
  'Фе',
  'Ха',
  'Це',
  'Ча',
  'Ша',
  'Бо',
  'Ве',
  'Ду',
  'Ку',
  'Ми',
];
const SYLLABLES_2 = [
  'ла',
  'ре',
  'ни',
  'то',
  'ку',
  'ба',
  'ле',
  'ро',
  'ми',
  'са',
  'ви',
  'до',
  'гу',
  'зе',
  'ха',
  'пе',
  'че',
  'ры',
  'ты',
  'шу',
  'ло',
  'на',
  'ве',
  'ко',
];
const ENDINGS = ['ов', 'ев', 'ин', 'ский', 'енко', 'ук', 'ян', 'ых'];

function surnameOf(userId: number): string {
  if (userId % 4 === 0) return SURNAMES[(userId >> 2) % SURNAMES.length]!;
  const h = createHash('md5').update(String(userId)).digest();
  return `${SYLLABLES_1[h[0]! % 24]}${SYLLABLES_2[h[1]! % 24]}${ENDINGS[h[2]! % 8]}`;
}

export function fullNameOf(userId: number): string {
  return `${surnameOf(userId)} ${NAMES[(userId >> 2) % NAMES.length]} ${PATRONYMICS[(userId >> 4) % PATRONYMICS.length]}`;
}

export interface MemberSeed {
  userId: number;
  role: Role;
  unitId: string | null;
}

/**
 * Writes one member as joining by invite and being approved leaves them: the request
 * (created, then decided), the profile, the membership (pending, then verified) with its
 * indexes, the two audit entries and the join conversation's run record (the shared run
 * hashes fill as they would: a sample joined for real on top pays what a member pays at
 * scale). Domain events are not published: the bench's members are there from the start,
 * the bot has no chat work to do for them.
 */
export async function seedMember(s: Stores, m: MemberSeed, reviewer: number, now: number): Promise<void> {
  const id = createHash('sha256').update(`bench-request-${m.userId}-${m.role}-${m.unitId}`).digest('base64url').slice(0, 12);
  const fullName = fullNameOf(m.userId);
  await s.requests.create({ id, userId: m.userId, role: m.role, unitId: m.unitId, fullName, inviteCode: 'BENCHINVITE1', createdAt: now });
  await s.people.saveProfile(m.userId, fullName, now);
  await s.people.putMembership(m.userId, { role: m.role, unitId: m.unitId, status: 'pending', since: now, requestId: id });
  await s.audit.append(m.userId, 'request.created', `request:${id}`, { user: m.userId, role: m.role, unit: m.unitId ?? '-' }, now);
  await s.requests.decide(id, 'approved', reviewer, '', now);
  await s.people.putMembership(m.userId, { role: m.role, unitId: m.unitId, status: 'verified', since: now, requestId: id });
  await s.audit.append(reviewer, 'request.approved', `request:${id}`, { user: m.userId, role: m.role, unit: m.unitId ?? '-' }, now);
  await s.flows.nextRunBase(m.userId, 'join', `bench-join-${m.userId}`);
}

/** Seeds many members, `parallel` at a time (the auto-pipelining connection batches them). */
export async function seedMembers(s: Stores, members: MemberSeed[], reviewer: number, now: number, parallel = 400): Promise<void> {
  for (let i = 0; i < members.length; i += parallel) {
    await Promise.all(members.slice(i, i + parallel).map((m) => seedMember(s, m, reviewer, now)));
  }
}

/** A unit with one curator (a verified teacher who curates it). */
export async function seedUnit(s: Stores, name: string, curator: number | null, now: number): Promise<string> {
  const { unitId } = await s.org.createUnit(name, now);
  if (curator !== null) {
    await s.people.saveProfile(curator, fullNameOf(curator), now);
    await s.people.putMembership(curator, { role: 'teacher', unitId: null, status: 'verified', since: now });
    await s.org.addCurator(unitId, curator);
  }
  return unitId;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function botMessageWith(control: SandboxControl, chatId: number, match: (m: MessageView) => boolean, timeoutMs: number): Promise<MessageView | null> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = (await control.messages({ chatId, fromBot: true })).filter(match).at(-1);
    if (found) return found;
    if (Date.now() > deadline) return null;
    await sleep(50);
  }
}

const hasButton = (text: string) => (m: MessageView) => m.buttons.flat().some((b) => b.text === text);

/**
 * The chat's owner adds the bot and binds the chat by pressing the bot's buttons: the
 * kind, then the unit — in the private question the bot sends the chat's staff admins,
 * or, if none comes, after /bind in the chat.
 */
export async function bindChatByOwner(control: SandboxControl, chatId: number, owner: number, kind: ChatKind, unitName: string | null): Promise<void> {
  // Texts name the unit by a mark; the bench's organisation keeps the default word.
  const kindTitle = withUnitWord(CHAT_KIND_TITLES_RU[kind], 'класс');
  await control.addBot(chatId, { by: owner });
  // MAX names nobody in bot_added: the bot asks the chat's staff admins privately (the owner here).
  let where = dialogChatId(owner);
  let ask = await botMessageWith(control, where, hasButton(kindTitle), 5_000);
  if (!ask) {
    where = chatId;
    await control.sendChatText(chatId, owner, '/bind');
    ask = await botMessageWith(control, chatId, hasButton(kindTitle), 15_000);
  }
  if (!ask) throw new Error(`chat ${chatId}: the bot never asked what the chat is`);
  await control.pressByText(owner, ask.mid, kindTitle);
  if (unitName) {
    const askUnit = await botMessageWith(control, where, hasButton(unitName), 15_000);
    if (!askUnit) throw new Error(`chat ${chatId}: the bot never asked for the unit`);
    await control.pressByText(owner, askUnit.mid, unitName);
  }
  const done = await botMessageWith(control, chatId, (m) => (m.text ?? '').startsWith(withUnitWord(CHAT_TEXTS.bound(kind, unitName), 'класс')), 30_000);
  if (!done) throw new Error(`chat ${chatId}: binding did not finish`);
}

/** Waits until the bot has recorded at least `members` placements for the chat (its provisioning ran). */
export async function waitProvisioned(s: Stores, chatId: number, members: number, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while ((await s.redis.hlen(s.keys.chatPlacements(chatId))) < members) {
    if (Date.now() > deadline) throw new Error(`chat ${chatId}: provisioning did not finish in ${timeoutMs} ms`);
    await sleep(100);
  }
}
