// One readable description of every audit entry (src/policy/audit-text.ts): a table of every
// action the log records, with the details the code writes for it, rendered for a college; no
// raw id, English key or value may show, and people agree in gender.
import { describe, expect, it } from 'vitest';
import { AUDIT_ACTIONS_RU, auditIdsOf, auditLine, auditText, type AuditEntryIds, type AuditNames } from '../../src/policy/audit-text.js';
import { withUnitWord } from '../../src/policy/unit-word.js';
import type { AuditAction } from '../../src/store/audit-log.js';

const MAN = 5001;
const WOMAN = 5002;
const CHAT = -70012345;
const CHANNEL = -70054321;
const names: AuditNames = {
  person: (id) => (id === MAN ? 'Иванов Пётр Сергеевич' : id === WOMAN ? 'Козлова Вера Ивановна' : null),
  unit: (id) => ({ u1: '1-ИС', u2: '2-ИС', staff: 'Учительская' })[id] ?? null,
  chat: (id) => (id === CHAT ? 'Чат {ого|ой|ого} {Units}' : id === CHANNEL ? 'Новости' : null),
};

/** Every action with the target and details the code writes for it (see each `audit.append`). */
const ENTRIES: Record<AuditAction, Pick<AuditEntryIds, 'target' | 'details'>> = {
  'org.setup': { target: 'org', details: { timeZone: 'Europe/Moscow', week: 5, finalGrade: 4, selfConsentGrade: 1 } },
  'unit.created': { target: 'unit:u1', details: { roster: 1 } },
  'unit.renamed': { target: 'unit:u1', details: {} },
  'unit.restored': { target: 'unit:u1', details: {} },
  'unit.archived': { target: 'unit:u1', details: { people: 25 } },
  'curator.appointed': { target: `user:${WOMAN}`, details: { unit: 'u1' } },
  'curator.removed': { target: `user:${WOMAN}`, details: { unit: 'u1' } },
  'admin.appointed': { target: `user:${WOMAN}`, details: {} },
  'admin.dismissed': { target: `user:${MAN}`, details: {} },
  'invite.created': { target: 'invite:adrjNU', details: { role: 'parent', unit: 'u1', uses: 30, days: 7 } },
  'invite.used': { target: 'invite:adrjNU', details: { role: 'parent', unit: 'u1' } },
  'invite.revoked': { target: 'invite:adrjNU', details: { role: 'student', unit: 'u1', unused: 1, archived: 1 } },
  'invite.lapsed': { target: 'invite:adrjNU', details: { role: 'teacher', unit: '-', uses: 0 } },
  'invite.bad_codes': { target: `user:${MAN}`, details: { count: 5 } },
  'request.created': { target: 'request:r8f3k2', details: { user: WOMAN, role: 'parent', unit: 'u1' } },
  'request.approved': { target: 'request:r8f3k2', details: { user: WOMAN, role: 'parent', unit: 'u1' } },
  'request.rejected': { target: 'request:r8f3k2', details: { user: MAN, role: 'student', unit: 'u2' } },
  'person.moved': { target: `user:${WOMAN}`, details: { from: 'u1', to: 'u2' } },
  'person.removed': { target: `user:${MAN}`, details: { roles: 'student,parent' } },
  'consent.refused': { target: `user:${MAN}`, details: { unit: 'u1' } },
  'consent.parent': { target: `user:${MAN}`, details: { child: MAN, unit: 'u1' } },
  'consent.parent_refused': { target: `user:${MAN}`, details: { child: MAN, unit: 'u1' } },
  'consent.written': { target: `user:${MAN}`, details: { child: MAN, unit: 'u1' } },
  'chat.policy': { target: `chat:${CHAT}`, details: { change: 'autoremove' } },
  'security.report': { target: `user:${WOMAN}`, details: { kind: 'misuse' } },
  'numbers.added': { target: 'org', details: {} },
  'numbers.removed': { target: 'org', details: {} },
  'broadcast.sent': { target: 'broadcast:AbC123xyz', details: { audience: 'parents', units: 'u1,u2', recipients: 40, media: 'image,file' } },
  'child.linked': { target: `user:${WOMAN}`, details: { child: MAN, unit: 'u1' } },
  'hours.changed': { target: `chat:${CHAT}`, details: { change: 'off:2027-01-01' } },
  'person.forgotten': { target: `user:${WOMAN}`, details: { roles: 'parent' } },
  'year.rollover': { target: 'rollover:2027abc', details: { promoted: 3, graduated: 1, pupils: 70 } },
  'roster.imported': { target: 'org', details: { units: 2, created: 1, pupils: 50 } },
  'chat.bound': { target: `chat:${CHAT}`, details: { kind: 'unit_parents', unit: 'u1' } },
  'chat.unbound': { target: `chat:${CHAT}`, details: { unit: 'u1' } },
  'chat.readded': { target: `chat:${CHAT}`, details: { op: 'remind', count: 3, unit: 'u1' } },
  'stranger.removed': { target: `user:${WOMAN}`, details: { chat: CHAT, unit: 'u1' } },
  'stranger.kept': { target: `user:${MAN}`, details: { chat: CHAT, unit: '-' } },
  'activist.changed': { target: `user:${WOMAN}`, details: { role: 'parent', unit: 'u1', on: 1 } },
  'sanction.applied': { target: `user:${WOMAN}`, details: { chat: CHAT, unit: 'u1', rule: 'insult', count: 4, deleted: 1, removed: 1 } },
};

const shown = (e: AuditEntryIds) => withUnitWord(auditLine('06.12.2026 10:00', auditText(e, names)), 'группа');
const entry = (action: string, actor = MAN): AuditEntryIds => ({ at: 0, actor, action, ...ENTRIES[action as AuditAction] });

/** What must never show: ids, keys, codes, English words (the zone's name is the one Latin value). */
const RAW = [/request:|user:|unit:|chat:|invite:|broadcast:|rollover:/, /\bu\d+\b/, /[a-zA-Z_]+=/, /\d{5,}/, /[a-z]+\.[a-z_]+/, /\b[a-zA-Z_]{3,}\b/];

describe('the audit log in words', () => {
  it('the table covers every action the log records', () => {
    expect(Object.keys(ENTRIES).sort()).toEqual(Object.keys(AUDIT_ACTIONS_RU).sort());
  });

  it.each(Object.keys(ENTRIES))('%s reads with no raw id, key or English word', (action) => {
    // The chat's title is people's own words (kept as written, checked below); the zone is a name.
    // An invite is named by its code's first letters, as /revoke takes it.
    const text = shown(entry(action)).replace('Europe/Moscow', 'Москва').replaceAll(names.chat(CHAT)!, 'Чат').replace('приглашение adrjNU', 'приглашение');
    for (const raw of RAW) expect(text, text).not.toMatch(raw);
    expect(text).not.toMatch(/[\uE000-\uE003]/);
  });

  it('names people, units and chats; a chat title with braces is kept as written', () => {
    expect(shown(entry('request.approved', WOMAN))).toBe(
      '06.12.2026 10:00 · Козлова Вера Ивановна · заявка одобрена · заявка: Козлова Вера Ивановна · роль: родитель; группа: «1-ИС»',
    );
    expect(shown(entry('stranger.removed', 0))).toBe(
      '06.12.2026 10:00 · бот · посторонний удалён из чата · Козлова Вера Ивановна · чат «Чат {ого|ой|ого} {Units}»; группа: «1-ИС»',
    );
    expect(shown(entry('person.moved'))).toBe(
      '06.12.2026 10:00 · Иванов Пётр Сергеевич · перевод в другую группу · Козлова Вера Ивановна · откуда: «1-ИС»; куда: «2-ИС»',
    );
    expect(shown(entry('hours.changed'))).toContain('чат «Чат {ого|ой|ого} {Units}» · что изменено: выходной 01.01.2027');
    expect(shown(entry('broadcast.sent'))).toContain('рассылка · кому: родителям; группы: «1-ИС», «2-ИС»; получателей: 40; вложения: фото, файл');
  });

  it('words after a name agree with the person: «удалена из чата», «включена в актив»', () => {
    expect(shown(entry('sanction.applied', 0))).toContain(
      'Козлова Вера Ивановна · чат «Чат {ого|ой|ого} {Units}»; группа: «1-ИС»; правило: оскорбления и грубость; нарушений за 30 дней: 4; сообщение удалено; удалена из чата',
    );
    expect(shown(entry('activist.changed'))).toContain('включена в актив');
    const man = { ...entry('activist.changed'), target: `user:${MAN}`, details: { role: 'student', unit: 'u1', on: 0 } };
    expect(shown(man)).toContain('Иванов Пётр Сергеевич · роль: ученик; группа: «1-ИС»; исключён из актива');
  });

  it('someone the bot has no name for is not shown by id', () => {
    const text = shown({ at: 0, actor: 42, action: 'admin.appointed', target: 'user:43', details: {} });
    expect(text).toBe('06.12.2026 10:00 · человек без имени в боте · назначен администратор · человек без имени в боте');
  });

  it('lists the ids whose names an entry list needs', () => {
    const ids = auditIdsOf([entry('broadcast.sent'), entry('sanction.applied'), entry('request.approved', WOMAN)]);
    expect(ids.users.sort()).toEqual([MAN, WOMAN]);
    expect(ids.units.sort()).toEqual(['u1', 'u2']);
    expect(ids.chats).toEqual([CHAT]);
  });
});
