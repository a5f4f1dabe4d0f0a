// The journal's entries as a person reads them: names of people, classes and chats instead of
// the ids the log keeps (the log stores ids only, no personal data), and Russian words for the
// details (`role=parent unit=u1` → «роль: родитель; {unit}: 5А»).
import { RULE_TITLES_RU } from '../../policy/chat-policy.js';
import { RULE_IDS, type RuleId } from '../../policy/etiquette/index.js';
import { ROLE_TITLES_RU, ROLES, type Role } from '../../policy/roles.js';
import type { AuditEntry } from '../../store/audit-log.js';
import type { PanelServices } from '../services.js';

/** Russian names of the detail fields; a field not listed is shown as it is. */
const FIELD_RU: Record<string, string> = {
  role: 'роль',
  roles: 'роли',
  unit: '{unit}',
  from: 'откуда',
  to: 'куда',
  user: 'человек',
  child: 'ребёнок',
  chat: 'чат',
  kind: 'вид',
  change: 'изменение',
  uses: 'использований',
  days: 'дней',
  count: 'раз',
  rule: 'правило',
  people: 'людей',
  pupils: 'учеников',
  units: '{units}',
  created: 'создано',
  op: 'действие',
  timeZone: 'часовой пояс',
  week: 'дней в неделе',
  finalGrade: 'выпускной класс',
  selfConsentGrade: 'согласие сам с класса',
};

/** Flags stored as 0/1: what a 1 means (a 0 says nothing). */
const FLAG_RU: Record<string, string> = {
  deleted: 'сообщение удалено',
  removed: 'удалён из чата',
  unused: 'не использовано',
  archived: '{unit} в архиве',
  on: 'включено',
};

/** A user or chat id stored in the details (a number, or its digits). */
const idOf = (v: string | number | undefined): number | null => (typeof v === 'number' ? v : typeof v === 'string' && /^-?\d{1,20}$/.test(v) ? Number(v) : null);

const isRole = (v: unknown): v is Role => typeof v === 'string' && (ROLES as readonly string[]).includes(v);

export interface ReadableEntry {
  who: string;
  target: string;
  details: string;
}

/** Reads the names an entry list needs once, then renders each entry. */
export async function readableEntries(s: PanelServices, entries: AuditEntry[]): Promise<ReadableEntry[]> {
  const org = s.organisation;
  const userIds = new Set<number>();
  const chatIds = new Set<number>();
  for (const e of entries) {
    if (e.actor) userIds.add(e.actor);
    const [kind, id] = e.target.split(':');
    if (kind === 'user' && id) userIds.add(Number(id));
    if (kind === 'chat' && id) chatIds.add(Number(id));
    for (const k of ['user', 'child']) if (idOf(e.details[k]) !== null) userIds.add(idOf(e.details[k])!);
    if (idOf(e.details.chat) !== null) chatIds.add(idOf(e.details.chat)!);
  }
  const names = await org.people.fullNames([...userIds]);
  const units = new Map((await org.org.listUnits(true)).map((u) => [u.id, u.name]));
  const chats = new Map<number, string>();
  for (const id of chatIds) {
    const chat = await s.chats.store.get(id);
    if (chat?.title) chats.set(id, chat.title);
  }
  const person = (id: number) => names.get(id) ?? `id ${id}`;
  const unit = (id: string) => units.get(id) ?? id;
  const chat = (id: number) => (chats.has(id) ? `«${chats.get(id)}»` : `id ${id}`);

  const target = (t: string): string => {
    const i = t.indexOf(':');
    const kind = i < 0 ? t : t.slice(0, i);
    const id = i < 0 ? '' : t.slice(i + 1);
    switch (kind) {
      case 'user':
        return person(Number(id));
      case 'unit':
        return `{Unit} ${unit(id)}`;
      case 'chat':
        return `чат ${chat(Number(id))}`;
      case 'invite':
        return `приглашение ${id}…`;
      case 'request':
        return 'заявка';
      case 'broadcast':
        return 'рассылка';
      case 'org':
        return 'организация';
      default:
        return t;
    }
  };

  const value = (k: string, v: string | number): string | null => {
    if (v === '-' || v === '') return null;
    if (k in FLAG_RU) return v === 1 || v === '1' ? FLAG_RU[k]! : null;
    let shown: string;
    if (k === 'role' && isRole(v)) shown = ROLE_TITLES_RU[v];
    else if (k === 'roles' && typeof v === 'string') shown = v.split(',').map((r) => (isRole(r) ? ROLE_TITLES_RU[r] : r)).join(', ');
    else if (k === 'rule' && (RULE_IDS as readonly unknown[]).includes(v)) shown = RULE_TITLES_RU[v as RuleId];
    else if ((k === 'unit' || k === 'from' || k === 'to') && typeof v === 'string') shown = unit(v);
    else if ((k === 'user' || k === 'child') && idOf(v) !== null) shown = person(idOf(v)!);
    else if (k === 'chat' && idOf(v) !== null) shown = chat(idOf(v)!);
    else shown = String(v);
    return `${FIELD_RU[k] ?? k}: ${shown}`;
  };

  return entries.map((e) => ({
    who: e.actor === 0 ? 'бот' : person(e.actor),
    target: target(e.target),
    details: Object.entries(e.details)
      .map(([k, v]) => value(k, v))
      .filter((x): x is string => x !== null)
      .join('; '),
  }));
}
