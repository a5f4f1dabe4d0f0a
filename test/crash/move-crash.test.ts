// /move killed with SIGKILL at each of its Redis writes in turn, then restarted: the
// student (and the parent linked to them) end up in the new class only, never in
// none or both, and the student is told once.
import { describe, expect, it } from 'vitest';
import { createKeys } from '../../src/store/keys.js';
import { decodeMembership } from '../../src/store/membership-codec.js';
import { PeopleStore } from '../../src/store/people-store.js';
import { eventually, press, say } from '../support/harness.js';
import { crashBench, toldExactly } from './support.js';

const ADMIN = 1;
const STUDENT = 8501;
const PARENT = 8502;

describe('crash safety of /move', () => {
  const bench = crashBench();

  it('a kill at every Redis write of a move: in exactly one class, told once', async () => {
    const world = await bench.start();
    const keys = createKeys(world.prefix);
    const people = new PeopleStore(world.redis, keys);
    await say(world, ADMIN, '/unit add 5А');
    await say(world, ADMIN, '/unit add 6Б');
    const units = { '5А': 'u1', '6Б': 'u2' } as const;
    await world.control.createUser({ user_id: STUDENT, first_name: 'Пётр' });
    await world.control.createUser({ user_id: PARENT, first_name: 'Мария' });
    await people.saveProfile(STUDENT, 'Иванов Пётр', Date.now());
    await people.putMembership(STUDENT, { role: 'student', unitId: units['5А'], status: 'verified', since: Date.now() });
    await people.saveProfile(PARENT, 'Иванова Мария', Date.now());
    await people.putMembership(PARENT, { role: 'parent', unitId: units['5А'], status: 'verified', since: Date.now(), children: [{ userId: STUDENT }] });
    let at: '5А' | '6Б' = '5А';
    await bench.killAtEachWrite({
      name: '/move',
      atLeast: 4,
      async run() {
        // Each run moves the student back to the other class.
        const target: '5А' | '6Б' = at === '5А' ? '6Б' : '5А';
        at = target;
        const [who] = await say(world, ADMIN, '/move иванов');
        const [where] = await press(world, ADMIN, who!, 'Иванов Пётр');
        return {
          scope: `action:mv:${units[target]}`,
          start: () => world.control.pressByText(ADMIN, where!.mid, target),
          told: { userId: STUDENT, part: `Вас перевели в «${target}»` },
          async check(after) {
            await toldExactly(world, STUDENT, after, `Вас перевели в «${target}»`);
            await eventually(async () => {
              const roles = await world.redis.hkeys(keys.personRoles(STUDENT));
              expect(roles).toEqual([`student|${units[target]}`]);
              const parent = await world.redis.hgetall(keys.personRoles(PARENT));
              expect(Object.keys(parent)).toEqual([`parent|${units[target]}`]);
              const field = `parent|${units[target]}`;
              expect(decodeMembership(field, parent[field]!).children).toEqual([{ userId: STUDENT }]);
            }, 60_000);
          },
        };
      },
    });
  }, 900_000);
});
