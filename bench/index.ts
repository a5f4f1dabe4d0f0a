// npm run bench: every benchmark, one after another, on this machine. Compare
// numbers only within one run (ratios), never across machines.
import { readdirSync } from 'node:fs';

const results: Record<string, unknown> = {};
const { runPipelineBench } = await import('./pipeline.js');
const p = await runPipelineBench();
results.pipeline = p;
console.log(
  `pipeline: ${p.updates} updates from ${p.users} users in ${p.unthrottled.seconds.toFixed(2)} s → ${p.unthrottled.updatesPerSecond.toFixed(0)} updates/s unthrottled; ` +
    `with MAX_RPS=${p.throttled.rps}: ${p.throttled.repliesPerSecond.toFixed(1)} replies/s (${((p.throttled.repliesPerSecond / p.throttled.rps) * 100).toFixed(0)}% of the limit), 429 answers: ${p.throttled.refused429}`,
);

if (readdirSync(new URL('.', import.meta.url)).includes('etiquette.ts')) {
  const { runEtiquetteBench } = await import('./etiquette.js');
  results.etiquette = await runEtiquetteBench();
  console.log('etiquette:', JSON.stringify(results.etiquette, null, 2));
}
