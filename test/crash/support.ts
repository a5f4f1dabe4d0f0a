// Helpers of the crash tests: drive a join up to the consent, and read what Redis holds.
import { expect } from 'vitest';
import type { MessageView } from '../../src/sandbox/control.js';
import { createKeys } from '../../src/store/keys.js';
import { decodeRequest, type JoinRequest } from '../../src/store/request-store.js';
import { eventually, press, say, type World } from '../support/harness.js';
import { open } from '../org/support.js';

/** Opens the invite and answers up to the consent question; returns that message. */
export async function upToConsent(world: World, userId: number, code: string, name: string): Promise<MessageView> {
  const intro = await open(world, userId, code);
  const [askName] = await press(world, userId, intro, 'Продолжить');
  expect(askName!.text).toContain('фамилию, имя');
  const [consent] = await say(world, userId, name);
  expect(consent!.text).toContain('согласие');
  return consent!;
}

/** Every join request of the person, whatever its state. */
export async function requestsOf(world: World, userId: number): Promise<JoinRequest[]> {
  const keys = createKeys(world.prefix);
  const out: JoinRequest[] = [];
  let cursor = '0';
  do {
    const [next, found] = await world.redis.scan(cursor, 'MATCH', keys.request('*'), 'COUNT', 1000);
    cursor = next;
    for (const k of found) {
      if (k.split(':').length !== 3) continue; // request:<id> only, not request:open:…
      const raw = await world.redis.get(k);
      const r = raw ? decodeRequest(k.slice(k.lastIndexOf(':') + 1), raw) : null;
      if (r && r.userId === userId) out.push(r);
    }
  } while (cursor !== '0');
  return out;
}

/** Messages from the bot to the person after `afterSeq` whose text contains `part`. */
export async function toldCount(world: World, userId: number, afterSeq: number, part: string): Promise<number> {
  return (await world.control.botMessagesTo(userId, afterSeq)).filter((m) => m.text?.includes(part)).length;
}

/**
 * The step a test started is behind it: the person was told `part` and nothing is waiting in the
 * inbox or the outbox. Being told alone is not enough: a step may write again after its first
 * reply (a card to a reviewer, its acknowledgement), and a crash there comes after the reply.
 */
export async function stepDone(world: World, userId: number, afterSeq: number, part: string): Promise<boolean> {
  if ((await toldCount(world, userId, afterSeq, part)) < 1) return false;
  const keys = createKeys(world.prefix);
  return (await world.redis.zcard(keys.inboxPending)) === 0 && (await world.redis.zcard(keys.outboxPending)) === 0;
}

/** Nothing is left waiting: no update in the inbox, no reply in the outbox. */
export async function nothingPending(world: World): Promise<void> {
  const keys = createKeys(world.prefix);
  await eventually(async () => {
    expect(await world.redis.zcard(keys.inboxPending)).toBe(0);
    expect(await world.redis.zcard(keys.outboxPending)).toBe(0);
  }, 60_000);
}

/**
 * Exactly `count` such messages arrived, and none will follow: every reply record is out of the
 * outbox (a duplicate after a restart would be a record still pending, sent again).
 */
export async function toldExactly(world: World, userId: number, afterSeq: number, part: string, count = 1): Promise<void> {
  await eventually(async () => expect(await toldCount(world, userId, afterSeq, part)).toBeGreaterThanOrEqual(count), 60_000);
  await nothingPending(world);
  expect(await toldCount(world, userId, afterSeq, part)).toBe(count);
}

/**
 * No write was counted for an armed update after it was acknowledged (src/bot/crash-points.ts):
 * work it started that outlived it would have kept its async context, and a kill meant for the
 * step could have landed in the middle of someone else's reply.
 */
export async function noLateWrites(world: World): Promise<void> {
  expect(await world.redis.lrange(createKeys(world.prefix).crashLate, 0, -1)).toEqual([]);
}
