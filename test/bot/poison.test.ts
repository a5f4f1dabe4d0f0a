// Updates that cannot be identified, serialised or stored never block polling:
// they are logged once, dropped with the batch's marker, and the next updates are answered.
import { createServer, type Server } from 'node:http';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { createWorld, freePort, say, settled, type World } from '../support/harness.js';

/**
 * A proxy in front of the sandbox that adds one raw update (text spliced into the JSON,
 * never serialised here) to every GET /updates answer for the marker it was armed at —
 * so a bot that fails to move past it would get it again and again.
 */
async function poisonProxy(target: string, poison: string) {
  let armedAt: string | null | undefined;
  let injected = 0;
  const port = await freePort();
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const url = new URL(req.url ?? '/', target);
    const upstream = await fetch(url, {
      method: req.method,
      headers: { 'content-type': req.headers['content-type'] ?? 'application/json', authorization: String(req.headers.authorization ?? '') },
      body: chunks.length > 0 ? Buffer.concat(chunks) : undefined,
    });
    let text = await upstream.text();
    if (req.method === 'GET' && url.pathname === '/updates' && armedAt !== undefined && url.searchParams.get('marker') === armedAt) {
      text = text.replace('"updates":[', `"updates":[${poison}${text.includes('"updates":[]') ? '' : ','}`);
      injected++;
    }
    res.writeHead(upstream.status, { 'content-type': 'application/json' });
    res.end(text);
  });
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', () => r()));
  return {
    url: `http://127.0.0.1:${port}`,
    arm: (marker: string | null) => (armedAt = marker),
    injected: () => injected,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

describe('poison updates', () => {
  let world: World;
  let proxy: Awaited<ReturnType<typeof poisonProxy>> | undefined;
  afterEach(async () => {
    await world?.close();
    await proxy?.close();
  });

  it('a 10,000-level nested update through polling is logged once, skipped, and the next updates are answered', async () => {
    world = await createWorld({ noBot: true });
    const depth = 10_000;
    // Deep inside an attachment's payload, whose unknown fields the update schema keeps (a field
    // it does not know at the top level is left out at ingest, and such an update is just handled).
    const poison = `{"update_type":"message_created","timestamp":1,"message":{"sender":{"user_id":4101},"recipient":{"chat_id":1,"chat_type":"dialog"},"timestamp":1,"body":{"mid":"poison","text":"x","attachments":[{"type":"file","payload":{"deep":${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}}}]}}}`;
    proxy = await poisonProxy(world.sandbox.url, poison);
    const lines: Array<{ msg?: string; level?: number }> = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => lines.push(JSON.parse(line)) });
    // Armed at the first poll (no marker yet): the poison comes with the first batch until the marker moves past it.
    proxy.arm(null);
    await world.startBot({ MAX_API_URL: proxy.url }, { logger });
    const [hello] = await say(world, 4102, '/start');
    expect(hello!.text).toContain('Здравствуйте');
    const [again] = await say(world, 4102, '/help');
    expect(again!.text!.length).toBeGreaterThan(0);
    await settled(world);
    expect(proxy.injected()).toBeGreaterThan(0);
    expect(lines.filter((l) => l.msg === 'update cannot be stored; dropped')).toHaveLength(1);
  });
});
