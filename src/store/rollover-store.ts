// The school-year rollover: an admin's editable preview (draft) and, once confirmed, the
// act itself. The act is written once with `applied: false`; its steps are idempotent and
// remembered in a set, and the last step appends the audit entry together with the flag,
// so a crash anywhere is finished by running the act again (see src/lifecycle/rollover.ts).
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Keys } from './keys.js';
import type { ErasedPerson, PersonalDataHolder } from './personal-data.js';
import { defineScripts, STORE_LUA } from './scripts.js';

/** One unit's fate: renamed (`to`), kept (`to` = its name) or graduated (`to` null). */
export interface RolloverRow {
  unitId: string;
  from: string;
  to: string | null;
  /** The admin released the unit's curators in the preview. */
  dropCurators?: boolean;
}

export interface RolloverDraft {
  id: string;
  by: number;
  finalGrade: number;
  rows: RolloverRow[];
  createdAt: number;
}

export interface RolloverAct extends RolloverDraft {
  confirmedAt: number;
  /** Ids of the graduating units' people when confirmed (role per unit): the steps work from this. */
  graduates?: Array<{ userId: number; role: 'student' | 'parent' | 'curator'; unitId: string }>;
  applied: boolean;
}

const DRAFT_TTL_S = 24 * 3600;
/** A confirmed act stays a year: what was done is in the audit; the act is only for resuming. */
const ACT_TTL_S = 365 * 24 * 3600;

export class RolloverStore implements PersonalDataHolder {
  readonly name = 'rollover';
  readonly families = {
    rolloverDraft: { holds: "an admin's rollover plan being edited, under a key naming their id (unit names only)" },
    rolloverAct: { none: "a confirmed rollover: the plan, the admin's and the graduates' ids (the act is audited)" },
    rolloversPending: { none: 'rollover ids' },
    rolloverDone: { none: 'step names' },
  } as const;

  async erase({ userId }: ErasedPerson): Promise<void> {
    await this.redis.del(this.keys.rolloverDraft(userId));
  }

  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
  ) {
    defineScripts(redis, STORE_LUA);
  }

  static newId(): string {
    return randomBytes(6).toString('base64url');
  }

  async draft(userId: number): Promise<RolloverDraft | null> {
    const raw = await this.redis.get(this.keys.rolloverDraft(userId));
    return raw ? (JSON.parse(raw) as RolloverDraft) : null;
  }

  async saveDraft(d: RolloverDraft): Promise<void> {
    await this.redis.set(this.keys.rolloverDraft(d.by), JSON.stringify(d), 'EX', DRAFT_TTL_S);
  }

  async dropDraft(userId: number): Promise<void> {
    await this.redis.del(this.keys.rolloverDraft(userId));
  }

  /** Records the confirmed act unless it exists (a repeated press); returns the one that stands. */
  async confirm(act: RolloverAct): Promise<RolloverAct> {
    const set = await this.redis.set(this.keys.rolloverAct(act.id), JSON.stringify(act), 'EX', ACT_TTL_S, 'NX');
    if (set === 'OK') {
      await this.redis.multi().sadd(this.keys.rolloversPending, act.id).del(this.keys.rolloverDraft(act.by)).exec();
      return act;
    }
    return (await this.act(act.id)) ?? act;
  }

  async act(id: string): Promise<RolloverAct | null> {
    const raw = await this.redis.get(this.keys.rolloverAct(id));
    return raw ? (JSON.parse(raw) as RolloverAct) : null;
  }

  async pending(): Promise<string[]> {
    return this.redis.smembers(this.keys.rolloversPending);
  }

  async stepDone(id: string, step: string): Promise<boolean> {
    return (await this.redis.sismember(this.keys.rolloverDone(id), step)) === 1;
  }

  async markStep(id: string, step: string): Promise<void> {
    await this.redis.multi().sadd(this.keys.rolloverDone(id), step).expire(this.keys.rolloverDone(id), ACT_TTL_S).exec();
  }

  /**
   * The last step, once: the audit entry and the applied flag together. The graduates' ids
   * are dropped from the act (they left; the audit keeps the counts). False when applied already.
   */
  async applied(id: string, auditFields: string[]): Promise<boolean> {
    const r = await (this.redis as RolloverRedis).rolloverApplied(
      this.keys.rolloverAct(id),
      this.keys.audit,
      this.keys.rolloversPending,
      this.keys.rolloverDone(id),
      id,
      ...auditFields,
    );
    return r === 1;
  }
}

type RolloverRedis = Redis & { rolloverApplied(act: string, audit: string, pending: string, done: string, id: string, ...fields: string[]): Promise<number> };
