// /audit [N] [кто <id|ФИО>] [класс <название>] [вид <код или слово>] [xlsx]: which entries
// an administrator asks for. Names are resolved to ids here; the log itself holds ids only.
import { ROLES } from '../policy/roles.js';
import { normaliseUnitName } from '../policy/names.js';
import { AUDIT_ACTIONS_RU } from '../policy/audit-text.js';
import { ownWordsIn, UNIT_WORDS, withUnitWord } from '../policy/unit-word.js';
import type { AuditAction, AuditFilter } from '../store/audit-log.js';
import type { Organisation } from './organisation.js';
import { findPeople } from './people-search.js';

export const AUDIT_USAGE = '[N] [кто <id|ФИО>] [{unit} <название>] [вид <действие>] [таблица]';

export const AUDIT_TEXTS = ownWordsIn({
  personNotFound: (q: string) => `Не нашёл человека «${q}». Можно указать id (его показывает /me и выгрузка журнала: /audit таблица).`,
  unitNotFound: (q: string) => `Не нашёл {unit:acc} «${q}».`,
  kindNotFound: (q: string) => `Нет такого вида действий: «${q}». Например: заявка, чат, посторонний, рассылка, учебный год.`,
} as const);

export interface AuditQuery {
  count: number;
  filter: AuditFilter;
  /** Whether any filter was given (the export then says so). */
  filtered: boolean;
}

// «класс», «группа» or «объединение»: whichever word the organisation uses for its units.
const KEYWORDS = /(?:^|\s)(кто|класс|группа|объединение|вид)\s+/gi;

/** Splits the arguments into the count and the filter words; xlsx is handled by the caller. */
export function parseAuditArgs(args: string): { count: number; who?: string; unit?: string; kind?: string } {
  const text = args.trim();
  const first = text.search(KEYWORDS);
  const head = (first === -1 ? text : text.slice(0, first)).trim();
  const count = Math.min(100, Math.max(1, Number.parseInt(head || '20', 10) || 20));
  const out: { count: number; who?: string; unit?: string; kind?: string } = { count };
  const parts = [...text.matchAll(KEYWORDS)];
  parts.forEach((m, i) => {
    const start = m.index + m[0].length;
    const end = i + 1 < parts.length ? parts[i + 1]!.index : text.length;
    const value = text.slice(start, end).trim();
    const key = m[1]!.toLowerCase();
    if (key === 'кто') out.who = value;
    else if (key !== 'вид') out.unit = value;
    else out.kind = value;
  });
  return out;
}

/**
 * Actions whose code starts with the word (chat → chat.bound, chat.unbound, …) or whose Russian
 * title contains it. Titles name the unit by a mark: each is matched as any organisation words it.
 */
export function auditActionsFor(word: string): AuditAction[] {
  const norm = (s: string) => s.toLowerCase().replace(/ё/g, 'е');
  const w = norm(word.trim());
  const titled = (a: AuditAction) => UNIT_WORDS.some((u) => norm(withUnitWord(AUDIT_ACTIONS_RU[a], u)).includes(w));
  return (Object.keys(AUDIT_ACTIONS_RU) as AuditAction[]).filter((a) => a === w || a.startsWith(`${w}.`) || a.startsWith(w) || titled(a));
}

/** Resolves the words to ids; a Russian answer when something named is not found. */
export async function auditQuery(org: Organisation, unitChats: (unitId: string) => Promise<number[]>, args: string): Promise<AuditQuery | { reply: string }> {
  const p = parseAuditArgs(args);
  const filter: AuditFilter = {};
  if (p.who) {
    if (/^\d{1,15}$/.test(p.who)) filter.userIds = [Number(p.who)];
    else {
      const found = await findPeople(org, p.who, ROLES);
      if (found.length === 0) return { reply: AUDIT_TEXTS.personNotFound(p.who) };
      filter.userIds = found.map((f) => f.userId);
    }
  }
  if (p.unit) {
    // Archived units too: their history stays in the log.
    const norm = normaliseUnitName(p.unit);
    const unit = (await org.org.listUnits(true)).find((u) => normaliseUnitName(u.name) === norm);
    if (!unit) return { reply: AUDIT_TEXTS.unitNotFound(p.unit) };
    filter.unitId = unit.id;
    filter.unitChatIds = await unitChats(unit.id);
  }
  if (p.kind) {
    const actions = auditActionsFor(p.kind);
    if (actions.length === 0) return { reply: AUDIT_TEXTS.kindNotFound(p.kind) };
    filter.actions = actions;
  }
  return { count: p.count, filter, filtered: Boolean(p.who || p.unit || p.kind) };
}
