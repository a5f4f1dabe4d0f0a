// /curator снять: the admin takes a class from its curator, who is told and loses the class.
import { afterEach, describe, expect, it } from 'vitest';
import { ADMIN, CURATOR, setupSchool } from '../chats/support.js';
import { createWorld, eventually, press, say, type World } from '../support/harness.js';

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

describe('archiving asks first; an archived class comes back', () => {
  let world: World;
  afterEach(async () => world?.close());

  it('/unit архив asks with a button; /unit вернуть brings the class back under its name', async () => {
    world = await createWorld();
    await setupSchool(world);
    const [ask] = await say(world, ADMIN, '/unit архив 6Б');
    expect(ask!.text).toContain('Отправить «6Б» в архив?');
    expect(ask!.buttons.flat().map((b) => b.text)).toEqual(['Да, в архив']);
    // Nothing happens before the button.
    expect((await world.app.organisation.org.findUnit('6Б'))?.archived).toBe(false);
    const [done] = await press(world, ADMIN, ask!, 'Да, в архив');
    expect(done!.text).toContain('«6Б» — в архиве');
    expect(await world.app.organisation.org.findUnit('6Б')).toBeNull();
    expect((await say(world, ADMIN, '/unit вернуть 5А'))[0]!.text).toBe('В архиве нет «5А».');
    expect((await say(world, ADMIN, '/unit вернуть 6б'))[0]!.text).toBe('«6Б» возвращено из архива. Людей пригласите заново (/invite), чаты привяжите снова.');
    expect((await world.app.organisation.org.findUnit('6Б'))?.archived).toBe(false);
    expect((await say(world, ADMIN, '/units'))[0]!.text).toContain('• 6Б');
    expect((await world.app.organisation.audit.latest(5)).map((e) => e.action)).toContain('unit.restored');
  });
});
