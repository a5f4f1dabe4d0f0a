// Invites as one service: create, list, revoke one, revoke every unused one. /invite,
// /invites, /revoke and the web panel call it, so the permission checks (the table's
// invite / invites / revoke rows) and the audit entries live here once.
import { INVITE_ARGS_ERRORS_RU, inviteValuesError } from '../policy/invite-args.js';
import { authorize } from '../policy/permissions.js';
import type { Role } from '../policy/roles.js';
import { InviteStore, type Invite } from '../store/invite-store.js';
import type { Unit } from '../store/org-store.js';
import type { Organisation } from './organisation.js';
import { DENIALS, ORG_TEXTS as T } from './texts.js';

export function inviteLink(botUsername: string, code: string): string {
  return `https://max.ru/${botUsername}?start=${code}`;
}

export type CreateInviteResult = { ok: true; invite: Invite } | { ok: false; text: string };

export class Invitations {
  constructor(private readonly org: Organisation) {}

  /**
   * A new invite. `key` identifies the request that asks for it (an update id, a form's
   * one-time key): asked again with the same key, it answers with the same invite.
   */
  async create(actorId: number, p: { role: Role; unit: Unit | null; uses: number; days: number }, key: string): Promise<CreateInviteResult> {
    const { role, unit, uses, days } = p;
    const invalid = inviteValuesError({ role, hasUnit: unit !== null, uses, days });
    if (invalid) return { ok: false, text: INVITE_ARGS_ERRORS_RU[invalid] };
    if (unit?.archived) return { ok: false, text: T.unitArchivedInvite };
    if (unit?.staffRoom && (role === 'student' || role === 'parent')) return { ok: false, text: T.staffRoomNoFamily };
    const decision = await this.org.authorize(actorId, 'invite', { unitId: unit?.id ?? null, role });
    if (!decision.ok) return { ok: false, text: DENIALS[decision.reason] };
    const invite = await this.org.invites.create({ role, unitId: unit?.id ?? null, maxUses: uses, days, createdBy: actorId }, this.org.now(), key);
    if (invite.created)
      await this.org.audit.append(actorId, 'invite.created', `invite:${invite.code.slice(0, 6)}`, { role, unit: unit?.id ?? '-', uses, days });
    return { ok: true, invite };
  }

  /** Live invites the person may act on with the command, optionally of one unit (already authorized by the caller). */
  async visible(actorId: number, command: 'invites' | 'revoke', unitId?: string): Promise<Invite[]> {
    const actor = await this.org.actor(actorId);
    const live = await this.org.invites.listLive(this.org.now());
    return live.filter((i) => (unitId === undefined || i.unitId === unitId) && authorize(actor, command, { unitId: i.unitId }).ok);
  }

  /** Revokes one invite by its code; the answer says what happened. */
  async revoke(actorId: number, code: string): Promise<{ ok: boolean; text: string }> {
    const invite = await this.org.invites.get(code);
    if (!invite) return { ok: false, text: T.inviteUnknown };
    const d = await this.org.authorize(actorId, 'revoke', { unitId: invite.unitId });
    if (!d.ok) return { ok: false, text: DENIALS[d.reason] };
    // An invite that already ended by itself is not "revoked": say how it ended.
    const state = InviteStore.stateOf(invite, this.org.now());
    if (state === 'expired') return { ok: false, text: T.inviteAlreadyExpired };
    if (state === 'exhausted') return { ok: false, text: T.inviteAlreadyUsed };
    const r = await this.org.invites.revoke(invite.code, this.org.now());
    if (r === 'revoked') return { ok: false, text: T.inviteAlreadyRevoked };
    if (r !== 'ok') return { ok: false, text: T.inviteUnknown };
    await this.org.audit.append(actorId, 'invite.revoked', `invite:${invite.code.slice(0, 6)}`, { role: invite.role, unit: invite.unitId ?? '-' });
    return { ok: true, text: T.revoked };
  }

  /** Revokes every unused live invite the person may revoke (of one unit, when given); how many. */
  async revokeUnused(actorId: number, unitId?: string): Promise<number> {
    let n = 0;
    for (const i of (await this.visible(actorId, 'revoke', unitId)).filter((x) => x.uses === 0)) {
      if ((await this.org.invites.revoke(i.code, this.org.now(), true)) === 'ok') {
        n++;
        await this.org.audit.append(actorId, 'invite.revoked', `invite:${i.code.slice(0, 6)}`, { role: i.role, unit: i.unitId ?? '-', unused: 1 });
      }
    }
    return n;
  }
}
