/**
 * Loads the word lists of the etiquette detectors from ./data. Each file holds
 * one entry per line; `#` starts a comment (at the line start or after a
 * space), blank lines are skipped. Files are read once, at module load.
 */
import { readFileSync } from 'node:fs';

/** Entries of one data file, trimmed, without comments and blank lines. */
export function readDataLines(fileName: string): string[] {
  const text = readFileSync(new URL(`./data/${fileName}`, import.meta.url), 'utf8');
  const entries: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    const entry = stripComment(line).trim();
    if (entry !== '') entries.push(entry);
  }
  return entries;
}

/** Entries of a two-column data file (`key value…`), split at the first run of spaces. */
export function readDataPairs(fileName: string): Array<[string, string]> {
  return readDataLines(fileName).map((entry) => {
    const match = /^(\S+)\s+(.+)$/.exec(entry);
    if (!match) throw new Error(`etiquette data ${fileName}: expected "key value", got "${entry}"`);
    return [match[1] as string, (match[2] as string).trim()];
  });
}

/**
 * A two-column data file whose first column names a role («street», «secret», …): returns the
 * role's patterns as one alternation, each in its own group. A role with no entries is a
 * broken data file, so it throws at module load rather than matching nothing.
 */
export function readDataRoles(fileName: string): (role: string) => string {
  const pairs = readDataPairs(fileName);
  return (role) => {
    const alternatives = pairs.filter(([r]) => r === role).map(([, pattern]) => `(?:${pattern})`);
    if (alternatives.length === 0) throw new Error(`etiquette data ${fileName}: no "${role}" entries`);
    return alternatives.join('|');
  };
}

function stripComment(line: string): string {
  if (line.startsWith('#')) return '';
  const at = line.search(/\s#/);
  return at === -1 ? line : line.slice(0, at);
}

/**
 * Word patterns are matched against words whose repeated letters are
 * squeezed («ссылка» → «сылка», see normalise.ts), so doubled
 * letters in a pattern are squeezed too.
 */
export function squeezePattern(source: string): string {
  return source.replace(/([a-zа-яё])\1+/g, '$1');
}
