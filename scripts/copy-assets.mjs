// Copies the files modules read at run time next to the built JS in dist/: data files
// (src/**/data/*) and Redis Lua scripts (src/**/lua/*, read by src/store/scripts.ts).
import { cpSync, existsSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const SRC = 'src';
const OUT = 'dist';

function walk(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (!statSync(path).isDirectory()) continue;
    if (name === 'data' || name === 'lua') {
      const target = join(OUT, relative(SRC, path));
      // Cleared first: a renamed or deleted file must not stay behind (two files for one Lua command fail the start).
      rmSync(target, { recursive: true, force: true });
      cpSync(path, target, { recursive: true });
      console.log(`copied ${path} → ${target}`);
    } else {
      walk(path);
    }
  }
}

if (existsSync(SRC)) walk(SRC);
// When this build finished: the tests' global setup rebuilds when a source is newer.
if (existsSync(OUT)) writeFileSync(join(OUT, '.built-at'), `${new Date().toISOString()}\n`);
