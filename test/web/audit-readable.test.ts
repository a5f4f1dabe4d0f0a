// The journal reads an entry as a person would, and the same way in all three places that show
// it: /audit in the chat, the panel's «Журнал» and the workbook (/audit таблица) — people by name,
// units by name, chats by title, no request ids, chat ids or English keys.
import ExcelJS from 'exceljs';
import { afterEach, describe, expect, it } from 'vitest';
import { RULE_TITLES_RU } from '../../src/policy/chat-policy.js';
import { auditLine } from '../../src/policy/audit-text.js';
import { ruDateTime } from '../../src/policy/dates.js';
import { withUnitWord } from '../../src/policy/unit-word.js';
import type { AuditEntry } from '../../src/store/audit-log.js';
import { readableEntries } from '../../src/web/pages/audit-readable.js';
import type { PanelServices } from '../../src/web/services.js';
import { ADMIN, CURATOR, bindChat, setupSchool } from '../chats/support.js';
import { createWorld, say, type World } from '../support/harness.js';

const TITLE = 'Чат {ого|ой|ого} {Units}';
/** Raw details that must not show: ids, keys, codes. */
const RAW = /request:|user:|unit:|chat:|invite:|[a-zA-Z_]+=|\bu\d+\b|-?\d{5,}|[a-z]+\.[a-z_]+/;

describe('the journal in the panel', () => {
  let world: World | undefined;
  afterEach(async () => {
    await world?.close();
    world = undefined;
  });

  it('names the broken rule in Russian, not by its id', async () => {
    world = await createWorld();
    const services = { organisation: world.app.organisation, chats: world.app.chats } as unknown as PanelServices;
    const entry = {
      id: '1-0',
      at: Date.now(),
      actor: 0,
      action: 'sanction.applied',
      target: 'user:5001',
      details: { rule: 'profanity' },
    } as unknown as AuditEntry;
    const [shown] = await readableEntries(services, [entry]);
    expect(shown!.details).toBe(`правило: ${RULE_TITLES_RU.profanity}`);
  });

  it('/audit, the panel and the workbook say the same, with no raw ids', async () => {
    world = await createWorld();
    const w = world;
    await setupSchool(w);
    const org = w.app.organisation;
    const u5 = (await org.org.findUnit('5А'))!.id;
    const chatId = await bindChat(w, CURATOR, TITLE, 'чат родителей класса', '5А');
    await org.people.saveProfile(31, 'Козлова Вера Ивановна', Date.now());
    await org.people.putMembership(31, { role: 'parent', unitId: u5, status: 'verified', since: Date.now() });
    await org.audit.append(0, 'sanction.applied', 'user:31', { chat: chatId, unit: u5, rule: 'insult', count: 3, deleted: 1, removed: 1 });
    await org.audit.append(CURATOR, 'request.approved', 'request:abc123', { user: 31, role: 'parent', unit: u5 });
    await org.audit.append(CURATOR, 'chat.readded', `chat:${chatId}`, { op: 'remind', count: 2, unit: u5 });

    const entries = await org.audit.latest(6);
    const zone = (await org.org.settings()).timeZone;
    const panel = (await readableEntries({ organisation: org, chats: w.app.chats } as unknown as PanelServices, entries)).map((r) => ({
      who: withUnitWord(r.who, 'класс'),
      what: withUnitWord(r.what, 'класс'),
      target: withUnitWord(r.target, 'класс'),
      details: withUnitWord(r.details, 'класс'),
    }));
    // The chat: one line an entry, the same words.
    const chat = ((await say(w, ADMIN, '/audit 6'))[0]!.text ?? '').split('\n').slice(1);
    expect(chat).toEqual(entries.map((e, i) => auditLine(ruDateTime(e.at, zone), panel[i]!)));
    // The workbook: the same words in columns (the actor's id and the action's code in columns of their own).
    const [file] = await say(w, ADMIN, '/audit таблица');
    const up = (await w.control.uploads()).find((u) => u.token === file!.attachmentTokens![0]!)!;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await w.control.uploadData(up.id)).data as never);
    const rows = (wb.getWorksheet('Журнал')!.getSheetValues() as unknown[][])
      .filter(Boolean)
      .slice(1, 7)
      .map((r) => r.slice(1));
    expect(rows.map((r) => ({ who: r[1], what: r[3], target: r[5], details: r[6] ?? '' }))).toEqual(panel);

    // Words only: no action code, id or English key in the chat's lines.
    const all = chat.join('\n');
    expect(all).not.toMatch(RAW);
    expect(all).toContain(
      `бот · санкция за нарушение правил · Козлова Вера Ивановна · чат «${TITLE}»; класс: «5А»; правило: оскорбления и грубость; нарушений за 30 дней: 3; сообщение удалено; удалена из чата`,
    );
    expect(all).toContain('Петрова Анна Ивановна · заявка одобрена · заявка: Козлова Вера Ивановна · роль: родитель; класс: «5А»');
    expect(all).toContain(`недостающие приглашены в чат снова · чат «${TITLE}» · как: напомнили ссылкой; ещё не вступили: 2; класс: «5А»`);
  }, 60_000);
});
