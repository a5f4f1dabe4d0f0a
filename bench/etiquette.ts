/**
 * Throughput and quality of the etiquette detectors (src/policy/etiquette).
 *
 * Builds a deterministic mix of chat messages from the pieces of the test
 * corpus — most clean, some with a violation, 5 to 500 characters — and
 * measures `checkMessage` on one core after a warm-up; then prints precision
 * and recall per rule and the false-alarm rate on clean messages, separately
 * for the tuning corpus (corpus.tsv) and the held-out one (heldout.tsv, never
 * tuned on).
 *
 *   npx tsx bench/etiquette.ts
 */
import { pathToFileURL } from 'node:url';
import { checkMessage, RULE_IDS, type RuleId } from '../src/policy/etiquette/index.js';
import { HELDOUT_CORPUS, loadAllowlist, loadCorpus, scoreCorpus, TUNING_CORPUS, type RuleScore } from '../test/policy/etiquette/corpus.js';

export interface CorpusReport {
  readonly messages: number;
  readonly perRule: Readonly<Record<RuleId, RuleScore>>;
  readonly cleanMessages: number;
  readonly falseAlarms: number;
  readonly falseAlarmRate: number;
}

export interface EtiquetteBenchReport {
  readonly name: 'etiquette';
  readonly messages: number;
  readonly violatingShare: number;
  readonly averageLength: number;
  readonly durationMs: number;
  readonly messagesPerSecond: number;
  /**
   * The same count over the process's CPU time: on a machine shared with
   * other work the wall-clock rate drops while this one does not.
   */
  readonly messagesPerCpuSecond: number;
  readonly charactersPerSecond: number;
  readonly corpus: CorpusReport;
  readonly heldout: CorpusReport;
}

const MIX_SIZE = 5_000;
const VIOLATING_SHARE = 0.15;
const MIN_LENGTH = 5;
const MAX_LENGTH = 500;
const WARM_UP_MS = 1_000;
const MEASURE_MS = 3_000;

/** mulberry32: a small seeded generator, so every run measures the same mix. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Messages of 5–500 characters (short ones more often, as in chats), built from corpus pieces. */
export function buildMessageMix(size = MIX_SIZE, seed = 20_250_901): string[] {
  const corpus = loadCorpus();
  const clean = corpus.filter((e) => e.expected.length === 0).map((e) => e.text);
  const violating = corpus.filter((e) => e.expected.length > 0).map((e) => e.text);
  const random = seededRandom(seed);
  const pick = (list: readonly string[]): string => list[Math.floor(random() * list.length)] as string;

  const mix: string[] = [];
  for (let i = 0; i < size; i++) {
    const target = Math.round(MIN_LENGTH * (MAX_LENGTH / MIN_LENGTH) ** random());
    const pieces: string[] = [];
    let length = 0;
    while (length < target) {
      const piece = pick(clean);
      pieces.push(piece);
      length += piece.length + 1;
    }
    let message = pieces.join(' ');
    if (message.length > target) {
      const cut = message.lastIndexOf(' ', target);
      message = message.slice(0, cut > MIN_LENGTH ? cut : target);
    }
    if (random() < VIOLATING_SHARE) {
      // The violation goes in whole, at a word boundary of the clean text.
      const at = message.lastIndexOf(' ', Math.floor(random() * message.length));
      const violation = pick(violating);
      message = at <= 0 ? `${violation} ${message}` : `${message.slice(0, at)} ${violation}${message.slice(at)}`;
      if (message.length > MAX_LENGTH) message = violation;
    }
    mix.push(message);
  }
  return mix;
}

export async function runEtiquetteBench(): Promise<EtiquetteBenchReport> {
  const mix = buildMessageMix();
  const characters = mix.reduce((sum, m) => sum + m.length, 0);
  const violating = mix.filter((m) => checkMessage(m).length > 0).length;

  const runFor = (ms: number): { count: number; elapsed: number; cpuMs: number } => {
    const start = performance.now();
    const cpuStart = process.cpuUsage();
    let count = 0;
    let elapsed = 0;
    while (elapsed < ms) {
      for (const message of mix) checkMessage(message);
      count += mix.length;
      elapsed = performance.now() - start;
    }
    const cpu = process.cpuUsage(cpuStart);
    return { count, elapsed, cpuMs: (cpu.user + cpu.system) / 1000 };
  };
  runFor(WARM_UP_MS);
  const { count, elapsed, cpuMs } = runFor(MEASURE_MS);
  const rounds = count / mix.length;

  const part = (url: URL): CorpusReport => {
    const { messages, perRule, cleanMessages, falseAlarms, falseAlarmRate } = scoreCorpus(loadCorpus(url), loadAllowlist(url));
    return { messages, perRule, cleanMessages, falseAlarms, falseAlarmRate };
  };
  return {
    name: 'etiquette',
    messages: mix.length,
    violatingShare: violating / mix.length,
    averageLength: characters / mix.length,
    durationMs: elapsed,
    messagesPerSecond: (count / elapsed) * 1000,
    messagesPerCpuSecond: (count / cpuMs) * 1000,
    charactersPerSecond: ((characters * rounds) / elapsed) * 1000,
    corpus: part(TUNING_CORPUS),
    heldout: part(HELDOUT_CORPUS),
  };
}

function printReport(report: EtiquetteBenchReport): void {
  const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;
  console.log(`etiquette: ${report.messages} messages, average ${report.averageLength.toFixed(0)} chars, ` + `${pct(report.violatingShare)} with findings`);
  console.log(
    `  checkMessage: ${Math.round(report.messagesPerSecond).toLocaleString('en')} messages/s, ` +
      `${(report.charactersPerSecond / 1e6).toFixed(2)} M chars/s (one core, ${(report.durationMs / 1000).toFixed(1)} s); ` +
      `${Math.round(report.messagesPerCpuSecond).toLocaleString('en')} messages per CPU second`,
  );
  for (const [name, part] of [
    ['tuning corpus', report.corpus],
    ['held-out corpus', report.heldout],
  ] as const) {
    console.log(`  ${name} (${part.messages} messages):`);
    for (const rule of RULE_IDS) {
      const s = part.perRule[rule];
      console.log(
        `    ${rule.padEnd(17)} precision ${pct(s.precision).padStart(6)}  recall ${pct(s.recall).padStart(6)}  ` +
          `(tp ${s.truePositives}, fp ${s.falsePositives}, fn ${s.falseNegatives})`,
      );
    }
    console.log(`    false alarms on clean messages: ${pct(part.falseAlarmRate)} (${part.falseAlarms} of ${part.cleanMessages})`);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  printReport(await runEtiquetteBench());
}
