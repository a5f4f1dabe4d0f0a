// Personal data is each store's duty (152-FZ: withdrawn consent ends processing). Every store
// declares, for each Redis key family of keys.ts it owns and for each BullMQ queue it fills,
// what it holds about a person — or why it holds nothing — and erases a person's part itself.
// The erasure (src/org/erasure.ts) only runs the registered holders in order; a test walks
// the registry and fails when a key family or a queue is declared by no holder (test/store/personal-data.test.ts).
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Keys } from './keys.js';

/**
 * Key families a feature names in its own folder (`Feature.keys`, made with `featureKeyMaker`), added
 * by declaration merging, e.g.
 *   declare module '../store/personal-data.js' { interface FeatureKeyFamilies { homework: true } }
 */
// biome-ignore lint/suspicious/noEmptyInterface: filled by declaration merging in a feature's folder
export interface FeatureKeyFamilies {}

/** A key family: the name of one key (or key function) in keys.ts, or of a feature's own. */
export type KeyFamily = Exclude<keyof Keys, 'prefix'> | (keyof FeatureKeyFamilies & string);

/** What one key family holds: personal data (and so an eraser deals with it), or none, with the reason. */
export type FamilyDeclaration = { holds: string } | { none: string };

/** The person being erased, as known when the erasure began (read again when it resumes). */
export interface ErasedPerson {
  userId: number;
  /** Their name while it is still on record (the profile is erased last, so a resumed erasure still knows it). */
  fullName: string | null;
  /** The units they had a role in (ids only). */
  unitIds: string[];
  /** Who asked for the erasure (the person, or an admin removing them). */
  actorId: number;
}

export interface PersonalDataHolder {
  /** Unique; progress of an erasure is recorded under it. */
  readonly name: string;
  /** Every key family this holder owns. */
  readonly families: Partial<Record<KeyFamily, FamilyDeclaration>>;
  /** BullMQ queues (by name) whose jobs this holder owns. */
  readonly queues?: Record<string, FamilyDeclaration>;
  /** Erases the person's part; idempotent (an erasure resumed after a crash runs it again). */
  erase(person: ErasedPerson): Promise<void>;
}

/** The holders in the order an erasure runs them. */
export class PersonalDataRegistry {
  private readonly list: PersonalDataHolder[] = [];

  register(...holders: PersonalDataHolder[]): void {
    for (const h of holders) {
      if (this.list.some((x) => x.name === h.name)) throw new Error(`personal-data holder registered twice: ${h.name}`);
      this.list.push(h);
    }
  }

  get holders(): readonly PersonalDataHolder[] {
    return this.list;
  }
}

/** A holder that owns key families with nothing personal in them. */
export function holdsNothing(name: string, families: Partial<Record<KeyFamily, string>>, queues: Record<string, string> = {}): PersonalDataHolder {
  return {
    name,
    families: Object.fromEntries(Object.entries(families).map(([f, reason]) => [f, { none: reason }])),
    queues: Object.fromEntries(Object.entries(queues).map(([q, reason]) => [q, { none: reason }])),
    erase: async () => undefined,
  };
}

/** Stands for "any" in a key function's numeric part when building a SCAN pattern. */
export const ANY = '*' as unknown as number;

/** Every key matching the pattern (SCAN, never KEYS). */
export async function scanKeys(redis: Redis, pattern: string): Promise<string[]> {
  const out: string[] = [];
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
    cursor = next;
    out.push(...keys);
  } while (cursor !== '0');
  return [...new Set(out)];
}

/** Deletes the stream entries whose fields say `test`; pages through the stream. */
export async function deleteStreamEntries(redis: Redis, stream: string, test: (fields: string[]) => boolean): Promise<void> {
  let start = '-';
  for (;;) {
    const rows = await redis.xrange(stream, start, '+', 'COUNT', 500);
    const mine = rows.filter(([, fields]) => test(fields));
    if (mine.length > 0) await redis.xdel(stream, ...mine.map(([id]) => id));
    if (rows.length < 500) return;
    start = `(${rows.at(-1)![0]}`;
  }
}

/** A stream entry's value of a field. */
export function fieldOf(fields: string[], name: string): string | undefined {
  for (let i = 0; i + 1 < fields.length; i += 2) if (fields[i] === name) return fields[i + 1];
  return undefined;
}

/** Job states whose data sits in Redis and may be changed (an active job is being run now). */
const JOB_STATES = ['delayed', 'waiting', 'prioritized', 'waiting-children', 'completed', 'failed'] as const;

/**
 * Goes through a queue's jobs: `decide` answers 'keep', 'drop' (the job is removed) or new data
 * (the job keeps its place and time with that data). Returns how many jobs changed.
 */
export async function eraseJobs<T>(redis: Redis, queue: Queue<T>, decide: (data: T) => 'keep' | 'drop' | { data: T }): Promise<number> {
  const changed = new Set<string>();
  const jobs = await queue.getJobs([...JOB_STATES], 0, -1);
  for (const job of jobs) {
    if (!job?.id) continue;
    const verdict = decide(job.data);
    if (verdict === 'keep') continue;
    try {
      if (verdict === 'drop') await job.remove();
      else await job.updateData(verdict.data);
      changed.add(job.id);
    } catch {
      // Taken by a worker meanwhile (locked) or gone: what runs now cannot be changed.
    }
  }
  // The queue's event stream names those jobs (their ids may name the person; 'completed' events carry results).
  if (changed.size > 0) {
    await deleteStreamEntries(redis, queue.keys.events!, (f) => changed.has(fieldOf(f, 'jobId') ?? ''));
  }
  return changed.size;
}

/** Whether a queued job's data is about this user (its `userId` field or one of the named fields). */
export function jobIsAbout(data: unknown, userId: number, fields: string[] = ['userId']): boolean {
  if (!data || typeof data !== 'object') return false;
  return fields.some((f) => (data as Record<string, unknown>)[f] === userId);
}

/** The queues' common prefix: each queue's jobs are declared by the holder that fills it (`queues`). */
export const QUEUES_DATA = holdsNothing('queues', { queuePrefix: "the prefix of every BullMQ queue's keys; each queue is declared by its owner" });
