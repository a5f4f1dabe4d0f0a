// The panel's name index: found by any word's beginning, follows renames, leaves no
// trace of an erased name, keeps large words in Redis's compact set form, and is built
// once for names written before it (including its first form).
import type { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { NAME_SEARCH_LIMIT, NAME_SHARDS, NameIndex } from '../../src/store/name-index.js';
import { PeopleStore } from '../../src/store/people-store.js';
import { storeRedis } from '../support/store-redis.js';

describe('the name index', () => {
  const store = storeRedis();

  function open() {
    const { redis, keys } = store.open();
    return { redis, keys, people: new PeopleStore(redis, keys), names: new NameIndex(redis, keys) };
  }

  /** Every key of the index whose name or content mentions `needle`. */
  async function traces(r: Redis, needle: string): Promise<string[]> {
    const out: string[] = [];
    for (const k of await r.keys(`${store.prefix}:web:names*`)) {
      if (k.includes(needle)) out.push(k);
      else if ((await r.type(k)) === 'zset' && (await r.zrange(k, '0', '-1')).some((m) => m.includes(needle))) out.push(k);
    }
    return out;
  }

  it('finds people by the beginning of any word of the name, ё as е, every typed word checked', async () => {
    const { people, names } = open();
    await people.saveProfile(101, 'Семёнова Анна Петровна', 1);
    await people.saveProfile(102, 'Семенов Пётр Ильич', 1);
    await people.saveProfile(103, 'Иванова Анна Сергеевна', 1);
    const cases: Array<[string, number[]]> = [
      ['семен', [101, 102]],
      ['Семён', [101, 102]],
      ['анна', [101, 103]],
      ['петр', [101, 102]],
      ['семен анна', [101]],
      ['Анна Иван', [103]],
      ['ильич', [102]],
      ['Смирнов', []],
      ['  ', []],
    ];
    for (const [query, ids] of cases) expect([...(await names.search(query)).ids].sort(), query).toEqual(ids);
  });

  it('follows a rename: found by the new name, no longer by the old one, and the old word is gone', async () => {
    const { redis: r, people, names } = open();
    await people.saveProfile(201, 'Кузнецова Мария Игоревна', 1);
    await people.rename(201, 'Орлова Мария Игоревна');
    expect((await names.search('орлова')).ids).toEqual([201]);
    expect((await names.search('кузнецова')).ids).toEqual([]);
    expect(await traces(r, 'кузнецова')).toEqual([]);
  });

  it('an erased person leaves no word behind, while a word others share stays', async () => {
    const { redis: r, people, names } = open();
    await people.saveProfile(301, 'Редкофамильный Аркадий Львович', 1);
    await people.saveProfile(302, 'Обычнов Аркадий Львович', 1);
    await people.putMembership(301, { role: 'parent', unitId: null, status: 'verified', since: 1 });
    await people.removePerson(301);
    expect(await traces(r, 'редкофамильный')).toEqual([]);
    expect((await names.search('аркадий')).ids).toEqual([302]);
  });

  it('a word shared by thousands keeps compact sets (intset), split by id', async () => {
    const { redis: r, keys, people, names } = open();
    const ids = Array.from({ length: 3000 }, (_, i) => 10_000 + i);
    await Promise.all(ids.map((id) => people.saveProfile(id, `Фамилия${id % 7 === 0 ? 'а' : 'б'} Александр Сергеевич`, 1)));
    for (let s = 0; s < NAME_SHARDS; s++) expect(await r.object('ENCODING', keys.webNameIds(`${s}:александр`))).toBe('intset');
    const found = await names.search('алекс');
    expect(found.capped).toBe(true);
    expect(found.ids.length).toBe(NAME_SEARCH_LIMIT);
  });

  it('is built once for names written before it, and its first form is dropped', async () => {
    const { redis: r, keys, names } = open();
    // Names written by an older version: a profile, and the first index form beside it.
    await r.hset(keys.person(401), { fullName: 'Зайцева Ольга Павловна', consentAt: '1' });
    await r.sadd(keys.roleHolders('parent'), '401');
    await r.zadd(keys.webNameIndexV1, 0, 'зайцева|401', 0, 'ольга|401');
    expect(await names.backfill()).toBe(1);
    expect(await r.exists(keys.webNameIndexV1)).toBe(0);
    expect((await names.search('ольга')).ids).toEqual([401]);
    // Once built, a start does not build it again.
    expect(await names.backfill()).toBe(0);
  });
});
