// Prometheus metrics, all in one place. Parts of the pipeline call the small hook
// functions below at the points that count; GET /metrics (src/ops/http.ts) serves
// the registry in the text exposition format. One registry per process: several
// bots in one process (tests) add to the same counters.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export const registry = new Registry();
collectDefaultMetrics({ register: registry, prefix: 'sferum_' });

const updates = new Counter({
  name: 'sferum_updates_total',
  help: 'Updates by type and outcome (accepted, duplicate, invalid at the door; handled, failed, ignored by the router)',
  labelNames: ['type', 'outcome'] as const,
  registers: [registry],
});

const handlerSeconds = new Histogram({
  name: 'sferum_update_handler_seconds',
  help: 'Time to handle one update, by type',
  labelNames: ['type'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
  registers: [registry],
});

const maxRequests = new Counter({
  name: 'sferum_max_requests_total',
  help: 'Attempts of MAX Bot API calls by method, path (ids replaced by :id) and HTTP status (timeout, network when there was none)',
  labelNames: ['method', 'path', 'status'] as const,
  registers: [registry],
});

const max429 = new Counter({
  name: 'sferum_max_429_total',
  help: 'MAX answered 429 Too Many Requests',
  registers: [registry],
});

const limiterWait = new Histogram({
  name: 'sferum_rate_limiter_wait_seconds',
  help: 'How long a MAX call waited for the shared rate limiter',
  buckets: [0, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [registry],
});

const limiterGrants = new Counter({
  name: 'sferum_rate_limiter_grants_total',
  help: "MAX calls the shared rate limiter let go, by work: people (replies) or background (jobs, broadcasts, summaries; see src/bot/background.ts)",
  labelNames: ['work'] as const,
  registers: [registry],
});

const redisErrors = new Counter({
  name: 'sferum_redis_errors_total',
  help: 'Errors reported by Redis connections, queues and workers, by source',
  labelNames: ['source'] as const,
  registers: [registry],
});

/** Sources of queue depths, added by each running bot (see app.ts). */
type DepthSource = () => Promise<Record<string, number>>;
const depthSources = new Set<DepthSource>();

new Gauge({
  name: 'sferum_queue_depth',
  help: 'Work waiting: inbox ordering keys with updates, outbox and job queue jobs waiting or delayed',
  labelNames: ['queue'] as const,
  registers: [registry],
  async collect() {
    this.reset();
    for (const source of depthSources) {
      const depths = await source().catch(() => ({}) as Record<string, number>);
      for (const [queue, n] of Object.entries(depths)) this.inc({ queue }, n);
    }
  },
});

export function addDepthSource(source: DepthSource): () => void {
  depthSources.add(source);
  return () => depthSources.delete(source);
}

/** The update type of an update or internal event, for labels ('unknown' when it has none). */
export function updateTypeOf(update: unknown): string {
  const u = update as { update_type?: unknown; type?: unknown } | null;
  const t = typeof u?.update_type === 'string' ? u.update_type : typeof u?.type === 'string' ? u.type : 'unknown';
  // Labels must stay few: anything odd is "other".
  return /^[a-z_:]{1,40}$/.test(t) ? t : 'other';
}

type UpdateOutcome = 'accepted' | 'duplicate' | 'invalid' | 'handled' | 'failed' | 'ignored';

export function countUpdate(update: unknown, outcome: UpdateOutcome): void {
  countUpdateOfType(updateTypeOf(update), outcome);
}

/** As countUpdate, with the type already taken by updateTypeOf. */
export function countUpdateOfType(type: string, outcome: UpdateOutcome): void {
  updates.inc({ type, outcome });
}

/** Starts timing a handler; call the result when it is done. */
export function timeHandler(update: unknown): () => void {
  return handlerSeconds.startTimer({ type: updateTypeOf(update) }) as () => void;
}

export function countMaxRequest(method: string, path: string, status: number | 'timeout' | 'network'): void {
  maxRequests.inc({ method, path: path.replace(/\/-?\d+(?=\/|$)/g, '/:id'), status: String(status) });
  if (status === 429) max429.inc();
}

export function observeLimiterWait(ms: number): void {
  limiterWait.observe(ms / 1000);
}

/** A MAX call was let go; `background`: as background work (it asked within background work's share). */
export function countLimiterGrant(background: boolean): void {
  limiterGrants.inc({ work: background ? 'background' : 'people' });
}

export function countRedisError(source: string): void {
  redisErrors.inc({ source });
}
