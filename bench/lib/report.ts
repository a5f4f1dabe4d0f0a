// The bench's table on stdout.
import type { EtiquetteBenchReport } from '../etiquette.js';
import type { SuiteResults } from '../suite.js';
import type { Measurement } from './measure.js';

const f = (x: number | undefined, digits = 0): string => (x === undefined || !Number.isFinite(x) ? '—' : x.toFixed(digits));
const ratio = (x: number | undefined): string => (x === undefined || !Number.isFinite(x) ? '—' : x >= 0.1 ? `${x.toFixed(2)}×` : `${x.toFixed(3)}×`);

function table(head: string[], rows: string[][], indent = ''): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].map((l) => indent + l).join('\n');
}

export function printReport(r: SuiteResults): void {
  const rows: string[][] = [];
  const row = (name: string, m: Measurement | undefined, anchors?: { replying?: Measurement; silent?: Measurement }, bytes?: number) => {
    if (!m) return;
    rows.push([
      name,
      String(m.updates),
      f(m.seconds, 2),
      f(m.updatesPerSecond),
      anchors?.replying ? ratio(m.updatesPerSecond / anchors.replying.updatesPerSecond) : '',
      anchors?.silent ? ratio(m.updatesPerSecond / anchors.silent.updatesPerSecond) : '',
      f(m.cpuUsPerUpdate),
      anchors?.replying ? ratio(m.cpuUsPerUpdate / anchors.replying.cpuUsPerUpdate) : '',
      f(m.sandboxCpuUsPerUpdate),
      m.redis ? f(m.redis.roundTrips, 1) : '',
      m.redis ? f(m.redis.commandsSent, 1) : '',
      m.redis ? f(m.redis.scriptCalls, 1) : '',
      m.redis ? f(m.redis.insideScripts, 1) : '',
      m.redis ? f(m.redis.serverCpuUsPerUpdate) : '',
      bytes !== undefined ? f(bytes) : '',
    ]);
  };
  const chat = { replying: r.anchors['chat.replying'], silent: r.anchors['chat.silent'] };
  const dialog = { replying: r.anchors['dialog.replying'], silent: r.anchors['dialog.silent'] };
  row('anchor: bare SDK bot, replying — chat messages', chat.replying);
  row('anchor: bare SDK bot, silent — chat messages', chat.silent);
  row('(a) bot: clean messages, bound study chat', r.scenarios.a, chat, r.scenarios.a?.redisBytesPerUpdate);
  row('anchor: bare SDK bot, replying — dialog /help', dialog.replying);
  row('anchor: bare SDK bot, silent — dialog /help', dialog.silent);
  row('(b) bot: /help from 200 people in dialogs', r.scenarios.b, dialog, r.scenarios.b?.redisBytesPerUpdate);

  if (rows.length > 0) {
    console.log('\nThroughput (each load is put into the sandbox at once; time until the last update is handled)\n');
    console.log(
      table(['', 'updates', 's', 'upd/s', '× bare repl.', '× bare silent', 'CPU µs/upd', 'CPU × repl.', 'sandbox CPU µs/upd', 'Redis RT/upd', 'sent/upd', 'scripts/upd', 'in scripts/upd', 'redis CPU µs/upd', 'Redis +B/upd'], rows),
    );
    console.log(
      '\n× bare repl./silent: the bot\'s rate over the bare SDK bot\'s on the same kind of updates, same run (higher is better).\n' +
        'sandbox CPU: the MAX sandbox\'s CPU per update meanwhile (it shares the machine with the bot).\n' +
        'RT: network round trips (a pipeline or MULTI is one); sent: commands the bot sent; scripts: EVALSHA/EVAL among them;\n' +
        'in scripts: commands Lua scripts ran on the server; Redis +B: used_memory growth per update (what updates leave behind).',
    );
  }

  for (const name of ['a', 'b'] as const) {
    const m = r.scenarios[name];
    if (!m?.redis) continue;
    const top = Object.entries(m.redis.byCommand)
      .sort((x, y) => y[1].sent + y[1].inScripts - (x[1].sent + x[1].inScripts))
      .slice(0, 12)
      .map(([cmd, c]) => `${cmd} ${f(c.sent, 2)}${c.inScripts > 0.005 ? `+${f(c.inScripts, 2)}` : ''}`);
    console.log(`\n(${name}) Redis commands per update, sent[+in scripts]: ${top.join(', ')}`);
  }

  if (r.sync) {
    const s = r.sync;
    console.log(`\n(c) /sync of a ${s.chatMembers.toLocaleString('en')}-member chat in a ${s.members.toLocaleString('en')}-member organisation, chat messages at ${f(s.chatLoadPerSecond)}/s meanwhile`);
    console.log(`  /sync took                             ${f(s.syncSeconds, 2)} s (from the admin's /sync to the report in their dialog)`);
    console.log(`  other people's /help, nothing running  p50 ${f(s.latencyIdleMs.p50)} ms, p95 ${f(s.latencyIdleMs.p95)} ms (n=${s.latencyIdleMs.n})`);
    console.log(`  other people's /help during the sync   p50 ${f(s.latencyDuringSyncMs.p50)} ms, p95 ${f(s.latencyDuringSyncMs.p95)} ms, max ${f(s.latencyDuringSyncMs.max)} ms (n=${s.latencyDuringSyncMs.n})`);
    console.log(`  chat messages sent during the sync     ${s.chatMessagesDuringSync}; everything handled ${f(s.chatDrainSeconds, 2)} s after /sync was sent`);
  }
  if (r.memory) {
    const m = r.memory;
    console.log(`\nRedis memory at ${m.members.toLocaleString('en')} members`);
    console.log(`  members as the join flow leaves them   ${f(m.bytesPerMemberSeeded)} B per member (used_memory growth while seeding ÷ members)`);
    console.log(`  everything at the end of the run       ${f(m.bytesPerMemberEnd)} B per member (used_memory − empty Redis, ÷ members; includes this run's leftovers)`);
    if (m.bytesPerMemberSteady !== undefined) {
      console.log(`  what stays once TTLs lapse             ${f(m.bytesPerMemberSteady)} B per member (the same, after the ${m.expiringKeys} keys with a TTL are gone: decided requests, seen ids, finished jobs)`);
    }
    console.log('  largest key families (MEMORY USAGE):');
    console.log(table(['family', 'keys', 'bytes', 'B/key'], m.families.map((x) => [x.family, String(x.keys), String(x.bytes), f(x.bytes / x.keys)]), '    '));
  }
  if (r.rps) {
    const x = r.rps;
    console.log(
      `\nMAX_RPS=${x.rps} (sandbox limited to ${x.rps} requests/s): ${x.updates} /help in ${f(x.seconds, 1)} s = ${f(x.repliesPerSecond, 1)} replies/s ` +
        `(${f((x.repliesPerSecond / x.rps) * 100)}% of the limit, which the polling requests share), 429 answers: ${x.refused429}`,
    );
  }
  if (r.stats) {
    const x = r.stats;
    console.log(`\n(stats) ${x.members.toLocaleString('en')} members in ${x.units} units, 365 days of counters`);
    console.log(`  /stats 365 to the summary              p50 ${f(x.statsSummaryMs.p50)} ms, p95 ${f(x.statsSummaryMs.p95)} ms (n=${x.statsSummaryMs.n})`);
    console.log(`  /stats 365 to the last part            p50 ${f(x.statsFullReportMs.p50)} ms, p95 ${f(x.statsFullReportMs.p95)} ms (two PNG charts and the xlsx uploaded and sent; n=${x.statsFullReportMs.n})`);
    console.log(
      `  broadcast to ${x.broadcast.recipients} parents               ${f(x.broadcast.seconds, 2)} s = ${f(x.broadcast.perSecond, 1)} messages/s, ${f(x.broadcast.shareOfMaxRps * 100)}% of MAX_RPS=${x.broadcast.maxRps} ` +
        `(ideal ${f(x.broadcast.recipients / x.broadcast.maxRps, 2)} s; the limiter keeps 5% in reserve)`,
    );
  }
  if (r.panel) {
    const x = r.panel;
    console.log(`\n(panel) web panel pages, ${x.members.toLocaleString('en')} members in ${x.units} classes, ${x.waitingRequests} requests waiting; budget 300 ms`);
    for (const p of x.pages) console.log(`  ${p.page.padEnd(40)} first ${f(p.first)} ms, p50 ${f(p.p50)} ms, p95 ${f(p.p95)} ms, max ${f(p.max)} ms${p.withinBudget ? '' : '  ← over budget'}`);
  }
  if (r.etiquette) {
    const e = r.etiquette as EtiquetteBenchReport;
    console.log(
      `\netiquette: checkMessage ${Math.round(e.messagesPerSecond).toLocaleString('en')} messages/s, ${(e.charactersPerSecond / 1e6).toFixed(2)} M chars/s on one core ` +
        `(${e.messages} messages, average ${e.averageLength.toFixed(0)} chars; precision/recall per rule in the JSON)`,
    );
  }
}
