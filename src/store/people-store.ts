// People and their roles. A person may hold several roles (a teacher who is also
// a parent), each bound to a unit or to the whole organisation, each pending until
// approved. Only the person's own record holds their name.
import type { Redis } from 'ioredis';
import type { Role } from '../policy/roles.js';
import type { Keys } from './keys.js';

export type MembershipStatus = 'pending' | 'verified';

/** A parent's child: a person in the unit, or just a name when the child has not joined yet. */
export type ChildRef = { userId: number } | { name: string };

export interface Membership {
  role: Role;
  unitId: string | null;
  status: MembershipStatus;
  since: number;
  requestId?: string;
  children?: ChildRef[];
  /** Parents' and students' activists (000 2.4): set later by an admin or curator. */
  activist?: boolean;
}

export interface Person {
  userId: number;
  fullName: string | null;
  consentAt: number | null;
  memberships: Membership[];
}

export interface RosterEntry {
  userId: number;
  fullName: string | null;
  membership: Membership;
}

const field = (role: Role, unitId: string | null) => `${role}|${unitId ?? ''}`;

export class PeopleStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
  ) {}

  async person(userId: number): Promise<Person | null> {
    const [own, roles] = await Promise.all([this.redis.hgetall(this.keys.person(userId)), this.redis.hgetall(this.keys.personRoles(userId))]);
    const memberships = Object.values(roles).map((json) => JSON.parse(json) as Membership);
    if (!own.fullName && memberships.length === 0) return null;
    return { userId, fullName: own.fullName ?? null, consentAt: own.consentAt ? Number(own.consentAt) : null, memberships };
  }

  /** Marks a configured admin as seen; true the first time (then they are made admin). */
  async firstSeenConfigAdmin(userId: number): Promise<boolean> {
    return (await this.redis.sadd(this.keys.configAdminsSeen, String(userId))) === 1;
  }

  async fullNames(userIds: number[]): Promise<Map<number, string | null>> {
    const pipe = this.redis.pipeline();
    for (const id of userIds) pipe.hget(this.keys.person(id), 'fullName');
    const res = (await pipe.exec()) ?? [];
    return new Map(userIds.map((id, i) => [id, (res[i]?.[1] as string | null) ?? null]));
  }

  /** A configured admin's name as MAX shows it, only if they have none yet; true when it was set. */
  async nameFromMaxIfUnnamed(userId: number, fullName: string): Promise<boolean> {
    if ((await this.redis.hsetnx(this.keys.person(userId), 'fullName', fullName)) === 0) return false;
    await this.redis.hset(this.keys.person(userId), 'nameFrom', 'max');
    return true;
  }

  /** True while the person's name is the one MAX showed (not a ФИО they gave). */
  async nameIsFromMax(userId: number): Promise<boolean> {
    return (await this.redis.hget(this.keys.person(userId), 'nameFrom')) === 'max';
  }

  async rename(userId: number, fullName: string): Promise<void> {
    await this.redis.multi().hset(this.keys.person(userId), 'fullName', fullName).hdel(this.keys.person(userId), 'nameFrom').exec();
  }

  async saveProfile(userId: number, fullName: string, consentAt: number): Promise<void> {
    await this.redis.hset(this.keys.person(userId), { fullName, consentAt: String(consentAt) });
  }

  async membership(userId: number, role: Role, unitId: string | null): Promise<Membership | null> {
    const json = await this.redis.hget(this.keys.personRoles(userId), field(role, unitId));
    return json ? (JSON.parse(json) as Membership) : null;
  }

  /**
   * Adds or replaces a membership and its indexes in one step. By default the children
   * of an existing parent membership are kept and a verified status is not lowered
   * (a parent adding a second child); `replace` writes the membership as given.
   */
  async putMembership(userId: number, m: Membership, mode: 'merge' | 'replace' = 'merge'): Promise<void> {
    const existing = mode === 'merge' ? await this.membership(userId, m.role, m.unitId) : null;
    const merged: Membership = existing?.children || m.children ? { ...m, children: mergeChildren(existing?.children, m.children) } : { ...m };
    if (existing?.status === 'verified' && m.status === 'pending') merged.status = 'verified';
    const multi = this.redis.multi().hset(this.keys.personRoles(userId), field(m.role, m.unitId), JSON.stringify(merged)).sadd(this.keys.roleHolders(m.role), String(userId));
    if (m.unitId) multi.sadd(this.keys.unitPeople(m.unitId), `${userId}|${m.role}`);
    await multi.exec();
  }

  async removeMembership(userId: number, role: Role, unitId: string | null): Promise<void> {
    const multi = this.redis.multi().hdel(this.keys.personRoles(userId), field(role, unitId));
    if (unitId) multi.srem(this.keys.unitPeople(unitId), `${userId}|${role}`);
    await multi.exec();
    const rest = await this.redis.hkeys(this.keys.personRoles(userId));
    if (!rest.some((f) => f.startsWith(`${role}|`))) await this.redis.srem(this.keys.roleHolders(role), String(userId));
  }

  /** Verified roles of a person. */
  async verifiedRoles(userId: number): Promise<Set<Role>> {
    const roles = await this.redis.hvals(this.keys.personRoles(userId));
    return new Set(roles.map((j) => JSON.parse(j) as Membership).filter((m) => m.status === 'verified').map((m) => m.role));
  }

  /** Everyone with a role in the unit, with their status. */
  async roster(unitId: string): Promise<RosterEntry[]> {
    const entries = await this.redis.smembers(this.keys.unitPeople(unitId));
    const pipe = this.redis.pipeline();
    const parsed = entries.map((e) => {
      const [uid, role] = e.split('|') as [string, Role];
      pipe.hget(this.keys.personRoles(Number(uid)), field(role, unitId));
      pipe.hget(this.keys.person(Number(uid)), 'fullName');
      return { userId: Number(uid), role };
    });
    const res = (await pipe.exec()) ?? [];
    const out: RosterEntry[] = [];
    parsed.forEach((p, i) => {
      const json = res[2 * i]?.[1] as string | null;
      if (!json) return;
      out.push({ userId: p.userId, fullName: (res[2 * i + 1]?.[1] as string | null) ?? null, membership: JSON.parse(json) as Membership });
    });
    return out;
  }

  /** User ids holding the role, optionally only verified ones. */
  async holders(role: Role, status?: MembershipStatus): Promise<number[]> {
    const ids = (await this.redis.smembers(this.keys.roleHolders(role))).map(Number);
    if (!status) return ids;
    const people = await Promise.all(ids.map(async (id) => ({ id, roles: await this.redis.hvals(this.keys.personRoles(id)) })));
    return people.filter((p) => p.roles.some((j) => { const m = JSON.parse(j) as Membership; return m.role === role && m.status === status; })).map((p) => p.id);
  }

  /** Forgets every role and the person's own data (removal from the organisation, or erasure). */
  async removePerson(userId: number): Promise<Membership[]> {
    const roles = await this.redis.hvals(this.keys.personRoles(userId));
    const memberships = roles.map((j) => JSON.parse(j) as Membership);
    const curated = await this.redis.smembers(this.keys.personCurates(userId));
    const multi = this.redis.multi().del(this.keys.personRoles(userId), this.keys.person(userId), this.keys.personCurates(userId));
    for (const m of memberships) {
      multi.srem(this.keys.roleHolders(m.role), String(userId));
      if (m.unitId) multi.srem(this.keys.unitPeople(m.unitId), `${userId}|${m.role}`);
    }
    for (const unitId of curated) multi.srem(this.keys.unitCurators(unitId), String(userId));
    await multi.exec();
    return memberships;
  }

  /** Forgets the person's own record (name, consent time) when they hold no role at all; true when forgotten. */
  async forgetProfileIfNoRoles(userId: number): Promise<boolean> {
    if ((await this.redis.hlen(this.keys.personRoles(userId))) > 0) return false;
    return (await this.redis.del(this.keys.person(userId))) > 0;
  }

  /** 000 1.8: the refusal is recorded — the user id and the time, nothing else. */
  async recordConsentRefusal(userId: number, at = Date.now()): Promise<void> {
    await this.redis.xadd(this.keys.consentRefusals, '*', 'user', String(userId), 'at', String(at));
  }
}

function mergeChildren(a: ChildRef[] | undefined, b: ChildRef[] | undefined): ChildRef[] {
  const out: ChildRef[] = [];
  const seen = new Set<string>();
  for (const c of [...(a ?? []), ...(b ?? [])]) {
    const key = 'userId' in c ? `u${c.userId}` : `n${c.name.toLowerCase()}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push(c);
    }
  }
  return out;
}
