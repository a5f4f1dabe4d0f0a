// Validates traffic against MAX's description (test/support/max-schema.ts) with
// openapi-backend: each Bot API exchange (request and answer, per operation and
// status) and each update the sandbox delivers.
//
// Two readings are added to the description for validation only:
//   - closed objects: an object schema that lists its fields gets
//     additionalProperties: false (after merging allOf), so a field MAX does not
//     send fails. The description's "inheritance" (allOf of a discriminated base)
//     is merged into one object per subtype, and each discriminated base becomes a
//     dispatcher on its discriminator (an unknown type fails);
//   - every operation answers errors with the Error schema: the description's prose
//     ("Error responses") says so for every method, its responses list only some.
//
// A request the description rules out is a violation only when the sandbox accepted
// it (status < 400): tests send bad requests on purpose to see them refused.
import OpenAPIBackend, { type Operation } from 'openapi-backend';
import { type Node, maxDescription } from './max-schema.js';

export interface Exchange {
  method: string;
  /** Path without the query string. */
  path: string;
  /** Raw query string without '?'. */
  query: string;
  headers: Record<string, string | string[] | undefined>;
  requestBody: unknown;
  status: number;
  responseBody: unknown;
}

export interface Violation {
  kind: 'request' | 'response' | 'update' | 'operation';
  /** e.g. 'POST /messages → 200' or 'update message_created (webhook)'. */
  where: string;
  errors: string[];
  /** The offending JSON, shortened. */
  value: string;
}

type AjvValidate = ((data: unknown) => boolean) & { errors?: { instancePath: string; message?: string; params?: unknown; keyword?: string }[] | null };

interface RefCompiler {
  compile(schema: Node): AjvValidate;
}

const HTTP_METHODS = ['get', 'post', 'put', 'patch', 'delete'];

/** Merges allOf parts into the schema itself (see the header). */
export function closeSchemas(doc: Node): Node {
  const originals = doc['components']['schemas'] as Record<string, Node>;
  const refName = (ref: string): string => ref.replace('#/components/schemas/', '');

  const merge = (into: Node, part: Node): void => {
    for (const [key, value] of Object.entries(part)) {
      if (key === 'properties') into['properties'] = { ...(value as Node), ...((into['properties'] as Node | undefined) ?? {}) };
      else if (key === 'required') into['required'] = [...new Set([...((into['required'] as string[] | undefined) ?? []), ...(value as string[])])];
      else if (key === 'description' || key === 'discriminator' || key === 'readOnly') continue;
      else if (!(key in into)) into[key] = value;
    }
  };

  const flatten = (schema: Node): Node => {
    if (typeof schema !== 'object' || schema === null || '$ref' in schema) return schema;
    const out: Node = { ...schema };
    const parts = out['allOf'] as Node[] | undefined;
    delete out['allOf'];
    delete out['discriminator'];
    for (const part of parts ?? []) {
      // A $ref in allOf is inheritance or a typed wrapper: copy the target's own fields
      // (a discriminated base contributes its fields, not its dispatch).
      merge(out, flatten(part['$ref'] ? (originals[refName(part['$ref'] as string)] as Node) : part));
    }
    if (out['properties']) out['properties'] = Object.fromEntries(Object.entries(out['properties'] as Node).map(([k, v]) => [k, flatten(v as Node)]));
    if (out['items']) out['items'] = flatten(out['items'] as Node);
    if (typeof out['additionalProperties'] === 'object') out['additionalProperties'] = flatten(out['additionalProperties'] as Node);
    if (out['properties'] && out['additionalProperties'] === undefined) out['additionalProperties'] = false;
    if (out['nullable'] === true && Array.isArray(out['enum']) && !(out['enum'] as unknown[]).includes(null))
      out['enum'] = [...(out['enum'] as unknown[]), null];
    return out;
  };

  const closed: Record<string, Node> = {};
  for (const [name, schema] of Object.entries(originals)) {
    const discriminator = schema['discriminator'] as { propertyName: string; mapping: Record<string, string> } | undefined;
    if (discriminator) {
      const prop = discriminator.propertyName;
      const types = Object.keys(discriminator.mapping);
      closed[name] = {
        type: 'object',
        required: [prop],
        properties: { [prop]: { type: 'string', enum: types } },
        // biome-ignore lint/suspicious/noThenProperty: `then` is JSON Schema's keyword, not a thenable
        allOf: types.map((t) => ({ if: { properties: { [prop]: { const: t } }, required: [prop] }, then: { $ref: discriminator.mapping[t] } })),
      };
    } else {
      closed[name] = flatten(schema);
    }
  }
  // Inline schemas of operations (parameters, bodies, answers) are closed as well.
  for (const item of Object.values(doc['paths'] as Record<string, Node>)) {
    for (const method of HTTP_METHODS) {
      const op = item[method] as Node | undefined;
      if (!op) continue;
      for (const param of (op['parameters'] as Node[] | undefined) ?? []) param['schema'] = flatten(param['schema'] as Node);
      const responses = op['responses'] as Node;
      if (!responses['default']) responses['default'] = { $ref: '#/components/responses/InternalError' };
      for (const answer of Object.values(responses)) {
        const media = (answer as Node)['content']?.['application/json'] as Node | undefined;
        if (media?.['schema']) media['schema'] = flatten(media['schema'] as Node);
      }
      const body = op['requestBody']?.['content']?.['application/json'] as Node | undefined;
      if (body?.['schema']) body['schema'] = flatten(body['schema'] as Node);
    }
  }
  // GET /updates: each update is checked with the one compiled Update validator
  // (compiling the dispatcher into every answer schema again costs seconds).
  closed['UpdateList']!['properties']['updates']['items'] = {};
  doc['components']['schemas'] = closed;
  // No shared arrays or objects: the validator's cycle breaker would turn a second
  // sighting of the same enum array into a $ref.
  return JSON.parse(JSON.stringify(doc)) as Node;
}

const shorten = (value: unknown): string => {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 600 ? `${text.slice(0, 600)}…` : text;
};

type AjvError = { instancePath: string; message?: string; params?: unknown; keyword?: string };

/** Readable errors; the dispatcher's own "must match then schema" only repeats the real one. */
const describe = (errors: AjvError[] | null | undefined): string[] =>
  (errors ?? [])
    .filter((e) => e.keyword !== 'if')
    .map((e) => `${e.instancePath || '/'} ${e.message ?? ''}${e.params ? ` ${JSON.stringify(e.params)}` : ''}`.trim());

export class MaxContract {
  private readonly webhookOnly: ReadonlySet<string>;

  private readonly validateUpdate: AjvValidate;

  private constructor(
    private readonly api: OpenAPIBackend,
    private readonly ajv: RefCompiler,
    raw: Node,
  ) {
    this.validateUpdate = ajv.compile({ $ref: 'max#/components/schemas/Update' });
    const mapping = raw['components']['schemas']['Update']['discriminator']['mapping'] as Record<string, string>;
    this.webhookOnly = new Set(
      Object.entries(mapping)
        .filter(([, ref]) => raw['components']['schemas'][ref.replace('#/components/schemas/', '')]?.['x-webhook-only'] === true)
        .map(([type]) => type),
    );
  }

  private static loading: Promise<MaxContract> | null = null;

  /** One instance per test process: compiling the validators takes a moment. */
  static load(): Promise<MaxContract> {
    MaxContract.loading ??= (async () => {
      const raw = maxDescription();
      const closed = closeSchemas(structuredClone(raw));
      const api = new OpenAPIBackend({ definition: structuredClone(closed) as never, quick: true, strict: false, coerceTypes: false });
      await api.init();
      // Updates and named schemas are compiled with $refs kept (each schema once),
      // not from the dereferenced copy, where Message alone appears six times per Update.
      const ajv = api.validator.getAjv('responseValidator' as never);
      ajv.addSchema({ $id: 'max', components: { schemas: closed['components']['schemas'] } });
      return new MaxContract(api, ajv as unknown as RefCompiler, raw);
    })();
    return MaxContract.loading;
  }

  checkExchange(e: Exchange): Violation[] {
    const where = `${e.method} ${e.path} → ${e.status}`;
    const request = { method: e.method, path: e.path, query: e.query, headers: e.headers as Record<string, string>, body: e.requestBody as never };
    let operation: Operation | undefined;
    try {
      operation = this.api.router.matchOperation(request, true);
    } catch {
      operation = undefined;
    }
    const violations: Violation[] = [];
    if (!operation) {
      if (e.status < 400)
        violations.push({
          kind: 'operation',
          where,
          errors: ['the description has no such operation, yet it was answered with success'],
          value: shorten(e.responseBody),
        });
      else violations.push(...this.checkError(where, e.responseBody));
      return violations;
    }
    if (e.status < 400) {
      const req = this.api.validator.validateRequest(request, operation);
      if (!req.valid)
        violations.push({
          kind: 'request',
          where: `${where} (${operation.operationId})`,
          errors: describe(req.errors as never),
          value: shorten({ query: e.query, body: e.requestBody }),
        });
    }
    const res = this.api.validator.validateResponse(e.responseBody, operation, e.status);
    if (!res.valid)
      violations.push({
        kind: 'response',
        where: `${where} (${operation.operationId})`,
        errors: describe(res.errors as never),
        value: shorten(e.responseBody),
      });
    if (operation.operationId === 'getUpdates' && e.status === 200) {
      for (const u of (e.responseBody as { updates?: unknown[] } | null)?.updates ?? []) violations.push(...this.checkUpdate(u, 'poll'));
    }
    return violations;
  }

  private readonly named = new Map<string, AjvValidate>();

  /** Errors of `value` against the description's component schema `name` (closed, patched); [] when it fits. */
  checkSchema(name: string, value: unknown): string[] {
    let validate = this.named.get(name);
    if (!validate) {
      if (!(this.api.definition as Node)['components']['schemas'][name]) throw new Error(`no schema ${name} in the description`);
      validate = this.ajv.compile({ $ref: `max#/components/schemas/${name}` });
      this.named.set(name, validate);
    }
    return validate(value) ? [] : describe(validate.errors);
  }

  /** An update as the sandbox delivers it to a webhook. */
  checkUpdate(update: unknown, via: 'webhook' | 'poll'): Violation[] {
    const type = (update as { update_type?: unknown } | null)?.update_type;
    const where = `update ${String(type)} (${via})`;
    const violations: Violation[] = [];
    if (!this.validateUpdate(update)) violations.push({ kind: 'update', where, errors: describe(this.validateUpdate.errors), value: shorten(update) });
    if (via === 'poll' && typeof type === 'string' && this.webhookOnly.has(type)) {
      violations.push({ kind: 'update', where, errors: [`${type} is delivered only to webhooks`], value: shorten(update) });
    }
    return violations;
  }

  private checkError(where: string, body: unknown): Violation[] {
    const res = this.api.validator.validateResponse(body, 'getMyInfo', 500);
    return res.valid ? [] : [{ kind: 'response', where, errors: describe(res.errors as never), value: shorten(body) }];
  }
}

/** Formats violations for a failing assertion or a report file. */
export function formatViolations(violations: readonly Violation[]): string {
  return violations.map((v) => `${v.kind} ${v.where}\n  ${v.errors.join('\n  ')}\n  value: ${v.value}`).join('\n');
}
