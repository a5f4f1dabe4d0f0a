// The one door updates come in by, from polling and webhook alike: check the
// envelope, give the update its id and ordering key, and make it durable. An update
// that cannot be identified or serialised (e.g. nested thousands of levels deep) is
// logged once and dropped here, so it never blocks polling or a person's queue.
import type { Logger } from '../log.js';
import type { InboxItem, InboxStore, SerialisedItem } from '../store/inbox.js';
import { countUpdate } from '../ops/metrics.js';
import { isQuietUpdate, orderKeyOf, updateEnvelopeSchema, updateIdentity, updateLogIds, updateSchema, UPDATE_SCHEMA_VERSION } from './update.js';

export type IngestResult = { status: 'accepted' | 'duplicate'; orderKey: string } | { status: 'invalid' };

export class Ingest {
  constructor(
    private readonly inbox: InboxStore,
    private readonly log: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  async accept(update: unknown): Promise<IngestResult> {
    const [result] = (await this.acceptBatch([update])).results;
    return result!;
  }

  /**
   * Accepts a batch in one Redis call; with `marker`, the polling marker past the batch
   * is committed in the same step. `backlog` is how many ordering keys have work.
   * Throws only when Redis fails (then nothing of the batch was stored).
   */
  async acceptBatch(updates: unknown[], marker?: string): Promise<{ results: IngestResult[]; backlog: number }> {
    const results: IngestResult[] = [];
    const items: SerialisedItem[] = [];
    const slots: number[] = [];
    const originals: unknown[] = [];
    for (const update of updates) {
      const item = this.serialise(update);
      if (!item) {
        countUpdate(update, 'invalid');
        results.push({ status: 'invalid' });
        continue;
      }
      slots.push(results.length);
      originals.push(update);
      results.push({ status: 'accepted', orderKey: item.orderKey });
      items.push(item);
    }
    const { fresh, backlog } = await this.inbox.acceptMany(items, marker);
    fresh.forEach((isFresh, i) => {
      countUpdate(originals[i], isFresh ? 'accepted' : 'duplicate');
      if (isFresh) return;
      const item = items[i]!;
      results[slots[i]!] = { status: 'duplicate', orderKey: item.orderKey };
      this.log.info({ updateId: item.id, orderKey: item.orderKey }, 'update delivered again; already accepted');
    });
    return { results, backlog };
  }

  private serialise(update: unknown): SerialisedItem | null {
    try {
      const envelope = updateEnvelopeSchema.safeParse(update);
      if (!envelope.success) {
        this.log.warn({ ...safeLogIds(update) }, 'not an update; dropped');
        return null;
      }
      // Identity and ordering key come from the update as MAX sent it, as they always did, so a
      // redelivery is recognised whichever version stored the first copy.
      const id = updateIdentity(envelope.data);
      const orderKey = orderKeyOf(envelope.data);
      // The full check happens here, once: what passes is stored as the schema's output (only
      // the fields the bot reads, texts already cleaned) and marked `checked`, and the router
      // trusts it without parsing again — it is trusted only because this process wrote it to
      // our own Redis. What does not pass is stored as received, unmarked: the router parses it
      // and handles it as contentless or ignores it with a log line, as before.
      const full = updateSchema.safeParse(envelope.data);
      // `quiet` comes right after `id`: the inbox's scripts look for it there (see InboxItem).
      const item: InboxItem = {
        id,
        ...(isQuietUpdate(envelope.data) ? { quiet: 1 as const } : {}),
        orderKey,
        update: full.success ? full.data : envelope.data,
        acceptedAt: this.now(),
        ...(full.success ? { checked: UPDATE_SCHEMA_VERSION } : {}),
      };
      return { id, orderKey, json: JSON.stringify(item) };
    } catch (err) {
      // JSON.stringify recurses and throws on very deep input; such an update is never handled.
      this.log.error({ ...safeLogIds(update), err: (err as Error).message }, 'update cannot be stored; dropped');
      return null;
    }
  }
}

function safeLogIds(update: unknown): Record<string, unknown> {
  try {
    return updateLogIds(update);
  } catch {
    return {};
  }
}
