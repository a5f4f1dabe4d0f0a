// Reads every key of a test's prefix, whatever its type, to look for personal data left behind.
import type { Redis } from 'ioredis';

export interface Found {
  key: string;
  where: 'name' | 'value';
}

async function contentOf(redis: Redis, key: string): Promise<string[]> {
  switch (await redis.type(key)) {
    case 'string':
      return [(await redis.get(key)) ?? ''];
    case 'hash':
      return Object.entries(await redis.hgetall(key)).flat();
    case 'set':
      return redis.smembers(key);
    case 'zset':
      return redis.zrange(key, '0', '-1');
    case 'list':
      return redis.lrange(key, '0', '-1');
    case 'stream':
      return (await redis.xrange(key, '-', '+')).flatMap(([id, fields]) => [id, ...fields]);
    default:
      return [];
  }
}

/** Every key of the prefix whose name or content contains `needle`. */
export async function findEverywhere(redis: Redis, prefix: string, needle: string | RegExp): Promise<Found[]> {
  const test = (s: string) => (typeof needle === 'string' ? s.includes(needle) : needle.test(s));
  const found: Found[] = [];
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
    cursor = next;
    for (const key of keys) {
      if (test(key.slice(prefix.length))) found.push({ key, where: 'name' });
      else if ((await contentOf(redis, key)).some(test)) found.push({ key, where: 'value' });
    }
  } while (cursor !== '0');
  return found.sort((a, b) => a.key.localeCompare(b.key));
}
