// Everything the bench starts (redis-server, the sandbox, bots, temp dirs) registers
// its cleanup here; it runs on success, on error and on Ctrl-C / SIGTERM.
const tasks: Array<{ name: string; run: () => Promise<void> | void }> = [];
let running: Promise<void> | null = null;

export function onCleanup(name: string, run: () => Promise<void> | void): () => void {
  const task = { name, run };
  tasks.push(task);
  return () => {
    const i = tasks.indexOf(task);
    if (i >= 0) tasks.splice(i, 1);
  };
}

/** Runs the registered cleanups, newest first; each failure is reported, none stops the rest. */
export function cleanupAll(): Promise<void> {
  running ??= (async () => {
    while (tasks.length > 0) {
      const task = tasks.pop()!;
      try {
        await Promise.race([task.run(), new Promise((r) => setTimeout(r, 15_000))]);
      } catch (err) {
        console.error(`cleanup of ${task.name} failed: ${(err as Error).message}`);
      }
    }
  })();
  return running;
}

export function installSignalHandlers(): void {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      console.error(`\n${signal}: stopping every bench process…`);
      void cleanupAll().then(() => process.exit(130));
    });
  }
}
