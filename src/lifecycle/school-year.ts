// The school year (000 2.3 «движение обучающихся»): /rollover moves every class up a grade
// and graduates the final one, as one confirmed, audited act; archiving a unit ends its
// people's roles and unbinds its chats.
//
// /rollover shows an editable plan (a draft per admin). «Применить» records the act once
// (applied: false, the graduates' ids snapshotted) and queues a job. The job's steps are
// idempotent and remembered (graduations first, so the final grade's names are free, then
// renames from the highest grade down); its last step appends the single audit entry with
// the applied flag. A crash is finished by the job's retry or, at start, by re-queueing every
// act not applied. MAX calls go through the rate-limited API and the outbox (MAX_RPS).
import { createHash } from 'node:crypto';
import type { Api } from '@maxhub/max-bot-api';
import { Queue, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from '../log.js';
import { validateUnitName, UNIT_NAME_REASONS_RU } from '../policy/names.js';
import { nextYear, renamedTitle, renameOrder } from '../policy/rollover.js';
import { AuditLog } from '../store/audit-log.js';
import type { Unit } from '../store/org-store.js';
import { RolloverStore, type RolloverAct, type RolloverDraft, type RolloverRow } from '../store/rollover-store.js';
import type { Chats } from '../chats/chats.js';
import { type CallbackAction, type Command, onPress } from '../bot/commands/types.js';
import { confirmRollover } from './buttons.js';
import type { Keyboard, Outbox, OutgoingMessage } from '../bot/outbox.js';
import { ROLLOVER_TEXTS as T } from './rollover-texts.js';
import { DENIALS } from '../org/texts.js';
import type { PersonalDataHolder } from '../store/personal-data.js';

const QUEUE = 'school-year';

type UnitPerson = NonNullable<RolloverAct['graduates']>[number];

export class SchoolYear implements PersonalDataHolder {
  readonly name = 'school-year';
  readonly families = {} as const;
  readonly queues = { 'school-year': { none: "a confirmed rollover's id" } } as const;

  async erase(): Promise<void> {}

  readonly queue: Queue<{ id: string }>;
  private worker: Worker<{ id: string }> | null = null;

  constructor(
    private readonly chats: Chats,
    private readonly api: Api,
    readonly store: RolloverStore,
    /** Forgets what is kept about a unit's expected pupils (roster import) when it is retired. */
    private readonly forgetExpected: (unitId: string) => Promise<void>,
    /** The erasure (src/org/erasure.ts): a person left with no role is erased as by /forget. */
    private readonly eraseLeaver: (userId: number, actorId: number) => Promise<unknown>,
    private readonly outbox: Outbox,
    private readonly workerConnection: Redis,
    connection: Redis,
    private readonly prefix: string,
    private readonly log: Logger,
  ) {
    this.queue = new Queue(QUEUE, { connection, prefix });
  }

  private get org() {
    return this.chats.org;
  }

  async start(): Promise<void> {
    this.worker = new Worker(QUEUE, (job: Job<{ id: string }>) => this.apply(job.data.id), {
      connection: this.workerConnection,
      prefix: this.prefix,
      concurrency: 1,
    });
    this.worker.on('error', (err) => this.log.error({ err }, 'school-year worker error'));
    // A rollover confirmed before a crash whose job was lost (or never queued): queue it again.
    for (const id of await this.store.pending()) await this.enqueue(id);
  }

  async close(force = false): Promise<void> {
    await this.worker?.close(force);
    await this.queue.close();
  }

  private async enqueue(id: string): Promise<void> {
    const jobId = createHash('sha256').update(`rollover-${id}`).digest('base64url').slice(0, 32);
    await this.queue.add(
      'apply',
      { id },
      { jobId, attempts: 8, backoff: { type: 'exponential', delay: 2000 }, removeOnComplete: { age: 3600 }, removeOnFail: { age: 7 * 24 * 3600 } },
    );
  }

  // --- the unit's people leave it -------------------------------------------------------

  /** Everyone whose role ends with the unit: its pupils, their parents, its curators (ids only). */
  async unitPeople(unitId: string): Promise<UnitPerson[]> {
    const out: UnitPerson[] = [];
    for (const e of await this.org.people.roster(unitId)) {
      const role = e.membership.role;
      if (role === 'student' || role === 'parent' || role === 'curator') out.push({ userId: e.userId, role, unitId });
    }
    for (const c of await this.org.org.curators(unitId))
      if (!out.some((p) => p.userId === c && p.role === 'curator')) out.push({ userId: c, role: 'curator', unitId });
    return out;
  }

  /**
   * Ends one role in a unit; the person leaves the chats where they no longer belong (the
   * unit's chats are still bound at this point). Returns true when they hold no role any more:
   * they left the organisation, and are erased. Idempotent.
   */
  private async endRole(p: UnitPerson, actor: number): Promise<boolean> {
    if (p.role === 'curator') await this.org.org.removeCurator(p.unitId, p.userId);
    await this.org.people.removeMembership(p.userId, p.role, p.unitId);
    await this.chats.syncPerson(p.userId);
    const left = ((await this.org.people.person(p.userId))?.memberships.length ?? 0) === 0;
    if (left) await this.eraseLeaver(p.userId, actor);
    return left;
  }

  /**
   * Retires a unit: its people's roles end (each leaves its chats, those left with no role get
   * `goodbye`), its chats are unbound, its invites revoked, the unit archived. Idempotent.
   * `audited`: /unit archive records the revocations and the archiving; a rollover has its own entry.
   */
  async retire(unit: Unit, people: UnitPerson[], goodbye: string, key: string, actor: number, audited: boolean): Promise<number> {
    const bye: OutgoingMessage[] = [];
    const notBefore = await this.org.nonUrgentAt();
    // Pupils first, then parents (who may stay for another child), then curators.
    const order = { student: 0, parent: 1, curator: 2 } as const;
    for (const p of [...people].sort((a, b) => order[a.role] - order[b.role])) {
      const left = await this.endRole(p, actor);
      if (left && p.role !== 'curator' && !bye.some((m) => 'userId' in m.to && m.to.userId === p.userId))
        bye.push({ to: { userId: p.userId }, text: goodbye, notBefore });
    }
    if (bye.length > 0) await this.outbox.send(bye, `${key}:bye`);
    // Requests to join the unit that nobody decided yet close with it (the applicant's name goes too).
    for (const r of await this.org.requests.pending()) {
      if (r.unitId !== unit.id) continue;
      await this.org.requests.decide(r.id, 'rejected', actor, 'archived', this.org.now());
      await this.org.requests.forgetNames(r.id);
      await this.org.people.removeMembership(r.userId, r.role, unit.id);
      if (((await this.org.people.person(r.userId))?.memberships.length ?? 0) === 0) await this.eraseLeaver(r.userId, actor);
    }
    for (const chat of await this.chats.store.bound()) if (chat.unitId === unit.id) await this.chats.store.unbind(chat.chatId);
    await this.org.org.archiveUnit(unit);
    await this.forgetExpected(unit.id);
    for (const i of await this.org.invites.listLive(this.org.now())) {
      if (i.unitId !== unit.id) continue;
      // Cancelled with the unit: recorded like any revocation, so every invite's end is in the audit.
      if ((await this.org.invites.revoke(i.code, this.org.now())) === 'ok' && audited) {
        await this.org.audit.append(actor, 'invite.revoked', `invite:${i.code.slice(0, 6)}`, { role: i.role, unit: i.unitId, archived: 1 });
      }
    }
    if (audited) await this.org.audit.append(actor, 'unit.archived', `unit:${unit.id}`, { people: people.length });
    return bye.length;
  }

  /** /unit archive: the unit's people leave it, its chats are unbound. `key` names the act (its farewells are sent once). */
  async archive(unit: Unit, actor: number, key: string): Promise<void> {
    await this.retire(unit, await this.unitPeople(unit.id), T.goodbyeArchived(unit.name), key, actor, true);
  }

  // --- the plan -------------------------------------------------------------------------

  private async freshDraft(by: number): Promise<RolloverDraft> {
    const finalGrade = (await this.org.org.settings()).finalGrade;
    const rows: RolloverRow[] = [];
    for (const u of await this.org.org.listUnits()) {
      if (u.staffRoom) continue;
      const next = nextYear(u.name, finalGrade);
      rows.push({ unitId: u.id, from: u.name, to: next.kind === 'graduate' ? null : next.kind === 'promote' ? next.to : u.name });
    }
    return { id: RolloverStore.newId(), by, finalGrade, rows, createdAt: this.org.now() };
  }

  private async preview(d: RolloverDraft): Promise<{ text: string; keyboard: Keyboard }> {
    const lines: string[] = [T.title, T.rule(d.finalGrade)];
    for (const r of d.rows) {
      const curators = r.dropCurators ? T.noCurators : '';
      if (r.to === null) {
        const people = await this.unitPeople(r.unitId);
        lines.push(T.graduate(r.from, people.filter((p) => p.role === 'student').length, people.filter((p) => p.role === 'parent').length) + curators);
      } else lines.push((r.to === r.from ? T.keep(r.from) : T.promote(r.from, r.to)) + curators);
    }
    lines.push(T.curatorsStay, T.graduatesLeave, T.edit);
    return {
      text: lines.join('\n'),
      keyboard: [
        [
          { text: T.confirm, payload: confirmRollover.encode(d.id, 'y') },
          { text: T.cancel, payload: confirmRollover.encode(d.id, 'n') },
        ],
      ],
    };
  }

  /** One edit of the plan: "<unit> = <new name>", "<unit> выпуск", "<unit> без руководителя". */
  private async edit(d: RolloverDraft, args: string): Promise<string | null> {
    const m = /^(.+?)\s*=\s*(.+)$/.exec(args) ?? /^(.+?)\s+(выпуск|без руководителя|с руководителем)$/i.exec(args);
    if (!m) return T.usage;
    const unit = await this.org.org.findUnit(m[1]!.trim());
    const row = unit ? d.rows.find((r) => r.unitId === unit.id) : undefined;
    if (!row) return T.notInPlan(m[1]!.trim());
    const what = m[2]!.trim();
    const lower = what.toLowerCase();
    if (lower === 'выпуск') row.to = null;
    else if (lower === 'без руководителя') row.dropCurators = true;
    else if (lower === 'с руководителем') row.dropCurators = false;
    else if (lower === 'без изменений') row.to = row.from;
    else {
      const v = validateUnitName(what);
      if (!v.ok) return UNIT_NAME_REASONS_RU[v.reason];
      row.to = v.value;
    }
    return null;
  }

  command(): Command {
    return {
      name: 'rollover',
      description: 'Переход на новый учебный год',
      where: 'dialog',
      inMenu: false,
      usage: '[<{unit}> = <новое название> | <{unit}> выпуск | <{unit}> без руководителя]',
      permission: 'rollover',
      run: async (ctx, args) => {
        const userId = ctx.actor!.userId;
        let draft = args.trim() === '' ? null : await this.store.draft(userId);
        draft ??= await this.freshDraft(userId);
        if (draft.rows.length === 0) return ctx.reply(T.nothing);
        if (args.trim() !== '') {
          const problem = await this.edit(draft, args.trim());
          if (problem) return ctx.reply(problem);
          // A changed plan is a new plan: the buttons of the previous preview no longer apply it.
          draft = { ...draft, id: RolloverStore.newId() };
        }
        await this.store.saveDraft(draft);
        const p = await this.preview(draft);
        ctx.reply(p.text, p.keyboard);
      },
    };
  }

  actions(): CallbackAction[] {
    return [
      // Apply or drop the previewed plan.
      onPress(confirmRollover, async (ctx, [id, verdict], message) => {
        const userId = ctx.actor!.userId;
        const d = await this.org.authorize(userId, 'rollover');
        if (!d.ok) return { notification: DENIALS[d.reason] };
        // This very plan confirmed already (a repeated press, or the update handled again after a crash).
        const act = await this.store.act(id);
        if (act) {
          await this.enqueue(act.id);
          return { notification: T.already, closeKeyboard: `${message.text ?? ''}\n\n${T.started}` };
        }
        const draft = await this.store.draft(userId);
        if (!draft || draft.id !== id) return { notification: T.stale, closeKeyboard: message.text };
        if (verdict === 'n') {
          await this.store.dropDraft(userId);
          return { closeKeyboard: `${message.text ?? ''}\n\n${T.cancelled}` };
        }
        const graduates: UnitPerson[] = [];
        for (const r of draft.rows) if (r.to === null) graduates.push(...(await this.unitPeople(r.unitId)));
        const recorded = await this.store.confirm({ ...draft, confirmedAt: this.org.now(), graduates, applied: false });
        await this.enqueue(recorded.id);
        return { closeKeyboard: `${message.text ?? ''}\n\n${T.started}` };
      }),
    ];
  }

  // --- the act --------------------------------------------------------------------------

  /** Runs (or finishes) a confirmed rollover; every step may run again. */
  async apply(id: string): Promise<void> {
    const act = await this.store.act(id);
    if (!act || act.applied) return;
    const key = `rollover:${id}`;
    const graduating = act.rows.filter((r) => r.to === null);
    let pupils = 0;
    for (const row of graduating) {
      const people = (act.graduates ?? []).filter((g) => g.unitId === row.unitId);
      pupils += people.filter((p) => p.role === 'student').length;
      const step = `grad:${row.unitId}`;
      if (await this.store.stepDone(id, step)) continue;
      const unit = await this.org.org.unit(row.unitId);
      if (unit) await this.retire(unit, people, T.goodbye(row.from), `${key}:${row.unitId}`, act.by, false);
      await this.store.markStep(id, step);
    }
    const moving = renameOrder(act.rows.filter((r): r is RolloverRow & { to: string } => r.to !== null));
    for (const row of moving) {
      const step = `move:${row.unitId}`;
      if (await this.store.stepDone(id, step)) continue;
      await this.promote(row, act.by);
      await this.store.markStep(id, step);
    }
    const promoted = moving.filter((r) => r.to !== r.from).length;
    const details = { promoted, graduated: graduating.length, pupils };
    if (await this.store.applied(id, AuditLog.fields(act.by, 'year.rollover', `rollover:${id}`, details))) {
      await this.org.audit.notify({ actor: act.by, action: 'year.rollover', target: `rollover:${id}`, details });
      this.log.info({ rollover: id, promoted, graduated: graduating.length }, 'school-year rollover applied');
    }
    await this.outbox.send([{ to: { userId: act.by }, text: T.done(promoted, graduating.length, pupils) }], `${key}:done`);
  }

  /** A unit moves up: renamed, its bound chats renamed through the API, its curators released if asked. */
  private async promote(row: RolloverRow & { to: string }, actor: number): Promise<void> {
    const unit = await this.org.org.unit(row.unitId);
    if (!unit || unit.archived) return;
    if (unit.name !== row.to) {
      const r = await this.org.org.renameUnit(unit, row.to);
      // Another unit holds the name (an edited plan): the unit keeps its name; the admin renames it by hand.
      if (r !== 'ok') this.log.warn({ unitId: unit.id, result: r }, 'rollover: unit not renamed');
    }
    if (row.to !== row.from) {
      for (const chat of await this.chats.store.bound()) {
        if (chat.unitId !== unit.id) continue;
        const title = renamedTitle(chat.title, row.from, row.to);
        if (!title) continue;
        await this.api.editChatInfo(chat.chatId, { title });
        await this.chats.store.update(chat.chatId, { title });
      }
    }
    if (row.dropCurators) {
      // Part of the rollover's one audit entry (its plan names the unit).
      for (const c of await this.org.org.curators(unit.id)) await this.endRole({ userId: c, role: 'curator', unitId: unit.id }, actor);
    }
  }
}
