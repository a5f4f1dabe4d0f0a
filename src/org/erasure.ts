// /forget (152-FZ: withdrawing consent ends processing): a person erases what the bot keeps
// about them; an admin's /remove, graduation and the archiving of a unit erase the same way
// (a person left with no role). The erasure only orchestrates: every store declares what it
// holds about a person and erases it itself (src/store/personal-data.ts); here the registered
// holders run in order. Progress is recorded per holder, so an erasure interrupted by a crash
// goes on where it stopped — when the same request is handled again, or at the next start.
// The audit log keeps its entries (ids and acts, never names).
import type { Redis } from 'ioredis';
import type { Logger } from '../log.js';
import type { Role } from '../policy/roles.js';
import type { Keys } from '../store/keys.js';
import { holdsNothing, type ErasedPerson, type PersonalDataRegistry } from '../store/personal-data.js';
import { forgetFlow } from '../flows/org/forget.js';
import type { Command } from '../bot/commands/types.js';
import type { OutgoingMessage } from '../bot/outbox.js';
import type { Organisation } from './organisation.js';
import { ERASURE_TEXTS as T } from './erasure-texts.js';

/** An unfinished erasure's record outlives any restart. */
const PROGRESS_TTL_S = 30 * 24 * 3600;

/** What an erasure needs to know once the person's roles are gone: ids only. */
interface ErasurePlan {
  actorId: number;
  roles: Array<{ role: Role; unitId: string | null }>;
  /** Units they had a role in or curated. */
  units: string[];
}

export class Erasure {
  /** The erasure's own keys: progress, ids only. */
  static readonly personalData = holdsNothing('erasure', {
    erasure: "an erasure's progress: the person's role and unit ids and the holders done, until it finishes",
    erasuresPending: 'ids of people whose erasure has not finished (it is resumed at start)',
  });

  constructor(
    private readonly org: Organisation,
    private readonly registry: PersonalDataRegistry,
    private readonly redis: Redis,
    private readonly keys: Keys,
    private readonly log: Logger,
  ) {}

  command(): Command {
    return {
      name: 'forget',
      description: 'Удалить мои данные',
      where: 'dialog',
      inMenu: false,
      permission: 'forget',
      run: async (ctx) => {
        if (ctx.actor) await ctx.services.flows.start(ctx.actor.userId, forgetFlow.id, ctx.updateId, undefined, ctx);
      },
    };
  }

  /** The end of the /forget flow: erase (out of the chats too), tell the curators and admins (by id). */
  async forget(userId: number): Promise<OutgoingMessage[]> {
    const admins = await this.org.people.holders('admin', 'verified');
    if (admins.length === 1 && admins[0] === userId) return [{ to: { userId }, text: T.lastAdmin }];

    const plan = await this.erase(userId, userId);
    await this.org.audit.append(userId, 'person.forgotten', `user:${userId}`, { roles: plan.roles.map((m) => m.role).join(',') || '-' });
    this.log.info({ userId }, 'person forgotten on request');

    const curators = new Set<number>();
    for (const u of plan.units) for (const c of await this.org.org.curators(u)) curators.add(c);
    const notBefore = await this.org.nonUrgentAt();
    const told = [...new Set([...curators, ...(await this.org.people.holders('admin', 'verified'))])].filter((id) => id !== userId);
    return [{ to: { userId }, text: T.done }, ...told.map((id) => ({ to: { userId: id }, text: T.toStaff(userId), notBefore }))];
  }

  /**
   * Erases a person with every registered holder, in order, each once: a holder done is
   * recorded, so an erasure resumed after a crash runs only the rest. Returns the plan
   * (the roles they held, ids only) for the caller's audit entry.
   */
  async erase(userId: number, actorId: number): Promise<ErasurePlan> {
    const progress = this.keys.erasure(userId);
    const plan = await this.plan(userId, actorId);
    // The name as long as it is on record: the people store's profile is the last holder.
    const fullName = (await this.org.people.fullNames([userId])).get(userId) ?? null;
    const person: ErasedPerson = { userId, fullName, unitIds: plan.units, actorId: plan.actorId };
    for (const holder of this.registry.holders) {
      if (await this.redis.hexists(progress, `done:${holder.name}`)) continue;
      await holder.erase(person);
      await this.redis.hset(progress, `done:${holder.name}`, '1');
    }
    await this.redis.multi().del(progress).srem(this.keys.erasuresPending, String(userId)).exec();
    return plan;
  }

  /** Erasures a crash interrupted: finished now (at start). */
  async resumePending(): Promise<void> {
    for (const id of await this.redis.smembers(this.keys.erasuresPending)) {
      const userId = Number(id);
      try {
        await this.erase(userId, userId);
        this.log.info({ userId }, 'an interrupted erasure finished');
      } catch (err) {
        this.log.error({ err, userId }, 'an interrupted erasure failed again; it is tried at the next start');
      }
    }
  }

  /** The plan is recorded once, before the first holder runs (a resumed erasure reads it back). */
  private async plan(userId: number, actorId: number): Promise<ErasurePlan> {
    const progress = this.keys.erasure(userId);
    const recorded = await this.redis.hget(progress, 'plan');
    if (recorded) return JSON.parse(recorded) as ErasurePlan;
    const person = await this.org.people.person(userId);
    const roles = (person?.memberships ?? []).map((m) => ({ role: m.role, unitId: m.unitId }));
    const units = [...new Set([...roles.map((m) => m.unitId).filter((u): u is string => u !== null), ...(await this.org.org.curatedUnits(userId))])];
    const plan: ErasurePlan = { actorId, roles, units };
    await this.redis
      .multi()
      .hsetnx(progress, 'plan', JSON.stringify(plan))
      .expire(progress, PROGRESS_TTL_S)
      .sadd(this.keys.erasuresPending, String(userId))
      .exec();
    return JSON.parse((await this.redis.hget(progress, 'plan')) ?? JSON.stringify(plan)) as ErasurePlan;
  }
}
