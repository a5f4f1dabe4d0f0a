// A prefix index of people's names for searching 50,000 people without reading them all:
// one sorted set, every word of every full name as "<word>|<user id>" with score 0, so
// ZRANGEBYLEX finds the people whose name has a word starting with the typed one. Entries
// of a forgotten name may linger; readers check the current name, so they find nothing.
import { ROLES } from '../policy/roles.js';
import type { ChainableCommander, Redis } from 'ioredis';
import type { Keys } from './keys.js';

/** How many candidates one search reads from the index at most (a bounded scan). */
export const NAME_SEARCH_LIMIT = 1_000;

export function normaliseName(s: string): string {
  return s.toLowerCase().replace(/ё/g, 'е').replace(/[^\p{L}\p{N}\s-]/gu, ' ').trim();
}

export function nameWords(fullName: string): string[] {
  return [...new Set(normaliseName(fullName).split(/[\s-]+/).filter((w) => w.length > 0))];
}

/** Adds the name's words to the index inside a caller's transaction or pipeline. */
export function indexName(tx: ChainableCommander, keys: Keys, userId: number, fullName: string): void {
  const words = nameWords(fullName);
  if (words.length > 0) tx.zadd(keys.webNameIndex, ...words.flatMap((w) => [0, `${w}|${userId}`]));
}

/** Takes the name's words out of the index inside a caller's transaction (removal, erasure). */
export function unindexName(tx: ChainableCommander, keys: Keys, userId: number, fullName: string | null | undefined): void {
  const words = fullName ? nameWords(fullName) : [];
  if (words.length > 0) tx.zrem(keys.webNameIndex, ...words.map((w) => `${w}|${userId}`));
}

export class NameIndex {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
  ) {}

  /**
   * User ids whose name has a word starting with each typed word: the longest typed word is looked
   * up in the index (at most NAME_SEARCH_LIMIT entries), the rest are checked on the current names.
   */
  async search(query: string): Promise<{ ids: number[]; names: Map<number, string>; capped: boolean }> {
    const words = nameWords(query).filter((w) => !w.includes('|'));
    if (words.length === 0) return { ids: [], names: new Map(), capped: false };
    const probe = [...words].sort((a, b) => b.length - a.length)[0]!;
    // The upper bound is the prefix and a 0xFF byte (not the character ÿ, which UTF-8 encodes below Cyrillic).
    const upper = Buffer.concat([Buffer.from(`[${probe}`), Buffer.from([0xff])]);
    const entries = await this.redis.zrangebylex(this.keys.webNameIndex, `[${probe}`, upper, 'LIMIT', 0, NAME_SEARCH_LIMIT);
    const candidates = [...new Set(entries.map((e) => Number(e.slice(e.lastIndexOf('|') + 1))))];
    const pipe = this.redis.pipeline();
    for (const id of candidates) pipe.hget(this.keys.person(id), 'fullName');
    const res = (await pipe.exec()) ?? [];
    const names = new Map<number, string>();
    candidates.forEach((id, i) => {
      const name = res[i]?.[1] as string | null;
      if (!name) return;
      const have = nameWords(name);
      if (words.every((w) => have.some((h) => h.startsWith(w)))) names.set(id, name);
    });
    return { ids: [...names.keys()], names, capped: entries.length >= NAME_SEARCH_LIMIT };
  }

  /** Builds the index from everyone with a role, once (a Redis with people but no index). */
  async backfill(): Promise<number> {
    if ((await this.redis.exists(this.keys.webNameIndex)) === 1) return 0;
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
        if (name) indexName(tx, this.keys, id, name), n++;
      });
      await tx.exec();
    }
    return n;
  }
}
