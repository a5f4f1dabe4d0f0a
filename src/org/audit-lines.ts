// The audit log in words, for every place that shows it: /audit in the chat (auditLines), the
// panel's «Журнал» and the workbook (both through auditTexts). The words themselves come from
// one pure module (src/policy/audit-text.ts); here the names the entries need are read once.
import { auditIdsOf, auditLine, auditText, type AuditText } from '../policy/audit-text.js';
import { ruDateTime } from '../policy/dates.js';
import type { AuditEntry } from '../store/audit-log.js';
import type { Organisation } from './organisation.js';

/** A chat's title by its id (the chat store; null for a chat the bot does not know). */
export type ChatTitles = (chatId: number) => Promise<string | null>;

/** Each entry in words, the names read once for the whole list. */
export async function auditTexts(org: Organisation, chatTitle: ChatTitles, entries: readonly AuditEntry[]): Promise<AuditText[]> {
  const ids = auditIdsOf(entries);
  const people = await org.people.fullNames(ids.users);
  const units = await org.org.unitNames(ids.units);
  const chats = new Map(await Promise.all(ids.chats.map(async (id) => [id, await chatTitle(id)] as const)));
  const names = { person: (id: number) => people.get(id) ?? null, unit: (id: string) => units.get(id) ?? null, chat: (id: number) => chats.get(id) ?? null };
  return entries.map((e) => auditText(e, names));
}

/** /audit in the chat: one line an entry, «ДД.ММ.ГГГГ ЧЧ:ММ · кто · что (код) · кого · подробности». */
export async function auditLines(org: Organisation, chatTitle: ChatTitles, entries: AuditEntry[]): Promise<string[]> {
  const zone = (await org.org.settings()).timeZone;
  const texts = await auditTexts(org, chatTitle, entries);
  return entries.map((e, i) => auditLine(ruDateTime(e.at, zone), texts[i]!));
}
