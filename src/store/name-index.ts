// A prefix index of people's names for searching 50,000 people without reading them all.
// An inverted index, sized for Redis's compact encodings:
//   - web:names:words — a sorted set of every distinct word of every name (score 0), so
//     ZRANGEBYLEX finds the words starting with a typed one;
//   - web:names:ids:<shard>:<word> — the user ids whose name has that word, split into
//     NAME_SHARDS sets by id. A set of integers stays an intset (4–8 bytes an id) while it
//     has at most 512 members; one set for a common first name or patronymic would grow
//     into a hash table (about 55 bytes an id). Split, a word keeps the compact form up to
//     NAME_SHARDS × 512 people.
// A word leaves the index with its last person, so a forgotten name leaves no trace here.
import { ROLES } from '../policy/roles.js';
import type { ChainableCommander, Redis } from 'ioredis';
import type { Keys } from './keys.js';
import type { ErasedPerson, PersonalDataHolder } from './personal-data.js';
import { defineScripts, STORE_LUA } from './scripts.js';

/** How many candidates one search reads from the index at most (a bounded scan). */
export const NAME_SEARCH_LIMIT = 1_000;

/** Sets one word's ids are split into (by user id); see the header. */
export const NAME_SHARDS = 32;

/** Bump when the index's shape changes: the next start builds it again for existing names. */
const NAME_INDEX_VERSION = '2';

/** Words read from the word set per step of a search. */
const WORDS_PER_STEP = 50;

export function normaliseName(s: string): string {
  return s
    .toLowerCase()
    .replace(/ё/g, 'е')
    .replace(/[^\p{L}\p{N}\s-]/gu, ' ')
    .trim();
}

export function nameWords(fullName: string): string[] {
  return [
    ...new Set(
      normaliseName(fullName)
        .split(/[\s-]+/)
        .filter((w) => w.length > 0),
    ),
  ];
}

/** A word's set for this id: by a hash of the id, so ids that follow a pattern still spread evenly. */
const shardOf = (userId: number) => Math.floor(((Math.imul(userId % 2 ** 32, 0x9e3779b1) >>> 0) / 2 ** 32) * NAME_SHARDS); // the product's high bits

/**
 * A transaction or pipeline of a client with src/store's scripts defined (any store's constructor
 * defines them: lua/nameIndex*.lua).
 */
type NameIndexTx = ChainableCommander & {
  nameIndexAdd(wordSet: string, userId: string, shard: string, idsPrefix: string, ...words: string[]): ChainableCommander;
  nameIndexRemove(wordSet: string, userId: string, shard: string, idsPrefix: string, shards: string, ...words: string[]): ChainableCommander;
};

/** Adds the name's words to the index inside a caller's transaction or pipeline. */
export function indexName(tx: ChainableCommander, keys: Keys, userId: number, fullName: string): void {
  const words = nameWords(fullName);
  if (words.length > 0) (tx as NameIndexTx).nameIndexAdd(keys.webNameWords, String(userId), String(shardOf(userId)), keys.webNameIds(''), ...words);
}

/** Takes the name's words out of the index inside a caller's transaction (rename, removal, erasure). */
export function unindexName(tx: ChainableCommander, keys: Keys, userId: number, fullName: string | null | undefined): void {
  const words = fullName ? nameWords(fullName) : [];
  if (words.length > 0)
    (tx as NameIndexTx).nameIndexRemove(keys.webNameWords, String(userId), String(shardOf(userId)), keys.webNameIds(''), String(NAME_SHARDS), ...words);
}

/** Replaces a person's indexed name inside a caller's transaction: the old words out, the new in. */
export function reindexName(tx: ChainableCommander, keys: Keys, userId: number, previous: string | null | undefined, fullName: string): void {
  if (previous === fullName) return;
  unindexName(tx, keys, userId, previous);
  indexName(tx, keys, userId, fullName);
}

/** The upper bound of ZRANGEBYLEX for a prefix: the prefix and a 0xFF byte (not ÿ, which UTF-8 puts below Cyrillic). */
function prefixUpper(prefix: string): Buffer {
  return Buffer.concat([Buffer.from(`[${prefix}`), Buffer.from([0xff])]);
}

export class NameIndex implements PersonalDataHolder {
  readonly name = 'name-index';
  readonly families = {
    webNameWords: { holds: "the words of people's names" },
    webNameIds: { holds: 'ids of the people whose name has a word' },
    webNameIndexVersion: { none: 'a version number' },
    webNameIndexV1: { holds: 'the first name index (words and ids), dropped by backfill' },
  } as const;

  /** The name's words leave the index (a word nobody else has leaves the word set). */
  async erase({ userId, fullName }: ErasedPerson): Promise<void> {
    const name = (await this.redis.hget(this.keys.person(userId), 'fullName')) ?? fullName;
    const tx = this.redis.multi();
    unindexName(tx, this.keys, userId, name);
    await tx.exec();
    for (const member of await this.redis.zrange(this.keys.webNameIndexV1, '0', '-1').catch(() => [] as string[])) {
      if (member.endsWith(`|${userId}`)) await this.redis.zrem(this.keys.webNameIndexV1, member);
    }
  }

  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
  ) {
    defineScripts(redis, STORE_LUA);
  }

  /**
   * User ids whose name has a word starting with each typed word: the ids under the words
   * that start with the longest typed word are read (at most NAME_SEARCH_LIMIT), the rest
   * of the typed words are checked on the current names.
   */
  async search(query: string): Promise<{ ids: number[]; names: Map<number, string>; capped: boolean }> {
    const words = nameWords(query);
    if (words.length === 0) return { ids: [], names: new Map(), capped: false };
    const probe = [...words].sort((a, b) => b.length - a.length)[0]!;
    const candidates = new Set<number>();
    let capped = false;
    for (let offset = 0; !capped; offset += WORDS_PER_STEP) {
      const found = await this.redis.zrangebylex(this.keys.webNameWords, `[${probe}`, prefixUpper(probe), 'LIMIT', offset, WORDS_PER_STEP);
      if (found.length === 0) break;
      const pipe = this.redis.pipeline();
      for (const w of found) pipe.sunion(...Array.from({ length: NAME_SHARDS }, (_, s) => this.keys.webNameIds(`${s}:${w}`)));
      for (const [, ids] of (await pipe.exec()) ?? []) {
        for (const id of (ids as string[] | null) ?? []) candidates.add(Number(id));
      }
      if (candidates.size >= NAME_SEARCH_LIMIT) capped = true;
      if (found.length < WORDS_PER_STEP) break;
    }
    const ids = [...candidates].slice(0, NAME_SEARCH_LIMIT);
    const pipe = this.redis.pipeline();
    for (const id of ids) pipe.hget(this.keys.person(id), 'fullName');
    const res = (await pipe.exec()) ?? [];
    const names = new Map<number, string>();
    ids.forEach((id, i) => {
      const name = res[i]?.[1] as string | null;
      if (!name) return;
      const have = nameWords(name);
      if (words.every((w) => have.some((h) => h.startsWith(w)))) names.set(id, name);
    });
    return { ids: [...names.keys()], names, capped };
  }

  /**
   * Builds the index for the people already there, once per NAME_INDEX_VERSION: names written
   * before the index existed, or under its first form (one sorted set of "<word>|<id>",
   * dropped here). Idempotent beside live writes (adding a word twice changes nothing), so a
   * start interrupted half-way does it again.
   */
  async backfill(): Promise<number> {
    if ((await this.redis.get(this.keys.webNameIndexVersion)) === NAME_INDEX_VERSION) return 0;
    await this.redis.del(this.keys.webNameIndexV1);
    const ids = new Set<number>();
    for (const role of ROLES) {
      for (const id of await this.redis.smembers(this.keys.roleHolders(role))) ids.add(Number(id));
    }
    const all = [...ids];
    let n = 0;
    for (let i = 0; i < all.length; i += 1_000) {
      const slice = all.slice(i, i + 1_000);
      const pipe = this.redis.pipeline();
      for (const id of slice) pipe.hget(this.keys.person(id), 'fullName');
      const res = (await pipe.exec()) ?? [];
      const tx = this.redis.pipeline();
      slice.forEach((id, j) => {
        const name = res[j]?.[1] as string | null;
        if (name) {
          indexName(tx, this.keys, id, name);
          n++;
        }
      });
      await tx.exec();
    }
    await this.redis.set(this.keys.webNameIndexVersion, NAME_INDEX_VERSION);
    return n;
  }
}
