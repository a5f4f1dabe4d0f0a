// The one door updates come in by, from polling and webhook alike: check the
// envelope, give the update its id and ordering key, and make it durable.
import type { Logger } from '../log.js';
import type { InboxStore } from '../store/inbox.js';
import { countUpdate } from '../ops/metrics.js';
import { orderKeyOf, updateEnvelopeSchema, updateIdentity, updateLogIds } from './update.js';

export type IngestResult = { status: 'accepted' | 'duplicate'; orderKey: string } | { status: 'invalid' };

export class Ingest {
  constructor(
    private readonly inbox: InboxStore,
    private readonly log: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  async accept(update: unknown): Promise<IngestResult> {
    const envelope = updateEnvelopeSchema.safeParse(update);
    if (!envelope.success) {
      this.log.warn({ ...updateLogIds(update) }, 'not an update; dropped');
      countUpdate(update, 'invalid');
      return { status: 'invalid' };
    }
    const id = updateIdentity(envelope.data);
    const orderKey = orderKeyOf(envelope.data);
    const fresh = await this.inbox.accept({ id, orderKey, update: envelope.data, acceptedAt: this.now() });
    countUpdate(envelope.data, fresh ? 'accepted' : 'duplicate');
    if (!fresh) this.log.info({ updateId: id, orderKey }, 'update delivered again; already accepted');
    return { status: fresh ? 'accepted' : 'duplicate', orderKey };
  }
}
