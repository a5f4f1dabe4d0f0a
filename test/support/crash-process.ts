// The real entry point as a separate process, for the crash tests that kill it with SIGKILL
// (bot-process.ts runs it for tests that read its log).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createKeys } from '../../src/store/keys.js';
import { OrgStore } from '../../src/store/org-store.js';
import type { World } from './harness.js';

export interface BotProcess {
  child: ChildProcess;
  exited: Promise<number | null>;
  /** Whether the process ended by a signal (e.g. its own SIGKILL at a crash point). */
  killedBySignal(): boolean;
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

/**
 * The crash tests start the bot some hundred times. In CI, which builds `dist/` from the
 * same sources just before the tests (.ci/run), the built entry point starts in half the
 * time of compiling the sources on the fly; elsewhere the sources run through tsx.
 */
const ENTRY = process.env.CI && existsSync('dist/main.js') ? ['dist/main.js'] : ['--import', 'tsx', 'src/main.ts'];

export function spawnBot(env: Record<string, string>): BotProcess {
  const child = spawn(process.execPath, ENTRY, { env, stdio: ['ignore', 'pipe', 'pipe'] });
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

/** Resolves true when the process exits within `ms`, false otherwise. */
export async function exitsWithin(p: BotProcess, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((r) => (timer = setTimeout(() => r(false), ms)));
  const done = await Promise.race([p.exited.then(() => true as const), timeout]);
  clearTimeout(timer);
  return done;
}

export async function stopBot(p: BotProcess | undefined): Promise<void> {
  if (!p || p.child.exitCode !== null || p.child.signalCode !== null) return;
  p.child.kill('SIGTERM');
  if (!(await exitsWithin(p, 8000))) {
    p.child.kill('SIGKILL');
    await p.exited;
  }
}
