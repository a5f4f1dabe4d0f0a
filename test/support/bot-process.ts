// The real entry point (src/main.ts) as a child process, with its output kept for assertions.
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

// Absolute paths, so that the process may run in another working directory.
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const MAIN = ['--import', TSX, resolve('src/main.ts')];

export interface BotProcess {
  child: ChildProcess;
  /** Everything written to stdout, as lines. */
  stdout: () => string[];
  stderr: () => string;
  exited: Promise<number | null>;
  /** Resolves with the first stdout line for which `match` is true (lines are pino JSON). */
  waitForLine: (match: (line: Record<string, unknown>) => boolean, timeoutMs?: number) => Promise<Record<string, unknown>>;
}

export function runMain(env: Record<string, string>, opts: { cwd?: string } = {}): BotProcess {
  const child = spawn(process.execPath, MAIN, { env: { PATH: process.env.PATH ?? '', HTTP_PORT: '0', HTTP_HOST: '127.0.0.1', ...env }, cwd: opts.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  const listeners = new Set<() => void>();
  child.stdout!.on('data', (d: Buffer) => {
    out += d.toString();
    for (const l of [...listeners]) l();
  });
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const lines = () => out.split('\n').filter((l) => l.trim() !== '');
  const parsed = () =>
    lines().flatMap((l) => {
      try {
        return [JSON.parse(l) as Record<string, unknown>];
      } catch {
        return [];
      }
    });
  const waitForLine = (match: (line: Record<string, unknown>) => boolean, timeoutMs = 15_000) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const check = () => {
        const hit = parsed().find(match);
        if (!hit) return;
        listeners.delete(check);
        clearTimeout(timer);
        resolve(hit);
      };
      const timer = setTimeout(() => {
        listeners.delete(check);
        reject(new Error(`no matching log line within ${timeoutMs} ms; stdout:\n${out.slice(-4000)}\nstderr:\n${err.slice(-2000)}`));
      }, timeoutMs);
      listeners.add(check);
      check();
    });
  return { child, stdout: lines, stderr: () => err, exited, waitForLine };
}
