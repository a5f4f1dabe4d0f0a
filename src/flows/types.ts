// What flows (XState machines) exchange with the outside world. Machines are pure:
// they receive FlowEvents and emit FlowEffects; the runner persists the snapshot and
// then has the bot perform the effects, once. Nothing is sent from inside a machine.
import type { AnyStateMachine } from 'xstate';
import type { IncomingMedia, PostMedia } from '../bot/media.js';

/** A button in a flow's message: the runner turns `choice` into a callback payload bound to the flow's revision. */
export interface FlowButton {
  text: string;
  choice: string;
}

/**
 * The domain effects, by type: performed by the bot layer (see src/bot/effects.ts), each by the
 * feature that owns it. Empty here: each feature declares its own effects in its folder
 * (`<feature>/effects.ts`) by declaration merging, e.g.
 *   declare module '../flows/types.js' { interface DomainEffects { 'feedback.save': { text: string } } }
 */
// biome-ignore lint/suspicious/noEmptyInterface: filled by declaration merging in each feature's effects.ts
export interface DomainEffects {}

/** One domain effect: `type` is its name in DomainEffects. */
export type DomainEffect = { [T in keyof DomainEffects]: { type: T } & DomainEffects[T] }[keyof DomainEffects];

export type FlowEffect =
  /** A message to the flow's user. */
  { type: 'say'; text: string; buttons?: FlowButton[][]; media?: PostMedia[]; verbatim?: boolean } | DomainEffect;

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
