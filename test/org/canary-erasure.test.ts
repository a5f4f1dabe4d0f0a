// The canary: one marker person, with a name, a phone, an e-mail and texts found nowhere else,
// goes through every feature — a roster import naming her, joining (invite, request, approval),
// a bound class chat, a chat-rule violation, /feedback, /later, /report, a broadcast, the panel (a
// session, a search by her name) and statistics — with messages held for working hours along
// the way (the evening clock). Then she erases herself with /forget, and a scan of every Redis
// key of the test's prefix, whatever its type, BullMQ jobs included, finds none of it.
import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { ERASURE_TEXTS as T } from '../../src/org/erasure-texts.js';
import { ROSTER_TEXTS as R } from '../../src/org/roster-texts.js';
import { createKeys } from '../../src/store/keys.js';
import { SessionStore } from '../../src/web/session.js';
import { ADMIN, CURATOR, bindChat, chatLink, joinByLink, members, movableClock, pressInDialog, setupSchool } from '../chats/support.js';
import { createWorld, eventually, press, say, type World } from '../support/harness.js';
import { findEverywhere } from '../support/redis-scan.js';
import { decide, invite, join } from './support.js';

const MARKER = 70999;
const NAME = 'Канареечкина Зоя';
const PHONE = '+7 913 555-17-29';
const EMAIL = 'zoya.kanareechkina@example.ru';
const TEXTS = ['КАНАРЕЙКА-ОТЗЫВ-7781', 'КАНАРЕЙКА-ВОПРОС-5512', 'КАНАРЕЙКА-ЖАЛОБА-3391'];
/** Every trace of her: the name in any case form (the surname's stem), the phone as typed and as digits, the e-mail, her texts. */
const TRACES: RegExp[] = [/канареечк/i, /зоя\b/i, /555-17-29/, /9135551729/, new RegExp(EMAIL.replace(/\./g, '\\.')), ...TEXTS.map((t) => new RegExp(t))];

const HOUR = 3600_000;

describe('the erasure canary', () => {
  let world: World;
  afterEach(async () => world?.close());

  async function traces(): Promise<Array<{ trace: string; key: string }>> {
    const out: Array<{ trace: string; key: string }> = [];
    for (const t of TRACES) for (const f of await findEverywhere(world.redis, world.prefix, t)) out.push({ trace: String(t), key: f.key });
    return out;
  }

  it('after /forget no Redis key, held messages and jobs included, keeps her name, phone, e-mail or texts', async () => {
    const clock = movableClock(); // Monday noon in Moscow
    world = await createWorld({ app: { now: clock.now }, env: { MINIAPP_URL: 'https://panel.example.ru/app' } });
    await setupSchool(world);
    const keys = createKeys(world.prefix);

    // A roster import naming her (an expected pupil of 5А).
    await say(world, ADMIN, '/roster');
    await eventually(async () => expect((await world.control.botMessagesTo(ADMIN)).some((m) => m.text?.startsWith('Шаблон списка'))).toBe(true));
    const after = await world.control.lastSeq();
    await world.control.sendFile(ADMIN, 'spisok.csv', Buffer.from('Класс;Фамилия;Имя;Отчество\n5А;Канареечкина;Зоя;\n5А;Иванов;Пётр;\n'));
    const [preview] = await world.control.waitForMessages({ userId: ADMIN, fromBot: true }, { afterSeq: after, timeoutMs: 15_000 });
    await world.control.pressByText(ADMIN, preview!.mid, R.apply);
    const u5 = (await world.app.organisation.org.findUnit('5А'))!.id;
    await eventually(async () => expect(await world.app.roster.store.expected(u5)).toContain(NAME));

    // Joining in working hours: invite, request, approval; then the class chat.
    const parents = await bindChat(world, CURATOR, '5А родители', 'чат родителей класса', '5А');
    await join(world, MARKER, await invite(world, CURATOR, 'родитель 5А'), { name: NAME, child: 'Щеглов Лев' });
    await decide(world, CURATOR, NAME, 'Подтвердить');
    await joinByLink(world, MARKER, parents);
    await eventually(async () => expect(await members(world, parents)).toContain(MARKER));
    // A chat-rule violation (her phone in a parents' chat).
    await world.control.sendChatText(parents, MARKER, `Звоните мне: ${PHONE}`);
    await eventually(async () => expect(await world.redis.zcard(keys.violationLog)).toBeGreaterThan(0));
    await eventually(async () => expect((await world.control.botMessagesTo(MARKER)).some((m) => m.text?.includes('персональные данные'))).toBe(true));

    // The evening: what she does now waits for the morning.
    clock.advance(10 * HOUR);
    const [ask] = await say(world, MARKER, '/feedback');
    expect(ask).toBeTruthy();
    const [confirm] = await say(world, MARKER, `${TEXTS[0]}: мой телефон ${PHONE}, почта ${EMAIL}`);
    await press(world, MARKER, confirm!, 'Отправить');
    const [question] = await say(world, MARKER, '/later');
    expect(question!.text).toBeTruthy();
    await say(world, MARKER, `${TEXTS[1]}: когда экскурсия?`);
    const [report] = await say(world, MARKER, '/report');
    await press(world, MARKER, report!, 'Другое');
    const [sure] = await say(world, MARKER, `${TEXTS[2]}: не открывается расписание`);
    await press(world, MARKER, sure!, 'Отправить');
    // A second request (the 6Б parents): its card waits for the admins' morning.
    const intro = await (async () => {
      const code = await invite(world, ADMIN, 'родитель 6Б');
      const before = await world.control.lastSeq();
      await world.control.openDeepLink(MARKER, `https://max.ru/${world.sandbox.botUsername}?start=${code}`);
      return (await world.control.waitForMessages({ userId: MARKER, fromBot: true }, { afterSeq: before, timeoutMs: 15_000 }))[0]!;
    })();
    let [step] = await press(world, MARKER, intro, 'Продолжить');
    for (let i = 0; i < 4 && !step!.text?.includes('согласие'); i++) {
      [step] = await say(world, MARKER, step!.text?.includes('ребёнка') ? 'Щеглова Ева' : NAME);
    }
    await press(world, MARKER, step!, 'Даю согласие');
    // A broadcast to 5А's parents, held until the morning.
    const [post] = await say(world, CURATOR, '/post');
    const [classes] = await press(world, CURATOR, post!, 'Родители');
    const [marked] = await say(world, CURATOR, '5а');
    await press(world, CURATOR, marked!, 'Дальше');
    const [, , send] = await say(world, CURATOR, 'Завтра родительское собрание в 18:00.', 3);
    await press(world, CURATOR, send!, 'Отправить');
    expect(classes).toBeTruthy();
    // Another parents' chat bound in the evening: her «Вас ждут в чате» waits for the morning.
    const second = await world.control.createChat({ title: '5А родители второй', owner_id: CURATOR, link: chatLink('5А родители второй') });
    await world.control.addBot(second.chat_id, { by: CURATOR });
    await pressInDialog(world, CURATOR, 'чат родителей класса');
    const whichClass = await eventually(async () => {
      const m = (await world.control.botMessagesTo(CURATOR)).at(-1)!;
      expect(m.text).toContain('Какого класса');
      return m;
    });
    await world.control.pressByText(CURATOR, whichClass.mid, '5А');
    const heldTo = async (userId: number) =>
      (await world.app.services.outbox.queue.getDelayed()).filter((j) => j.data.messages.some((m) => 'userId' in m.to && m.to.userId === userId));
    await eventually(async () => expect((await heldTo(MARKER)).length).toBeGreaterThan(0));

    // The panel: an admin's session, a search by her name.
    const sessions = new SessionStore(world.redis, keys);
    const token = await sessions.open(ADMIN);
    const csrf = (await world.redis.hget(keys.webSession(createHash('sha256').update(token).digest('hex')), 'csrf'))!;
    const base = `http://127.0.0.1:${world.app.ops.port}/app`;
    const auth = { authorization: `Bearer ${token}` };
    const searched = await fetch(`${base}/search`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: csrf, page: '/people', q: 'Канареечкина' }).toString(),
      redirect: 'manual',
    });
    expect(searched.status).toBe(303);
    expect(await (await fetch(`${base}/people`, { headers: auth })).text()).toContain(NAME);
    // Statistics.
    const [stats] = await say(world, ADMIN, '/stats 7');
    expect(stats).toBeTruthy();

    // Before: she is everywhere, held messages included (the scan can find her).
    const held = await world.app.services.outbox.queue.getDelayed();
    expect(held.filter((j) => JSON.stringify(j.data).includes('Канареечк')).length).toBeGreaterThan(0);
    expect(held.some((j) => JSON.stringify(j.data).includes(TEXTS[0]!))).toBe(true);
    expect((await traces()).length).toBeGreaterThan(0);

    // A conversation left unfinished (its idle timer is a queued job).
    await say(world, MARKER, '/feedback');

    // She erases herself.
    const [explain] = await say(world, MARKER, '/forget');
    const [done] = await press(world, MARKER, explain!, T.confirm);
    expect(done!.text).toBe(T.done);
    await eventually(async () => expect(await members(world, parents)).not.toContain(MARKER));
    await eventually(async () => expect(await world.app.services.outbox.pendingCount()).toBe(0));

    // After: nothing, anywhere.
    expect(await traces()).toEqual([]);
    expect(await world.redis.scard(keys.erasuresPending)).toBe(0);
    // Her id: only in the audit log, and in the staff's notice that she left (queued after the erasure).
    const ids = await findEverywhere(world.redis, world.prefix, new RegExp(`(?<![\\d.])${MARKER}(?!\\d)`));
    const notice = async (key: string) =>
      (await world.redis.type(key)) === 'hash' && (await world.redis.hget(key, 'data'))?.includes(JSON.stringify(T.toStaff(MARKER)).slice(1, -1));
    const left: string[] = [];
    for (const f of ids) if (f.key !== keys.audit && !(await notice(f.key))) left.push(f.key);
    expect(left).toEqual([]);
    // The held messages of others stay (the broadcast's job, the staff's notices).
    expect((await world.app.services.outbox.queue.getDelayed()).length).toBeGreaterThan(0);
  }, 180_000);
});
