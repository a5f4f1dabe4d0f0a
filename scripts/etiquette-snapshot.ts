/**
 * Oracle for speed work on the etiquette detectors: runs `checkMessage` over
 * every message of the corpora (corpus.tsv, heldout.tsv, blind/*.tsv) and of
 * the bench mix, with and without each file's allow-list and a set of known
 * names, and writes every verdict as JSON. Two snapshots taken before and
 * after a change must be byte-identical.
 *
 * A blind batch that has not joined the tuning corpus may still be unseen
 * (issue 22: scored once, its misses read only after): for it the snapshot
 * keeps a SHA-256 of its verdicts, never the verdicts, so a before/after
 * comparison still holds and nothing of the batch can be read from the file.
 *
 *   npx tsx scripts/etiquette-snapshot.ts /tmp/etq-before.json
 */
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { buildMessageMix } from '../bench/etiquette.js';
import { checkMessage } from '../src/policy/etiquette/index.js';
import { blindBatches, HELDOUT_CORPUS, loadAllowlist, loadCorpus, TUNING_CORPUS } from '../test/policy/etiquette/corpus.js';

export interface SnapshotFile {
  readonly url: URL;
  readonly name: string;
  /** Its misses may be read (see `blindBatches`); otherwise only a hash of its verdicts is kept. */
  readonly tuned: boolean;
}

const knownNames = new Set(['козлов', 'баранова', 'сукина', 'дураков', 'мария', 'иван']);

/** Every verdict on each file (a hash only for a file not tuned on). */
export function buildSnapshot(files: readonly SnapshotFile[]): Record<string, unknown> {
  const snapshot: Record<string, unknown> = {};
  for (const { url, name, tuned } of files) {
    const allowedNumbers = loadAllowlist(url);
    const verdicts = loadCorpus(url).map((e) => ({
      line: e.line,
      plain: checkMessage(e.text),
      allowed: checkMessage(e.text, { allowedNumbers }),
      names: checkMessage(e.text, { knownNames }),
    }));
    snapshot[name] = tuned ? verdicts : { sha256: createHash('sha256').update(JSON.stringify(verdicts)).digest('hex') };
  }
  return snapshot;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const out = process.argv[2] ?? '/tmp/etq-snapshot.json';
  const snapshot = buildSnapshot([
    { url: TUNING_CORPUS, name: 'etiquette/corpus.tsv', tuned: true },
    { url: HELDOUT_CORPUS, name: 'etiquette/heldout.tsv', tuned: true },
    ...blindBatches(),
  ]);
  snapshot['bench-mix'] = buildMessageMix().map((text) => checkMessage(text));
  writeFileSync(out, JSON.stringify(snapshot, null, 1));
  const size = (v: unknown): string => (Array.isArray(v) ? String(v.length) : 'hash only');
  console.log(
    `${out}: ${Object.entries(snapshot)
      .map(([k, v]) => `${k} ${size(v)}`)
      .join(', ')}`,
  );
}
