// The bench's "stats" scenario (npm run bench -- --only stats): a world of its own —
// redis-server, the sandbox and the real bot, each a process — with an organisation of
// 50,000 members and a year of day counters. It measures
//   - /stats latency for 365 days: to the summary, and to the last part (charts and
//     workbook uploaded and sent), on the sandbox's clock;
//   - a broadcast's throughput as a share of MAX_RPS (the shared limiter's budget).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { METRICS } from '../src/reports/counters.js';
import { lastDays } from '../src/policy/days.js';
import { SandboxControl } from '../src/sandbox/control.js';
import { startLocalRedis } from '../src/demo/redis-local.js';
import { killAtExit, onCleanup } from './lib/cleanup.js';
import { openStores, seedMembers, seedUnit, type MemberSeed } from './lib/org-setup.js';
import { Child } from './lib/rpc.js';
import type { ReplyAnswer } from './processes/sandbox.js';

export interface StatsBenchReport {
  members: number;
  units: number;
  statsSummaryMs: { p50: number; p95: number; n: number };
  statsFullReportMs: { p50: number; p95: number; n: number };
  broadcast: { recipients: number; maxRps: number; seconds: number; perSecond: number; shareOfMaxRps: number };
}

const ADMIN = 1;
const CLOCK_BASE = Date.parse('2026-11-23T09:00:00Z');
const BROADCAST_RPS = 100;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const log = (line: string) => console.error(`[bench] ${line}`);
const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;

export async function runStatsBench(quick: boolean): Promise<StatsBenchReport> {
  const members = quick ? 5_000 : 50_000;
  const perUnit = 1_000;
  const dir = mkdtempSync(join(tmpdir(), 'sferum-bench-stats-'));
  onCleanup('temp dir', () => rmSync(dir, { recursive: true, force: true }));
  const redisServer = await startLocalRedis(dir, { appendOnly: false });
  killAtExit(redisServer.pid);
  onCleanup('redis-server', () => redisServer.stop());
  const sandbox = await Child.start('sandbox (stats)', 'sandbox.ts', { BENCH_SANDBOX_RPS: '100000', BENCH_SANDBOX_CALLBACK_RPS: '100000' });
  onCleanup('sandbox', () => sandbox.stop());
  const url = sandbox.info.url as string;
  const control = new SandboxControl(url);

  // ---- the organisation, and a year of counters ----------------------------
  const prefix = 'bench-stats';
  const stores = openStores(redisServer.url, prefix);
  onCleanup('driver stores', () => void stores.redis.disconnect());
  const letters = ['А', 'Б', 'В', 'Г', 'Д'];
  const units: string[] = [];
  for (let i = 0; units.length < members / perUnit; i++)
    units.push(await seedUnit(stores, `${1 + (i % 11)}${letters[Math.floor(i / 11) % letters.length]}`, 1_000 + i, CLOCK_BASE));
  const bulk: MemberSeed[] = Array.from({ length: members }, (_, i) => ({
    userId: 500_001 + i,
    role: i % 2 === 0 ? 'student' : 'parent',
    unitId: units[Math.floor(i / perUnit)]!,
  }));
  const t0 = Date.now();
  await seedMembers(stores, bulk, ADMIN, CLOCK_BASE);
  // What the bot's counters would hold after a year: requests as seeded, chat messages and
  // violations every day in every unit (one HINCRBY per field, pipelined).
  const pipe = stores.redis.pipeline();
  const days = lastDays(365, CLOCK_BASE, 'Europe/Moscow');
  days.forEach((day, d) => {
    const key = stores.keys.statsDay(day);
    for (const u of units) {
      pipe.hincrby(key, `chat.messages@${u}`, 40 + (d % 17));
      pipe.hincrby(key, `violation.profanity@${u}`, d % 3);
    }
    pipe.hincrby(key, 'chat.messages', units.length * (40 + (d % 17)));
    pipe.hincrby(key, 'violation.profanity', units.length * (d % 3));
    for (const m of METRICS.filter((x) => x.startsWith('invite.'))) pipe.hincrby(key, m, d % 5);
  });
  pipe.hincrby(stores.keys.statsDay(days.at(-1)!), 'request.created', members).hincrby(stores.keys.statsDay(days.at(-1)!), 'request.approved', members);
  await pipe.exec();
  log(`stats: seeded ${members} members in ${units.length} units and 365 days of counters in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

  const bot = await Child.start('bot (stats)', 'bot.ts', {
    MAX_BOT_TOKEN: sandbox.info.token as string,
    MAX_API_URL: url,
    REDIS_URL: redisServer.url,
    REDIS_PREFIX: prefix,
    ADMIN_USER_IDS: String(ADMIN),
    MAX_RPS: String(BROADCAST_RPS),
    LOG_LEVEL: 'error',
    BENCH_CLOCK_BASE: String(CLOCK_BASE),
  });
  onCleanup('bot', () => bot.stop());

  // ---- /stats 365 -----------------------------------------------------------
  // One /stats at a time: the summary's latency, and the last part's (the workbook).
  const ask = async (): Promise<{ summary: number; full: number }> => {
    const { firstSeq } = await sandbox.call<{ firstSeq: number }>('inject', { users: [ADMIN], texts: ['/stats 365'], count: 1 });
    const deadline = Date.now() + 120_000;
    for (;;) {
      const [a, b] = await sandbox.call<ReplyAnswer[]>('replies', {
        queries: [
          { userId: ADMIN, afterSeq: firstSeq, startsWith: 'Статистика организации' },
          { userId: ADMIN, afterSeq: firstSeq, startsWith: 'Таблицы' },
        ],
      });
      if (a?.reply && b?.reply && a.sentAt !== null) return { summary: a.reply.at - a.sentAt, full: b.reply.at - a.sentAt };
      if (Date.now() > deadline) throw new Error('/stats: no full answer in 120 s');
      await sleep(10);
    }
  };
  await ask(); // warm-up: the first run loads ECharts, resvg and exceljs
  const summary: number[] = [];
  const full: number[] = [];
  for (let i = 0; i < (quick ? 3 : 10); i++) {
    const r = await ask();
    summary.push(r.summary);
    full.push(r.full);
  }
  summary.sort((a, b) => a - b);
  full.sort((a, b) => a - b);
  log(`stats: /stats 365 summary p50 ${pct(summary, 50)} ms, full report p50 ${pct(full, 50)} ms`);

  // ---- a broadcast to one unit's parents -----------------------------------
  const parents = bulk.filter((m) => m.role === 'parent' && m.unitId === units[0]).map((m) => m.userId);
  const unitName = '1А';
  // Recipients must exist in MAX (the sandbox) to receive anything.
  for (let i = 0; i < parents.length; i += 100)
    await Promise.all(parents.slice(i, i + 100).map((id) => control.createUser({ user_id: id, first_name: `Родитель ${id}` })));
  const after = async () => control.lastSeq();
  const next = async (seq: number, count = 1) => control.waitForMessages({ userId: ADMIN, fromBot: true }, { afterSeq: seq, count, timeoutMs: 20_000 });
  let seq = await after();
  await control.sendText(ADMIN, '/post');
  const [pick] = await next(seq);
  seq = await after();
  await control.pressByText(ADMIN, pick!.mid, 'Родители');
  await next(seq);
  seq = await after();
  await control.sendText(ADMIN, unitName);
  const [marked] = await next(seq);
  seq = await after();
  await control.pressByText(ADMIN, marked!.mid, 'Дальше');
  await next(seq);
  seq = await after();
  const text = 'Бенч: объявление для родителей.';
  await control.sendText(ADMIN, text);
  const [, , confirm] = await next(seq, 3);
  await control.pressByText(ADMIN, confirm!.mid, 'Отправить');
  const deadline = Date.now() + 300_000;
  let sent: number[] = [];
  for (;;) {
    sent = (await control.messages({ fromBot: true })).filter((m) => m.text === text && m.recipientUserId !== ADMIN).map((m) => m.at);
    if (sent.length >= parents.length) break;
    const report = (await control.botMessagesTo(ADMIN)).find((m) => m.text?.startsWith('Рассылка завершена'));
    if (report) throw new Error(`broadcast finished with ${sent.length}/${parents.length} sent: ${report.text}`);
    if (Date.now() > deadline) throw new Error(`broadcast: ${sent.length}/${parents.length} after 300 s`);
    await sleep(500);
  }
  const seconds = (Math.max(...sent) - Math.min(...sent)) / 1000;
  // n messages span n−1 intervals.
  const perSecond = (sent.length - 1) / seconds;
  log(`stats: broadcast to ${sent.length} parents in ${seconds.toFixed(2)} s = ${perSecond.toFixed(1)}/s at MAX_RPS=${BROADCAST_RPS}`);
  await bot.stop();
  await sandbox.stop();
  return {
    members,
    units: units.length,
    statsSummaryMs: { p50: pct(summary, 50), p95: pct(summary, 95), n: summary.length },
    statsFullReportMs: { p50: pct(full, 50), p95: pct(full, 95), n: full.length },
    broadcast: { recipients: sent.length, maxRps: BROADCAST_RPS, seconds, perSecond, shareOfMaxRps: perSecond / BROADCAST_RPS },
  };
}
