// The real entry point as a separate process: bad configuration, /start, a flow
// that survives a SIGKILL between two answers, and a graceful SIGTERM.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { emptyDir, MAIN_ENTRY, startEntry } from './support/entry.js';
import { createKeys } from '../src/store/keys.js';
import { pollCount, untilPolling } from './support/crash-process.js';
import { createWorld, eventually, press, say, type World } from './support/harness.js';

function runMain(env: Record<string, string>): { child: ChildProcess; stderr: () => string; exited: Promise<number | null> } {
  const child = startEntry(MAIN_ENTRY, { PATH: process.env.PATH ?? '', ...env });
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  child.stdout!.resume();
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, stderr: () => err, exited };
}

/** What a started bot needs to reach this world's sandbox and Redis. */
function botEnv(w: World): Record<string, string> {
  return {
    MAX_BOT_TOKEN: w.sandbox.token,
    MAX_API_URL: w.sandbox.url,
    REDIS_URL: w.config.REDIS_URL,
    REDIS_PREFIX: w.prefix,
    ADMIN_USER_IDS: '1',
    LOG_LEVEL: 'warn',
    HTTP_PORT: '0',
  };
}

describe('the bot process', () => {
  let world: World | undefined;
  const children: ChildProcess[] = [];
  afterEach(async () => {
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
    await world?.close();
  });

  it.each([
    ['ORG_TIMEZONE', 'Moscow/Nowhere'],
    // ioredis itself would throw a stack trace on this one.
    ['REDIS_URL', 'redis://host:notaport'],
  ])(
    'stops at start with one line naming a bad variable: %s=%s',
    async (variable, value) => {
      const { stderr, exited } = runMain({ MAX_BOT_TOKEN: 'x', ADMIN_USER_IDS: '1', [variable]: value });
      expect(await exited).toBe(2);
      const lines = stderr().trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(new RegExp(`^Ошибка конфигурации: ${variable} — `));
    },
    30_000,
  );

  it('answers /start, keeps a conversation across a SIGKILL, and exits 0 on SIGTERM', async () => {
    world = await createWorld({ noBot: true });
    const env = botEnv(world);
    const first = runMain(env);
    children.push(first.child);
    await untilPolling(world, 0, first.exited);
    const [hello] = await say(world, 5001, '/start');
    expect(hello!.text).toContain('Здравствуйте');
    await say(world, 5001, '/feedback');
    // Killed between two answers: the prompt's sending is confirmed first, or the restarted
    // process would send it once more (at-least-once delivery) and that would be read as the reply.
    const keys = createKeys(world.prefix);
    await eventually(async () => expect(await world!.redis.zcard(keys.outboxPending)).toBe(0));

    first.child.kill('SIGKILL');
    await first.exited;
    const polls = await pollCount(world);
    const second = runMain(env);
    children.push(second.child);
    await untilPolling(world, polls, second.exited);
    const [confirm] = await say(world, 5001, 'Бот пережил аварию');
    expect(confirm!.text).toContain('Бот пережил аварию');
    const [thanks] = await press(world, 5001, confirm!, 'Отправить');
    expect(thanks!.text).toContain('Спасибо');

    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
  }, 60_000);

  it('npm start hands SIGTERM to node itself: no node is left behind', async () => {
    world = await createWorld({ noBot: true });
    // package.json's own start script, run in an empty folder (no developer's .env) whose dist/ is the build.
    const dir = emptyDir('npm-start');
    const { scripts } = JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: { start: string } };
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'start-test', private: true, scripts: { start: scripts.start } }));
    symlinkSync(resolve('dist'), join(dir, 'dist'));
    const env = { PATH: process.env.PATH ?? '', HOME: dir, ...botEnv(world) };
    const npm = spawn('npm', ['start', '--silent'], { cwd: dir, env, stdio: ['ignore', 'ignore', 'ignore'] });
    children.push(npm);
    const exited = new Promise<number | null>((r) => npm.once('exit', r));
    await untilPolling(world, await pollCount(world), exited);
    // The process npm started: node itself when the script execs, else the shell that started node.
    const nodePids = () =>
      execFileSync('ps', ['-e', '-o', 'pid=,args='], { encoding: 'utf8' })
        .split('\n')
        .filter((l) => /node dist\/main\.js/.test(l) && !/sh -c/.test(l))
        .map((l) => Number(l.trim().split(/\s+/)[0]));
    // Other test files start and stop dist/main.js meanwhile: one gone between ps and the read is not ours.
    const isOurs = (pid: number) => {
      try {
        return readFileSync(`/proc/${pid}/environ`, 'utf8').includes(`REDIS_PREFIX=${world!.prefix}`);
      } catch {
        return false;
      }
    };
    const ours = nodePids().filter(isOurs);
    try {
      expect(ours).toHaveLength(1);
      npm.kill('SIGTERM');
      await exited;
      await eventually(() => expect(nodePids()).not.toContain(ours[0]));
    } finally {
      // A failed run must not leave its orphan running (nor any other node of this world).
      for (const pid of nodePids().filter(isOurs)) process.kill(pid, 'SIGKILL');
    }
  }, 60_000);
});
