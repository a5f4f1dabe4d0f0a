// /move killed with SIGKILL at each of its Redis writes in turn, then restarted: the
// student (and the parent linked to them) end up in the new class only, never in
// none or both, and the student is told once.
import { afterEach, describe, expect, it } from 'vitest';
import { createKeys } from '../../src/store/keys.js';
import { decodeMembership } from '../../src/store/membership-codec.js';
import { PeopleStore } from '../../src/store/people-store.js';
import { createWorld, eventually, press, say, type World } from '../support/harness.js';
import { armCrash, crashEnv, everyDayWorking, killedAtArmedPoint, startBot, stopBot, type BotProcess } from '../support/crash-process.js';
import { noLateWrites, nothingPending, stepDone, toldExactly } from './support.js';

const ADMIN = 1;
const STUDENT = 8501;
const PARENT = 8502;

describe('crash safety of /move', () => {
  let world: World | undefined;
  let current: BotProcess | undefined;
  afterEach(async () => {
    if (current && current.child.exitCode === null) current.child.kill('SIGKILL');
    await world?.close();
  });

  it('a kill at every Redis write of a move: in exactly one class, told once', async () => {
    world = await createWorld({ noBot: true });
    const keys = createKeys(world.prefix);
    const people = new PeopleStore(world.redis, keys);
    await everyDayWorking(world);
    current = await startBot(world, crashEnv(world));
    await say(world, ADMIN, '/unit add 5А');
    await say(world, ADMIN, '/unit add 6Б');
    const units = { '5А': 'u1', '6Б': 'u2' } as const;
    await world.control.createUser({ user_id: STUDENT, first_name: 'Пётр' });
    await world.control.createUser({ user_id: PARENT, first_name: 'Мария' });
    await people.saveProfile(STUDENT, 'Иванов Пётр', Date.now());
    await people.putMembership(STUDENT, { role: 'student', unitId: units['5А'], status: 'verified', since: Date.now() });
    await people.saveProfile(PARENT, 'Иванова Мария', Date.now());
    await people.putMembership(PARENT, { role: 'parent', unitId: units['5А'], status: 'verified', since: Date.now(), children: [{ userId: STUDENT }] });
    let crashes = 0;
    let at: '5А' | '6Б' = '5А';
    for (let n = 1; n <= 60; n++) {
      const target: '5А' | '6Б' = at === '5А' ? '6Б' : '5А';
      const [who] = await say(world, ADMIN, '/move иванов');
      const [where] = await press(world, ADMIN, who!, 'Иванов Пётр');
      await armCrash(world, `action:mv:${units[target]}:${n}`);
      const after = await world.control.lastSeq();
      await world.control.pressByText(ADMIN, where!.mid, target);
      const crashed = await killedAtArmedPoint(
        world,
        current,
        () => stepDone(world!, STUDENT, after, `Вас перевели в «${target}»`),
        (p) => (current = p),
      );
      if (crashed) crashes++;
      await toldExactly(world, STUDENT, after, `Вас перевели в «${target}»`);
      await eventually(async () => {
        const roles = await world!.redis.hkeys(keys.personRoles(STUDENT));
        expect(roles).toEqual([`student|${units[target]}`]);
        const parent = await world!.redis.hgetall(keys.personRoles(PARENT));
        expect(Object.keys(parent)).toEqual([`parent|${units[target]}`]);
        const field = `parent|${units[target]}`;
        expect(decodeMembership(field, parent[field]!).children).toEqual([{ userId: STUDENT }]);
      }, 60_000);
      await nothingPending(world);
      await noLateWrites(world);
      at = target;
      if (!crashed) break;
    }
    expect(crashes).toBeGreaterThan(3);
    console.info(`/move: killed at each of its ${crashes} Redis writes`);
    await stopBot(current);
  }, 900_000);
});
