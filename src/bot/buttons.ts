// Named button codes with typed arguments. A button action travels as "a:<code>:<arg>…"
// (bot/callback-payload.ts): up to four arguments of [A-Za-z0-9_-]{1,40}. Each code is
// declared once, in its feature's buttons.ts, as a codec built from zod schemas: the
// producer calls `encode` with typed values, the handler receives what `decode` made of
// the pressed payload. A schema is a zod codec from the wire string to its value (or a
// plain string schema), so one declaration gives both directions.
//
// Buttons already in people's chats carry the wire strings of the day they were sent:
// a code and the text form of its arguments never change (test/bot/buttons.test.ts
// freezes them). A new argument format is a new code.
import { z } from 'zod';
import { UNIT_ID } from '../store/org-store.js';
import { REQUEST_ID } from '../store/request-store.js';
import { ACTION_ARG, ACTION_CODE, MAX_ACTION_ARGS, parseCallbackPayload } from './callback-payload.js';

/** One argument's schema: it reads the wire string (absent for an optional last argument). */
export type ArgSchema = z.ZodType<unknown, string | undefined>;

/** A button code with its typed arguments. */
export interface Button<A extends readonly unknown[]> {
  readonly code: string;
  /** The payload "a:<code>:<arg>…"; throws when an argument does not fit the wire (a programming error). */
  encode(...args: A): string;
  /** The pressed payload's arguments, typed; null when they do not fit (a forged or outdated button). */
  decode(args: readonly string[]): A | null;
}

/** The values a list of schemas decodes to. */
export type ArgsOf<S extends readonly ArgSchema[]> = z.output<z.ZodTuple<S extends readonly [ArgSchema, ...ArgSchema[]] ? S : [], null>>;

/**
 * Declares a button code. Its schemas are the arguments in order; optional ones
 * (`schema.optional()`) may only come last and are left out of the payload when absent.
 */
export function button<const S extends readonly ArgSchema[]>(code: string, schemas: S): Button<ArgsOf<S>> {
  if (!ACTION_CODE.test(code)) throw new Error(`button code ${JSON.stringify(code)} is not 2 to 8 lower-case letters`);
  if (schemas.length > MAX_ACTION_ARGS) throw new Error(`button ${code}: more than ${MAX_ACTION_ARGS} arguments`);
  // zod's tuple type wants a non-empty literal tuple; the values' types come from ArgsOf.
  const tuple = z.tuple(schemas as unknown as [ArgSchema, ...ArgSchema[]]);
  return {
    code,
    encode(...args) {
      let wire: Array<string | undefined>;
      try {
        wire = z.encode(tuple, args as never) as Array<string | undefined>;
      } catch (err) {
        throw new Error(`button ${code}: arguments do not encode (${(err as Error).message.replace(/\s+/g, ' ').slice(0, 200)})`);
      }
      while (wire.length > 0 && wire[wire.length - 1] === undefined) wire.pop();
      for (const [i, w] of wire.entries()) {
        if (w === undefined || !ACTION_ARG.test(w)) throw new Error(`button ${code}: argument ${i + 1} does not fit the payload format`);
      }
      const payload = ['a', code, ...wire].join(':');
      // The router's parser is the judge of the format: what it would not read is never sent.
      if (!parseCallbackPayload(payload)) throw new Error(`button ${code}: the payload does not parse`);
      return payload;
    },
    decode(args) {
      const r = tuple.safeParse(args);
      return r.success ? (r.data as ArgsOf<S>) : null;
    },
  };
}

/** A decimal integer on the wire, a number in the code. */
function integer(pattern: RegExp, min: number) {
  return z.codec(z.string().regex(pattern), z.number().int().min(min).max(Number.MAX_SAFE_INTEGER), {
    decode: (s) => Number(s),
    encode: (n) => String(n),
  });
}

/** A random or generated id of the given length, as `randomBytes(n).toString('base64url')` makes. */
const token = (min: number, max = min) => z.string().regex(new RegExp(`^[A-Za-z0-9_-]{${min},${max}}$`));

/** The argument schemas buttons share. */
export const arg = {
  /** A MAX user id. */
  userId: integer(/^\d{1,15}$/, 0),
  /** A MAX chat id (group chats' ids are negative). */
  chatId: integer(/^-?\d{1,20}$/, Number.MIN_SAFE_INTEGER),
  /** A unit (class) id: u<n>, or the staff room. */
  unitId: z.string().regex(UNIT_ID),
  /** A join request id. */
  requestId: z.string().regex(REQUEST_ID),
  /** A page of a picker, from 0. */
  page: integer(/^\d{1,4}$/, 0),
  /** Any id the payload format can carry (checked again where it is used). */
  key: token(1, 40),
  token,
  /** y / n. */
  yesNo: z.enum(['y', 'n']),
  /** One of a few words. */
  oneOf: <const W extends readonly string[]>(words: W) => z.enum(words),
  /** One of a few numbers, written in decimal. */
  numberIn: <const N extends readonly number[]>(values: N) =>
    z.codec(z.string().regex(/^\d{1,9}$/), z.literal(values as readonly N[number][]), {
      decode: (s) => Number(s) as N[number],
      encode: (n) => String(n),
    }),
} as const;
