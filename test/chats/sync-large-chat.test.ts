// /sync of a large chat (issue 23): the check reads the chat's people from Redis in chunks,
// so no single pipeline holds Redis, nor its decoding the bot, for the whole chat while other
// people's updates wait; and the job's MAX calls go to the rate limiter as background work.
// Counts and ordering only, no timing.
import { Pipeline } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { RateLimiter } from '../../src/bot/rate-limiter.js';
import { createWorld, eventually, type World } from '../support/harness.js';
import { CURATOR, chatLink, pressInDialog, provisioned, setupSchool } from './support.js';

const STUDENTS = Array.from({ length: 1_000 }, (_, i) => 500_001 + i);
const OTHER = 700_001;
/** Commands in one pipeline at most: 200 people (PEOPLE_PER_PIPELINE), two commands each. */
const MOST_PER_PIPELINE = 400;

describe('/sync of a 1,000-member chat', () => {
  let world: World;
  const pipelines: number[] = [];
  const exec = Pipeline.prototype.exec;
  const acquire = RateLimiter.prototype.acquire;
  afterEach(async () => {
    Pipeline.prototype.exec = exec;
    RateLimiter.prototype.acquire = acquire;
    await world?.close();
  });

  it('reads the chat’s people in pipelines of a bounded size, reports right, and another person is answered meanwhile', async () => {
    world = await createWorld();
    await setupSchool(world);
    const org = world.app.organisation;
    const unitId = (await org.org.findUnit('5А'))!.id;
    const now = Date.now();
    for (let i = 0; i < STUDENTS.length; i += 100) {
      await Promise.all(
        STUDENTS.slice(i, i + 100).map(async (id, j) => {
          await org.people.saveProfile(id, `Ученик${i + j} Тестов`, now);
          await org.people.putMembership(id, { role: 'student', unitId, status: 'verified', since: now });
        }),
      );
    }
    const title = '5А ученики';
    const { chat_id: chatId } = await world.control.createChat({ title, owner_id: CURATOR, link: chatLink(title), members: STUDENTS });
    await world.control.addBot(chatId, { by: CURATOR });
    await pressInDialog(world, CURATOR, 'чат учеников класса');
    await pressInDialog(world, CURATOR, '5А');
    await provisioned(world, chatId);

    // From here on, every pipeline this process sends (the bot runs in it) is measured.
    Pipeline.prototype.exec = function (this: Pipeline, ...args: Parameters<Pipeline['exec']>) {
      pipelines.push(this.length);
      return exec.apply(this, args);
    } as Pipeline['exec'];
    // And every MAX call's ask of the rate limiter: background work or not.
    const asks: boolean[] = [];
    RateLimiter.prototype.acquire = function (this: RateLimiter, signal?: AbortSignal, opts?: { background?: boolean }) {
      asks.push(opts?.background === true);
      return acquire.call(this, signal, opts);
    };
    const after = await world.control.lastSeq();
    await world.control.sendChatText(chatId, CURATOR, '/sync');
    await world.control.sendText(OTHER, '/help');
    const [report] = await world.control.waitForMessages({ userId: CURATOR, fromBot: true }, { count: 1, afterSeq: after, timeoutMs: 60_000 });
    expect(report!.text).toMatch(/^Сверка чата «5А ученики»/);
    // Everyone who belongs is in the chat: nobody is reported missing.
    expect(report!.text).not.toContain('Нет в чате');
    // Meanwhile: the other person's answer went out before the sync's report, not after it.
    const [answer] = await eventually(async () => {
      const got = await world.control.botMessagesTo(OTHER, after);
      expect(got.length).toBeGreaterThan(0);
      return got;
    }, 20_000);
    expect(answer!.seq).toBeLessThan(report!.seq);

    // The check read 1,000 people's roles (two commands each); no pipeline carried more than a chunk.
    expect(pipelines.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(2 * STUDENTS.length);
    expect(Math.max(...pipelines)).toBeLessThanOrEqual(MOST_PER_PIPELINE);
    // The job's MAX calls asked as background work: at least the ten pages of 100 members it
    // read, and its report; the other person's reply asked as people's calls do.
    expect(asks.filter((b) => b).length).toBeGreaterThanOrEqual(STUDENTS.length / 100 + 1);
    expect(asks.filter((b) => !b).length).toBeGreaterThan(0);
  }, 180_000);
});
