// The sanction ladder (003 9.2 «ограничение доступа»; SPEC §3.6): escalation per
// person per chat within a window (30 days by default). MAX cannot mute a member,
// so the bot's sanctions are: delete the message, explain privately, warn, inform
// the curator, and remove the member from the chat.
import type { RuleMode } from './chat-policy.js';

export const VIOLATION_WINDOW_DAYS = 30;

export interface SanctionInput {
  mode: RuleMode;
  /** How many violations this person has in this chat within the window, this one included. */
  count: number;
  /**
   * Employees are never sanctioned in public: their message is not deleted, they are not
   * named in the chat and never removed; they are told privately (a false alarm on a
   * teacher's message must not shame them in front of pupils), and a repeat is reported.
   */
  isStaff: boolean;
  /** The chat removes at the third violation without asking. */
  autoRemove: boolean;
  /** The bot may delete messages here. */
  canDelete: boolean;
}

export interface Sanction {
  deleteMessage: boolean;
  explainPrivately: boolean;
  warnInChat: boolean;
  informCurator: boolean;
  offerRemoval: boolean;
  removeNow: boolean;
}

const NONE: Sanction = { deleteMessage: false, explainPrivately: false, warnInChat: false, informCurator: false, offerRemoval: false, removeNow: false };

export function sanctionFor(i: SanctionInput): Sanction {
  if (i.mode === 'off') return NONE;
  if (i.mode === 'report') return { ...NONE, informCurator: true };
  if (i.isStaff) return { ...NONE, explainPrivately: true, informCurator: i.count >= 2 };
  const s: Sanction = { ...NONE, deleteMessage: i.mode === 'delete' && i.canDelete, explainPrivately: true };
  if (i.count >= 2) {
    s.warnInChat = true;
    s.informCurator = true;
  }
  if (i.count >= 3 && !i.isStaff) {
    if (i.autoRemove) s.removeNow = true;
    else s.offerRemoval = true;
  }
  return s;
}
