// What Redis holds, by key family: every key under the prefix, MEMORY USAGE of each
// (pipelined), grouped by the key with its ids replaced by "*". MEMORY USAGE counts a
// key's value and its own overhead, not the allocator's fragmentation or the main
// dictionary's buckets, so the families add up to somewhat less than used_memory.
import type { Redis } from 'ioredis';

export interface KeyFamily {
  family: string;
  keys: number;
  bytes: number;
}

/** "bench:request:Ab3_x9QwE2rT" → "request:*"; a segment with a digit, or 10+ characters, is an id. */
export function familyOf(key: string, prefix: string): string {
  const rest = key.startsWith(`${prefix}:`) ? key.slice(prefix.length + 1) : key;
  return rest
    .split(':')
    .map((seg) => (/\d/.test(seg) || seg.length >= 10 ? '*' : seg))
    .join(':');
}

export async function keyFamilies(redis: Redis, prefix: string, top = 14): Promise<KeyFamily[]> {
  const families = new Map<string, KeyFamily>();
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 2000);
    cursor = next;
    if (keys.length === 0) continue;
    const pipe = redis.pipeline();
    for (const k of keys) pipe.memory('USAGE', k);
    const sizes = (await pipe.exec()) ?? [];
    keys.forEach((k, i) => {
      const name = familyOf(k, prefix);
      const f = families.get(name) ?? { family: name, keys: 0, bytes: 0 };
      f.keys++;
      f.bytes += Number(sizes[i]?.[1] ?? 0);
      families.set(name, f);
    });
  } while (cursor !== '0');
  return [...families.values()].sort((a, b) => b.bytes - a.bytes).slice(0, top);
}

/**
 * What lasts, by family: every key under the prefix except job queues and keys that expire
 * within a day (seen update ids, sent replies, finished jobs). A stream is measured by a copy:
 * its newest node is allocated ahead (4 KiB) and MEMORY USAGE counts the allocation, so entries
 * added to it would count nothing; COPY allocates each node as large as what it holds.
 */
export async function lastingBytes(redis: Redis, prefix: string, queuePrefix: string): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 2000);
    cursor = next;
    const lasting = keys.filter((k) => !k.startsWith(`${queuePrefix}:`) && !k.endsWith(':measured-copy'));
    if (lasting.length === 0) continue;
    const pipe = redis.pipeline();
    // SAMPLES 0: every element counted. The default samples 5 and scales up, and a sample's growth
    // (a few hundred entries in a 50,000-entry stream or set) would be lost in the estimate's noise.
    for (const k of lasting) pipe.pttl(k).type(k).memory('USAGE', k, 'SAMPLES', 0);
    const res = (await pipe.exec()) ?? [];
    for (let i = 0; i < lasting.length; i++) {
      const key = lasting[i]!;
      const ttl = Number(res[i * 3]?.[1] ?? -1);
      if (ttl >= 0 && ttl < 86_400_000) continue;
      let bytes = Number(res[i * 3 + 2]?.[1] ?? 0);
      if (res[i * 3 + 1]?.[1] === 'stream') {
        const copy = `${key}:measured-copy`;
        await redis.copy(key, copy, 'REPLACE');
        bytes = Number((await redis.memory('USAGE', copy, 'SAMPLES', 0)) ?? 0);
        await redis.del(copy);
      }
      const name = familyOf(key, prefix);
      out.set(name, (out.get(name) ?? 0) + bytes);
    }
  } while (cursor !== '0');
  return out;
}
