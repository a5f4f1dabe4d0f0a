// Spreadsheets (.xlsx, built with exceljs): one sheet per table, Russian headers.
// Excel has no time zones: a moment is written as the organisation's wall-clock time.
import { ownWords, withUnitWord, type UnitWord } from '../policy/unit-word.js';
// exceljs loads on first use, not at the process's start (about a second of start-up CPU).
import type ExcelJS from 'exceljs';

const loadExcel = async (): Promise<typeof ExcelJS> => (await import('exceljs')).default;
import { CHAT_KIND_TITLES_RU, type ChatKind } from '../policy/chat-membership.js';
import type { RuleId } from '../policy/etiquette/index.js';
import { ROLES } from '../policy/roles.js';
import type { StatsFigures } from './stats-query.js';
import { METRIC_TITLES_RU, RULE_TITLES_RU, ROLE_SHORT_RU, decisionTime } from './texts.js';

export type Cell = string | number | Date | null;

export interface Table {
  /** Sheet name: at most 31 characters, no []:*?/\ (cut and cleaned here). */
  sheet: string;
  headers: string[];
  rows: Cell[][];
  /** Column widths in characters (optional). */
  widths?: number[];
}

/** The organisation's wall-clock time of a moment, as a Date whose UTC fields show it (for Excel). */
export function wallClock(at: number, zone: string): Date {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: zone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(at));
  const n = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return new Date(Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute'), n('second')));
}

/** A calendar day "YYYY-MM-DD" as an Excel date. */
export function dayCell(day: string): Date {
  return new Date(`${day}T00:00:00Z`);
}

/**
 * The workbook of these tables; sheet names, headers and texts get the organisation's unit word.
 * Cells with people's words (names, unit names) come in protected (ownWords), so they stay as written.
 */
export async function workbook(tables: Table[], word: UnitWord): Promise<Buffer> {
  const w = (v: string) => withUnitWord(v, word);
  const wb = new (await loadExcel()).Workbook();
  wb.creator = 'sferum-max-bot';
  const used = new Set<string>();
  for (const t of tables) {
    let name =
      w(t.sheet)
        .replace(/[[\]:*?/\\]/g, ' ')
        .slice(0, 31)
        .trim() || 'Лист';
    for (let i = 2; used.has(name.toLowerCase()); i++) name = `${name.slice(0, 27)} (${i})`;
    used.add(name.toLowerCase());
    const ws = wb.addWorksheet(name);
    ws.addRow(t.headers.map(w)).font = { bold: true };
    for (const r of t.rows) ws.addRow(r.map((c) => (typeof c === 'string' ? w(c) : c)));
    ws.columns.forEach((col, i) => {
      col.width = t.widths?.[i] ?? Math.max(12, Math.min(50, (t.headers[i]?.length ?? 10) + 2));
    });
    // Dates and times in a Russian-readable format.
    ws.eachRow((row, n) => {
      if (n === 1) return;
      row.eachCell((cell) => {
        if (cell.value instanceof Date) cell.numFmt = cell.value.getUTCHours() || cell.value.getUTCMinutes() ? 'dd.mm.yyyy hh:mm' : 'dd.mm.yyyy';
      });
    });
    ws.views = [{ state: 'frozen', ySplit: 1 }];
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The tables of /stats: summary, classes, days, rules, chats. */
export function statsTables(f: StatsFigures): Table[] {
  const metrics = (Object.keys(METRIC_TITLES_RU) as Array<keyof typeof METRIC_TITLES_RU>).filter(
    (m) => f.scope.kind === 'all' || !['consent.refused', 'person.removed'].includes(m),
  );
  return [
    {
      sheet: 'Сводка',
      headers: ['Показатель', 'Значение'],
      widths: [50, 14],
      rows: [
        ['Период с', dayCell(f.days[0]!)],
        ['Период по', dayCell(f.days.at(-1)!)],
        ...ROLES.map((r): Cell[] => [`Люди сейчас: ${ROLE_SHORT_RU[r]}`, f.byRole[r]]),
        ['Подтверждено', f.verified],
        ['Ждут подтверждения', f.waiting],
        ...metrics.map((m): Cell[] => [METRIC_TITLES_RU[m], f.totals[m]]),
        ['Медиана времени до решения по заявке', decisionTime(f.medianDecisionMs)],
        ['Чаты: должны состоять', f.chats.belong],
        ['Чаты: вступили', f.chats.joined],
        ['Чаты без нужных прав бота', f.chats.missingRights],
      ],
    },
    {
      sheet: 'По {units:dat}',
      headers: ['{Unit}', 'Ученики', 'Родители', 'Учителя', 'Ждут подтверждения', 'Сообщения в чатах', 'Нарушения'],
      rows: f.units.map((u) => [ownWords(u.name), u.byRole.student ?? 0, u.byRole.parent ?? 0, u.byRole.teacher ?? 0, u.waiting, u.messages, u.violations]),
    },
    {
      sheet: 'По дням',
      headers: ['Дата', 'Сообщения в чатах', 'Другие события'],
      rows: f.daily.map((d) => [dayCell(d.day), d.messages, d.events]),
    },
    {
      sheet: 'Нарушения',
      headers: ['Правило', 'Количество', 'Отмечено «Это ошибка»'],
      widths: [30, 14, 24],
      rows: (Object.keys(RULE_TITLES_RU) as RuleId[]).map((r) => [RULE_TITLES_RU[r], f.violationsByRule[r], f.falseAlarmsByRule[r]]),
    },
    {
      sheet: 'Чаты',
      headers: ['Вид чата', 'Привязано'],
      widths: [45, 12],
      rows: Object.entries(f.chats.boundByKind).map(([k, n]) => [CHAT_KIND_TITLES_RU[k as ChatKind], n]),
    },
  ];
}
