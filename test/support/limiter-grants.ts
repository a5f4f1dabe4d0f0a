// What the shared rate limiter let go in this process, read from the metrics registry the
// way /metrics exposes it (tests compare before and after; production code never reads it).
import { registry } from '../../src/ops/metrics.js';

export async function limiterGrantsOf(work: 'people' | 'background'): Promise<number> {
  const metric = registry.getSingleMetric('sferum_rate_limiter_grants_total');
  if (!metric) throw new Error('the limiter grants counter is not registered');
  return (await metric.get()).values.find((v) => v.labels.work === work)?.value ?? 0;
}
