// A test hook for crash-safety tests. With BOT_CRASH_POINTS=on in the environment, an update of
// an armable scope reads `crashArm` as its handling begins; when the key holds "<scope>:<n>" for
// that scope, the process kills itself with SIGKILL just before the n-th Redis write issued in
// the update's async context (its handling and its acknowledgement). A test arms the key, starts
// the step and sees the process die; it deletes the key and starts the bot again, which handles
// the step unarmed and checks what a restart makes of it. So one process start per kill point
// (n = 1, 2, … until a run gets through), where arming through the environment took two.
//   Scopes: "flow:<flow id>:<choice>" (a flow button), "action:<name>:<last arg>"
//   (an action button), "command:<name>", "text:<flow id>" (a text in the dialog that the
//   person's active flow takes, e.g. a rejection's reason; looked up only when such a scope is armed).
// A write counted after the update's acknowledgement is work the update started that outlived
// it and kept its async context (a timer, a loop, a shared call begun in it): a kill there would
// land in the middle of other work — a reply's delivery — and count as the step's. It is never a
// kill point; its command is appended to `crashLate` for the test to find (test/crash/support.ts).
// Without the variable nothing is installed and nothing is read: production never sets it.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Redis } from 'ioredis';
import { FlowStore } from '../store/flow-store.js';
import type { InboxItem } from '../store/inbox.js';
import type { Keys } from '../store/keys.js';
import { holdsNothing } from '../store/personal-data.js';
import { parseCallbackPayload } from './callback-payload.js';
import { parseCommand } from './command-text.js';

const SPEC = /^([a-z]+:[A-Za-z0-9_:-]+):(\d{1,4})$/;

/** Redis commands that change nothing; every other command counts as a write. */
const READS = new Set([
  'get',
  'mget',
  'hget',
  'hgetall',
  'hmget',
  'hvals',
  'hkeys',
  'hexists',
  'hlen',
  'smembers',
  'sismember',
  'smismember',
  'scard',
  'zrange',
  'zrangebyscore',
  'zrevrange',
  'zscore',
  'zcard',
  'zcount',
  'lindex',
  'llen',
  'lrange',
  'exists',
  'xrange',
  'xrevrange',
  'xlen',
  'ttl',
  'pttl',
  'type',
  'scan',
  'info',
  'ping',
  'script',
  'client',
  'select',
  'time',
  'strlen',
]);

/** One armed update's handling: its scope, the write to die at, the writes counted so far. */
interface Armed {
  scope: string;
  at: number;
  seen: number;
  /** The update was acknowledged: a write counted now outlived it. */
  over: boolean;
}

const current = new AsyncLocalStorage<Armed>();
let hook: { redis: Redis; arm: string; late: string; flows: FlowStore } | null = null;

/** With BOT_CRASH_POINTS=on: counts the writes of `redis` made while handling an armed update. */
export function installCrashPoints(redis: Redis, keys: Keys, env: string | undefined = process.env.BOT_CRASH_POINTS): void {
  if (env !== 'on' || hook) return;
  const installed = { redis, arm: keys.crashArm, late: keys.crashLate, flows: new FlowStore(redis, keys) };
  hook = installed;
  const send = redis.sendCommand.bind(redis);
  redis.sendCommand = ((command: { name: string }, ...rest: unknown[]) => {
    const armed = current.getStore();
    if (armed && !READS.has(command.name.toLowerCase())) {
      if (armed.over) {
        const note = `${armed.scope} ${command.name}`;
        // Outside the armed context, or this write would be counted (and noted) in turn.
        current.exit(() => void redis.rpush(installed.late, note).catch(() => undefined));
      } else if (++armed.seen === armed.at) process.kill(process.pid, 'SIGKILL');
    }
    return (send as (...a: unknown[]) => unknown)(command, ...rest);
  }) as Redis['sendCommand'];
}

/** Runs the handling of one item (and its acknowledgement) in its crash scope, when armed for it. */
export function inCrashScope<T>(item: InboxItem | null | undefined, run: () => Promise<T>): Promise<T> {
  if (!hook || !item) return run();
  return armedRun(hook, scopeOf(item), run);
}

async function armedRun<T>(h: NonNullable<typeof hook>, found: Scope, run: () => Promise<T>): Promise<T> {
  if (found === 'other') return run();
  const m = SPEC.exec((await h.redis.get(h.arm)) ?? '');
  if (!m) return run();
  let scope: string;
  if (typeof found === 'string') scope = found;
  else {
    // A text's scope is its user's active flow: read only when a text scope is armed.
    if (!m[1]!.startsWith('text:')) return run();
    const active = await h.flows.activeFlowId(found.textFrom);
    if (!active) return run();
    scope = `text:${active}`;
  }
  if (m[1] !== scope) return run();
  const armed: Armed = { scope, at: Number(m[2]), seen: 0, over: false };
  try {
    return await current.run(armed, run);
  } finally {
    armed.over = true;
  }
}

/** A scope, or a text in a dialog, whose scope depends on its user's active flow. */
type Scope = string | { textFrom: number };

function scopeOf(item: InboxItem): Scope {
  const u = item.update as {
    update_type?: string;
    callback?: { payload?: string };
    message?: { body?: { text?: string }; sender?: { user_id?: number }; recipient?: { chat_type?: string } };
  };
  if (u?.update_type === 'message_callback') {
    const p = parseCallbackPayload(u.callback?.payload ?? '');
    if (p?.kind === 'flow') return `flow:${p.flowId}:${p.choice}`;
    if (p?.kind === 'action') return `action:${p.action}:${p.args.at(-1) ?? ''}`;
  }
  if (u?.update_type === 'message_created') {
    const c = parseCommand(u.message?.body?.text ?? '');
    if (c) return `command:${c.name}`;
    const from = u.message?.sender?.user_id;
    if (u.message?.recipient?.chat_type === 'dialog' && typeof from === 'number') return { textFrom: from };
  }
  return 'other';
}

/** Test-only keys, written by crash tests and by this hook in a test's bot. */
export const CRASH_POINTS_DATA = holdsNothing('crash-points', {
  crashArm: "a crash test's kill point: a scope and a write number",
  crashLate: 'Redis command names of writes counted after an update was acknowledged',
});
