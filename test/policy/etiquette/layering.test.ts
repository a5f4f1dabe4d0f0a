/**
 * Dependency direction and one memory per word in src/policy/etiquette:
 * normalise.ts (the shared words and their records) sits under every
 * detector and imports none of them; what a detector learns about a word is
 * kept in the word's `WordRecord`, not in a map of its own.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const source = (file: string): string => readFileSync(new URL(`../../../src/policy/etiquette/${file}`, import.meta.url), 'utf8');
const importsOf = (file: string): string[] => [...source(file).matchAll(/from '(\.[^']+)'/g)].map((m) => m[1] as string);

describe('etiquette layering', () => {
  it('normalise.ts imports only the data reader', () => {
    expect(importsOf('normalise.ts')).toEqual(['./data.js']);
  });

  it.each(['health.ts', 'messengers.ts'])('%s keeps per-word answers in the word records, no map of its own', (file) => {
    expect(source(file)).not.toMatch(/[cC]ache\w*\s*=\s*new Map/);
  });
});
