// Joining (SPEC §3.3): opening an invite starts the join flow; its end files a
// join request with the reviewers; a reviewer approves or rejects it.
import { createHash } from 'node:crypto';
import type { FlowRunner } from '../flows/runner.js';
import type { JoinApplication } from './effects.js';
import type { JoinInput } from '../flows/org/join.js';
import { needsParentConsent } from '../policy/child-consent.js';
import { FAMILY_ROLES, type Role } from '../policy/roles.js';
import { InviteStore, INVITE_CODE } from '../store/invite-store.js';
import { STAFF_ROOM_ID } from '../store/org-store.js';
import type { ChildRef } from '../store/people-store.js';
import type { JoinRequest } from '../store/request-store.js';
import { decideRequest } from './buttons.js';
import type { UpdateContext } from '../bot/context.js';
import type { DomainOutcome } from '../bot/effects.js';
import type { OutgoingMessage } from '../bot/outbox.js';
import type { ChildConsent } from './child-consent.js';
import type { ChildLinks } from './child-links.js';
import { CONSENT_TEXTS as C } from './consent-texts.js';
import type { Organisation } from './organisation.js';
import { DENIALS, ORG_TEXTS as T } from './texts.js';

/** More invalid codes than this within an hour and the person is asked to wait. */
export const BAD_CODES_PER_HOUR = 10;

export class Joining {
  constructor(
    private readonly org: Organisation,
    private readonly flows: FlowRunner,
    readonly links: ChildLinks,
    /** The card's line about the class list (roster import), if one was loaded. */
    private readonly listed: (r: JoinRequest) => Promise<string | null> = async () => null,
    /** A parent's consent for a younger pupil (absent: pupils consent themselves, as before). */
    private readonly consent: ChildConsent | null = null,
  ) {}

  private async baseInput(): Promise<Pick<JoinInput, 'orgName' | 'unitWord' | 'hours'>> {
    const settings = await this.org.org.settings();
    return { orgName: settings.name ?? 'организацию', unitWord: settings.unitWord, hours: this.org.config.WORK_HOURS };
  }

  /** Will a pupil of this unit need a parent's consent (the join flow says so before asking)? */
  private async parentConsent(unitName: string | null): Promise<boolean> {
    if (!this.consent) return false;
    return needsParentConsent(unitName, (await this.org.org.settings()).selfConsentGrade);
  }

  /** bot_started with a payload: an invite code (or garbage, which counts as an invalid code). */
  async openInvite(ctx: UpdateContext, payload: string): Promise<void> {
    const userId = ctx.actor!.userId;
    if ((await this.org.invites.badCodeCount(userId)) >= BAD_CODES_PER_HOUR) return ctx.reply(T.tooManyBadCodes);
    const now = this.org.now();
    const code = payload.trim();
    const invite = INVITE_CODE.test(code) ? await this.org.invites.get(code) : null;
    const state = InviteStore.stateOf(invite, now);
    const unit = invite?.unitId ? await this.org.org.unit(invite.unitId) : null;
    if (state !== 'live' || !invite || (invite.unitId && (!unit || unit.archived))) {
      const count = await this.org.invites.noteBadCode(userId);
      if (count === BAD_CODES_PER_HOUR + 1 || count === BAD_CODES_PER_HOUR) {
        await this.org.audit.append(userId, 'invite.bad_codes', `user:${userId}`, { count });
      }
      if (count > BAD_CODES_PER_HOUR) return ctx.reply(T.tooManyBadCodes);
      return ctx.reply(state === 'live' ? T.inviteStates.revoked : T.inviteStates[state]);
    }
    const existing = await this.org.people.membership(userId, invite.role, invite.unitId);
    if (existing?.status === 'verified' && invite.role !== 'parent') return ctx.reply(T.alreadyMember);
    const input: JoinInput = {
      ...(await this.baseInput()),
      mode: 'invite',
      inviteCode: invite.code,
      role: invite.role,
      unitId: invite.unitId,
      unitName: unit?.name ?? null,
      units: [],
      parentConsent: invite.role === 'student' && (await this.parentConsent(unit?.name ?? null)),
    };
    await this.flows.start(userId, 'join', ctx.updateId, input, ctx);
  }

  /** /join: a request without an invite; it goes to the admins. */
  async selfJoin(ctx: UpdateContext): Promise<void> {
    const units = await Promise.all(
      (await this.org.org.listUnits())
        .filter((u) => u.id !== STAFF_ROOM_ID)
        .map(async (u) => ({ id: u.id, name: u.name, parentConsent: await this.parentConsent(u.name) })),
    );
    const input: JoinInput = { ...(await this.baseInput()), mode: 'self', inviteCode: null, role: null, unitId: null, unitName: null, units };
    await this.flows.start(ctx.actor!.userId, 'join', ctx.updateId, input, ctx);
  }

  /** The join flow's end: count the invite's use, file the request, tell the reviewers. */
  async submit(userId: number, app: JoinApplication, key: string): Promise<OutgoingMessage[]> {
    const now = this.org.now();
    if (app.inviteCode) {
      const redeemed = await this.org.invites.redeem(app.inviteCode, userId, now);
      if (redeemed !== 'ok' && redeemed !== 'already') return [{ to: { userId }, text: T.inviteStates[redeemed] }];
      if (redeemed === 'ok')
        await this.org.audit.append(userId, 'invite.used', `invite:${app.inviteCode.slice(0, 6)}`, { role: app.role, unit: app.unitId ?? '-' });
    }
    // The typed name is matched against the class here, never shown to the parent.
    const children: ChildRef[] | undefined = app.child ? [await this.links.resolve(app.unitId, app.child)] : undefined;
    // The id derives from the step key: performing the step again files the same request.
    const id = createHash('sha256').update(key).digest('base64url').slice(0, 12);
    const request: Omit<JoinRequest, 'status'> = {
      id,
      userId,
      role: app.role,
      unitId: app.unitId,
      fullName: app.fullName,
      children,
      inviteCode: app.inviteCode,
      createdAt: now,
    };
    const created = await this.org.requests.create(request);
    if (!created.created && created.id !== id) return [{ to: { userId }, text: T.requestAlreadyOpen }];
    await this.org.people.saveProfile(userId, app.fullName, now);
    // A verified member asking again (a parent adding a child) is left as they are until a
    // reviewer decides: approving merges the new child in, rejecting leaves nothing behind.
    const existing = await this.org.people.membership(userId, app.role, app.unitId);
    if (existing?.status !== 'verified') {
      await this.org.people.putMembership(userId, { role: app.role, unitId: app.unitId, status: 'pending', since: now, requestId: id, children });
    }
    if (created.created) await this.org.audit.append(userId, 'request.created', `request:${id}`, { user: userId, role: app.role, unit: app.unitId ?? '-' });
    const reviewers = await this.org.reviewersOf(request);
    // A younger pupil's request waits for a parent's consent: their parents are asked (once).
    // A join request is not urgent: reviewers get it within working hours (003 6.2).
    const opening = await this.org.nonUrgentOpening();
    const notBefore = opening?.at;
    const filed = (await this.org.requests.get(id)) ?? { ...request, status: 'pending' as const };
    const consentAsk =
      this.consent && app.role === 'student' && filed.status === 'pending' && (await this.org.consentMissing(filed))
        ? await this.consent.onFiled(filed, !created.created, opening)
        : null;
    // Read again: the card says whether the parents were asked.
    const card = await this.card(consentAsk ? ((await this.org.requests.get(id)) ?? filed) : filed);
    // Outside working hours the author is told when the request will be seen.
    const sent = opening === undefined ? T.requestSent : T.requestSentWaits(opening.text);
    return [
      ...(consentAsk ?? [{ to: { userId }, text: sent }]),
      ...reviewers.map((r) => ({ to: { userId: r }, ...card, notBefore, about: { userIds: [userId], requestId: id } })),
    ];
  }

  /**
   * A refusal of consent (000 1.8): only the refusal is recorded (id and time), and the curator
   * of the unit — for staff roles, or a unit without a curator, the admins — gets a short note,
   * so that someone offers the offline alternatives. The note carries the name the person typed:
   * staff see the names of those who apply anyway (on request cards).
   */
  async consentRefused(userId: number, who?: { role: Role | null; unitId: string | null; fullName: string }): Promise<OutgoingMessage[]> {
    await this.org.people.recordConsentRefusal(userId, this.org.now());
    await this.org.audit.append(userId, 'consent.refused', `user:${userId}`, who?.unitId ? { unit: who.unitId } : {});
    if (!who?.role || !who.fullName) return [];
    const family = FAMILY_ROLES.includes(who.role) && who.unitId !== null;
    const curators = family ? await this.org.org.curators(who.unitId!) : [];
    const to = (curators.length > 0 ? curators : await this.org.people.holders('admin', 'verified')).filter((r) => r !== userId);
    const notBefore = await this.org.nonUrgentAt();
    const text = C.refusalNote(who.fullName, who.role, await this.org.unitName(who.unitId));
    return to.map((r) => ({ to: { userId: r }, text, about: { userIds: [userId] }, ...(notBefore ? { notBefore } : {}) }));
  }

  /** The request as reviewers see it, with approve / reject buttons. */
  async card(r: JoinRequest): Promise<{ text: string; keyboard: OutgoingMessage['keyboard'] }> {
    const child = await this.links.cardChild(r);
    const listed = await this.listed(r);
    const consent = this.consent ? await this.consent.cardPart(r) : { line: null, keyboard: [] };
    return {
      text: T.requestCard({
        fullName: r.fullName,
        role: r.role,
        unit: await this.org.unitName(r.unitId),
        child: [child.line, listed, consent.line].filter(Boolean).join('\n') || null,
        viaInvite: r.inviteCode !== null,
      }),
      // The decision first; picking the pupil from the class list, or recording a written consent, is the extra step.
      keyboard: [
        [
          { text: T.approve, payload: decideRequest.encode(r.id, 'y') },
          { text: T.reject, payload: decideRequest.encode(r.id, 'n') },
        ],
        ...(child.pick ?? []),
        ...consent.keyboard,
      ],
    };
  }

  /**
   * A reviewer's rejection (from the reject flow): tell the person, with the reason. The names
   * are forgotten once the step that plans the messages naming them is committed (afterCommit):
   * forgotten before, a crash in between had the step, performed again, say «Заявка отклонена: .».
   */
  async reject(reviewerId: number, requestId: string, reason: string, key: string): Promise<DomainOutcome> {
    const res = await this.org.reject(reviewerId, requestId, reason, key);
    if (res.result === 'missing' || !res.request) return [{ to: { userId: reviewerId }, text: T.requestGone }];
    if (res.result === 'already') return [{ to: { userId: reviewerId }, text: T.alreadyDecided }];
    // The reviewer lost the right to decide between pressing «Отклонить» and giving the reason.
    if (res.result === 'denied') return [{ to: { userId: reviewerId }, text: DENIALS.not_allowed }];
    // A rejected applicant's name goes with the rejection: from the request, and from the
    // person's record unless they hold another role here.
    const request = res.request;
    return {
      messages: [
        { to: { userId: reviewerId }, text: T.rejected(request.fullName) },
        { to: { userId: request.userId }, text: T.youRejected(reason, request.role) },
      ],
      afterCommit: async () => {
        await this.org.requests.forgetNames(request.id);
        await this.org.people.forgetProfileIfNoRoles(request.userId);
        await this.flows.forgetFinished(request.userId, 'join');
      },
    };
  }
}
