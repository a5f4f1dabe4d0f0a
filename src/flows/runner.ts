// Runs persisted XState flows. For every event: restore the actor from Redis, send
// the event, and commit the step: the new snapshot (or the finished flow's last
// step) in ONE Redis transaction. Domain effects (a request filed, an invite use
// counted) are performed just before that transaction, idempotently under the
// step's key: a crash before the commit re-runs the same step from the same snapshot
// when the update is handled again (the inbox keeps it until then), which repeats
// nothing; a crash after it finds the event recorded and only re-queues what is
// idempotent anyway.
// The step's messages go out with the acknowledgement of the update that took the step
// (StepReplies), like the update's other replies: stored in the step's transaction they
// would be sent while the update still writes (the timeout job, the button's answer, the
// acknowledgement), and a crash there, with a message sent but not yet marked sent, sends
// it again after the restart. A crash between the commit and the acknowledgement replays
// the step: its transaction kept what the step planned to send (PreparedStep.keepIn), and the
// replay sends exactly that, under the same ids. Planned again, the messages could differ: a
// step may erase what they were made from (a rejection forgets the applicant's name), and a
// message held for working hours would go out at once after the hours opened. Only a step that
// deletes its flow's record keeps its messages in its transaction: a replay would not find it.
import type { ChainableCommander } from 'ioredis';
import type { SerialisedItem } from '../store/inbox.js';
import { createActor, type AnyActorRef } from 'xstate';
import type { FlowEnvelope, FlowStore } from '../store/flow-store.js';
import { ENVELOPE_FORMAT } from '../store/flow-store.js';
import { FLOW_TEXTS } from './texts.js';
import type { FlowDefinition, FlowEffect, FlowEvent } from './types.js';

/**
 * A step's effects, performed and ready to be committed with the step's state.
 * Only dispatch() replays a step (prepare with `replay`); start() never does: a start handled
 * again re-plans its first step. That is safe while every flow's first step only says things
 * (a `say` plans the same messages again, and keeps no plan: see keptAt); a flow that began with
 * a domain effect would need start() to pass `replay` when nextRunBase finds its event seen before.
 */
export interface PreparedStep {
  /** Adds the step's messages to the transaction that commits the step's state. */
  addTo(multi: ChainableCommander): void;
  /** Instead of addTo: the step's immediate messages as one outbox record, not stored (null: none). */
  record(): SerialisedItem | null;
  /**
   * With record(): adds what the step plans to send (that record and its held messages) to the
   * transaction, so a replay of the step sends the same (see EffectPerformer.prepare). It is kept
   * under `keptAt`: the acknowledgement that stores the record deletes it (StepReplies). A no-op
   * when keptAt is undefined.
   */
  keepIn(multi: ChainableCommander): void;
  /**
   * The key keepIn writes (on a replay: where the first run kept its plan); undefined when the
   * step keeps no plan, because planning it again gives the same messages (a step that only says).
   */
  readonly keptAt?: string;
  /** Work that follows the commit and is idempotent (e.g. delayed messages). */
  after(): Promise<void>;
}

/** Performs the domain effects of one flow step (idempotently under `key`) and prepares its messages. */
export interface EffectPerformer {
  /**
   * `replay`: the step was committed already; the domain effects are performed again (they are
   * idempotent, and may not have completed), but the messages are those the first run kept
   * (keepIn), when it kept them; else they are planned again.
   */
  prepare(userId: number, flowId: string, rev: number, effects: FlowEffect[], key: string, replay?: boolean): Promise<PreparedStep>;
}

/** Schedules the idle timeout of a flow revision (a delayed job that sends `timeout`). */
export interface TimeoutScheduler {
  schedule(userId: number, flowId: string, rev: number, delayMs: number): Promise<void>;
  cancel(userId: number, flowId: string, rev: number): Promise<void>;
}

/**
 * The update a step is taken in: it stores the step's record (null: no immediate messages) with
 * its acknowledgement (see the header), before its own replies, and in the same write deletes
 * the step's kept plan (`kept`, when it keeps one), needed only until then.
 */
export interface StepReplies {
  deferStep(record: SerialisedItem | null, kept?: string): void;
}

export type DispatchResult = 'handled' | 'no_flow' | 'stale' | 'reset';

export class FlowRunner {
  private readonly flows: { get(id: string): FlowDefinition | undefined };

  /** `flows`: a list, or a lookup read on each step (the app's registry, filled as features install). */
  constructor(
    private readonly store: FlowStore,
    flows: FlowDefinition[] | { get(id: string): FlowDefinition | undefined },
    private readonly performer: EffectPerformer,
    private readonly timeouts: TimeoutScheduler,
    private readonly now: () => number = Date.now,
  ) {
    this.flows = Array.isArray(flows) ? new Map(flows.map((f) => [f.id, f])) : flows;
  }

  definition(flowId: string): FlowDefinition | undefined {
    return this.flows.get(flowId);
  }

  activeFlowId(userId: number): Promise<string | null> {
    return this.store.activeFlowId(userId);
  }

  /**
   * Starts a flow for the user, replacing any active one. Keyed by `eventId`: the same
   * update starting it again (handled twice after a crash) is the same run, same messages.
   */
  async start(userId: number, flowId: string, eventId: string, input?: unknown, replies?: StepReplies): Promise<void> {
    const def = this.flows.get(flowId);
    if (!def) throw new Error(`unknown flow ${flowId}`);
    const previous = await this.store.activeFlowId(userId);
    if (previous && previous !== flowId) await this.store.delete(userId, previous);
    const effects: FlowEffect[] = [];
    const actor = createActor(def.machine, { input });
    actor.on('*', (e: unknown) => effects.push(e as FlowEffect));
    actor.start();
    // Revisions never repeat across runs of a flow: buttons and timeout jobs of an earlier
    // run (which carry its revision) cannot act on a new one.
    const firstRev = (await this.store.nextRunBase(userId, def.id, eventId)) + 1;
    await this.commit(userId, def, actor, firstRev, eventId, effects, eventId, undefined, replies);
  }

  /**
   * Sends an event to the user's active flow. With `expect`, the event only applies
   * to that flow at that revision (buttons and timeout jobs carry both), so a stale
   * or forged button changes nothing.
   */
  async dispatch(userId: number, event: FlowEvent, eventId: string, expect?: { flowId: string; rev: number }, replies?: StepReplies): Promise<DispatchResult> {
    let flowId = expect?.flowId;
    if (!flowId) {
      const pointer = await this.store.pointer(userId);
      if (!pointer) return 'no_flow';
      flowId = pointer.flowId;
    }
    const loaded = await this.store.load(userId, flowId);
    if (!loaded) return expect ? 'stale' : 'no_flow';
    const def = this.flows.get(flowId);
    if (!loaded.ok || !def || loaded.envelope.version !== def.version) {
      return this.reset(userId, flowId, def, eventId);
    }
    const env = loaded.envelope;
    if (env.lastEventId === eventId) {
      await this.replay(userId, def, env, replies);
      return 'handled';
    }
    if (env.done) return expect ? 'stale' : 'no_flow';
    if (expect && expect.rev !== env.rev) return 'stale';

    let actor: AnyActorRef;
    const effects: FlowEffect[] = [];
    try {
      actor = createActor(def.machine, { snapshot: env.snapshot as never });
      actor.on('*', (e: unknown) => effects.push(e as FlowEffect));
      actor.start();
    } catch {
      return this.reset(userId, flowId, def, eventId);
    }
    actor.send(event);
    await this.commit(userId, def, actor, env.rev + 1, eventId, effects, env.run, env.rev, replies);
    return 'handled';
  }

  /**
   * Drops the record a finished flow keeps (for a day, to recognise its last event): it
   * holds what the flow collected, e.g. a rejected applicant's name. An active flow stays.
   */
  async forgetFinished(userId: number, flowId: string): Promise<void> {
    const loaded = await this.store.load(userId, flowId);
    if (loaded && (!loaded.ok || loaded.envelope.done)) await this.store.delete(userId, flowId);
  }

  /** Ends the user's active flow. Returns its id, or null when there was none. */
  async cancel(userId: number): Promise<string | null> {
    const flowId = await this.store.activeFlowId(userId);
    if (!flowId) return null;
    await this.store.delete(userId, flowId);
    return flowId;
  }

  private async commit(
    userId: number,
    def: FlowDefinition,
    actor: AnyActorRef,
    rev: number,
    eventId: string,
    effects: FlowEffect[],
    run: string | undefined,
    previousRev?: number,
    replies?: StepReplies,
  ): Promise<void> {
    const snapshot = actor.getPersistedSnapshot();
    const done = (snapshot as { status?: string }).status !== 'active';
    actor.stop();
    const envelope: FlowEnvelope = {
      format: ENVELOPE_FORMAT,
      flowId: def.id,
      version: def.version,
      rev,
      ...(run === undefined ? {} : { run }),
      lastEventId: eventId,
      effects,
      // A finished flow keeps no snapshot: only what recognises its last event.
      snapshot: done ? null : snapshot,
      ...(done ? { done: true } : {}),
      updatedAt: this.now(),
    };
    const prepared = await this.performer.prepare(userId, def.id, rev, effects, stepKey(userId, def.id, run, rev));
    const multi = this.store.multi();
    const noTrace = typeof def.leavesNoTrace === 'function' ? def.leavesNoTrace(effects) : def.leavesNoTrace === true;
    if (done && noTrace) this.store.deleteIn(multi, userId, def.id);
    else this.store.commitIn(multi, userId, envelope);
    // With the update's acknowledgement (see the header), unless the step deletes the record a replay needs.
    const deferTo = done && noTrace ? undefined : replies;
    const deferred = deferTo ? prepared.record() : null;
    if (deferTo) prepared.keepIn(multi);
    else prepared.addTo(multi);
    await execAll(multi);
    if (deferTo) deferTo.deferStep(deferred, prepared.keptAt);
    await this.afterCommit(userId, def, envelope, prepared, previousRev);
  }

  /**
   * The event was committed already (handled again after a crash): redo only what is idempotent,
   * and send what the step's first run planned to (kept with the step), not a new plan.
   */
  private async replay(userId: number, def: FlowDefinition, env: FlowEnvelope, replies?: StepReplies): Promise<void> {
    const prepared = await this.performer.prepare(userId, def.id, env.rev, env.effects as FlowEffect[], stepKey(userId, def.id, env.run, env.rev), true);
    if (replies) {
      replies.deferStep(prepared.record(), prepared.keptAt);
    } else {
      const multi = this.store.multi();
      prepared.addTo(multi);
      if (prepared.keptAt) multi.del(prepared.keptAt);
      await execAll(multi);
    }
    await this.afterCommit(userId, def, env, prepared, env.rev - 1);
  }

  private async afterCommit(userId: number, def: FlowDefinition, env: FlowEnvelope, prepared: PreparedStep, previousRev: number | undefined): Promise<void> {
    await prepared.after();
    if (previousRev !== undefined) await this.timeouts.cancel(userId, def.id, previousRev);
    if (!env.done) await this.timeouts.schedule(userId, def.id, env.rev, def.idleTimeoutMs);
  }

  private async reset(userId: number, flowId: string, def: FlowDefinition | undefined, eventId: string): Promise<DispatchResult> {
    const command = def?.command ?? '/help';
    const prepared = await this.performer.prepare(
      userId,
      flowId,
      -1,
      [{ type: 'say', text: FLOW_TEXTS.resetAfterUpdate(command) }],
      `reset:${userId}:${flowId}:${eventId}`,
    );
    const multi = this.store.multi();
    this.store.deleteIn(multi, userId, flowId);
    prepared.addTo(multi);
    await execAll(multi);
    await prepared.after();
    return 'reset';
  }
}

/** Runs a MULTI and fails if any of its commands failed. */
async function execAll(multi: ChainableCommander): Promise<void> {
  const results = await multi.exec();
  if (!results) throw new Error('flow step transaction aborted');
  for (const [err] of results) if (err) throw err;
}

/** Stable for one step of one run: a re-delivered event reuses it, a new run of the flow does not. */
function stepKey(userId: number, flowId: string, run: string | undefined, rev: number): string {
  return run === undefined ? `${stepKeyPrefix(userId)}${flowId}:${rev}` : `${stepKeyPrefix(userId)}${flowId}:${run}:${rev}`;
}

/** What every step key of the user's flows begins with (an erasure finds their kept plans by it). */
export function stepKeyPrefix(userId: number): string {
  return `flow:${userId}:`;
}
