// Media the sandbox's MAX knows: what users sent (photos, files, videos, …) and what the
// bot uploaded. As in MAX, an incoming attachment's `token` may be put into the
// `attachments` of a message the bot sends ("use token if you are trying to reuse the
// same attachment in another message"), and the copy shows the same media. A token MAX
// never issued is refused with 400 `proto.payload` — the code MAX answers for attachment
// payloads it cannot use.
import type { Attachment } from '@maxhub/max-bot-api/types';
import { badRequest } from './model.js';

export const MEDIA_TYPES = ['image', 'video', 'audio', 'file'] as const;
export type MediaType = (typeof MEDIA_TYPES)[number];

export interface MediaRecord {
  type: MediaType;
  token: string;
  url: string;
  photoId: number;
  filename: string;
  size: number;
}

export class MediaRegistry {
  private readonly byToken = new Map<string, MediaRecord>();
  private seq = 0;

  reset(): void {
    this.byToken.clear();
  }

  /** A new media item (a user's attachment or a finished upload); returns its record. */
  add(type: MediaType, opts: { token?: string; filename?: string | null; size?: number } = {}): MediaRecord {
    const n = ++this.seq;
    const record: MediaRecord = {
      type,
      token: opts.token ?? `${type}-media-${n}`,
      url: `https://sandbox.invalid/${type}/${n}`,
      photoId: n,
      filename: opts.filename ?? `file-${n}`,
      size: opts.size ?? 0,
    };
    this.byToken.set(record.token, record);
    return record;
  }

  /** The media a token names, checked against the attachment type it is used as. */
  resolve(type: MediaType, token: string | undefined): MediaRecord {
    if (!token) throw badRequest(`Missing \`token\` in ${type} attachment`, 'proto.payload');
    const record = this.byToken.get(token);
    if (!record || record.type !== type) throw badRequest(`Invalid \`token\` in ${type} attachment`, 'proto.payload');
    return record;
  }

  /** The attachment a message carries for this media, in MAX's wire shape. */
  static attachment(m: MediaRecord): Attachment {
    switch (m.type) {
      case 'image':
        return { type: 'image', payload: { photo_id: m.photoId, token: m.token, url: m.url } };
      case 'file':
        return { type: 'file', payload: { url: m.url, token: m.token }, filename: m.filename, size: m.size };
      case 'video':
        return { type: 'video', payload: { url: m.url, token: m.token } };
      case 'audio':
        return { type: 'audio', payload: { url: m.url, token: m.token } };
    }
  }
}
