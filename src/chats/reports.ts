// The sync report a curator gets: who is missing, who does not belong, with buttons.
// The same report goes out at binding, by /sync and by the daily check.
import { createHash } from 'node:crypto';
import type { ChatRecord } from '../store/chat-store.js';
import { addMissing, remindJoin, strangerChoice } from './buttons.js';
import type { OutgoingMessage } from '../bot/outbox.js';
import type { Chats, SyncReport } from './chats.js';
import { CHAT_TEXTS as T } from './texts.js';

const MAX_STRANGER_BUTTONS = 20;

/** What a report found, for "report only changes" (the daily check compares it). */
export function syncDigest(report: SyncReport): string {
  return createHash('sha256')
    .update(JSON.stringify([[...report.missing].sort(), report.strangers.map((s) => s.userId).sort()]))
    .digest('hex');
}

export async function syncReportMessages(
  chats: Chats,
  chat: ChatRecord,
  report: SyncReport,
  to?: number[],
  title = T.syncTitle(chat.title),
): Promise<OutgoingMessage[]> {
  const lines = [title];
  const keyboard: Array<Array<{ text: string; payload: string }>> = [];
  if (report.missing.length === 0 && report.strangers.length === 0) lines.push(T.syncClean);
  if (report.missing.length > 0) {
    // Those who were sent the link and have not joined, apart from those never invited.
    const placements = await chats.store.placements(chat.chatId);
    const notJoined = report.missing.filter((id) => placements.get(id)?.state === 'link_sent');
    const others = report.missing.filter((id) => placements.get(id)?.state !== 'link_sent');
    const names = await chats.org.people.fullNames(report.missing);
    const named = (ids: number[]) => ids.map((id) => names.get(id) ?? `id ${id}`);
    if (notJoined.length > 0) {
      lines.push(T.syncNotJoined(named(notJoined)));
      keyboard.push([{ text: T.remindBtn, payload: remindJoin.encode(chat.chatId) }]);
    }
    if (others.length > 0) {
      lines.push(T.syncMissing(named(others)));
      keyboard.push([{ text: T.addMissingBtn, payload: addMissing.encode(chat.chatId, 'add') }]);
    }
  }
  if (report.strangers.length > 0) {
    lines.push(T.syncStrangers(report.strangers.map((s) => s.name || `id ${s.userId}`)));
    for (const s of report.strangers.slice(0, MAX_STRANGER_BUTTONS)) {
      keyboard.push([
        { text: T.removeWhoBtn(s.name || `id ${s.userId}`), payload: strangerChoice.encode(chat.chatId, s.userId, 'rm') },
        { text: T.keepBtn, payload: strangerChoice.encode(chat.chatId, s.userId, 'keep') },
      ]);
    }
  }
  const recipients = to ?? (await chats.responsible(chat));
  return recipients.map((userId) => ({ to: { userId }, text: lines.join('\n'), keyboard: keyboard.length > 0 ? keyboard : undefined }));
}
