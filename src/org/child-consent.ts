// A parent's consent for a pupil (152-FZ art. 9; the school's regulation has younger pupils join
// «с помощью родителей»). A pupil below the organisation's self-consent grade (setting in /setup;
// a unit without a readable grade counts as below) is verified only once a verified parent of
// theirs confirmed with one button, or a reviewer recorded that the school holds the parent's
// written consent. Until then the request waits: a reviewer's «Подтвердить» is held
// (Organisation.approve) and completed when the consent comes.
//
// Which parents: verified parents in the pupil's unit whose child is the pupil — linked by id,
// or by the typed name, matched as ChildLinks matches it. Each parent is asked once per request
// (the request keeps whom it asked): when the pupil's request is filed, or when a parent of theirs
// is verified later.
import { matchPupil } from '../policy/names.js';
import { AuditLog } from '../store/audit-log.js';
import { RequestStore, type JoinRequest } from '../store/request-store.js';
import { type CallbackAction, type CallbackAnswer, onPress } from '../bot/commands/types.js';
import { parentConsent, writtenConsent } from './buttons.js';
import type { UpdateContext } from '../bot/context.js';
import type { Keyboard, OutgoingMessage, Outbox } from '../bot/outbox.js';
import type { ChildLinks } from './child-links.js';
import { CONSENT_TEXTS as C } from './consent-texts.js';
import type { DomainEvent } from './events.js';
import type { Organisation } from './organisation.js';
import { DENIALS, ORG_TEXTS as T } from './texts.js';

const note = (notification: string): CallbackAnswer => ({ notification });
const closed = (message: { text: string | null }, line: string): CallbackAnswer => ({ closeKeyboard: `${message.text ?? ''}\n\n${line}`.trim() });

export class ChildConsent {
  constructor(
    private readonly org: Organisation,
    private readonly links: ChildLinks,
    private readonly outbox: Outbox,
  ) {}

  /** The reviewer's button that records the school's written consent (and approves). */
  writtenButton(requestId: string): Keyboard {
    return [[{ text: C.writtenButton, payload: writtenConsent.encode(requestId) }]];
  }

  /** The request card's line about the consent, and the written-consent button while it is missing. */
  async cardPart(r: JoinRequest): Promise<{ line: string | null; keyboard: Keyboard }> {
    if (r.role !== 'student') return { line: null, keyboard: [] };
    if (r.consent) return { line: C.cardGot(r.consent.by), keyboard: [] };
    if (!(await this.org.consentMissing(r))) return { line: null, keyboard: [] };
    return { line: C.cardMissing((r.parentsAsked ?? []).length > 0, r.fullName), keyboard: r.status === 'pending' ? this.writtenButton(r.id) : [] };
  }

  /** Verified parents in the pupil's unit whose child this pupil is (by id, or by the typed name). */
  async parentsOf(r: Pick<JoinRequest, 'userId' | 'unitId' | 'fullName'>): Promise<number[]> {
    if (!r.unitId) return [];
    const pupils = await this.links.pupils(r.unitId);
    // The pending pupil is matched among the class, so a name two pupils share links to neither.
    const candidates = pupils.some((p) => p.userId === r.userId) ? pupils : [...pupils, { userId: r.userId, name: r.fullName }];
    const parents: number[] = [];
    for (const e of await this.org.people.roster(r.unitId)) {
      if (e.membership.role !== 'parent' || e.membership.status !== 'verified' || e.userId === r.userId) continue;
      const mine = (e.membership.children ?? []).some((c) => ('userId' in c ? c.userId === r.userId : matchPupil(c.name, candidates)?.userId === r.userId));
      if (mine) parents.push(e.userId);
    }
    return parents;
  }

  /**
   * Asks the pupil's parents not asked yet; records them as asked first, so a later event
   * does not ask again. Returns the questions (the caller queues them under its own key).
   * `again`: the same step performed once more (a crash before its messages were committed):
   * those asked already are asked in the returned messages too — the step's key lets the outbox
   * send them once. `notBefore`: when the asks may be delivered (working hours, 003 6.2) if the
   * caller has read it already — null for «now»; left out, it is read here.
   */
  async askParents(r: JoinRequest, again = false, notBefore?: number | null): Promise<{ messages: OutgoingMessage[]; parents: number[] }> {
    const parents = await this.parentsOf(r);
    const asked = new Set(r.parentsAsked ?? []);
    const fresh = parents.filter((p) => !asked.has(p));
    const to = again ? parents : fresh;
    if (to.length === 0) return { messages: [], parents };
    if (fresh.length > 0 && (await this.org.requests.patchPending(r.id, { parentsAsked: [...asked, ...fresh] })) !== 'ok') return { messages: [], parents };
    const unit = (await this.org.unitName(r.unitId)) ?? '';
    if (notBefore === undefined) notBefore = await this.org.nonUrgentAt();
    const keyboard: Keyboard = [
      [
        { text: C.parentYes, payload: parentConsent.encode(r.id, 'y') },
        { text: C.parentNo, payload: parentConsent.encode(r.id, 'n') },
      ],
    ];
    return {
      messages: to.map((p) => ({
        to: { userId: p },
        text: C.askParent(r.fullName, unit),
        keyboard,
        about: { userIds: [r.userId], requestId: r.id },
        ...(notBefore ? { notBefore } : {}),
      })),
      parents,
    };
  }

  /** The pupil's request was filed (`again`: by this same step before): ask their parents; the pupil is told what happens next. */
  async onFiled(r: JoinRequest, again: boolean, opening: { at: number; text: string } | undefined): Promise<OutgoingMessage[]> {
    const { messages, parents } = await this.askParents(r, again, opening?.at ?? null);
    // Outside working hours the pupil is told when the request will be seen (as any author is).
    const seen = opening ? [C.pupilSeenAt(opening.text)] : [];
    return [{ to: { userId: r.userId }, text: [parents.length > 0 ? C.pupilWaitsParent : C.pupilNeedsParent, ...seen].join('\n') }, ...messages];
  }

  /** A parent verified later: ask them about their child's waiting request. */
  async onEvent(event: DomainEvent, eventId: string): Promise<void> {
    if (event.type !== 'person.verified' || event.role !== 'parent' || !event.unitId) return;
    for (const r of await this.org.requests.pending()) {
      if (r.role !== 'student' || r.unitId !== event.unitId || !(await this.org.consentMissing(r))) continue;
      const { messages } = await this.askParents(r);
      if (messages.length > 0) await this.outbox.send(messages, `consent-ask:${r.id}:${eventId}`);
    }
  }

  /** The consent came: a held approval is completed; otherwise the reviewers are told it is there. */
  private async afterConsent(ctx: UpdateContext, r: JoinRequest, approver: number | null): Promise<'approved' | 'waiting'> {
    // Decided already by this very update (handled again): the reviewer who decided it.
    const by = approver ?? r.heldBy ?? (r.status === 'approved' ? (r.decidedBy ?? null) : null);
    if (by !== null) {
      const res = await this.org.approve(by, r.id, ChildConsent.approvalKey(ctx.updateId));
      if (res.result === 'ok' && res.request) {
        ctx.send({ to: { userId: r.userId }, text: T.youApproved(r.role, await this.org.unitName(r.unitId)) });
        // res.request has the name (r, read again after a crash, may be a compact approved one without it).
        if (approver === null) ctx.send({ to: { userId: by }, text: C.parentConsentedApproved(res.request.fullName) });
        return 'approved';
      }
      if (res.result === 'already') return 'approved';
    }
    const notBefore = await this.org.nonUrgentAt();
    for (const reviewer of await this.org.reviewersOf(r))
      ctx.send({
        to: { userId: reviewer },
        text: C.parentConsented(r.fullName),
        about: { userIds: [r.userId], requestId: r.id },
        ...(notBefore ? { notBefore } : {}),
      });
    return 'waiting';
  }

  /**
   * Was the request's consent recorded — or its held approval completed — by this very update?
   * Then the update is being handled again after a crash, and goes on where it stopped.
   */
  private static sameStep(r: JoinRequest, updateId: string): boolean {
    if (r.status === 'pending') return r.consent?.key !== undefined && r.consent.key === RequestStore.decisionKeyOf(updateId);
    return RequestStore.decidedUnder(r, ChildConsent.approvalKey(updateId));
  }

  /** The key a consent's approval is decided under: one per update. */
  private static approvalKey(updateId: string): string {
    return `consent:${updateId}`;
  }

  /** Records the consent and its audit entry in one step; null when the request has one already or is decided. */
  private async record(ctx: UpdateContext, r: JoinRequest, by: 'parent' | 'school', userId: number): Promise<NonNullable<JoinRequest['consent']> | null> {
    const consent = { by, userId, at: this.org.now(), key: RequestStore.decisionKeyOf(ctx.updateId) };
    const entry = {
      actor: userId,
      action: by === 'parent' ? ('consent.parent' as const) : ('consent.written' as const),
      target: `user:${r.userId}`,
      details: { child: r.userId, unit: r.unitId ?? '-' },
    };
    if ((await this.org.requests.recordConsent(r.id, consent, AuditLog.fields(entry.actor, entry.action, entry.target, entry.details, consent.at))) !== 'ok')
      return null;
    await this.org.audit.notify(entry);
    return consent;
  }

  actions(): CallbackAction[] {
    return [
      // A parent consents to (or refuses) the processing of their child's data.
      onPress(parentConsent, async (ctx, [id, verdict], message) => {
        const parent = ctx.actor!.userId;
        const r = await this.org.requests.get(id);
        if (r?.role !== 'student') return note(T.requestGone);
        if (ChildConsent.sameStep(r, ctx.updateId)) {
          // This very press handled again after a crash: the consent is recorded; finish what followed it.
          await this.afterConsent(ctx, r, null);
          return closed(message, C.parentThanks);
        }
        if (r.status !== 'pending' || r.consent)
          return closed(message, r.consent?.userId === parent || r.status === 'approved' ? C.parentThanks : T.alreadyDecided);
        // Checked again at every press: only a verified parent of this pupil.
        if (!(await this.parentsOf(r)).includes(parent)) return note(C.notYourChild);
        if (verdict === 'n') {
          await this.org.audit.append(parent, 'consent.parent_refused', `user:${r.userId}`, { child: r.userId, unit: r.unitId ?? '-' });
          const unit = await this.org.unitName(r.unitId);
          const notBefore = await this.org.nonUrgentAt();
          for (const reviewer of await this.org.reviewersOf(r))
            ctx.send({
              to: { userId: reviewer },
              text: C.parentRefusedNote(r.fullName, unit),
              about: { userIds: [r.userId], requestId: r.id },
              ...(notBefore ? { notBefore } : {}),
            });
          return closed(message, C.parentRefused);
        }
        const consent = await this.record(ctx, r, 'parent', parent);
        if (!consent) return closed(message, T.alreadyDecided);
        await this.afterConsent(ctx, { ...r, consent }, null);
        return closed(message, C.parentThanks);
      }),
      // A reviewer records that the school holds the parent's written consent, and approves.
      onPress(writtenConsent, async (ctx, [id], message) => {
        const reviewer = ctx.actor!.userId;
        const r = await this.org.requests.get(id);
        if (r?.role !== 'student') return note(T.requestGone);
        if (!(await this.org.mayDecide(reviewer, r))) return note(DENIALS.not_allowed);
        // This very press handled again after a crash (the consent recorded, the approval maybe made): finish it.
        const again = ChildConsent.sameStep(r, ctx.updateId);
        if (r.status !== 'pending' && !again) return { ...note(T.alreadyDecided), closeKeyboard: message.text };
        const consent = r.consent ?? (await this.record(ctx, r, 'school', reviewer));
        if (!consent) return { ...note(T.alreadyDecided), closeKeyboard: message.text };
        const outcome = await this.afterConsent(ctx, { ...r, consent }, reviewer);
        if (outcome !== 'approved') return closed(message, C.parentThanks);
        // Read again after a crash, an approved request keeps no name; erased since, it has none.
        const { fullName } = await this.org.requests.named(r);
        return closed(message, fullName ? C.writtenDone(fullName) : T.alreadyDecided);
      }),
    ];
  }
}
