/**
 * The import rules of issue 25 (`npm run lint` runs this over src/).
 * Layers, from the bottom: policy and types (pure rules) → store (Redis) → the runtime (bot, ops, the
 * flow engine) → the features, in the order of src/features.ts (read from it: a new feature is checked
 * from its line there) → the composition root (app, features list, main, demo, sandbox).
 * A feature's flows live in src/flows/<feature>/ and count as that feature.
 * An arrow may only point down, and no module may reach itself through its imports.
 */
const { readFileSync, readdirSync } = require('node:fs');

// The feature order is src/features.ts's list: each factory's folder, from its import line.
function featureOrder() {
  const source = readFileSync(`${__dirname}/src/features.ts`, 'utf8');
  const folderOf = new Map([...source.matchAll(/import \{ (\w+) \} from '\.\/(\w+)\/[\w-]+\.js';/g)].map((m) => [m[1], m[2]]));
  const list = /export const FEATURES = \[([^\]]*)\]/.exec(source);
  if (!list) throw new Error('src/features.ts: no FEATURES list');
  const order = list[1].split(',').map((s) => s.trim()).filter(Boolean).map((name) => {
    const folder = folderOf.get(name);
    if (!folder) throw new Error(`src/features.ts: no import for ${name}`);
    return folder;
  });
  if (order.length < 2) throw new Error('src/features.ts: the FEATURES list was not understood');
  return order;
}
const FEATURES = featureOrder();
const LAYERS = ['bot', 'ops', 'store', 'policy', 'types', 'flows', 'demo', 'sandbox'];
// A folder of src that is neither a layer nor a listed feature would escape every rule below.
const UNPLACED = readdirSync(`${__dirname}/src`, { withFileTypes: true })
  .filter((d) => d.isDirectory() && !LAYERS.includes(d.name) && !FEATURES.includes(d.name))
  .map((d) => d.name);
if (UNPLACED.length > 0) throw new Error(`src/${UNPLACED.join(', src/')}: not a layer and not in src/features.ts`);
const featurePath = (names) => `^src/(${names.join('|')})/|^src/flows/(${names.join('|')})/`;
const RUNTIME = '^src/(bot|ops|store|policy|types)/|^src/flows/[^/]+\\.ts$|^src/(log|config)\\.ts$';
const ROOT = '^src/(app|features|main|demo)\\.ts$|^src/(demo|sandbox)/';

module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', comment: 'a module reaches itself through its imports', from: {}, to: { circular: true } },
    {
      name: 'runtime-imports-no-feature',
      severity: 'error',
      comment: 'the runtime (bot, ops, store, policy, the flow engine) knows no feature: features plug in through src/bot/feature.ts',
      from: { path: RUNTIME },
      to: { path: `${featurePath(FEATURES)}|${ROOT}` },
    },
    {
      name: 'store-and-policy-below-runtime',
      severity: 'error',
      comment: 'stores and pure rules do not call the runtime',
      from: { path: '^src/(store|policy|types)/' },
      to: { path: '^src/(bot|ops|flows)/' },
    },
    {
      name: 'policy-is-pure',
      severity: 'error',
      comment: 'pure rules import no store',
      from: { path: '^src/policy/' },
      to: { path: '^src/store/' },
    },
    ...FEATURES.map((name, i) => ({
      name: `${name}-imports-only-earlier-features`,
      severity: 'error',
      comment: `a feature imports only the features before it (${FEATURES.join(' → ')})`,
      from: { path: featurePath([name]) },
      to: { path: FEATURES.slice(i + 1).length ? `${featurePath(FEATURES.slice(i + 1))}|${ROOT}` : ROOT },
    })),
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^src/.*/data/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js'] },
  },
};
