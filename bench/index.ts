// npm run bench [-- --quick] [-- --only a,b,c,rps,etiquette,stats,panel] [-- --profile]
// BENCH_START_TIMEOUT_MS: how long a process may take to start (default 5 minutes).
//
// The real bot as its own process against the MAX sandbox in another process, with
// its own redis-server, and in the same run a bare @maxhub/max-bot-api bot on the same
// sandbox as the anchor. Compare figures only within one run (the ratios), never
// across machines. See README, «Бенчмарки».
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { cleanupAll, installSignalHandlers } from './lib/cleanup.js';
import { printReport } from './lib/report.js';
import { runSuite, SCENARIOS, type Options, type Scenario } from './suite.js';

function parseArgs(argv: string[]): Options {
  const quick = argv.includes('--quick');
  const profile = argv.includes('--profile');
  let only: Scenario[] = [...SCENARIOS];
  const i = argv.findIndex((a) => a === '--only' || a.startsWith('--only='));
  if (i >= 0) {
    const raw = argv[i]!.includes('=') ? argv[i]!.split('=')[1]! : (argv[i + 1] ?? '');
    const picked = raw
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const unknown = picked.filter((s) => !(SCENARIOS as readonly string[]).includes(s));
    if (picked.length === 0 || unknown.length > 0) {
      console.error(`--only takes a comma-separated list of: ${SCENARIOS.join(', ')}`);
      process.exit(2);
    }
    only = picked as Scenario[];
  }
  for (const a of argv) {
    if (a.startsWith('--') && !['--quick', '--profile', '--only'].includes(a) && !a.startsWith('--only=')) {
      console.error(`unknown option ${a}; use --quick, --only a,b,c,rps,etiquette,stats,panel, --profile`);
      process.exit(2);
    }
  }
  return { quick, profile, only };
}

installSignalHandlers();
const options = parseArgs(process.argv.slice(2));
const started = Date.now();
// Other work on the machine skews every figure: the load average is printed with the results.
const machine = { cpus: cpus().length, loadAverageAtStart: loadavg().map((x) => Number(x.toFixed(2))) };
try {
  const results = await runSuite(options);
  const out = fileURLToPath(new URL('./results/', import.meta.url));
  mkdirSync(out, { recursive: true });
  const file = `${out}latest.json`;
  writeFileSync(file, `${JSON.stringify({ at: new Date().toISOString(), options, machine, seconds: (Date.now() - started) / 1000, ...results }, null, 2)}\n`);
  printReport(results);
  console.log(
    `\n${machine.cpus} cores; load average ${machine.loadAverageAtStart.join(', ')} at the start (anything above the bench's own load skews the figures).\n` +
      `All figures: ${file} (the whole run took ${((Date.now() - started) / 1000).toFixed(0)} s)`,
  );
} catch (err) {
  console.error('bench failed:', err instanceof Error ? (err.stack ?? err.message) : err);
  process.exitCode = 1;
} finally {
  await cleanupAll();
  // Every child is stopped: exit now, whatever handle is left open (a run never hangs at its end).
  process.exit(process.exitCode ?? 0);
}
