// Message content on the Bot API side: validation of the NewMessageBody of
// POST/PUT /messages and POST /answers, inline keyboards, and conversion of
// attachment requests into the attachments a stored message carries.
import type { Attachment, Button, MessageLinkType, MessageTextFormat } from '@maxhub/max-bot-api/types';
import { z } from 'zod';
import { parseWith } from './http.js';
import { MediaRegistry } from './media.js';
import { MAX_TEXT_LENGTH, type MessageRecord, badRequest } from './model.js';

export const KEYBOARD_MAX_ROWS = 30;
export const KEYBOARD_MAX_PER_ROW = 7;
export const KEYBOARD_MAX_BUTTONS = 210;

const buttonText = z.string().min(1).max(128);
const nullishString = z.string().nullish();

const buttonSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('callback'), text: buttonText, payload: z.string().min(1).max(1024) }),
  z.object({ type: z.literal('link'), text: buttonText, url: z.string().min(1).max(2048) }),
  z.object({ type: z.literal('request_contact'), text: buttonText }),
  z.object({ type: z.literal('request_geo_location'), text: buttonText, quick: z.boolean().optional() }),
  z.object({ type: z.literal('open_app'), text: buttonText, web_app: nullishString, contact_id: z.number().int().nullish(), payload: nullishString }),
  z.object({ type: z.literal('clipboard'), text: buttonText, payload: z.string().max(1024) }),
  z.object({ type: z.literal('message'), text: buttonText }),
]);

const tokenPayload = z.object({ token: z.string().optional() });

const attachmentRequestSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('inline_keyboard'), payload: z.object({ buttons: z.array(z.array(buttonSchema)) }) }),
  z.object({
    type: z.literal('image'),
    payload: z.object({ token: z.string().optional(), url: nullishString, photos: z.record(z.string(), z.unknown()).nullish() }),
  }),
  z.object({ type: z.literal('video'), payload: tokenPayload }),
  z.object({ type: z.literal('audio'), payload: tokenPayload }),
  z.object({ type: z.literal('file'), payload: tokenPayload }),
  z.object({ type: z.literal('sticker'), payload: z.object({ code: z.string().min(1) }) }),
  z.object({ type: z.literal('contact'), payload: z.object({ vcf_info: z.string(), max_info: z.unknown(), hash: z.string() }).partial() }),
  z.object({ type: z.literal('share'), payload: z.object({ url: nullishString, token: nullishString }) }),
  z.object({ type: z.literal('location'), latitude: z.number(), longitude: z.number() }),
]);

type AttachmentRequestInput = z.output<typeof attachmentRequestSchema>;

export const messageBodySchema = z.object({
  text: z.string().nullish(),
  attachments: z.array(attachmentRequestSchema).nullish(),
  link: z.object({ type: z.enum(['forward', 'reply']), mid: z.string().min(1) }).nullish(),
  notify: z.boolean().nullish(),
  format: z.enum(['markdown', 'html']).nullish(),
});

export interface MessageContent {
  /** undefined: not given (keep on edit). */
  text: string | null | undefined;
  /** undefined/null: not given (keep on edit); []: remove all. */
  attachments: Attachment[] | undefined;
  link: { type: MessageLinkType; mid: string } | null;
  notify: boolean;
  format: MessageTextFormat | null;
}

/** Parses a NewMessageBody; text over 4000 characters → 400 text.too.long. */
export function parseMessageContent(value: unknown, media: MediaRegistry, what = 'message body'): MessageContent {
  const body = parseWith(messageBodySchema, value ?? {}, what);
  if (typeof body.text === 'string' && [...body.text].length > MAX_TEXT_LENGTH) {
    throw badRequest(`Text is too long: ${[...body.text].length} characters, at most ${MAX_TEXT_LENGTH} allowed`, 'text.too.long');
  }
  return {
    text: body.text,
    attachments: body.attachments ? toStoredAttachments(body.attachments, media) : undefined,
    link: body.link ?? null,
    notify: body.notify ?? true,
    format: body.format ?? null,
  };
}

let mediaCounter = 0;

function toStoredAttachments(requests: AttachmentRequestInput[], media: MediaRegistry): Attachment[] {
  const keyboards = requests.filter((r) => r.type === 'inline_keyboard');
  if (keyboards.length > 1) throw badRequest('A message can carry only one inline_keyboard attachment');
  return requests.map((request): Attachment => {
    const n = ++mediaCounter;
    const url = `https://sandbox.invalid/${request.type}/${n}`;
    switch (request.type) {
      case 'inline_keyboard':
        return { type: 'inline_keyboard', payload: { buttons: validateKeyboard(request.payload.buttons) } };
      case 'image': {
        // An image by URL is fetched by MAX (a new photo); by token it is one MAX already has.
        const token = request.payload.token ?? photoToken(request.payload.photos);
        if (token === undefined && request.payload.url) return MediaRegistry.attachment(media.add('image'));
        return MediaRegistry.attachment(media.resolve('image', token));
      }
      case 'video':
      case 'audio':
      case 'file':
        return MediaRegistry.attachment(media.resolve(request.type, request.payload.token));
      case 'sticker':
        return { type: 'sticker', payload: { url, code: request.payload.code }, width: 128, height: 128 };
      case 'contact':
        return {
          type: 'contact',
          payload: structuredClone(request.payload) as Extract<Attachment, { type: 'contact' }>['payload'],
        };
      case 'share':
        return { type: 'share', payload: { url: request.payload.url ?? null, token: request.payload.token ?? null } };
      case 'location':
        return { type: 'location', latitude: request.latitude, longitude: request.longitude };
      default:
        throw badRequest('Unknown attachment type');
    }
  });
}

/** The token of an uploaded photo, as the SDK passes the upload's answer: { photos: { <id>: { token } } }. */
function photoToken(photos: Record<string, unknown> | null | undefined): string | undefined {
  const first = photos ? Object.values(photos)[0] : undefined;
  return first && typeof first === 'object' && typeof (first as { token?: unknown }).token === 'string' ? (first as { token: string }).token : undefined;
}

function validateKeyboard(rows: Button[][]): Button[][] {
  if (rows.length > KEYBOARD_MAX_ROWS) throw badRequest(`Inline keyboard has ${rows.length} rows, at most ${KEYBOARD_MAX_ROWS} allowed`);
  let total = 0;
  rows.forEach((row, i) => {
    if (row.length === 0) throw badRequest(`Inline keyboard row ${i} is empty`);
    if (row.length > KEYBOARD_MAX_PER_ROW) throw badRequest(`Inline keyboard row ${i} has ${row.length} buttons, at most ${KEYBOARD_MAX_PER_ROW} allowed`);
    total += row.length;
  });
  if (total > KEYBOARD_MAX_BUTTONS) throw badRequest(`Inline keyboard has ${total} buttons, at most ${KEYBOARD_MAX_BUTTONS} allowed`);
  // Drop keys whose value is undefined/null so the stored shape matches what MAX echoes.
  return rows.map((row) => row.map((button) => Object.fromEntries(Object.entries(button).filter(([, v]) => v !== undefined && v !== null)) as Button));
}

/** A new message must have text or attachments. */
export function requireNonEmpty(text: string | null, attachments: readonly Attachment[]): void {
  if ((text === null || text.trim() === '') && attachments.length === 0) {
    throw badRequest('Message must have text or attachments', 'text.empty');
  }
}

/**
 * Applies edit semantics (PUT /messages, POST /answers with `message`): a given
 * text replaces the text; given attachments replace all attachments ([] removes
 * them, the keyboard included); absent fields are kept.
 */
export function applyContent(message: MessageRecord, content: MessageContent): void {
  const text = content.text === undefined ? message.text : content.text;
  const attachments = content.attachments === undefined ? message.attachments : content.attachments;
  requireNonEmpty(text, attachments);
  message.text = text;
  message.attachments = attachments;
  if (content.format !== null) message.format = content.format;
  if (content.link !== null) message.link = content.link;
  message.editedAt = Date.now();
}
