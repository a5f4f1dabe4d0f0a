// The broadcast domain: what a person may choose in /post, who the recipients are,
// queuing a confirmed post (inside working hours), cancelling, and the report.
import { createHash } from 'node:crypto';
import { broadcastFailures, cancelBroadcast } from './buttons.js';
import type { Chats } from '../chats/chats.js';
import type { OutgoingMessage, Outbox } from '../bot/outbox.js';
import type { Organisation } from '../org/organisation.js';
import type { PostInput } from '../flows/broadcasts/post.js';
import { postAudienceAllowed, scopeOf, type PostAudience } from '../policy/permissions.js';
import { STAFF_ROLES, type Role, ROLES } from '../policy/roles.js';
import type { StatsCounters } from '../reports/counters.js';
import type { BroadcastDelivery } from './delivery.js';
import type { PostMedia } from '../bot/media.js';
import type { Broadcast, BroadcastStore } from './store.js';
import { POST_TEXTS as T, type PostGroup } from './texts.js';

const CHANNEL_KINDS = new Set(['channel_org', 'channel_staff']);
const GROUP_ROLES: Record<PostGroup, readonly Role[]> = {
  all: ROLES,
  staff: STAFF_ROLES,
  parents: ['parent'],
  students: ['student'],
};

export class Broadcasts {
  delivery!: BroadcastDelivery;

  constructor(
    private readonly org: Organisation,
    private readonly chats: Chats,
    readonly store: BroadcastStore,
    private readonly outbox: Outbox,
    private readonly counters: StatsCounters,
  ) {}

  /** What the person may pick in /post; null when they may not post at all. */
  async options(userId: number): Promise<PostInput | null> {
    const actor = await this.org.actor(userId);
    const scope = scopeOf(actor, 'post');
    if (scope === null) return null;
    const units = (await this.org.unitsInScope(userId, 'post')).map((u) => ({ id: u.id, name: u.name }));
    if (scope === 'all') {
      const channels = (await this.chats.store.bound())
        .filter((c) => c.isChannel || (c.kind !== null && CHANNEL_KINDS.has(c.kind)))
        .map((c) => ({ id: c.chatId, title: c.title }));
      return { channels, groups: ['all', 'staff', 'parents', 'students'], units, orgWide: true };
    }
    return { channels: [], groups: units.length > 0 ? ['parents', 'students'] : [], units, orgWide: false };
  }

  /** Verified people of the audience (user ids), or the channel's chat id. */
  async recipients(audience: PostAudience): Promise<number[] | null> {
    if (audience.kind === 'channel') {
      const chat = await this.chats.store.get(audience.chatId);
      return chat && chat.status === 'bound' ? [chat.chatId] : null;
    }
    const roles = GROUP_ROLES[audience.group];
    const ids = new Set<number>();
    if (audience.unitIds.length > 0) {
      for (const unitId of audience.unitIds) {
        for (const e of await this.org.people.roster(unitId)) if (e.membership.status === 'verified' && roles.includes(e.membership.role)) ids.add(e.userId);
      }
      // Staff of the organisation as a whole are not in unit rosters: "all" of a class means its families and curators.
    } else {
      for (const role of roles) for (const id of await this.org.people.holders(role, 'verified')) ids.add(id);
    }
    return [...ids].sort((a, b) => a - b);
  }

  /** The `post.submit` effect: check again, resolve recipients, queue inside working hours. */
  async submit(userId: number, audience: PostAudience, text: string, media: PostMedia[], key: string): Promise<OutgoingMessage[]> {
    const actor = await this.org.actor(userId);
    if (!postAudienceAllowed(actor, audience)) return [{ to: { userId }, text: T.notAllowed }];
    const recipients = await this.recipients(audience);
    if (recipients === null) return [{ to: { userId }, text: T.channelGone }];
    if (recipients.length === 0) return [{ to: { userId }, text: T.noRecipients }];
    const id = createHash('sha256').update(`post|${key}`).digest('base64url').slice(0, 16);
    const now = this.org.now();
    const notBefore = (await this.org.nonUrgentAt()) ?? now;
    const created = await this.store.create({ id, sender: userId, audience, text, media, createdAt: now, notBefore }, recipients);
    if (created) {
      await this.org.audit.append(userId, 'broadcast.sent', `broadcast:${id}`, {
        audience: audience.kind === 'channel' ? `channel:${audience.chatId}` : audience.group,
        units: audience.kind === 'people' && audience.unitIds.length > 0 ? audience.unitIds.join(',') : '-',
        recipients: recipients.length,
        media: media.length > 0 ? media.map((m) => m.type).join(',') : '-',
      });
    }
    const b = (await this.store.get(id))!;
    await this.delivery.enqueue(b);
    const zone = (await this.org.org.settings()).timeZone;
    const text2 = notBefore > now ? T.queuedLater(recipients.length, notBefore, zone) : T.queuedNow(recipients.length);
    return [{ to: { userId }, text: text2, keyboard: [[{ text: T.cancelButton, payload: cancelBroadcast.encode(id) }]] }];
  }

  /** The sender (only) stops a broadcast still queued or in progress. */
  async cancel(userId: number, id: string): Promise<string> {
    const b = await this.store.get(id);
    if (!b || b.sender !== userId) return T.cancelTooLate;
    if (!(await this.store.cancel(id, this.org.now()))) return T.cancelTooLate;
    // A broadcast still waiting for working hours: run its job now, so the report comes at once.
    const job = await this.delivery.queue.getJob(`b-${id}`);
    if (job && (await job.isDelayed())) await job.promote();
    return T.cancelDone;
  }

  /** Called by the delivery when a broadcast has finished or was cancelled: report and count. */
  finished = async (b: Broadcast): Promise<void> => {
    const [c, now] = await Promise.all([this.store.counts(b.id), this.store.get(b.id)]);
    const cancelled = now?.status === 'cancelled';
    const keyboard = c.failed > 0 ? [[{ text: T.failedButton, payload: broadcastFailures.encode(b.id) }]] : undefined;
    await this.outbox.send(
      [{ to: { userId: b.sender }, text: T.report({ total: b.total, ok: c.ok, failed: c.failed, cancelled, halted: now?.halted ?? null }), keyboard }],
      `broadcast-report:${b.id}`,
    );
    // Once per broadcast: the report's key guards the counters too.
    if (await this.store.firstReport(b.id)) {
      await this.counters.add('broadcast.sent', null);
      if (c.ok) await this.counters.add('broadcast.delivered', null, c.ok);
      if (c.failed) await this.counters.add('broadcast.failed', null, c.failed);
    }
  };

  /** "Кому не доставлено": names (people) or the channel, with the reason. */
  async failedList(userId: number, id: string): Promise<string | null> {
    const b = await this.store.get(id);
    if (!b || b.sender !== userId) return null;
    const failures = await this.store.failures(id);
    if (failures.length === 0) return T.failedNone;
    const names = b.audience.kind === 'people' ? await this.org.people.fullNames(failures.map((f) => f.recipient)) : new Map<number, string | null>();
    const lines = failures.slice(0, 100).map((f) => `• ${names.get(f.recipient) ?? `id ${f.recipient}`} — ${T.failedReason(f.code)}`);
    if (failures.length > 100) lines.push(`… и ещё ${failures.length - 100}`);
    return T.failedList(lines);
  }
}
