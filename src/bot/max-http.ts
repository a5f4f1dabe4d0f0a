// One HTTP exchange with MAX for the SDK's client, on Node's http/https with
// kept-alive connections instead of the global fetch. The SDK's client sends only
// JSON (a string body or none) and reads only `status`, `headers.get()` and
// `json()` of the answer, so nothing here needs WHATWG streams: the answer is read
// whole, parsed once, and handed back as a small Response-shaped object. Under load
// this costs the bot a fraction of what fetch's stream machinery does per call (see
// README «Бенчмарки»); a body of any other kind still goes through fetch.
import { Agent as HttpAgent, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { REFUSAL_STATUS } from './max-answers.js';

/** Connections kept open per host: enough for the rate limit's worth of calls in flight. */
const MAX_SOCKETS = 64;
const httpAgent = new HttpAgent({ keepAlive: true, maxSockets: MAX_SOCKETS });
// NODE_EXTRA_CA_CERTS (the Russian Trusted Root CA, see max-answers.ts) applies here as to fetch.
const httpsAgent = new HttpsAgent({ keepAlive: true, maxSockets: MAX_SOCKETS });

/** The part of a Response the SDK's client and the bot's fetch read. */
export class MaxAnswer {
  readonly ok: boolean;
  /** A body is read whole; `cancel` exists so callers may discard it like a fetch body. */
  readonly body = { cancel: async (): Promise<void> => undefined };
  private parsed: { value: unknown } | null = null;

  constructor(
    readonly status: number,
    readonly statusText: string,
    private readonly rawHeaders: IncomingHttpHeaders,
    private readonly textBody: string,
  ) {
    this.ok = status >= 200 && status < 300;
  }

  readonly headers = {
    get: (name: string): string | null => {
      const v = this.rawHeaders[name.toLowerCase()];
      return v === undefined ? null : Array.isArray(v) ? v.join(', ') : v;
    },
  };

  async text(): Promise<string> {
    return this.textBody;
  }

  /** Parsed once, however often it is asked (the refusal check and the SDK both read it). */
  async json(): Promise<unknown> {
    this.parsed ??= { value: JSON.parse(this.textBody) };
    return this.parsed.value;
  }

  /**
   * `{success: false, …}` with status 200 (a MAX refusal, see max-answers.ts) becomes the
   * same body with REFUSAL_STATUS, so the SDK throws a MaxError carrying MAX's `code`.
   */
  asRefusalIfRefused(): MaxAnswer {
    if (this.status !== 200 || !(this.headers.get('content-type') ?? '').includes('json') || !this.textBody.includes('"success"')) return this;
    let body: unknown;
    try {
      body = JSON.parse(this.textBody);
    } catch {
      return this; // not JSON after all: the SDK reports it
    }
    const refused = typeof body === 'object' && body !== null && (body as { success?: unknown }).success === false;
    return refused ? new MaxAnswer(REFUSAL_STATUS, 'Refused', this.rawHeaders, this.textBody) : this;
  }
}

/** A request the plain HTTP path can carry: a string body or none. */
export function isPlainJsonCall(init: RequestInit | undefined): boolean {
  const body = init?.body;
  return body === undefined || body === null || typeof body === 'string';
}

function plainHeaders(headers: RequestInit['headers']): Record<string, string> {
  if (!headers) return {};
  if (headers instanceof Headers) return Object.fromEntries(headers.entries());
  if (Array.isArray(headers)) return Object.fromEntries(headers);
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) out[k] = typeof v === 'string' ? v : v.join(', ');
  return out;
}

/** Named like fetch's own errors, so callers tell a deadline from a caller's abort the same way. */
function timeoutError(ms: number): Error {
  const err = new Error(`no answer within ${ms} ms`);
  err.name = 'TimeoutError';
  return err;
}

/**
 * Sends one request and reads the whole answer. Rejects on a network or TLS error (with
 * Node's `code`), on the caller's abort (AbortError) and after `deadlineMs` (TimeoutError).
 */
export function exchange(url: string | URL, init: RequestInit | undefined, deadlineMs: number, signal: AbortSignal | undefined): Promise<MaxAnswer> {
  return new Promise<MaxAnswer>((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason ?? new DOMException('Aborted', 'AbortError'));
    const u = typeof url === 'string' ? new URL(url) : url;
    const secure = u.protocol === 'https:';
    const body = typeof init?.body === 'string' ? init.body : undefined;
    const headers = plainHeaders(init?.headers);
    if (body !== undefined) headers['content-length'] = String(Buffer.byteLength(body));
    let settled = false;
    const finish = (err: Error | null, answer?: MaxAnswer) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      if (err) {
        req.destroy();
        reject(err);
      } else resolve(answer!);
    };
    const onAbort = () => finish(signal?.reason instanceof Error ? signal.reason : new DOMException('Aborted', 'AbortError'));
    const req = (secure ? httpsRequest : httpRequest)(
      {
        protocol: u.protocol,
        hostname: u.hostname,
        port: u.port || undefined,
        path: `${u.pathname}${u.search}`,
        method: init?.method ?? 'GET',
        headers,
        agent: secure ? httpsAgent : httpAgent,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', (err) => finish(err));
        res.on('aborted', () => finish(Object.assign(new Error('answer cut short'), { code: 'ECONNRESET' })));
        res.on('end', () => finish(null, new MaxAnswer(res.statusCode ?? 0, res.statusMessage ?? '', res.headers, Buffer.concat(chunks).toString('utf8'))));
      },
    );
    const timer = setTimeout(() => finish(timeoutError(deadlineMs)), deadlineMs);
    signal?.addEventListener('abort', onAbort, { once: true });
    req.on('error', (err) => finish(err));
    req.end(body);
  });
}
