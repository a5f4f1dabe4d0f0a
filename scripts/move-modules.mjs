// Moves TypeScript modules and rewrites every relative import that points at them.
//   node scripts/move-modules.mjs moves.tsv   (each line: <old path> <new path>, paths from the repository root)
// Imports are rewritten in src/, test/, bench/ and scripts/: static `from '…'`, `import('…')`, `vi.mock('…')`.
// Used for the layout of issue 25 (features as top-level folders); kept for the next reorganisation.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';

const [listFile] = process.argv.slice(2);
if (!listFile) throw new Error('usage: move-modules.mjs <moves.tsv>');
const moves = new Map();
for (const line of readFileSync(listFile, 'utf8').split('\n')) {
  const t = line.trim();
  if (!t || t.startsWith('#')) continue;
  const [from, to] = t.split(/\s+/);
  if (!from || !to) throw new Error(`bad line: ${line}`);
  if (!existsSync(from)) throw new Error(`missing: ${from}`);
  moves.set(normalize(from), normalize(to));
}

function walk(dir, out = []) {
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist') continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (/\.(ts|mts|mjs|js)$/.test(name)) out.push(normalize(p));
  }
  return out;
}
const files = ['src', 'test', 'bench', 'scripts'].flatMap((d) => walk(d));
const SPEC = /(\bfrom\s*|\bimport\s*\(\s*|\bvi\.mock\(\s*|\bimport\s+)(['"])(\.{1,2}\/[^'"]+)\2/g;

const rewritten = new Map();
for (const file of files) {
  const newFile = moves.get(file) ?? file;
  const text = readFileSync(file, 'utf8');
  let changed = false;
  const out = text.replace(SPEC, (all, head, q, spec) => {
    const target = normalize(join(dirname(file), spec));
    const tsTarget = target.replace(/\.js$/, '.ts');
    const movedTarget = moves.get(tsTarget);
    if (!movedTarget && newFile === file) return all;
    const finalTarget = movedTarget ? movedTarget.replace(/\.ts$/, target.endsWith('.js') ? '.js' : '.ts') : target;
    let rel = relative(dirname(newFile), finalTarget);
    if (!rel.startsWith('.')) rel = `./${rel}`;
    if (rel === spec) return all;
    changed = true;
    return `${head}${q}${rel}${q}`;
  });
  if (changed) rewritten.set(file, out);
}
for (const [file, text] of rewritten) writeFileSync(file, text);
for (const [from, to] of moves) {
  execFileSync('mkdir', ['-p', dirname(to)]);
  execFileSync('git', ['mv', from, to]);
}
console.log(`moved ${moves.size} modules, rewrote imports in ${rewritten.size} files`);
