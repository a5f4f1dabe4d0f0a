// `npm run chaos`: the bot as a real process against the sandbox and a local Redis,
// 5,000 updates, 10 random `kill -9`s of the bot (each followed by a restart), and
// then a count per update of the replies that arrived: lost (none) and duplicated
// (more than one). A second round adds "response lost" faults: a proxy in front of
// the sandbox lets a share of the bot's sends through to MAX but cuts the
// connection before the answer, so the bot cannot know they arrived.
//   CHAOS_UPDATES (5000), CHAOS_KILLS (10), CHAOS_LOST_SHARE (0.02)
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { startLocalRedis, freePort } from '../src/demo/redis-local.js';
import { SandboxControl } from '../src/sandbox/control.js';
import { MaxSandbox } from '../src/sandbox/server.js';

const UPDATES = Number(process.env.CHAOS_UPDATES ?? 5000);
const KILLS = Number(process.env.CHAOS_KILLS ?? 10);
const LOST_SHARE = Number(process.env.CHAOS_LOST_SHARE ?? 0.02);
const USERS = 200;
const SEND_RATE = 250; // updates a second

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const rand = (a: number, b: number) => a + Math.random() * (b - a);

/** Forwards to the sandbox; with `share` > 0, that share of POST /messages is applied but its answer never comes back. */
async function responseLosingProxy(target: string, share: number) {
  let cut = 0;
  const port = await freePort();
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const url = new URL(req.url ?? '/', target);
    try {
      const upstream = await fetch(url, {
        method: req.method,
        headers: { 'content-type': String(req.headers['content-type'] ?? 'application/json'), authorization: String(req.headers.authorization ?? '') },
        body: chunks.length > 0 ? Buffer.concat(chunks) : undefined,
      });
      const body = await upstream.text();
      if (req.method === 'POST' && url.pathname === '/messages' && upstream.status === 200 && Math.random() < share) {
        cut++;
        req.socket.destroy();
        return;
      }
      res.writeHead(upstream.status, { 'content-type': 'application/json' });
      res.end(body);
    } catch {
      req.socket.destroy();
    }
  });
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', () => r()));
  return { url: `http://127.0.0.1:${port}`, cut: () => cut, close: () => new Promise<void>((r) => server.close(() => r())) };
}

function spawnBot(env: Record<string, string>): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { env, stdio: ['ignore', 'ignore', 'inherit'] });
  return child;
}

async function round(name: string, redisUrl: string, lostShare: number) {
  const sandbox = new MaxSandbox({ rps: 1000, callbackRps: 1000 });
  await sandbox.start();
  const control = new SandboxControl(sandbox.url);
  const proxy = await responseLosingProxy(sandbox.url, lostShare);
  const env = {
    PATH: process.env.PATH ?? '',
    MAX_BOT_TOKEN: sandbox.token,
    MAX_API_URL: proxy.url,
    MAX_RPS: '1000',
    REDIS_URL: redisUrl,
    REDIS_PREFIX: `chaos${randomBytes(3).toString('hex')}`,
    ADMIN_USER_IDS: '1',
    LOG_LEVEL: 'error',
    HTTP_PORT: '0',
  };
  let bot = spawnBot(env);
  const started = Date.now();
  // Send in the background at a steady rate.
  const sending = (async () => {
    for (let i = 0; i < UPDATES; i++) {
      await control.sendText(10_000 + (i % USERS), `/u${i}`);
      const due = started + ((i + 1) * 1000) / SEND_RATE;
      if (due > Date.now()) await sleep(due - Date.now());
    }
  })();
  // Kills at random moments while the updates come in and are answered.
  const span = (UPDATES / SEND_RATE) * 1000 + 4000;
  const killAt = Array.from({ length: KILLS }, () => rand(1500, span)).sort((a, b) => a - b);
  for (const at of killAt) {
    const wait = started + at - Date.now();
    if (wait > 0) await sleep(wait);
    bot.kill('SIGKILL');
    await new Promise((r) => bot.once('exit', r));
    bot = spawnBot(env);
  }
  await sending;
  // Wait until every update was answered, or nothing new arrived for 30 s.
  const counts = new Map<number, number>();
  let last = -1;
  let quietSince = Date.now();
  for (;;) {
    const msgs = await control.messages({ fromBot: true });
    counts.clear();
    for (const m of msgs) {
      const i = /Не знаю команды \/u(\d+)\./.exec(m.text ?? '');
      if (i) counts.set(Number(i[1]), (counts.get(Number(i[1])) ?? 0) + 1);
    }
    if (counts.size >= UPDATES) break;
    if (msgs.length !== last) {
      last = msgs.length;
      quietSince = Date.now();
    } else if (Date.now() - quietSince > 30_000) break;
    await sleep(500);
  }
  const elapsed = (Date.now() - started) / 1000;
  bot.kill('SIGTERM');
  await new Promise((r) => bot.once('exit', r));
  let lost = 0;
  let duplicated = 0;
  for (let i = 0; i < UPDATES; i++) {
    const c = counts.get(i) ?? 0;
    if (c === 0) lost++;
    else duplicated += c - 1;
  }
  const cut = proxy.cut();
  await proxy.close();
  await sandbox.stop();
  return { name, updates: UPDATES, kills: KILLS, lost, duplicated, cutResponses: cut, seconds: elapsed };
}

async function main(): Promise<void> {
  const redis = await startLocalRedis('.data/chaos', { appendOnly: false });
  const results = [];
  try {
    results.push(await round('kill -9', redis.url, 0));
    results.push(await round('kill -9 + response lost', redis.url, LOST_SHARE));
  } finally {
    await redis.stop();
  }
  for (const r of results) {
    const rate = ((r.duplicated / r.updates) * 100).toFixed(2);
    console.log(
      `${r.name}: ${r.updates} updates, ${r.kills} kills` +
        (r.cutResponses ? `, ${r.cutResponses} sends applied with the answer lost` : '') +
        ` → lost ${r.lost}, duplicated ${r.duplicated} (${rate}% of updates), ${r.seconds.toFixed(1)} s`,
    );
  }
  if (results.some((r) => r.lost > 0)) process.exitCode = 1;
}

void main();
