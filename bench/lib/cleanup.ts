// Everything the bench starts (redis-server, the sandboxes, bots, temp dirs) registers
// its cleanup here; it runs on success, on error and on Ctrl-C / SIGTERM. Processes are
// also registered by pid: if the driver dies before the orderly cleanup finishes, the
// exit hook kills whatever is left, so no orphan outlives a run.
import { killLiveChildren } from './rpc.js';

const tasks: Array<{ name: string; run: () => Promise<void> | void }> = [];
const pids = new Set<number>();
let running: Promise<void> | null = null;

export function onCleanup(name: string, run: () => Promise<void> | void): () => void {
  const task = { name, run };
  tasks.push(task);
  return () => {
    const i = tasks.indexOf(task);
    if (i >= 0) tasks.splice(i, 1);
  };
}

/** A process that is not a forked Child (redis-server): killed at exit if still there. */
export function killAtExit(pid: number | undefined): () => void {
  if (pid === undefined) return () => undefined;
  pids.add(pid);
  return () => void pids.delete(pid);
}

function killEverything(): void {
  killLiveChildren();
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone already
    }
  }
  pids.clear();
}

/** Runs the registered cleanups, newest first; each failure is reported, none stops the rest. */
export function cleanupAll(): Promise<void> {
  running ??= (async () => {
    while (tasks.length > 0) {
      const task = tasks.pop()!;
      let timer: NodeJS.Timeout | undefined;
      try {
        await Promise.race([task.run(), new Promise((r) => (timer = setTimeout(r, 15_000)))]);
      } catch (err) {
        console.error(`cleanup of ${task.name} failed: ${(err as Error).message}`);
      } finally {
        clearTimeout(timer);
      }
    }
    killEverything();
  })();
  return running;
}

/** Ctrl-C, SIGTERM, an uncaught error: clean up, then exit non-zero — never hang. */
export function installSignalHandlers(): void {
  process.on('exit', killEverything);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      console.error(`\n${signal}: stopping every bench process…`);
      // A second signal, or a cleanup that hangs, ends it at once.
      setTimeout(() => process.exit(130), 30_000).unref();
      process.once(signal, () => process.exit(130));
      void cleanupAll().then(() => process.exit(130));
    });
  }
  for (const event of ['uncaughtException', 'unhandledRejection'] as const) {
    process.on(event, (err: unknown) => {
      console.error(`bench: ${event}:`, err instanceof Error ? (err.stack ?? err.message) : err);
      setTimeout(() => process.exit(1), 30_000).unref();
      void cleanupAll().then(() => process.exit(1));
    });
  }
}
