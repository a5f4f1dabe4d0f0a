// Webhooks as MAX runs them in production: delivery over TLS through a proxy in
// front of the bot (Caddy in docker-compose.yml), a subscription that the bot
// registers again when MAX drops it, and deadlines for requests whose headers or
// body never arrive.
import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { AppOptions } from '../../src/app.js';
import { SUBSCRIBED_UPDATE_TYPES } from '../../src/bot/update.js';
import type { WebhookTransport } from '../../src/bot/transport/webhook.js';
import { httpsFront, makeCertificates, type HttpsFront } from '../support/certificates.js';
import { createWorld, dialogMessageUpdate, eventually, freePort, postWebhook, type World } from '../support/harness.js';

const SECRET = 'prod-secret-123';
const PATH = '/max/webhook';

async function webhookWorld(webhook: AppOptions['webhook'] = {}) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}${PATH}`;
  const world = await createWorld({
    env: { UPDATES_MODE: 'webhook', WEBHOOK_URL: url, WEBHOOK_PORT: String(port), WEBHOOK_SECRET: SECRET },
    app: { webhookHost: '127.0.0.1', webhook },
  });
  return { world, url, port };
}

/** Resolves when `promise` does; fails the test if that takes longer than `ms`. */
function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: not within ${ms} ms`)), ms)));
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

/**
 * A raw connection that sends `head` (and nothing more). `closed` resolves with
 * whatever the server answered once the server has closed the connection.
 */
function stalled(port: number, head: string): Promise<{ socket: Socket; closed: Promise<string> }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.write(head);
      resolve({ socket, closed });
    });
    let answer = '';
    socket.on('data', (d: Buffer) => (answer += d.toString()));
    const closed = new Promise<string>((r) => socket.on('close', () => r(answer)));
    socket.on('error', reject);
  });
}

describe('webhooks in production', () => {
  let world: World | undefined;
  let front: HttpsFront | undefined;
  afterEach(async () => {
    await front?.close();
    front = undefined;
    await world?.close();
    world = undefined;
  });

  it('MAX delivers over TLS to a proxy in front of the bot, trusting its certificate through the CA; the bot answers', async () => {
    const certs = makeCertificates();
    const botPort = await freePort();
    front = await httpsFront(`http://127.0.0.1:${botPort}`, certs.key, certs.cert);
    const url = `${front.url}${PATH}`;
    world = await createWorld({
      sandbox: { webhookCa: certs.caPem },
      env: { UPDATES_MODE: 'webhook', WEBHOOK_URL: url, WEBHOOK_PORT: String(botPort), WEBHOOK_SECRET: SECRET },
      app: { webhookHost: '127.0.0.1' },
    });
    expect(await world.control.subscriptions()).toEqual([expect.objectContaining({ url })]);
    const after = await world.control.lastSeq();
    await world.control.sendText(3201, '/start');
    const [m] = await world.control.waitForMessages({ userId: 3201, fromBot: true }, { afterSeq: after });
    expect(m!.text).toContain('Здравствуйте');
    const deliveries = await world.control.deliveries();
    expect(deliveries.length).toBeGreaterThan(0);
    for (const d of deliveries) expect(d).toMatchObject({ url, status: 200, outcome: 'delivered' });
    expect(front.connections()).toBeGreaterThan(0);
  });

  it('a certificate MAX does not trust: nothing is delivered (the test CA is what makes TLS work)', async () => {
    const certs = makeCertificates();
    const botPort = await freePort();
    front = await httpsFront(`http://127.0.0.1:${botPort}`, certs.key, certs.cert);
    const url = `${front.url}${PATH}`;
    world = await createWorld({
      sandbox: { webhookRetryDelaysMs: [50, 50, 50] },
      env: { UPDATES_MODE: 'webhook', WEBHOOK_URL: url, WEBHOOK_PORT: String(botPort), WEBHOOK_SECRET: SECRET },
      app: { webhookHost: '127.0.0.1' },
    });
    await world.control.sendText(3202, '/start');
    const dropped = await eventually(async () => {
      const d = (await world!.control.deliveries()).find((e) => e.outcome === 'dropped');
      expect(d).toBeDefined();
      return d!;
    }, 8000);
    expect(dropped.status).toBeNull();
    expect(dropped.error).toMatch(/CERT|certificate|SELF_SIGNED|UNABLE_TO_VERIFY/i);
    expect(await world.control.botMessagesTo(3202)).toHaveLength(0);
  });

  it('checks the subscription from time to time, registers it again when MAX drops it, and only then', async () => {
    const w = await webhookWorld({ subscriptionCheckMs: 150 });
    world = w.world;
    const posts = async () => world!.control.requests({ method: 'POST', path: '/subscriptions' });
    // Several checks while the subscription is there: reads only.
    await eventually(async () => expect((await world!.control.requests({ method: 'GET', path: '/subscriptions' })).length).toBeGreaterThanOrEqual(3), 8000);
    expect(await posts()).toHaveLength(1);

    expect(await world.control.dropSubscription(w.url)).toEqual([w.url]);
    await eventually(async () => expect((await world!.control.subscriptions()).map((s) => s.url)).toEqual([w.url]), 8000);
    const again = await posts();
    expect(again).toHaveLength(2);
    expect(again[1]!.body).toMatchObject({ url: w.url, secret: SECRET, update_types: expect.arrayContaining([...SUBSCRIBED_UPDATE_TYPES]) });

    // Someone subscribed the same URL with fewer types (no bot_admin_permissions_changed): the check restores them.
    const res = await fetch(`${world.sandbox.url}/subscriptions`, {
      method: 'POST',
      headers: { authorization: world.sandbox.token, 'content-type': 'application/json' },
      body: JSON.stringify({ url: w.url, secret: SECRET, update_types: ['message_created'] }),
    });
    expect(res.status).toBe(200);
    await eventually(async () => {
      const [sub] = await world!.control.subscriptions();
      expect(sub!.update_types).toContain('bot_admin_permissions_changed');
    }, 8000);

    const after = await world.control.lastSeq();
    await world.control.sendText(3203, '/start');
    const [m] = await world.control.waitForMessages({ userId: 3203, fromBot: true }, { afterSeq: after });
    expect(m!.text).toContain('Здравствуйте');
  });

  it('MAX unreachable during a check: the bot goes on and registers at the next check', async () => {
    const w = await webhookWorld({ subscriptionCheckMs: 150 });
    world = w.world;
    // The faults first: dropped first, a check on a busy machine could register again before them.
    await world.control.fault({ method: 'GET', path: '/subscriptions', status: 503, count: 2 });
    await world.control.dropSubscription(w.url);
    await eventually(async () => expect((await world!.control.subscriptions()).map((s) => s.url)).toEqual([w.url]), 8000);
    expect(await world.control.faults()).toEqual([]);
  });

  it('requests with the right secret whose body (or headers) never arrive are answered 408 and closed within the deadline', async () => {
    const w = await webhookWorld({ bodyTimeoutMs: 300, headersTimeoutMs: 300 });
    world = w.world;
    const transport = world.app.transport as WebhookTransport;
    const head = (length: number) =>
      `POST ${PATH} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nX-Max-Bot-Api-Secret: ${SECRET}\r\nContent-Length: ${length}\r\n\r\n`;
    const noBody = await Promise.all(Array.from({ length: 40 }, () => stalled(w.port, head(500))));
    const partBody = await Promise.all(Array.from({ length: 10 }, () => stalled(w.port, `${head(500)}{"update_type":`)));
    const partHeaders = await Promise.all(Array.from({ length: 10 }, () => stalled(w.port, `POST ${PATH} HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Max-Bot-Api-`)));
    // The deadline is 0.3 s; the bound is generous for a busy machine.
    const answers = await within(Promise.all([...noBody, ...partBody, ...partHeaders].map((s) => s.closed)), 15_000, 'stalled connections closed');
    for (const a of answers.slice(0, 50)) expect(a).toMatch(/^HTTP\/1\.1 408 /);
    await eventually(async () => expect(await transport.connections()).toBe(0), 5000);
    // The server goes on serving.
    await world.control.createUser({ user_id: 3204, first_name: 'Анна' });
    expect(await postWebhook(w.url, dialogMessageUpdate(world.sandbox.botUserId, 3204, '/start'), SECRET)).toBe(200);
    await world.control.waitForMessages({ userId: 3204, fromBot: true });
  });

  it('a wrong secret is answered 401 and the connection closed at once, body or not', async () => {
    const w = await webhookWorld();
    world = w.world;
    const { closed } = await stalled(w.port, `POST ${PATH} HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Max-Bot-Api-Secret: wrong-secret\r\nContent-Length: 500\r\n\r\n`);
    expect(await within(closed, 10_000, 'refused connection closed')).toMatch(/^HTTP\/1\.1 401 /);
  });
});
