// Helpers for chat tests: a school with a curator, chats bound through the sandbox.
import { expect } from 'vitest';
import type { MessageView } from '../../src/sandbox/control.js';
import { createKeys } from '../../src/store/keys.js';
import { eventually, say, type World } from '../support/harness.js';

export const ADMIN = 1;
export const CURATOR = 10;

export async function members(world: World, chatId: number): Promise<number[]> {
  return (await world.control.chat(chatId)).members.map((m) => m.userId);
}

/** The bot's latest message in a group chat that has a button with this text. */
export async function chatMessageWithButton(world: World, chatId: number, text: string): Promise<MessageView> {
  return eventually(async () => {
    const m = (await world.control.messages({ chatId, fromBot: true })).filter((x) => x.buttons.flat().some((b) => b.text === text)).at(-1);
    expect(m, `no message with button ${text}`).toBeTruthy();
    return m!;
  });
}

export async function pressIn(world: World, userId: number, chatId: number, button: string): Promise<void> {
  const m = await chatMessageWithButton(world, chatId, button);
  await world.control.pressByText(userId, m.mid, button);
}

/** The bot's latest message in the dialog with `userId` that has a button with this text. */
export async function dialogMessageWithButton(world: World, userId: number, text: string): Promise<MessageView> {
  return eventually(async () => {
    const m = (await world.control.botMessagesTo(userId)).filter((x) => x.buttons.flat().some((b) => b.text === text)).at(-1);
    expect(m, `no dialog message with button ${text}`).toBeTruthy();
    return m!;
  });
}

export async function pressInDialog(world: World, userId: number, button: string): Promise<void> {
  const m = await dialogMessageWithButton(world, userId, button);
  await world.control.pressByText(userId, m.mid, button);
}

/** A join link for a chat: the chat's own link (the sandbox makes one from the title). */
export const chatLink = (title: string): string => `https://max.ru/join/${title.replace(/\W/g, '')}`;

/**
 * Creates a chat owned by `owner`, adds the bot (the update names nobody) and binds it
 * as `kind` of `unit` — from the private question the owner gets, or with /bind in the chat.
 */
export async function bindChat(
  world: World,
  owner: number,
  title: string,
  kindButton: string,
  unit?: string,
  permissions?: string[],
  via: 'private' | 'bind' = 'private',
): Promise<number> {
  const { chat_id } = await world.control.createChat({ title, owner_id: owner, link: chatLink(title) });
  await world.control.addBot(chat_id, { by: owner, ...(permissions ? { permissions: permissions as never } : {}) });
  if (via === 'private') {
    await pressInDialog(world, owner, kindButton);
    if (unit) await pressInDialog(world, owner, unit);
  } else {
    await eventually(async () => expect((await world.control.messages({ chatId: chat_id, fromBot: true })).some((m) => m.text?.includes('/bind'))).toBe(true));
    await world.control.sendChatText(chat_id, owner, '/bind');
    await pressIn(world, owner, chat_id, kindButton);
    if (unit) await pressIn(world, owner, chat_id, unit);
  }
  await eventually(async () => {
    const texts = (await world.control.messages({ chatId: chat_id, fromBot: true })).map((m) => m.text ?? '');
    expect(texts.some((t) => t.startsWith('Готово'))).toBe(true);
  });
  await provisioned(world, chat_id);
  return chat_id;
}

/**
 * Provisioning after binding (rules, links, the binding report) is a job: waits until it is
 * done and its messages are out, so that a test's next `say` gets its own answer, not the report.
 */
export async function provisioned(world: World, chatId: number): Promise<void> {
  await eventually(async () => expect((await world.app.chats.store.get(chatId))?.provisioned).toBe(true), 15_000);
  await eventually(async () => expect(await world.redis.zcard(createKeys(world.prefix).outboxPending)).toBe(0), 15_000);
}

/** The person got the chat's link privately (a link button) and follows it. */
export async function joinByLink(world: World, userId: number, chatId: number): Promise<void> {
  const link = (await world.control.chat(chatId)).link;
  await eventually(async () => {
    const dm = await world.control.botMessagesTo(userId);
    expect(dm.some((m) => m.buttons.flat().some((b) => b.url === link))).toBe(true);
  });
  await world.control.addMember(chatId, userId, { viaLink: true });
}

/** Runs the delayed chat jobs of these kinds ('leave', 'remind') as if their time had come. */
export async function runDelayedChatJobs(world: World, kinds: string[]): Promise<number> {
  let n = 0;
  for (const job of await world.app.chatJobs.queue.getDelayed()) {
    if (!kinds.includes(job.name)) continue;
    await job.promote();
    n++;
  }
  return n;
}

/** A bot clock the test moves by hand. */
export function movableClock(startIso = '2026-11-23T09:00:00Z') {
  let offset = 0;
  const base = Date.parse(startIso);
  const t0 = Date.now();
  return {
    now: () => base + (Date.now() - t0) + offset,
    advance(ms: number) {
      offset += ms;
    },
  };
}

export async function setupSchool(world: World) {
  await say(world, ADMIN, '/unit add 5А');
  await say(world, ADMIN, '/unit add 6Б');
  const org = world.app.organisation;
  const u5 = (await org.org.findUnit('5А'))!.id;
  await org.people.saveProfile(CURATOR, 'Петрова Анна Ивановна', Date.now());
  await org.people.putMembership(CURATOR, { role: 'teacher', unitId: null, status: 'verified', since: Date.now() });
  await org.org.addCurator(u5, CURATOR);
  return { u5 };
}
