// MaxSandbox: a local stand-in for the MAX Bot API (platform-api2.max.ru) on
// node:http, with an in-memory world and a control API under /sandbox/.
//
//   const sandbox = new MaxSandbox();
//   await sandbox.start();
//   const bot = new Bot(sandbox.token, { clientOptions: { baseUrl: sandbox.url } });
//   const control = new SandboxControl(sandbox.url);
//
// Bot API pipeline for every request outside /sandbox/: log → auth (401
// verify.token) → rate limit (429 too.many.requests, not applied) → fault
// injection (not applied) → route (404/405 for unknown routes) → handler.
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type SandboxUpdate as Update, WEBHOOK_ONLY_TYPES } from './wire-updates.js';
import { UserActions } from './actions.js';
import { registerChatRoutes } from './bot-chats.js';
import { registerMessageRoutes } from './bot-messages.js';
import type { SandboxInfo } from './control-schemas.js';
import { registerControlRoutes } from './control-routes.js';
import { PollingFeed } from './feed.js';
import { type Handler, Router, readJsonBody, sendJson } from './http.js';
import { FaultInjector, KeyedSlidingWindow, RequestLog, SlidingWindow, defaultFaultCode } from './limits.js';
import { ApiError } from './model.js';
import type { SandboxObserver } from './observer.js';
import { SandboxState } from './state.js';
import { DEFAULT_WEBHOOK_RETRY_DELAYS_MS, WebhookDispatcher } from './webhooks.js';
import { DOWNLOAD_PATH_PREFIX, SandboxUploads, UPLOAD_PATH_PREFIX } from './uploads.js';

export { dialogChatId, dialogUserId, DIALOG_CHAT_ID_BASE, GROUP_CHAT_ID_BASE } from './model.js';

export interface MaxSandboxOptions {
  token?: string;
  botUserId?: number;
  botUsername?: string;
  botName?: string;
  /** Bot API requests per sliding second (default 30, as documented for MAX). */
  rps?: number;
  /** POST /answers per chat per sliding second (default 2: MAX's page of the method, «Ограничения»). */
  callbackRps?: number;
  /** Delays between webhook delivery attempts; the update is dropped after the last. */
  webhookRetryDelaysMs?: number[];
  /** PEM certificate(s) trusted for https:// webhook URLs besides the system's roots (tests: their own CA). */
  webhookCa?: string | string[];
  /** Sees every Bot API exchange and webhook update (tests check them against MAX's description). */
  observer?: SandboxObserver;
  /**
   * Numbering of message, callback and chat ids starts from this (the demo passes its start
   * time in ms): a bot that keeps its Redis across sandbox restarts remembers the ids it has
   * seen and would take a repeated one for an update it already handled. Default 0.
   */
  idBase?: number;
}

const CONTROL_PREFIX = '/sandbox';

export class MaxSandbox {
  readonly botName: string;
  private readonly opts: Required<Omit<MaxSandboxOptions, 'webhookRetryDelaysMs' | 'webhookCa' | 'botName' | 'observer' | 'idBase'>>;
  private readonly observer: SandboxObserver | null;
  private readonly state: SandboxState;
  private readonly feed: PollingFeed;
  private readonly webhooks: WebhookDispatcher;
  private readonly faults = new FaultInjector();
  private readonly uploads: SandboxUploads;
  private readonly requests = new RequestLog();
  private readonly callbackLimiter: KeyedSlidingWindow<number>;
  private rateLimiter: SlidingWindow;
  private readonly botRouter = new Router();
  private readonly controlRouter = new Router();
  private server: Server | null = null;
  private baseUrl: string | null = null;
  private updateSeq = 0;

  constructor(opts: MaxSandboxOptions = {}) {
    this.opts = {
      token: opts.token ?? 'sandbox-token',
      botUserId: opts.botUserId ?? 9000,
      botUsername: opts.botUsername ?? 'sferum_sandbox_bot',
      rps: opts.rps ?? 30,
      callbackRps: opts.callbackRps ?? 2,
    };
    this.botName = opts.botName ?? 'Сферум-бот';
    this.observer = opts.observer ?? null;
    this.rateLimiter = new SlidingWindow(this.opts.rps);
    this.callbackLimiter = new KeyedSlidingWindow<number>(this.opts.callbackRps);
    this.state = new SandboxState(
      { userId: this.opts.botUserId, username: this.opts.botUsername, name: this.botName },
      (u) => this.publish(u),
      opts.idBase ?? 0,
    );
    this.uploads = new SandboxUploads(() => this.url, this.state.media);
    this.feed = new PollingFeed(() => this.updateSeq + 1);
    this.webhooks = new WebhookDispatcher(opts.webhookRetryDelaysMs ?? DEFAULT_WEBHOOK_RETRY_DELAYS_MS, opts.webhookCa);

    const botDeps = { state: this.state, feed: this.feed, webhooks: this.webhooks, callbackLimiter: this.callbackLimiter };
    registerMessageRoutes(this.botRouter, botDeps);
    registerChatRoutes(this.botRouter, botDeps);
    this.uploads.register(this.botRouter);
    this.uploads.registerControl(this.controlRouter);
    registerControlRoutes(this.controlRouter, {
      state: this.state,
      actions: new UserActions(this.state),
      uploads: this.uploads,
      feed: this.feed,
      webhooks: this.webhooks,
      faults: this.faults,
      requests: this.requests,
      info: () => this.info(),
      reset: () => this.reset(),
    });
  }

  get url(): string {
    if (this.baseUrl === null) throw new Error('MaxSandbox is not started');
    return this.baseUrl;
  }

  get token(): string {
    return this.opts.token;
  }

  get botUserId(): number {
    return this.opts.botUserId;
  }

  get botUsername(): string {
    return this.opts.botUsername;
  }

  info(): SandboxInfo {
    return {
      url: this.url,
      token: this.token,
      botUserId: this.botUserId,
      botUsername: this.botUsername,
      botName: this.botName,
      deepLinkBase: `https://max.ru/${this.botUsername}`,
    };
  }

  async start(port = 0, host = '127.0.0.1'): Promise<void> {
    if (this.server) throw new Error('MaxSandbox is already started');
    const server = createServer((req, res) => {
      void this.handle(req, res);
    });
    server.keepAliveTimeout = 5_000;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    const address = server.address() as AddressInfo;
    const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    this.server = server;
    this.baseUrl = `http://${shownHost}:${address.port}`;
    this.webhooks.resume();
  }

  /**
   * Answers pending long polls, stops webhook delivery and closes the server.
   * The world is kept: start() again (on the same port) to simulate an outage.
   */
  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = null;
    this.feed.releaseAll();
    this.webhooks.stop();
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      // Let the answered long polls flush, then drop keep-alive and straggling sockets.
      setImmediate(() => server.closeIdleConnections());
      setTimeout(() => server.closeAllConnections(), 200).unref();
    });
  }

  /** Clears the world, the update feed, subscriptions, logs and faults. Update seq numbers keep growing. */
  reset(): void {
    this.state.reset();
    this.feed.clear();
    this.webhooks.reset();
    this.faults.clear();
    this.requests.clear();
    this.uploads.reset();
    this.callbackLimiter.clear();
    this.rateLimiter = new SlidingWindow(this.opts.rps);
  }

  private publish(update: Update): void {
    // Long polling does not carry the webhook-only types (MAX today): they are lost there.
    if (!this.webhooks.active && WEBHOOK_ONLY_TYPES.has(update.update_type)) return;
    const entry = { seq: ++this.updateSeq, update: structuredClone(update) };
    if (this.webhooks.active) {
      this.observer?.webhookUpdate?.(entry.update);
      this.webhooks.enqueue(entry);
    } else this.feed.add(entry);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://sandbox.local');
    const method = (req.method ?? 'GET').toUpperCase();
    const path = url.pathname.length > 1 ? url.pathname.replace(/\/+$/, '') : url.pathname;
    const aborter = new AbortController();
    res.on('close', () => {
      if (!res.writableEnded) aborter.abort();
    });
    try {
      if (path.startsWith(UPLOAD_PATH_PREFIX)) {
        await this.uploads.handleUpload(req, res, path);
      } else if (path.startsWith(DOWNLOAD_PATH_PREFIX)) {
        this.uploads.handleDownload(req, res, path);
      } else if (path === CONTROL_PREFIX || path.startsWith(`${CONTROL_PREFIX}/`)) {
        await this.handleControl(req, res, method, path, url.searchParams, aborter.signal);
      } else {
        await this.handleBotApi(req, res, method, path, url.searchParams, aborter.signal);
      }
    } catch (err) {
      console.error('[max-sandbox] unexpected error', err);
      sendJson(res, 500, { code: 'internal.error', message: 'Sandbox internal error' });
    }
  }

  private async handleBotApi(
    req: IncomingMessage,
    res: ServerResponse,
    method: string,
    path: string,
    query: URLSearchParams,
    signal: AbortSignal,
  ): Promise<void> {
    const entry = this.requests.start(method, path, query);
    let body: unknown;
    let injected = false;
    const answer = (status: number, responseBody: unknown): void => {
      entry.status = status;
      sendJson(res, status, responseBody);
      this.observer?.exchange?.({ method, path, query: query.toString(), headers: req.headers, requestBody: body, status, responseBody, injected });
    };
    try {
      body = await readJsonBody(req);
      if (body !== undefined) entry.body = body;
    } catch (err) {
      const e = err instanceof ApiError ? err : new ApiError(400, 'bad.request', 'Unreadable request body');
      return answer(e.status, { code: e.code, message: e.message });
    }
    if (req.headers.authorization !== this.opts.token) {
      return answer(401, { code: 'verify.token', message: 'Invalid access_token' });
    }
    // Counted when the request arrived (as MAX's front end counts), not after its body was read:
    // on a busy machine reading a body can wait, and requests would bunch up in the window.
    if (!this.rateLimiter.tryAcquire(entry.at)) {
      return answer(429, { code: 'too.many.requests', message: `Rate limit exceeded: more than ${this.opts.rps} requests per second` });
    }
    const fault = this.faults.take(method, path);
    injected = fault !== null && fault.status !== null;
    if (fault?.hang) {
      await new Promise<void>((resolve) => (signal.aborted ? resolve() : signal.addEventListener('abort', () => resolve(), { once: true })));
      entry.status = 0;
      return;
    }
    if (fault && fault.delayMs > 0) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, fault.delayMs);
        signal.addEventListener(
          'abort',
          () => {
            clearTimeout(timer);
            resolve();
          },
          { once: true },
        );
      });
      if (signal.aborted) {
        entry.status = 0;
        return;
      }
    }
    if (fault && fault.status !== null) {
      entry.status = fault.status;
      if (fault.status === 0) {
        req.socket.destroy();
        return;
      }
      // Status 200: a refusal the way MAX answers some methods today — 200 with
      // success: false, a message and (since November 2026) a code.
      if (fault.status === 200) return answer(200, { success: false, code: fault.code ?? 'error', message: fault.message ?? 'Injected refusal' });
      return answer(fault.status, { code: fault.code ?? defaultFaultCode(fault.status), message: fault.message ?? `Injected fault ${fault.status}` });
    }
    const match = this.botRouter.match(method, path);
    if (match.kind === 'not-found') return answer(404, { code: 'not.found', message: `Unknown method ${method} ${path}` });
    if (match.kind === 'method-not-allowed') {
      return answer(405, { code: 'method.not.allowed', message: `${method} is not allowed for ${path}; use ${match.allowed.join(', ')}` });
    }
    await this.run(match.handler, { method, path, params: match.params, query, body, signal, receivedAt: entry.at }, answer);
  }

  private async handleControl(
    req: IncomingMessage,
    res: ServerResponse,
    method: string,
    path: string,
    query: URLSearchParams,
    signal: AbortSignal,
  ): Promise<void> {
    res.setHeader('access-control-allow-origin', '*');
    if (method === 'OPTIONS') {
      res.writeHead(204, { 'access-control-allow-methods': 'GET, POST, PUT, PATCH, DELETE', 'access-control-allow-headers': 'content-type' });
      res.end();
      return;
    }
    const answer = (status: number, body: unknown): void => sendJson(res, status, body);
    let body: unknown;
    try {
      body = await readJsonBody(req);
    } catch (err) {
      const e = err instanceof ApiError ? err : new ApiError(400, 'bad.request', 'Unreadable request body');
      return answer(e.status, { code: e.code, message: e.message });
    }
    const match = this.controlRouter.match(method, path);
    if (match.kind === 'not-found') return answer(404, { code: 'not.found', message: `Unknown control route ${method} ${path}` });
    if (match.kind === 'method-not-allowed') {
      return answer(405, { code: 'method.not.allowed', message: `${method} is not allowed for ${path}; use ${match.allowed.join(', ')}` });
    }
    await this.run(match.handler, { method, path, params: match.params, query, body, signal }, answer);
  }

  private async run(handler: Handler, ctx: Parameters<Handler>[0], answer: (status: number, body: unknown) => void): Promise<void> {
    try {
      const result = await handler(ctx);
      answer(200, result);
    } catch (err) {
      if (err instanceof ApiError) return answer(err.status, { code: err.code, message: err.message });
      console.error(`[max-sandbox] ${ctx.method} ${ctx.path} failed`, err);
      answer(500, { code: 'internal.error', message: err instanceof Error ? err.message : String(err) });
    }
  }
}
