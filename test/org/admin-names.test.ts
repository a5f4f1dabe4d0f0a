// Admins named in ADMIN_USER_IDS never fill in the join dialog: the bot takes the name
// MAX shows the first time they act, so nobody sees «id 1»; /name sets the full ФИО.
import { afterEach, describe, expect, it } from 'vitest';
import { ORG_TEXTS as T } from '../../src/org/texts.js';
import { FULL_NAME_REASONS_RU } from '../../src/policy/names.js';
import { createWorld, say, type World } from '../support/harness.js';
import { workdayClock } from './support.js';

const ADMIN = 1;

describe('names of configured admins', () => {
  let world: World;
  afterEach(async () => world?.close());

  it('the MAX name at first contact, shown to others; /me says where it came from; /name sets the ФИО', async () => {
    world = await createWorld({ app: { now: workdayClock() }, noBot: true });
    await world.control.createUser({ user_id: ADMIN, first_name: 'Анна', last_name: 'иванова' });
    await world.startBot();
    const people = world.app.organisation.people;
    expect((await people.fullNames([ADMIN])).get(ADMIN)).toBeNull();

    await say(world, ADMIN, '/unit add 5А');
    expect((await people.fullNames([ADMIN])).get(ADMIN)).toBe('Иванова Анна');
    // Lists of people show the name, not an id (here the list of admins).
    const [admins] = await say(world, ADMIN, '/admin remove');
    expect(admins!.buttons.flat().map((b) => b.text)).toEqual(['Иванова Анна']);

    const [me] = await say(world, ADMIN, '/me');
    expect(me!.text).toContain(`${T.meName('Иванова Анна')}\n${T.nameFromMax}`);
    expect((await say(world, ADMIN, '/name'))[0]!.text).toBe(T.nameUsage);
    expect((await say(world, ADMIN, '/name Иванова'))[0]!.text).toBe(FULL_NAME_REASONS_RU.not_enough_words);
    expect((await say(world, ADMIN, '/name иванова анна сергеевна'))[0]!.text).toBe(T.nameSaved('Иванова Анна Сергеевна'));
    const [me2] = await say(world, ADMIN, '/me');
    expect(me2!.text).toContain(T.meName('Иванова Анна Сергеевна'));
    expect(me2!.text).not.toContain(T.nameFromMax);
    // A name given is never replaced by MAX's, also after a restart.
    await world.restart();
    await say(world, ADMIN, '/units');
    expect((await world.app.organisation.people.fullNames([ADMIN])).get(ADMIN)).toBe('Иванова Анна Сергеевна');
  }, 30_000);

  it('a person who joined keeps the ФИО they gave; /name is for admins only', async () => {
    world = await createWorld({ app: { now: workdayClock() } });
    await world.control.createUser({ user_id: 77, first_name: 'Петя' });
    const people = world.app.organisation.people;
    await people.saveProfile(77, 'Петров Пётр Петрович', Date.now());
    await people.putMembership(77, { role: 'parent', unitId: null, status: 'verified', since: Date.now() });
    expect((await say(world, 77, '/name Петров Петя'))[0]!.text).toContain('недоступна');
    expect((await people.fullNames([77])).get(77)).toBe('Петров Пётр Петрович');
  }, 30_000);
});
