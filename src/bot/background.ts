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
