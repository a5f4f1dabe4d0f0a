// The real entry point (dist/main.js, built from src/main.ts) as a child process, with its output kept for assertions.
import type { ChildProcess } from 'node:child_process';
import { MAIN_ENTRY, startEntry } from './entry.js';

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
  const child = startEntry(MAIN_ENTRY, { PATH: process.env.PATH ?? '', HTTP_PORT: '0', HTTP_HOST: '127.0.0.1', ...env }, { cwd: opts.cwd });
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
