// Work nobody is waiting on at this moment — a /sync, provisioning a chat, reminders, the
// daily check — runs "in the background": every MAX call made inside it (however deep, through
// the SDK) asks the shared rate limiter as background work, which takes a bounded share of the
// MAX rate and waits while people's replies wait (see rate-limiter.ts). The mark follows the
// async calls (AsyncLocalStorage), so code called from a job needs no flag of its own.
import { AsyncLocalStorage } from 'node:async_hooks';

const scope = new AsyncLocalStorage<true>();

/** Runs `work` as background work. */
export function inBackground<T>(work: () => Promise<T>): Promise<T> {
  return scope.run(true, work);
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
