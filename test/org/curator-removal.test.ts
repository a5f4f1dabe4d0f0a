// /curator снять: the admin takes a class from its curator, who is told and loses the class.
import { afterEach, describe, expect, it } from 'vitest';
import { ADMIN, CURATOR, setupSchool } from '../chats/support.js';
import { createWorld, eventually, say, type World } from '../support/harness.js';

describe('removing a curator', () => {
  let world: World;
  afterEach(async () => world?.close());

  it('/curator снять 5А takes the class from its curator, who is told; the audit records it', async () => {
    world = await createWorld();
    const { u5 } = await setupSchool(world);
    const org = world.app.organisation;
    await org.people.putMembership(CURATOR, { role: 'curator', unitId: u5, status: 'verified', since: Date.now() });
    expect((await say(world, CURATOR, '/members 5А'))[0]!.text).toContain('Состав «5А»');

    expect((await say(world, ADMIN, '/curator снять 6Б'))[0]!.text).toBe('У «6Б» нет руководителя.');
    expect((await say(world, ADMIN, '/curator снять 5А Сидоров'))[0]!.text).toBe('Никого не нашёл по запросу «Сидоров».');
    const [done] = await say(world, ADMIN, '/curator снять 5А');
    expect(done!.text).toBe('Петрова Анна Ивановна больше не руководит «5А».');
    await eventually(async () => expect((await world.control.botMessagesTo(CURATOR)).map((m) => m.text)).toContain('Вы больше не классный руководитель: 5А.'));
    expect(await org.org.curators(u5)).toEqual([]);
    expect((await org.actor(CURATOR)).curatedUnits.size).toBe(0);
    expect((await say(world, CURATOR, '/members 5А'))[0]!.text).toContain('недоступна');
    expect((await org.audit.latest(10)).some((e) => e.action === 'curator.removed' && e.target === `user:${CURATOR}`)).toBe(true);
    // The English word stays an alias.
    expect((await say(world, ADMIN, '/curator remove 5А'))[0]!.text).toBe('У «5А» нет руководителя.');
  });
});
