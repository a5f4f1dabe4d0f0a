// `npm run demo` needs a Redis without asking the person to set one up: a
// redis-server child process with its data (AOF) under .data/redis.
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { Redis } from 'ioredis';

export class RedisUnavailableError extends Error {}

function onPath(cmd: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

/** Installs redis-server with apt-get when we are root on Debian/Ubuntu; otherwise says how, in one line. */
export function ensureRedisServer(log: (line: string) => void): void {
  if (onPath('redis-server')) return;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (isRoot && onPath('apt-get')) {
    log('redis-server не найден — устанавливаю его через apt-get…');
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    execFileSync('apt-get', ['install', '-y', '-qq', 'redis-server'], { stdio: 'inherit', env });
    if (onPath('redis-server')) return;
  }
  throw new RedisUnavailableError(
    'Нужен redis-server: установите его (Debian/Ubuntu: sudo apt-get install -y redis-server; macOS: brew install redis) или укажите REDIS_URL.',
  );
}

/** A free TCP port on the loopback interface. */
export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolvePort(port));
    });
  });
}

/**
 * Starts redis-server on a free loopback port (or `opts.port`) with its data in `dataDir`. `appendOnly`
 * keeps the data across restarts (the demo); tests switch it off.
 */
export async function startLocalRedis(
  dataDir: string,
  opts: { appendOnly?: boolean; appendFsync?: 'always' | 'everysec' | 'no'; port?: number } = {},
): Promise<{ url: string; pid: number | undefined; stop: () => Promise<void> }> {
  const dir = resolve(dataDir);
  if (!existsSync(dir)) mkdirSync(dir, { recursive: true });
  // A given port lets a test stop Redis and start it again where the bot expects it.
  const port = opts.port ?? (await freePort());
  const child: ChildProcess = spawn(
    'redis-server',
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--dir',
      dir,
      '--appendonly',
      opts.appendOnly === false ? 'no' : 'yes',
      ...(opts.appendFsync ? ['--appendfsync', opts.appendFsync] : []),
      '--save',
      '',
      '--logfile',
      'redis.log',
    ],
    { stdio: 'ignore' },
  );
  const url = `redis://127.0.0.1:${port}`;
  // Generous: a busy machine is slow, not broken. On failure the child is killed, never left behind.
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new RedisUnavailableError(`redis-server завершился с кодом ${child.exitCode}; журнал: ${dir}/redis.log`);
    const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    probe.on('error', () => undefined);
    try {
      await probe.connect();
      await probe.ping();
      probe.disconnect();
      break;
    } catch {
      probe.disconnect();
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new RedisUnavailableError('redis-server не ответил за 60 секунд');
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return {
    url,
    pid: child.pid,
    stop: async () => {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    },
  };
}
