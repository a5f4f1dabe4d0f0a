// Erasure is each store's duty: every Redis key family of keys.ts and every BullMQ queue of the
// app is declared by exactly one registered holder — as holding personal data (which its
// eraser removes) or as holding none, with the reason. A new key or queue without that
// declaration fails here.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/app.js';
import { namesPerson } from '../../src/bot/held-messages.js';
import { createKeys } from '../../src/store/keys.js';
import { createWorld, quietLogger, type World } from '../support/harness.js';

describe('the personal-data registry', () => {
  let world: World;
  let app: App;
  beforeAll(async () => {
    world = await createWorld({ noBot: true });
    app = createApp(world.config, { logger: quietLogger() });
  });
  afterAll(async () => {
    await app?.kill();
    await world?.close();
  });

  it('declares every key family of keys.ts and of the features once, with a reason', () => {
    const families = app.keyFamilies;
    expect(families).toEqual(expect.arrayContaining(Object.keys(createKeys('p')).filter((k) => k !== 'prefix')));
    const declared = new Map<string, string[]>();
    for (const h of app.personalData.holders) {
      for (const [family, d] of Object.entries(h.families)) {
        declared.set(family, [...(declared.get(family) ?? []), h.name]);
        const reason = 'holds' in d! ? d.holds : d!.none;
        expect(reason.length, `${h.name}: ${family}`).toBeGreaterThan(3);
      }
    }
    expect(
      families.filter((f) => !declared.has(f)),
      'key families no holder declares',
    ).toEqual([]);
    expect(
      [...declared].filter(([, by]) => by.length > 1),
      'key families declared twice',
    ).toEqual([]);
    expect(
      [...declared.keys()].filter((f) => !families.includes(f)),
      'declared families keys.ts does not have',
    ).toEqual([]);
  });

  it('declares every BullMQ queue of the app once', () => {
    const names = app.queues.map((q) => q.name);
    const declared = app.personalData.holders.flatMap((h) => Object.keys(h.queues ?? {}));
    expect([...names].sort()).toEqual([...declared].sort());
  });

  it('runs the holders in an order that works: requests and roles first, the chats next, the name last', () => {
    const order = app.personalData.holders.map((h) => h.name);
    expect(new Set(order).size).toBe(order.length);
    expect(order.at(-1)).toBe('people.profile');
    expect(order.indexOf('people.roles')).toBeLessThan(order.indexOf('chat-membership'));
    expect(order.indexOf('chat-membership')).toBeLessThan(order.indexOf('chat-records'));
  });
});

describe('namesPerson (a held text naming an erased person)', () => {
  it.each([
    ['Заявка на подтверждение: Канареечкина Зоя (родитель, 5А)', true],
    ['Вопрос от Канареечкиной Зои: когда собрание?', true],
    ['Родитель КАНАРЕЕЧКИНА зоя пишет', true],
    ['Зоя Канареечкина', true],
    ['Канареечкин Лев (ребёнок)', false],
    ['Зоя Петрова', false],
    ['Кузнецова Ирина', false],
  ])('%s → %s', (text, expected) => {
    expect(namesPerson(text, 'Канареечкина Зоя')).toBe(expected);
  });

  it('no name, no match', () => expect(namesPerson('что угодно', null)).toBe(false));
});
