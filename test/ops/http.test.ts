// The operations server: liveness, readiness that follows Redis and MAX, and
// metrics in the Prometheus text format — in polling and in webhook mode.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { freePort, startLocalRedis } from '../../src/demo/redis-local.js';
import { createWorld, eventually, say, type World } from '../support/harness.js';

const get = async (app: App, path: string) => {
  const res = await fetch(`http://127.0.0.1:${app.ops.port}${path}`);
  return { status: res.status, type: res.headers.get('content-type') ?? '', body: await res.text() };
};

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{([a-zA-Z_][a-zA-Z0-9_]*="(\\.|[^"\\])*",?)*\})? (-?[0-9.]+(e[+-]?[0-9]+)?|NaN|[+-]Inf)( -?\d+)?$/;
const HELP = /^# HELP ([a-zA-Z_:][a-zA-Z0-9_:]*) .*$/;
const TYPE = /^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram|summary|untyped)$/;

/** Parses the text exposition format strictly: every line is HELP, TYPE or a sample of a declared family. */
function parseExposition(text: string): Map<string, number> {
  const types = new Map<string, string>();
  const samples = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const type = TYPE.exec(line);
    if (type) {
      types.set(type[1]!, type[2]!);
      continue;
    }
    if (HELP.test(line)) continue;
    const sample = SAMPLE.exec(line);
    if (!sample) throw new Error(`not in the exposition format: ${line}`);
    const name = sample[1]!;
    const family = types.has(name) ? name : name.replace(/_(bucket|sum|count)$/, '');
    if (!types.has(family)) throw new Error(`sample of an undeclared family: ${line}`);
    samples.set(line.slice(0, line.lastIndexOf(' ')), Number(sample[5]));
  }
  return samples;
}

describe('operations HTTP server', () => {
  let world: World | undefined;
  let stopRedis: (() => Promise<void>) | undefined;
  let dir: string | undefined;
  afterEach(async () => {
    await world?.close();
    await stopRedis?.();
    if (dir) rmSync(dir, { recursive: true, force: true });
    world = undefined;
    stopRedis = undefined;
    dir = undefined;
  });

  it('polling mode: /healthz is alive; /readyz is ready, and not while MAX fails', async () => {
    world = await createWorld({ app: { readyCacheMs: 0 } });
    expect(await get(world.app, '/healthz')).toMatchObject({ status: 200 });
    const ready = await get(world.app, '/readyz');
    expect(ready.status).toBe(200);
    expect(JSON.parse(ready.body)).toEqual({ ready: true, redis: true, max: true });

    await world.control.fault({ path: '/me', status: 503, count: 1000 });
    const notReady = await get(world.app, '/readyz');
    expect(notReady.status).toBe(503);
    expect(JSON.parse(notReady.body)).toEqual({ ready: false, redis: true, max: false });
    expect((await get(world.app, '/healthz')).status).toBe(200);

    await world.control.clearFaults();
    expect((await get(world.app, '/readyz')).status).toBe(200);
  });

  it('/readyz follows Redis going away and coming back', async () => {
    dir = mkdtempSync(join(tmpdir(), 'sferum-ready-'));
    const port = await freePort();
    const redis = await startLocalRedis(dir, { appendOnly: true, port });
    stopRedis = redis.stop;
    world = await createWorld({ noBot: true, app: { readyCacheMs: 0 } });
    const app = await world.startBot({ REDIS_URL: redis.url });
    expect((await get(app, '/readyz')).status).toBe(200);

    await redis.stop();
    await eventually(async () => {
      const r = await get(app, '/readyz');
      expect(r.status).toBe(503);
      expect(JSON.parse(r.body)).toEqual({ ready: false, redis: false, max: true });
    });
    // Liveness and metrics still answer (a scrape does not wait for Redis), and the errors are counted.
    expect((await get(app, '/healthz')).status).toBe(200);
    await eventually(async () => {
      const metrics = await get(app, '/metrics');
      expect(metrics.status).toBe(200);
      const redisErrors = [...parseExposition(metrics.body).entries()].filter(([k]) => k.startsWith('sferum_redis_errors_total{'));
      expect(redisErrors.reduce((sum, [, v]) => sum + v, 0)).toBeGreaterThan(0);
    });

    stopRedis = (await startLocalRedis(dir, { appendOnly: true, port })).stop;
    await eventually(async () => expect((await get(app, '/readyz')).status).toBe(200), 10_000);
  });

  it('/metrics is in the Prometheus text format and counts updates, MAX calls and queues', async () => {
    world = await createWorld();
    await say(world, 9001, '/help');
    await say(world, 9001, '/nonsense');
    const m = await get(world.app, '/metrics');
    expect(m.status).toBe(200);
    expect(m.type).toMatch(/^text\/plain; version=0\.0\.4/);
    const samples = parseExposition(m.body);
    const value = (key: string) => samples.get(key);
    expect(value('sferum_updates_total{type="message_created",outcome="accepted"}')).toBeGreaterThanOrEqual(2);
    await eventually(async () => {
      const again = parseExposition((await get(world!.app, '/metrics')).body);
      expect(again.get('sferum_updates_total{type="message_created",outcome="handled"}')).toBeGreaterThanOrEqual(2);
      expect(again.get('sferum_update_handler_seconds_count{type="message_created"}')).toBeGreaterThanOrEqual(2);
    });
    expect(value('sferum_max_requests_total{method="POST",path="/messages",status="200"}')).toBeGreaterThanOrEqual(2);
    expect(value('sferum_rate_limiter_wait_seconds_count')).toBeGreaterThan(0);
    expect(value('sferum_queue_depth{queue="inbox"}')).toBeGreaterThanOrEqual(0);
    expect(value('sferum_queue_depth{queue="outbox"}')).toBeGreaterThanOrEqual(0);
    expect([...samples.keys()].some((k) => k.startsWith('sferum_max_429_total'))).toBe(true);
    expect(m.body).toContain('# TYPE sferum_redis_errors_total counter');
  });

  it('webhook mode serves the same endpoints on HTTP_PORT, apart from the webhook port', async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}/max/updates`;
    world = await createWorld({
      env: { UPDATES_MODE: 'webhook', WEBHOOK_URL: url, WEBHOOK_PORT: String(port), WEBHOOK_SECRET: 'ops-secret-1' },
      app: { readyCacheMs: 0 },
    });
    expect(world.app.ops.port).not.toBe(port);
    expect((await get(world.app, '/healthz')).status).toBe(200);
    expect((await get(world.app, '/readyz')).status).toBe(200);
    expect((await get(world.app, '/metrics')).status).toBe(200);
  });
});
