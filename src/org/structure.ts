// The organisation's structure as one service: create, rename and archive a unit,
// appoint a curator. The slash commands, the buttons and the web panel all call it, so
// each rule, its permission check and its audit entry live here once. Results carry the
// Russian line to show and the messages to send; nothing is sent from here.
import { UNIT_NAME_REASONS_RU, validateUnitName } from '../policy/names.js';
import type { Unit } from '../store/org-store.js';
import type { OutgoingMessage } from '../bot/outbox.js';
import type { Organisation } from './organisation.js';
import { DENIALS, ORG_TEXTS as T } from './texts.js';

export interface StructureResult {
  ok: boolean;
  /** What to tell the person who acted (Russian). */
  text: string;
  unit?: Unit;
}

export interface CuratorResult {
  result: 'ok' | 'already' | 'denied' | 'unit_gone' | 'person_gone';
  text: string;
  /** Whom to tell besides the person who acted. */
  messages: OutgoingMessage[];
}

const refused = (text: string): StructureResult => ({ ok: false, text });

/**
 * Retires a unit: its people's roles end, they leave its chats, its chats are unbound, its
 * invites revoked, the unit archived and audited (SchoolYear.archive). `key` makes the
 * goodbyes idempotent when the same act is handled again.
 */
export type ArchiveUnit = (unit: Unit, actor: number, key: string) => Promise<void>;

export class Structure {
  constructor(
    private readonly org: Organisation,
    private readonly archive: ArchiveUnit,
  ) {}

  /** A new unit (the table's `unit` row decides who may). */
  async createUnit(actorId: number, name: string): Promise<StructureResult> {
    const d = await this.org.authorize(actorId, 'unit');
    if (!d.ok) return refused(DENIALS[d.reason]);
    const v = validateUnitName(name);
    if (!v.ok) return refused(`«${name}»: ${UNIT_NAME_REASONS_RU[v.reason]}`);
    const r = await this.org.org.createUnit(v.value, this.org.now());
    if (!r.created) return refused(T.unitExists(v.value));
    await this.org.audit.append(actorId, 'unit.created', `unit:${r.unitId}`);
    return { ok: true, text: T.unitCreated(v.value), unit: (await this.org.org.unit(r.unitId)) ?? undefined };
  }

  async renameUnit(actorId: number, unit: Unit, newName: string): Promise<StructureResult> {
    const d = await this.org.authorize(actorId, 'unit');
    if (!d.ok) return refused(DENIALS[d.reason]);
    if (unit.staffRoom) return refused(T.staffRoomFixed);
    const v = validateUnitName(newName);
    if (!v.ok) return refused(UNIT_NAME_REASONS_RU[v.reason]);
    const r = await this.org.org.renameUnit(unit, v.value);
    if (r === 'taken') return refused(T.unitNameTaken(v.value));
    if (r !== 'ok') return refused(T.unitNotFound(unit.name));
    await this.org.audit.append(actorId, 'unit.renamed', `unit:${unit.id}`);
    return { ok: true, text: T.unitRenamed(unit.name, v.value), unit };
  }

  /** Archives the unit (see ArchiveUnit: roles end, chats unbound, invites revoked, one audit entry). */
  async archiveUnit(actorId: number, unit: Unit, key: string): Promise<StructureResult> {
    const d = await this.org.authorize(actorId, 'unit');
    if (!d.ok) return refused(DENIALS[d.reason]);
    if (unit.staffRoom) return refused(T.staffRoomFixed);
    await this.archive(unit, actorId, key);
    return { ok: true, text: T.unitArchived(unit.name), unit };
  }

  /** Brings an archived unit back: its name, its place in lists; people and chats come back by new invites. */
  async restoreUnit(actorId: number, unit: Unit): Promise<StructureResult> {
    const d = await this.org.authorize(actorId, 'unit');
    if (!d.ok) return refused(DENIALS[d.reason]);
    if (!unit.archived) return refused(T.unitNotArchived(unit.name));
    if ((await this.org.org.restoreUnit(unit)) === 'taken') return refused(T.unitNameTaken(unit.name));
    await this.org.audit.append(actorId, 'unit.restored', `unit:${unit.id}`);
    return { ok: true, text: T.unitRestored(unit.name), unit };
  }

  /** Makes a verified teacher the unit's curator and tells them. */
  async appointCurator(actorId: number, unitId: string, userId: number): Promise<CuratorResult> {
    const d = await this.org.authorize(actorId, 'curator');
    if (!d.ok) return { result: 'denied', text: DENIALS[d.reason], messages: [] };
    const unit = await this.org.org.unit(unitId);
    if (!unit || unit.archived) return { result: 'unit_gone', text: T.unitNotFound(unitId), messages: [] };
    if (!(await this.org.people.verifiedRoles(userId)).has('teacher')) return { result: 'person_gone', text: T.personGone, messages: [] };
    const name = (await this.org.people.fullNames([userId])).get(userId) ?? `id ${userId}`;
    if (!(await this.org.org.addCurator(unit.id, userId))) return { result: 'already', text: T.curatorAlready(name, unit.name), messages: [] };
    await this.org.people.putMembership(userId, { role: 'curator', unitId: unit.id, status: 'verified', since: this.org.now() });
    await this.org.audit.append(actorId, 'curator.appointed', `user:${userId}`, { unit: unit.id });
    await this.org.events.publish({ type: 'role.granted', userId, role: 'curator', unitId: unit.id });
    return { result: 'ok', text: T.curatorDone(name, unit.name), messages: [{ to: { userId }, text: T.youAreCurator(unit.name) }] };
  }

  /** Takes the curatorship of a unit from a person (they stay a teacher) and tells them. */
  async removeCurator(actorId: number, unit: Unit, userId: number): Promise<CuratorResult> {
    const d = await this.org.authorize(actorId, 'curator');
    if (!d.ok) return { result: 'denied', text: DENIALS[d.reason], messages: [] };
    const name = (await this.org.people.fullNames([userId])).get(userId) ?? `id ${userId}`;
    if (!(await this.org.org.curators(unit.id)).includes(userId)) return { result: 'already', text: T.curatorNotThere(name, unit.name), messages: [] };
    await this.org.org.removeCurator(unit.id, userId);
    await this.org.people.removeMembership(userId, 'curator', unit.id);
    await this.org.audit.append(actorId, 'curator.removed', `user:${userId}`, { unit: unit.id });
    // The chats follow the roles: a curator who is no longer one leaves the class's chats where only curators belong.
    await this.org.events.publish({ type: 'role.revoked', userId, role: 'curator', unitId: unit.id });
    return { result: 'ok', text: T.curatorRemoved(name, unit.name), messages: [{ to: { userId }, text: T.youAreNotCurator(unit.name) }] };
  }
}
