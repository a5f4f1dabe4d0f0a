// /setup, /unit, /units, /curator, /admin, /members, /move, /remove, /me, /audit —
// the organisation's structure and people (SPEC §3.1).
import { setupFlow } from '../flows/org/setup.js';
import { allowedCommands } from '../policy/permissions.js';
import { ROLES, STAFF_ROLES } from '../policy/roles.js';
import type { AuditFilter } from '../store/audit-log.js';
import type { Unit } from '../store/org-store.js';
import { AUDIT_USAGE, auditQuery } from './audit-query.js';
import { findPeople } from './people-search.js';
import { auditLines, type ChatTitles } from './audit-lines.js';
import type { RosterEntry } from '../store/people-store.js';
import type { Keyboard } from '../bot/outbox.js';
import { matchesQuery, pickerPage } from '../bot/picker.js';
import type { Command } from '../bot/commands/types.js';
import type { UpdateContext } from '../bot/context.js';
import type { Organisation } from './organisation.js';
import type { Structure } from './structure.js';
import { normaliseUnitName } from '../policy/names.js';
import { type CallbackAction, onPress } from '../bot/commands/types.js';
import { adminPage, appointAdmin, appointCurator, archiveUnit, curatorPage, movePerson, removePerson } from './buttons.js';
import { DENIALS, ORG_TEXTS as T, ROLE_TITLES_PLURAL_RU } from './texts.js';

/** "/unit rename 5 А 6 А": the longest leading words that name a unit, then the new name. */
async function splitUnitAndRest(org: Organisation, text: string): Promise<{ unit: Unit; rest: string } | null> {
  const words = text.trim().split(/\s+/);
  for (let n = words.length - 1; n >= 1; n--) {
    const unit = await org.org.findUnit(words.slice(0, n).join(' '));
    if (unit) return { unit, rest: words.slice(n).join(' ') };
  }
  return null;
}

async function rosterText(org: Organisation, unit: Unit, entries: RosterEntry[], listed: string[] = []): Promise<string> {
  const notJoined = [...listed].sort((a, b) => a.localeCompare(b, 'ru'));
  const tail = notJoined.length > 0 ? ['', T.notJoinedTitle(notJoined.length), ...notJoined.map((n) => `• ${n}`)] : [];
  if (entries.length === 0) return [T.membersTitle(unit.name), T.membersEmpty, ...tail].join('\n');
  const lines: string[] = [T.membersTitle(unit.name)];
  for (const role of ROLES) {
    const group = entries.filter((e) => e.membership.role === role).sort((a, b) => (a.fullName ?? '').localeCompare(b.fullName ?? '', 'ru'));
    if (group.length === 0) continue;
    lines.push(`${ROLE_TITLES_PLURAL_RU[role]} (${group.length}):`);
    for (const e of group) {
      const child = e.membership.children ? await org.childNames(e.membership.children) : null;
      lines.push(T.memberLine(e.fullName ?? `id ${e.userId}`, e.membership.status, child));
    }
  }
  return [...lines, ...tail].join('\n');
}

/** The teachers who may be appointed curators of `unit`, one page, optionally searched. */
export async function curatorPicker(org: Organisation, unit: Unit, query: string, page: number): Promise<{ text: string; keyboard: Keyboard } | null> {
  const teachers = await org.people.holders('teacher', 'verified');
  if (teachers.length === 0) return null;
  const names = await org.people.fullNames(teachers);
  const list = teachers
    .map((id) => ({ id, name: names.get(id) ?? `id ${id}` }))
    .filter((t) => !query || matchesQuery(t.name, query))
    .sort((a, b) => a.name.localeCompare(b.name, 'ru'));
  if (list.length === 0) return { text: T.nobodyFound(query), keyboard: [] };
  const p = pickerPage(list, page, (t) => ({ text: t.name, payload: appointCurator.encode(unit.id, t.id) }), {
    searched: query !== '',
    nextPayload: (n) => curatorPage.encode(unit.id, n),
  });
  return { text: [T.curatorPick(unit.name), p.narrow ? T.pickerNarrow(p.total) : ''].filter(Boolean).join('\n'), keyboard: p.keyboard };
}

/** Candidates to appoint (teachers, staff) or dismiss (admins), one page, optionally searched. */
export async function adminPicker(org: Organisation, op: 'add' | 'rm', query: string, page: number): Promise<{ text: string; keyboard: Keyboard } | null> {
  const admins = await org.people.holders('admin', 'verified');
  const ids =
    op === 'add'
      ? [...new Set([...(await org.people.holders('teacher', 'verified')), ...(await org.people.holders('staff', 'verified'))])].filter(
          (id) => !admins.includes(id),
        )
      : admins;
  if (ids.length === 0) return null;
  const names = await org.people.fullNames(ids);
  const list = ids
    .map((id) => ({ id, name: names.get(id) ?? `id ${id}` }))
    .filter((c) => !query || matchesQuery(c.name, query))
    .sort((a, b) => a.name.localeCompare(b.name, 'ru'));
  if (list.length === 0) return { text: T.nobodyFound(query), keyboard: [] };
  const p = pickerPage(list, page, (c) => ({ text: c.name, payload: appointAdmin.encode(op, c.id) }), {
    searched: query !== '',
    nextPayload: (n) => adminPage.encode(op, n),
  });
  return {
    text: [op === 'add' ? T.adminPickAdd : T.adminPickRemove, p.narrow ? T.pickerNarrow(p.total) : ''].filter(Boolean).join('\n'),
    keyboard: p.keyboard,
  };
}

/** Spreadsheet exports of /members and /audit (src/reports), when the arguments end with "xlsx". */
export interface StructureExports {
  wants(args: string): boolean;
  members(ctx: UpdateContext, args: string): Promise<void>;
  audit(ctx: UpdateContext, filter: AuditFilter): Promise<void>;
}

export interface StructureDeps {
  exports?: StructureExports;
  /** Create, rename, archive a unit, appoint a curator: one service for commands, buttons and the panel. */
  structure: Structure;
  /** The chats bound to a unit (for /audit класс …). */
  unitChats: (unitId: string) => Promise<number[]>;
  /** A chat's title (the log names chats by id). */
  chatTitle?: ChatTitles;
  /** Pupils on a unit's uploaded list who have not joined yet (/roster). */
  expected?: (unitId: string) => Promise<string[]>;
}

export function structureCommands(
  org: Organisation,
  { exports, structure, unitChats, chatTitle = async () => null, expected = async () => [] }: StructureDeps,
): Command[] {
  const deny = (ctx: UpdateContext, reason: keyof typeof DENIALS) => ctx.reply(DENIALS[reason]);
  // The uploaded lists are seen only by those who decide the class's requests (roster-texts: howTo).
  const listedFor = async (ctx: UpdateContext, unitId: string) =>
    allowedCommands(await org.actor(ctx.actor!.userId)).includes('requests') ? expected(unitId) : [];

  return [
    {
      name: 'setup',
      description: 'Настроить организацию',
      where: 'dialog',
      inMenu: false,
      permission: 'setup',
      async run(ctx) {
        const s = await org.org.settings();
        const week = (await org.hoursSettings()).days.includes(6) ? 6 : 5;
        await ctx.services.flows.start(
          ctx.actor!.userId,
          setupFlow.id,
          ctx.updateId,
          { name: s.name, timeZone: s.timeZone, unitWord: s.unitWord, week, finalGrade: s.finalGrade, selfConsentGrade: s.selfConsentGrade },
          ctx,
        );
      },
    },
    {
      name: 'unit',
      description: 'Создать, переименовать, архивировать или вернуть подразделение',
      where: 'dialog',
      inMenu: false,
      usage: 'добавить <названия через запятую> | переименовать <название> <новое> | архив <название> | вернуть <название>',
      permission: 'unit',
      async run(ctx, args) {
        const userId = ctx.actor!.userId;
        const m = /^(add|rename|archive|restore)\s+([\s\S]+)$/i.exec(args.trim());
        if (!m) return ctx.reply(T.unitUsage);
        const sub = m[1]!.toLowerCase();
        const rest = m[2]!.trim();
        if (sub === 'add') {
          // Several at once: "/unit add 1А, 1Б, 2А" (commas or semicolons).
          const names = rest
            .split(/[,;]/)
            .map((n) => n.trim())
            .filter(Boolean);
          if (names.length > 50) return ctx.reply(T.unitTooMany(50));
          const lines: string[] = [];
          for (const name of names) lines.push((await structure.createUnit(userId, name)).text);
          return ctx.reply(lines.join('\n'));
        }
        if (sub === 'archive') {
          const unit = await org.org.findUnit(rest);
          if (!unit) return ctx.reply(T.unitNotFound(rest));
          if (unit.staffRoom) return ctx.reply(T.staffRoomFixed);
          // Archiving takes people out of chats (and erases those left with no role): asked first.
          return ctx.reply(T.archiveConfirm(unit.name), [[{ text: T.archiveYes, payload: archiveUnit.encode(unit.id) }]]);
        }
        if (sub === 'restore') {
          const norm = normaliseUnitName(rest);
          const unit = (await org.org.listUnits(true)).find((u) => u.archived && normaliseUnitName(u.name) === norm);
          if (!unit) return ctx.reply(T.archivedNotFound(rest));
          return ctx.reply((await structure.restoreUnit(userId, unit)).text);
        }
        const split = await splitUnitAndRest(org, rest);
        if (!split?.rest) {
          // "/unit rename 5А" names the unit but not the new name.
          const whole = await org.org.findUnit(rest);
          if (whole) return ctx.reply(T.unitRenameNeedsName(whole.name));
          return ctx.reply(split ? T.unitUsage : T.unitNotFound(rest.split(/\s+/)[0] ?? rest));
        }
        ctx.reply((await structure.renameUnit(userId, split.unit, split.rest)).text);
      },
    },
    {
      name: 'units',
      description: 'Подразделения и их руководители',
      where: 'dialog',
      inMenu: false,
      permission: 'units',
      async run(ctx) {
        const units = await org.unitsInScope(ctx.actor!.userId, 'units');
        if (units.length === 0) return ctx.reply(T.unitsEmpty);
        const lines: string[] = [T.unitsTitle];
        for (const u of units) {
          const curators = await org.org.curators(u.id);
          const names = await org.people.fullNames(curators);
          if (u.staffRoom) {
            // The staff room's people are the organisation's staff (their roles name no unit).
            const staff = new Set<number>();
            for (const role of STAFF_ROLES) for (const id of await org.people.holders(role, 'verified')) staff.add(id);
            lines.push(T.unitLine(u.name, '', staff.size, 0));
            continue;
          }
          const roster = await org.people.roster(u.id);
          const verified = roster.filter((e) => e.membership.status === 'verified').length;
          lines.push(
            T.unitLine(
              u.name,
              curators.map((c) => names.get(c) ?? `id ${c}`).join(', '),
              verified,
              roster.length - verified,
              (await listedFor(ctx, u.id)).length,
            ),
          );
        }
        ctx.reply(lines.join('\n'));
      },
    },
    {
      name: 'curator',
      description: 'Назначить или снять классного руководителя',
      where: 'dialog',
      inMenu: false,
      usage: '<{unit}> | снять <{unit}>',
      permission: 'curator',
      async run(ctx, args) {
        if (!args.trim()) return ctx.reply(T.curatorUsage);
        // "/curator снять 5А [ФИО]" (canonical "remove"): takes the curatorship away.
        const removal = /^remove(?:\s+([\s\S]+))?$/i.exec(args.trim());
        if (removal) {
          const what = (removal[1] ?? '').trim();
          if (!what) return ctx.reply(T.curatorRemoveUsage);
          const whole = await org.org.findUnit(what);
          const split = whole ? { unit: whole, rest: '' } : await splitUnitAndRest(org, what);
          if (!split) return ctx.reply(T.unitNotFound(what));
          const ids = await org.org.curators(split.unit.id);
          const names = await org.people.fullNames(ids);
          const found = ids.filter((id) => !split.rest || matchesQuery(names.get(id) ?? '', split.rest));
          if (found.length === 0) return ctx.reply(split.rest ? T.nobodyFound(split.rest) : T.curatorNone(split.unit.name));
          if (found.length > 1)
            return ctx.reply(
              T.curatorWhich(
                split.unit.name,
                found.map((id) => names.get(id) ?? `id ${id}`),
              ),
            );
          const res = await structure.removeCurator(ctx.actor!.userId, split.unit, found[0]!);
          for (const m of res.messages) ctx.send(m);
          return ctx.reply(res.text);
        }
        // "/curator 5А" or "/curator 5А Петр" (a search among the teachers).
        const whole = await org.org.findUnit(args);
        const split = whole ? { unit: whole, rest: '' } : await splitUnitAndRest(org, args);
        if (!split) return ctx.reply(T.unitNotFound(args.trim()));
        const picker = await curatorPicker(org, split.unit, split.rest, 0);
        if (!picker) return ctx.reply(T.noTeachers);
        ctx.reply(picker.text, picker.keyboard);
      },
    },
    {
      name: 'admin',
      description: 'Назначить или снять администратора',
      where: 'dialog',
      inMenu: false,
      usage: 'назначить | снять',
      permission: 'admin',
      async run(ctx, args) {
        // "/admin add [поиск]", "/admin remove [поиск]".
        const m = /^(add|remove)(?:\s+([\s\S]+))?$/i.exec(args.trim());
        if (!m) return ctx.reply(T.adminUsage);
        const picker = await adminPicker(org, m[1]!.toLowerCase() === 'add' ? 'add' : 'rm', (m[2] ?? '').trim(), 0);
        if (!picker) return ctx.reply(T.adminNobody);
        ctx.reply(picker.text, picker.keyboard);
      },
    },
    {
      name: 'members',
      description: 'Состав {unit:gen} или организации',
      where: 'dialog',
      inMenu: false,
      usage: '[{unit}] [таблица]',
      permission: 'members',
      async run(ctx, args) {
        const userId = ctx.actor!.userId;
        if (exports?.wants(args)) return exports.members(ctx, args);
        if (args.trim()) {
          const unit = await org.org.findUnit(args);
          if (!unit) return ctx.reply(T.unitNotFound(args.trim()));
          const d = await org.authorize(userId, 'members', { unitId: unit.id });
          if (!d.ok) return deny(ctx, d.reason);
          return ctx.reply(await rosterText(org, unit, await org.people.roster(unit.id), await listedFor(ctx, unit.id)));
        }
        const d = await org.authorize(userId, 'members', { unitId: null });
        if (d.ok) {
          const lines: string[] = [T.membersOrgTitle];
          for (const role of STAFF_ROLES) {
            const ids = await org.people.holders(role);
            if (ids.length === 0) continue;
            const names = await org.people.fullNames(ids);
            lines.push(`${ROLE_TITLES_PLURAL_RU[role]} (${ids.length}):`);
            for (const id of ids) {
              const m = (await org.people.person(id))?.memberships.find((x) => x.role === role);
              if (m) lines.push(T.memberLine(names.get(id) ?? `id ${id}`, m.status, null));
            }
          }
          lines.push('', T.membersHint);
          return ctx.reply(lines.join('\n'));
        }
        // A curator without an argument: their own units.
        const units = await org.unitsInScope(userId, 'members');
        for (const u of units) ctx.reply(await rosterText(org, u, await org.people.roster(u.id), await listedFor(ctx, u.id)));
      },
    },
    {
      name: 'move',
      description: 'Перевести ученика в {другой|другую|другое} {unit:acc}',
      where: 'dialog',
      inMenu: false,
      usage: '<ФИО ученика>',
      permission: 'move',
      async run(ctx, args) {
        if (!args.trim()) return ctx.reply(T.moveUsage);
        const found = await findPeople(org, args, ['student']);
        if (found.length === 0) return ctx.reply(T.nobodyFound(args.trim()));
        const p = pickerPage(found, 0, (x) => ({ text: x.fullName, payload: movePerson.encode(x.userId) }), { searched: true, nextPayload: () => '' });
        ctx.reply([T.movePickPerson, p.narrow ? T.pickerNarrow(p.total) : ''].filter(Boolean).join('\n'), p.keyboard);
      },
    },
    {
      name: 'remove',
      description: 'Удалить человека из организации',
      where: 'dialog',
      inMenu: false,
      usage: '<ФИО>',
      permission: 'remove',
      async run(ctx, args) {
        if (!args.trim()) return ctx.reply(T.removeUsage);
        const found = await findPeople(org, args, ROLES);
        if (found.length === 0) return ctx.reply(T.nobodyFound(args.trim()));
        const p = pickerPage(found, 0, (x) => ({ text: x.fullName, payload: removePerson.encode(x.userId) }), { searched: true, nextPayload: () => '' });
        ctx.reply([T.removePick, p.narrow ? T.pickerNarrow(p.total) : ''].filter(Boolean).join('\n'), p.keyboard);
      },
    },
    {
      name: 'me',
      description: 'Мои роли и данные',
      where: 'dialog',
      inMenu: true,
      permission: 'me',
      async run(ctx) {
        const userId = ctx.actor!.userId;
        const person = await org.people.person(userId);
        const curated = await org.org.curatedUnits(userId);
        if (!person) return ctx.reply(`${T.meNothing}\n${T.meIds(userId)}`);
        const zone = (await org.org.settings()).timeZone;
        const lines: string[] = [T.meTitle];
        if (person.fullName) lines.push(T.meName(person.fullName));
        if (person.fullName && (await org.people.nameIsFromMax(userId))) lines.push(T.nameFromMax);
        for (const m of person.memberships) {
          lines.push(T.meRole(m.role, await org.unitName(m.unitId), m.status, person.fullName ?? null));
          const kids = await org.childNames(m.children);
          if (kids) lines.push(`  ${T.child(kids)}`);
        }
        if (curated.length > 0) lines.push(T.meCurates((await Promise.all(curated.map((u) => org.unitName(u)))).filter(Boolean).join(', ')));
        if (person.consentAt) lines.push(T.meConsent(T.ruDateTime(person.consentAt, zone)));
        lines.push(T.meIds(userId));
        ctx.reply(lines.join('\n'));
      },
    },
    {
      name: 'audit',
      description: 'Журнал действий',
      where: 'dialog',
      inMenu: false,
      usage: AUDIT_USAGE,
      permission: 'audit',
      async run(ctx, args) {
        const xlsx = exports?.wants(args) ?? false;
        const q = await auditQuery(org, unitChats, xlsx ? args.trim().replace(/\S+$/, '') : args);
        if ('reply' in q) return ctx.reply(q.reply);
        if (xlsx) return exports!.audit(ctx, q.filter);
        const entries = q.filtered ? await org.audit.search(q.filter, q.count) : await org.audit.latest(q.count);
        if (entries.length === 0) return ctx.reply(q.filtered ? T.auditNothingFound : T.auditEmpty);
        ctx.reply([T.auditTitle, ...(await auditLines(org, chatTitle, entries))].join('\n'));
      },
    },
  ];
}

/** «Да, в архив» under /unit архив: archives the unit (the permission is checked again). */
export function unitArchiveAction(org: Organisation, structure: Structure): CallbackAction {
  return onPress(archiveUnit, async (ctx, [unitId], message) => {
    const unit = await org.org.unit(unitId);
    if (!unit || unit.archived) return { notification: T.archiveGone, closeKeyboard: message.text ?? '' };
    const res = await structure.archiveUnit(ctx.actor!.userId, unit, `archive:${unit.id}:${ctx.updateId}`);
    ctx.reply(res.text);
    return { closeKeyboard: message.text ?? '' };
  });
}
