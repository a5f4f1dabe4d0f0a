// The audit log: the chat acts are appended (ids only), and /audit filters by person, class
// and kind, in the dialog and in the spreadsheet.
import ExcelJS from 'exceljs';
import { afterEach, describe, expect, it } from 'vitest';
import { AUDIT_TEXTS, auditActionsFor, parseAuditArgs } from '../../src/org/audit-query.js';
import { ROLLOVER_TEXTS } from '../../src/lifecycle/rollover-texts.js';
import { auditMatches, type AuditAction, type AuditEntry } from '../../src/store/audit-log.js';
import { AUDIT_ACTIONS_RU } from '../../src/reports/texts.js';
import { withUnitWord } from '../../src/policy/unit-word.js';
import { ADMIN, CURATOR, bindChat, setupSchool } from '../chats/support.js';
import { createWorld, eventually, say, type World } from '../support/harness.js';
import { workdayClock } from './support.js';

const entry = (e: Partial<AuditEntry>): AuditEntry => ({ id: '1-0', at: 0, actor: 1, action: 'chat.bound', target: 'chat:5', details: {}, ...e });

describe('/audit filters (pure)', () => {
  it.each([
    ['', { count: 20 }],
    ['50', { count: 50 }],
    ['кто Иванов Пётр класс 5 А', { count: 20, who: 'Иванов Пётр', unit: '5 А' }],
    ['группа 1-ИС вид чат', { count: 20, unit: '1-ИС', kind: 'чат' }],
    ['10 вид chat кто 42', { count: 10, kind: 'chat', who: '42' }],
    ['500', { count: 100 }],
  ])('parses «%s»', (args, expected) => {
    expect(parseAuditArgs(args)).toEqual(expected);
  });

  it('a kind is a code prefix or a word of the Russian title', () => {
    expect(auditActionsFor('chat')).toEqual(expect.arrayContaining(['chat.bound', 'chat.unbound', 'chat.policy', 'chat.readded']));
    expect(auditActionsFor('chat')).not.toContain('stranger.kept');
    expect(auditActionsFor('person.removed')).toEqual(['person.removed']);
    expect(auditActionsFor('посторонний')).toEqual(['stranger.removed', 'stranger.kept']);
    // Titles that name the unit by a mark are found by the word as a school or a college says it.
    expect(auditActionsFor('список классов')).toEqual(['roster.imported']);
    expect(auditActionsFor('список групп')).toEqual(['roster.imported']);
    expect(auditActionsFor('перевод в другую группу')).toContain('person.moved');
    expect(auditActionsFor('нет-такого')).toEqual([]);
    // The hints show Russian words only, and each one finds something.
    const examples = AUDIT_TEXTS.kindNotFound('x').split('Например: ')[1]!.replace(/\.$/, '').split(', ');
    expect(examples.length).toBeGreaterThan(2);
    for (const w of examples) {
      expect(w).toMatch(/^[а-яё ]+$/);
      expect(auditActionsFor(w).length, w).toBeGreaterThan(0);
    }
    const rollover = ROLLOVER_TEXTS.done(1, 1, 1).split('/audit вид ')[1]!;
    expect(rollover).toMatch(/^[а-яё ]+$/);
    expect(auditActionsFor(rollover)).toEqual(['year.rollover']);
  });

  it.each([
    [entry({ actor: 7 }), { userIds: [7] }, true],
    [entry({ target: 'user:7' }), { userIds: [7] }, true],
    [entry({ details: { user: 7 } }), { userIds: [7] }, true],
    [entry({ details: { user: 77 } }), { userIds: [7] }, false],
    [entry({ target: 'unit:u3' }), { unitId: 'u3' }, true],
    [entry({ details: { from: 'u3', to: 'u4' } }), { unitId: 'u4' }, true],
    [entry({ target: 'chat:5' }), { unitId: 'u3', unitChatIds: [5] }, true],
    [entry({ target: 'user:9', details: { chat: 5 } }), { unitId: 'u3', unitChatIds: [5] }, true],
    [entry({ target: 'chat:6' }), { unitId: 'u3', unitChatIds: [5] }, false],
    [entry({ action: 'chat.bound' }), { actions: ['chat.unbound'] }, false],
    [entry({ actor: 7, target: 'chat:5' }), { userIds: [7], unitId: 'u3', unitChatIds: [5], actions: ['chat.bound'] }, true],
  ] as const)('%o matches %o: %s', (e, f, expected) => {
    expect(auditMatches(e, { ...f } as never)).toBe(expected);
  });
});

describe('/audit through the bot', () => {
  let world: World;
  afterEach(async () => world?.close());

  it('chat acts are in the log; /audit filters by person, class and kind; the export follows the filter', async () => {
    world = await createWorld({ app: { now: workdayClock() } });
    await setupSchool(world);
    const org = world.app.organisation;
    const u5 = (await org.org.findUnit('5А'))!.id;
    await org.people.saveProfile(31, 'Активная Мария', Date.now());
    await org.people.putMembership(31, { role: 'parent', unitId: u5, status: 'verified', since: Date.now() });
    const chatId = await bindChat(world, CURATOR, '5А родители', 'чат родителей класса', '5А');
    // A stranger joins, the curator keeps them as a guest.
    await world.control.createUser({ user_id: 99, first_name: 'Незнакомец' });
    await world.control.addMember(chatId, 99, { viaLink: true });
    const report = await eventually(async () => {
      const m = (await world.control.botMessagesTo(CURATOR)).find((x) => x.text?.includes('Незнакомец'));
      expect(m).toBeTruthy();
      return m!;
    });
    await world.control.pressByText(CURATOR, report.mid, 'Оставить гостем');
    const [pick] = await say(world, CURATOR, '/activist Активная');
    await world.control.pressByText(CURATOR, pick!.mid, 'Активная Мария (родитель, 5А)');
    await eventually(async () =>
      expect((await org.audit.latest(50)).map((e) => e.action)).toEqual(expect.arrayContaining(['chat.bound', 'stranger.kept', 'activist.changed'])),
    );
    await world.control.sendChatText(chatId, CURATOR, '/unbind');
    await eventually(async () => expect((await org.audit.latest(50)).map((e) => e.action)).toContain('chat.unbound'));

    const lines = async (args: string) => ((await say(world, ADMIN, `/audit ${args}`))[0]!.text ?? '').split('\n').slice(1);
    const byCurator = await lines('кто Петрова');
    expect(byCurator.length).toBeGreaterThanOrEqual(4);
    // Readable like the workbook: the date ДД.ММ.ГГГГ, people by name, actions in Russian.
    expect(byCurator.every((l) => /^\d{2}\.\d{2}\.\d{4} \d{2}:\d{2} · Петрова Анна Ивановна · /.test(l))).toBe(true);
    const ru = (a: AuditAction) => withUnitWord(AUDIT_ACTIONS_RU[a], 'класс');
    expect(await lines('кто 99')).toEqual([expect.stringContaining(`${ru('stranger.kept')} · `)]);
    const ofClass = await lines('класс 5А');
    expect(ofClass.map((l) => l.split(' · ')[2])).toEqual(
      (['chat.unbound', 'activist.changed', 'stranger.kept', 'chat.bound', 'unit.created'] as const).map(ru),
    );
    expect(ofClass.join('\n')).not.toMatch(/unit=|role=|user:|unit:u|chat:|[a-z]+\.[a-z]+|-?\d{5,}/);
    expect(ofClass.at(-1)).toContain('· Класс «5А»');
    // Chats by title, not by id.
    expect(ofClass[0]).toContain('· чат «5А родители» ·');
    expect((await lines('вид chat')).map((l) => l.split(' · ')[2])).toEqual((['chat.unbound', 'chat.bound'] as const).map(ru));
    expect((await lines('вид актив класс 5А')).map((l) => l.split(' · ')[2])).toEqual([ru('activist.changed')]);
    expect((await say(world, ADMIN, '/audit кто Никтоев'))[0]!.text).toContain('Не нашёл человека');
    expect((await say(world, ADMIN, '/audit вид zzz'))[0]!.text).toContain('Нет такого вида');
    expect((await say(world, ADMIN, '/audit класс 5А вид invite'))[0]!.text).toBe('В журнале нет таких записей.');

    const [file] = await say(world, ADMIN, '/audit класс 5А вид chat xlsx');
    const up = (await world.control.uploads()).find((u) => u.token === file!.attachmentTokens![0]!)!;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await world.control.uploadData(up.id)).data as never);
    const codes = (wb.getWorksheet('Журнал')!.getSheetValues() as unknown[][])
      .filter(Boolean)
      .slice(1)
      .map((r) => r[5]);
    expect(codes).toEqual(['chat.unbound', 'chat.bound']);
  }, 60_000);
});
