// /report from a dialog, after the person confirmed in the report flow:
//   - unauthorised access or a lost account (001 4.5.2) alerts every admin at once,
//     whatever the hour — at most ALERTS_PER_DAY times per person per day, so one
//     person cannot flood the admins;
//   - anything else goes, as the person wrote it, to the curators of their classes
//     (or the admins), within working hours.
// Each handler is keyed by the flow step, so a step performed twice counts once.
import type { Redis } from 'ioredis';
import type { Keys } from '../store/keys.js';
import { defineScripts } from '../store/scripts.js';
import type { OutgoingMessage } from '../bot/outbox.js';
import type { Organisation } from '../org/organisation.js';
import { CONDUCT_TEXTS as T } from './texts.js';

export const ALERTS_PER_DAY = 3;
const DAY_MS = 24 * 3600 * 1000;

/** The feature's own scripts: src/conduct/lua/ (here conductAlertPlace-1.lua). */
const LUA = new URL('./lua/', import.meta.url);

type AlertRedis = Redis & { conductAlertPlace(alerts: string, stepKey: string, ttlSeconds: number): Promise<[number, number]> };

export class AccountReports {
  private readonly redis: AlertRedis;

  constructor(
    private readonly org: Organisation,
    redis: Redis,
    private readonly keys: Keys,
  ) {
    defineScripts(redis, LUA);
    this.redis = redis as AlertRedis;
  }

  async account(userId: number, kind: 'misuse' | 'lost', key: string): Promise<OutgoingMessage[]> {
    const now = this.org.now();
    const day = Math.floor(now / DAY_MS);
    const [place, added] = await this.redis.conductAlertPlace(this.keys.accountAlerts(userId, day), key, 2 * 24 * 3600);
    if (place > ALERTS_PER_DAY) return [{ to: { userId }, text: T.reportLimit }];
    const name = (await this.org.people.fullNames([userId])).get(userId) ?? `id ${userId}`;
    if (added === 1) await this.org.audit.append(userId, 'security.report', `user:${userId}`, { kind });
    const alerts: OutgoingMessage[] = (await this.org.people.holders('admin', 'verified'))
      .filter((a) => a !== userId)
      .map((a) => ({ to: { userId: a }, text: kind === 'lost' ? T.reportAdminsLost(userId, name) : T.reportAdmins(userId, name) }));
    return [...alerts, { to: { userId }, text: kind === 'lost' ? T.reportLostDone : T.reportDialogDone }];
  }

  async other(userId: number, text: string): Promise<OutgoingMessage[]> {
    const person = await this.org.people.person(userId);
    const units = [...new Set((person?.memberships ?? []).filter((m) => m.status === 'verified' && m.unitId).map((m) => m.unitId!))];
    const curators = new Set<number>();
    for (const u of units) for (const c of await this.org.org.curators(u)) if (c !== userId) curators.add(c);
    const to = curators.size > 0 ? [...curators] : (await this.org.people.holders('admin', 'verified')).filter((a) => a !== userId);
    const name = person?.fullName ?? `id ${userId}`;
    // Not urgent: it waits for the recipients' working hours (003 6.2).
    const opening = await this.org.nonUrgentOpening();
    const notBefore = opening?.at;
    return [
      ...to.map((c) => ({ to: { userId: c }, text: T.reportOther(name, text), ...(notBefore ? { notBefore } : {}) })),
      {
        to: { userId },
        text: [curators.size > 0 ? T.reportOtherDoneCurator : T.reportOtherDoneAdmins, ...(opening ? [T.reportOtherSeenAt(opening.text)] : [])].join(' '),
      },
    ];
  }
}
