// /forget (152-FZ: withdrawing consent ends processing): a person erases what the bot keeps
// about them. The audit log keeps its entries (ids and acts, never names); everything else
// that names the person or holds their id is deleted, and they leave the organisation's
// chats the way /remove takes people out.
import type { Redis } from 'ioredis';
import type { Logger } from '../../log.js';
import type { Keys } from '../../store/keys.js';
import type { Membership } from '../../store/people-store.js';
import type { Chats } from '../chats/chats.js';
import { forgetFlow } from '../../flows/forget.js';
import type { Command } from '../commands/types.js';
import type { OutgoingMessage } from '../outbox.js';
import { forgetRemovedPerson } from './actions.js';
import type { Organisation } from './organisation.js';
import { ERASURE_TEXTS as T } from './erasure-texts.js';

const SCAN_COUNT = 500;

export class Erasure {
  constructor(
    private readonly org: Organisation,
    private readonly chats: Chats,
    private readonly redis: Redis,
    private readonly keys: Keys,
    private readonly log: Logger,
  ) {}

  command(): Command {
    return {
      name: 'forget',
      description: 'Удалить мои данные',
      where: 'dialog',
      inMenu: false,
      permission: 'forget',
      run: async (ctx) => {
        if (ctx.actor) await ctx.services.flows.start(ctx.actor.userId, forgetFlow.id, ctx.updateId);
      },
    };
  }

  /** The end of the /forget flow: erase, take out of chats, tell the curators and admins (by id). */
  async forget(userId: number): Promise<OutgoingMessage[]> {
    const person = await this.org.people.person(userId);
    const memberships = person?.memberships ?? [];
    const units = [...new Set(memberships.map((m) => m.unitId).filter((u): u is string => u !== null))];
    const curators = new Set<number>();
    for (const u of units) for (const c of await this.org.org.curators(u)) curators.add(c);
    const admins = await this.org.people.holders('admin', 'verified');
    if (admins.length === 1 && admins[0] === userId) return [{ to: { userId }, text: T.lastAdmin }];

    const removed = await this.erase(userId, userId);
    await this.org.audit.append(userId, 'person.forgotten', `user:${userId}`, { roles: removed.map((m) => m.role).join(',') || '-' });
    this.log.info({ userId }, 'person forgotten on request');

    const notBefore = await this.org.nonUrgentAt();
    const told = [...new Set([...curators, ...admins])].filter((id) => id !== userId);
    return [{ to: { userId }, text: T.done }, ...told.map((id) => ({ to: { userId: id }, text: T.toStaff(userId), notBefore }))];
  }

  /**
   * Erases a person (their /forget, or an admin's /remove): name, roles, child links,
   * consent, requests, flows, bookings and stream entries go; they leave the chats.
   * Each step is idempotent, so a removal resumed after a crash runs it again.
   * Returns the memberships they held (ids only matter to the caller's audit entry).
   */
  async erase(userId: number, actorId: number): Promise<Membership[]> {
    // Requests first (a pending one is closed, so no reviewer decides it later), then roles and links.
    await this.forgetRequests(userId);
    const removed = await this.org.people.removePerson(userId);
    await forgetRemovedPerson(this.org, actorId, userId, removed);
    for (const u of await this.org.org.curatedUnits(userId)) await this.redis.srem(this.keys.unitCurators(u), String(userId));
    // Out of the chats now, while the bot still knows where it placed them; then forget the placements.
    await this.chats.syncPerson(userId);
    for (const chat of await this.chats.store.all()) {
      await this.redis.multi().hdel(this.keys.chatPlacements(chat.chatId), String(userId)).srem(this.keys.chatGuests(chat.chatId), String(userId)).exec();
    }
    await this.forgetKeys(userId);
    await this.forgetStreamEntries(userId);
    return removed;
  }

  /**
   * A pending request the person filed is deleted. A decided one stays until it expires
   * (a stale card's button still answers «already decided»; the statistics counted it when it
   * was decided) with neither their name nor their id; requests they decided lose their id.
   */
  private async forgetRequests(userId: number): Promise<void> {
    for (const key of await this.scan(this.keys.request('*'))) {
      if (key.startsWith(this.keys.requestOpenPrefix)) continue;
      const raw = await this.redis.get(key);
      if (!raw) continue;
      let r: { id?: string; userId?: number; decidedBy?: number };
      try {
        r = JSON.parse(raw) as typeof r;
      } catch {
        continue;
      }
      if (r.userId === userId && (r as { status?: string }).status === 'pending') {
        await this.redis.multi().del(key).zrem(this.keys.requestsPending, r.id ?? '').exec();
      } else if (r.userId === userId) {
        await this.redis.set(key, JSON.stringify({ ...r, userId: 0, fullName: '', children: undefined, decidedBy: r.decidedBy === userId ? 0 : r.decidedBy }), 'KEEPTTL');
      } else if (r.decidedBy === userId) {
        await this.redis.set(key, JSON.stringify({ ...r, decidedBy: 0 }), 'KEEPTTL');
      }
    }
    for (const key of await this.scan(`${this.keys.requestOpenPrefix}${userId}:*`)) await this.redis.del(key);
  }

  /** Keys named by the person's id: flows, /later bookings, counters; and set members. */
  private async forgetKeys(userId: number): Promise<void> {
    const patterns = [
      `${this.keys.flow(userId, '*')}`,
      this.keys.later(userId),
      this.keys.badCodes(userId),
      this.keys.violations(0, userId).replace(/:0:/, ':*:'),
      this.keys.accountAlerts(userId, 0).replace(/:0$/, ':*'),
      // Once-only guards of the person's flow steps (their keys name the user).
      this.keys.feedbackDone(`flow:${userId}:*`),
    ];
    for (const pattern of patterns) for (const key of await this.scan(pattern)) await this.redis.del(key);
    await this.redis.del(this.keys.activeFlow(userId));
    await this.redis.srem(this.keys.configAdminsSeen, String(userId));
    // The person's dialog id, kept so that a resumed broadcast can check a send.
    await this.redis.hdel(this.keys.dialogChats, String(userId));
    // Violations a «Это ошибка» button names (chat, person, rule; no text).
    for (const key of await this.scan(this.keys.violationRef('*'))) {
      if ((await this.redis.hget(key, 'userId')) === String(userId)) await this.redis.del(key);
    }
    for (const key of await this.scan(this.keys.inviteUsers('*'))) await this.redis.srem(key, String(userId));
    for (const key of await this.scan(this.keys.recordingAnswers('*'))) await this.redis.hdel(key, String(userId));
  }

  /** Stream entries about the person: domain events, consent refusals, feedback, violations. */
  private async forgetStreamEntries(userId: number): Promise<void> {
    const id = String(userId);
    // The violation log is a sorted set ("<chat>|<user>|<mid>|<rule>"), not a stream.
    for (const member of await this.redis.zrange(this.keys.violationLog, '0', '-1')) {
      if (member.split('|')[1] === id) await this.redis.zrem(this.keys.violationLog, member);
    }
    for (const stream of [this.keys.events, this.keys.consentRefusals, this.keys.feedback]) {
      let start = '-';
      for (;;) {
        const rows = await this.redis.xrange(stream, start, '+', 'COUNT', SCAN_COUNT);
        const mine = rows.filter(([, fields]) => fields.some((f, i) => (i % 2 === 1 && f === id) || (i % 2 === 1 && f.includes(`"userId":${id}`))));
        if (mine.length > 0) await this.redis.xdel(stream, ...mine.map(([entryId]) => entryId));
        if (rows.length < SCAN_COUNT) break;
        start = `(${rows.at(-1)![0]}`;
      }
    }
  }

  private async scan(pattern: string): Promise<string[]> {
    const out: string[] = [];
    let cursor = '0';
    do {
      const [next, keys] = await this.redis.scan(cursor, 'MATCH', pattern, 'COUNT', SCAN_COUNT);
      cursor = next;
      out.push(...keys);
    } while (cursor !== '0');
    return out;
  }
}
