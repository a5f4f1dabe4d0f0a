// Request/response over the Node IPC channel of a forked child: the bench driver
// runs the sandbox, the bot and the bare SDK bots as separate processes and asks
// them for figures (CPU time, command counts) or to act (inject updates, stop).
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

type Handler = (args: never) => unknown;
interface Request {
  id: number;
  op: string;
  args: unknown;
}
interface Response {
  id: number;
  ok: boolean;
  result?: unknown;
  error?: string;
}

/** Child side: answers the driver's calls; exits when the driver goes away. */
export function serve(handlers: Record<string, Handler>, ready: Record<string, unknown> = {}): void {
  if (!process.send) throw new Error('a bench child must be started with an IPC channel');
  process.on('message', (raw: Request) => {
    void (async () => {
      const handler = handlers[raw.op];
      let reply: Response;
      try {
        if (!handler) throw new Error(`unknown op ${raw.op}`);
        reply = { id: raw.id, ok: true, result: await (handler as (a: unknown) => unknown)(raw.args) };
      } catch (err) {
        reply = { id: raw.id, ok: false, error: err instanceof Error ? (err.stack ?? err.message) : String(err) };
      }
      // The driver may be gone already (Ctrl-C): a failed send is not an error here.
      if (process.connected) process.send?.(reply, undefined, {}, () => undefined);
    })();
  });
  // The driver died or closed the channel: never linger as an orphan.
  process.on('disconnect', () => process.exit(0));
  // Ctrl-C reaches the whole process group; the driver does the orderly cleanup.
  process.on('SIGINT', () => undefined);
  process.send({ ready: true, ...ready });
}

/** Every forked child still running: killed outright if the driver exits without stopping them. */
const LIVE = new Set<ChildProcess>();
export function liveChildren(): number {
  return [...LIVE].filter((p) => p.exitCode === null && p.signalCode === null).length;
}
export function killLiveChildren(): void {
  for (const proc of LIVE) if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
}

export class Child {
  private seq = 0;
  private readonly waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private exited: Promise<void>;

  private constructor(
    readonly name: string,
    readonly proc: ChildProcess,
    readonly info: Record<string, unknown>,
  ) {
    this.exited = new Promise((resolve) => proc.once('exit', () => resolve()));
    proc.on('message', (m: Response) => {
      const w = this.waiting.get(m.id);
      if (!w) return;
      this.waiting.delete(m.id);
      if (m.ok) w.resolve(m.result);
      else w.reject(new Error(`${name}: ${m.error}`));
    });
    proc.once('exit', (code, signal) => {
      for (const w of this.waiting.values()) w.reject(new Error(`${name} exited (${code ?? signal})`));
      this.waiting.clear();
    });
  }

  get pid(): number {
    return this.proc.pid ?? -1;
  }

  /**
   * Forks `bench/processes/<file>` under tsx and waits for its ready message — on a busy
   * machine that takes a while (the processes start under tsx; the bot loads dist/), so the bound is generous
   * (BENCH_START_TIMEOUT_MS, default 5 minutes) and only there to never hang. A child that
   * does not become ready in time, or exits first, is killed: it never outlives the driver.
   */
  static async start(name: string, file: string, env: Record<string, string>, execArgv: string[] = []): Promise<Child> {
    const path = fileURLToPath(new URL(`../processes/${file}`, import.meta.url));
    const proc = fork(path, [], {
      execArgv: ['--import', 'tsx', ...execArgv],
      env: { ...process.env, ...env },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    LIVE.add(proc);
    proc.once('exit', () => LIVE.delete(proc));
    const startMs = Number(process.env.BENCH_START_TIMEOUT_MS ?? 300_000);
    try {
      const info = await new Promise<Record<string, unknown>>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`${name} did not start within ${startMs / 1000} s`)), startMs);
        proc.once('message', (m: Record<string, unknown>) => {
          clearTimeout(timer);
          resolve(m);
        });
        proc.once('exit', (code, signal) => {
          clearTimeout(timer);
          reject(new Error(`${name} exited with ${code ?? signal} before it was ready`));
        });
        proc.once('error', (err) => {
          clearTimeout(timer);
          reject(err);
        });
      });
      return new Child(name, proc, info);
    } catch (err) {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
      throw err;
    }
  }

  /** A call the child does not answer within `timeoutMs` fails (a stuck child never hangs the run). */
  call<T>(op: string, args: unknown = {}, timeoutMs = 300_000): Promise<T> {
    const id = ++this.seq;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(id);
        reject(new Error(`${this.name}: no answer to ${op} within ${timeoutMs / 1000} s`));
      }, timeoutMs);
      this.waiting.set(id, {
        resolve: (v) => {
          clearTimeout(timer);
          resolve(v as T);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      });
      if (!this.proc.connected) return this.waiting.get(id)!.reject(new Error(`${this.name} is gone`));
      this.proc.send({ id, op, args } satisfies Request);
    });
  }

  /** Asks the child to stop (op "stop"), then kills it if it lingers. */
  async stop(graceMs = 10_000): Promise<void> {
    if (this.proc.exitCode !== null || this.proc.signalCode !== null) return;
    this.call('stop').catch(() => undefined);
    const timer = setTimeout(() => this.proc.kill('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(timer);
  }

  kill(): void {
    if (this.proc.exitCode === null && this.proc.signalCode === null) this.proc.kill('SIGKILL');
  }
}
