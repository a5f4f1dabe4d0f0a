/**
 * Oracle for speed work on the etiquette detectors: runs `checkMessage` over
 * every message of the corpora (corpus.tsv, heldout.tsv, blind/*.tsv) and of
 * the bench mix, with and without each file's allow-list and a set of known
 * names, and writes every verdict as JSON. Two snapshots taken before and
 * after a change must be byte-identical.
 *
 *   npx tsx scripts/etiquette-snapshot.ts /tmp/etq-before.json
 */
import { readdirSync, writeFileSync } from 'node:fs';
import { buildMessageMix } from '../bench/etiquette.js';
import { checkMessage } from '../src/policy/etiquette/index.js';
import { HELDOUT_CORPUS, loadAllowlist, loadCorpus, TUNING_CORPUS } from '../test/policy/etiquette/corpus.js';

const out = process.argv[2] ?? '/tmp/etq-snapshot.json';
const blindDir = new URL('../test/policy/etiquette/blind/', import.meta.url);
const files = [
  TUNING_CORPUS,
  HELDOUT_CORPUS,
  ...readdirSync(blindDir)
    .filter((f) => f.endsWith('.tsv'))
    .sort()
    .map((f) => new URL(f, blindDir)),
];
const knownNames = new Set(['козлов', 'баранова', 'сукина', 'дураков', 'мария', 'иван']);

const snapshot: Record<string, unknown[]> = {};
for (const url of files) {
  const allowedNumbers = loadAllowlist(url);
  snapshot[url.pathname.split('/').slice(-2).join('/')] = loadCorpus(url).map((e) => ({
    line: e.line,
    plain: checkMessage(e.text),
    allowed: checkMessage(e.text, { allowedNumbers }),
    names: checkMessage(e.text, { knownNames }),
  }));
}
snapshot['bench-mix'] = buildMessageMix().map((text) => checkMessage(text));
writeFileSync(out, JSON.stringify(snapshot, null, 1));
console.log(`${out}: ${Object.entries(snapshot).map(([k, v]) => `${k} ${v.length}`).join(', ')}`);
