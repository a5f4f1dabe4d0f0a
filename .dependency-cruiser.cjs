/**
 * The import rules of issue 25 (`npm run lint` runs this over src/).
 * Layers, from the bottom: policy and types (pure rules) → store (Redis) → the runtime (bot, ops, the
 * flow engine) → the features, in this order: org, chats, conduct, feedback, reports, broadcasts,
 * lifecycle, web (the panel) → the composition root (app, features list, main, demo, sandbox).
 * A feature's flows live in src/flows/<feature>/ and count as that feature.
 * An arrow may only point down, and no module may reach itself through its imports.
 */
const FEATURES = ['org', 'chats', 'conduct', 'feedback', 'reports', 'broadcasts', 'lifecycle', 'web'];
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
