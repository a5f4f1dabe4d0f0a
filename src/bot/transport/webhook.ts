// Webhook mode for several instances behind a load balancer: check the secret
// header, make the update durable in the inbox, and only then answer 200 — so a
// crash before that leaves MAX to deliver it again. (The SDK's webhook answers
// 200 before handling.)
import { timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Api } from '@maxhub/max-bot-api';
import type { UpdateType } from '@maxhub/max-bot-api/types';
import type { Logger } from '../../log.js';
import type { Ingest } from '../ingest.js';
import { SUBSCRIBED_UPDATE_TYPES } from '../update.js';
import { withinMs } from '../../ops/deadline.js';

const SECRET_HEADER = 'x-max-bot-api-secret';
const MAX_BODY_BYTES = 1024 * 1024;
/** How much of an over-size body is drained before the connection is cut. */
const MAX_DISCARD_BYTES = 64 * 1024 * 1024;

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
}

export class WebhookTransport {
  private server: Server | null = null;
  private readonly path: string;

  constructor(
    private readonly api: Api,
    private readonly ingest: Ingest,
    private readonly log: Logger,
    private readonly opts: WebhookOptions,
  ) {
    this.path = new URL(opts.url).pathname;
  }

  get port(): number {
    const addr = this.server?.address();
    return typeof addr === 'object' && addr ? addr.port : this.opts.port;
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => void this.onRequest(req, res));
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(this.opts.port, this.opts.host, () => resolve());
    });
    // The SDK's UpdateType predates bot_admin_permissions_changed; MAX accepts it by name.
    await this.api.subscribe(this.opts.url, this.opts.secret, [...SUBSCRIBED_UPDATE_TYPES] as unknown as UpdateType[]);
    this.log.info({ port: this.port, path: this.path }, 'webhook listening');
  }

  /** Stops taking updates. The subscription stays: other instances may still serve it. */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeIdleConnections();
    });
  }

  private secretMatches(header: string | string[] | undefined): boolean {
    if (typeof header !== 'string') return false;
    const a = Buffer.from(header);
    const b = Buffer.from(this.opts.secret);
    return a.length === b.length && timingSafeEqual(a, b);
  }

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '').split('?')[0];
    if (req.method === 'GET' && path === '/healthz') return reply(res, 200, 'ok');
    if (path !== this.path) return reply(res, 404, 'not found');
    if (req.method !== 'POST') return reply(res, 405, 'method not allowed');
    if (!this.secretMatches(req.headers[SECRET_HEADER])) {
      this.log.warn({ remote: req.socket.remoteAddress }, 'webhook call with a wrong or missing secret refused');
      req.resume();
      return reply(res, 401, 'unauthorized');
    }
    let body: string;
    try {
      body = await readBody(req);
    } catch (err) {
      if (err instanceof BodyTooLarge) {
        this.log.warn({ limit: MAX_BODY_BYTES }, 'webhook body over the size limit refused');
        return replyTooLarge(req, res);
      }
      return reply(res, 400, 'bad request');
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

function reply(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
  res.end(text);
}

class BodyTooLarge extends Error {}

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

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        req.off('data', onData);
        chunks.length = 0;
        reject(new BodyTooLarge());
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
