// Complaints about chat messages (/report as a reply) cannot flood the curator: one per message per
// person, at most COMPLAINTS_PER_DAY a day; each quotes the message; the /report leaves the chat.
import { afterEach, describe, expect, it } from 'vitest';
import { CONDUCT_TEXTS as T } from '../../src/conduct/texts.js';
import { COMPLAINTS_PER_DAY } from '../../src/policy/complaints.js';
import { withUnitWord } from '../../src/policy/unit-word.js';
import { ComplaintStore } from '../../src/store/complaint-store.js';
import { createKeys } from '../../src/store/keys.js';
import { CURATOR, bindChat, joinByLink, setupSchool } from '../chats/support.js';
import { decide, invite, join } from '../org/support.js';
import { createWorld, eventually, type World } from '../support/harness.js';

const PARENT = 30;
const OTHER = 31;

describe('complaints about chat messages', () => {
  let world: World;
  afterEach(async () => world?.close());

  it('eight /report replies in a minute, three to one message: the curator gets one per message and at most the daily limit, quoted; every /report is removed', async () => {
    world = await createWorld({ app: { now: () => Date.parse('2026-11-23T09:00:00Z') } });
    expect(COMPLAINTS_PER_DAY).toBe(5);
    await setupSchool(world);
    const chat = await bindChat(world, CURATOR, '5А родители', 'чат родителей класса', '5А');
    for (const [userId, name] of [
      [PARENT, 'Иванова Мария'],
      [OTHER, 'Сидоров Олег'],
    ] as const) {
      await join(world, userId, await invite(world, CURATOR, 'родитель 5А'), { name, child: 'Иванов Пётр' });
      await decide(world, CURATOR, name, 'Подтвердить');
      await joinByLink(world, userId, chat);
    }
    const long = `Начало длинного сообщения. ${'слово '.repeat(500)}конец`;
    const posted: string[] = [];
    for (const text of [long, 'второе сообщение', 'третье сообщение', 'четвёртое сообщение', 'пятое сообщение', 'шестое сообщение']) {
      posted.push((await world.control.sendChatText(chat, OTHER, text)).mid);
    }
    const complaintsToCurator = async () => (await world.control.botMessagesTo(CURATOR)).filter((m) => m.text?.startsWith('Жалоба в чате'));
    const before = (await complaintsToCurator()).length;

    // 8 replies: the first message three times, then each of the other five.
    const targets = [posted[0]!, posted[0]!, posted[1]!, posted[0]!, posted[2]!, posted[3]!, posted[4]!, posted[5]!];
    const reports: string[] = [];
    for (const mid of targets) reports.push((await world.control.sendChatText(chat, PARENT, '/report', { replyToMid: mid })).mid);

    const answers = await eventually(async () => {
      const got = (await world.control.botMessagesTo(PARENT))
        .map((m) => m.text ?? '')
        .filter((t) => [T.reportChatDone, T.reportRepeat, withUnitWord(T.reportDailyLimit(COMPLAINTS_PER_DAY), 'класс')].includes(t));
      expect(got).toHaveLength(8);
      return got;
    }, 30_000);
    expect(answers.filter((t) => t === T.reportChatDone)).toHaveLength(5);
    expect(answers.filter((t) => t === T.reportRepeat)).toHaveLength(2);
    expect(answers.filter((t) => t === withUnitWord(T.reportDailyLimit(COMPLAINTS_PER_DAY), 'класс'))).toHaveLength(1);

    const complaints = (await complaintsToCurator()).slice(before);
    expect(complaints).toHaveLength(COMPLAINTS_PER_DAY);
    // Each names the chat, the reporter and the author (declined), and quotes its own message once.
    for (const c of complaints) {
      expect(c.text).toContain('Жалоба в чате «5А родители» от Ивановой Марии на сообщение участника Сидорова Олега');
      expect(c.text!.length).toBeLessThan(4000);
    }
    const quotes = complaints.map((c) => c.text!.split('\n')[1]);
    expect(quotes.slice(1)).toEqual(['«второе сообщение»', '«третье сообщение»', '«четвёртое сообщение»', '«пятое сообщение»']);
    expect(quotes[0]!.startsWith('«Начало длинного сообщения. слово')).toBe(true);
    expect(quotes[0]!.endsWith('…»')).toBe(true);
    expect(quotes[0]!.length).toBeLessThanOrEqual(1002);
    expect(complaints.some((c) => c.text!.includes('шестое'))).toBe(false);

    // No /report stays visible in the chat.
    await eventually(async () => {
      const views = (await world.control.messages({ chatId: chat })).filter((m) => reports.includes(m.mid));
      expect(views.every((m) => m.deleted)).toBe(true);
    });

    // The state is Redis ids and counts only, and it is erasable.
    const keys = createKeys(world.prefix);
    const stored = await world.redis.hgetall(keys.complaints(PARENT));
    expect(Object.keys(stored).filter((f) => f.startsWith('m:'))).toHaveLength(5);
    expect(JSON.stringify(stored)).not.toContain('сообщение');
    expect(await world.redis.ttl(keys.complaints(PARENT))).toBeGreaterThan(0);
    await new ComplaintStore(world.redis, keys).erase({ userId: PARENT, fullName: null, unitIds: [], actorId: PARENT });
    expect(await world.redis.exists(keys.complaints(PARENT))).toBe(0);
  }, 90_000);
});
