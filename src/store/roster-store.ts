// Expected pupils from a roster file (children's personal data): kept only to match
// joining pupils and parents against the class, deleted once the pupil is verified or the
// class is archived, and shown only to those who review the class's requests.
import type { Redis } from 'ioredis';
import type { RosterRow } from '../policy/roster.js';
import type { Keys } from './keys.js';
import { scanKeys, type ErasedPerson, type PersonalDataHolder } from './personal-data.js';

export interface RosterDraft {
  id: string;
  rows: RosterRow[];
}

/** A previewed file waits this long for «Применить»; then the names in it are gone. */
const DRAFT_TTL_S = 3600;
const AWAIT_TTL_S = 3600;

const keyOf = (fullName: string) => fullName.toLowerCase().replace(/ё/g, 'е');

export class RosterStore implements PersonalDataHolder {
  readonly name = 'roster';
  readonly families = {
    unitExpected: { holds: "expected pupils' names from a roster file" },
    rosterDraft: { holds: "a roster file read and previewed: pupils' names" },
    rosterAwait: { none: "a flag under a key naming the admin's id" },
  } as const;

  /** The person's name leaves the expected pupils; a previewed file naming them, or the person's own, is dropped. */
  async erase({ userId, fullName }: ErasedPerson): Promise<void> {
    await this.redis.del(this.keys.rosterDraft(userId), this.keys.rosterAwait(userId));
    if (!fullName) return;
    for (const key of await scanKeys(this.redis, this.keys.unitExpected('*'))) await this.redis.hdel(key, keyOf(fullName));
    for (const key of await scanKeys(this.redis, this.keys.rosterDraft('*' as unknown as number))) {
      const raw = await this.redis.get(key);
      if (raw && keyOf(raw).includes(keyOf(fullName))) await this.redis.del(key);
    }
  }

  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
  ) {}

  async expected(unitId: string): Promise<string[]> {
    return Object.values(await this.redis.hgetall(this.keys.unitExpected(unitId)));
  }

  /** Adds the unit's expected pupils (a name already there stays once). */
  async expect(unitId: string, fullNames: string[]): Promise<void> {
    if (fullNames.length === 0) return;
    await this.redis.hset(this.keys.unitExpected(unitId), Object.fromEntries(fullNames.map((n) => [keyOf(n), n])));
  }

  async forgetExpected(unitId: string, fullName: string): Promise<void> {
    await this.redis.hdel(this.keys.unitExpected(unitId), keyOf(fullName));
  }

  async dropUnit(unitId: string): Promise<void> {
    await this.redis.del(this.keys.unitExpected(unitId));
  }

  async awaitFile(userId: number): Promise<void> {
    await this.redis.set(this.keys.rosterAwait(userId), '1', 'EX', AWAIT_TTL_S);
  }

  async awaitsFile(userId: number): Promise<boolean> {
    return (await this.redis.exists(this.keys.rosterAwait(userId))) === 1;
  }

  async saveDraft(userId: number, draft: RosterDraft): Promise<void> {
    await this.redis.set(this.keys.rosterDraft(userId), JSON.stringify(draft), 'EX', DRAFT_TTL_S);
  }

  async draft(userId: number): Promise<RosterDraft | null> {
    const raw = await this.redis.get(this.keys.rosterDraft(userId));
    return raw ? (JSON.parse(raw) as RosterDraft) : null;
  }

  /** Applied or cancelled: the file's names and the wait for a file end (another file replaces an unconfirmed one). */
  async dropDraft(userId: number): Promise<void> {
    await this.redis.del(this.keys.rosterDraft(userId), this.keys.rosterAwait(userId));
  }
}
