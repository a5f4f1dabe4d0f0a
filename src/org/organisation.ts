// The organisation feature's domain service: joins the stores, the permission
// table, the audit log and domain events. Command and button handlers call it;
// it returns what to tell whom and never sends anything itself.
import type { Config } from '../config.js';
import { formatOpening, nextOpening, type WorkingHours } from '../policy/hours/index.js';
import { applyOverride, defaultSettings, effectiveHours, FIVE_DAY_WEEK, parseOverride, SIX_DAY_WEEK, type HoursSettings } from '../policy/hours/settings.js';
import type { OutgoingMessage } from '../bot/outbox.js';
import type { DomainEffects } from '../flows/types.js';
import { ORG_TEXTS } from './texts.js';
import { authorize, CURATOR_INVITABLE, type ActorRoles, type CommandName, type Decision } from '../policy/permissions.js';
import { needsParentConsent } from '../policy/child-consent.js';
import { FAMILY_ROLES, type Role } from '../policy/roles.js';
import { AuditLog } from '../store/audit-log.js';
import type { IntentStore } from '../store/intent-store.js';
import type { InviteStore } from '../store/invite-store.js';
import type { OrgStore, Unit } from '../store/org-store.js';
import type { ChildRef, PeopleStore } from '../store/people-store.js';
import type { JoinRequest, RequestStore } from '../store/request-store.js';
import { DomainEvents, type DomainEvent } from './events.js';

export interface OrgDeps {
  config: Config;
  org: OrgStore;
  people: PeopleStore;
  invites: InviteStore;
  requests: RequestStore;
  audit: AuditLog;
  events: DomainEvents;
  intents: IntentStore;
  now?: () => number;
}

export class Organisation {
  readonly org: OrgStore;
  readonly people: PeopleStore;
  readonly invites: InviteStore;
  readonly requests: RequestStore;
  readonly audit: AuditLog;
  readonly events: DomainEvents;
  readonly intents: IntentStore;
  readonly config: Config;
  readonly now: () => number;

  constructor(deps: OrgDeps) {
    this.org = deps.org;
    this.people = deps.people;
    this.invites = deps.invites;
    this.requests = deps.requests;
    this.audit = deps.audit;
    this.events = deps.events;
    this.intents = deps.intents;
    this.config = deps.config;
    this.now = deps.now ?? Date.now;
  }

  /**
   * The staff room exists from the start, and each id in ADMIN_USER_IDS is made an admin
   * the first time it is seen — so an admin dismissed later stays dismissed after a restart.
   */
  async bootstrap(): Promise<void> {
    await this.org.bootstrap(this.now());
    // A one-time migration: the verified-role index for people stored before it existed.
    await this.people.buildVerifiedIndex();
    for (const userId of this.config.ADMIN_USER_IDS) {
      if (await this.people.firstSeenConfigAdmin(userId)) {
        await this.people.putMembership(userId, { role: 'admin', unitId: null, status: 'verified', since: this.now() });
      }
    }
  }

  /** /setup finished (the `org.save` effect): the settings, the working week, an audit line, and the confirmation. */
  async saveSetup(userId: number, e: DomainEffects['org.save']): Promise<OutgoingMessage[]> {
    await this.org.saveSettings({
      name: e.name,
      timeZone: e.timeZone,
      unitWord: e.unitWord,
      finalGrade: e.finalGrade,
      selfConsentGrade: e.selfConsentGrade,
    });
    // The zone lives only in the settings; the hours keep the window and the working week.
    await this.org.saveHours({ ...(await this.hoursSettings()), days: e.week === 6 ? SIX_DAY_WEEK : FIVE_DAY_WEEK });
    await this.audit.append(userId, 'org.setup', 'org', {
      timeZone: e.timeZone,
      week: e.week,
      finalGrade: e.finalGrade,
      selfConsentGrade: e.selfConsentGrade,
    });
    return [{ to: { userId }, text: ORG_TEXTS.setupDone(e.name, e.timeZone, e.unitWord) }];
  }

  /** What is set about the organisation's hours (/hours, /setup), over the configured window and a five-day week. */
  async hoursSettings(): Promise<HoursSettings> {
    return applyOverride(defaultSettings(this.config.WORK_HOURS), parseOverride(await this.org.hours()));
  }

  /**
   * The organisation's working hours (003 6.2) in force: its settings in the zone from /setup,
   * with Russia's production calendar (holidays, transfers) and the admin's own days.
   */
  async workingHours(): Promise<WorkingHours> {
    // One computed object per generation of the settings, so the period computations cached on it are reused.
    if (this.parsedHours?.generation === this.org.generation) return this.parsedHours.hours;
    const hours = await this.hoursIn(await this.hoursSettings());
    this.parsedHours = { generation: this.org.generation, hours };
    return hours;
  }

  /** Settings (the organisation's or a chat's) as the schedule in force, in the organisation's zone. */
  async hoursIn(settings: HoursSettings): Promise<WorkingHours> {
    const { timeZone } = await this.org.settings();
    return effectiveHours(settings, timeZone, this.now());
  }

  private parsedHours: { generation: number; hours: WorkingHours } | null = null;

  /** When a non-urgent message may go out: undefined in working hours (now), else the next opening. */
  async nonUrgentAt(): Promise<number | undefined> {
    const now = this.now();
    const at = nextOpening(await this.workingHours(), now);
    return at && at.getTime() > now ? at.getTime() : undefined;
  }

  /** As nonUrgentAt, with the opening as people are told it («ДД.ММ.ГГГГ в ЧЧ:ММ», the organisation's zone). */
  async nonUrgentOpening(): Promise<{ at: number; text: string } | undefined> {
    const at = await this.nonUrgentAt();
    return at === undefined ? undefined : { at, text: formatOpening(at, (await this.org.settings()).timeZone) };
  }

  async actor(userId: number): Promise<ActorRoles> {
    // One round trip for both: asked for nearly every command and button.
    const facts = (await this.people.rolesAndCurated([userId])).get(userId)!;
    return { roles: new Set(facts.memberships.filter((m) => m.status === 'verified').map((m) => m.role)), curatedUnits: new Set(facts.curates) };
  }

  async authorize(userId: number, command: CommandName, target?: { unitId?: string | null; role?: Role }): Promise<Decision> {
    return authorize(await this.actor(userId), command, target);
  }

  async unitName(unitId: string | null): Promise<string | null> {
    if (!unitId) return null;
    return (await this.org.unit(unitId))?.name ?? null;
  }

  /** Who decides a request: the unit's curators for students and parents who came by invite, else the admins. */
  async reviewersOf(req: Pick<JoinRequest, 'role' | 'unitId' | 'inviteCode'>): Promise<number[]> {
    if (FAMILY_ROLES.includes(req.role) && req.unitId && req.inviteCode) {
      const curators = await this.org.curators(req.unitId);
      if (curators.length > 0) return curators;
    }
    return this.people.holders('admin', 'verified');
  }

  /** May this person decide this request? Checked again at every press. */
  async mayDecide(userId: number, req: JoinRequest): Promise<boolean> {
    return decides(await this.actor(userId), req);
  }

  /** Pending requests this person may decide (their roles read once, not once a request). */
  async requestsFor(userId: number): Promise<JoinRequest[]> {
    const [all, actor] = await Promise.all([this.requests.pending(), this.actor(userId)]);
    return all.filter((r) => decides(actor, r));
  }

  async childNames(children: ChildRef[] | undefined): Promise<string | null> {
    if (!children || children.length === 0) return null;
    const ids = children.filter((c): c is { userId: number } => 'userId' in c).map((c) => c.userId);
    const names = await this.people.fullNames(ids);
    return children.map((c) => ('userId' in c ? (names.get(c.userId) ?? `id ${c.userId}`) : c.name)).join(', ');
  }

  /**
   * Does this request wait for a parent's consent? A pupil below the organisation's
   * self-consent grade (or of a unit whose grade cannot be read) until a parent confirmed or
   * a reviewer recorded the school's written consent.
   */
  async consentMissing(r: Pick<JoinRequest, 'role' | 'unitId' | 'consent'>): Promise<boolean> {
    if (r.role !== 'student' || r.consent) return false;
    const [unitName, settings] = await Promise.all([this.unitName(r.unitId), this.org.settings()]);
    return needsParentConsent(unitName, settings.selfConsentGrade);
  }

  /**
   * Approves: the person becomes a verified member with the role (and unit, and child link).
   * `key` identifies the deciding update: handled again, it answers 'ok' again. A decision
   * half-applied by a crash is completed by whoever comes next (see RequestStore).
   * A pupil's request that waits for a parent's consent is not approved: the approval is held
   * ('consent') and completed when the consent comes (src/org/child-consent.ts).
   */
  async approve(
    reviewerId: number,
    requestId: string,
    key: string,
  ): Promise<{ result: 'ok' | 'already' | 'missing' | 'denied' | 'consent'; request: JoinRequest | null }> {
    const req = await this.requests.get(requestId);
    if (req && req.status === 'pending' && (await this.consentMissing(req))) {
      if (!(await this.mayDecide(reviewerId, req))) return { result: 'denied', request: req };
      if (req.heldBy !== reviewerId) await this.requests.patchPending(requestId, { heldBy: reviewerId });
      return { result: 'consent', request: { ...req, heldBy: reviewerId } };
    }
    return this.decide(reviewerId, requestId, 'approved', '', key);
  }

  async reject(
    reviewerId: number,
    requestId: string,
    reason: string,
    key: string,
  ): Promise<{ result: 'ok' | 'already' | 'missing' | 'denied'; request: JoinRequest | null }> {
    return this.decide(reviewerId, requestId, 'rejected', reason, key);
  }

  /** Completes a decision left half-applied (e.g. by a crash); nothing when there is none. */
  async completeDecision(requestId: string): Promise<void> {
    const r = await this.requests.get(requestId);
    if (r && r.status !== 'pending' && r.applied === false) await this.apply(r);
  }

  private async decide(
    reviewerId: number,
    requestId: string,
    status: 'approved' | 'rejected',
    reason: string,
    key: string,
  ): Promise<{ result: 'ok' | 'already' | 'missing' | 'denied'; request: JoinRequest | null }> {
    const req = await this.requests.get(requestId);
    if (!req) return { result: 'missing', request: null };
    if (!(await this.mayDecide(reviewerId, req))) return { result: 'denied', request: req };
    const decided = await this.requests.decide(requestId, status, reviewerId, reason, this.now(), key);
    const r = decided.request;
    if (decided.result === 'missing' || !r) return { result: 'missing', request: null };
    if (decided.result === 'already') return { result: 'already', request: r };
    if (decided.result === 'repeat') {
      // Applied already under this key: only the (idempotent) listeners may have been missed.
      if (r.status === 'approved' && r.appliedEvent) await this.events.notify(verifiedEvent(r), r.appliedEvent);
      // The person was erased since: nobody to tell or name; the update is answered as decided.
      if (r.userId === 0) return { result: 'already', request: r };
      // Its answer names the person: a compact approved request keeps no name.
      return { result: 'ok', request: await this.requests.named(r) };
    }
    await this.apply(r);
    // A decision another update made (left half-applied, or still being applied) is completed
    // here but answered as already decided: that update, handled again, tells the people.
    return { result: decided.result === 'ok' ? 'ok' : 'already', request: r };
  }

  /** The decision's effects, each idempotent; the last step (audit, event, applied flag) is one script. */
  private async apply(r: JoinRequest): Promise<void> {
    const by = r.decidedBy ?? 0;
    const at = r.decidedAt ?? this.now();
    const details = { user: r.userId, role: r.role, unit: r.unitId ?? '-' };
    if (r.status === 'approved') {
      await this.people.putMembership(r.userId, { role: r.role, unitId: r.unitId, status: 'verified', since: at, requestId: r.id, children: r.children });
      if (r.role === 'curator' && r.unitId) await this.org.addCurator(r.unitId, r.userId);
      const event = verifiedEvent(r);
      const eventId = await this.requests.applied(r.id, AuditLog.fields(by, 'request.approved', `request:${r.id}`, details, at), DomainEvents.fields(event));
      // The entry went in through the script: its listeners (statistics) are told here.
      await this.audit.notify({ actor: by, action: 'request.approved', target: `request:${r.id}`, details });
      if (eventId) await this.events.notify(event, eventId);
      return;
    }
    // A rejected person keeps no pending role for this request.
    const m = await this.people.membership(r.userId, r.role, r.unitId);
    if (m && m.status === 'pending') await this.people.removeMembership(r.userId, r.role, r.unitId);
    await this.requests.applied(r.id, AuditLog.fields(by, 'request.rejected', `request:${r.id}`, details, at), []);
    await this.audit.notify({ actor: by, action: 'request.rejected', target: `request:${r.id}`, details });
  }

  /** Every live unit the person may act on for the command (all for admins, own for curators). */
  async unitsInScope(userId: number, command: CommandName): Promise<Unit[]> {
    const actor = await this.actor(userId);
    const units = await this.org.listUnits();
    return units.filter((u) => authorize(actor, command, { unitId: u.id }).ok);
  }
}

function decides(actor: ActorRoles, req: JoinRequest): boolean {
  if (actor.roles.has('admin')) return true;
  if (!CURATOR_INVITABLE.includes(req.role) || !req.unitId) return false;
  return authorize(actor, 'requests', { unitId: req.unitId }).ok;
}

function verifiedEvent(r: JoinRequest): DomainEvent {
  return { type: 'person.verified', userId: r.userId, role: r.role, unitId: r.unitId };
}
