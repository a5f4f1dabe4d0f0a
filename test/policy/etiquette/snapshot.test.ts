/**
 * The speed oracle (scripts/etiquette-snapshot.ts) must not write down the
 * verdicts on a blind batch nobody has read yet: only a hash of them.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildSnapshot } from '../../../scripts/etiquette-snapshot.js';
import { blindBatches } from './corpus.js';

describe('etiquette snapshot', () => {
  const dir = mkdtempSync(join(tmpdir(), 'etq-snapshot-'));
  const file = join(dir, 'batch.tsv');
  writeFileSync(file, 'insult\tinsult-test\tты баран\n-\tclean-test\tСбор в 8:30 у школы\n');
  const url = pathToFileURL(file);

  it('keeps a hash only for a batch not tuned on, the same for the same verdicts', () => {
    const first = buildSnapshot([{ url, name: 'unseen', tuned: false }]);
    expect(Object.keys(first.unseen as object)).toEqual(['sha256']);
    expect(JSON.stringify(first)).not.toContain('insult');
    expect(buildSnapshot([{ url, name: 'unseen', tuned: false }])).toEqual(first);
  });

  it('keeps every verdict for a file tuned on', () => {
    const tuned = buildSnapshot([{ url, name: 'tuned', tuned: true }]).tuned as Array<{ plain: unknown[] }>;
    expect(tuned).toHaveLength(2);
    expect(tuned[0]?.plain).toHaveLength(1);
  });

  it('a blind batch is tuned on once every message of it is in the tuning corpus', () => {
    const batches = blindBatches();
    expect(batches.length).toBeGreaterThan(0);
    expect(batches.find((b) => b.name === 'blind/2026-12-06-a.tsv')?.tuned).toBe(true);
  });
});
