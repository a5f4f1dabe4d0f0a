// Button actions of the organisation feature. Every argument comes from a button
// payload, i.e. from outside: each press re-checks the presser's permission and
// the current state, so a forged or replayed press changes nothing.
import { adminPicker, curatorPicker } from './structure-commands.js';
import type { Role } from '../policy/roles.js';
import type { Membership } from '../store/people-store.js';
import { STAFF_ROOM_ID } from '../store/org-store.js';
import { RequestStore } from '../store/request-store.js';
import { rejectFlow } from '../flows/org/reject.js';
import { type CallbackAction, type CallbackAnswer, onPress } from '../bot/commands/types.js';
import { adminPage, appointAdmin, appointCurator, curatorPage, decideRequest, movePerson, removePerson, writtenConsent } from './buttons.js';
import type { UpdateContext } from '../bot/context.js';
import { ChildLinks } from './child-links.js';
import { CONSENT_TEXTS } from './consent-texts.js';
import type { Organisation } from './organisation.js';
import type { Structure } from './structure.js';
import { DENIALS, ORG_TEXTS as T } from './texts.js';

const MAX_BUTTONS = 30;

const note = (notification: string): CallbackAnswer => ({ notification });
const done = (message: { text: string | null }, line: string): CallbackAnswer => ({ closeKeyboard: `${message.text ?? ''}\n\n${line}`.trim() });

/** Erases a removed person (the /forget erasure: one implementation). */
export type EraseRemoved = (userId: number, actorId: number) => Promise<unknown>;

export function orgActions(org: Organisation, structure: Structure, erase: EraseRemoved): CallbackAction[] {
  async function denied(ctx: UpdateContext, command: 'curator' | 'admin' | 'move' | 'remove'): Promise<CallbackAnswer | null> {
    const d = await org.authorize(ctx.actor!.userId, command);
    return d.ok ? null : note(DENIALS[d.reason]);
  }
  const nameOf = async (userId: number) => (await org.people.fullNames([userId])).get(userId) ?? `id ${userId}`;

  return [
    // Approve or reject a join request.
    onPress(decideRequest, async (ctx, [id, verdict], message) => {
      const reviewer = ctx.actor!.userId;
      const req = await org.requests.get(id);
      if (!req) return note(T.requestGone);
      if (!(await org.mayDecide(reviewer, req))) return note(DENIALS.not_allowed);
      // Decided already: unless half-applied (a crash) or decided by this very update (handled again).
      const resumable = req.applied === false || RequestStore.decidedUnder(req, ctx.updateId);
      if (req.status !== 'pending' && !resumable) return { ...note(T.alreadyDecided), closeKeyboard: message.text };
      if (req.status !== 'pending' && verdict === 'n') {
        await org.completeDecision(id);
        return { ...note(T.alreadyDecided), closeKeyboard: message.text };
      }
      if (verdict === 'n') {
        await ctx.services.flows.start(reviewer, rejectFlow.id, ctx.updateId, { requestId: id }, ctx);
        return note(T.reject);
      }
      const res = await org.approve(reviewer, id, ctx.updateId);
      if (res.result === 'consent' && res.request) {
        // A younger pupil: the approval waits for a parent's consent (src/org/child-consent.ts).
        const asked = (res.request.parentsAsked ?? []).length > 0;
        ctx.reply(CONSENT_TEXTS.held(res.request.fullName, asked), [[{ text: CONSENT_TEXTS.writtenButton, payload: writtenConsent.encode(id) }]]);
        return done(message, CONSENT_TEXTS.heldLine);
      }
      if (res.result === 'already') return { ...note(T.alreadyDecided), closeKeyboard: message.text };
      if (res.result !== 'ok' || !res.request) return note(T.requestGone);
      ctx.send({ to: { userId: res.request.userId }, text: T.youApproved(res.request.role, await org.unitName(res.request.unitId)) });
      return done(message, T.approved(res.request.fullName));
    }),
    // Appoint a curator.
    onPress(appointCurator, async (ctx, [unitId, uid], message) => {
      const refusal = await denied(ctx, 'curator');
      if (refusal) return refusal;
      const r = await structure.appointCurator(ctx.actor!.userId, unitId, uid);
      if (r.result !== 'ok' && r.result !== 'already') return note(r.text);
      for (const m of r.messages) ctx.send(m);
      return done(message, r.text);
    }),
    // The next page of teachers to appoint as the unit's curator.
    onPress(curatorPage, async (ctx, [unitId, page], message) => {
      const refusal = await denied(ctx, 'curator');
      if (refusal) return refusal;
      const unit = await org.org.unit(unitId);
      if (!unit || unit.archived) return note(T.unitNotFound(unitId));
      const picker = await curatorPicker(org, unit, '', page);
      if (!picker) return note(T.noTeachers);
      ctx.reply(picker.text, picker.keyboard);
      return { closeKeyboard: message.text };
    }),
    // The next page of people to appoint or dismiss as admins.
    onPress(adminPage, async (ctx, [op, page], message) => {
      const refusal = await denied(ctx, 'admin');
      if (refusal) return refusal;
      const picker = await adminPicker(org, op, '', page);
      if (!picker) return note(T.adminNobody);
      ctx.reply(picker.text, picker.keyboard);
      return { closeKeyboard: message.text };
    }),
    // Appoint or dismiss an admin.
    onPress(appointAdmin, async (ctx, [op, userId], message) => {
      const refusal = await denied(ctx, 'admin');
      if (refusal) return refusal;
      const roles = await org.people.verifiedRoles(userId);
      const name = await nameOf(userId);
      if (op === 'add') {
        if (roles.has('admin')) return done(message, T.adminAdded(name));
        if (!roles.has('teacher') && !roles.has('staff')) return note(T.personGone);
        await org.people.putMembership(userId, { role: 'admin', unitId: null, status: 'verified', since: org.now() });
        await org.audit.append(ctx.actor!.userId, 'admin.appointed', `user:${userId}`);
        await org.events.publish({ type: 'role.granted', userId, role: 'admin', unitId: null });
        ctx.send({ to: { userId }, text: T.youAreAdmin });
        return done(message, T.adminAdded(name));
      }
      if (!roles.has('admin')) return done(message, T.adminRemoved(name));
      if ((await org.people.holders('admin', 'verified')).length <= 1) return note(T.adminLast);
      await org.people.removeMembership(userId, 'admin', null);
      await org.audit.append(ctx.actor!.userId, 'admin.dismissed', `user:${userId}`);
      await org.events.publish({ type: 'role.revoked', userId, role: 'admin', unitId: null });
      ctx.send({ to: { userId }, text: T.youAreNotAdmin });
      return done(message, T.adminRemoved(name));
    }),
    // Without a unit: pick the target; with one: move the student (and their parents).
    onPress(movePerson, async (ctx, [userId, toId], message) => {
      const refusal = await denied(ctx, 'move');
      if (refusal) return refusal;
      // This very press handled again after a crash: finish the move it started.
      const begun = toId === undefined ? null : await org.intents.get<{ userId: number; from: string; to: string }>(`mv:${ctx.updateId}`);
      if (begun) return finishMove(ctx, org, begun, message);
      const person = await org.people.person(userId);
      const student = person?.memberships.find((m) => m.role === 'student' && m.unitId);
      if (!person || !student?.unitId) return note(T.personGone);
      const from = await org.org.unit(student.unitId);
      const name = person.fullName ?? `id ${userId}`;
      if (toId === undefined) {
        const targets = (await org.org.listUnits()).filter((u) => u.id !== student.unitId && u.id !== STAFF_ROOM_ID && !u.archived);
        // Nothing to choose from: say so instead of asking a question nobody can answer.
        if (targets.length === 0) return { closeKeyboard: `${message.text ?? ''}\n\n${T.moveNoTarget}` };
        ctx.reply(
          T.movePickTarget(name, from?.name ?? '—'),
          targets.slice(0, MAX_BUTTONS).map((u) => [{ text: u.name, payload: movePerson.encode(userId, u.id) }]),
        );
        return { closeKeyboard: message.text };
      }
      const to = await org.org.unit(toId);
      if (!to || to.archived || to.id === STAFF_ROOM_ID) return note(T.unitNotFound(toId));
      if (to.id === student.unitId) return note(T.moveSame);
      const intent = await org.intents.record(`mv:${ctx.updateId}`, { userId, from: student.unitId, to: to.id });
      return finishMove(ctx, org, intent, message);
    }),
    // Without y: confirm; with it: remove from the organisation.
    onPress(removePerson, async (ctx, [userId, yes], message) => {
      const refusal = await denied(ctx, 'remove');
      if (refusal) return refusal;
      // This very press handled again after a crash: finish the removal it started.
      const begun = yes === 'y' ? await org.intents.get<RemoveIntent | { done: true }>(`rm:${ctx.updateId}`) : null;
      if (begun && 'done' in begun) return done(message, T.removeDone(`id ${userId}`));
      if (begun) return finishRemove(ctx, org, erase, begun, message);
      const person = await org.people.person(userId);
      if (!person) return note(T.personGone);
      const name = person.fullName ?? `id ${userId}`;
      if (yes === undefined) {
        ctx.reply(T.removeConfirm(name), [[{ text: T.removeYes, payload: removePerson.encode(userId, 'y') }]]);
        return { closeKeyboard: message.text };
      }
      const admins = await org.people.holders('admin', 'verified');
      if (admins.includes(userId) && admins.length <= 1) return note(T.adminLast);
      // What is about to be removed is recorded first (ids only: the erasure leaves no name
      // behind): a crash in the middle is completed from it.
      const memberships = person.memberships.map(({ role, unitId, status, since }) => ({ role, unitId, status, since }));
      const intent = await org.intents.record<RemoveIntent>(`rm:${ctx.updateId}`, { userId, memberships });
      return finishRemove(ctx, org, erase, intent, message, name);
    }),
  ];
}

type RemoveIntent = { userId: number; memberships: Membership[] };

/** The steps of a move, each idempotent, from its recorded intent. */
async function finishMove(
  ctx: UpdateContext,
  org: Organisation,
  intent: { userId: number; from: string; to: string },
  message: { text: string | null },
): Promise<CallbackAnswer> {
  const { userId, from, to } = intent;
  await moveStudent(org, userId, from, to);
  await org.audit.append(ctx.actor!.userId, 'person.moved', `user:${userId}`, { from, to });
  const [fromUnit, toUnit, person] = await Promise.all([org.org.unit(from), org.org.unit(to), org.people.person(userId)]);
  ctx.send({ to: { userId }, text: T.youMoved(toUnit?.name ?? to) });
  return done(message, T.moveDone(person?.fullName ?? `id ${userId}`, fromUnit?.name ?? '—', toUnit?.name ?? to));
}

/** The steps of a removal, each idempotent, from its recorded intent: the person is erased as by /forget. */
async function finishRemove(
  ctx: UpdateContext,
  org: Organisation,
  erase: EraseRemoved,
  intent: RemoveIntent,
  message: { text: string | null },
  name?: string,
): Promise<CallbackAnswer> {
  const { userId, memberships } = intent;
  ctx.send({ to: { userId }, text: T.youRemoved });
  await erase(userId, ctx.actor!.userId);
  await org.audit.append(ctx.actor!.userId, 'person.removed', `user:${userId}`, { roles: memberships.map((m) => m.role).join(',') });
  await org.intents.complete(`rm:${ctx.updateId}`);
  return done(message, T.removeDone(name ?? `id ${userId}`));
}

/** Moves a student to another unit; parents linked to the child move with them (000 2.3 «движение обучающихся»). */
async function moveStudent(org: Organisation, userId: number, fromId: string, toId: string): Promise<void> {
  // Each step is idempotent and adds to the new unit before it takes from the old one, so a
  // crash between steps leaves nobody without a unit, and running it again completes it.
  const m = await org.people.membership(userId, 'student', fromId);
  if (m) {
    // Parents who typed the child's name and were not linked yet move too.
    await new ChildLinks(org).linkTypedParents(userId, fromId);
    await org.people.putMembership(userId, { ...m, unitId: toId, since: org.now() });
    await org.people.removeMembership(userId, 'student', fromId);
    await org.events.publish({ type: 'person.moved', userId, role: 'student', fromUnitId: fromId, toUnitId: toId });
  }
  for (const e of await org.people.roster(fromId)) {
    if (e.membership.role !== 'parent') continue;
    const children = e.membership.children ?? [];
    if (!children.some((c) => 'userId' in c && c.userId === userId)) continue;
    const rest = children.filter((c) => !('userId' in c && c.userId === userId));
    await org.people.putMembership(e.userId, { ...e.membership, unitId: toId, children: [{ userId }], since: org.now() });
    if (rest.length === 0) await org.people.removeMembership(e.userId, 'parent', fromId);
    else await org.people.putMembership(e.userId, { ...e.membership, children: rest }, 'replace');
    await org.events.publish({ type: 'person.moved', userId: e.userId, role: 'parent' as Role, fromUnitId: fromId, toUnitId: toId });
  }
}
