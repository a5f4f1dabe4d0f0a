// The bench's scenarios and the order they run in:
//   1. redis-server and the sandbox, each its own process;
//   2. the anchor — a bare SDK bot, replying, then silent — on the same kinds of updates
//      as (a) and (b);
//   3. the real bot (own process) on an organisation seeded through its stores, with
//      the study chats bound by their curators through the sandbox;
//   4. (a) clean messages in a bound study chat, (b) /help in dialogs;
//   5. (c) the organisation grown to 50,000 members, then /sync of a 1,000-member chat
//      while chat messages keep coming, with other people's /help latency;
//   6. Redis bytes per member, and what the key families hold;
//   7. (stats) /stats latency at 50,000 members and a broadcast's share of MAX_RPS (bench/stats.ts).
//   8. (panel) every web panel page's latency at 50,000 members (bench/panel.ts).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { CHAT_TEXTS } from '../src/bot/chats/texts.js';
import { ensureRedisServer, startLocalRedis } from '../src/demo/redis-local.js';
import { checkMessage } from '../src/policy/etiquette/index.js';
import { SandboxControl } from '../src/sandbox/control.js';
import { createKeys } from '../src/store/keys.js';
import { onCleanup } from './lib/cleanup.js';
import { feed, measure, type Load, type Measurement, type SandboxStats, type Subject } from './lib/measure.js';
import { keyFamilies, type KeyFamily } from './lib/memory.js';
import { bindChatByOwner, openStores, seedMembers, seedUnit, waitProvisioned, type MemberSeed, type Stores } from './lib/org-setup.js';
import { usedMemory } from './lib/redis-stats.js';
import { Child } from './lib/rpc.js';
import type { ReplyAnswer } from './processes/sandbox.js';

export const SCENARIOS = ['a', 'b', 'c', 'rps', 'etiquette', 'stats', 'panel'] as const;
export type Scenario = (typeof SCENARIOS)[number];

export interface Options {
  quick: boolean;
  profile: boolean;
  only: Scenario[];
}

const ADMIN = 1;
const CURATOR_A = 10;
const CURATOR_C = 11;
const ANCHOR_OWNER = 20;
const PEOPLE = 200;
const STUDENTS_A = Array.from({ length: PEOPLE }, (_, i) => 100_001 + i);
const STUDENTS_C = Array.from({ length: 1_000 }, (_, i) => 200_001 + i);
const BULK_FIRST_ID = 300_001;
const ORG_MEMBERS = 50_000;
const CHAT_A_TITLE = '5А ученики';
/** During the (c) sync, another person's /help this often. */
const PROBE_EVERY_MS = 50;
const CHAT_C_TITLE = '6Б ученики';
/** The bot's clock starts at a Monday noon in Moscow: the chat scenarios run within working hours. */
const CLOCK_BASE = Date.parse('2026-11-23T09:00:00Z');

/** Everyday clean chat messages; each is checked against the etiquette rules at start. */
const CLEAN_TEXTS = [
  'Добрый день! Напоминаю: завтра контрольная по математике.',
  'Спасибо, всё понятно.',
  'Домашнее задание: параграф 12, упражнения 3 и 4.',
  'Кто-нибудь знает, во сколько начинается экскурсия?',
  'В пятницу урок физкультуры будет на улице, возьмите форму.',
  'Хорошо, принято.',
  'Подскажите, пожалуйста, какой кабинет у нас на третьем уроке?',
  'Я сдам проект в четверг.',
];

const SIZES = {
  full: { anchorSilent: 30_000, anchorReplying: 6_000, a: 10_000, b: 3_000, warmA: 1_000, warmB: 400, probesIdle: 20, rps: 300 },
  quick: { anchorSilent: 2_000, anchorReplying: 600, a: 600, b: 200, warmA: 200, warmB: 60, probesIdle: 5, rps: 90 },
};

export interface PairRatios {
  vsReplying: number;
  vsSilent: number;
  cpuVsReplying: number;
}

export interface SyncResult {
  members: number;
  chatMembers: number;
  syncSeconds: number;
  chatLoadPerSecond: number;
  chatMessagesDuringSync: number;
  chatDrainSeconds: number;
  latencyIdleMs: { p50: number; p95: number; n: number };
  latencyDuringSyncMs: { p50: number; p95: number; max: number; n: number };
}

export interface MemoryResult {
  members: number;
  seededBytes: number;
  bytesPerMemberSeeded: number;
  usedMemoryEnd: number;
  bytesPerMemberEnd: number;
  /** After every key with a TTL is deleted at the end of the run: what Redis holds once they all lapsed. */
  bytesPerMemberSteady?: number;
  expiringKeys?: number;
  families: KeyFamily[];
}

export interface RpsResult {
  rps: number;
  updates: number;
  seconds: number;
  repliesPerSecond: number;
  refused429: number;
}

export interface SuiteResults {
  anchors: Record<string, Measurement>;
  scenarios: Partial<Record<'a' | 'b', Measurement & { ratios: PairRatios | null; redisBytesPerUpdate: number }>>;
  sync?: SyncResult;
  memory?: MemoryResult;
  rps?: RpsResult;
  etiquette?: unknown;
  stats?: import('./stats.js').StatsBenchReport;
  panel?: import('./panel.js').PanelBenchReport;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export async function runSuite(options: Options): Promise<SuiteResults> {
  const size = options.quick ? SIZES.quick : SIZES.full;
  const want = (s: Scenario) => options.only.includes(s);
  const results: SuiteResults = { anchors: {}, scenarios: {} };
  const clean = CLEAN_TEXTS.filter((t) => checkMessage(t).length === 0);
  if (clean.length === 0) throw new Error('every bench chat text now breaks an etiquette rule; pick new ones');

  if (want('a') || want('b') || want('c')) {
    // ---- processes ----------------------------------------------------------
    ensureRedisServer((line) => console.error(line));
    const dir = mkdtempSync(join(tmpdir(), 'sferum-bench-'));
    onCleanup('temp dir', () => rmSync(dir, { recursive: true, force: true }));
    const redisServer = await startLocalRedis(dir, { appendOnly: false });
    onCleanup('redis-server', () => redisServer.stop());
    const redis = new Redis(redisServer.url, { maxRetriesPerRequest: null });
    onCleanup('driver redis connection', () => void redis.disconnect());

    const sandbox = await Child.start('sandbox', 'sandbox.ts', { BENCH_SANDBOX_RPS: '100000', BENCH_SANDBOX_CALLBACK_RPS: '100000' });
    onCleanup('sandbox', () => sandbox.stop());
    const sandboxUrl = sandbox.info.url as string;
    const token = sandbox.info.token as string;
    const control = new SandboxControl(sandboxUrl);
    log(`redis-server ${redisServer.url}, sandbox ${sandboxUrl} (pid ${sandbox.pid})`);

    // ---- the anchor: bare SDK bots ------------------------------------------
    const chatLoad = (chatId: number, count: number, replies: number): Load => ({ chatId, users: STUDENTS_A, texts: clean, count, repliesPerUpdate: replies });
    const helpLoad = (count: number, replies: number): Load => ({ users: STUDENTS_A, texts: ['/help'], count, repliesPerUpdate: replies });
    if (want('a') || want('b')) {
      const { chat_id: anchorChat } = await control.createChat({ title: 'Якорь', owner_id: ANCHOR_OWNER, members: STUDENTS_A });
      for (const mode of ['replying', 'silent'] as const) {
        const bare = await Child.start(`bare bot (${mode})`, 'bare-bot.ts', { MAX_API_URL: sandboxUrl, MAX_BOT_TOKEN: token, BENCH_BARE_MODE: mode });
        const stopBare = onCleanup('bare bot', () => bare.stop());
        const subject: Subject = { name: `bare ${mode}`, child: bare };
        const replies = mode === 'replying' ? 1 : 0;
        const count = mode === 'replying' ? size.anchorReplying : size.anchorSilent;
        if (mode === 'replying') await control.addBot(anchorChat, { by: ANCHOR_OWNER });
        if (want('a')) {
          await feed(sandbox, subject, chatLoad(anchorChat, size.warmA, replies));
          results.anchors[`chat.${mode}`] = await measure(sandbox, subject, chatLoad(anchorChat, count, replies));
          log(`anchor, chat messages, bare ${mode}: ${fmtRate(results.anchors[`chat.${mode}`]!)}`);
        }
        if (want('b')) {
          await feed(sandbox, subject, helpLoad(size.warmB, replies));
          results.anchors[`dialog.${mode}`] = await measure(sandbox, subject, helpLoad(count, replies));
          log(`anchor, dialog messages, bare ${mode}: ${fmtRate(results.anchors[`dialog.${mode}`]!)}`);
        }
        await bare.stop();
        stopBare();
      }
      // The anchor chat is left behind: the real bot never hears of it.
    }

    // ---- the organisation and the real bot ---------------------------------
    const prefix = 'bench';
    const keys = createKeys(prefix);
    const stores = openStores(redisServer.url, prefix);
    onCleanup('driver stores', () => void stores.redis.disconnect());
    const now = CLOCK_BASE;
    const memEmpty = await usedMemory(redis);
    const unitA = await seedUnit(stores, '5А', CURATOR_A, now);
    const unitC = await seedUnit(stores, '6Б', CURATOR_C, now);
    const memBeforeSeed = await usedMemory(redis);
    const firstMembers: MemberSeed[] = [...STUDENTS_A.map((userId) => ({ userId, role: 'student' as const, unitId: unitA })), ...STUDENTS_C.map((userId) => ({ userId, role: 'student' as const, unitId: unitC }))];
    await seedMembers(stores, firstMembers, CURATOR_A, now);
    let seededBytes = (await usedMemory(redis)) - memBeforeSeed;
    let seeded = firstMembers.length;

    const botEnv: Record<string, string> = {
      MAX_BOT_TOKEN: token,
      HTTP_PORT: '0',
      MAX_API_URL: sandboxUrl,
      REDIS_URL: redisServer.url,
      REDIS_PREFIX: prefix,
      ADMIN_USER_IDS: String(ADMIN),
      MAX_RPS: '1000',
      // Above what the sandbox can take, so MAX's limit never caps the measurement; the limiter still runs per call.
      BENCH_MAX_RPS: '100000',
      LOG_LEVEL: 'error',
      BENCH_CLOCK_BASE: String(CLOCK_BASE),
    };
    const profileDir = fileURLToPath(new URL('./results/profiles/', import.meta.url));
    const bot = await Child.start('bot', 'bot.ts', botEnv, options.profile ? ['--cpu-prof', '--cpu-prof-dir', profileDir] : []);
    onCleanup('bot', () => bot.stop());
    log(`bot started (pid ${bot.pid})`);
    const botSubject: Subject = { name: 'bot', child: bot, redis: { client: redis, keys } };

    const { chat_id: chatA } = await control.createChat({ title: CHAT_A_TITLE, owner_id: CURATOR_A, members: STUDENTS_A });
    await bindChatByOwner(control, chatA, CURATOR_A, 'unit_students', '5А');
    await waitProvisioned(stores, chatA, PEOPLE);
    let chatC = 0;
    if (want('c')) {
      ({ chat_id: chatC } = await control.createChat({ title: CHAT_C_TITLE, owner_id: CURATOR_C, members: STUDENTS_C }));
      await control.addMember(chatC, ADMIN, { by: CURATOR_C });
      await bindChatByOwner(control, chatC, CURATOR_C, 'unit_students', '6Б');
      await waitProvisioned(stores, chatC, STUDENTS_C.length);
    }
    log('organisation ready: chats bound and provisioned');

    const withRatios = async (name: 'a' | 'b', kind: 'chat' | 'dialog', load: (count: number) => Load, warm: number, count: number) => {
      await feed(sandbox, botSubject, load(warm));
      const mem0 = await usedMemory(redis);
      const m = await measure(sandbox, botSubject, load(count));
      const redisBytesPerUpdate = ((await usedMemory(redis)) - mem0) / count;
      const replying = results.anchors[`${kind}.replying`];
      const silent = results.anchors[`${kind}.silent`];
      const ratios = replying && silent ? { vsReplying: m.updatesPerSecond / replying.updatesPerSecond, vsSilent: m.updatesPerSecond / silent.updatesPerSecond, cpuVsReplying: m.cpuUsPerUpdate / replying.cpuUsPerUpdate } : null;
      results.scenarios[name] = { ...m, ratios, redisBytesPerUpdate };
      log(`(${name}) ${fmtRate(m)}${ratios ? `, ${ratios.vsReplying.toFixed(2)}× bare replying, ${ratios.vsSilent.toFixed(3)}× bare silent` : ''}`);
    };
    if (want('a')) await withRatios('a', 'chat', (n) => chatLoad(chatA, n, 0), size.warmA, size.a);
    if (want('b')) await withRatios('b', 'dialog', (n) => helpLoad(n, 1), size.warmB, size.b);

    if (want('c')) {
      // ---- (c) a 50,000-member organisation -------------------------------
      const bulk: MemberSeed[] = [];
      const unitsNeeded = Math.ceil((ORG_MEMBERS - seeded) / 1_000);
      const letters = ['А', 'В', 'Г', 'Д', 'Е'];
      const unitIds: string[] = [];
      for (let i = 0; unitIds.length < unitsNeeded; i++) {
        const name = `${1 + (i % 11)}${letters[Math.floor(i / 11) % letters.length]}`;
        if (name === '5А' || name === '6Б') continue;
        unitIds.push(await seedUnit(stores, name, 400 + unitIds.length, now));
      }
      for (let i = 0; seeded + bulk.length < ORG_MEMBERS; i++) {
        // Half students, half parents, a thousand per unit.
        bulk.push({ userId: BULK_FIRST_ID + i, role: i % 2 === 0 ? 'student' : 'parent', unitId: unitIds[Math.floor(i / 1_000)]! });
      }
      const t0 = Date.now();
      const mem0 = await usedMemory(redis);
      await seedMembers(stores, bulk, CURATOR_A, now);
      seededBytes += (await usedMemory(redis)) - mem0;
      seeded += bulk.length;
      log(`seeded ${bulk.length} more members in ${((Date.now() - t0) / 1000).toFixed(1)} s (organisation: ${seeded})`);
      if (!want('a')) await feed(sandbox, botSubject, chatLoad(chatA, size.warmA, 0));
      const probeUsers = bulk.filter((m) => m.role === 'student').slice(0, 20).map((m) => m.userId);
      const chatRate = results.scenarios.a ? Math.max(50, Math.round(results.scenarios.a.updatesPerSecond * 0.5)) : 200;
      results.sync = await syncUnderLoad(sandbox, botSubject, { chatA, chatC, probeUsers, chatRate, texts: clean, probesIdle: size.probesIdle, members: seeded });
      const s = results.sync;
      log(`(c) /sync ${s.syncSeconds.toFixed(2)} s; /help p50 ${s.latencyDuringSyncMs.p50} ms, p95 ${s.latencyDuringSyncMs.p95} ms (idle p50 ${s.latencyIdleMs.p50} ms)`);

      const usedEnd = await usedMemory(redis);
      results.memory = {
        members: seeded,
        seededBytes,
        bytesPerMemberSeeded: seededBytes / seeded,
        usedMemoryEnd: usedEnd,
        bytesPerMemberEnd: (usedEnd - memEmpty) / seeded,
        families: await keyFamilies(redis, prefix),
      };
    }
    await bot.stop();
    if (results.memory) {
      // Steady state: what would be left once every TTL ran out (decided requests, seen
      // update ids, reply idempotency keys, finished jobs), measured by deleting those keys now.
      const expiringKeys = await deleteExpiring(redis, prefix);
      results.memory.expiringKeys = expiringKeys;
      results.memory.bytesPerMemberSteady = ((await usedMemory(redis)) - memEmpty) / results.memory.members;
    }
  }

  if (want('rps')) results.rps = await rpsScenario(size.rps);

  if (want('etiquette')) {
    const { runEtiquetteBench } = await import('./etiquette.js');
    results.etiquette = await runEtiquetteBench();
  }

  if (want('stats')) {
    const { runStatsBench } = await import('./stats.js');
    results.stats = await runStatsBench(options.quick);
  }

  if (want('panel')) {
    const { runPanelBench } = await import('./panel.js');
    results.panel = await runPanelBench(options.quick);
  }
  return results;
}

interface SyncSetup {
  chatA: number;
  chatC: number;
  probeUsers: number[];
  /** Chat messages per second to send in chat A during the sync (half of what (a) measured). */
  chatRate: number;
  texts: string[];
  probesIdle: number;
  members: number;
}

interface Probe {
  userId: number;
  afterSeq: number;
  startsWith?: string;
}

/** Puts one message into the sandbox as `userId` (in a dialog, or in a chat) and returns it as a probe. */
async function send(sandbox: Child, userId: number, text: string, chatId?: number): Promise<Probe> {
  const { firstSeq } = await sandbox.call<{ firstSeq: number }>('inject', { users: [userId], texts: [text], count: 1, ...(chatId === undefined ? {} : { chatId }) });
  return { userId, afterSeq: firstSeq };
}

/** Reply latencies (sandbox clock) of the probes answered so far; null where no reply yet. */
async function replies(sandbox: Child, probes: Probe[]): Promise<Array<number | null>> {
  if (probes.length === 0) return [];
  const answers = await sandbox.call<ReplyAnswer[]>('replies', { queries: probes });
  return answers.map((a) => (a.reply && a.sentAt !== null ? a.reply.at - a.sentAt : null));
}

async function waitReply(sandbox: Child, p: Probe, timeoutMs = 120_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [ms] = await replies(sandbox, [p]);
    if (ms !== null && ms !== undefined) return ms;
    if (Date.now() > deadline) throw new Error(`no reply to user ${p.userId} within ${timeoutMs} ms`);
    await sleep(5);
  }
}

/**
 * (c): chat messages keep coming in chat A at a steady rate; the admin sends /sync in
 * chat C; meanwhile another person sends /help every 50 ms (the sync is short now: enough
 * samples for a p95). One 20 ms tick drives
 * all of it and polls every outstanding probe in one call, so that the driver's own
 * polling stays light next to the bot (they share the machine).
 */
async function syncUnderLoad(sandbox: Child, bot: Subject, c: SyncSetup): Promise<SyncResult> {
  // Other people's /help with nothing else going on: the baseline.
  const idle: number[] = [];
  for (let i = 0; i < c.probesIdle; i++) {
    idle.push(await waitReply(sandbox, await send(sandbox, c.probeUsers[i % c.probeUsers.length]!, '/help')));
    await sleep(50);
  }
  idle.sort((x, y) => x - y);

  const chatStart = Date.now();
  let chatSent = 0;
  const chatTick = async () => {
    const due = Math.floor((c.chatRate * (Date.now() - chatStart)) / 1000) - chatSent;
    if (due <= 0) return;
    await sandbox.call('inject', { chatId: c.chatA, users: STUDENTS_A, texts: c.texts, count: due });
    chatSent += due;
  };
  while (Date.now() - chatStart < 500) {
    await chatTick();
    await sleep(20);
  }

  const sentBeforeSync = chatSent;
  const sync: Probe = { ...(await send(sandbox, ADMIN, '/sync', c.chatC)), startsWith: CHAT_TEXTS.syncTitle(CHAT_C_TITLE) };
  const syncStart = Date.now();
  const probes: Probe[] = [];
  const latencies = new Map<number, number>();
  let syncMs: number | null = null;
  let chatDuringSync = 0;
  for (let tick = 0; ; tick++) {
    if (syncMs === null) {
      await chatTick();
      if (Date.now() - syncStart >= probes.length * PROBE_EVERY_MS) probes.push(await send(sandbox, c.probeUsers[probes.length % c.probeUsers.length]!, '/help'));
    }
    const open = probes.map((p, i) => ({ p, i })).filter(({ i }) => !latencies.has(i));
    const found = await replies(sandbox, [...(syncMs === null ? [sync] : []), ...open.map((o) => o.p)]);
    if (syncMs === null) {
      const s = found.shift();
      if (s !== null && s !== undefined) {
        syncMs = s;
        chatDuringSync = chatSent - sentBeforeSync;
      }
    }
    found.forEach((ms, k) => {
      if (ms !== null) latencies.set(open[k]!.i, ms);
    });
    if (syncMs !== null && latencies.size === probes.length) break;
    if (Date.now() - syncStart > 300_000) throw new Error(`/sync: no report, or probes unanswered, after 300 s (sync ${syncMs} ms, probes ${latencies.size}/${probes.length})`);
    await sleep(20);
  }
  const chatSeconds = (Date.now() - chatStart) / 1000;
  // Everything sent must be handled: the time until the chat messages of the sync window are.
  const deadline = Date.now() + 240_000;
  for (;;) {
    const s = await sandbox.call<SandboxStats>('stats');
    if (s.pending === 0 && (await bot.redis!.client.zcard(bot.redis!.keys.inboxPending)) === 0) break;
    if (Date.now() > deadline) throw new Error('the bot did not catch up after the sync');
    await sleep(20);
  }
  const during = [...latencies.values()].sort((x, y) => x - y);
  return {
    members: c.members,
    chatMembers: STUDENTS_C.length,
    syncSeconds: syncMs / 1000,
    chatLoadPerSecond: chatSent / chatSeconds,
    chatMessagesDuringSync: chatDuringSync,
    chatDrainSeconds: (Date.now() - syncStart) / 1000,
    latencyIdleMs: { p50: percentile(idle, 50), p95: percentile(idle, 95), n: idle.length },
    latencyDuringSyncMs: { p50: percentile(during, 50), p95: percentile(during, 95), max: during.at(-1) ?? NaN, n: during.length },
  };
}

/**
 * MAX_RPS: the sandbox allows 30 requests per second, as MAX documents, and so does
 * the bot's shared limiter; /help from 60 people. How close the bot stays to the limit,
 * and how often MAX had to refuse (429). A world of its own: its own sandbox and bot,
 * on a Redis of its own.
 */
async function rpsScenario(updates: number): Promise<RpsResult> {
  const rps = 30;
  const dir = mkdtempSync(join(tmpdir(), 'sferum-bench-rps-'));
  const removeDir = onCleanup('temp dir', () => rmSync(dir, { recursive: true, force: true }));
  const redisServer = await startLocalRedis(dir, { appendOnly: false });
  const stopRedis = onCleanup('redis-server', () => redisServer.stop());
  const sandbox = await Child.start('sandbox (30 rps)', 'sandbox.ts', { BENCH_SANDBOX_RPS: String(rps), BENCH_SANDBOX_CALLBACK_RPS: '2' });
  const stopSandbox = onCleanup('sandbox', () => sandbox.stop());
  const url = sandbox.info.url as string;
  const bot = await Child.start('bot (MAX_RPS=30)', 'bot.ts', {
    MAX_BOT_TOKEN: sandbox.info.token as string,
    HTTP_PORT: '0',
    MAX_API_URL: url,
    REDIS_URL: redisServer.url,
    REDIS_PREFIX: 'bench-rps',
    ADMIN_USER_IDS: String(ADMIN),
    MAX_RPS: String(rps),
    LOG_LEVEL: 'error',
    BENCH_CLOCK_BASE: String(CLOCK_BASE),
  });
  const stopBot = onCleanup('bot', () => bot.stop());
  const users = STUDENTS_A.slice(0, 60);
  const subject: Subject = { name: 'bot (MAX_RPS=30)', child: bot };
  await feed(sandbox, subject, { users, texts: ['/help'], count: 30, repliesPerUpdate: 1 });
  const control = new SandboxControl(url);
  await control.clearRequests();
  const m = await measure(sandbox, subject, { users, texts: ['/help'], count: updates, repliesPerUpdate: 1 });
  const refused429 = (await control.requests()).filter((r) => r.status === 429).length;
  await bot.stop();
  stopBot();
  await sandbox.stop();
  stopSandbox();
  await redisServer.stop();
  stopRedis();
  rmSync(dir, { recursive: true, force: true });
  removeDir();
  log(`MAX_RPS=${rps}: ${m.updatesPerSecond.toFixed(1)} replies/s, ${refused429} answers 429`);
  return { rps, updates, seconds: m.seconds, repliesPerSecond: m.updatesPerSecond, refused429 };
}

/** Deletes every key under the prefix that has a TTL; returns how many. */
async function deleteExpiring(redis: Redis, prefix: string): Promise<number> {
  let cursor = '0';
  let deleted = 0;
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 2000);
    cursor = next;
    if (keys.length === 0) continue;
    const ttls = await Promise.all(keys.map((k) => redis.pttl(k)));
    const expiring = keys.filter((_, i) => ttls[i]! > 0);
    if (expiring.length > 0) deleted += await redis.del(...expiring);
  } while (cursor !== '0');
  return deleted;
}

function fmtRate(m: Measurement): string {
  return `${m.updates} updates in ${m.seconds.toFixed(2)} s = ${m.updatesPerSecond.toFixed(0)}/s, ${m.cpuUsPerUpdate.toFixed(0)} µs CPU per update (sandbox ${m.sandboxCpuUsPerUpdate.toFixed(0)} µs)`;
}

function log(line: string): void {
  console.error(`[bench] ${line}`);
}
