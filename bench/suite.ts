// The bench's scenarios and the order they run in:
//   1. redis-server (AOF on, appendfsync everysec, as docker-compose.yml runs it in
//      production) and three MAX sandboxes, each its own process: one for the real bot and
//      one for each anchor — a bare SDK bot, silent, and one replying — so that all three
//      stay up and the rounds can interleave;
//   2. the real bot (own process) on an organisation seeded through its stores, with the
//      study chats bound by their curators through the sandbox;
//   3. rounds, interleaved (bot, anchor, anchor) × 3: (a) clean messages in a bound study
//      chat, all at once, then (a·paced) one every 25 ms, then (b) /help in dialogs; each
//      timed until handled (feed committed, Redis inbox and outbox drained, replies in);
//      medians and min–max over the rounds, ratios per round against the like anchor;
//   4. (c) the organisation grown to 50,000 members, then /sync of a 1,000-member chat
//      while chat messages keep coming, with other people's /help latency; then 200 chat
//      messages a second in one chat, sustained, with other people's /help latency;
//   5. Redis bytes per member, and what the key families hold;
//   6. (rps) MAX_RPS=30 against a sandbox that allows 30 in any second: 3 runs;
//   7. (stats) /stats latency at 50,000 members and a broadcast's share of MAX_RPS (bench/stats.ts).
//   8. (panel) every web panel page's latency at 50,000 members (bench/panel.ts).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { CHAT_TEXTS } from '../src/chats/texts.js';
import { ensureRedisServer, startLocalRedis } from '../src/demo/redis-local.js';
import { checkMessage } from '../src/policy/etiquette/index.js';
import { SandboxControl } from '../src/sandbox/control.js';
import { mostInAnyWindow } from '../src/sandbox/limits.js';
import { createKeys } from '../src/store/keys.js';
import { killAtExit, onCleanup } from './lib/cleanup.js';
import { DriverProbes, feed, measure, waitIdle, type Load, type Measurement, type SandboxStats, type Subject } from './lib/measure.js';
import { joinThroughBot, botQuiet, type JoinTimes } from './lib/join-sample.js';
import { keyFamilies, lastingBytes, type KeyFamily } from './lib/memory.js';
import { bindChatByOwner, openStores, seedMembers, seedUnit, waitProvisioned, type MemberSeed } from './lib/org-setup.js';
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
const SAMPLE_FIRST_ID = 900_001;
/** The unit the measured sample joins, and its curator (scenario c). */
const SAMPLE_UNIT = '11Ж';
const SAMPLE_CURATOR = 390;
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
  full: { rounds: 3, a: 10_000, b: 1_000, paced: 1_000, warmA: 1_000, warmB: 400, probesIdle: 20, rps: 600, rpsRuns: 3, chatLoadSeconds: 15, joinSample: 100 },
  quick: { rounds: 3, a: 300, b: 150, paced: 120, warmA: 200, warmB: 60, probesIdle: 5, rps: 60, rpsRuns: 3, chatLoadSeconds: 4, joinSample: 100 },
};
/** Paced arrival: one chat message every this many ms (40 a second). */
const PACE_MS = 25;
/** Chat messages a second in one chat while other people's /help latency is measured. */
const CHAT_LOAD_RATE = 200;

/** A figure over the rounds. */
export interface Spread {
  median: number;
  min: number;
  max: number;
}

export function spread(xs: number[]): Spread {
  const s = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (s.length === 0) return { median: NaN, min: NaN, max: NaN };
  const mid = Math.floor(s.length / 2);
  return { median: s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2, min: s[0]!, max: s.at(-1)! };
}

export type SubjectName = 'bot' | 'bare silent' | 'bare replying';

export interface SubjectSummary {
  name: SubjectName;
  rounds: Array<Measurement & { redisBytesPerUpdate?: number }>;
  updatesPerSecond: Spread;
  cpuUsPerUpdate: Spread;
  /** From the last update put in to handled (paced arrival: how far the bot lags behind). */
  tailMs: Spread;
  redisCommandsPerUpdate?: Spread;
  redisSentPerUpdate?: Spread;
  redisInScriptsPerUpdate?: Spread;
  redisRoundTripsPerUpdate?: Spread;
  redisCpuUsPerUpdate?: Spread;
  redisBytesPerUpdate?: Spread;
}

export interface ScenarioSummary {
  key: 'a' | 'a.paced' | 'b';
  title: string;
  arrival: 'burst' | 'paced';
  updates: number;
  subjects: SubjectSummary[];
  /** The bot over each anchor, per round (same round, same load), then median and spread. */
  ratios: Array<{ anchor: SubjectName; rate: Spread; cpu: Spread }>;
}

export interface LoadLatencyResult {
  members: number;
  chatLoadPerSecond: number;
  seconds: number;
  latencyIdleMs: { p50: number; p95: number; n: number };
  latencyUnderLoadMs: { p50: number; p95: number; max: number; n: number };
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
  /** Seeded members plus the sample joined through the bot. */
  members: number;
  /** Members joined through the running bot (invite, request, approval) on top of the seeded organisation. */
  joined: number;
  /** used_memory growth over the joined sample ÷ its size (includes what expires within hours). */
  bytesPerMemberJoined: number;
  /** Lasting keys' MEMORY USAGE growth over the sample ÷ its size (keys kept under a day and job queues left out; streams by a copy). */
  lastingBytesPerMemberJoined: number;
  /** The same, by key family, largest first. */
  joinedFamilies: Array<{ family: string; bytesPerMember: number }>;
  joinSeconds: number;
  /** When the sample's requests were filed, decided, and their cards closed (seconds from the first join). */
  joinTimes: JoinTimes;
  seededBytes: number;
  bytesPerMemberSeeded: number;
  usedMemoryEnd: number;
  bytesPerMemberEnd: number;
  /** After every key with a TTL is deleted at the end of the run: what Redis holds once they all lapsed. */
  bytesPerMemberSteady?: number;
  expiringKeys?: number;
  families: KeyFamily[];
}

export interface RpsRun {
  updates: number;
  seconds: number;
  repliesPerSecond: number;
  refused429: number;
  /** The most requests the sandbox took in any one-second window. */
  busiestSecond: number;
}

export interface RpsResult {
  rps: number;
  runs: RpsRun[];
  refused429: number;
}

export interface SuiteResults {
  throughput: ScenarioSummary[];
  sync?: SyncResult;
  chatLoad?: LoadLatencyResult;
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
  const results: SuiteResults = { throughput: [] };
  const clean = CLEAN_TEXTS.filter((t) => checkMessage(t).length === 0);
  if (clean.length === 0) throw new Error('every bench chat text now breaks an etiquette rule; pick new ones');

  if (want('a') || want('b') || want('c')) {
    // ---- processes ----------------------------------------------------------
    ensureRedisServer((line) => console.error(line));
    const dir = mkdtempSync(join(tmpdir(), 'sferum-bench-'));
    onCleanup('temp dir', () => rmSync(dir, { recursive: true, force: true }));
    // As in production (docker-compose.yml): AOF on, fsync once a second.
    const redisServer = await startLocalRedis(dir, { appendOnly: true, appendFsync: 'everysec' });
    killAtExit(redisServer.pid);
    onCleanup('redis-server', () => redisServer.stop());
    const redis = new Redis(redisServer.url, { maxRetriesPerRequest: null });
    onCleanup('driver redis connection', () => void redis.disconnect());

    const sandbox = await Child.start('sandbox', 'sandbox.ts', { BENCH_SANDBOX_RPS: '100000', BENCH_SANDBOX_CALLBACK_RPS: '100000' });
    onCleanup('sandbox', () => sandbox.stop());
    const sandboxUrl = sandbox.info.url as string;
    const token = sandbox.info.token as string;
    const control = new SandboxControl(sandboxUrl);
    log(`redis-server ${redisServer.url} (AOF everysec), sandbox ${sandboxUrl} (pid ${sandbox.pid})`);

    // ---- the anchors: bare SDK bots, each on a sandbox of its own -------------
    // Kept up for the whole run, so that every round measures the bot and both anchors
    // back to back under the same load of the machine.
    const chatLoad = (chatId: number, count: number, replies: number, paceMs?: number): Load => ({
      chatId,
      users: STUDENTS_A,
      texts: clean,
      count,
      repliesPerUpdate: replies,
      ...(paceMs ? { paceMs } : {}),
    });
    const helpLoad = (count: number, replies: number): Load => ({ users: STUDENTS_A, texts: ['/help'], count, repliesPerUpdate: replies });
    interface Anchor {
      sandbox: Child;
      subject: Subject;
      chatId: number;
      replies: number;
    }
    const anchors = new Map<SubjectName, Anchor>();
    if (want('a') || want('b')) {
      for (const mode of ['silent', 'replying'] as const) {
        const sb = await Child.start(`sandbox (bare ${mode})`, 'sandbox.ts', { BENCH_SANDBOX_RPS: '100000', BENCH_SANDBOX_CALLBACK_RPS: '100000' });
        onCleanup(`sandbox (bare ${mode})`, () => sb.stop());
        const bare = await Child.start(`bare bot (${mode})`, 'bare-bot.ts', {
          MAX_API_URL: sb.info.url as string,
          MAX_BOT_TOKEN: sb.info.token as string,
          BENCH_BARE_MODE: mode,
        });
        onCleanup(`bare bot (${mode})`, () => bare.stop());
        const ctl = new SandboxControl(sb.info.url as string);
        const { chat_id: chatId } = await ctl.createChat({ title: 'Якорь', owner_id: ANCHOR_OWNER, members: STUDENTS_A });
        await ctl.addBot(chatId, { by: ANCHOR_OWNER });
        const anchor: Anchor = { sandbox: sb, subject: { name: `bare ${mode}`, child: bare }, chatId, replies: mode === 'replying' ? 1 : 0 };
        anchors.set(`bare ${mode}`, anchor);
        if (want('a')) await feed(sb, anchor.subject, chatLoad(chatId, size.warmA, anchor.replies));
        if (want('b')) await feed(sb, anchor.subject, helpLoad(size.warmB, anchor.replies));
      }
      log('anchors ready: a bare SDK bot, silent and replying, each on its own sandbox');
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
    // The unit the measured sample joins (scenario c): its own curator, so only its cards reach them.
    if (want('c')) await seedUnit(stores, SAMPLE_UNIT, SAMPLE_CURATOR, now);
    const memBeforeSeed = await usedMemory(redis);
    const firstMembers: MemberSeed[] = [
      ...STUDENTS_A.map((userId) => ({ userId, role: 'student' as const, unitId: unitA })),
      ...STUDENTS_C.map((userId) => ({ userId, role: 'student' as const, unitId: unitC })),
    ];
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

    // ---- interleaved rounds --------------------------------------------------
    interface Plan {
      key: ScenarioSummary['key'];
      title: string;
      arrival: 'burst' | 'paced';
      count: number;
      /** The bot's load and an anchor's, for the same kind of update. */
      bot: Load;
      anchor: (a: Anchor) => Load;
      /** Which anchors, in the order they run after the bot. */
      against: SubjectName[];
    }
    const plans: Plan[] = [];
    if (want('a')) {
      plans.push({
        key: 'a',
        title: 'clean messages in a bound study chat, all at once',
        arrival: 'burst',
        count: size.a,
        bot: chatLoad(chatA, size.a, 0),
        anchor: (x) => chatLoad(x.chatId, size.a, x.replies),
        against: ['bare silent', 'bare replying'],
      });
      plans.push({
        key: 'a.paced',
        title: `clean messages in a bound study chat, one every ${PACE_MS} ms`,
        arrival: 'paced',
        count: size.paced,
        bot: chatLoad(chatA, size.paced, 0, PACE_MS),
        anchor: (x) => chatLoad(x.chatId, size.paced, x.replies, PACE_MS),
        against: ['bare silent'],
      });
    }
    if (want('b'))
      plans.push({
        key: 'b',
        title: '/help from 200 people in dialogs, all at once',
        arrival: 'burst',
        count: size.b,
        bot: helpLoad(size.b, 1),
        anchor: (x) => helpLoad(size.b, x.replies),
        against: ['bare replying', 'bare silent'],
      });
    if (want('a')) await feed(sandbox, botSubject, chatLoad(chatA, size.warmA, 0));
    if (want('b')) await feed(sandbox, botSubject, helpLoad(size.warmB, 1));
    const measured = new Map<string, Array<Measurement & { redisBytesPerUpdate?: number }>>();
    const push = (k: string, m: Measurement & { redisBytesPerUpdate?: number }) => measured.set(k, [...(measured.get(k) ?? []), m]);
    for (let round = 1; round <= size.rounds; round++) {
      for (const plan of plans) {
        const mem0 = await usedMemory(redis);
        const m = await measure(sandbox, botSubject, plan.bot);
        push(`${plan.key}|bot`, { ...m, redisBytesPerUpdate: ((await usedMemory(redis)) - mem0) / plan.count });
        const line = [`round ${round} (${plan.key}) bot ${fmtRate(m)}`];
        for (const name of plan.against) {
          const x = anchors.get(name)!;
          const am = await measure(x.sandbox, x.subject, plan.anchor(x));
          push(`${plan.key}|${name}`, am);
          line.push(`${name} ${am.updatesPerSecond.toFixed(0)}/s, ${am.cpuUsPerUpdate.toFixed(0)} µs`);
        }
        log(line.join('; '));
      }
    }
    for (const plan of plans) {
      const subjects: SubjectSummary[] = (['bot', ...plan.against] as SubjectName[]).map((name) => summarise(name, measured.get(`${plan.key}|${name}`) ?? []));
      const bot = subjects[0]!;
      const ratios = subjects.slice(1).map((a) => ({
        anchor: a.name,
        rate: spread(bot.rounds.map((m, i) => m.updatesPerSecond / a.rounds[i]!.updatesPerSecond)),
        cpu: spread(bot.rounds.map((m, i) => m.cpuUsPerUpdate / a.rounds[i]!.cpuUsPerUpdate)),
      }));
      results.throughput.push({ key: plan.key, title: plan.title, arrival: plan.arrival, updates: plan.count, subjects, ratios });
    }
    // The anchors are done: their processes would only share the machine with (c).
    for (const x of anchors.values()) {
      await x.subject.child.stop();
      await x.sandbox.stop();
    }

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
      const probeUsers = bulk
        .filter((m) => m.role === 'student')
        .slice(0, 20)
        .map((m) => m.userId);
      const aRate = results.throughput.find((t) => t.key === 'a')?.subjects[0]?.updatesPerSecond.median;
      const chatRate = aRate ? Math.max(50, Math.round(aRate * 0.5)) : 200;
      results.sync = await syncUnderLoad(sandbox, botSubject, {
        chatA,
        chatC,
        probeUsers,
        chatRate,
        texts: clean,
        probesIdle: size.probesIdle,
        members: seeded,
      });
      const s = results.sync;
      log(
        `(c) /sync ${s.syncSeconds.toFixed(2)} s; /help p50 ${s.latencyDuringSyncMs.p50} ms, p95 ${s.latencyDuringSyncMs.p95} ms (idle p50 ${s.latencyIdleMs.p50} ms)`,
      );
      results.chatLoad = await latencyUnderChatLoad(sandbox, botSubject, {
        chatA,
        probeUsers,
        texts: clean,
        probesIdle: size.probesIdle,
        members: seeded,
        seconds: size.chatLoadSeconds,
      });
      const l = results.chatLoad;
      log(
        `(c) ${l.chatLoadPerSecond.toFixed(0)} chat messages/s for ${l.seconds.toFixed(1)} s; /help p50 ${l.latencyUnderLoadMs.p50} ms, p95 ${l.latencyUnderLoadMs.p95} ms`,
      );

      // Members joined for real: the bot and the sandbox do what a join and an approval do.
      await botQuiet(redis, keys);
      // BENCH_JOIN_SAMPLE changes the sample's size (each join is a few round trips through the bot).
      const joinIds = Array.from({ length: joinSampleSize(process.env.BENCH_JOIN_SAMPLE, size.joinSample) }, (_, i) => SAMPLE_FIRST_ID + i);
      const lasting0 = await lastingBytes(redis, prefix, keys.queuePrefix);
      const used0 = await usedMemory(redis);
      const tj = Date.now();
      const joinTimes = await joinThroughBot({ control, redis, keys, curator: SAMPLE_CURATOR, unitName: SAMPLE_UNIT, userIds: joinIds });
      const joinSeconds = (Date.now() - tj) / 1000;
      const usedJoined = (await usedMemory(redis)) - used0;
      const lasting1 = await lastingBytes(redis, prefix, keys.queuePrefix);
      // The name index keeps a key per word: its families are summed as one.
      const grown = new Map<string, number>();
      for (const [family, b] of lasting1) {
        const name = family.startsWith('web:names:ids:') ? 'web:names:ids:*:<word>' : family;
        grown.set(name, (grown.get(name) ?? 0) + b - (lasting0.get(family) ?? 0));
      }
      const joinedFamilies = [...grown.entries()]
        .map(([family, b]) => ({ family, bytesPerMember: b / joinIds.length }))
        .filter((x) => Math.abs(x.bytesPerMember) >= 0.5)
        .sort((a, b) => b.bytesPerMember - a.bytesPerMember);
      log(
        `(c) ${joinIds.length} members joined through the bot in ${joinSeconds.toFixed(1)} s with the invites made; from the first invite opened: requests filed ${joinTimes.filed.toFixed(1)} s, ` +
          `decided ${joinTimes.decided.toFixed(1)} s, cards closed ${joinTimes.closed.toFixed(1)} s (MAX: 2 answers a second per chat)`,
      );

      const usedEnd = await usedMemory(redis);
      results.memory = {
        members: seeded + joinIds.length,
        joined: joinIds.length,
        bytesPerMemberJoined: usedJoined / joinIds.length,
        lastingBytesPerMemberJoined: joinedFamilies.reduce((a, x) => a + x.bytesPerMember, 0),
        joinedFamilies,
        joinSeconds,
        joinTimes,
        seededBytes,
        bytesPerMemberSeeded: seededBytes / seeded,
        usedMemoryEnd: usedEnd,
        bytesPerMemberEnd: (usedEnd - memEmpty) / (seeded + joinIds.length),
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

  if (want('rps')) results.rps = await rpsScenario(size.rps, size.rpsRuns);

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
  const { firstSeq } = await sandbox.call<{ firstSeq: number }>('inject', {
    users: [userId],
    texts: [text],
    count: 1,
    ...(chatId === undefined ? {} : { chatId }),
  });
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
    await sandbox.call('inject', { chatId: c.chatA, users: STUDENTS_A, texts: c.texts, count: due, offset: chatSent });
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
  for (let _tick = 0; ; _tick++) {
    if (syncMs === null) {
      await chatTick();
      if (Date.now() - syncStart >= probes.length * PROBE_EVERY_MS)
        probes.push(await send(sandbox, c.probeUsers[probes.length % c.probeUsers.length]!, '/help'));
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
    if (Date.now() - syncStart > 300_000)
      throw new Error(`/sync: no report, or probes unanswered, after 300 s (sync ${syncMs} ms, probes ${latencies.size}/${probes.length})`);
    await sleep(20);
  }
  const chatSeconds = (Date.now() - chatStart) / 1000;
  // Everything sent must be handled: the time until the chat messages of the sync window are.
  const deadline = Date.now() + 240_000;
  for (;;) {
    const s = await sandbox.call<SandboxStats>('stats');
    if (s.pending === 0 && (await new DriverProbes().inboxEmpty(bot.redis!.client, bot.redis!.keys))) break;
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
 * MAX_RPS: the sandbox allows 30 requests in any one-second window (the strictest reading
 * of MAX's «30 requests a second»), and MAX_RPS=30; /help from 60 people, `runs` times,
 * each a world of its own (Redis, sandbox, bot). How close the bot stays to the limit, the
 * busiest second the sandbox saw, and how often MAX had to refuse (429).
 */
async function rpsScenario(updates: number, runs: number): Promise<RpsResult> {
  const rps = 30;
  const out: RpsRun[] = [];
  for (let run = 1; run <= runs; run++) {
    const dir = mkdtempSync(join(tmpdir(), 'sferum-bench-rps-'));
    const removeDir = onCleanup('temp dir', () => rmSync(dir, { recursive: true, force: true }));
    const redisServer = await startLocalRedis(dir, { appendOnly: true, appendFsync: 'everysec' });
    const forgetPid = killAtExit(redisServer.pid);
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
    const log429 = await control.requests();
    const refused429 = log429.filter((r) => r.status === 429).length;
    const busiestSecond = mostInAnyWindow(
      log429.filter((r) => r.status !== 429).map((r) => r.at),
      1000,
    );
    await bot.stop();
    stopBot();
    await sandbox.stop();
    stopSandbox();
    await redisServer.stop();
    stopRedis();
    forgetPid();
    rmSync(dir, { recursive: true, force: true });
    removeDir();
    log(`MAX_RPS=${rps}, run ${run}: ${m.updatesPerSecond.toFixed(1)} replies/s, busiest second ${busiestSecond} requests, ${refused429} answers 429`);
    out.push({ updates, seconds: m.seconds, repliesPerSecond: m.updatesPerSecond, refused429, busiestSecond });
  }
  return { rps, runs: out, refused429: out.reduce((a, r) => a + r.refused429, 0) };
}

function summarise(name: SubjectName, rounds: Array<Measurement & { redisBytesPerUpdate?: number }>): SubjectSummary {
  const over = (f: (m: Measurement & { redisBytesPerUpdate?: number }) => number | undefined) =>
    spread(rounds.map(f).filter((x): x is number => x !== undefined));
  const out: SubjectSummary = {
    name,
    rounds,
    updatesPerSecond: over((m) => m.updatesPerSecond),
    cpuUsPerUpdate: over((m) => m.cpuUsPerUpdate),
    tailMs: over((m) => m.tailMs),
  };
  if (rounds.every((m) => m.redis)) {
    out.redisCommandsPerUpdate = over((m) => m.redis!.commandsSent + m.redis!.insideScripts);
    out.redisSentPerUpdate = over((m) => m.redis!.commandsSent);
    out.redisInScriptsPerUpdate = over((m) => m.redis!.insideScripts);
    out.redisRoundTripsPerUpdate = over((m) => m.redis!.roundTrips);
    out.redisCpuUsPerUpdate = over((m) => m.redis!.serverCpuUsPerUpdate);
    out.redisBytesPerUpdate = over((m) => m.redisBytesPerUpdate);
  }
  return out;
}

/**
 * Chat messages at CHAT_LOAD_RATE a second in one chat, sustained for `seconds`, while
 * another person sends /help every 50 ms: their reply latency (p50, p95).
 */
async function latencyUnderChatLoad(
  sandbox: Child,
  bot: Subject,
  c: { chatA: number; probeUsers: number[]; texts: string[]; probesIdle: number; members: number; seconds: number },
): Promise<LoadLatencyResult> {
  const idle: number[] = [];
  for (let i = 0; i < c.probesIdle; i++) {
    idle.push(await waitReply(sandbox, await send(sandbox, c.probeUsers[i % c.probeUsers.length]!, '/help')));
    await sleep(50);
  }
  idle.sort((x, y) => x - y);
  const start = Date.now();
  let chatSent = 0;
  const probes: Probe[] = [];
  const latencies = new Map<number, number>();
  let offset = 0;
  while (Date.now() - start < c.seconds * 1000) {
    const due = Math.floor((CHAT_LOAD_RATE * (Date.now() - start)) / 1000) - chatSent;
    if (due > 0) {
      await sandbox.call('inject', { chatId: c.chatA, users: STUDENTS_A, texts: c.texts, count: due, offset });
      offset += due;
      chatSent += due;
    }
    if (Date.now() - start >= probes.length * PROBE_EVERY_MS) probes.push(await send(sandbox, c.probeUsers[probes.length % c.probeUsers.length]!, '/help'));
    await collect(sandbox, probes, latencies);
    await sleep(10);
  }
  const seconds = (Date.now() - start) / 1000;
  const deadline = Date.now() + 240_000;
  while (latencies.size < probes.length) {
    if (Date.now() > deadline) throw new Error(`chat load: ${probes.length - latencies.size} /help probes unanswered after 240 s`);
    await collect(sandbox, probes, latencies);
    await sleep(20);
  }
  await waitIdle(sandbox, bot, 0, new DriverProbes(), 240_000);
  const during = [...latencies.values()].sort((x, y) => x - y);
  return {
    members: c.members,
    chatLoadPerSecond: chatSent / seconds,
    seconds,
    latencyIdleMs: { p50: percentile(idle, 50), p95: percentile(idle, 95), n: idle.length },
    latencyUnderLoadMs: { p50: percentile(during, 50), p95: percentile(during, 95), max: during.at(-1) ?? NaN, n: during.length },
  };
}

/** Polls the unanswered probes in one call and records the answered ones' latencies. */
async function collect(sandbox: Child, probes: Probe[], latencies: Map<number, number>): Promise<void> {
  const open = probes.map((p, i) => ({ p, i })).filter(({ i }) => !latencies.has(i));
  const found = await replies(
    sandbox,
    open.map((o) => o.p),
  );
  found.forEach((ms, k) => {
    if (ms !== null) latencies.set(open[k]!.i, ms);
  });
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

/** BENCH_JOIN_SAMPLE: a whole number from 1 to 10,000; anything else is refused with a message. */
function joinSampleSize(raw: string | undefined, fallback: number): number {
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 10_000) throw new Error(`BENCH_JOIN_SAMPLE must be a whole number from 1 to 10000, not «${raw}»`);
  return n;
}
