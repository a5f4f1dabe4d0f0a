// The figures of /stats for a period: the day counters summed (see counters.ts), plus
// a snapshot of who is in the organisation now and of the bound chats. A scope of
// units (a curator's classes) reads only those units' shares of every counter.
import type { Redis } from 'ioredis';
import { Chats } from '../chats/chats.js';
import type { ChatKind } from '../policy/chat-membership.js';
import { RULE_IDS, type RuleId } from '../policy/etiquette/index.js';
import { ROLES, type Role } from '../policy/roles.js';
import type { ChatStore } from '../store/chat-store.js';
import type { Keys } from '../store/keys.js';
import type { OrgStore } from '../store/org-store.js';
import { decodeRolesHash } from '../store/membership-codec.js';
import type { RequestStore } from '../store/request-store.js';
import { METRICS, type Metric } from './counters.js';
import { lastDays } from '../policy/days.js';

export type StatsScope = { kind: 'all' } | { kind: 'units'; unitIds: string[] };

export interface UnitFigures {
  unitId: string;
  name: string;
  /** Role → people holding it in the unit, confirmed (those waiting are in `waiting`). */
  byRole: Partial<Record<Role, number>>;
  waiting: number;
  violations: number;
  messages: number;
}

export interface StatsFigures {
  days: string[];
  zone: string;
  scope: StatsScope;
  /** Confirmed role holders now (a person with two roles counts in each). */
  byRole: Record<Role, number>;
  /** Memberships confirmed / still waiting for a reviewer. */
  verified: number;
  waiting: number;
  units: UnitFigures[];
  /** Sums over the period. */
  totals: Record<Metric, number>;
  violationsByRule: Record<RuleId, number>;
  /** «Это ошибка» pressed, per rule. */
  falseAlarmsByRule: Record<RuleId, number>;
  /** Median time from a join request to its decision, ms; null without decisions. */
  medianDecisionMs: number | null;
  chats: { boundByKind: Partial<Record<ChatKind, number>>; belong: number; joined: number; missingRights: number };
  /** Per day: messages in bound chats and all counted events, for the activity line. */
  daily: Array<{ day: string; messages: number; events: number }>;
}

export class StatsQuery {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
    private readonly org: OrgStore,
    private readonly requests: RequestStore,
    private readonly chats: ChatStore,
    /** Writes the counts this process still holds (StatsCounters.flush), so the figures include them. */
    private readonly beforeRead: () => Promise<void> = async () => undefined,
  ) {}

  async figures(period: number, scope: StatsScope, now: number): Promise<StatsFigures> {
    await this.beforeRead();
    const zone = (await this.org.settings()).timeZone;
    const days = lastDays(period, now, zone);
    // The staff room is where staff are kept, not a class: it has no line or bar of its own.
    const live = (await this.org.listUnits()).filter((u) => !u.staffRoom && (scope.kind === 'all' || scope.unitIds.includes(u.id)));
    const liveIds = new Set(live.map((u) => u.id));

    // Counters: one pipeline of HGETALLs (≤365) and ZRANGEs for the decision times.
    const pipe = this.redis.pipeline();
    for (const d of days) pipe.hgetall(this.keys.statsDay(d));
    for (const d of days) pipe.zrange(this.keys.statsDecisions(d), '0', '-1', 'WITHSCORES');
    const res = (await pipe.exec()) ?? [];
    const dayHashes = days.map((_, i) => (res[i]?.[1] ?? {}) as Record<string, string>);
    const decisionRows = days.map((_, i) => (res[days.length + i]?.[1] ?? []) as string[]);

    const totals = Object.fromEntries(METRICS.map((m) => [m, 0])) as Record<Metric, number>;
    const perUnit = new Map<string, Map<string, number>>();
    const daily: StatsFigures['daily'] = [];
    dayHashes.forEach((h, i) => {
      let messages = 0;
      let events = 0;
      for (const [field, raw] of Object.entries(h)) {
        const n = Number(raw) || 0;
        const at = field.indexOf('@');
        const metric = (at < 0 ? field : field.slice(0, at)) as Metric;
        if (!(metric in totals)) continue;
        if (at >= 0) {
          const unitId = field.slice(at + 1);
          const m = perUnit.get(unitId) ?? new Map<string, number>();
          m.set(metric, (m.get(metric) ?? 0) + n);
          perUnit.set(unitId, m);
          if (scope.kind === 'units' && scope.unitIds.includes(unitId)) {
            totals[metric] += n;
            if (metric === 'chat.messages') messages += n;
            else events += n;
          }
        } else if (scope.kind === 'all') {
          totals[metric] += n;
          if (metric === 'chat.messages') messages += n;
          else events += n;
        }
      }
      daily.push({ day: days[i]!, messages, events });
    });

    const decisions: number[] = [];
    for (const row of decisionRows) {
      for (let i = 0; i + 1 < row.length; i += 2) {
        const unit = row[i]!.slice(row[i]!.indexOf('@') + 1);
        if (scope.kind === 'all' || scope.unitIds.includes(unit)) decisions.push(Number(row[i + 1]));
      }
    }
    decisions.sort((a, b) => a - b);
    const medianDecisionMs =
      decisions.length === 0
        ? null
        : decisions.length % 2
          ? decisions[(decisions.length - 1) / 2]!
          : (decisions[decisions.length / 2 - 1]! + decisions[decisions.length / 2]!) / 2;

    // Snapshot of people: unit rosters (SMEMBERS) and role holders (SCARD) — no per-person reads.
    const peoplePipe = this.redis.pipeline();
    for (const u of live) peoplePipe.smembers(this.keys.unitPeople(u.id));
    for (const r of ROLES) peoplePipe.scard(this.keys.roleHolders(r));
    const peopleRes = (await peoplePipe.exec()) ?? [];
    const pending = await this.requests.pending();
    const waitingByUnit = new Map<string, number>();
    for (const r of pending) if (r.unitId) waitingByUnit.set(r.unitId, (waitingByUnit.get(r.unitId) ?? 0) + 1);
    // «Люди сейчас» counts the confirmed only: the role sets hold the waiting too, so the
    // memberships of those with a request waiting are read (a few) and taken off.
    const waitingIds = [...new Set(pending.map((r) => r.userId))];
    const rolesPipe = this.redis.pipeline();
    for (const id of waitingIds) rolesPipe.hgetall(this.keys.personRoles(id));
    const rolesRes = waitingIds.length > 0 ? ((await rolesPipe.exec()) ?? []) : [];
    const unconfirmed = new Set<string>(); // `${userId}|${role}` and `${userId}|${role}@${unitId}`
    waitingIds.forEach((id, i) => {
      const ms = decodeRolesHash((rolesRes[i]?.[1] ?? {}) as Record<string, string>);
      for (const m of ms) {
        if (m.status === 'verified') continue;
        if (m.unitId) unconfirmed.add(`${id}|${m.role}@${m.unitId}`);
        if (!ms.some((o) => o.role === m.role && o.status === 'verified')) unconfirmed.add(`${id}|${m.role}`);
      }
    });

    const units: UnitFigures[] = live.map((u, i) => {
      const byRole: Partial<Record<Role, number>> = {};
      for (const entry of (peopleRes[i]?.[1] ?? []) as string[]) {
        if (unconfirmed.has(`${entry}@${u.id}`)) continue;
        const role = entry.slice(entry.indexOf('|') + 1) as Role;
        byRole[role] = (byRole[role] ?? 0) + 1;
      }
      const m = perUnit.get(u.id);
      const violations = RULE_IDS.reduce((s, rule) => s + (m?.get(`violation.${rule}`) ?? 0), 0);
      return { unitId: u.id, name: u.name, byRole, waiting: waitingByUnit.get(u.id) ?? 0, violations, messages: m?.get('chat.messages') ?? 0 };
    });

    const byRole = Object.fromEntries(ROLES.map((r) => [r, 0])) as Record<Role, number>;
    let waiting: number;
    if (scope.kind === 'all') {
      for (const [i, r] of ROLES.entries()) byRole[r] = Number(peopleRes[live.length + i]?.[1] ?? 0);
      for (const key of unconfirmed) if (!key.includes('@')) byRole[key.slice(key.indexOf('|') + 1) as Role]--;
      waiting = pending.length;
    } else {
      for (const u of units) for (const [r, n] of Object.entries(u.byRole)) byRole[r as Role] += n;
      waiting = units.reduce((s, u) => s + u.waiting, 0);
    }
    const memberships = ROLES.reduce((s, r) => s + byRole[r], 0);

    const violationsByRule = Object.fromEntries(RULE_IDS.map((r) => [r, totals[`violation.${r}`]])) as Record<RuleId, number>;
    const falseAlarmsByRule = Object.fromEntries(RULE_IDS.map((r) => [r, totals[`false_alarm.${r}`] ?? 0])) as Record<RuleId, number>;
    return {
      days,
      zone,
      scope,
      byRole,
      verified: memberships,
      waiting,
      units,
      totals,
      violationsByRule,
      falseAlarmsByRule,
      medianDecisionMs,
      chats: await this.chatFigures(scope, liveIds),
      daily,
    };
  }

  private async chatFigures(scope: StatsScope, units: Set<string>): Promise<StatsFigures['chats']> {
    const bound = (await this.chats.bound()).filter((c) => scope.kind === 'all' || (c.unitId !== null && units.has(c.unitId)));
    const out: StatsFigures['chats'] = { boundByKind: {}, belong: 0, joined: 0, missingRights: 0 };
    for (const c of bound) {
      if (c.kind) out.boundByKind[c.kind] = (out.boundByKind[c.kind] ?? 0) + 1;
      if (Chats.missingRights(c).length > 0) out.missingRights++;
      for (const p of (await this.chats.placements(c.chatId)).values()) {
        if (p.state === 'removed' || p.state === 'left') continue;
        out.belong++;
        if (p.state === 'present') out.joined++;
      }
    }
    return out;
  }
}
