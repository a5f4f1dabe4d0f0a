// MAX's official API description as the tests use it: the vendored schema.yaml
// (vendor/max-api-schema, never edited) plus a small overlay of named, dated
// patches for what MAX does today and the description does not show yet.
//
// Each patch says where the change comes from and refuses to apply when the
// description already shows it, so that a newer schema.yaml makes stale patches
// fail loudly instead of hiding a difference.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

export const VENDORED_SCHEMA_PATH = fileURLToPath(new URL('../../vendor/max-api-schema/schema.yaml', import.meta.url));

/** A JSON Schema / OpenAPI node, loosely typed: the patches edit the document in place. */
// biome-ignore lint/suspicious/noExplicitAny: a node of the parsed OpenAPI document, of any shape
export type Node = Record<string, any>;

export interface SchemaPatch {
  id: string;
  /** When MAX changed (or when the behaviour was observed), as precisely as the source says. */
  date: string;
  /** Where the change is stated. */
  source: string;
  what: string;
  /** Edits the document; throws `PatchNotNeeded` when the description already shows the change. */
  apply(doc: Node): void;
}

export class PatchNotNeeded extends Error {}

const schemaOf = (doc: Node, name: string): Node => {
  const s = doc['components']?.['schemas']?.[name] as Node | undefined;
  if (!s) throw new Error(`schema ${name} is not in the description`);
  return s;
};

/** The object part of an `allOf: [base, {properties, required}]` schema. */
const extension = (schema: Node): Node => {
  const part = (schema['allOf'] as Node[] | undefined)?.find((p) => p['properties'] !== undefined);
  if (!part) throw new Error('no extension part in allOf');
  return part;
};

const dropRequired = (part: Node, field: string): void => {
  const required = (part['required'] as string[] | undefined) ?? [];
  if (!required.includes(field)) throw new PatchNotNeeded(`${field} is already optional`);
  part['required'] = required.filter((r) => r !== field);
};

/** Adds a property the description does not list yet (a patch the description already covers is refused). */
const addProperty = (part: Node, schemaName: string, field: string, definition: Node): void => {
  const props = part['properties'] as Node;
  if (props[field]) throw new PatchNotNeeded(`${schemaName} has ${field}`);
  props[field] = definition;
};

const operations = function* (doc: Node): Generator<{ path: string; method: string; op: Node }> {
  for (const [path, item] of Object.entries(doc['paths'] as Record<string, Node>)) {
    for (const [method, op] of Object.entries(item)) {
      if (['get', 'post', 'put', 'patch', 'delete'].includes(method)) yield { path, method, op: op as Node };
    }
  }
};

export const PATCHES: readonly SchemaPatch[] = [
  {
    id: 'bot-added-names-nobody',
    date: '2026-11',
    source: 'MAX changelog, November 2026',
    what: '`bot_added` no longer names who added the bot: there is no `user` field.',
    apply(doc) {
      const part = extension(schemaOf(doc, 'BotAddedToChatUpdate'));
      if (!part['properties']['user']) throw new PatchNotNeeded('BotAddedToChatUpdate has no user');
      delete part['properties']['user'];
      dropRequired(part, 'user');
    },
  },
  {
    id: 'message-created-without-message',
    date: '2026',
    source: 'MAX behaviour, official TypeScript SDK issue #250 (voice messages and video circles)',
    what: 'A voice message or a video circle arrives as `message_created` with no `message`.',
    apply(doc) {
      dropRequired(extension(schemaOf(doc, 'MessageCreatedUpdate')), 'message');
    },
  },
  {
    id: 'refusal-carries-code',
    date: '2026-11',
    source: 'MAX changelog, November 2026 ("errors carry code"); the description\'s Error schema already requires it',
    what: 'A refusal answered with HTTP 200 is `{success: false, message, code}`: SimpleQueryResult gains `code`.',
    apply(doc) {
      addProperty(schemaOf(doc, 'SimpleQueryResult'), 'SimpleQueryResult', 'code', {
        description: 'Error key of a refusal (success: false)',
        type: 'string',
        minLength: 1,
      });
    },
  },
  {
    id: 'user-name',
    date: '2025',
    source: "schema.yaml 0.0.33 itself: the bot_started example under 'Deep linking' shows `user.name`; the official SDK's User type has `name`",
    what: 'User objects carry `name` (the display name), which the User schema does not list.',
    apply(doc) {
      addProperty(schemaOf(doc, 'User'), 'User', 'name', { description: 'Display name (deprecated: first_name + last_name)', type: 'string', nullable: true });
    },
  },
  {
    id: 'comma-separated-lists',
    date: '2025',
    source: "schema.yaml 0.0.33 parameter descriptions ('Comma-separated list of …') and the api-schema README.mdx (the server expects `?ids=1,2`)",
    what: '`user_ids`, `message_ids` and `comment_ids` are one comma-separated query value (form style, explode false), and are arrays.',
    apply(doc) {
      let changed = 0;
      for (const { op } of operations(doc)) {
        for (const param of (op['parameters'] as Node[] | undefined) ?? []) {
          if (param['in'] !== 'query' || !['user_ids', 'message_ids', 'comment_ids'].includes(param['name'] as string)) continue;
          if (param['explode'] === false && param['schema']?.['type'] === 'array') continue;
          param['explode'] = false;
          param['schema'] = { ...(param['schema'] as Node), type: 'array' };
          changed++;
        }
      }
      if (changed === 0) throw new PatchNotNeeded('the list parameters are already comma-separated arrays');
    },
  },
  {
    id: 'message-removed-post-id',
    date: '2025',
    source: 'official TypeScript SDK @maxhub/max-bot-api 0.3.1: its MessageRemovedUpdate type requires `post_id: string | null`',
    what: '`message_removed` carries `post_id` (null outside channel posts), which MessageRemovedUpdate does not list.',
    apply(doc) {
      addProperty(extension(schemaOf(doc, 'MessageRemovedUpdate')), 'MessageRemovedUpdate', 'post_id', {
        description: 'Post identifier (channel comments)',
        type: 'string',
        minLength: 1,
        nullable: true,
      });
    },
  },
  {
    id: 'user-removed-admin-id-nullable',
    date: '2025',
    source: "schema.yaml 0.0.33 itself: UserRemovedFromChatUpdate.admin_id is described as 'Can be `null` in case when user left chat' but not marked nullable",
    what: '`user_removed.admin_id` is null when the user left on their own.',
    apply(doc) {
      const adminId = extension(schemaOf(doc, 'UserRemovedFromChatUpdate'))['properties']['admin_id'] as Node;
      if (adminId['nullable'] === true) throw new PatchNotNeeded('admin_id is nullable');
      adminId['nullable'] = true;
    },
  },
  {
    id: 'bot-admin-permissions-changed-webhook-only',
    date: '2026-10',
    source: 'MAX changelog, October 2026',
    what: '`bot_admin_permissions_changed` is delivered only to webhook subscriptions that name it in update_types, never through GET /updates (marked `x-webhook-only`).',
    apply(doc) {
      const schema = schemaOf(doc, 'BotAdminPermissionsChangedUpdate');
      if (schema['x-webhook-only'] === true) throw new PatchNotNeeded('already marked');
      schema['x-webhook-only'] = true;
    },
  },
];

/**
 * Facts from MAX's changelog that need no patch because schema.yaml 0.0.33 already
 * agrees, or that are about behaviour rather than shape; kept here so the list of
 * deltas stays in one place. Each is pinned by a test named in docs/max-platform.md.
 */
export const BEHAVIOUR_FACTS = [
  { id: 'get-chats-not-served', date: '2026-06', source: 'MAX changelog, June 2026', what: 'GET /chats is not served (the description has no such path).' },
  {
    id: 'bots-may-not-add-members',
    date: '2026-09-09',
    source: 'MAX changelog, 9 September 2026',
    what: 'POST /chats/{chatId}/members is refused to bots (403 method.restricted).',
  },
] as const;

/** schema.yaml exactly as vendored. */
export function readVendoredSchema(): string {
  return readFileSync(VENDORED_SCHEMA_PATH, 'utf8');
}

/** The vendored description, parsed, without patches. */
export function vendoredDescription(): Node {
  return parse(readVendoredSchema()) as Node;
}

/** The vendored description with every patch applied (a fresh copy each call). */
export function maxDescription(): Node {
  const doc = vendoredDescription();
  for (const patch of PATCHES) {
    try {
      patch.apply(doc);
    } catch (err) {
      if (err instanceof PatchNotNeeded) {
        throw new Error(`Patch ${patch.id} is not needed any more (${err.message}): the description shows the change; delete the patch.`);
      }
      throw err;
    }
  }
  return doc;
}
