// The vendored description itself, and the sandbox on the clauses of its prose that
// the JSON schemas cannot carry. Each test quotes its clause from schema.yaml.
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import OpenAPIBackend from 'openapi-backend';
import { afterEach, describe, expect, it } from 'vitest';
import { dialogChatId } from '../../src/sandbox/control.js';
import { DEEP_LINK_PAYLOAD_MAX } from '../../src/sandbox/control-routes.js';
import { MIN_POLL_MS } from '../../src/sandbox/feed.js';
import { DEFAULT_WEBHOOK_RETRY_DELAYS_MS, WEBHOOK_RETRY_WINDOW_MS } from '../../src/sandbox/webhooks.js';
import { ContractRecorder } from '../support/contract-recorder.js';
import { PATCHES, maxDescription, readVendoredSchema, vendoredDescription } from '../support/max-schema.js';
import { maxError, startWorld } from './support.js';

describe('the vendored description (vendor/max-api-schema)', () => {
  it('is schema.yaml 0.0.33 of max-messenger/api-schema, unmodified, and a valid OpenAPI 3.0 document', async () => {
    const text = readVendoredSchema();
    // vendor/max-api-schema/README.md: size and hash as taken on 2026-12-06.
    expect(text.length).toBe(126_787);
    expect(createHash('sha256').update(text).digest('hex')).toBe('7e2fd072a67c6f830a02a55671eec88526f6a958b0c71ea4be96acecc3dd700b');
    const doc = vendoredDescription();
    expect(doc['openapi']).toBe('3.0.0');
    expect(doc['info']).toMatchObject({ version: '0.0.33', license: { name: 'Apache 2.0' } });
    const api = new OpenAPIBackend({ definition: doc as never, strict: true });
    await api.loadDocument();
    expect(() => api.validateDefinition()).not.toThrow();
  });

  it('every overlay patch is dated, sourced and still needed', () => {
    for (const patch of PATCHES) {
      expect(patch.date, patch.id).toMatch(/^\d{4}(-\d{2}){0,2}$/);
      expect(patch.source.length, patch.id).toBeGreaterThan(10);
    }
    // maxDescription() throws when a patch finds its change already in the description.
    const patched = maxDescription();
    expect(patched['components']['schemas']['BotAddedToChatUpdate']['allOf'][1]['properties']).not.toHaveProperty('user');
    // June 2026, GET /chats is not served: the description already has no such path.
    expect(Object.keys(vendoredDescription()['paths'] as object)).not.toContain('/chats');
  });
});

describe('the contract recorder the sandbox tests and the bot tests use', () => {
  it('fails the test on traffic outside the description, once', async () => {
    const recorder = await ContractRecorder.create('fail');
    const user = { user_id: 1, first_name: 'А', name: 'А', username: null, is_bot: false };
    recorder.webhookUpdate({ update_type: 'bot_added', timestamp: 1, chat_id: -1, is_channel: false, user } as never);
    expect(() => recorder.settle('probe')).toThrow(/update bot_added \(webhook\)[\s\S]*additionalProperty[\s\S]*user/);
    expect(() => recorder.settle('probe')).not.toThrow();
    recorder.webhookUpdate({ update_type: 'bot_added', timestamp: 1, chat_id: -1, is_channel: false } as never);
    expect(() => recorder.settle('probe')).not.toThrow();
  });
});

describe('the sandbox follows the prose of the description', () => {
  const servers: Server[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
  });

  it('webhooks: "retry delivery in exponentially increasing intervals … but not longer than 8 hours since update happened"', () => {
    const delays = DEFAULT_WEBHOOK_RETRY_DELAYS_MS;
    const total = delays.reduce((a, b) => a + b, 0);
    expect(WEBHOOK_RETRY_WINDOW_MS).toBe(8 * 60 * 60 * 1000);
    expect(total).toBeLessThanOrEqual(WEBHOOK_RETRY_WINDOW_MS);
    // Not given up early: the next doubling would pass the 8 hours.
    expect(total + (delays.at(-1) ?? 0)).toBeGreaterThan(WEBHOOK_RETRY_WINDOW_MS);
    for (let i = 1; i < delays.length; i++) expect(delays[i]).toBeGreaterThanOrEqual(delays[i - 1] ?? 0);
    expect(delays[1]).toBe(2 * (delays[0] ?? 0));
  });

  it('webhooks: "We also consider any non `200`-response from server as failed delivery"', async () => {
    const { api, control } = await startWorld({ webhookRetryDelaysMs: [30, 30, 30] });
    const statuses = [204, 201, 200];
    const server = createServer((req, res) => {
      req.resume();
      req.on('end', () => res.writeHead(statuses.shift() ?? 200).end());
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    servers.push(server);
    await api.raw.post('subscriptions', { body: { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook` } });
    await control.sendText(70, 'привет');
    const deadline = Date.now() + 5000;
    while ((await control.deliveries()).length < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect((await control.deliveries()).map((d) => [d.status, d.outcome])).toEqual([
      [204, 'retry'],
      [201, 'retry'],
      [200, 'delivered'],
    ]);
  });

  it('long polling: "Minimum polling time - 300ms" (our reading: an empty poll, even with timeout=0, is not answered sooner)', async () => {
    const { sandbox } = await startWorld();
    const started = Date.now();
    const res = await fetch(`${sandbox.url}/updates?timeout=0`, { headers: { authorization: sandbox.token } });
    expect(((await res.json()) as { updates: unknown[] }).updates).toEqual([]);
    // The clause's figure, not the sandbox's constant: a change to the constant must fail here.
    expect(MIN_POLL_MS).toBe(300);
    expect(Date.now() - started).toBeGreaterThanOrEqual(300 - 5);
  });

  it('deep links: "up to 128 characters long. Longer strings will be omitted and not passed to the bot"', async () => {
    const { sandbox, control } = await startWorld();
    const link = (payload: string) => `https://max.ru/${sandbox.botUsername}?start=${payload}`;
    expect(DEEP_LINK_PAYLOAD_MAX).toBe(128);
    expect((await control.openDeepLink(71, link('a'.repeat(128)))).payload).toBe('a'.repeat(128));
    expect((await control.openDeepLink(72, link('b'.repeat(129)))).payload).toBeNull();
    const res = await fetch(`${sandbox.url}/updates?timeout=0`, { headers: { authorization: sandbox.token } });
    const started = ((await res.json()) as { updates: { update_type: string; chat_id: number; payload?: string | null }[] }).updates.filter(
      (u) => u.update_type === 'bot_started',
    );
    expect(started.map((u) => [u.chat_id, u.payload ?? null])).toEqual([
      [dialogChatId(71), 'a'.repeat(128)],
      [dialogChatId(72), null],
    ]);
  });

  it('text: NewMessageBody.text "maxLength: 4000" is refused beyond, with an Error {code, message}', async () => {
    const { api } = await startWorld();
    const err = await maxError(api.sendMessageToUser(73, 'я'.repeat(4001)));
    expect(err.status).toBe(400);
    expect(err.code).toBe('text.too.long');
  });

  it('limits: "`429` — the number of requests is exceeded", at 30 requests a second by default', async () => {
    const { sandbox, control } = await startWorld({ rps: undefined });
    const answers = await Promise.all(
      Array.from({ length: 40 }, () =>
        fetch(`${sandbox.url}/me`, { headers: { authorization: sandbox.token } }).then(async (r) => [r.status, await r.json()] as const),
      ),
    );
    const log = (await control.requests({ path: '/me' })).filter((e) => e.status !== null);
    const served = log.filter((e) => e.status === 200).map((e) => e.at);
    // Never more than 30 served in any sliding second, however the burst was spread.
    for (const at of served) expect(served.filter((t) => t > at - 1000 && t <= at).length).toBeLessThanOrEqual(30);
    const first = Math.min(...log.map((e) => e.at));
    if (log.every((e) => e.at < first + 1000)) expect(served).toHaveLength(30);
    const refused = answers.filter(([status]) => status === 429);
    expect(refused.length).toBe(40 - served.length);
    if (refused[0]) expect(refused[0][1]).toMatchObject({ code: 'too.many.requests', message: expect.any(String) });
  });
});
