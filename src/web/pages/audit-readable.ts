// The journal's entries as a person reads them: the same words as /audit in the chat and the
// workbook (src/policy/audit-text.ts), chats named by their titles from the chat store.
import { auditTexts } from '../../org/audit-lines.js';
import type { AuditText } from '../../policy/audit-text.js';
import type { AuditEntry } from '../../store/audit-log.js';
import type { PanelServices } from '../services.js';

export type ReadableEntry = AuditText;

/** Reads the names an entry list needs once, then renders each entry. */
export async function readableEntries(s: PanelServices, entries: AuditEntry[]): Promise<ReadableEntry[]> {
  return auditTexts(s.organisation, s.chats.title, entries);
}
