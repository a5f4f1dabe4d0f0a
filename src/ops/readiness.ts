// Readiness: the bot can do its work when Redis answers a PING and MAX answers
// GET /me (through the SDK, one attempt, short deadline). Results are kept for a
// few seconds so that a busy prober does not turn into traffic to MAX.
import { withinMs } from './deadline.js';

export interface ReadinessReport {
  ready: boolean;
  redis: boolean;
  max: boolean;
}

export interface ReadinessProbes {
  /** False at once while Redis is known to be down. */
  redisUp: () => boolean;
  pingRedis: () => Promise<unknown>;
  /** Resolves when MAX answered; rejects otherwise. */
  probeMax: () => Promise<unknown>;
}

export class Readiness {
  private cached: { at: number; report: ReadinessReport } | null = null;

  constructor(
    private readonly probes: ReadinessProbes,
    private readonly cacheMs = 5_000,
    private readonly probeTimeoutMs = 3_000,
  ) {}

  async check(): Promise<ReadinessReport> {
    if (this.cached && Date.now() - this.cached.at < this.cacheMs) return this.cached.report;
    const [redis, max] = await Promise.all([
      this.probes.redisUp() ? withinMs(this.probes.pingRedis(), this.probeTimeoutMs).catch(() => false) : Promise.resolve(false),
      withinMs(this.probes.probeMax(), this.probeTimeoutMs).catch(() => false),
    ]);
    const report = { ready: redis && max, redis, max };
    this.cached = { at: Date.now(), report };
    return report;
  }
}
