// Uploads as the SDK does them (api.uploadImage / api.uploadFile with a Buffer):
//   1. POST /uploads?type=image|video|audio|file  (Bot API, authorised) → { url } — plus
//      { token } for video and audio, as MAX does;
//   2. POST <url> with multipart/form-data, one part named "data" (no Bot API token) →
//      image: { photos: { "<id>": { token } } }, file: { token }, video/audio: { }.
// Uploaded bytes are kept in memory, so tests read back what the bot sent (control API:
// GET /sandbox/uploads, GET /sandbox/uploads/:id).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { type Router, sendJson } from './http.js';
import type { MediaRegistry } from './media.js';
import { badRequest, notFound } from './model.js';

export const UPLOAD_PATH_PREFIX = '/upload-target/';
/** Where a file a user sent is downloaded from (MAX gives the bot a plain URL in the attachment). */
export const DOWNLOAD_PATH_PREFIX = '/download/';
const UPLOAD_TYPES = ['image', 'video', 'audio', 'file'] as const;
type UploadType = (typeof UPLOAD_TYPES)[number];
const MAX_UPLOAD_BYTES = 50 * 1024 * 1024;

export interface UploadRecord {
  id: string;
  type: UploadType;
  /** The token a message attachment carries once the bytes arrived. */
  token: string;
  filename: string | null;
  contentType: string | null;
  data: Buffer | null;
  createdAt: number;
}

export interface UploadView {
  id: string;
  type: UploadType;
  token: string;
  filename: string | null;
  contentType: string | null;
  size: number;
  /** The bytes, base64 (GET /sandbox/uploads/:id only). */
  base64?: string;
}

export class SandboxUploads {
  private readonly uploads = new Map<string, UploadRecord>();
  private seq = 0;

  constructor(
    private readonly baseUrl: () => string,
    private readonly media: MediaRegistry,
  ) {}

  reset(): void {
    this.uploads.clear();
  }

  /** Bot API: POST /uploads?type=… */
  register(router: Router): void {
    router.add('POST', '/uploads', ({ query }) => {
      const type = z.enum(UPLOAD_TYPES).safeParse(query.get('type'));
      if (!type.success) throw badRequest(`type must be one of ${UPLOAD_TYPES.join(', ')}`, 'upload.type');
      const id = `up${++this.seq}`;
      const record: UploadRecord = {
        id,
        type: type.data,
        token: `${type.data}-upload-${this.seq}`,
        filename: null,
        contentType: null,
        data: null,
        createdAt: Date.now(),
      };
      this.uploads.set(id, record);
      const url = `${this.baseUrl()}${UPLOAD_PATH_PREFIX}${id}`;
      return type.data === 'video' || type.data === 'audio' ? { url, token: record.token } : { url };
    });
  }

  /** Control API: what was uploaded. */
  registerControl(router: Router): void {
    router.add('GET', '/sandbox/uploads', () => [...this.uploads.values()].filter((u) => u.data).map((u) => this.view(u, false)));
    router.add('GET', '/sandbox/uploads/:id', ({ params }) => {
      const u = this.uploads.get(params.id ?? '');
      if (!u?.data) throw notFound(`No upload ${params.id}`);
      return this.view(u, true);
    });
  }

  /** The upload URL itself (not the Bot API: no token, a multipart body). */
  async handleUpload(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    const u = this.uploads.get(path.slice(UPLOAD_PATH_PREFIX.length));
    if (req.method !== 'POST') {
      sendJson(res, 405, { code: 'method.not.allowed', message: 'Use POST' });
      return;
    }
    if (!u) {
      sendJson(res, 404, { code: 'not.found', message: 'Unknown upload URL' });
      return;
    }
    const body = await readBody(req);
    if (body === null) return sendJson(res, 413, { code: 'too.large', message: 'Upload too large' });
    const part = multipartPart(req.headers['content-type'] ?? '', body, 'data');
    if (!part) {
      sendJson(res, 400, { code: 'bad.request', message: 'Expected multipart/form-data with a "data" part' });
      return;
    }
    u.data = part.data;
    u.filename = part.filename;
    u.contentType = part.contentType;
    // From now on the token may be used in a message, as an attachment of its type.
    this.media.add(u.type, { token: u.token, filename: u.filename, size: u.data.length });
    if (u.type === 'image') return sendJson(res, 200, { photos: { [u.id]: { token: u.token } } });
    if (u.type === 'file') return sendJson(res, 200, { token: u.token, fileId: Number(u.id.slice(2)) });
    return sendJson(res, 200, {});
  }

  /** A file a user sends (control API): kept like an upload, served at its download URL. */
  userFile(filename: string, data: Buffer): { url: string; token: string; size: number } {
    const id = `up${++this.seq}`;
    const record: UploadRecord = { id, type: 'file', token: `file-user-${this.seq}`, filename, contentType: null, data, createdAt: Date.now() };
    this.uploads.set(id, record);
    // Like an upload, its token may be sent again (a /post made from it).
    this.media.add('file', { token: record.token, filename, size: data.length });
    return { url: `${this.baseUrl()}${DOWNLOAD_PATH_PREFIX}${id}`, token: record.token, size: data.length };
  }

  /** GET <download URL>: the bytes of a file a user sent (no Bot API token, as a CDN link). */
  handleDownload(req: IncomingMessage, res: ServerResponse, path: string): void {
    const u = this.uploads.get(path.slice(DOWNLOAD_PATH_PREFIX.length));
    if (req.method !== 'GET') {
      sendJson(res, 405, { code: 'method.not.allowed', message: 'Use GET' });
      return;
    }
    if (!u?.data) {
      sendJson(res, 404, { code: 'not.found', message: 'Unknown file' });
      return;
    }
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(u.data.length) });
    res.end(u.data);
  }

  private view(u: UploadRecord, withData: boolean): UploadView {
    const v: UploadView = { id: u.id, type: u.type, token: u.token, filename: u.filename, contentType: u.contentType, size: u.data?.length ?? 0 };
    if (withData && u.data) v.base64 = u.data.toString('base64');
    return v;
  }
}

async function readBody(req: IncomingMessage): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_UPLOAD_BYTES) return null;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** One named part of a multipart/form-data body (enough for the SDK's single-part uploads). */
export function multipartPart(contentType: string, body: Buffer, name: string): { data: Buffer; filename: string | null; contentType: string | null } | null {
  const m = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
  if (!/^multipart\/form-data/i.test(contentType) || !m) return null;
  const delimiter = Buffer.from(`--${m[1] ?? m[2]!.trim()}`);
  let at = body.indexOf(delimiter);
  while (at >= 0) {
    const start = at + delimiter.length;
    if (body.subarray(start, start + 2).toString() === '--') return null;
    const headerEnd = body.indexOf('\r\n\r\n', start);
    if (headerEnd < 0) return null;
    const headers = body.subarray(start, headerEnd).toString('utf8');
    const next = body.indexOf(delimiter, headerEnd + 4);
    if (next < 0) return null;
    const partName = /name="([^"]*)"/i.exec(headers)?.[1];
    if (partName === name) {
      return {
        data: Buffer.from(body.subarray(headerEnd + 4, next - 2)), // the part ends with CRLF before the delimiter
        filename: /filename="([^"]*)"/i.exec(headers)?.[1] ?? null,
        contentType: /content-type:\s*([^\r\n]+)/i.exec(headers)?.[1]?.trim() ?? null,
      };
    }
    at = next;
  }
  return null;
}
