// /members [класс] xlsx and /audit xlsx: spreadsheets uploaded through the SDK, reopened with exceljs.
import ExcelJS from 'exceljs';
import { afterEach, describe, expect, it } from 'vitest';
import { ADMIN, CURATOR, setupSchool } from '../chats/support.js';
import { decide, invite, join } from '../org/support.js';
import { createWorld, say, type World } from '../support/harness.js';

async function sheets(world: World, token: string): Promise<ExcelJS.Workbook> {
  const up = (await world.control.uploads()).find((u) => u.token === token)!;
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await world.control.uploadData(up.id)).data as never);
  return wb;
}
const rows = (wb: ExcelJS.Workbook, name: string) => (wb.getWorksheet(name)!.getSheetValues() as unknown[][]).filter(Boolean).map((r) => r.slice(1));

describe('spreadsheet exports', () => {
  let world: World;
  afterEach(async () => world?.close());

  it('members of a class, of the whole organisation, and the audit log with names and ids', async () => {
    world = await createWorld();
    await setupSchool(world);
    await join(world, 20, await invite(world, CURATOR, 'ученик 5А'), { name: 'Иванов Пётр' });
    await decide(world, CURATOR, 'Иванов Пётр', 'Подтвердить');

    const [classFile] = await say(world, CURATOR, '/members 5А xlsx');
    expect(classFile!.attachmentTypes).toEqual(['file']);
    const wb = await sheets(world, classFile!.attachmentTokens![0]!);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['5А']);
    expect(rows(wb, '5А')).toEqual([
      ['ФИО', 'ID в MAX', 'Роль', 'Статус', 'Дети', 'С какого времени'],
      ['Иванов Пётр', 20, 'ученик', 'подтверждён', undefined, expect.any(Date)], // no children: an empty cell
    ]);

    // A curator may not export another class; the whole organisation is for admins and the director.
    expect((await say(world, CURATOR, '/members 6Б xlsx'))[0]!.text).toContain('не ваш класс');
    const [orgFile] = await say(world, ADMIN, '/members xlsx');
    const all = await sheets(world, orgFile!.attachmentTokens![0]!);
    expect(all.worksheets.map((w) => w.name)).toEqual(['Сотрудники', 'Учительская', '5А', '6Б']);
    expect(rows(all, 'Сотрудники').map((r) => [r[0], r[1], r[2]])).toEqual(expect.arrayContaining([['Петрова Анна Ивановна', CURATOR, 'учитель']]));

    // People's words stay as written in a workbook that fills the unit-word marks.
    const u5 = (await world.app.organisation.org.findUnit('5А'))!.id;
    await world.app.organisation.people.saveProfile(21, '{Unit} Иван', Date.now());
    await world.app.organisation.people.putMembership(21, { role: 'student', unitId: u5, status: 'verified', since: Date.now() });
    const [braces] = await say(world, CURATOR, '/members 5А xlsx');
    expect(rows(await sheets(world, braces!.attachmentTokens![0]!), '5А').map((r) => r[0])).toContain('{Unit} Иван');

    const [auditFile] = await say(world, ADMIN, '/audit xlsx');
    const log = rows(await sheets(world, auditFile!.attachmentTokens![0]!), 'Журнал');
    expect(log[0]).toEqual(['Время', 'Кто', 'ID кто', 'Действие', 'Код действия', 'Кого или что', 'Подробности']);
    const approved = log.find((r) => r[4] === 'request.approved')!;
    expect(approved.slice(1, 4)).toEqual(['Петрова Анна Ивановна', CURATOR, 'заявка одобрена']);
    // The same words as /audit and the panel: the person by name, the unit by its name.
    expect(approved[5]).toBe('заявка: Иванов Пётр');
    expect(approved[6]).toBe('роль: ученик; класс: «5А»');
    expect((await say(world, CURATOR, '/audit xlsx'))[0]!.text).toContain('недоступна');
  }, 60_000);
});
