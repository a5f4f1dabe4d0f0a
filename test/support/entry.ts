// The built entry points that tests start as processes. Processes run from `dist/`, never
// through tsx: compiling the sources on the fly costs seconds of CPU per start, which on a
// busy 2-core machine pushed start-ups past the tests' deadlines. The global setup
// (test/support/dist-build.ts) rebuilds `dist/` first when a source is newer than it.
// Each process runs in a fresh empty folder, so no developer's `.env` is ever read.
import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const MAIN_ENTRY = resolve('dist/main.js');
export const DEMO_ENTRY = resolve('dist/demo.js');

export interface StartOptions {
  /** The working directory; a fresh empty one by default (so no `.env` is found there). */
  cwd?: string;
  stdio?: StdioOptions;
}

/** A fresh empty working directory for a process under test. */
export function emptyDir(tag = 'proc'): string {
  return mkdtempSync(join(tmpdir(), `sferum-${tag}-`));
}

/** Starts a built entry point with exactly `env` (nothing inherited but what is passed). */
export function startEntry(entry: string, env: Record<string, string>, opts: StartOptions = {}): ChildProcess {
  return spawn(process.execPath, [entry], { env, cwd: opts.cwd ?? emptyDir(), stdio: opts.stdio ?? ['ignore', 'pipe', 'pipe'] });
}
