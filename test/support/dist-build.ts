// Vitest global setup: the process tests start `dist/`, so it must be built from the sources
// under test. When any file under src/ is newer than the last build (or there is none), this
// runs the project's build once before the first test file. `.ci/run` builds just before the
// tests, so there it finds `dist/` fresh and does nothing.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const STAMP = 'dist/.built-at';

function newestIn(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestIn(path) : statSync(path).mtimeMs);
  }
  return newest;
}

export default function setup(): void {
  const built = existsSync(STAMP) ? statSync(STAMP).mtimeMs : 0;
  const sources = Math.max(newestIn('src'), statSync('tsconfig.json').mtimeMs, statSync('tsconfig.build.json').mtimeMs);
  if (built > sources && existsSync('dist/main.js')) return;
  console.log('tests: building dist/ (sources changed since the last build)');
  // The build itself writes the stamp (scripts/copy-assets.mjs).
  execFileSync('npm', ['run', '--silent', 'build'], { stdio: ['ignore', 'ignore', 'inherit'] });
}
