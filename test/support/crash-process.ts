// The real entry point as a separate process, for the crash tests that kill it with SIGKILL
// (bot-process.ts runs it for tests that read its log).
import type { ChildProcess } from 'node:child_process';
import { createKeys } from '../../src/store/keys.js';
import { OrgStore } from '../../src/store/org-store.js';
import { MAIN_ENTRY, startEntry } from './entry.js';
import type { World } from './harness.js';

export interface BotProcess {
  child: ChildProcess;
  exited: Promise<number | null>;
  /** Whether the process ended by a signal (e.g. its own SIGKILL at a crash point). */
  killedBySignal(): boolean;
}

/**
 * The environment of a bot whose kill points a test arms through Redis (src/bot/crash-points.ts):
 * armCrash before the step, disarm before the restart that follows a kill.
 */
export function crashEnv(world: World, extra: Record<string, string> = {}): Record<string, string> {
  return botEnv(world, { BOT_CRASH_POINTS: 'on', ...extra });
}

/** Arms the kill point "<scope>:<n>" for the next update of that scope. */
export async function armCrash(world: World, spec: string): Promise<void> {
  await world.redis.set(createKeys(world.prefix).crashArm, spec);
}

export async function disarm(world: World): Promise<void> {
  await world.redis.del(createKeys(world.prefix).crashArm);
}

/**
 * After an armed step: true when the bot died at the kill point — it is then started again,
 * unarmed, to handle the step (`restart` gets the new process); false when the step got past its
 * last write. Either way the kill point is disarmed.
 */
export async function killedAtArmedPoint(world: World, p: BotProcess, handled: () => Promise<boolean>, restart: (p: BotProcess) => void): Promise<boolean> {
  const crashed = await crashedBeforeHandled(p, handled);
  await disarm(world);
  if (crashed) {
    if (!p.killedBySignal()) throw new Error('the bot exited, but not by its own kill');
    await dropLeases(world);
    restart(await startBot(world, crashEnv(world)));
  }
  return crashed;
}

/**
 * The killed bot's queue leases lapse at once instead of after their 5 s (no other bot runs): the
 * restart takes the killed step up straight away. The wait itself is tested by
 * test/crash/outbox-crash.test.ts; here it was most of each kill point's time.
 */
async function dropLeases(world: World): Promise<void> {
  const keys = createKeys(world.prefix);
  for (const pattern of [keys.inboxLock('*'), keys.outboxLock('*')]) {
    let cursor = '0';
    do {
      const [next, found] = await world.redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
      cursor = next;
      if (found.length > 0) await world.redis.del(...found);
    } while (cursor !== '0');
  }
}

export function botEnv(world: World, extra: Record<string, string> = {}): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '',
    MAX_BOT_TOKEN: world.sandbox.token,
    MAX_API_URL: world.sandbox.url,
    REDIS_URL: world.config.REDIS_URL,
    REDIS_PREFIX: world.prefix,
    ADMIN_USER_IDS: '1',
    // Several bot processes run at once: the operations server takes any free port.
    HTTP_PORT: '0',
    HTTP_HOST: '127.0.0.1',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn',
    // Friday evening in Moscow while the suite runs late: every hour counts as working time, so
    // reviewer cards go out at once instead of waiting for the morning.
    WORK_HOURS: '00:00-23:59',
    ...extra,
  };
}

/**
 * A spawned bot runs on the real clock, so a suite run on a Saturday night or on 1 January
 * would find the organisation off duty and hold every card till the next working morning.
 * Every weekday and each of the next 14 days (holidays included) become working days, all day.
 */
export async function everyDayWorking(world: World): Promise<void> {
  // Through the store, not world.app: the crash tests start no bot in the test process.
  const redis = world.redis.duplicate();
  const org = new OrgStore(redis, createKeys(world.prefix), { timeZone: world.config.ORG_TIMEZONE });
  const zone = (await org.settings()).timeZone;
  const day = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' });
  const onDates = Array.from({ length: 15 }, (_, i) => day.format(new Date(Date.now() + (i - 1) * 86_400_000)));
  try {
    await org.saveHours({ start: '00:00', end: '23:59', days: [1, 2, 3, 4, 5, 6, 7], offDates: [], onDates });
  } finally {
    redis.disconnect();
  }
}

export function spawnBot(env: Record<string, string>): BotProcess {
  const child = startEntry(MAIN_ENTRY, env);
  child.stdout!.resume();
  child.stderr!.resume();
  let signalled = false;
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code, signal) => {
      signalled = signal !== null;
      resolve(code);
    }),
  );
  return { child, exited, killedBySignal: () => signalled };
}

/** How many times bots have asked the sandbox for updates so far. */
export async function pollCount(world: World): Promise<number> {
  return (await world.control.requests({ method: 'GET', path: '/updates' })).length;
}

/**
 * Resolves once a bot asks the sandbox for updates again (more than `before` polls in all), so
 * that what a test sends next is not timed against a process's start-up. Fails early when
 * `exited` settles first.
 */
export async function untilPolling(world: World, before: number, exited?: Promise<unknown>, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let died = false;
  void exited?.then(() => (died = true));
  while ((await pollCount(world)) <= before) {
    if (died) throw new Error('the bot exited before it polled for updates');
    if (Date.now() > deadline) throw new Error(`the bot did not poll for updates within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Starts the bot and resolves once it polls the sandbox for updates. */
export async function startBot(world: World, env: Record<string, string>): Promise<BotProcess> {
  const before = await pollCount(world);
  const p = spawnBot(env);
  await untilPolling(world, before, p.exited);
  return p;
}

/** Resolves true when the process exits within `ms`, false otherwise. */
export async function exitsWithin(p: BotProcess, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((r) => (timer = setTimeout(() => r(false), ms)));
  const done = await Promise.race([p.exited.then(() => true as const), timeout]);
  clearTimeout(timer);
  return done;
}

/**
 * After a step is started in a process armed at a kill point: resolves true when the process
 * dies (it reached the crash point), false when `handled` comes true first (the step got past
 * its last write, so no crash point was left). Decided by what happened, not by a deadline: a
 * busy machine only makes it slower. Throws when neither happens within `timeoutMs`.
 */
export async function crashedBeforeHandled(p: BotProcess, handled: () => Promise<boolean>, timeoutMs = 90_000): Promise<boolean> {
  let died = false;
  void p.exited.then(() => (died = true));
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (died) return true;
    if (await handled()) {
      // The step was handled; a crash can no longer come from it.
      return died;
    }
    if (Date.now() > deadline) throw new Error(`the process neither crashed nor handled the step within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function stopBot(p: BotProcess | undefined): Promise<void> {
  if (!p || p.child.exitCode !== null || p.child.signalCode !== null) return;
  p.child.kill('SIGTERM');
  if (!(await exitsWithin(p, 30_000))) {
    p.child.kill('SIGKILL');
    await p.exited;
  }
}
