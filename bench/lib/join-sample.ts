// Members joined for real on top of the seeded organisation, to measure what a member costs
// on the path people take: the running bot, driven through the sandbox as MAX would drive it.
// Each person opens an invite link, presses «Продолжить», types their name and gives consent;
// the unit's curator presses «Подтвердить» on each card. So everything the bot writes is
// written: the invite's use and its audit entry, the request, profile, membership and its
// indexes, the domain event, the flow run record, statistics, the audit entries of filing and
// approving, and whatever the event's listeners do (here a new unit with no chats: nothing).
// Not exercised: parents (a parent's request also names a child), chats to be added to.
import type { Redis } from 'ioredis';
import type { MessageView, SandboxControl } from '../../src/sandbox/control.js';
import type { Keys } from '../../src/store/keys.js';
import { fullNameOf } from './org-setup.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The bot's newest message in the user's dialog that has the button, waited for. */
async function buttonFromBot(control: SandboxControl, userId: number, button: string, timeoutMs = 60_000): Promise<MessageView> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = (await control.messages({ userId: userId, fromBot: true })).filter((m) => m.buttons.flat().some((b) => b.text === button)).at(-1);
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`user ${userId}: the bot never offered «${button}»`);
    await sleep(100);
  }
}

/** The bot's message count in the user's dialog reaching `count`, waited for. */
async function botMessages(control: SandboxControl, userId: number, count: number, timeoutMs = 60_000): Promise<MessageView[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await control.messages({ userId: userId, fromBot: true });
    if (found.length >= count) return found;
    if (Date.now() > deadline) throw new Error(`user ${userId}: expected ${count} messages from the bot, got ${found.length}`);
    await sleep(100);
  }
}

/** Invite links for `count` joins (an invite allows at most 500), made by the curator's /invite: the invite's author reviews its requests. */
async function inviteCodes(control: SandboxControl, curator: number, unitName: string, count: number): Promise<string[]> {
  const codes: string[] = [];
  for (let left = count; left > 0; left -= 500) {
    const before = (await control.messages({ userId: curator, fromBot: true })).length;
    await control.sendText(curator, `/invite ученик ${unitName} uses=${Math.min(500, left)}`);
    const reply = (await botMessages(control, curator, before + 1)).at(-1)!;
    const m = /\?start=([A-Za-z0-9_-]+)/.exec(reply.text ?? '');
    if (!m) throw new Error(`no invite link in the answer to /invite: ${reply.text}`);
    codes.push(m[1]!);
  }
  return codes;
}

/** One person's way from the invite link to «заявка отправлена». */
async function joinOne(control: SandboxControl, botUsername: string, userId: number, code: string): Promise<void> {
  await control.openDeepLink(userId, `https://max.ru/${botUsername}?start=${code}`);
  const intro = await buttonFromBot(control, userId, 'Продолжить');
  const seen = (await control.messages({ userId: userId, fromBot: true })).length;
  await control.pressByText(userId, intro.mid, 'Продолжить');
  await botMessages(control, userId, seen + 1);
  await control.sendText(userId, fullNameOf(userId));
  const consent = await buttonFromBot(control, userId, 'Даю согласие');
  const before = (await control.messages({ userId: userId, fromBot: true })).length;
  await control.pressByText(userId, consent.mid, 'Даю согласие');
  await botMessages(control, userId, before + 1);
}

async function pool<T>(items: T[], parallel: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(parallel, items.length) }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
}

/** Waits until the bot has nothing left to handle or send. */
export async function botQuiet(redis: Redis, keys: Keys, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while ((await redis.zcard(keys.inboxPending)) + (await redis.zcard(keys.outboxPending)) > 0) {
    if (Date.now() > deadline) throw new Error('the bot did not finish its work');
    await sleep(100);
  }
}

export interface JoinSampleInput {
  control: SandboxControl;
  redis: Redis;
  keys: Keys;
  curator: number;
  unitName: string;
  userIds: number[];
  parallel?: number;
  /** How long the curator's cards may take to come and be decided. */
  cardTimeoutMs?: number;
}

/** How long each part of a sample's joining took (seconds from the first invite link opened). */
export interface JoinTimes {
  /** Every person told «заявка отправлена». */
  filed: number;
  /** Every card pressed and the bot idle: each request decided and its author told. */
  decided: number;
  /** Every press answered, so every card's keyboard closed: MAX takes 2 answers a second in a chat. */
  closed: number;
}

/** Joins every user through the bot and has the curator approve each; returns when all are approved, every card is closed and the bot is idle. */
export async function joinThroughBot(x: JoinSampleInput): Promise<JoinTimes> {
  const { control, curator } = x;
  const botUsername = (await control.info()).botUsername;
  const codes = await inviteCodes(control, curator, x.unitName, x.userIds.length);
  const t0 = Date.now();
  const since = () => (Date.now() - t0) / 1000;
  await pool(
    x.userIds.map((userId, i) => ({ userId, code: codes[Math.floor(i / 500)]! })),
    x.parallel ?? 24,
    ({ userId, code }) => joinOne(control, botUsername, userId, code),
  );
  const filed = since();
  // The curator's cards (sent once the bot has handled each request), each approved by its
  // button, pressed once. The bot decides a request as soon as it handles the press; the
  // answer to the press, which closes the card, follows at MAX's rate of 2 answers a second
  // in one chat (src/bot/callback-answers.ts): 400 cards close over three or four minutes.
  // A card is pressed again only if its press was answered and it is still open (the bot did
  // not act on it); pressing a card whose answer is merely still coming would only queue
  // another answer behind the others.
  const deadline = Date.now() + (x.cardTimeoutMs ?? 120_000 + x.userIds.length * 1_000);
  const pressed = new Map<string, string>();
  let decided = 0;
  for (;;) {
    // Answers first, then cards: a card seen open after its press was answered is truly left open.
    const answered = new Set((await control.answers()).map((a) => a.callbackId));
    const cards = (await control.messages({ userId: curator, fromBot: true })).filter((m) => (m.text ?? '').startsWith('Заявка на подтверждение:'));
    const open = cards.filter((m) => m.buttons.flat().some((b) => b.text === 'Подтвердить'));
    const toPress = open.filter((m) => !pressed.has(m.mid) || answered.has(pressed.get(m.mid)!));
    if (cards.length >= x.userIds.length && toPress.length === 0 && decided === 0) {
      await botQuiet(x.redis, x.keys);
      decided = since();
    }
    if (open.length === 0 && cards.length >= x.userIds.length) break;
    if (Date.now() > deadline) throw new Error(`${x.userIds.length - cards.length} request cards never came, ${open.length} were never closed`);
    if (toPress.length === 0) {
      await sleep(250);
      continue;
    }
    await pool(toPress, x.parallel ?? 24, async (c) => {
      pressed.set(c.mid, (await control.pressByText(curator, c.mid, 'Подтвердить')).callback_id);
    });
  }
  await botQuiet(x.redis, x.keys);
  return { filed, decided, closed: since() };
}
