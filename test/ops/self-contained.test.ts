// A clone of the repository stands on its own: README, docs and tests point at nothing
// outside it, and what people read cites regulations by name and clause, not by an
// internal file number.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

function filesUnder(dir: string, ext: RegExp): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path, ext) : ext.test(name) ? [path] : [];
  });
}

// Built from parts so that this file does not match itself.
const OUTSIDE = new RegExp(['\\.\\./', 'shared', '|', 'shared/', 'seeds', '|', '/work', '/'].join(''));

describe('the repository stands on its own', () => {
  it('README, docs and tests reference nothing outside it', () => {
    const files = ['README.md', ...filesUnder('docs', /\.md$/), ...filesUnder('test', /\.ts$/)];
    const hits = files.flatMap((f) =>
      readFileSync(f, 'utf8')
        .split('\n')
        .map((line, i) => ({ f, i: i + 1, line }))
        .filter(({ line }) => OUTSIDE.test(line)),
    );
    expect(hits.map(({ f, i, line }) => `${f}:${i}: ${line.trim()}`)).toEqual([]);
  });

  it('texts for people cite regulations by name, never by a file number like «(003)»', () => {
    const code = filesUnder('src', /\.ts$/);
    const hits = code.flatMap((f) =>
      readFileSync(f, 'utf8')
        .split('\n')
        .map((line, i) => ({ f, i: i + 1, line }))
        // Comments may name the documents by number (docs/regulations.md maps them); strings may not.
        .filter(({ line }) => !/^\s*(\/\/|\*|\/\*)/.test(line))
        .filter(({ line }) => /['"`][^'"`]*(\(00[0-4]\)|\b(Положени|Порядк)\S* 00[0-4]\b|п\. [0-9.]+ \(?00[0-4])/.test(line)),
    );
    expect(hits.map(({ f, i, line }) => `${f}:${i}: ${line.trim()}`)).toEqual([]);
  });
});
