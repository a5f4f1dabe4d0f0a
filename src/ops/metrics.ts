// Prometheus metrics, all in one place. Parts of the pipeline call the small hook
// functions below at the points that count; GET /metrics (src/ops/http.ts) serves
// the registry in the text exposition format. One registry per process: several
// bots in one process (tests) add to the same counters.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export const registry = new Registry();
collectDefaultMetrics({ register: registry, prefix: 'sferum_' });

// Per-update figures (every update is counted at the door and by the router, and its handler
// timed) are tallied here in plain arrays and handed over when the registry is read: prom-client's
// inc and observe hash the label object and make closures on every call, about 2 µs of every
// clean message (issue 23: 1.9 % of the bot's time in scenario (a), by --cpu-prof). What a scrape
// shows is the same.
const OUTCOMES = ['accepted', 'duplicate', 'invalid', 'handled', 'failed', 'ignored'] as const;
type UpdateOutcome = (typeof OUTCOMES)[number];
const OUTCOME_INDEX: Record<UpdateOutcome, number> = { accepted: 0, duplicate: 1, invalid: 2, handled: 3, failed: 4, ignored: 5 };
/** Per update type: counts by outcome not yet added to the counter. */
const updateTally = new Map<string, number[]>();

const updates = new Counter({
  name: 'sferum_updates_total',
  help: 'Updates by type and outcome (accepted, duplicate, invalid at the door; handled, failed, ignored by the router)',
  labelNames: ['type', 'outcome'] as const,
  registers: [registry],
  collect() {
    for (const [type, row] of updateTally) {
      for (let i = 0; i < row.length; i++) {
        if (row[i]! > 0) this.inc({ type, outcome: OUTCOMES[i]! }, row[i]!);
        row[i] = 0;
      }
    }
  },
});
// A reset (registry.resetMetrics) also forgets counts not yet handed over, as prom-client's own
// counter would show none.
const resetUpdates = updates.reset.bind(updates);
updates.reset = () => {
  updateTally.clear();
  resetUpdates();
};

const HANDLER_NAME = 'sferum_update_handler_seconds';
const HANDLER_HELP = 'Time to handle one update, by type';
const HANDLER_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
/** Per update type: observations per bucket (the last: above every bound), their sum and count. */
const handlerTally = new Map<string, { buckets: number[]; sum: number; count: number }>();

// The handler times as a Prometheus histogram, kept by handlerTally (the same exposition as
// prom-client's Histogram: cumulative buckets with le, +Inf, _sum and _count).
registry.registerMetric({
  name: HANDLER_NAME,
  help: HANDLER_HELP,
  type: 'histogram',
  aggregator: 'sum',
  get: async () => {
    const values: Array<{ labels: Record<string, string | number>; value: number; metricName: string }> = [];
    for (const [type, t] of handlerTally) {
      let cumulative = 0;
      HANDLER_BUCKETS.forEach((le, i) => {
        cumulative += t.buckets[i]!;
        values.push({ labels: { le, type }, value: cumulative, metricName: `${HANDLER_NAME}_bucket` });
      });
      values.push({ labels: { le: '+Inf', type }, value: t.count, metricName: `${HANDLER_NAME}_bucket` });
      values.push({ labels: { type }, value: t.sum, metricName: `${HANDLER_NAME}_sum` });
      values.push({ labels: { type }, value: t.count, metricName: `${HANDLER_NAME}_count` });
    }
    return { name: HANDLER_NAME, help: HANDLER_HELP, type: 'histogram', aggregator: 'sum', values };
  },
  reset: () => handlerTally.clear(),
} as unknown as Parameters<Registry['registerMetric']>[0]);

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
  help: 'MAX calls the shared rate limiter let go, by work: people (replies) or background (jobs, broadcasts, summaries; see src/bot/background.ts)',
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

export function countUpdate(update: unknown, outcome: UpdateOutcome): void {
  countUpdateOfType(updateTypeOf(update), outcome);
}

/** As countUpdate, with the type already taken by updateTypeOf. */
export function countUpdateOfType(type: string, outcome: UpdateOutcome): void {
  let row = updateTally.get(type);
  if (!row) {
    row = OUTCOMES.map(() => 0);
    updateTally.set(type, row);
  }
  row[OUTCOME_INDEX[outcome]]!++;
}

/** Starts timing a handler; call the result when it is done. */
export function timeHandler(update: unknown): () => void {
  const type = updateTypeOf(update);
  const started = performance.now();
  return () => observeHandler(type, (performance.now() - started) / 1000);
}

function observeHandler(type: string, seconds: number): void {
  let t = handlerTally.get(type);
  if (!t) {
    t = { buckets: new Array<number>(HANDLER_BUCKETS.length + 1).fill(0), sum: 0, count: 0 };
    handlerTally.set(type, t);
  }
  let i = 0;
  while (i < HANDLER_BUCKETS.length && seconds > HANDLER_BUCKETS[i]!) i++;
  t.buckets[i]!++;
  t.sum += seconds;
  t.count++;
}

/** `rateLimited`: MAX refused the call for the rate (bot/max-errors.ts decides which answers those are). */
export function countMaxRequest(method: string, path: string, status: number | 'timeout' | 'network', rateLimited = false): void {
  maxRequests.inc({ method, path: path.replace(/\/-?\d+(?=\/|$)/g, '/:id'), status: String(status) });
  if (rateLimited) max429.inc();
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
