/**
 * The etiquette corpora (expected rule ids, a tab, a message) and per-rule
 * precision and recall of `checkMessage` on them. Shared by the corpus test
 * and bench/etiquette.ts.
 *
 *   - corpus.tsv: the tuning corpus, grown with the detectors;
 *   - heldout.tsv: written before the rework of issue 13 and never tuned on.
 *
 * A `# allow: <digits> …` comment line lists the organisation's own public
 * numbers, passed to `checkMessage` as `allowedNumbers`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { brokenRules, checkMessage, RULE_IDS, type RuleId } from '../../../src/policy/etiquette/index.js';

export interface CorpusEntry {
  readonly line: number;
  readonly expected: readonly RuleId[];
  readonly text: string;
  /** What the writer meant the message to show («address», «clean-near-miss-surname»), when given. */
  readonly kind?: string;
}

/** A writer's kind column: lower-case Latin words joined by dashes. */
const KIND = /^[a-z][a-z0-9-]*$/;

export const TUNING_CORPUS = new URL('./corpus.tsv', import.meta.url);
export const HELDOUT_CORPUS = new URL('./heldout.tsv', import.meta.url);
const BLIND_DIR = new URL('./blind/', import.meta.url);

export interface BlindBatch {
  readonly url: URL;
  /** «blind/2026-12-06-d.tsv» */
  readonly name: string;
  /**
   * Every message of the batch is in the tuning corpus: it was scored once and its misses
   * may be read. A batch not yet merged may be unseen: nothing of it is to be shown.
   */
  readonly tuned: boolean;
}

/** The blind batches (blind/*.tsv) in name order, each marked tuned or not. */
export function blindBatches(): BlindBatch[] {
  const tuning = new Set(loadCorpus(TUNING_CORPUS).map((e) => e.text));
  return readdirSync(BLIND_DIR)
    .filter((f) => f.endsWith('.tsv'))
    .sort()
    .map((f) => {
      const url = new URL(f, BLIND_DIR);
      return { url, name: `blind/${f}`, tuned: loadCorpus(url).every((e) => tuning.has(e.text)) };
    });
}

/** Numbers listed on `# allow:` lines of a corpus file. */
export function loadAllowlist(url: URL = TUNING_CORPUS): string[] {
  return readFileSync(url, 'utf8')
    .split('\n')
    .filter((raw) => raw.startsWith('# allow:'))
    .flatMap((raw) => raw.slice('# allow:'.length).trim().split(/\s+/))
    .filter((n) => n !== '');
}

export function loadCorpus(url: URL = TUNING_CORPUS): CorpusEntry[] {
  const entries: CorpusEntry[] = [];
  readFileSync(url, 'utf8')
    .split('\n')
    .forEach((raw, index) => {
      if (raw.trim() === '' || raw.startsWith('#') || /^(?:HALF|DONE)\s*$/.test(raw)) return;
      const tab = raw.indexOf('\t');
      if (tab === -1) throw new Error(`corpus.tsv:${index + 1}: no tab`);
      const labels = raw.slice(0, tab).trim();
      // Three columns (labels, kind, message) when the middle one is a kind.
      const second = raw.indexOf('\t', tab + 1);
      const kind = second === -1 ? undefined : raw.slice(tab + 1, second);
      const hasKind = kind !== undefined && KIND.test(kind);
      const expected = labels === '-' ? [] : labels.split(',').map((l) => l.trim());
      for (const rule of expected) {
        if (!(RULE_IDS as readonly string[]).includes(rule)) throw new Error(`corpus.tsv:${index + 1}: rule "${rule}"`);
      }
      entries.push({
        line: index + 1,
        expected: expected as RuleId[],
        text: raw.slice(hasKind ? second + 1 : tab + 1),
        ...(hasKind ? { kind } : {}),
      });
    });
  return entries;
}

export interface RuleScore {
  readonly truePositives: number;
  readonly falsePositives: number;
  readonly falseNegatives: number;
  readonly precision: number;
  readonly recall: number;
}

export interface CorpusScore {
  readonly messages: number;
  readonly perRule: Readonly<Record<RuleId, RuleScore>>;
  readonly cleanMessages: number;
  /** Clean messages (no expected rule) where some rule was found. */
  readonly falseAlarms: number;
  readonly falseAlarmRate: number;
  /** Messages where the found rules differ from the expected ones. */
  readonly mistakes: ReadonlyArray<{ line: number; text: string; expected: readonly RuleId[]; found: readonly RuleId[]; kind?: string }>;
  /** Per writer's kind: messages, and how many got exactly the expected rules. */
  readonly perKind: Readonly<Record<string, { messages: number; right: number }>>;
}

export function scoreCorpus(entries: readonly CorpusEntry[], allowedNumbers: readonly string[] = []): CorpusScore {
  const counts = Object.fromEntries(RULE_IDS.map((r) => [r, { tp: 0, fp: 0, fn: 0 }])) as Record<RuleId, { tp: number; fp: number; fn: number }>;
  const mistakes: Array<{ line: number; text: string; expected: readonly RuleId[]; found: readonly RuleId[]; kind?: string }> = [];
  const perKind: Record<string, { messages: number; right: number }> = {};
  let clean = 0;
  let falseAlarms = 0;
  for (const entry of entries) {
    const found = brokenRules(checkMessage(entry.text, { allowedNumbers }));
    if (entry.expected.length === 0) {
      clean++;
      if (found.length > 0) falseAlarms++;
    }
    for (const rule of RULE_IDS) {
      const want = entry.expected.includes(rule);
      const got = found.includes(rule);
      if (want && got) counts[rule].tp++;
      else if (got) counts[rule].fp++;
      else if (want) counts[rule].fn++;
    }
    const same = found.length === entry.expected.length && found.every((r) => entry.expected.includes(r));
    if (!same) mistakes.push({ line: entry.line, text: entry.text, expected: entry.expected, found, ...(entry.kind ? { kind: entry.kind } : {}) });
    if (entry.kind) {
      perKind[entry.kind] ??= { messages: 0, right: 0 };
      const k = perKind[entry.kind]!;
      k.messages++;
      if (same) k.right++;
    }
  }
  const perRule = Object.fromEntries(
    RULE_IDS.map((rule) => {
      const { tp, fp, fn } = counts[rule];
      return [
        rule,
        {
          truePositives: tp,
          falsePositives: fp,
          falseNegatives: fn,
          precision: tp + fp === 0 ? 1 : tp / (tp + fp),
          recall: tp + fn === 0 ? 1 : tp / (tp + fn),
        },
      ];
    }),
  ) as Record<RuleId, RuleScore>;
  return {
    messages: entries.length,
    perRule,
    cleanMessages: clean,
    falseAlarms,
    falseAlarmRate: clean === 0 ? 0 : falseAlarms / clean,
    mistakes,
    perKind,
  };
}
