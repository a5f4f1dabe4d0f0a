// Helpers of the crash tests: the kill-at-every-write loop they share (crashBench), driving a
// join up to the consent, and reading what Redis holds.
import { afterEach, expect } from 'vitest';
import type { MessageView } from '../../src/sandbox/control.js';
import { createKeys } from '../../src/store/keys.js';
import { decodeRequest, type JoinRequest } from '../../src/store/request-store.js';
import { armCrash, type BotProcess, crashEnv, everyDayWorking, killedAtArmedPoint, startBot, stopBot } from '../support/crash-process.js';
import { createWorld, eventually, press, say, type World, type WorldOptions } from '../support/harness.js';
import { open } from '../org/support.js';

/** One run of a step killed at its n-th Redis write: what to arm, how to start it, what must hold after. */
export interface CrashRun {
  /** The kill point's scope (src/bot/crash-points.ts) without the write number, e.g. `flow:join:accept`. */
  scope: string;
  /** Sends the update whose handling is killed. */
  start(): Promise<unknown>;
  /** The step is behind when this person was told this (and nothing is pending: stepDone). */
  told: { userId: number; part: string };
  /**
   * What must hold once the step is handled, whether the run was killed or got past its last
   * write; `after` is the sandbox's last message before the step was started.
   */
  check(after: number): Promise<void>;
}

export interface CrashScenario {
  /** For the log line: «<name>: killed at each of its N Redis writes». */
  name: string;
  /** Everything up to run n's step (n = the write to kill at), and the run itself. */
  run(n: number): Promise<CrashRun>;
  /** Runs at most (default 60). Without `killEveryRun` the loop ends at the first run that is not killed. */
  runs?: number;
  /** The step has more writes than `runs`: each run must be killed (none may get past its last write). */
  killEveryRun?: boolean;
  /** Fewer kills than this fail the test: the step writes at least this often (so the kill points were reached). */
  atLeast: number;
}

export interface CrashBench {
  /** A world with no bot in the test process, every day working, and the bot as a process armed by Redis. */
  start(options?: WorldOptions): Promise<World>;
  /** Closed after the test, before the world (e.g. a BullMQ queue the test reads). */
  onClose(close: () => Promise<void>): void;
  /**
   * The loop the crash tests share: for n = 1, 2, … arm the kill point "<scope>:<n>", start the
   * step, and when the bot died there start it again unarmed; then the run's checks, nothing left
   * pending and no write that outlived its update. Ends at the first run not killed (or after
   * `runs`), checks the number of kills, stops the bot gracefully; returns the number of kills.
   */
  killAtEachWrite(scenario: CrashScenario): Promise<number>;
}

/** The bench of one crash test file: call it once in the `describe`; it cleans up after each test. */
export function crashBench(): CrashBench {
  let world: World | undefined;
  let bot: BotProcess | undefined;
  const closers: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const close of closers.splice(0)) await close();
    if (bot && bot.child.exitCode === null) bot.child.kill('SIGKILL');
    await world?.close();
    world = bot = undefined;
  });
  return {
    async start(options = {}) {
      world = await createWorld({ ...options, noBot: true });
      await everyDayWorking(world);
      bot = await startBot(world, crashEnv(world));
      return world;
    },
    onClose(close) {
      closers.push(close);
    },
    async killAtEachWrite(scenario) {
      if (!world || !bot) throw new Error('crashBench: start() first');
      const w = world;
      const runs = scenario.runs ?? 60;
      let kills = 0;
      for (let n = 1; n <= runs; n++) {
        const run = await scenario.run(n);
        // The bot kills itself at the n-th write of handling the update (and is started again).
        await armCrash(w, `${run.scope}:${n}`);
        const after = await w.control.lastSeq();
        await run.start();
        const killed = await killedAtArmedPoint(
          w,
          bot,
          () => stepDone(w, run.told.userId, after, run.told.part),
          (p) => (bot = p),
        );
        if (killed) kills++;
        else if (scenario.killEveryRun) throw new Error(`${scenario.name}: run ${n} got past the step's last write`);
        await run.check(after);
        await nothingPending(w);
        await noLateWrites(w);
        if (!killed) break; // n is past the step's last write
      }
      expect(kills, `${scenario.name}: runs killed`).toBeGreaterThanOrEqual(scenario.atLeast);
      console.info(`${scenario.name}: killed at each of its ${kills} Redis writes${scenario.killEveryRun ? ' tried' : ''}`);
      await stopBot(bot);
      return kills;
    },
  };
}

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
