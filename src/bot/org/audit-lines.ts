// The audit log as /audit shows it in the chat: readable like the workbook — the action's
// Russian name, people and units by name (those who may run /audit see names anyway), dates
// ДД.ММ.ГГГГ ЧЧ:ММ; ids stay where no name is known.
import { RULE_TITLES_RU } from '../../policy/chat-policy.js';
import type { RuleId } from '../../policy/etiquette/index.js';
import { ROLE_TITLES_RU, type Role } from '../../policy/roles.js';
import { ruDateTime } from '../../policy/dates.js';
import { AUDIT_ACTIONS_RU } from '../../reports/texts.js';
import type { AuditAction, AuditEntry } from '../../store/audit-log.js';
import type { Organisation } from './organisation.js';
import { AUDIT_TEXTS as A } from './texts.js';

export async function auditLines(org: Organisation, entries: AuditEntry[]): Promise<string[]> {
  const zone = (await org.org.settings()).timeZone;
  const ids = new Set<number>();
  for (const e of entries) {
    if (e.actor) ids.add(e.actor);
    const m = /^user:(\d+)$/.exec(e.target);
    if (m) ids.add(Number(m[1]));
    if (typeof e.details.user === 'number') ids.add(e.details.user);
  }
  const names = await org.people.fullNames([...ids]);
  const units = new Map((await org.org.listUnits(true)).map((u) => [u.id, u.name]));
  const person = (id: number) => names.get(id) ?? `id ${id}`;
  const target = (t: string): string => {
    const [kind, id] = t.split(':') as [string, string | undefined];
    if (kind === 'user' && id) return person(Number(id));
    if (kind === 'unit' && id) return `«${units.get(id) ?? id}»`;
    if (kind === 'invite' && id) return A.invite(id);
    if (kind === 'chat' && id) return A.chat(id);
    if (kind === 'org') return A.org;
    return t;
  };
  const detail = (k: string, v: unknown): string | null => {
    if (k === 'unit' || k === 'from' || k === 'to') return typeof v === 'string' && v !== '-' ? `${A.keys[k]}: «${units.get(v) ?? v}»` : null;
    if (k === 'role' && typeof v === 'string') return `${A.keys.role}: ${ROLE_TITLES_RU[v as Role] ?? v}`;
    if (k === 'rule' && typeof v === 'string') return `${A.keys.rule}: ${RULE_TITLES_RU[v as RuleId] ?? v}`;
    if (k === 'user' && typeof v === 'number') return person(v);
    if (k === 'chat') return A.chat(String(v));
    if (v === 1 && k in A.flags) return A.flags[k] ?? null;
    if (v === 0 && k in A.flags) return null;
    return `${A.keys[k as keyof typeof A.keys] ?? k}: ${String(v)}`;
  };
  return entries.map((e) => {
    const who = e.actor === 0 ? A.bot : person(e.actor);
    // The code stays in brackets, as in the workbook's «Код действия»: /audit вид <код> filters by it.
    const what = AUDIT_ACTIONS_RU[e.action as AuditAction] ? `${AUDIT_ACTIONS_RU[e.action as AuditAction]} (${e.action})` : e.action;
    const details = Object.entries(e.details).map(([k, v]) => detail(k, v)).filter(Boolean).join(', ');
    return `${ruDateTime(e.at, zone)} · ${who} · ${what} · ${target(e.target)}${details ? ` · ${details}` : ''}`;
  });
}
