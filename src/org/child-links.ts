// Parents and their children (issue: children's names kept private). A parent types the
// child's name; it is matched against the class's verified pupils. A match links by id;
// otherwise the curator may pick the pupil from the class list, which only reviewers see,
// and a typed name is linked by id the moment a matching pupil is verified.
import { matchPupil } from '../policy/names.js';
import { ownWords } from '../policy/unit-word.js';
import type { ChildRef } from '../store/people-store.js';
import type { JoinRequest } from '../store/request-store.js';
import { type CallbackAction, type CallbackAnswer, onPress } from '../bot/commands/types.js';
import { pickChild } from './buttons.js';
import type { Keyboard } from '../bot/outbox.js';
import type { DomainEvent } from './events.js';
import type { Organisation } from './organisation.js';
import { DENIALS, ORG_TEXTS as T } from './texts.js';

/** The class list as buttons, two a row: classes rarely pass 40 pupils. */
const MAX_PUPILS = 60;

export interface Pupil {
  userId: number;
  name: string;
}

type NamedChild = { name: string };
const isNamed = (c: ChildRef): c is NamedChild => 'name' in c;

export class ChildLinks {
  constructor(private readonly org: Organisation) {}

  /** The unit's verified pupils with a name, in alphabetical order. */
  async pupils(unitId: string): Promise<Pupil[]> {
    return (await this.org.people.roster(unitId))
      .filter((e) => e.membership.role === 'student' && e.membership.status === 'verified' && e.fullName)
      .map((e) => ({ userId: e.userId, name: e.fullName! }))
      .sort((a, b) => a.name.localeCompare(b.name, 'ru'));
  }

  /** A typed child resolved against the class: the pupil's id when exactly one matches. */
  async resolve(unitId: string | null, child: ChildRef): Promise<ChildRef> {
    if (!unitId || !isNamed(child)) return child;
    const pupil = matchPupil(child.name, await this.pupils(unitId));
    return pupil ? { userId: pupil.userId } : child;
  }

  /**
   * Replaces typed names matching this pupil by the pupil's id: in the parents' roles in the
   * unit and in their pending requests. A name that matches two pupils is left alone.
   */
  async linkTypedParents(pupilId: number, unitId: string): Promise<number[]> {
    // Run at every pupil's approval: the class list is read only when some parent in the unit
    // typed a name (usually none do, and the list grows with the class).
    const typed = (children: ChildRef[] | undefined) => (children ?? []).some(isNamed);
    const parents = (await this.org.people.roster(unitId, ['parent'])).filter((e) => typed(e.membership.children));
    const requests = (await this.org.requests.pending()).filter((r) => r.role === 'parent' && r.unitId === unitId && typed(r.children));
    if (parents.length === 0 && requests.length === 0) return [];
    const pupils = await this.pupils(unitId);
    const pupil = pupils.find((p) => p.userId === pupilId);
    if (!pupil) return [];
    const relink = (children: ChildRef[]): ChildRef[] | null => {
      let changed = false;
      const out = children.map((c) => {
        if (!isNamed(c) || matchPupil(c.name, pupils)?.userId !== pupilId) return c;
        changed = true;
        return { userId: pupilId };
      });
      return changed ? out : null;
    };
    const linked: number[] = [];
    for (const e of parents) {
      const children = relink(e.membership.children!);
      if (!children) continue;
      await this.org.people.putMembership(e.userId, { ...e.membership, children }, 'replace');
      linked.push(e.userId);
    }
    for (const r of requests) {
      const children = relink(r.children!);
      if (children && (await this.org.requests.setChildren(r.id, children)) === 'ok' && !linked.includes(r.userId)) linked.push(r.userId);
    }
    for (const parentId of linked) await this.org.audit.append(0, 'child.linked', `user:${parentId}`, { child: pupilId, unit: unitId });
    return linked;
  }

  /** A verified pupil links the parents who typed their name. */
  async onEvent(event: DomainEvent): Promise<void> {
    if (event.type === 'person.verified' && event.role === 'student' && event.unitId) await this.linkTypedParents(event.userId, event.unitId);
  }

  /** The request card's line about the child, and the button to pick the pupil when no one matched. */
  async cardChild(r: JoinRequest): Promise<{ line: string | null; pick: Keyboard }> {
    const child = r.children?.[0];
    if (!child) return { line: null, pick: [] };
    if (!isNamed(child)) return { line: T.childMatched((await this.org.childNames([child])) ?? `id ${child.userId}`), pick: [] };
    const pick = r.role === 'parent' && r.unitId && r.status === 'pending' ? [[{ text: T.childPick, payload: pickChild.encode(r.id) }]] : [];
    return { line: T.childNotFound(child.name), pick };
  }

  /** ck:<request id> — the class list for the reviewer; ck:<request id>:<pupil id> — link the request to that pupil. */
  action(card: (r: JoinRequest) => Promise<{ text: string; keyboard?: Keyboard }>): CallbackAction {
    const note = (notification: string): CallbackAnswer => ({ notification });
    return onPress(pickChild, async (ctx, [id, uid], message) => {
      const reviewer = ctx.actor!.userId;
      const req = await this.org.requests.get(id);
      if (req?.role !== 'parent' || !req.unitId) return note(T.requestGone);
      // Checked again at every press: the class list is for the request's reviewers only.
      if (!(await this.org.mayDecide(reviewer, req))) return note(DENIALS.not_allowed);
      if (req.status !== 'pending') return { ...note(T.alreadyDecided), closeKeyboard: message.text };
      const pupils = await this.pupils(req.unitId);
      if (uid === undefined) {
        if (pupils.length === 0) return note(T.childNoPupils);
        const rows: Keyboard = [];
        const shown = pupils.slice(0, MAX_PUPILS);
        for (let i = 0; i < shown.length; i += 2)
          rows.push(shown.slice(i, i + 2).map((p) => ({ text: ownWords(p.name), payload: pickChild.encode(id, p.userId) })));
        ctx.reply(T.childPickTitle(req.fullName), rows);
        return {};
      }
      const pupil = pupils.find((p) => p.userId === uid);
      if (!pupil) return note(T.personGone);
      const linked = await this.org.requests.setChildren(id, [{ userId: pupil.userId }]);
      if (linked === 'already') return { ...note(T.alreadyDecided), closeKeyboard: message.text };
      if (linked !== 'ok') return note(T.requestGone);
      const m = await this.org.people.membership(req.userId, 'parent', req.unitId);
      if (m && m.status === 'pending' && m.requestId === id) {
        await this.org.people.putMembership(req.userId, { ...m, children: [{ userId: pupil.userId }] }, 'replace');
      }
      await this.org.audit.append(reviewer, 'child.linked', `request:${id}`, { user: req.userId, child: pupil.userId, unit: req.unitId });
      const updated = await this.org.requests.get(id);
      if (updated) {
        const fresh = await card(updated);
        ctx.reply(fresh.text, fresh.keyboard);
      }
      return { closeKeyboard: `${message.text ?? ''}\n\n${T.childLinked(pupil.name)}`.trim() };
    });
  }
}
