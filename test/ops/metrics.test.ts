// Per-update metrics are tallied in the process and handed to the registry when it is read
// (src/ops/metrics.ts): a scrape shows what prom-client's own counter and histogram would.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { countUpdate, countUpdateOfType, registry, timeHandler } from '../../src/ops/metrics.js';

function samples(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const at = line.lastIndexOf(' ');
    out.set(line.slice(0, at), Number(line.slice(at + 1)));
  }
  return out;
}

const scrape = async () => samples(await registry.metrics());
// A type of its own, so other tests' updates in this process do not count here.
const TYPE = 'message_metrics_test';

afterEach(() => vi.restoreAllMocks());

describe('per-update metrics', () => {
  it('counts each update once, however often the registry is read', async () => {
    countUpdateOfType(TYPE, 'accepted');
    countUpdate({ update_type: TYPE }, 'handled');
    countUpdate({ update_type: TYPE }, 'handled');
    const first = await scrape();
    expect(first.get(`sferum_updates_total{type="${TYPE}",outcome="accepted"}`)).toBe(1);
    expect(first.get(`sferum_updates_total{type="${TYPE}",outcome="handled"}`)).toBe(2);
    const second = await scrape();
    expect(second.get(`sferum_updates_total{type="${TYPE}",outcome="handled"}`)).toBe(2);
    countUpdate({ update_type: TYPE }, 'handled');
    expect((await scrape()).get(`sferum_updates_total{type="${TYPE}",outcome="handled"}`)).toBe(3);
  });

  it('handler times: cumulative buckets, a time on a bound counted in that bound, +Inf, sum and count', async () => {
    const clock = vi.spyOn(performance, 'now');
    for (const ms of [5, 7, 40_000]) {
      clock.mockReturnValueOnce(1_000).mockReturnValueOnce(1_000 + ms);
      timeHandler({ update_type: TYPE })();
    }
    const s = await scrape();
    const bucket = (le: string) => s.get(`sferum_update_handler_seconds_bucket{le="${le}",type="${TYPE}"}`);
    expect(bucket('0.005')).toBe(1);
    expect(bucket('0.01')).toBe(2);
    expect(bucket('30')).toBe(2);
    expect(bucket('+Inf')).toBe(3);
    expect(s.get(`sferum_update_handler_seconds_count{type="${TYPE}"}`)).toBe(3);
    expect(s.get(`sferum_update_handler_seconds_sum{type="${TYPE}"}`)).toBeCloseTo(40.012, 6);
    expect(await registry.metrics()).toContain('# TYPE sferum_update_handler_seconds histogram');
  });

  it('two scrapes at once neither lose nor double an update', async () => {
    const type = `${TYPE}_concurrent`;
    for (let i = 0; i < 3; i++) countUpdateOfType(type, 'accepted');
    const [a, b] = await Promise.all([registry.metrics(), registry.metrics()]);
    const key = `sferum_updates_total{type="${type}",outcome="accepted"}`;
    expect(samples(a).get(key)).toBe(3);
    expect(samples(b).get(key)).toBe(3);
    expect((await scrape()).get(key)).toBe(3);
  });

  it('a reset forgets counts not yet handed over', async () => {
    const type = `${TYPE}_reset`;
    countUpdateOfType(type, 'accepted');
    registry.resetMetrics();
    expect((await scrape()).get(`sferum_updates_total{type="${type}",outcome="accepted"}`)).toBeUndefined();
    countUpdateOfType(type, 'accepted');
    expect((await scrape()).get(`sferum_updates_total{type="${type}",outcome="accepted"}`)).toBe(1);
  });
});
