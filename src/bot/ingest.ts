// The one door updates come in by, from polling and webhook alike: check the
// envelope, give the update its id and ordering key, and make it durable. An update
// that cannot be identified or serialised (e.g. nested thousands of levels deep) is
// logged once and dropped here, so it never blocks polling or a person's queue.
import type { Logger } from '../log.js';
import type { InboxItem, InboxStore, SerialisedItem } from '../store/inbox.js';
import { countUpdate, countUpdateOfType, updateTypeOf } from '../ops/metrics.js';
import { isQuietUpdate, orderKeyOf, updateEnvelopeSchema, updateIdentity, updateLogIds, updateSchema, UPDATE_SCHEMA_VERSION } from './update.js';

export type IngestResult = { status: 'accepted' | 'duplicate'; orderKey: string } | { status: 'invalid' };

/**
 * A part of a batch stored in one call: at most this many items and (unless one item alone is
 * longer) this many characters of JSON — under V8's large-object size even as UTF-16, and
 * about a millisecond of Redis time.
 */
export const PART_ITEMS = 64;
export const PART_CHARS = 48_000;

/** Where the part starting at `from` ends: PART_ITEMS items, or fewer within PART_CHARS (at least one). */
export function partEnd(items: readonly SerialisedItem[], from: number): number {
  let to = from + 1;
  let chars = items[from]?.json.length ?? 0;
  while (to < items.length && to - from < PART_ITEMS && chars + items[to]!.json.length <= PART_CHARS) chars += items[to++]!.json.length;
  return to;
}

/** A batch checked and serialised by Ingest.prepare, to be stored by Ingest.store. */
export interface PreparedBatch {
  results: IngestResult[];
  items: SerialisedItem[];
  /** For each item, its place in results. */
  slots: number[];
  /** For each item, its update type (for the metrics). */
  types: string[];
}

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
   * Accepts a batch (a large one in parts, see store); with `marker`, the polling marker past
   * the batch is committed in the same step as its last part. `backlog` is how many ordering
   * keys have work. Throws only when Redis fails (then the marker was not committed, and the
   * parts stored before are dropped as seen when the batch comes again).
   */
  acceptBatch(updates: unknown[], marker?: string): Promise<{ results: IngestResult[]; backlog: number }> {
    return this.store(this.prepare(updates), marker);
  }

  /**
   * Checks and serialises a batch, at once: what is kept for the store step is the items'
   * JSON, their ids and types, nothing of the updates as received — a caller that lets go
   * of those (polling) does not keep a thousand parsed updates alive while Redis stores the
   * batch (they outlived young-generation collections and were promoted: issue 23, GC).
   */
  prepare(updates: unknown[]): PreparedBatch {
    const results: IngestResult[] = [];
    const items: SerialisedItem[] = [];
    const slots: number[] = [];
    const types: string[] = [];
    for (const update of updates) {
      const item = this.serialise(update);
      if (!item) {
        countUpdate(update, 'invalid');
        results.push({ status: 'invalid' });
        continue;
      }
      slots.push(results.length);
      types.push(updateTypeOf(update));
      results.push({ status: 'accepted', orderKey: item.orderKey });
      items.push(item);
    }
    return { results, items, slots, types };
  }

  /**
   * Stores a prepared batch (see acceptBatch): a large one in parts, one after another, the
   * marker with the last part only. A crash or a failure between parts leaves the marker where
   * it was, so the batch is fetched again and the inbox drops what was stored (the same as a
   * crash before a one-call store); each person's updates stay in order, since parts go in
   * the batch's order. Parts keep each script call short (acknowledgements of the updates
   * being handled are not held up behind a thousand accepts) and each command's text small:
   * a whole page's was one string of about a megabyte, a large object for the collector.
   */
  async store(batch: PreparedBatch, marker?: string): Promise<{ results: IngestResult[]; backlog: number }> {
    const { results, items, slots, types } = batch;
    let backlog = 0;
    let from = 0;
    do {
      const to = partEnd(items, from);
      const part = await this.inbox.acceptMany(items.slice(from, to), to === items.length ? marker : undefined);
      // Counted as each part is stored: a failure before a later part leaves these counted once
      // (fetched again, they come back as duplicates of what was accepted here).
      part.fresh.forEach((isFresh, j) => {
        const i = from + j;
        countUpdateOfType(types[i]!, isFresh ? 'accepted' : 'duplicate');
        if (isFresh) return;
        const item = items[i]!;
        results[slots[i]!] = { status: 'duplicate', orderKey: item.orderKey };
        this.log.info({ updateId: item.id, orderKey: item.orderKey }, 'update delivered again; already accepted');
      });
      backlog = part.backlog;
      from = to;
    } while (from < items.length);
    return { results, backlog };
  }

  private serialise(update: unknown): SerialisedItem | null {
    try {
      // The full check happens here, once: what passes is stored as the schema's output (only
      // the fields the bot reads, texts already cleaned) and marked `checked`, and the router
      // trusts it without parsing again — it is trusted only because this process wrote it to
      // our own Redis. What does not pass is stored as received, unmarked: the router parses it
      // and handles it as contentless or ignores it with a log line, as before.
      const full = updateSchema.safeParse(update);
      // Passing the full schema implies the envelope (a known update_type, a numeric timestamp):
      // the envelope is checked on its own only for what did not pass (issue 23: ~2 µs an update).
      let sent: Record<string, unknown> & { update_type: string; timestamp: number };
      if (full.success) sent = update as typeof sent;
      else {
        const envelope = updateEnvelopeSchema.safeParse(update);
        if (!envelope.success) {
          this.log.warn({ ...safeLogIds(update) }, 'not an update; dropped');
          return null;
        }
        sent = envelope.data;
      }
      // Identity and ordering key come from the update as MAX sent it, as they always did, so a
      // redelivery is recognised whichever version stored the first copy.
      const id = updateIdentity(sent);
      const orderKey = orderKeyOf(sent);
      // `quiet` comes right after `id`: the inbox's scripts look for it there (see InboxItem).
      const item: InboxItem = {
        id,
        ...(isQuietUpdate(sent) ? { quiet: 1 as const } : {}),
        orderKey,
        update: full.success ? full.data : sent,
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
