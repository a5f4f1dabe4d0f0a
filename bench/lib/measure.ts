// One measured load: updates put into the sandbox's feed — all at once (burst) or one
// every `paceMs` (paced arrival) — then the time until the bot has HANDLED all of them:
// for a bot that replies, every reply is in the sandbox; for every bot, nothing is left
// uncommitted in the feed; for the real bot, also nothing waits in its Redis inbox or
// outbox (stored is not handled: an update is handled when its queue is drained).
import type { Redis } from 'ioredis';
import type { Keys } from '../../src/store/keys.js';
import type { InjectArgs } from '../processes/sandbox.js';
import { diffCounts, perUpdate, resetStats, serverCommands, serverCpuSeconds, type CommandCounts, type RedisPerUpdate } from './redis-stats.js';
import type { Child } from './rpc.js';

export interface SandboxStats {
  pending: number;
  botMessages: number;
  messages: number;
  /** The sandbox process's CPU so far (the bot's counterpart: a busy sandbox caps every bot alike). */
  cpu: CpuUsage;
}

export interface Load extends InjectArgs {
  /** Replies the bot is expected to send per update (0 for clean chat messages). */
  repliesPerUpdate: number;
  /** Paced arrival: one update every `paceMs` instead of all at once. */
  paceMs?: number;
}

export interface Subject {
  name: string;
  child: Child;
  /** The real bot: its Redis inbox is checked for being empty, and Redis is measured. */
  redis?: { client: Redis; keys: Keys };
}

export interface Measurement {
  updates: number;
  seconds: number;
  updatesPerSecond: number;
  /** CPU time (user + system) of the bot process per update, in microseconds. */
  cpuUsPerUpdate: number;
  /** The sandbox's CPU per update in the same interval (includes answering the driver's progress checks). */
  sandboxCpuUsPerUpdate: number;
  /** From the moment the last update was put in until all were handled. */
  tailMs: number;
  redis?: RedisPerUpdate & { serverCpuUsPerUpdate: number };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface CpuUsage {
  user: number;
  system: number;
}
interface BotMetrics {
  cpu: CpuUsage;
  redis?: { commands: CommandCounts; roundTrips: number };
}

/** Driver-side Redis probes during a window, subtracted from the server's counts. */
export class DriverProbes {
  counts: CommandCounts = {};
  /** Nothing waits in the inbox or the outbox (the bot's own definition of handled, see test/crash/support.ts). */
  async inboxEmpty(redis: Redis, keys: Keys): Promise<boolean> {
    this.counts.zcard = (this.counts.zcard ?? 0) + 1;
    if ((await redis.zcard(keys.inboxPending)) !== 0) return false;
    this.counts.zcard += 1;
    return (await redis.zcard(keys.outboxPending)) === 0;
  }
}

export async function waitIdle(sandbox: Child, subject: Subject, expectedBotMessages: number, probes: DriverProbes, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const s = await sandbox.call<SandboxStats>('stats');
    if (s.pending === 0 && s.botMessages >= expectedBotMessages && (!subject.redis || (await probes.inboxEmpty(subject.redis.client, subject.redis.keys))))
      return;
    if (subject.child.proc.exitCode !== null || subject.child.proc.signalCode !== null) throw new Error(`${subject.name} exited during the measurement`);
    if (Date.now() > deadline) {
      throw new Error(`${subject.name}: not idle after ${timeoutMs} ms (pending ${s.pending}, bot messages ${s.botMessages} of ${expectedBotMessages})`);
    }
    await sleep(5);
  }
}

/** Feeds `load` and waits until it is handled; measures nothing (warm-up). */
/** Puts the load into the sandbox: at once, or one update every `paceMs` (returns when the last is in). */
async function inject(sandbox: Child, load: Load): Promise<{ at: number; lastAt: number }> {
  const { paceMs, repliesPerUpdate: _r, ...args } = load;
  if (!paceMs) {
    const { at } = await sandbox.call<{ at: number }>('inject', args);
    return { at, lastAt: at };
  }
  const at = Date.now();
  let sent = 0;
  while (sent < load.count) {
    // Catch up after a late timer rather than drift: the pace is kept on average.
    const due = Math.min(load.count, Math.floor((Date.now() - at) / paceMs) + 1) - sent;
    if (due > 0) {
      await sandbox.call('inject', { ...args, count: due, offset: sent });
      sent += due;
    }
    if (sent < load.count) await sleep(Math.max(1, at + sent * paceMs - Date.now()));
  }
  return { at, lastAt: Date.now() };
}

export async function feed(sandbox: Child, subject: Subject, load: Load, timeoutMs = 300_000): Promise<void> {
  const before = await sandbox.call<SandboxStats>('stats');
  await inject(sandbox, load);
  await waitIdle(sandbox, subject, before.botMessages + load.count * load.repliesPerUpdate, new DriverProbes(), timeoutMs);
}

export async function measure(sandbox: Child, subject: Subject, load: Load, timeoutMs = 300_000): Promise<Measurement> {
  const before = await sandbox.call<SandboxStats>('stats');
  const probes = new DriverProbes();
  let redisBefore: { server: CommandCounts; cpu: number } | null = null;
  if (subject.redis) {
    await resetStats(subject.redis.client);
    redisBefore = { server: await serverCommands(subject.redis.client), cpu: await serverCpuSeconds(subject.redis.client) };
  }
  const m0 = await subject.child.call<BotMetrics>('metrics');
  const injected = await inject(sandbox, load);
  await waitIdle(sandbox, subject, before.botMessages + load.count * load.repliesPerUpdate, probes, timeoutMs);
  const end = Date.now();
  const m1 = await subject.child.call<BotMetrics>('metrics');
  const seconds = (end - injected.at) / 1000;
  const cpuUs = m1.cpu.user + m1.cpu.system - (m0.cpu.user + m0.cpu.system);
  const after = await sandbox.call<SandboxStats>('stats');
  const sandboxCpuUs = after.cpu.user + after.cpu.system - (before.cpu.user + before.cpu.system);
  const result: Measurement = {
    updates: load.count,
    seconds,
    updatesPerSecond: load.count / seconds,
    cpuUsPerUpdate: cpuUs / load.count,
    sandboxCpuUsPerUpdate: sandboxCpuUs / load.count,
    tailMs: end - injected.lastAt,
  };
  if (subject.redis && redisBefore && m0.redis && m1.redis) {
    const server = diffCounts(await serverCommands(subject.redis.client), redisBefore.server);
    const cpu = (await serverCpuSeconds(subject.redis.client)) - redisBefore.cpu;
    const sent = diffCounts(m1.redis.commands, m0.redis.commands);
    result.redis = {
      ...perUpdate(server, sent, probes.counts, m1.redis.roundTrips - m0.redis.roundTrips, load.count),
      serverCpuUsPerUpdate: (cpu * 1e6) / load.count,
    };
  }
  return result;
}
