// Roster import: /roster sends a template; a filled file sent back is previewed, applied
// with a button, creates the classes and the expected pupils; joining pupils and parents
// are matched against the list on the reviewer's card; bad files are answered by row.
import ExcelJS from 'exceljs';
import { afterEach, describe, expect, it } from 'vitest';
import { ROSTER_TEXTS } from '../../src/org/roster-texts.js';
import { asSchool } from '../support/unit-word.js';
import type { MessageView } from '../../src/sandbox/control.js';
import { createWorld, eventually, say, type World } from '../support/harness.js';
import { archive, card, decide, invite, join, workdayClock } from './support.js';

const T = asSchool(ROSTER_TEXTS);

const ADMIN = 1;
const SURNAMES = ['Петров', 'Сидоров', 'Кузнецов', 'Смирнов', 'Попов'];
const NAMES = ['Иван', 'Олег', 'Глеб', 'Марк', 'Лев'];

async function xlsx(rows: string[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Лист1');
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Sends a file to the bot and waits for its answer. */
async function sendFile(world: World, userId: number, filename: string, data: Buffer): Promise<MessageView> {
  const after = await world.control.lastSeq();
  await world.control.sendFile(userId, filename, data);
  const [m] = await world.control.waitForMessages({ userId, fromBot: true }, { afterSeq: after, timeoutMs: 8000 });
  return m!;
}

describe('roster import', () => {
  let world: World;
  afterEach(async () => world?.close());

  it('3 classes and 75 pupils: template, preview, apply; joining pupils and parents are matched on the card', async () => {
    world = await createWorld({ app: { now: workdayClock() } });
    const [howTo] = await say(world, ADMIN, '/roster');
    expect(howTo!.text).toBe(T.howTo);
    const template = await eventually(async () => {
      const m = (await world.control.botMessagesTo(ADMIN)).find((x) => x.text === T.templateCaption);
      expect(m?.attachmentTypes).toEqual(['file']);
      return m!;
    });
    const up = (await world.control.uploads()).find((u) => u.token === template.attachmentTokens![0]!)!;
    const tpl = new ExcelJS.Workbook();
    await tpl.xlsx.load((await world.control.uploadData(up.id)).data as never);
    expect(tpl.worksheets[0]!.getRow(1).values).toEqual([undefined, 'Класс', 'Фамилия', 'Имя', 'Отчество']);

    const rows = [['Класс', 'Фамилия', 'Имя', 'Отчество']];
    for (const unit of ['5А', '5Б', '6А'])
      for (let i = 0; i < 25; i++) rows.push([unit, SURNAMES[i % 5]!, NAMES[Math.floor(i / 5)]!, i % 2 ? 'Сергеевич' : '']);
    const preview = await sendFile(world, ADMIN, 'spisok.xlsx', await xlsx(rows));
    expect(preview.text).toContain(T.previewTitle(3, 75));
    expect(preview.text).toContain(T.unitLine('5А', 25, true));
    expect(preview.text).toContain(T.row(2, '5А', 'Петров Иван'));
    await world.control.pressByText(ADMIN, preview.mid, T.apply);
    await eventually(async () => expect((await world.control.botMessagesTo(ADMIN)).find((m) => m.mid === preview.mid)!.text).toContain(T.applied(3, 3, 75)));
    const org = world.app.organisation;
    const u5 = (await org.org.findUnit('5А'))!.id;
    expect(await world.app.roster.store.expected(u5)).toHaveLength(25);
    expect((await org.audit.latest(10)).map((e) => e.action)).toContain('roster.imported');

    // A pupil on the list (no patronymic typed, ё/е) and one who is not.
    await join(world, 201, await invite(world, ADMIN, 'ученик 5А'), { name: 'Сидоров Иван Сергеевич' });
    expect((await card(world, ADMIN, 'Сидоров Иван Сергеевич')).text).toContain(T.cardListed('Сидоров Иван Сергеевич'));
    await join(world, 202, await invite(world, ADMIN, 'ученик 5А'), { name: 'Чужаков Пётр' });
    expect((await card(world, ADMIN, 'Чужаков Пётр')).text).toContain(T.cardNotListed('Чужаков Пётр'));
    // A parent typing the name of a pupil who has not joined yet.
    await join(world, 301, await invite(world, ADMIN, 'родитель 5А'), { name: 'Петрова Анна', child: 'Иван Петров' });
    expect((await card(world, ADMIN, 'Петрова Анна')).text).toContain(T.cardChildListed('Петров Иван'));
    // Verified: the pupil leaves the list.
    await decide(world, ADMIN, 'Сидоров Иван Сергеевич', 'Подтвердить');
    await eventually(async () => expect(await world.app.roster.store.expected(u5)).toHaveLength(24));
    expect(await world.app.roster.store.expected(u5)).not.toContain('Сидоров Иван Сергеевич');
    // Archived: the list goes with the class.
    await archive(world, ADMIN, '5А');
    expect(await world.app.roster.store.expected(u5)).toEqual([]);
  }, 90_000);

  it('bad files get a clear answer: the row and column, the type, without /roster first nothing happens', async () => {
    world = await createWorld({ app: { now: workdayClock() } });
    const before = await sendFile(world, ADMIN, 'list.csv', Buffer.from('5А;Иванов;Пётр;\n'));
    expect(before.text).not.toContain('В файле');
    expect(before.text).not.toContain(T.problems);
    await say(world, ADMIN, '/roster');
    await eventually(async () => expect((await world.control.botMessagesTo(ADMIN)).map((m) => m.text)).toContain(T.templateCaption));
    expect((await sendFile(world, ADMIN, 'list.txt', Buffer.from('x'))).text).toBe(T.wrongType);
    expect((await sendFile(world, ADMIN, 'list.xlsx', Buffer.from('not a zip'))).text).toBe(T.unreadableXlsx);
    const csv = '\uFEFFКласс;Фамилия;Имя;Отчество\n5А;Иванов;Пётр;\n5А;Смирнов;;Олегович\n5 Б;Ким;Ли7;\n';
    const answer = await sendFile(world, ADMIN, 'list.csv', Buffer.from(csv));
    expect(answer.text).toContain(T.problems);
    expect(answer.text).toContain('Строка 3, столбец «Имя»: пусто.');
    expect(answer.text).toContain('Строка 4, столбец «Имя»: только буквы, пробел, дефис и апостроф.');
    // Commas instead of semicolons.
    const good = await sendFile(world, ADMIN, 'list.csv', Buffer.from('Класс,Фамилия,Имя,Отчество\n7В,Орлова,Дарья,\n'));
    expect(good.text).toContain(T.previewTitle(1, 1));
    // Windows-1251, as Russian Excel saves CSV.
    const cp1251 = (t: string) =>
      Buffer.from(
        [...t].map((c) => {
          const code = c.codePointAt(0)!;
          return code >= 0x410 && code <= 0x44f ? code - 0x410 + 0xc0 : c === 'ё' ? 0xb8 : code;
        }),
      );
    const legacy = await sendFile(world, ADMIN, 'list.csv', cp1251('Класс;Фамилия;Имя;Отчество\n8Г;Зайцев;Артём;\n'));
    expect(legacy.text).toContain(T.row(2, '8Г', 'Зайцев Артём'));
    // A teacher is not asked: files from others are not rosters.
    expect((await world.app.organisation.authorize(5, 'roster')).ok).toBe(false);
  }, 60_000);
});
