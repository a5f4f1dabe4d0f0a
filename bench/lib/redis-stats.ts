// Redis figures of a measured window, from the server (INFO) and from the bot's own
// count of what it sent (bench/processes/bot.ts).
//
// Method for "round trips" and "commands inside scripts":
//   INFO commandstats counts every command the server executed — those a client sent
//   AND those a Lua script ran with redis.call (EVALSHA itself is counted once, and
//   each command inside it once more). The server cannot tell them apart, so the bot
//   process counts, per command name, what its ioredis clients sent (BullMQ included).
//   Then, per command name:  inside scripts = server calls − client-sent calls.
//   Round trips are counted in the bot: a command sent on its own is one, a pipeline
//   or MULTI…EXEC is one however many commands it carries. EVALSHA/EVAL/FCALL are
//   reported separately as "script calls" (each is one round trip when sent alone).
//   CONFIG RESETSTAT starts each window; INFO and CONFIG are left out of every count,
//   and so are the driver's own probes (it counts them and subtracts them).
import type { Redis } from 'ioredis';

export type CommandCounts = Record<string, number>;

const IGNORED = /^(info|config|client|hello|select|ping)(\||$)/;

export function parseCommandStats(info: string): CommandCounts {
  const out: CommandCounts = {};
  for (const line of info.split(/\r?\n/)) {
    const m = /^cmdstat_([^:]+):calls=(\d+)/.exec(line);
    if (m && !IGNORED.test(m[1]!)) out[m[1]!] = Number(m[2]);
  }
  return out;
}

function infoField(info: string, field: string): number {
  const m = new RegExp(`^${field}:([\\d.]+)`, 'm').exec(info);
  return m ? Number(m[1]) : 0;
}

export async function resetStats(redis: Redis): Promise<void> {
  await redis.config('RESETSTAT');
}

export async function serverCommands(redis: Redis): Promise<CommandCounts> {
  return parseCommandStats(await redis.info('commandstats'));
}

/** Seconds of CPU the redis-server process has used (user + system). */
export async function serverCpuSeconds(redis: Redis): Promise<number> {
  const info = await redis.info('cpu');
  return infoField(info, 'used_cpu_user') + infoField(info, 'used_cpu_sys');
}

export async function usedMemory(redis: Redis): Promise<number> {
  return infoField(await redis.info('memory'), 'used_memory');
}

export function diffCounts(after: CommandCounts, before: CommandCounts): CommandCounts {
  const out: CommandCounts = {};
  for (const [k, v] of Object.entries(after)) {
    const d = v - (before[k] ?? 0);
    if (d > 0) out[k] = d;
  }
  return out;
}

const sum = (c: CommandCounts): number => Object.values(c).reduce((a, b) => a + b, 0);
const SCRIPT_CALLS = ['evalsha', 'eval', 'evalsha_ro', 'eval_ro', 'fcall', 'fcall_ro'];

export interface RedisPerUpdate {
  /** Network round trips of the bot per update (a pipeline or MULTI counts once). */
  roundTrips: number;
  /** Commands the bot sent per update (a pipeline's commands each count). */
  commandsSent: number;
  /** EVALSHA/EVAL/FCALL per update (each also counted in commandsSent). */
  scriptCalls: number;
  /** Commands run inside Lua scripts per update. */
  insideScripts: number;
  /** Per command name, per update: what the bot sent and what scripts ran. */
  byCommand: Record<string, { sent: number; inScripts: number }>;
}

export function perUpdate(server: CommandCounts, sent: CommandCounts, driver: CommandCounts, roundTrips: number, updates: number): RedisPerUpdate {
  const names = new Set([...Object.keys(server), ...Object.keys(sent)].filter((n) => !IGNORED.test(n)));
  const byCommand: RedisPerUpdate['byCommand'] = {};
  let inside = 0;
  let sentTotal = 0;
  for (const name of names) {
    const s = sent[name] ?? 0;
    const onServer = (server[name] ?? 0) - (driver[name] ?? 0);
    const inScripts = Math.max(0, onServer - s);
    inside += inScripts;
    sentTotal += s;
    byCommand[name] = { sent: s / updates, inScripts: inScripts / updates };
  }
  return {
    roundTrips: roundTrips / updates,
    commandsSent: sentTotal / updates,
    scriptCalls: SCRIPT_CALLS.reduce((a, n) => a + (sent[n] ?? 0), 0) / updates,
    insideScripts: inside / updates,
    byCommand,
  };
}

export { sum as totalCalls };
