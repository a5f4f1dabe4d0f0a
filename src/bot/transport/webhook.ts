// Webhook mode for several instances behind a load balancer: check the secret
// header, make the update durable in the inbox, and only then answer 200 — so a
// crash before that leaves MAX to deliver it again. (The SDK's webhook answers
// 200 before handling.) MAX posts only to https:// on port 443: in production a
// TLS-terminating proxy (Caddy, see Caddyfile) passes the webhook path on to this
// plain-HTTP server on WEBHOOK_PORT.
//
// Every request has deadlines: its headers within `headersTimeoutMs`, its body
// within `bodyTimeoutMs` after them (else 408 and the connection is closed), so a
// client that sends the right secret and then nothing cannot hold a socket open.
import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Api } from '@maxhub/max-bot-api';
import type { Logger } from '../../log.js';
import type { Ingest } from '../ingest.js';
import { SUBSCRIBED_UPDATE_TYPES } from '../update.js';
import { withinMs } from '../../ops/deadline.js';
import { SubscriptionKeeper } from './subscription.js';

const SECRET_HEADER = 'x-max-bot-api-secret';
const MAX_BODY_BYTES = 1024 * 1024;
/** How much of an over-size body is drained before the connection is cut. */
const MAX_DISCARD_BYTES = 64 * 1024 * 1024;
const DEFAULT_HEADERS_TIMEOUT_MS = 10_000;
const DEFAULT_BODY_TIMEOUT_MS = 10_000;

export interface WebhookOptions {
  /** The public URL MAX posts to; its path is the path served here. */
  url: string;
  port: number;
  secret: string;
  host?: string;
  /** False while Redis is unreachable: the update is refused with 503 so that MAX delivers it again later. */
  storeReachable?: () => boolean;
  /** An update not stored within this time is refused with 503 (default 5 s). */
  storeTimeoutMs?: number;
  /** The request line and headers must arrive within this time (default 10 s). */
  headersTimeoutMs?: number;
  /** The body must arrive within this time after the headers (default 10 s). */
  bodyTimeoutMs?: number;
  /** Mean time between checks that MAX still has the subscription (default 5 minutes). */
  subscriptionCheckMs?: number;
}

export class WebhookTransport {
  private server: Server | null = null;
  private readonly path: string;
  private readonly secretDigest: Buffer;
  private readonly subscription: SubscriptionKeeper;

  constructor(
    api: Api,
    private readonly ingest: Ingest,
    private readonly log: Logger,
    private readonly opts: WebhookOptions,
  ) {
    this.path = new URL(opts.url).pathname;
    this.secretDigest = digest(opts.secret);
    this.subscription = new SubscriptionKeeper(api, log, {
      url: opts.url,
      secret: opts.secret,
      updateTypes: SUBSCRIBED_UPDATE_TYPES,
      ...(opts.subscriptionCheckMs !== undefined ? { checkEveryMs: opts.subscriptionCheckMs } : {}),
    });
  }

  get port(): number {
    const addr = this.server?.address();
    return typeof addr === 'object' && addr ? addr.port : this.opts.port;
  }

  /** Open sockets of the webhook server (tests watch them close). */
  connections(): Promise<number> {
    const server = this.server;
    if (!server) return Promise.resolve(0);
    return new Promise((resolve, reject) => server.getConnections((err, n) => (err ? reject(err) : resolve(n))));
  }

  async start(): Promise<void> {
    const headersTimeout = this.opts.headersTimeoutMs ?? DEFAULT_HEADERS_TIMEOUT_MS;
    const bodyTimeout = this.opts.bodyTimeoutMs ?? DEFAULT_BODY_TIMEOUT_MS;
    this.server = createServer(
      {
        // Node's own deadlines, checked every connectionsCheckingInterval: headers, then the
        // whole request. The per-request body timer below answers sooner and says why.
        headersTimeout,
        requestTimeout: headersTimeout + bodyTimeout + 1_000,
        connectionsCheckingInterval: Math.min(1_000, headersTimeout),
      },
      (req, res) => void this.onRequest(req, res),
    );
    // Longer than Caddy's idle time for upstream connections (4 s, Caddyfile), so that Caddy
    // never sends a request on a connection the bot is just closing.
    this.server.keepAliveTimeout = 5_000;
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(this.opts.port, this.opts.host, () => resolve());
    });
    this.log.info({ port: this.port, path: this.path }, 'webhook listening');
    await this.subscription.start();
  }

  /** Stops taking updates. The subscription stays: other instances may still serve it. */
  async stop(): Promise<void> {
    await this.subscription.stop();
    const server = this.server;
    this.server = null;
    if (!server) return;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeIdleConnections();
    });
  }

  /** Compares digests, so neither the content nor the length of the secret leaks through timing. */
  private secretMatches(header: string | string[] | undefined): boolean {
    if (typeof header !== 'string') return false;
    return timingSafeEqual(digest(header), this.secretDigest);
  }

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '').split('?')[0];
    if (req.method === 'GET' && path === '/healthz') return reply(res, 200, 'ok');
    if (path !== this.path) return refuse(req, res, 404, 'not found');
    if (req.method !== 'POST') return refuse(req, res, 405, 'method not allowed');
    if (!this.secretMatches(req.headers[SECRET_HEADER])) {
      this.log.warn({ remote: req.socket.remoteAddress }, 'webhook call with a wrong or missing secret refused');
      return refuse(req, res, 401, 'unauthorized');
    }
    let body: string;
    try {
      body = await readBody(req, this.opts.bodyTimeoutMs ?? DEFAULT_BODY_TIMEOUT_MS);
    } catch (err) {
      if (err instanceof BodyTooLarge) {
        this.log.warn({ limit: MAX_BODY_BYTES }, 'webhook body over the size limit refused');
        return replyTooLarge(req, res);
      }
      if (err instanceof BodyTimeout) {
        this.log.warn({ remote: req.socket.remoteAddress }, 'webhook body did not arrive in time; connection closed');
        return refuse(req, res, 408, 'request timeout', true);
      }
      return refuse(req, res, 400, 'bad request');
    }
    let update: unknown;
    try {
      update = JSON.parse(body);
    } catch {
      this.log.warn({}, 'webhook body is not JSON');
      return reply(res, 400, 'invalid json');
    }
    if (this.opts.storeReachable && !this.opts.storeReachable()) return reply(res, 503, 'try again');
    try {
      const stored = await withinMs(this.ingest.accept(update), this.opts.storeTimeoutMs ?? 5_000);
      // Not known to be stored; if the write lands later, MAX's retry is dropped as a duplicate.
      if (!stored) return reply(res, 503, 'try again');
    } catch (err) {
      // Not durable: let MAX deliver it again.
      this.log.error({ err: (err as Error).message }, 'update could not be stored; asking MAX to retry');
      return reply(res, 503, 'try again');
    }
    reply(res, 200, 'ok');
  }
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

function reply(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
  res.end(text);
}

/**
 * An answer after which the connection is closed: whatever the client still
 * sends of the body is not waited for. `stalled`: the client has stopped
 * sending, so the socket is cut as soon as the answer is written.
 */
function refuse(req: IncomingMessage, res: ServerResponse, status: number, text: string, stalled = false): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', connection: 'close' });
  res.end(text, () => {
    if (stalled) req.socket.destroy();
  });
  req.resume();
}

class BodyTooLarge extends Error {}
class BodyTimeout extends Error {}

/**
 * 413 with a JSON body. The rest of the request is read and thrown away (up to a
 * bound) so the client receives the answer instead of a connection reset.
 */
function replyTooLarge(req: IncomingMessage, res: ServerResponse): void {
  res.writeHead(413, { 'content-type': 'application/json; charset=utf-8', connection: 'close' });
  res.end(JSON.stringify({ code: 'too.large', message: `body over ${MAX_BODY_BYTES} bytes` }));
  let discarded = 0;
  req.on('data', (chunk: Buffer) => {
    discarded += chunk.length;
    if (discarded > MAX_DISCARD_BYTES) req.destroy();
  });
  req.resume();
}

/** The body as text: rejects with BodyTooLarge over the limit and BodyTimeout when it does not arrive within `timeoutMs`. */
function readBody(req: IncomingMessage, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const timer = setTimeout(() => {
      req.off('data', onData);
      chunks.length = 0;
      reject(new BodyTimeout());
    }, timeoutMs);
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        clearTimeout(timer);
        req.off('data', onData);
        chunks.length = 0;
        reject(new BodyTooLarge());
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.on('end', () => {
      clearTimeout(timer);
      resolve(Buffer.concat(chunks).toString('utf8'));
    });
    req.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
}
