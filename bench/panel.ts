// The bench's "panel" scenario (npm run bench -- --only panel): the web panel's pages for an
// organisation of 50,000 people (30 to a class, so 1,667 classes), 100 requests waiting and a
// year of audit entries; redis-server, the sandbox and the real bot each a process. It times
// every page as the administrator (session opened through signed launch data, as in MAX):
// from the request to the last byte of the HTML (or the SVG), one request at a time.
// The budget is 300 ms a page.
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, startLocalRedis } from '../src/demo/redis-local.js';
import { SandboxControl } from '../src/sandbox/control.js';
import { killAtExit, onCleanup } from './lib/cleanup.js';
import { fullNameOf, openStores, seedMembers, seedUnit, type MemberSeed } from './lib/org-setup.js';
import { Child } from './lib/rpc.js';

export const PAGE_BUDGET_MS = 300;

export interface PanelBenchReport {
  members: number;
  units: number;
  waitingRequests: number;
  /** `first`: the first request of the page (cold: the statistics page keeps its figures 15 s). */
  pages: Array<{ page: string; first: number; p50: number; p95: number; max: number; n: number; withinBudget: boolean }>;
}

const ADMIN = 1;
const CLOCK_BASE = Date.parse('2026-11-23T09:00:00Z');
const PER_UNIT = 30;
const WAITING = 100;
const log = (line: string) => console.error(`[bench] ${line}`);
const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;

export async function runPanelBench(quick: boolean): Promise<PanelBenchReport> {
  const members = quick ? 5_000 : 50_000;
  const dir = mkdtempSync(join(tmpdir(), 'sferum-bench-panel-'));
  onCleanup('temp dir', () => rmSync(dir, { recursive: true, force: true }));
  const redisServer = await startLocalRedis(dir, { appendOnly: false });
  killAtExit(redisServer.pid);
  onCleanup('redis-server', () => redisServer.stop());
  const sandbox = await Child.start('sandbox (panel)', 'sandbox.ts', { BENCH_SANDBOX_RPS: '100000', BENCH_SANDBOX_CALLBACK_RPS: '100000' });
  onCleanup('sandbox', () => sandbox.stop());
  const control = new SandboxControl(sandbox.info.url as string);

  // ---- the organisation -------------------------------------------------------
  const prefix = 'bench-panel';
  const stores = openStores(redisServer.url, prefix);
  onCleanup('driver stores', () => void stores.redis.disconnect());
  const t0 = Date.now();
  const letters = ['А', 'Б', 'В', 'Г', 'Д', 'Е', 'Ж', 'З'];
  const unitCount = Math.ceil(members / PER_UNIT);
  const units: string[] = [];
  for (let i = 0; i < unitCount; i += 200) {
    const batch = Array.from({ length: Math.min(200, unitCount - i) }, (_, j) => i + j);
    // Class names like "7Г-12": 11 grades, 8 letters, then a running number.
    units.push(
      ...(await Promise.all(
        batch.map((n) => seedUnit(stores, `${1 + (n % 11)}${letters[Math.floor(n / 11) % 8]}-${Math.floor(n / 88)}`, 100_000 + n, CLOCK_BASE)),
      )),
    );
  }
  const bulk: MemberSeed[] = Array.from({ length: members }, (_, i) => ({
    userId: 500_001 + i,
    role: i % 2 === 0 ? 'student' : 'parent',
    unitId: units[Math.floor(i / PER_UNIT)]!,
  }));
  await seedMembers(stores, bulk, ADMIN, CLOCK_BASE);
  // Requests still waiting for the admins (people who came without an invite).
  for (let i = 0; i < WAITING; i++) {
    const userId = 900_001 + i;
    const unitId = units[i % units.length]!;
    const id = createHash('sha256').update(`bench-waiting-${userId}`).digest('base64url').slice(0, 12);
    await stores.requests.create({ id, userId, role: 'parent', unitId, fullName: fullNameOf(userId), inviteCode: null, createdAt: CLOCK_BASE });
    await stores.people.saveProfile(userId, fullNameOf(userId), CLOCK_BASE);
    await stores.people.putMembership(userId, { role: 'parent', unitId, status: 'pending', since: CLOCK_BASE, requestId: id });
  }
  log(`panel: seeded ${members} members in ${units.length} classes and ${WAITING} waiting requests in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

  const port = await freePort();
  const appUrl = `http://127.0.0.1:${port}/app`;
  const bot = await Child.start('bot (panel)', 'bot.ts', {
    MAX_BOT_TOKEN: sandbox.info.token as string,
    MAX_API_URL: sandbox.info.url as string,
    REDIS_URL: redisServer.url,
    REDIS_PREFIX: prefix,
    ADMIN_USER_IDS: String(ADMIN),
    LOG_LEVEL: 'error',
    HTTP_PORT: String(port),
    HTTP_HOST: '127.0.0.1',
    MINIAPP_URL: appUrl,
    BENCH_CLOCK_BASE: String(CLOCK_BASE),
  });
  onCleanup('bot', () => bot.stop());

  // ---- a session, as the launch page opens it ------------------------------------
  const launch = await control.miniAppUrl(ADMIN, appUrl, { authDate: Math.floor(CLOCK_BASE / 1000) });
  const fragment = launch.slice(launch.indexOf('#') + 1);
  const opened = await fetch(`${appUrl}/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ fragment }),
    redirect: 'manual',
  });
  if (opened.status !== 200) throw new Error(`panel: the session was not opened (${opened.status})`);
  // What panel.js sends with every request: the session token (no cookies).
  const session = { authorization: `Bearer ${((await opened.json()) as { token: string }).token}` };
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await (await fetch(`${appUrl}/school`, { headers: session })).text())?.[1];
  if (!csrf) throw new Error('panel: no CSRF token on the school page');
  // A search is kept in the session: "Смирнов" matches one in 48, over 1,000 people (the bounded scan's worst case).
  const search = await fetch(`${appUrl}/search`, {
    method: 'POST',
    headers: { ...session, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: csrf, page: '/people', q: 'Смирнов Мария' }),
    redirect: 'manual',
  });
  if (search.status !== 303) throw new Error(`panel: the search was not kept (${search.status})`);

  const pages = [
    '/school',
    '/school?page=40',
    `/school/unit?id=${units[10]}`,
    '/people',
    `/people?unit=${units[10]}`,
    '/people?role=parent&status=verified',
    '/invites',
    '/chats',
    '/stats?period=365',
    '/stats/classes.svg?period=30',
    '/audit',
    '/audit?action=request.approved&page=3',
  ];
  const time = async (path: string): Promise<number> => {
    const started = performance.now();
    const res = await fetch(`${appUrl}${path}`, { headers: session });
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`panel: ${path} answered ${res.status}`);
    return performance.now() - started;
  };
  // The per-user rate limit (240 a minute) is above what this asks: 12 pages × (1 + samples).
  const samples = quick ? 3 : 10;
  const report: PanelBenchReport = { members, units: units.length, waitingRequests: WAITING, pages: [] };
  for (const path of pages) {
    const first = Math.round(await time(path)); // also the warm-up (the first SVG loads ECharts)
    const ms: number[] = [];
    for (let i = 0; i < samples; i++) ms.push(await time(path));
    ms.sort((a, b) => a - b);
    const row = {
      page: path,
      first,
      p50: Math.round(pct(ms, 50)),
      p95: Math.round(pct(ms, 95)),
      max: Math.round(ms.at(-1)!),
      n: ms.length,
      withinBudget: pct(ms, 95) < PAGE_BUDGET_MS,
    };
    report.pages.push(row);
    log(`panel: ${path} first ${first} ms, p50 ${row.p50} ms, p95 ${row.p95} ms`);
  }
  return report;
}
