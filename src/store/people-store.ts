// People and their roles. A person may hold several roles (a teacher who is also
// a parent), each bound to a unit or to the whole organisation, each pending until
// approved. Only the person's own record holds their name.
import type { ChainableCommander, Redis } from 'ioredis';
import { ROLES, type Role } from '../policy/roles.js';
import type { Keys } from './keys.js';
import {
  type ChildRef,
  type Membership,
  type MembershipStatus,
  decodeMembership,
  decodeRolesHash,
  encodeMembership,
  membershipField as field,
  parseMembershipField,
} from './membership-codec.js';
import { indexName, normaliseName, reindexName, unindexName } from './name-index.js';
import { deleteStreamEntries, fieldOf, type ErasedPerson, type PersonalDataHolder } from './personal-data.js';
import { SharedCall } from './shared-call.js';
import { defineScripts, STORE_LUA } from './scripts.js';

/**
 * People read many at once (a chat's 1,000 members, a report's names) go to Redis in
 * pipelines of this many people. One pipeline of thousands of replies kept Redis on one
 * client and the bot in one long synchronous decode, while everyone else's replies waited
 * (issue 23: /sync of a 1,000-member chat); between chunks both serve others.
 */
export const PEOPLE_PER_PIPELINE = 200;

/** `items` in chunks of PEOPLE_PER_PIPELINE; each chunk after the first waits one turn of the event loop. */
async function* chunksOf<T>(items: T[]): AsyncGenerator<T[]> {
  for (let i = 0; i < items.length; i += PEOPLE_PER_PIPELINE) {
    if (i > 0) await new Promise<void>((resolve) => setImmediate(resolve));
    yield items.slice(i, i + PEOPLE_PER_PIPELINE);
  }
}

export type { ChildRef, Membership, MembershipStatus } from './membership-codec.js';

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

/** A (role, unit) pair whose index entries a write may have changed. */
export interface RolePlace {
  role: Role;
  unitId: string | null;
}

type PeopleRedis = Redis & { peopleRolesAndCurated(numKeys: number, ...keys: string[]): Promise<string[][]> };
/** A MULTI of a client with src/store's scripts defined (lua/peopleReindex-1.lua). */
type PeopleTx = ChainableCommander & { peopleReindex(roles: string, userId: string, prefix: string, ...pairs: string[]): ChainableCommander };

type RolesAndCurated = { memberships: Membership[]; curates: string[] };

/** Bump when the index's shape changes: the next start rebuilds it for existing data. */
const VERIFIED_INDEX_VERSION = '1';

export class PeopleStore {
  private readonly redis: PeopleRedis;
  /** The actors of updates handled at the same moment: their roles hashes and curated units, read in one script call. */
  private readonly actorReads = new SharedCall<number, [string[], string[]]>(async (ids) => {
    const keys = ids.flatMap((id) => [this.keys.personRoles(id), this.keys.personCurates(id)]);
    const out = await this.redis.peopleRolesAndCurated(keys.length, ...keys);
    return ids.map((_, i) => [out[2 * i] ?? [], out[2 * i + 1] ?? []]);
  });

  constructor(
    redis: Redis,
    private readonly keys: Keys,
  ) {
    defineScripts(redis, STORE_LUA);
    this.redis = redis as PeopleRedis;
  }

  async person(userId: number): Promise<Person | null> {
    const [own, roles] = await Promise.all([this.redis.hgetall(this.keys.person(userId)), this.redis.hgetall(this.keys.personRoles(userId))]);
    const memberships = decodeRolesHash(roles);
    if (!own.fullName && memberships.length === 0) return null;
    return { userId, fullName: own.fullName ?? null, consentAt: own.consentAt ? Number(own.consentAt) : null, memberships };
  }

  /** Marks a configured admin as seen; true the first time (then they are made admin). */
  async firstSeenConfigAdmin(userId: number): Promise<boolean> {
    return (await this.redis.sadd(this.keys.configAdminsSeen, String(userId))) === 1;
  }

  /**
   * THE way this store reads many people: `items` in pipelines of PEOPLE_PER_PIPELINE (see
   * there why), `queue` adding the same number of commands for each item; yields each chunk's
   * items with their replies, in order. A failed command throws.
   */
  private async *readInChunks<T>(items: T[], queue: (pipe: ChainableCommander, item: T) => void): AsyncGenerator<Array<{ item: T; replies: unknown[] }>> {
    for await (const part of chunksOf(items)) {
      const pipe = this.redis.pipeline();
      for (const item of part) queue(pipe, item);
      const res = (await pipe.exec()) ?? [];
      const per = res.length / part.length;
      yield part.map((item, i) => ({
        item,
        replies: res.slice(i * per, (i + 1) * per).map(([err, v]) => {
          if (err) throw err;
          return v;
        }),
      }));
    }
  }

  async fullNames(userIds: number[]): Promise<Map<number, string | null>> {
    const out = new Map<number, string | null>();
    for await (const part of this.readInChunks(userIds, (pipe, id) => pipe.hget(this.keys.person(id), 'fullName'))) {
      for (const { item, replies } of part) out.set(item, (replies[0] as string | null) ?? null);
    }
    return out;
  }

  /**
   * Which of these words (lower case) are words of some person's name, by the name index
   * (web:names:words, kept by saveProfile/rename/removal and erased with the person): the
   * etiquette check asks about the few capitalised words it was about to report (issue 22).
   */
  async knownNameWords(words: readonly string[]): Promise<Set<string>> {
    const unique = [...new Set(words.map(normaliseName).filter((w) => w !== ''))];
    if (unique.length === 0) return new Set();
    const pipe = this.redis.pipeline();
    for (const w of unique) pipe.zscore(this.keys.webNameWords, w);
    const res = (await pipe.exec()) ?? [];
    return new Set(unique.filter((_, i) => res[i]?.[1] != null));
  }

  /** A configured admin's name as MAX shows it, only if they have none yet; true when it was set. */
  async nameFromMaxIfUnnamed(userId: number, fullName: string): Promise<boolean> {
    if ((await this.redis.hsetnx(this.keys.person(userId), 'fullName', fullName)) === 0) return false;
    const tx = this.redis.multi().hset(this.keys.person(userId), 'nameFrom', 'max');
    indexName(tx, this.keys, userId, fullName);
    await tx.exec();
    return true;
  }

  /** True while the person's name is the one MAX showed (not a ФИО they gave). */
  async nameIsFromMax(userId: number): Promise<boolean> {
    return (await this.redis.hget(this.keys.person(userId), 'nameFrom')) === 'max';
  }

  async rename(userId: number, fullName: string): Promise<void> {
    const previous = await this.redis.hget(this.keys.person(userId), 'fullName');
    const tx = this.redis.multi().hset(this.keys.person(userId), 'fullName', fullName).hdel(this.keys.person(userId), 'nameFrom');
    // The panel's name search finds the person by the new name, and no longer by the old one.
    reindexName(tx, this.keys, userId, previous, fullName);
    await tx.exec();
  }

  async saveProfile(userId: number, fullName: string, consentAt: number): Promise<void> {
    const previous = await this.redis.hget(this.keys.person(userId), 'fullName');
    const tx = this.redis.multi().hset(this.keys.person(userId), { fullName, consentAt: String(consentAt) });
    // The panel's name search (src/store/name-index.ts) learns the name with it, and forgets an older one.
    reindexName(tx, this.keys, userId, previous, fullName);
    await tx.exec();
  }

  async membership(userId: number, role: Role, unitId: string | null): Promise<Membership | null> {
    const f = field(role, unitId);
    const raw = await this.redis.hget(this.keys.personRoles(userId), f);
    return raw ? decodeMembership(f, raw) : null;
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
    const multi = this.redis
      .multi()
      .hset(this.keys.personRoles(userId), field(m.role, m.unitId), encodeMembership(merged))
      .sadd(this.keys.roleHolders(m.role), String(userId));
    if (m.unitId) multi.sadd(this.keys.unitPeople(m.unitId), `${userId}|${m.role}`);
    this.reindexIn(multi, userId, [m]);
    await multi.exec();
  }

  async removeMembership(userId: number, role: Role, unitId: string | null): Promise<void> {
    const multi = this.redis.multi().hdel(this.keys.personRoles(userId), field(role, unitId));
    if (unitId) multi.srem(this.keys.unitPeople(unitId), `${userId}|${role}`);
    this.reindexIn(multi, userId, [{ role, unitId }]);
    await multi.exec();
    const rest = await this.redis.hkeys(this.keys.personRoles(userId));
    if (!rest.some((f) => f.startsWith(`${role}|`))) await this.redis.srem(this.keys.roleHolders(role), String(userId));
  }

  /** Verified roles of a person. */
  async verifiedRoles(userId: number): Promise<Set<Role>> {
    const roles = decodeRolesHash(await this.redis.hgetall(this.keys.personRoles(userId)));
    return new Set(roles.filter((m) => m.status === 'verified').map((m) => m.role));
  }

  /** Everyone with a role in the unit, with their status. */
  async roster(unitId: string, roles?: readonly Role[]): Promise<RosterEntry[]> {
    const parsed = (await this.redis.smembers(this.keys.unitPeople(unitId)))
      .map((e) => {
        const [uid, role] = e.split('|') as [string, Role];
        return { userId: Number(uid), role };
      })
      // Only these roles' records are read (the index names each member's role).
      .filter((p) => !roles || roles.includes(p.role));
    const out: RosterEntry[] = [];
    const read = (pipe: ChainableCommander, p: { userId: number; role: Role }) =>
      pipe.hget(this.keys.personRoles(p.userId), field(p.role, unitId)).hget(this.keys.person(p.userId), 'fullName');
    for await (const part of this.readInChunks(parsed, read)) {
      for (const {
        item: p,
        replies: [raw, name],
      } of part) {
        if (raw) out.push({ userId: p.userId, fullName: (name as string | null) ?? null, membership: decodeMembership(field(p.role, unitId), raw as string) });
      }
    }
    return out;
  }

  /** User ids holding the role, optionally only verified ones. */
  async holders(role: Role, status?: MembershipStatus): Promise<number[]> {
    const ids = (await this.redis.smembers(this.keys.roleHolders(role))).map(Number);
    if (!status) return ids;
    // Pipelined, not a round trip each (the staff room, admin lists and pickers ask for all of them).
    const out: number[] = [];
    for await (const part of this.readInChunks(ids, (pipe, id) => pipe.hgetall(this.keys.personRoles(id)))) {
      for (const {
        item: id,
        replies: [hash],
      } of part) {
        if (decodeRolesHash((hash as Record<string, string> | undefined) ?? {}).some((m) => m.role === role && m.status === status)) out.push(id);
      }
    }
    return out;
  }

  /**
   * The erasure's first part: every role, the indexes and links that name the person's id, the
   * units they curate, parents' links to them as a child, their consent refusals. Their own
   * record (the name) stays for the other holders and goes last (`profile`).
   */
  readonly roles: PersonalDataHolder = {
    name: 'people.roles',
    families: {
      personRoles: { holds: "the person's roles, and a parent's children (ids or typed names)" },
      personCurates: { holds: 'the units the person curates' },
      unitPeople: { holds: 'ids of everyone with a role in a unit' },
      roleHolders: { holds: 'ids of everyone holding a role' },
      verifiedIn: { holds: 'ids of verified members per unit and role' },
      verifiedPrefix: { none: 'a prefix for the index script, not a key' },
      verifiedIndexVersion: { none: 'a version number' },
      consentRefusals: { holds: 'ids of people who refused consent, with the time' },
      configAdminsSeen: { holds: 'ids of configured admins seen once' },
    },
    erase: (person) => this.eraseRoles(person),
  };

  /** The erasure's last part: the person's own record (name, consent time); the name index's holder took its words out before. */
  readonly profile: PersonalDataHolder = {
    name: 'people.profile',
    families: { person: { holds: "the person's full name and consent time" } },
    erase: async ({ userId }) => void (await this.redis.del(this.keys.person(userId))),
  };

  /** Forgets every role and the person's own data at once (the erasure runs `roles` and `profile` instead, with other holders between). */
  async removePerson(userId: number): Promise<Membership[]> {
    const memberships = decodeRolesHash(await this.redis.hgetall(this.keys.personRoles(userId)));
    const curated = await this.redis.smembers(this.keys.personCurates(userId));
    const name = await this.redis.hget(this.keys.person(userId), 'fullName');
    const multi = this.redis.multi().del(this.keys.personRoles(userId), this.keys.person(userId), this.keys.personCurates(userId));
    unindexName(multi, this.keys, userId, name);
    for (const m of memberships) {
      multi.srem(this.keys.roleHolders(m.role), String(userId));
      if (m.unitId) multi.srem(this.keys.unitPeople(m.unitId), `${userId}|${m.role}`);
    }
    for (const unitId of curated) multi.srem(this.keys.unitCurators(unitId), String(userId));
    this.reindexIn(multi, userId, memberships);
    await multi.exec();
    return memberships;
  }

  private async eraseRoles({ userId, unitIds }: ErasedPerson): Promise<void> {
    const memberships = decodeRolesHash(await this.redis.hgetall(this.keys.personRoles(userId)));
    const curated = await this.redis.smembers(this.keys.personCurates(userId));
    const multi = this.redis.multi().del(this.keys.personRoles(userId), this.keys.personCurates(userId));
    for (const role of ROLES) multi.srem(this.keys.roleHolders(role), String(userId));
    for (const m of memberships) if (m.unitId) multi.srem(this.keys.unitPeople(m.unitId), `${userId}|${m.role}`);
    for (const unitId of curated) multi.srem(this.keys.unitCurators(unitId), String(userId));
    this.reindexIn(multi, userId, memberships);
    multi.srem(this.keys.configAdminsSeen, String(userId));
    await multi.exec();
    // Parents who had the person linked as their child keep their role, without the link.
    for (const unitId of unitIds) {
      for (const e of await this.roster(unitId)) {
        const children = e.membership.children ?? [];
        if (e.membership.role !== 'parent' || !children.some((c) => 'userId' in c && c.userId === userId)) continue;
        await this.putMembership(e.userId, { ...e.membership, children: children.filter((c) => !('userId' in c && c.userId === userId)) }, 'replace');
      }
    }
    await deleteStreamEntries(this.redis, this.keys.consentRefusals, (f) => fieldOf(f, 'user') === String(userId));
  }

  /**
   * THE way the verified index (keys.verifiedIn) follows role writes: every write that
   * changes a person's roles hash — a role added, verified, moved to another unit,
   * marked activist, removed — names the (role, unit) pairs it touched, and their index
   * entries are set from the hash as it is after the write. putMembership,
   * removeMembership and removePerson do it inside their own transaction; code that
   * writes the roles hash some other way must call this after the write (or queue it in
   * its MULTI with `reindexIn`). Unit renames and archiving keep unit ids, so they need nothing.
   */
  async reindex(userId: number, touched: RolePlace[]): Promise<void> {
    const multi = this.redis.multi();
    this.reindexIn(multi, userId, touched);
    await multi.exec();
  }

  /** Queues the index update of `reindex` in a caller's MULTI (after its write to the roles hash). */
  reindexIn(multi: ChainableCommander, userId: number, touched: RolePlace[]): void {
    if (touched.length === 0) return;
    const pairs = touched.flatMap((t) => [t.role, t.unitId ?? '-']);
    (multi as PeopleTx).peopleReindex(this.keys.personRoles(userId), String(userId), this.keys.verifiedPrefix, ...pairs);
  }

  /**
   * User ids in any of the verified index sets named: `inUnit` pairs, and roles held
   * `anywhere` (or as `activists`) in the given units or organisation-wide. One SUNION.
   */
  async verifiedAmong(q: { inUnit: Array<{ unitId: string | null; role: Role }>; anywhere: Role[]; activists: Role[]; unitIds: string[] }): Promise<number[]> {
    const units = [null, ...q.unitIds];
    const sets = [
      ...q.inUnit.map((p) => this.keys.verifiedIn(p.unitId, p.role)),
      ...q.anywhere.flatMap((role) => units.map((u) => this.keys.verifiedIn(u, role))),
      ...q.activists.flatMap((role) => units.map((u) => this.keys.verifiedIn(u, role, true))),
    ];
    if (sets.length === 0) return [];
    return (await this.redis.sunion(...sets)).map(Number);
  }

  /**
   * Each person's memberships and the units they curate, in one round trip. One person (an
   * update's actor) is read together with the other actors asked for meanwhile (actorReads);
   * several at once with a pipeline.
   */
  async rolesAndCurated(userIds: number[]): Promise<Map<number, RolesAndCurated>> {
    if (userIds.length === 1) {
      const id = userIds[0]!;
      const [roles, curates] = await this.actorReads.call(id);
      const memberships: Membership[] = [];
      for (let j = 0; j + 1 < roles.length; j += 2) memberships.push(decodeMembership(roles[j]!, roles[j + 1]!));
      return new Map([[id, { memberships, curates }]]);
    }
    const out = new Map<number, RolesAndCurated>();
    for await (const part of this.readInChunks(userIds, (pipe, id) => pipe.hgetall(this.keys.personRoles(id)).smembers(this.keys.personCurates(id)))) {
      for (const {
        item: id,
        replies: [roles, curates],
      } of part) {
        out.set(id, { memberships: decodeRolesHash((roles as Record<string, string> | undefined) ?? {}), curates: (curates as string[] | undefined) ?? [] });
      }
    }
    return out;
  }

  /**
   * Builds the verified index for people written before it existed: everyone who holds
   * a role (the role-holder sets name them), their roles hashes' fields read in pipelined batches,
   * then the version is stored. Idempotent and safe beside live writes (each person's
   * entries are set from their hash in one script), so a start interrupted half-way
   * simply does it again. Returns how many people it went through.
   */
  async buildVerifiedIndex(): Promise<number> {
    if ((await this.redis.get(this.keys.verifiedIndexVersion)) === VERIFIED_INDEX_VERSION) return 0;
    const holders = await this.redis.sunion(...ROLES.map((r) => this.keys.roleHolders(r)));
    const ids = holders.map(Number).filter((id) => Number.isSafeInteger(id) && id > 0);
    for await (const part of this.readInChunks(ids, (pipe, id) => pipe.hkeys(this.keys.personRoles(id)))) {
      const multi = this.redis.multi();
      // The field names the (role, unit) pair; the script reads the values (short or legacy) itself.
      for (const {
        item: id,
        replies: [fields],
      } of part)
        this.reindexIn(multi, id, ((fields as string[] | undefined) ?? []).map(parseMembershipField));
      await multi.exec();
    }
    await this.redis.set(this.keys.verifiedIndexVersion, VERIFIED_INDEX_VERSION);
    return ids.length;
  }

  /** Forgets the person's own record (name, consent time) when they hold no role at all; true when forgotten. */
  async forgetProfileIfNoRoles(userId: number): Promise<boolean> {
    if ((await this.redis.hlen(this.keys.personRoles(userId))) > 0) return false;
    const name = await this.redis.hget(this.keys.person(userId), 'fullName');
    const tx = this.redis.multi().del(this.keys.person(userId));
    unindexName(tx, this.keys, userId, name);
    const [[, deleted]] = ((await tx.exec()) ?? [[null, 0]]) as [[unknown, number]];
    return deleted > 0;
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
