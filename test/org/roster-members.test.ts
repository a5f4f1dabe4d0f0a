// /members and /units show the pupils of an uploaded list who have not joined yet — to those
// who decide the class's requests (the head, who does not, sees no names from the list).
import { afterEach, describe, expect, it } from 'vitest';
import { ADMIN, CURATOR, setupSchool } from '../chats/support.js';
import { createWorld, say, type World } from '../support/harness.js';

const DIRECTOR = 60;

describe('the list of a class in /members and /units', () => {
  let world: World;
  afterEach(async () => world?.close());

  it('names the listed pupils who have not joined; counts them in /units', async () => {
    world = await createWorld();
    const { u5 } = await setupSchool(world);
    const org = world.app.organisation;
    await world.app.roster.store.expect(u5, ['Смирнов Олег Петрович', 'Алексеева Дарья Ильинична']);

    const [members] = await say(world, ADMIN, '/members 5А');
    expect(members!.text).toContain('Пока никого нет.\n\nПо списку класса, ещё не присоединились (2):\n• Алексеева Дарья Ильинична\n• Смирнов Олег Петрович');
    const [own] = await say(world, CURATOR, '/members');
    expect(own!.text).toContain('• Смирнов Олег Петрович');
    const [units] = await say(world, ADMIN, '/units');
    expect(units!.text).toContain('• 5А — руководитель: Петрова Анна Ивановна; участников: 0, по списку ещё не присоединились: 2');

    await org.people.saveProfile(DIRECTOR, 'Смирнова Ольга Петровна', Date.now());
    await org.people.putMembership(DIRECTOR, { role: 'director', unitId: null, status: 'verified', since: Date.now() });
    const [head] = await say(world, DIRECTOR, '/members 5А');
    expect(head!.text).not.toContain('Смирнов Олег');
  });
});
