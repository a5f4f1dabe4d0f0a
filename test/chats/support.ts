// Helpers for chat tests: a school with a curator, chats bound through the sandbox.
import { expect } from 'vitest';
import type { MessageView } from '../../src/sandbox/control.js';
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

/** Creates a chat owned by `owner`, adds the bot and binds it as `kind` of `unit`. */
export async function bindChat(world: World, owner: number, title: string, kindButton: string, unit?: string, permissions?: string[]): Promise<number> {
  const { chat_id } = await world.control.createChat({ title, owner_id: owner, link: `https://max.ru/join/${title.replace(/\W/g, '')}` });
  await world.control.addBot(chat_id, { by: owner, ...(permissions ? { permissions: permissions as never } : {}) });
  await pressIn(world, owner, chat_id, kindButton);
  if (unit) await pressIn(world, owner, chat_id, unit);
  await eventually(async () => {
    const texts = (await world.control.messages({ chatId: chat_id, fromBot: true })).map((m) => m.text ?? '');
    expect(texts.some((t) => t.startsWith('Готово'))).toBe(true);
  });
  return chat_id;
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

