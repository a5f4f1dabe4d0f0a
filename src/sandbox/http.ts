// Minimal HTTP plumbing on node:http: a path-pattern router, JSON bodies and
// typed parameter parsing that fails with ApiError (400).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { ApiError, badRequest } from './model.js';

export interface RequestContext {
  method: string;
  path: string;
  params: Readonly<Record<string, string>>;
  query: URLSearchParams;
  body: unknown;
  /** Aborted when the client closes the connection before the answer. */
  signal: AbortSignal;
  /** When the request arrived (Bot API requests): rate windows count from it, not from when its body was read. */
  receivedAt?: number;
}

/** A handler returns the JSON body of a 200 answer, or throws ApiError. */
export type Handler = (ctx: RequestContext) => unknown;

interface Route {
  method: string;
  pattern: string;
  regex: RegExp;
  names: string[];
  handler: Handler;
}

export type RouteMatch =
  | { kind: 'found'; handler: Handler; params: Record<string, string> }
  | { kind: 'not-found' }
  | { kind: 'method-not-allowed'; allowed: string[] };

export class Router {
  private readonly routes: Route[] = [];

  /** `pattern` segments starting with ':' are parameters, e.g. '/chats/:chatId/members'. */
  add(method: string, pattern: string, handler: Handler): this {
    const names: string[] = [];
    const source = pattern
      .split('/')
      .map((segment) => {
        if (segment.startsWith(':')) {
          names.push(segment.slice(1));
          return '([^/]+)';
        }
        return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      })
      .join('/');
    this.routes.push({ method, pattern, regex: new RegExp(`^${source}/?$`), names, handler });
    return this;
  }

  match(method: string, path: string): RouteMatch {
    const allowed: string[] = [];
    for (const route of this.routes) {
      const m = route.regex.exec(path);
      if (!m) continue;
      if (route.method !== method) {
        allowed.push(route.method);
        continue;
      }
      const params: Record<string, string> = {};
      route.names.forEach((name, i) => {
        params[name] = safeDecode(m[i + 1] ?? '');
      });
      return { kind: 'found', handler: route.handler, params };
    }
    return allowed.length > 0 ? { kind: 'method-not-allowed', allowed } : { kind: 'not-found' };
  }
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

const MAX_BODY_BYTES = 1024 * 1024;

/** Reads and parses a JSON body; undefined when there is none. */
export async function readJsonBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    size += buf.length;
    if (size > MAX_BODY_BYTES) throw new ApiError(413, 'request.too.large', 'Request body is larger than 1 MiB');
    chunks.push(buf);
  }
  const text = Buffer.concat(chunks).toString('utf8').trim();
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw badRequest('Request body is not valid JSON');
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.headersSent || res.destroyed) return;
  const payload = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(payload), ...headers });
  res.end(payload);
}

/** Validates with zod; a failure becomes 400 with a readable message. */
export function parseWith<S extends z.ZodType>(schema: S, value: unknown, what: string, code = 'bad.request'): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw badRequest(`Invalid ${what}: ${z.prettifyError(result.error).replace(/\n+/g, '; ')}`, code);
  return result.data;
}

export function intParam(raw: string | undefined | null, name: string): number {
  if (raw === undefined || raw === null || !/^-?\d{1,16}$/.test(raw)) throw badRequest(`Parameter ${name} must be an integer`);
  return Number(raw);
}

export function optionalIntQuery(query: URLSearchParams, name: string, range?: { min?: number; max?: number }): number | null {
  const raw = query.get(name);
  if (raw === null || raw === '') return null;
  const value = intParam(raw, name);
  if (range?.min !== undefined && value < range.min) throw badRequest(`Parameter ${name} must be >= ${range.min}`);
  if (range?.max !== undefined && value > range.max) throw badRequest(`Parameter ${name} must be <= ${range.max}`);
  return value;
}

export function requiredIntQuery(query: URLSearchParams, name: string): number {
  const value = optionalIntQuery(query, name);
  if (value === null) throw badRequest(`Parameter ${name} is required`);
  return value;
}

export function requiredStringQuery(query: URLSearchParams, name: string): string {
  const value = query.get(name);
  if (value === null || value === '') throw badRequest(`Parameter ${name} is required`);
  return value;
}

export function boolQuery(query: URLSearchParams, name: string): boolean | null {
  const raw = query.get(name);
  if (raw === null || raw === '') return null;
  if (raw === 'true' || raw === '1') return true;
  if (raw === 'false' || raw === '0') return false;
  throw badRequest(`Parameter ${name} must be true or false`);
}

/** Splits a comma list, dropping blanks. */
export function listQuery(query: URLSearchParams, name: string): string[] | null {
  const raw = query.get(name);
  if (raw === null || raw.trim() === '') return null;
  return raw
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}
