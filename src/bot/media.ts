// Photos and files in /post. MAX gives every attachment of an incoming message a
// `token`, and a bot may put that token into the attachments of a message it sends to
// show the same photo or file again (the Bot API description: "use token if you are
// trying to reuse the same attachment in another message"). So a post's media are kept
// as tokens: nothing is downloaded or uploaded again, the preview and every recipient get
// the very attachment the author sent. What a post may carry is decided here (pure).

/** A photo or file a post carries, as MAX named it. */
export type PostMedia = { type: 'image'; token: string } | { type: 'file'; token: string; filename: string; size: number };

/** An attachment of an incoming message, as far as /post cares. */
export type IncomingMedia = PostMedia | { type: 'other'; kind: string };

/** At most this many photos and files in one post. */
export const POST_MAX_MEDIA = 10;
/** A file larger than this is not sent to a whole school's phones. */
export const POST_MAX_FILE_BYTES = 50 * 1024 * 1024;
/** File types phones open as programs or installers: never sent in a school broadcast. */
const RISKY_EXTENSIONS = new Set([
  'exe',
  'msi',
  'bat',
  'cmd',
  'com',
  'scr',
  'pif',
  'vbs',
  'js',
  'jse',
  'wsf',
  'ps1',
  'jar',
  'apk',
  'app',
  'dmg',
  'sh',
  'reg',
  'lnk',
  'hta',
]);

export type MediaProblem =
  | { kind: 'unsupported'; what: string }
  | { kind: 'tooMany'; count: number }
  | { kind: 'tooBig'; filename: string; size: number }
  | { kind: 'risky'; filename: string };

/** Why these attachments cannot go in a post, or null when they can. */
export function mediaProblem(media: readonly IncomingMedia[]): MediaProblem | null {
  for (const m of media) if (m.type === 'other') return { kind: 'unsupported', what: m.kind };
  if (media.length > POST_MAX_MEDIA) return { kind: 'tooMany', count: media.length };
  for (const m of media) {
    if (m.type !== 'file') continue;
    if (m.size > POST_MAX_FILE_BYTES) return { kind: 'tooBig', filename: m.filename, size: m.size };
    const ext = /\.([^.]+)$/.exec(m.filename.trim().toLowerCase())?.[1];
    if (ext && RISKY_EXTENSIONS.has(ext)) return { kind: 'risky', filename: m.filename };
  }
  return null;
}

/** The attachments of an incoming message (already validated by the update schema). */
export function incomingMedia(
  attachments: ReadonlyArray<{ type: string; payload?: unknown; filename?: unknown; size?: unknown }> | null | undefined,
): IncomingMedia[] {
  const out: IncomingMedia[] = [];
  for (const a of attachments ?? []) {
    const token = typeof a.payload === 'object' && a.payload !== null ? (a.payload as { token?: unknown }).token : undefined;
    if (a.type === 'image' && typeof token === 'string' && token !== '') out.push({ type: 'image', token });
    else if (a.type === 'file' && typeof token === 'string' && token !== '')
      out.push({
        type: 'file',
        token,
        filename: typeof a.filename === 'string' && a.filename !== '' ? a.filename : 'файл',
        size: typeof a.size === 'number' ? a.size : 0,
      });
    else if (a.type !== 'inline_keyboard') out.push({ type: 'other', kind: a.type });
  }
  return out;
}

/** The attachment requests that send these media again (by token). */
export function mediaAttachments(media: readonly PostMedia[] | undefined): Array<{ type: 'image' | 'file'; payload: { token: string } }> {
  return (media ?? []).map((m) => ({ type: m.type, payload: { token: m.token } }));
}

/** Attachment types of a message, for recognising a sent post (tokens may differ per copy). */
export function mediaShape(types: ReadonlyArray<string>): string {
  return types.filter((t) => t === 'image' || t === 'file').join(',');
}
