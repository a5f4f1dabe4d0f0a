// The bench's setup must produce what the bot itself would: members seeded through the
// stores are verified members to the bot, and a chat bound by its curator's button
// presses is a bound study chat of the unit.
import { afterEach, describe, expect, it } from 'vitest';
import { bindChatByOwner, openStores, seedMembers, seedUnit, type Stores } from '../../bench/lib/org-setup.js';
import { createWorld, redisUrl, say, type World } from '../support/harness.js';

describe('bench organisation setup', () => {
  let world: World | undefined;
  let stores: Stores | undefined;
  afterEach(async () => {
    stores?.redis.disconnect();
    await world?.close();
  });

  it('seeds verified members the bot recognises and binds a chat through the sandbox', async () => {
    world = await createWorld();
    stores = openStores(redisUrl(), world.prefix);
    const now = Date.now();
    const unitId = await seedUnit(stores, '5А', 10, now);
    await seedMembers(
      stores,
      [31, 32, 33].map((userId) => ({ userId, role: 'student' as const, unitId })),
      10,
      now,
    );

    const person = await world.app.organisation.people.person(32);
    expect(person?.fullName).toBeTruthy();
    expect(person?.memberships).toEqual([expect.objectContaining({ role: 'student', unitId, status: 'verified' })]);
    expect(await world.app.organisation.org.curators(unitId)).toEqual([10]);
    // A seeded member is a member to the bot: /help offers no invite hint to them.
    const [help] = await say(world, 32, '/help');
    const [guestHelp] = await say(world, 99, '/help');
    expect(help!.text).not.toEqual(guestHelp!.text);

    const { chat_id } = await world.control.createChat({ title: '5А ученики', owner_id: 10, members: [31, 32, 33] });
    await bindChatByOwner(world.control, chat_id, 10, 'unit_students', '5А');
    const chat = await stores.redis.hgetall(stores.keys.chat(chat_id));
    expect(chat).toMatchObject({ status: 'bound', kind: 'unit_students', unitId, boundBy: '10' });
  });
});
