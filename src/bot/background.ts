// Work nobody is waiting on at this moment — a /sync, provisioning a chat, reminders, the
// daily check — runs "in the background": every MAX call made inside it (however deep, through
// the SDK) asks the shared rate limiter as background work, which takes a bounded share of the
// MAX rate and waits while people's replies wait (see rate-limiter.ts). The mark follows the
// async calls (AsyncLocalStorage), so code called from a job needs no flag of its own.
//
// On Node 20 an AsyncLocalStorage that has been used once makes every promise of the process
// pay for an async hook from then on (about 0.1 µs a promise, tripling an await's cost), and
// one provisioning job made every update pay it for the rest of the process's life. So the
// storage is switched off whenever no background work runs, and on again by the next run.
// Continuations a finished background run left behind (none are expected: a job's work ends
// with its promise) would then count as people's work, never the other way round.
import { AsyncLocalStorage } from 'node:async_hooks';

const scope = new AsyncLocalStorage<true>();
/** Background runs not finished yet. */
let running = 0;

/** Runs `work` as background work. */
export function inBackground<T>(work: () => Promise<T>): Promise<T> {
  // A run inside a run counts too: one started and not awaited may outlive the outer run, and
  // must keep the storage on until it ends.
  running++;
  let done: Promise<T>;
  try {
    done = scope.getStore() === true ? work() : scope.run(true, work);
  } catch (err) {
    done = Promise.reject(err);
  }
  return done.finally(() => {
    if (--running === 0) scope.disable();
  });
}

/** True inside `inBackground`. */
export function isBackground(): boolean {
  return scope.getStore() === true;
}

/** Runs `work` as background work when `background` is set (a mark stored with queued work), else as it is. */
export function inBackgroundIf<T>(background: boolean | undefined, work: () => Promise<T>): Promise<T> {
  return background === true ? inBackground(work) : work();
}

/** The mark queued work stores so that it runs as background work later: `{ background: true }` inside `inBackground`, else nothing. */
export function backgroundMark(background = isBackground()): { background?: true } {
  return background ? { background: true } : {};
}
