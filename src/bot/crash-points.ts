// A test hook for crash-safety tests: with BOT_CRASH_AT="<scope>:<n>" in the
// environment, the process kills itself with SIGKILL just before the n-th Redis
// write issued while handling an update of that scope — so a test can stop the bot
// at every write of one step (n = 1, 2, … until a run gets through) and check what
// a restart makes of it. Without the variable nothing is installed.
//   Scopes: "flow:<flow id>:<choice>" (a flow button), "action:<name>:<last arg>"
//   (an action button), "command:<name>".
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Redis } from 'ioredis';
import type { InboxItem } from '../store/inbox.js';
import { parseCallbackPayload } from './callback-payload.js';
import { parseCommand } from './commands/types.js';

const SPEC = /^([a-z]+:[A-Za-z0-9_:-]+):(\d{1,4})$/;

/** Redis commands that change nothing; every other command counts as a write. */
const READS = new Set([
  'get', 'mget', 'hget', 'hgetall', 'hmget', 'hvals', 'hkeys', 'hexists', 'hlen', 'smembers', 'sismember', 'smismember', 'scard',
  'zrange', 'zrangebyscore', 'zrevrange', 'zscore', 'zcard', 'zcount', 'lindex', 'llen', 'lrange', 'exists', 'xrange', 'xrevrange',
  'xlen', 'ttl', 'pttl', 'type', 'scan', 'info', 'ping', 'script', 'client', 'select', 'time', 'strlen',
]);

const scope = new AsyncLocalStorage<string>();
let armed: { scope: string; at: number; seen: number } | null = null;

/** Reads BOT_CRASH_AT; when set, counts the writes of `redis` made inside the armed scope. */
export function installCrashPoints(redis: Redis, env: string | undefined = process.env.BOT_CRASH_AT): void {
  const m = env ? SPEC.exec(env) : null;
  if (!m) return;
  armed = { scope: m[1]!, at: Number(m[2]), seen: 0 };
  const send = redis.sendCommand.bind(redis);
  redis.sendCommand = ((command: { name: string }, ...rest: unknown[]) => {
    if (armed && scope.getStore() === armed.scope && !READS.has(command.name.toLowerCase())) {
      armed.seen++;
      if (armed.seen === armed.at) process.kill(process.pid, 'SIGKILL');
    }
    return (send as (...a: unknown[]) => unknown)(command, ...rest);
  }) as Redis['sendCommand'];
}

/** Runs the handling of one item (and its acknowledgement) in its crash scope. */
export function inCrashScope<T>(item: InboxItem | null | undefined, run: () => Promise<T>): Promise<T> {
  if (!armed || !item) return run();
  return scope.run(scopeOf(item), run);
}

function scopeOf(item: InboxItem): string {
  const u = item.update as { update_type?: string; callback?: { payload?: string }; message?: { body?: { text?: string } } };
  if (u?.update_type === 'message_callback') {
    const p = parseCallbackPayload(u.callback?.payload ?? '');
    if (p?.kind === 'flow') return `flow:${p.flowId}:${p.choice}`;
    if (p?.kind === 'action') return `action:${p.action}:${p.args.at(-1) ?? ''}`;
  }
  if (u?.update_type === 'message_created') {
    const c = parseCommand(u.message?.body?.text ?? '');
    if (c) return `command:${c.name}`;
  }
  return 'other';
}
