// A college calls its units «группа» in /setup: every text people see names a group —
// /help, invites and their refusals, the join dialog, /members, /stats with its workbook.
import ExcelJS from 'exceljs';
import { afterEach, describe, expect, it } from 'vitest';
import { SETUP_TEXTS } from '../../src/flows/org/setup.js';
import { ADMIN, CURATOR } from '../chats/support.js';
import { createWorld, eventually, press, say, type World } from '../support/harness.js';
import { invite, open, workdayClock } from './support.js';

/** «класс» as a unit (not «классный руководитель», a role title). */
const CLASS_WORD = /класс(?!н)/i;

describe('the unit word of a college', () => {
  let world: World;
  afterEach(async () => world?.close());

  it('«группа» from /setup is in /help, invites, the join dialog, /members and /stats; «класс» is nowhere', async () => {
    world = await createWorld({ app: { now: workdayClock() } });
    await say(world, ADMIN, '/setup');
    const [zone] = await say(world, ADMIN, 'Колледж связи № 2');
    const [word] = await press(world, ADMIN, zone!, SETUP_TEXTS.keep);
    const [week] = await press(world, ADMIN, word!, 'группа');
    const [finalGrade] = await press(world, ADMIN, week!, SETUP_TEXTS.fiveDays);
    expect(finalGrade!.text).toBe(SETUP_TEXTS.askFinal(11));
    // A college's last course.
    const [consentGrade] = await say(world, ADMIN, '4');
    await press(world, ADMIN, consentGrade!, SETUP_TEXTS.keep);
    // /setup's own question lists the choices; from here on the college's word only.
    const afterSetup = await world.control.lastSeq();
    await say(world, ADMIN, '/unit add 1-ИС, 2-ИС');
    const org = world.app.organisation;
    await org.people.saveProfile(CURATOR, 'Петрова Анна Ивановна', Date.now());
    await org.people.putMembership(CURATOR, { role: 'teacher', unitId: null, status: 'verified', since: Date.now() });
    await org.org.addCurator((await org.org.findUnit('1-ИС'))!.id, CURATOR);

    const [help] = await say(world, ADMIN, '/help');
    expect(help!.text).toContain('/invite <роль> [группа]');
    expect(help!.text).toContain('Состав группы или организации');
    expect((await say(world, ADMIN, '/invite родитель'))[0]!.text).toContain('укажите группу');

    // The join dialog: the invite names the group, the consent lists it.
    const code = await invite(world, ADMIN, 'ученик 1-ИС');
    const intro = await open(world, 501, code);
    expect(intro.text).toContain('Роль: ученик, группа: 1-ИС.');
    const [askName2] = await press(world, 501, intro, 'Продолжить');
    expect(askName2!.text).toContain('фамилию');
    const [consent] = await say(world, 501, 'Смирнов Олег Петрович');
    expect(consent!.text).toContain('ФИО, роль, группу и id в MAX');

    const [members] = await say(world, CURATOR, '/members');
    expect(members!.text).not.toMatch(CLASS_WORD);
    expect((await say(world, CURATOR, '/members 2-ИС'))[0]!.text).toBe('Это не ваша группа: вы можете управлять только своими группами.');

    // /stats: the summary, the chart's caption and the workbook's sheet and header.
    const [summary, chart, , sheet] = await say(world, ADMIN, '/stats 7', 4);
    expect(summary!.text).toContain('По группам:');
    expect(chart!.text).toBe('Группы: люди и нарушения');
    const uploads = await world.control.uploads();
    const xlsx = uploads.find((u) => u.token === sheet!.attachmentTokens![0])!;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await world.control.uploadData(xlsx.id)).data as never);
    expect(wb.getWorksheet('По группам')!.getRow(1).getCell(1).value).toBe('Группа');

    // Nothing the bot said or put on a button names a «класс».
    await eventually(async () => expect(await world.app.services.outbox.pendingCount()).toBe(0));
    const said = (await world.control.messages({ fromBot: true, afterSeq: afterSetup })).flatMap((m) => [m.text ?? '', ...m.buttons.flat().map((b) => b.text)]);
    expect(said.filter((t) => CLASS_WORD.test(t))).toEqual([]);
  }, 60_000);
});
