// Domain events of the organisation: the one place where changes to who belongs
// where are announced. They are appended to a Redis stream and passed to in-process
// listeners. The stream entry's id is the event's unique id (listeners key their work by it);
// once every listener has handled the event the entry is deleted (issue 23: kept, it was
// ~85 bytes per member who joined, read by nobody). An event whose listener failed, or whose
// listeners never ran because the process stopped, stays in the stream. What re-delivers an
// event after a crash is not the stream but the update handled again: a decided request keeps
// its event's id (JoinRequest.appliedEvent) and the decision handled again notifies once more.
import type { Redis } from 'ioredis';
import type { Logger } from '../log.js';
import type { Role } from '../policy/roles.js';
import type { Keys } from '../store/keys.js';
import type { Membership } from '../store/people-store.js';
import { deleteStreamEntries, type ErasedPerson, type PersonalDataHolder } from '../store/personal-data.js';

export type DomainEvent =
  | { type: 'person.verified'; userId: number; role: Role; unitId: string | null }
  | { type: 'role.granted'; userId: number; role: Role; unitId: string | null }
  | { type: 'role.revoked'; userId: number; role: Role; unitId: string | null }
  | { type: 'person.moved'; userId: number; role: Role; fromUnitId: string; toUnitId: string }
  | { type: 'person.removed'; userId: number; memberships: Membership[] };

/** `eventId` is the stream entry id: unique, so listeners can make their work once-only. */
export type DomainEventListener = (event: DomainEvent, eventId: string) => Promise<void> | void;

const STREAM_MAX = 100_000;

export class DomainEvents implements PersonalDataHolder {
  readonly name = 'events';
  readonly families = { events: { holds: 'domain events about a person (their id, role, units)' } } as const;

  async erase({ userId }: ErasedPerson): Promise<void> {
    const id = String(userId);
    await deleteStreamEntries(this.redis, this.keys.events, (fields) =>
      fields.some((f, i) => i % 2 === 1 && (f === id || new RegExp(`"userId":${id}(?!\\d)`).test(f))),
    );
  }

  private readonly listeners: DomainEventListener[] = [];

  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
    private readonly log: Logger,
  ) {}

  on(listener: DomainEventListener): void {
    this.listeners.push(listener);
  }

  async publish(event: DomainEvent): Promise<void> {
    const id = (await this.redis.xadd(this.keys.events, 'MAXLEN', '~', String(STREAM_MAX), '*', ...DomainEvents.fields(event))) ?? '';
    await this.notify(event, id);
  }

  /**
   * An event's stream fields, for a script that appends it together with other writes: its type,
   * and the rest of it as JSON (the type is not written twice; entries written before carry it
   * in the JSON too).
   */
  static fields(event: DomainEvent): string[] {
    const { type, ...rest } = event;
    return ['type', type, 'event', JSON.stringify(rest)];
  }

  /**
   * Passes an event already in the stream to the in-process listeners. Listeners key their
   * work by `eventId`, so notifying again (after a crash) does the work once.
   */
  async notify(event: DomainEvent, id: string): Promise<void> {
    let failed = false;
    for (const l of this.listeners) {
      try {
        await l(event, id);
      } catch (err) {
        failed = true;
        this.log.error({ err, eventType: event.type, userId: event.userId }, 'domain event listener failed');
      }
    }
    // Handled by every listener: the entry has done its work. XDEL keeps the stream's last id,
    // so later ids stay unique; a node whose entries are all deleted is freed.
    if (!failed && id !== '') await this.redis.xdel(this.keys.events, id);
  }
}
