// Runs persisted XState flows. For every event: restore the actor from Redis, send
// the event, persist the new snapshot, then have the effects performed — once.
// If the same event arrives again (a re-delivery after a crash), its stored effects
// are performed again under the same idempotency key instead of re-applying it.
import { createActor, type AnyActorRef } from 'xstate';
import type { FlowEnvelope, FlowStore } from '../store/flow-store.js';
import { ENVELOPE_FORMAT } from '../store/flow-store.js';
import { FLOW_TEXTS } from './texts.js';
import type { FlowDefinition, FlowEffect, FlowEvent } from './types.js';

/** Performs a batch of effects of one flow step. `key` is stable for that step. */
export interface EffectPerformer {
  perform(userId: number, flowId: string, rev: number, effects: FlowEffect[], key: string): Promise<void>;
}

/** Schedules the idle timeout of a flow revision (a delayed job that sends `timeout`). */
export interface TimeoutScheduler {
  schedule(userId: number, flowId: string, rev: number, delayMs: number): Promise<void>;
  cancel(userId: number, flowId: string, rev: number): Promise<void>;
}

export type DispatchResult = 'handled' | 'no_flow' | 'stale' | 'reset';

export class FlowRunner {
  private readonly flows: Map<string, FlowDefinition>;

  constructor(
    private readonly store: FlowStore,
    flows: FlowDefinition[],
    private readonly performer: EffectPerformer,
    private readonly timeouts: TimeoutScheduler,
    private readonly now: () => number = Date.now,
  ) {
    this.flows = new Map(flows.map((f) => [f.id, f]));
  }

  definition(flowId: string): FlowDefinition | undefined {
    return this.flows.get(flowId);
  }

  activeFlowId(userId: number): Promise<string | null> {
    return this.store.activeFlowId(userId);
  }

  /** Starts a flow for the user, replacing any active one. */
  async start(userId: number, flowId: string, eventId: string, input?: unknown): Promise<void> {
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
    const firstRev = (await this.store.nextRunBase(userId, def.id)) + 1;
    await this.commit(userId, def, actor, firstRev, eventId, effects, eventId);
  }

  /**
   * Sends an event to the user's active flow. With `expect`, the event only applies
   * to that flow at that revision (buttons and timeout jobs carry both), so a stale
   * or forged button changes nothing.
   */
  async dispatch(userId: number, event: FlowEvent, eventId: string, expect?: { flowId: string; rev: number }): Promise<DispatchResult> {
    const flowId = expect?.flowId ?? (await this.store.activeFlowId(userId));
    if (!flowId) return 'no_flow';
    const loaded = await this.store.load(userId, flowId);
    if (!loaded) return expect ? 'stale' : 'no_flow';
    const def = this.flows.get(flowId);
    if (!loaded.ok || !def || loaded.envelope.version !== def.version) {
      return this.reset(userId, flowId, def, eventId);
    }
    const env = loaded.envelope;
    if (env.lastEventId === eventId) {
      await this.performer.perform(userId, flowId, env.rev, env.effects as FlowEffect[], stepKey(userId, flowId, env.run, env.rev));
      return 'handled';
    }
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
    await this.commit(userId, def, actor, env.rev + 1, eventId, effects, env.run, env.rev);
    return 'handled';
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
  ): Promise<void> {
    const snapshot = actor.getPersistedSnapshot();
    const done = (snapshot as { status?: string }).status !== 'active';
    actor.stop();
    if (done) {
      await this.store.delete(userId, def.id);
    } else {
      const envelope: FlowEnvelope = {
        format: ENVELOPE_FORMAT,
        flowId: def.id,
        version: def.version,
        rev,
        ...(run === undefined ? {} : { run }),
        lastEventId: eventId,
        effects,
        snapshot,
        updatedAt: this.now(),
      };
      await this.store.save(userId, envelope);
    }
    if (previousRev !== undefined) await this.timeouts.cancel(userId, def.id, previousRev);
    if (!done) await this.timeouts.schedule(userId, def.id, rev, def.idleTimeoutMs);
    await this.performer.perform(userId, def.id, rev, effects, stepKey(userId, def.id, run, rev));
  }

  private async reset(userId: number, flowId: string, def: FlowDefinition | undefined, eventId: string): Promise<DispatchResult> {
    await this.store.delete(userId, flowId);
    const command = def?.command ?? '/help';
    await this.performer.perform(userId, flowId, -1, [{ type: 'say', text: FLOW_TEXTS.resetAfterUpdate(command) }], `reset:${userId}:${flowId}:${eventId}`);
    return 'reset';
  }
}

/** Stable for one step of one run: a re-delivered event reuses it, a new run of the flow does not. */
function stepKey(userId: number, flowId: string, run: string | undefined, rev: number): string {
  return run === undefined ? `flow:${userId}:${flowId}:${rev}` : `flow:${userId}:${flowId}:${run}:${rev}`;
}
