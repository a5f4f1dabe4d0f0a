// The bench's table on stdout.
import type { EtiquetteBenchReport } from '../etiquette.js';
import type { Spread, SuiteResults } from '../suite.js';

const f = (x: number | undefined, digits = 0): string => (x === undefined || !Number.isFinite(x) ? '—' : x.toFixed(digits));
const ratio = (x: number | undefined): string => (x === undefined || !Number.isFinite(x) ? '—' : x >= 0.1 ? `${x.toFixed(2)}×` : `${x.toFixed(3)}×`);

function table(head: string[], rows: string[][], indent = ''): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].map((l) => indent + l).join('\n');
}

const sp = (x: Spread | undefined, digits = 0): string =>
  x === undefined || !Number.isFinite(x.median) ? '—' : `${f(x.median, digits)} (${f(x.min, digits)}–${f(x.max, digits)})`;
const spr = (x: Spread | undefined): string => (x === undefined || !Number.isFinite(x.median) ? '—' : `${ratio(x.median)} (${ratio(x.min)}–${ratio(x.max)})`);

export function printReport(r: SuiteResults): void {
  if (r.throughput.length > 0) {
    console.log('\nThroughput, timed until handled (feed committed, Redis inbox and outbox empty, replies in).');
    console.log('Each figure: median of the interleaved rounds (min–max). Rounds run bot, anchor, anchor back to back.');
  }
  for (const t of r.throughput) {
    console.log(`\n(${t.key}) ${t.title}: ${t.updates} updates per round, ${t.subjects[0]?.rounds.length ?? 0} rounds`);
    const rows = t.subjects.map((x) => [
      x.name,
      sp(x.updatesPerSecond),
      sp(x.cpuUsPerUpdate),
      sp(x.tailMs),
      sp(x.redisCommandsPerUpdate, 1),
      sp(x.redisSentPerUpdate, 1),
      sp(x.redisInScriptsPerUpdate, 1),
      sp(x.redisRoundTripsPerUpdate, 1),
      sp(x.redisCpuUsPerUpdate),
      sp(x.redisBytesPerUpdate),
    ]);
    console.log(table(['', 'upd/s', 'bot CPU µs/upd', 'tail ms', 'Redis cmd/upd', 'sent', 'in Lua', 'RT/upd', 'Redis CPU µs/upd', 'Redis +B/upd'], rows, '  '));
    for (const q of t.ratios) {
      console.log(
        `  bot ÷ ${q.anchor}: rate ${spr(q.rate)}, CPU per update ${spr(q.cpu)}${t.arrival === 'paced' ? ' (paced: both keep the pace, compare CPU)' : ''}`,
      );
    }
    const bot = t.subjects[0]?.rounds.at(-1);
    if (bot?.redis) {
      const top = Object.entries(bot.redis.byCommand)
        .sort((x, y) => y[1].sent + y[1].inScripts - (x[1].sent + x[1].inScripts))
        .slice(0, 12)
        .map(([cmd, c]) => `${cmd} ${f(c.sent, 2)}${c.inScripts > 0.005 ? `+${f(c.inScripts, 2)}` : ''}`);
      console.log(`  Redis commands per update (last round), sent[+in Lua]: ${top.join(', ')}`);
    }
  }
  if (r.throughput.length > 0) {
    console.log(
      '\nupd/s: updates handled per second; bot CPU: user+system CPU of the bot process per update; tail: from the last update put in to handled.\n' +
        'Redis cmd/upd: commands the server ran per update = sent by the bot + run inside Lua (INFO commandstats deltas); RT: round trips\n' +
        '(a pipeline or MULTI is one); Redis CPU: used_cpu_sys+used_cpu_user of redis-server per update; Redis +B: used_memory growth per update.\n' +
        'bot ÷ anchor: per round, the bot over the bare SDK bot on the same load in the same round, then median (min–max).',
    );
  }

  if (r.sync) {
    const s = r.sync;
    console.log(
      `\n(c) /sync of a ${s.chatMembers.toLocaleString('en')}-member chat in a ${s.members.toLocaleString('en')}-member organisation, chat messages at ${f(s.chatLoadPerSecond)}/s meanwhile`,
    );
    console.log(`  /sync took                             ${f(s.syncSeconds, 2)} s (from the admin's /sync to the report in their dialog)`);
    console.log(`  other people's /help, nothing running  p50 ${f(s.latencyIdleMs.p50)} ms, p95 ${f(s.latencyIdleMs.p95)} ms (n=${s.latencyIdleMs.n})`);
    console.log(
      `  other people's /help during the sync   p50 ${f(s.latencyDuringSyncMs.p50)} ms, p95 ${f(s.latencyDuringSyncMs.p95)} ms, max ${f(s.latencyDuringSyncMs.max)} ms (n=${s.latencyDuringSyncMs.n})`,
    );
    console.log(`  chat messages sent during the sync     ${s.chatMessagesDuringSync}; everything handled ${f(s.chatDrainSeconds, 2)} s after /sync was sent`);
  }
  if (r.memory) {
    const m = r.memory;
    console.log(`\nRedis memory at ${m.members.toLocaleString('en')} members`);
    console.log(
      `  ${m.joined} joined through the bot, lasting ${f(m.lastingBytesPerMemberJoined)} B per member (invite → request → the curator's «Подтвердить», the running bot driven through the sandbox; ` +
        'MEMORY USAGE growth of keys kept a day or more, streams by a copy, job queues left out)',
    );
    console.log(
      `  the same sample, used_memory           ${f(m.bytesPerMemberJoined)} B per member (growth ÷ sample; includes update ids, replies and jobs that expire within hours)`,
    );
    console.log(`    by family: ${m.joinedFamilies.map((x) => `${x.family} ${f(x.bytesPerMember)}`).join(', ')}`);
    console.log(
      `  seeded straight through the stores     ${f(m.bytesPerMemberSeeded)} B per member (used_memory growth while seeding ÷ ${(m.members - m.joined).toLocaleString('en')}; ` +
        'request, profile, roles, two audit entries: no invite entry, domain event, flow run record or statistics — not what a real join costs)',
    );
    console.log(
      `  joined in                              ${f(m.joinSeconds, 1)} s (with the invites made; from the first invite opened: requests filed ${f(m.joinTimes.filed, 1)} s, decided ${f(m.joinTimes.decided, 1)} s, ` +
        `cards closed ${f(m.joinTimes.closed, 1)} s: MAX answers 2 presses a second per chat)`,
    );
    console.log(
      `  everything at the end of the run       ${f(m.bytesPerMemberEnd)} B per member (used_memory − empty Redis, ÷ members; includes this run's leftovers)`,
    );
    if (m.bytesPerMemberSteady !== undefined) {
      console.log(
        `  what stays once TTLs lapse             ${f(m.bytesPerMemberSteady)} B per member (the same, after the ${m.expiringKeys} keys with a TTL are gone: decided requests, seen ids, finished jobs)`,
      );
    }
    console.log('  largest key families (MEMORY USAGE):');
    console.log(
      table(
        ['family', 'keys', 'bytes', 'B/key'],
        m.families.map((x) => [x.family, String(x.keys), String(x.bytes), f(x.bytes / x.keys)]),
        '    ',
      ),
    );
  }
  if (r.chatLoad) {
    const l = r.chatLoad;
    console.log(
      `\n(c) ${f(l.chatLoadPerSecond)} chat messages a second in one chat for ${f(l.seconds, 1)} s, ${l.members.toLocaleString('en')}-member organisation`,
    );
    console.log(`  other people's /help, nothing running  p50 ${f(l.latencyIdleMs.p50)} ms, p95 ${f(l.latencyIdleMs.p95)} ms (n=${l.latencyIdleMs.n})`);
    console.log(
      `  other people's /help under the load    p50 ${f(l.latencyUnderLoadMs.p50)} ms, p95 ${f(l.latencyUnderLoadMs.p95)} ms, max ${f(l.latencyUnderLoadMs.max)} ms (n=${l.latencyUnderLoadMs.n})`,
    );
  }
  if (r.rps) {
    const x = r.rps;
    console.log(`\nMAX_RPS=${x.rps}, the sandbox allowing ${x.rps} requests in any one-second window: ${x.refused429} answers 429 in ${x.runs.length} runs`);
    for (const [i, run] of x.runs.entries()) {
      console.log(
        `  run ${i + 1}: ${run.updates} /help in ${f(run.seconds, 1)} s = ${f(run.repliesPerSecond, 1)} replies/s (${f((run.repliesPerSecond / x.rps) * 100)}% of the limit, ` +
          `which the polling requests share); busiest second ${run.busiestSecond} requests; 429 answers: ${run.refused429}`,
      );
    }
  }
  if (r.stats) {
    const x = r.stats;
    console.log(`\n(stats) ${x.members.toLocaleString('en')} members in ${x.units} units, 365 days of counters`);
    console.log(`  /stats 365 to the summary              p50 ${f(x.statsSummaryMs.p50)} ms, p95 ${f(x.statsSummaryMs.p95)} ms (n=${x.statsSummaryMs.n})`);
    console.log(
      `  /stats 365 to the last part            p50 ${f(x.statsFullReportMs.p50)} ms, p95 ${f(x.statsFullReportMs.p95)} ms (two PNG charts and the xlsx uploaded and sent; n=${x.statsFullReportMs.n})`,
    );
    console.log(
      `  broadcast to ${x.broadcast.recipients} parents               ${f(x.broadcast.seconds, 2)} s = ${f(x.broadcast.perSecond, 1)} messages/s, ${f(x.broadcast.shareOfMaxRps * 100)}% of MAX_RPS=${x.broadcast.maxRps} ` +
        `(ideal ${f(x.broadcast.recipients / x.broadcast.maxRps, 2)} s; the limiter keeps 10% and 100 ms of each window in reserve)`,
    );
  }
  if (r.panel) {
    const x = r.panel;
    console.log(
      `\n(panel) web panel pages, ${x.members.toLocaleString('en')} members in ${x.units} classes, ${x.waitingRequests} requests waiting; budget 300 ms`,
    );
    for (const p of x.pages)
      console.log(
        `  ${p.page.padEnd(40)} first ${f(p.first)} ms, p50 ${f(p.p50)} ms, p95 ${f(p.p95)} ms, max ${f(p.max)} ms${p.withinBudget ? '' : '  ← over budget'}`,
      );
  }
  if (r.etiquette) {
    const e = r.etiquette as EtiquetteBenchReport;
    console.log(
      `\netiquette: checkMessage ${Math.round(e.messagesPerSecond).toLocaleString('en')} messages/s, ${(e.charactersPerSecond / 1e6).toFixed(2)} M chars/s on one core ` +
        `(${e.messages} messages, average ${e.averageLength.toFixed(0)} chars; precision/recall per rule in the JSON)`,
    );
  }
}
