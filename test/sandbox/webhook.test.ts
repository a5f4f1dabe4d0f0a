// Webhook subscriptions: delivery with the secret header, retries, ordering,
// and the switch between webhook and polling.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { MessageCreatedUpdate, Update } from '@maxhub/max-bot-api/types';
import { afterEach, describe, expect, it } from 'vitest';
import { makeCertificates } from '../support/certificates.js';
import { maxError, startWorld } from './support.js';

interface Receiver {
  url: string;
  received: { update: Update; headers: IncomingHttpHeaders; at: number }[];
  /** Status to answer for the n-th request (0-based); default 200. */
  statusFor: (n: number, update: Update) => number;
}

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

async function receiver(statusFor: Receiver['statusFor'] = () => 200): Promise<Receiver> {
  const rx: Receiver = { url: '', received: [], statusFor };
  let n = 0;
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const update = JSON.parse(body) as Update;
      rx.received.push({ update, headers: req.headers, at: Date.now() });
      res.writeHead(rx.statusFor(n++, update)).end('ok');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  servers.push(server);
  rx.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return rx;
}

const textOf = (u: Update): string | null => (u as MessageCreatedUpdate).message.body.text;

async function until(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('webhook subscriptions', () => {
  it('lists, creates and deletes subscriptions; validates input', async () => {
    const { api } = await startWorld();
    const rx = await receiver();
    await expect(api.subscribe(rx.url, 'secret_123', ['message_created'])).resolves.toEqual({ success: true });
    expect(await api.getSubscriptions()).toEqual([{ url: rx.url, time: expect.any(Number), updateTypes: ['message_created'] }]);
    expect((await maxError(api.subscribe('not a url'))).status).toBe(400);
    expect((await maxError(api.subscribe(rx.url, 'bad secret!'))).status).toBe(400);
    await expect(api.unsubscribe(rx.url)).resolves.toEqual({ success: true });
    expect(await api.getSubscriptions()).toEqual([]);
  });

  it('delivers with X-Max-Bot-Api-Secret instead of the polling feed', async () => {
    const { api, control } = await startWorld();
    const rx = await receiver();
    await api.subscribe(rx.url, 'top_secret');
    await control.sendText(4, 'через вебхук');
    await until(() => rx.received.length === 1);
    const [first] = rx.received;
    expect(first?.headers['x-max-bot-api-secret']).toBe('top_secret');
    expect(first?.headers['content-type']).toBe('application/json');
    expect(textOf(first!.update)).toBe('через вебхук');
    expect(await control.pending()).toEqual({ count: 0, polling: 0, webhook: 0 });
    expect((await api.getUpdates([], { timeout: 1 })).updates).toEqual([]);

    // Unsubscribed: updates go to the polling feed again.
    await api.unsubscribe(rx.url);
    await control.sendText(4, 'опять поллинг');
    expect((await api.getUpdates([], { timeout: 1 })).updates.map(textOf)).toEqual(['опять поллинг']);
  });

  it('retries non-200 and connection errors, in order per subscription', async () => {
    const { api, control } = await startWorld({ webhookRetryDelaysMs: [50, 100, 150] });
    // The first two attempts of the first update fail; the second update must wait.
    const rx = await receiver((n) => (n < 2 ? 500 : 200));
    await api.subscribe(rx.url);
    await control.sendText(4, 'one');
    await control.sendText(4, 'two');
    await until(() => rx.received.length === 4);
    expect(rx.received.map((r) => textOf(r.update))).toEqual(['one', 'one', 'one', 'two']);
    const deliveries = await control.deliveries();
    expect(deliveries.map((d) => [d.attempt, d.status, d.outcome])).toEqual([
      [1, 500, 'retry'],
      [2, 500, 'retry'],
      [3, 200, 'delivered'],
      [1, 200, 'delivered'],
    ]);
    const gaps = rx.received.slice(1, 3).map((r, i) => r.at - (rx.received[i]?.at ?? 0));
    expect(gaps[0]).toBeGreaterThanOrEqual(45);
    expect(gaps[1]).toBeGreaterThanOrEqual(95);
  });

  it('drops an update after the last retry delay and moves on; counts pending', async () => {
    const { api, control } = await startWorld({ webhookRetryDelaysMs: [30, 30] });
    const rx = await receiver((_, u) => (textOf(u) === 'poison' ? 503 : 200));
    await api.subscribe(rx.url, undefined, ['message_created']);
    await control.sendText(4, 'poison');
    await control.sendText(4, 'ok');
    await control.startBot(4); // filtered out by update_types
    await until(() => rx.received.some((r) => textOf(r.update) === 'ok'));
    expect(rx.received.map((r) => textOf(r.update))).toEqual(['poison', 'poison', 'poison', 'ok']);
    expect((await control.deliveries()).map((d) => d.outcome)).toEqual(['retry', 'retry', 'dropped', 'delivered']);
    expect(await control.updatesPending()).toBe(0);
  });

  it('retries connection errors until the endpoint comes up', async () => {
    const { api, control } = await startWorld({ webhookRetryDelaysMs: [100, 100, 100, 100, 100] });
    const rx = await receiver();
    const deadUrl = rx.url;
    await new Promise((r) => servers.pop()?.close(r));
    await api.subscribe(deadUrl);
    await control.sendText(4, 'hello');
    // The first try has failed (its entry is logged when it has).
    const deadline = Date.now() + 5000;
    let [first] = await control.deliveries();
    while (!first) {
      if (Date.now() > deadline) throw new Error('no delivery tried in time');
      await new Promise((r) => setTimeout(r, 10));
      [first] = await control.deliveries();
    }
    expect(await control.updatesPending()).toBe(1);
    expect(first).toMatchObject({ status: null, outcome: 'retry', error: expect.any(String) });

    // Bring a receiver up on the same port.
    const port = Number(new URL(deadUrl).port);
    const got: string[] = [];
    const revived = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        got.push(textOf(JSON.parse(body) as Update) ?? '');
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((r) => revived.listen(port, '127.0.0.1', () => r()));
    servers.push(revived);
    await until(() => got.length === 1);
    expect(got).toEqual(['hello']);
  });

  it('MAX drops a subscription on its own (control API): updates go to the polling feed until the bot subscribes again', async () => {
    const { api, control } = await startWorld();
    const rx = await receiver();
    await api.subscribe(rx.url, 'top_secret');
    expect(await control.subscriptions()).toEqual([{ url: rx.url, time: expect.any(Number), update_types: [] }]);
    expect(await control.dropSubscription('http://127.0.0.1:1/elsewhere')).toEqual([]);
    expect(await control.dropSubscription(rx.url)).toEqual([rx.url]);
    expect(await api.getSubscriptions()).toEqual([]);
    await control.sendText(4, 'в ленту');
    expect((await api.getUpdates([], { timeout: 1 })).updates.map(textOf)).toEqual(['в ленту']);
    expect(rx.received).toHaveLength(0);
  });

  it('wants https:// on port 443, as schema.yaml says; plain http and other ports only on this machine', async () => {
    // SubscriptionUrl: "URL of HTTPS-endpoint of your bot. Must starts with https://".
    // POST /subscriptions: "Your server **must** be listening on port **443**".
    const { api } = await startWorld();
    expect((await maxError(api.subscribe('http://bot.example.ru/max/webhook'))).status).toBe(400);
    expect((await maxError(api.subscribe('https://bot.example.ru:8443/max/webhook'))).status).toBe(400);
    await expect(api.subscribe('https://bot.example.ru/max/webhook', 'secret_123')).resolves.toEqual({ success: true });
    await expect(api.subscribe('https://bot.example.ru:443/max/webhook', 'secret_123')).resolves.toEqual({ success: true });
    await expect(api.subscribe('http://127.0.0.1:8080/hook')).resolves.toEqual({ success: true });
    // SubscriptionRequestBody.secret: 5-256 characters of A-Z, a-z, 0-9, _ and -.
    expect((await maxError(api.subscribe('https://bot.example.ru/max/webhook', 'abcd'))).status).toBe(400);
    expect((await maxError(api.subscribe('https://bot.example.ru/max/webhook', 'x'.repeat(257)))).status).toBe(400);
  });

  it('delivers to https:// checking the certificate: with the CA given it passes, without it nothing is delivered', async () => {
    const certs = makeCertificates();
    const got: string[] = [];
    const server = createHttpsServer({ key: certs.key, cert: certs.cert }, (req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        got.push(textOf(JSON.parse(body) as Update) ?? '');
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    servers.push(server as unknown as Server);
    const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;

    const trusting = await startWorld({ webhookCa: certs.caPem });
    await trusting.api.subscribe(url, 'top_secret');
    await trusting.control.sendText(4, 'по TLS');
    await until(() => got.length === 1);
    expect(got).toEqual(['по TLS']);

    const other = await startWorld({ webhookRetryDelaysMs: [20] });
    await other.api.subscribe(url, 'top_secret');
    await other.control.sendText(4, 'не дойдёт');
    let deliveries: Awaited<ReturnType<typeof other.control.deliveries>> = [];
    for (const deadline = Date.now() + 5000; !deliveries.some((e) => e.outcome === 'dropped'); ) {
      if (Date.now() > deadline) throw new Error('no dropped delivery in time');
      await new Promise((r) => setTimeout(r, 20));
      deliveries = await other.control.deliveries();
    }
    expect(deliveries.map((d) => d.status)).toEqual([null, null]);
    expect(deliveries[0]!.error).toMatch(/CERT|certificate|SELF_SIGNED|UNABLE_TO_VERIFY/i);
    expect(got).toEqual(['по TLS']);
  });
});
