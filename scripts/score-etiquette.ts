/**
 * Scores the etiquette detectors on one corpus file (expected rules, a tab,
 * optionally the writer's kind and a tab, the message): precision and recall
 * per rule, the share of each kind that got exactly the expected rules, and
 * false alarms on clean messages. Used once on each blind batch before its
 * misses are read (docs/etiquette.md); `--misses` lists the misses too.
 *
 *   npx tsx scripts/score-etiquette.ts test/policy/etiquette/blind/2026-12-06-a.tsv
 */
import { pathToFileURL } from 'node:url';
import { RULE_IDS } from '../src/policy/etiquette/index.js';
import { loadAllowlist, loadCorpus, scoreCorpus } from '../test/policy/etiquette/corpus.js';

const args = process.argv.slice(2);
const file = args.find((a) => !a.startsWith('--'));
if (!file) {
  console.error('usage: npx tsx scripts/score-etiquette.ts FILE.tsv [--misses]');
  process.exit(2);
}
const url = pathToFileURL(file);
const entries = loadCorpus(url);
const score = scoreCorpus(entries, loadAllowlist(url));
const f2 = (x: number): string => x.toFixed(3);
console.log(`${file}: ${score.messages} messages, ${score.cleanMessages} clean`);
console.log('rule               P      R      tp  fp  fn');
for (const rule of RULE_IDS) {
  const s = score.perRule[rule];
  console.log(
    `${rule.padEnd(18)} ${f2(s.precision)}  ${f2(s.recall)}  ${String(s.truePositives).padStart(3)} ${String(s.falsePositives).padStart(3)} ${String(s.falseNegatives).padStart(3)}`,
  );
}
console.log(`false alarms on clean messages: ${score.falseAlarms} of ${score.cleanMessages} (${(score.falseAlarmRate * 100).toFixed(1)}%)`);
const kinds = Object.entries(score.perKind).sort(([a], [b]) => a.localeCompare(b));
if (kinds.length > 0) {
  console.log('kind (exactly right / messages)');
  for (const [kind, k] of kinds) console.log(`  ${kind.padEnd(40)} ${k.right}/${k.messages}`);
}
if (args.includes('--misses')) {
  for (const m of score.mistakes) {
    console.log(`${m.line}\t${m.kind ?? ''}\texpected ${m.expected.join(',') || '-'}\tfound ${m.found.join(',') || '-'}\t${m.text}`);
  }
}
