// What flows (XState machines) exchange with the outside world. Machines are pure:
// they receive FlowEvents and emit FlowEffects; the runner persists the snapshot and
// then has the bot perform the effects, once. Nothing is sent from inside a machine.
import type { AnyStateMachine } from 'xstate';
import type { IncomingMedia, PostMedia } from '../bot/media.js';
import type { UnitWord } from '../policy/unit-word.js';
import type { PostAudience } from '../policy/permissions.js';
import type { Role } from '../policy/roles.js';

/** A button in a flow's message: the runner turns `choice` into a callback payload bound to the flow's revision. */
export interface FlowButton {
  text: string;
  choice: string;
}

export type FlowEffect =
  /** A message to the flow's user. */
  | { type: 'say'; text: string; buttons?: FlowButton[][]; media?: PostMedia[]; verbatim?: boolean }
  /** Domain effects: performed by the bot layer (see src/bot/effects.ts). */
  | { type: 'feedback.save'; text: string }
  /** The join flow is complete: count the invite's use and file the request. */
  | { type: 'join.submit'; application: JoinApplication }
  /**
   * A person declined consent to personal-data processing (000 1.8): the refusal is recorded
   * (id and time) and the curator or the admins are told, so they can offer the alternatives.
   * Role, unit and name are absent in effects of flows stored before they were added.
   */
  | { type: 'consent.refused'; role?: Role | null; unitId?: string | null; fullName?: string }
  /** A reviewer rejects a join request, with an optional reason for the person. */
  | { type: 'request.reject'; requestId: string; reason: string }
  /** /later: deliver this text at the start of the next working period. */
  | { type: 'later.schedule'; chatId: number | null; text: string }
  /** /report: unauthorised access to, or a lost, account — the admins are alerted (001 4.5.2). */
  | { type: 'report.account'; kind: 'misuse' | 'lost' }
  /** /report: anything else, as the person wrote it, to the curator or the admins. */
  | { type: 'report.other'; text: string }
  /** /post confirmed: the broadcast service checks the permission again and queues it. */
  | { type: 'post.submit'; audience: PostAudience; text: string; media: PostMedia[] }
  /** /forget confirmed: erase what the bot keeps about the person. */
  | { type: 'person.forget' }
  /** /setup finished: the organisation's settings. */
  | { type: 'org.save'; name: string; timeZone: string; unitWord: UnitWord; week: 5 | 6; finalGrade: number; selfConsentGrade: number };

/** What the join flow collected. */
export interface JoinApplication {
  inviteCode: string | null;
  role: Role;
  unitId: string | null;
  fullName: string;
  child: { userId: number } | { name: string } | null;
}

export type FlowEvent =
  /** A message in the dialog; `media`: its photos, files and other attachments, if any. */
  | { type: 'text'; text: string; media?: IncomingMedia[] }
  | { type: 'choice'; choice: string }
  /** The flow was idle too long (sent by a delayed job, not an `after:` timer — those are not persisted). */
  | { type: 'timeout' };

export interface FlowDefinition {
  /** Stable id, part of Redis keys and callback payloads: [a-z]{1,12}. */
  id: string;
  /**
   * Bump when a change makes old snapshots unreadable; a stored snapshot of another
   * version is discarded and the person is asked to start again.
   */
  version: number;
  machine: AnyStateMachine;
  /** The command that starts it, for the "start again" hint. */
  command: string;
  idleTimeoutMs: number;
  /**
   * The flow's last step erases the person (/forget): its finished record is not kept
   * (that record would hold the id), at the price of a re-delivered last press being
   * answered as a stray one. A function decides by the last step's effects (e.g. only when
   * the join flow ends in a refusal of consent, whose effect carries the typed name).
   */
  leavesNoTrace?: boolean | ((effects: FlowEffect[]) => boolean);
}
