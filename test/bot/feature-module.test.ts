// Issue 25: a feature is its folder plus one entry in the feature list. The notes feature
// (test/support/notes-feature) brings a command with its own permission row, a button, a Redis key
// family and its erasure, and nothing else in the bot is edited for it.
import { afterEach, describe, expect, it } from 'vitest';
import { createNotes, NOTES_TEXTS as T, noteKey } from '../support/notes-feature/index.js';
import { DENIALS } from '../../src/org/texts.js';
import { createKeys } from '../../src/store/keys.js';
import { createWorld, press, say, type World } from '../support/harness.js';

const ADMIN = 1;
const GUEST = 500;

describe('a feature from its own folder', () => {
  let world: World;
  afterEach(async () => world?.close());

  it('runs its command for those its row allows, answers its button, and is erased with the person', async () => {
    world = await createWorld({ app: { extraFeatures: [createNotes] } });
    await say(world, ADMIN, '/start');

    const [saved] = await say(world, ADMIN, '/note купить мел');
    expect(saved!.text).toBe(T.saved('купить мел'));
    expect((await say(world, ADMIN, '/note'))[0]!.text).toBe(T.shown('купить мел'));
    // Its row: admins and the head, no one else; /help lists it only for them.
    expect((await say(world, ADMIN, '/help'))[0]!.text).toContain('/note');
    expect((await say(world, GUEST, '/help'))[0]!.text).not.toContain('/note');
    expect((await say(world, GUEST, '/note что-то'))[0]!.text).toBe(DENIALS.not_allowed);
    const app = world.app!;
    expect(await app.redis.get(noteKey(app.keys.prefix, GUEST))).toBeNull();

    const [removed] = await press(world, ADMIN, saved!, T.remove);
    expect(removed!.text).toBe(T.removed);
    expect(await app.redis.get(noteKey(app.keys.prefix, ADMIN))).toBeNull();

    // Its key family is declared, and an erasure runs its holder.
    expect(app.keyFamilies).toContain('note');
    expect(app.personalData.holders.map((h) => h.name)).toContain('notes');
    await say(world, ADMIN, '/note ещё одна');
    await app.erasure.erase(ADMIN, ADMIN);
    expect(await app.redis.get(noteKey(app.keys.prefix, ADMIN))).toBeNull();
  });

  it('a second feature with the same command row, key family or button refuses to start', async () => {
    world = await createWorld({ noBot: true });
    const { createApp } = await import('../../src/app.js');
    expect(() =>
      createApp(world.config, {
        extraFeatures: [createNotes, (k) => ({ ...createNotes(k), name: 'notes2', permissions: {}, keys: {}, erase: [], commands: [] })],
      }),
    ).toThrow('duplicate button action nt (notes, notes2)');
    expect(() =>
      createApp(world.config, {
        extraFeatures: [createNotes, (k) => ({ ...createNotes(k), name: 'notes2', permissions: {}, actions: [], erase: [], commands: [] })],
      }),
    ).toThrow('duplicate key family note (notes, notes2)');
  });
});

describe('the keys of a feature', () => {
  it("no key of keys.ts starts with the part 'f' that features' own keys start with", () => {
    const firsts = Object.entries(createKeys('p'))
      .filter(([name]) => name !== 'prefix')
      .map(([, key]) => (typeof key === 'function' ? (key as (...a: string[]) => string)('x', 'x', 'x', 'x') : String(key)).split(':')[1]);
    expect(firsts).not.toContain('f');
    expect(noteKey('p', 7)).toBe('p:f:notes:note:7');
  });
});
