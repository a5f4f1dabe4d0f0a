// /stats through the sandbox with a real Redis: a seeded organisation (joins, a rejection,
// a consent refusal, chat messages, a violation), figures compared with counts taken
// independently from the audit log, the violation log and the people indexes.
import ExcelJS from 'exceljs';
import { afterEach, describe, expect, it } from 'vitest';
import { ROLES } from '../../src/policy/roles.js';
import { createKeys } from '../../src/store/keys.js';
import { ADMIN, CURATOR, bindChat, joinByLink, movableClock, setupSchool } from '../chats/support.js';
import { card, decide, invite, join, open } from '../org/support.js';
import { createWorld, eventually, press, say, type World } from '../support/harness.js';

const DIRECTOR = 5;
const HOUR = 3600_000;

/** The number after a label in the summary, e.g. figure(text, /подано (\d+)/). */
function figure(text: string, re: RegExp): number {
  const m = re.exec(text);
  if (!m) throw new Error(`${re} not in:\n${text}`);
  return Number(m[1]);
}

/** Width and height from a PNG's signature and IHDR chunk; throws when it is not a PNG. */
function pngSize(data: Buffer): { width: number; height: number } {
  expect(data.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
  expect(data.subarray(12, 16).toString('ascii')).toBe('IHDR');
  return { width: data.readUInt32BE(16), height: data.readUInt32BE(20) };
}

describe('/stats', () => {
  let world: World;
  afterEach(async () => world?.close());

  it('a director gets correct figures for 30 days, a curator only their class, periods move with the clock', async () => {
    const clock = movableClock();
    world = await createWorld({ app: { now: clock.now } });
    const keys = createKeys(world.prefix);
    const org = world.app.organisation;
    await setupSchool(world);
    await say(world, ADMIN, '/unit add 6Б');
    await org.people.saveProfile(DIRECTOR, 'Смирнова Ольга Петровна', clock.now());
    await org.people.putMembership(DIRECTOR, { role: 'director', unitId: null, status: 'verified', since: clock.now() });
    const students = await bindChat(world, CURATOR, '5А ученики', 'чат учеников класса', '5А');

    // Three invites; four join requests (two approved, one rejected, one waiting); one refusal.
    const s5 = await invite(world, CURATOR, 'ученик 5А');
    const p5 = await invite(world, CURATOR, 'родитель 5А');
    const s6 = await invite(world, ADMIN, 'ученик 6Б');
    await join(world, 20, s5, { name: 'Иванов Пётр' });
    await join(world, 21, s5, { name: 'Сидоров Илья' });
    await join(world, 40, s6, { name: 'Кузнецов Олег' });
    await card(world, CURATOR, 'Сидоров Илья');
    clock.advance(HOUR); // each decision comes an hour after its request
    await decide(world, CURATOR, 'Иванов Пётр', 'Подтвердить');
    await decide(world, ADMIN, 'Кузнецов Олег', 'Подтвердить');
    await decide(world, CURATOR, 'Сидоров Илья', 'Отклонить');
    await say(world, CURATOR, 'Такого ученика в классе нет');
    await join(world, 30, p5, { name: 'Иванова Мария', child: 'Иванов Пётр' });
    const intro = await open(world, 22, s5);
    const [askName] = await press(world, 22, intro, 'Продолжить');
    expect(askName!.text).toContain('фамилию');
    const [consent] = await say(world, 22, 'Орлов Денис');
    await press(world, 22, consent!, 'Не даю согласия');

    // Chat life: three messages, one of them breaking the messenger rule.
    await joinByLink(world, 20, students);
    await world.control.sendChatText(students, 20, 'Всем привет!');
    await world.control.sendChatText(students, 20, 'Завтра контрольная?');
    await world.control.sendChatText(students, 20, 'Ребята, го в телегу: t.me/klass5a');
    await eventually(async () => expect(await world.redis.zcard(keys.violationLog)).toBe(1));

    // Independent counts: the audit log, the people indexes, the violation log, chat placements.
    const audit = await org.audit.latest(1000);
    const acts = (action: string, unit?: string) => audit.filter((e) => e.action === action && (unit === undefined || e.details.unit === unit)).length;
    const u5 = (await org.org.findUnit('5А'))!.id;
    const holders = Object.fromEntries(await Promise.all(ROLES.map(async (r) => [r, await world.redis.scard(keys.roleHolders(r))] as const)));
    const waiting = await world.redis.zcard(keys.requestsPending);
    const placements = Object.values(await world.redis.hgetall(keys.chatPlacements(students))).map((j) => JSON.parse(j) as { state: string });
    expect([acts('request.created'), acts('request.approved'), acts('request.rejected'), waiting]).toEqual([4, 2, 1, 1]);

    const [summary, chart1, chart2, sheet] = await say(world, DIRECTOR, '/stats 30', 4);
    const text = summary!.text!;
    expect(text).toContain('Статистика организации за 30 дн.');
    expect(figure(text, /подано (\d+)/)).toBe(acts('request.created'));
    expect(figure(text, /одобрено (\d+)/)).toBe(acts('request.approved'));
    expect(figure(text, /отклонено (\d+)/)).toBe(acts('request.rejected'));
    expect(text).toContain('медиана до решения — 1 ч');
    expect(figure(text, /выдано (\d+)/)).toBe(acts('invite.created'));
    expect(figure(text, /использовано (\d+)/)).toBe(acts('invite.used'));
    expect(figure(text, /согласия на обработку данных: (\d+)/)).toBe(acts('consent.refused'));
    expect(acts('consent.refused')).toBe(1);
    expect(figure(text, /ученики (\d+)/)).toBe(holders.student);
    // The only parent waits for a decision: not counted under «Люди сейчас».
    expect(holders.parent).toBe(1);
    expect(text).not.toMatch(/Люди сейчас:[^\n]*родители/);
    expect(figure(text, /руководство (\d+)/)).toBe(holders.director);
    const memberships = Object.values(holders).reduce((s, n) => s + n, 0);
    expect(figure(text, /Подтверждено: (\d+)/)).toBe(memberships - waiting);
    expect(figure(text, /ждут подтверждения: (\d+)/)).toBe(waiting);
    expect(figure(text, /Сообщений в чатах: (\d+)/)).toBe(3);
    expect(figure(text, /запрещённые мессенджеры (\d+)/)).toBe(await world.redis.zcard(keys.violationLog));
    // Classes with their people, though only one has a violation; the staff room is not a class.
    expect(text).toContain('По классам: 5А — людей 1 (+1 ждут), нарушений 1; 6Б — людей 1, нарушений 0.');
    expect(text).not.toContain('Учительская');
    expect(figure(text, /чат учеников класса (\d+)/)).toBe(1);
    expect(figure(text, /должны состоять (\d+)/)).toBe(placements.filter((p) => !['removed', 'left'].includes(p.state)).length);
    expect(figure(text, /вступили (\d+)/)).toBe(placements.filter((p) => p.state === 'present').length);
    // Counts only: no children's names, no message texts.
    expect(text).not.toMatch(/Иванов|Сидоров|Кузнецов|Орлов|телег/);

    // Two charts as PNG images and a workbook, uploaded through the SDK.
    expect([chart1!.attachmentTypes, chart2!.attachmentTypes, sheet!.attachmentTypes]).toEqual([['image'], ['image'], ['file']]);
    const uploads = await world.control.uploads();
    for (const chart of [chart1!, chart2!]) {
      const up = uploads.find((u) => u.token === chart.attachmentTokens![0])!;
      const { data } = await world.control.uploadData(up.id);
      expect(pngSize(data)).toEqual({ width: 900, height: 500 });
    }
    const xlsx = uploads.find((u) => u.token === sheet!.attachmentTokens![0])!;
    expect(xlsx.filename).toBe('statistika-30d.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await world.control.uploadData(xlsx.id)).data as never);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Сводка', 'По классам', 'По дням', 'Нарушения', 'Чаты']);
    const rowsOf = (name: string) => (wb.getWorksheet(name)!.getSheetValues() as unknown[][]).filter(Boolean).map((r) => r.slice(1));
    expect(rowsOf('Сводка')).toContainEqual(['Заявки: подано', acts('request.created')]);
    expect(rowsOf('Сводка')).toContainEqual(['Сообщения в чатах', 3]);
    expect(rowsOf('По классам')[0]).toEqual(['Класс', 'Ученики', 'Родители', 'Учителя', 'Ждут подтверждения', 'Сообщения в чатах', 'Нарушения']);
    expect(
      rowsOf('По классам')
        .slice(1)
        .map((r) => [r[0], r[1], r[6]]),
    ).toEqual([
      ['5А', 1, 1],
      ['6Б', 1, 0],
    ]);
    // The median decision time is the same figure as in the message.
    expect(rowsOf('Сводка')).toContainEqual(['Медиана времени до решения по заявке', '1 ч']);
    const days = rowsOf('По дням').slice(1);
    expect(days).toHaveLength(30);
    // Dates are the organisation's calendar days (Moscow): the last row is "today" there.
    expect((days.at(-1)![0] as Date).toISOString().slice(0, 10)).toBe(
      new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Moscow' }).format(new Date(clock.now())),
    );
    expect(days.reduce((s, r) => s + (r[1] as number), 0)).toBe(3);

    // The curator sees their class only.
    const [own] = await say(world, CURATOR, '/stats', 4);
    const ownText = own!.text!;
    expect(ownText).toContain('Статистика: 5А за 30 дн.');
    expect(figure(ownText, /подано (\d+)/)).toBe(acts('request.created', u5));
    expect(figure(ownText, /одобрено (\d+)/)).toBe(acts('request.approved', u5));
    expect(figure(ownText, /ученики (\d+)/)).toBe(1);
    expect(figure(ownText, /выдано (\d+)/)).toBe(acts('invite.created', u5));
    expect(ownText).not.toContain('6Б');
    expect(ownText).not.toContain('согласия');

    // Period buttons; an unknown period gets the format.
    const [week] = await press(world, DIRECTOR, summary!, '7 дней', 4);
    expect(week!.text).toContain('за 7 дн.');
    const [typed] = await say(world, DIRECTOR, '/stats 8');
    expect(typed!.text).toContain('Формат: /stats');

    // Ten days later the week is empty and the month still holds everything.
    clock.advance(10 * 24 * HOUR);
    const [later7] = await say(world, DIRECTOR, '/stats 7', 4);
    expect(figure(later7!.text!, /подано (\d+)/)).toBe(0);
    expect(figure(later7!.text!, /Сообщений в чатах: (\d+)/)).toBe(0);
    const [later30] = await say(world, DIRECTOR, '/stats 30', 4);
    expect(figure(later30!.text!, /подано (\d+)/)).toBe(4);

    // Not for teachers, parents or guests.
    for (const who of [30, 77]) expect((await say(world, who, '/stats'))[0]!.text).toContain('недоступна');
  }, 90_000);
});
