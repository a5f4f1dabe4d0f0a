// What a report consists of, built when its job runs: /stats (summary, two charts, a
// workbook), /members … xlsx and /audit xlsx. Permissions are checked again here: the
// job may run later than the command, and a role may have been taken away meanwhile.
import QRCode from 'qrcode';
import { statsPeriod } from './buttons.js';
import type { Keyboard } from '../bot/outbox.js';
import type { Organisation } from '../org/organisation.js';
import { DENIALS, ORG_TEXTS, ROLE_TITLES_PLURAL_RU, statusOf } from '../org/texts.js';
import { ROLE_TITLES_RU, STAFF_ROLES, type Role } from '../policy/roles.js';
import type { AuditFilter } from '../store/audit-log.js';
import { rosterTemplate } from '../org/roster.js';
import { auditTexts, type ChatTitles } from '../org/audit-lines.js';
import { ROSTER_TEXTS } from '../org/roster-texts.js';
import { ownWords, withUnitWord } from '../policy/unit-word.js';
import type { Unit } from '../store/org-store.js';
import { activityChart, classesChart } from './charts.js';
import { PERIODS } from '../policy/days.js';
import type { ReportPart, ReportRequest } from './delivery.js';
import type { StatsQuery, StatsScope } from './stats-query.js';
import { STATS_TEXTS as T } from './texts.js';
import { statsTables, wallClock, workbook, type Cell, type Table } from './workbook.js';

const AUDIT_EXPORT_MAX = 100_000;

/** People's words in a cell: kept as written when the workbook fills the unit-word marks. */
const own = (text: string | null | undefined): string | null => (text ? ownWords(text) : null);

/** Whole organisation or the person's own units; null when they may not see statistics. */
export async function statsScopeOf(org: Organisation, userId: number): Promise<{ scope: StatsScope; title: string; units: Unit[] } | null> {
  const d = await org.authorize(userId, 'stats');
  if (!d.ok) return null;
  if (d.scope === 'all') return { scope: { kind: 'all' }, title: T.titleAll, units: [] };
  const units = await org.unitsInScope(userId, 'stats');
  return { scope: { kind: 'units', unitIds: units.map((u) => u.id) }, title: T.titleOwn(units.map((u) => u.name)), units };
}

export function periodKeyboard(): Keyboard {
  return [PERIODS.map((d) => ({ text: T.periodButton(d), payload: statsPeriod.encode(d) }))];
}

export class ReportBuilder {
  constructor(
    private readonly org: Organisation,
    private readonly query: StatsQuery,
    /** A chat's title by its id (the log names chats by id). */
    private readonly chatTitle: ChatTitles = async () => null,
  ) {}

  build = async (r: ReportRequest): Promise<ReportPart[]> => {
    const parts = await this.parts(r);
    const word = await this.word();
    return parts.map((p) => ({ ...p, text: withUnitWord(p.text, word) }));
  };

  private async parts(r: ReportRequest): Promise<ReportPart[]> {
    if (r.kind === 'stats') return this.stats(r.userId, r.period);
    if (r.kind === 'members') return this.members(r.userId, r.unitId);
    if (r.kind === 'roster-template') return [{ text: ROSTER_TEXTS.templateCaption, file: await rosterTemplate(), fileName: ROSTER_TEXTS.templateFile }];
    if (r.kind === 'invite-qr') {
      // The same QR code the panel prints (src/web/pages/invites.ts), as a PNG uploaded through the SDK.
      const png = await QRCode.toBuffer(r.link, { type: 'png', width: 480, margin: 2, errorCorrectionLevel: 'M' });
      return [{ text: ORG_TEXTS.inviteQrCaption(r.link), image: png }];
    }
    return this.audit(r.userId, r.filter ?? {});
  }

  private async word() {
    return (await this.org.org.settings()).unitWord;
  }

  private async stats(userId: number, period: number): Promise<ReportPart[]> {
    const s = await statsScopeOf(this.org, userId);
    if (!s) return [{ text: DENIALS.not_allowed }];
    if (s.scope.kind === 'units' && s.scope.unitIds.length === 0) return [{ text: T.noUnits }];
    const f = await this.query.figures(period, s.scope, this.org.now());
    return [
      { text: T.summary(f, s.title), keyboard: periodKeyboard() },
      { text: T.chartClasses, image: await classesChart(f, withUnitWord(T.chartClasses, await this.word())) },
      { text: T.chartActivity, image: await activityChart(f, T.chartActivity) },
      { text: T.filesCaption, file: await workbook(statsTables(f), await this.word()), fileName: T.statsFile(period) },
    ];
  }

  private async members(userId: number, unitId: string | null): Promise<ReportPart[]> {
    const d = await this.org.authorize(userId, 'members', unitId ? { unitId } : {});
    if (!d.ok) return [{ text: DENIALS[d.reason] }];
    const units = unitId ? [await this.org.org.unit(unitId)].filter((u): u is Unit => u !== null) : await this.org.unitsInScope(userId, 'members');
    const zone = (await this.org.org.settings()).timeZone;
    const tables: Table[] = [];
    const headers = ['ФИО', 'ID в MAX', 'Роль', 'Статус', 'Дети', 'С какого времени'];
    if (!unitId && d.scope === 'all') {
      const rows: Cell[][] = [];
      for (const role of STAFF_ROLES) {
        const ids = await this.org.people.holders(role);
        const names = await this.org.people.fullNames(ids);
        for (const id of ids) {
          const m = (await this.org.people.person(id))?.memberships.find((x) => x.role === role && x.unitId === null);
          if (!m) continue;
          rows.push([own(names.get(id)), id, ROLE_TITLES_RU[role], statusOf(m.status, names.get(id) ?? null), null, wallClock(m.since, zone)]);
        }
      }
      tables.push({ sheet: ROLE_TITLES_PLURAL_RU.staff, headers, rows, widths: [36, 14, 22, 20, 30, 18] });
    }
    for (const u of units) {
      const roster = await this.org.people.roster(u.id);
      const rows: Cell[][] = [];
      for (const e of roster.sort((a, b) => (a.fullName ?? '').localeCompare(b.fullName ?? '', 'ru'))) {
        const m = e.membership;
        rows.push([
          own(e.fullName),
          e.userId,
          ROLE_TITLES_RU[m.role as Role],
          statusOf(m.status, e.fullName),
          own(await this.org.childNames(m.children)),
          wallClock(m.since, zone),
        ]);
      }
      tables.push({ sheet: ownWords(u.name), headers, rows, widths: [36, 14, 22, 20, 30, 18] });
    }
    if (tables.length === 0) return [{ text: T.exportEmpty }];
    return [{ text: T.membersCaption, file: await workbook(tables, await this.word()), fileName: T.membersFile }];
  }

  /** The audit log for the administrator: readable names next to the ids, which are kept. */
  private async audit(userId: number, filter: AuditFilter): Promise<ReportPart[]> {
    const d = await this.org.authorize(userId, 'audit');
    if (!d.ok) return [{ text: DENIALS[d.reason] }];
    const entries =
      Object.keys(filter).length > 0 ? await this.org.audit.search(filter, AUDIT_EXPORT_MAX, AUDIT_EXPORT_MAX) : await this.org.audit.latest(AUDIT_EXPORT_MAX);
    if (entries.length === 0) return [{ text: T.exportEmpty }];
    const zone = (await this.org.org.settings()).timeZone;
    // The same words as /audit in the chat and the panel's journal; the ids and the action's code
    // stay in columns of their own (/audit кто <id> and вид <код> filter by them).
    const texts = await auditTexts(this.org, this.chatTitle, entries);
    const rows: Cell[][] = entries.map((e, i) => {
      const t = texts[i]!;
      return [wallClock(e.at, zone), t.who, e.actor, t.what, e.action, t.target, t.details];
    });
    const table: Table = {
      sheet: 'Журнал',
      headers: ['Время', 'Кто', 'ID кто', 'Действие', 'Код действия', 'Кого или что', 'Подробности'],
      rows,
      widths: [18, 30, 12, 32, 20, 30, 50],
    };
    return [{ text: T.auditCaption, file: await workbook([table], await this.word()), fileName: T.auditFile }];
  }
}
