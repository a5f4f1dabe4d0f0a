// Helpers for the organisation tests: act as people joining through the sandbox.
import { expect } from 'vitest';
import type { MessageView } from '../../src/sandbox/control.js';
import { eventually, press, say, type World } from '../support/harness.js';

export function linkCode(text: string | null): string {
  const m = /https:\/\/max\.ru\/[A-Za-z0-9_]+\?start=([A-Za-z0-9_-]+)/.exec(text ?? '');
  if (!m) throw new Error(`no invite link in: ${text}`);
  return m[1]!;
}

/** /unit архив <name> and «Да, в архив»: the answer after the unit is archived. */
export async function archive(world: World, adminId: number, name: string): Promise<MessageView> {
  const [ask] = await say(world, adminId, `/unit архив ${name}`);
  expect(ask!.text).toContain('в архив?');
  return (await press(world, adminId, ask!, 'Да, в архив'))[0]!;
}

export async function invite(world: World, adminId: number, args: string): Promise<string> {
  const [reply] = await say(world, adminId, `/invite ${args}`);
  return linkCode(reply!.text);
}

/** Opens the invite link and waits for the bot's first answer. */
export async function open(world: World, userId: number, code: string): Promise<MessageView> {
  const after = await world.control.lastSeq();
  await world.control.openDeepLink(userId, `https://max.ru/${world.sandbox.botUsername}?start=${code}`);
  const [m] = await world.control.waitForMessages({ userId, fromBot: true }, { afterSeq: after, timeoutMs: 8000 });
  return m!;
}

export interface JoinSteps {
  name: string;
  /** Parent: the child's name, typed (the bot never shows the class list). */
  child?: string;
  /** Called between two steps (e.g. to restart the bot). */
  between?: () => Promise<void>;
}

/** The whole join flow from opening the link to the consent; returns the bot's last answer. */
export async function join(world: World, userId: number, code: string, steps: JoinSteps): Promise<MessageView[]> {
  const between = steps.between ?? (async () => undefined);
  const intro = await open(world, userId, code);
  expect(intro.text).toContain('Продолжим?');
  await between();
  const [askName] = await press(world, userId, intro, 'Продолжить');
  expect(askName!.text).toContain('фамилию, имя');
  await between();
  let [next] = await say(world, userId, steps.name);
  if (steps.child !== undefined) {
    await between();
    expect(next!.text).toContain('фамилию и имя вашего ребёнка');
    expect(next!.buttons.flat()).toHaveLength(0);
    [next] = await say(world, userId, steps.child);
  }
  expect(next!.text).toContain('согласие');
  await between();
  return press(world, userId, next!, 'Даю согласие');
}

/** The bot's latest request card to the reviewer about this person. */
export async function card(world: World, reviewerId: number, fullName: string): Promise<MessageView> {
  return eventually(async () => {
    const cards = (await world.control.botMessagesTo(reviewerId)).filter((m) => m.text?.includes(`Заявка на подтверждение: ${fullName}`));
    expect(cards.length).toBeGreaterThan(0);
    return cards.at(-1)!;
  });
}

/**
 * Presses a button on the request card. Approving edits the card (its keyboard closes, the
 * verdict is appended) — the card is returned; rejecting asks for a reason — that message is returned.
 */
export async function decide(world: World, reviewerId: number, fullName: string, button: 'Подтвердить' | 'Отклонить'): Promise<MessageView> {
  const c = await card(world, reviewerId, fullName);
  if (button === 'Отклонить') return (await press(world, reviewerId, c, button))[0]!;
  await world.control.pressByText(reviewerId, c.mid, button);
  return eventually(async () => {
    const edited = (await world.control.botMessagesTo(reviewerId)).find((m) => m.mid === c.mid)!;
    expect(edited.buttons.flat()).toHaveLength(0);
    return edited;
  });
}

/**
 * The bot's clock for a test: real time, started on a working-day morning (Monday 2 March 2026,
 * 12:00 in Moscow). Join-request cards are not urgent and wait for working hours, so with the
 * wall clock a test run in the evening or at the weekend would wait for the morning.
 */
export function workdayClock(start = '2026-03-02T09:00:00Z'): () => number {
  const base = Date.parse(start);
  const t0 = Date.now();
  return () => base + (Date.now() - t0);
}
