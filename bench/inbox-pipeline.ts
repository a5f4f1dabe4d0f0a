// The inbox pipeline alone, without MAX, the sandbox or the router: pages of clean chat
// messages go through Ingest (checked, serialised, stored in parts with the marker) while a
// Dispatcher drains them with a handler that only spins for SPIN µs; per round of TOTAL
// updates it prints the wall time, the process's CPU (its system part, and what is left without
// the handler's SPIN µs per update) and redis-server's
// CPU per update, and the script calls per update. Scenario (a) of `npm run bench` measures the
// whole bot; this shows how much of it is the inbox's own cost (issue 23).
//   npx tsx bench/inbox-pipeline.ts   env: ROUNDS (6), TOTAL (10000), PAGE (1000), SPIN (20),
//   CONC and TURN (the DispatcherOptions concurrency and turn; unset, the Dispatcher's defaults, as the bot runs them)
// Its own redis-server (AOF everysec, as in production) in a temporary directory.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { Dispatcher } from '../src/bot/dispatcher.js';
import { Ingest } from '../src/bot/ingest.js';
import { startLocalRedis } from '../src/demo/redis-local.js';
import { InboxStore } from '../src/store/inbox.js';
import { createKeys } from '../src/store/keys.js';

const ROUNDS = Number(process.env.ROUNDS ?? 6);
const TOTAL = Number(process.env.TOTAL ?? 10_000);
const PAGE = Number(process.env.PAGE ?? 1_000);
const SPIN_US = Number(process.env.SPIN ?? 20);
const PEOPLE = 200;
const TEXTS = [
  'Добрый день! Напоминаю: завтра контрольная по математике.',
  'Спасибо, всё понятно.',
  'Домашнее задание: параграф 12, упражнения 3 и 4.',
  'Кто-нибудь знает, во сколько начинается экскурсия?',
];

const dir = mkdtempSync(join(tmpdir(), 'sferum-inbox-pipeline-'));
const server = await startLocalRedis(dir, { appendOnly: true, appendFsync: 'everysec' });
const redis = new Redis(server.url);
const subscriber = new Redis(server.url);
const probe = new Redis(server.url);
const keys = createKeys('pipe');
const log = pino({ level: 'error' });
const inbox = new InboxStore(redis, keys);
const ingest = new Ingest(inbox, log);
let handled = 0;
const dispatcher = new Dispatcher(
  inbox,
  subscriber,
  keys.inboxWake,
  async () => {
    const t = performance.now();
    while (performance.now() - t < SPIN_US / 1000);
    handled++;
  },
  log,
  { concurrency: process.env.CONC ? Number(process.env.CONC) : undefined, turn: process.env.TURN ? Number(process.env.TURN) : undefined },
);
await dispatcher.start();

/** A page of updates as the sandbox sends them (the same shape and size as scenario a's). */
let seq = 0;
function page(n: number): string {
  const updates = [];
  for (let i = 0; i < n; i++) {
    seq++;
    const userId = 100_001 + (seq % PEOPLE);
    const at = 1_796_575_214_692 + seq;
    updates.push({
      update_type: 'message_created',
      timestamp: at,
      message: {
        sender: {
          user_id: userId,
          first_name: `Пользователь ${userId}`,
          name: `Пользователь ${userId}`,
          username: null,
          is_bot: false,
          last_activity_time: at - 40,
        },
        recipient: { chat_id: -70_000_000_001, chat_type: 'chat', user_id: null, post_id: null },
        timestamp: at,
        body: { mid: `mid.${String(seq).padStart(12, '0')}`, seq, text: TEXTS[seq % TEXTS.length], attachments: null },
      },
      user_locale: 'ru',
    });
  }
  return JSON.stringify({ updates, marker: seq });
}

async function redisCpuSeconds(): Promise<number> {
  const info = await probe.info('cpu');
  const field = (name: string) => Number(new RegExp(`${name}:([\\d.]+)`).exec(info)?.[1] ?? 0);
  return field('used_cpu_sys') + field('used_cpu_user');
}

try {
  for (let round = 1; round <= ROUNDS; round++) {
    const pages = Array.from({ length: Math.ceil(TOTAL / PAGE) }, () => page(PAGE));
    const h0 = handled;
    await probe.config('RESETSTAT');
    const r0 = await redisCpuSeconds();
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    for (const text of pages) {
      const body = JSON.parse(text) as { updates: unknown[]; marker: number };
      await ingest.store(ingest.prepare(body.updates), String(body.marker));
    }
    const stored = performance.now() - t0;
    while (handled - h0 < TOTAL || (await probe.zcard(keys.inboxPending)) > 0) await new Promise((r) => setTimeout(r, 2));
    const wall = performance.now() - t0;
    const cpu = process.cpuUsage(c0);
    const redisUs = ((await redisCpuSeconds()) - r0) * 1e6;
    const evalsha = Number(/cmdstat_evalsha:calls=(\d+)/.exec(await probe.info('commandstats'))?.[1] ?? 0);
    const per = (x: number) => (x / TOTAL).toFixed(1);
    const spun = (handled - h0) * SPIN_US;
    console.log(
      `round ${round}: stored ${stored.toFixed(0)} ms, handled ${wall.toFixed(0)} ms; process ${per(cpu.user + cpu.system)} µs/upd (system ${per(cpu.system)}, without the handler's spin ${per(cpu.user + cpu.system - spun)}); ` +
        `redis-server ${per(redisUs)} µs/upd; script calls ${(evalsha / TOTAL).toFixed(3)}/upd`,
    );
  }
} finally {
  await dispatcher.stop();
  redis.disconnect();
  subscriber.disconnect();
  probe.disconnect();
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
}
