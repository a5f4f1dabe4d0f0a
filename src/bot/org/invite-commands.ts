// /invite, /invites, /revoke, /requests, /join — invites and join requests.
import { authorize } from '../../policy/permissions.js';
import { INVITE_ARGS_ERRORS_RU, parseInviteArgs, parseRevokeArgs, REVOKE_ARGS_ERRORS_RU } from '../../policy/invite-args.js';
import { InviteStore } from '../../store/invite-store.js';
import type { Invite } from '../../store/invite-store.js';
import type { Command } from '../commands/types.js';
import type { UpdateContext } from '../context.js';
import type { Joining } from './joining.js';
import type { Organisation } from './organisation.js';
import { DENIALS, ORG_TEXTS as T } from './texts.js';

export function inviteLink(botUsername: string, code: string): string {
  return `https://max.ru/${botUsername}?start=${code}`;
}

export function inviteCommands(org: Organisation, joining: Joining): Command[] {
  const tz = async () => (await org.org.settings()).timeZone;

  /** Live invites the person may act on with the command (its row of the permission table decides). */
  async function visibleInvites(ctx: UpdateContext, unitArg: string, command: 'invites' | 'revoke'): Promise<Invite[] | null> {
    const userId = ctx.actor!.userId;
    let unitId: string | undefined;
    if (unitArg) {
      const unit = await org.org.findUnit(unitArg);
      if (!unit) return ctx.reply(T.unitNotFound(unitArg)), null;
      unitId = unit.id;
    }
    const actor = await org.actor(userId);
    if (unitId !== undefined) {
      const d = authorize(actor, command, { unitId });
      if (!d.ok) return ctx.reply(DENIALS[d.reason]), null;
    }
    const live = await org.invites.listLive(org.now());
    return live.filter((i) => (unitId === undefined || i.unitId === unitId) && authorize(actor, command, { unitId: i.unitId }).ok);
  }

  return [
    {
      name: 'invite',
      description: 'Создать ссылку-приглашение',
      where: 'dialog',
      inMenu: false,
      usage: '<роль> [{unit}] [uses=N] [days=D]',
      permission: 'invite',
      async run(ctx, args) {
        const userId = ctx.actor!.userId;
        const parsed = parseInviteArgs(args);
        if (!parsed.ok) return ctx.reply(INVITE_ARGS_ERRORS_RU[parsed.error]);
        const { role, unit: unitArg, uses, days } = parsed.value;
        const unit = unitArg ? await org.org.findUnit(unitArg) : null;
        if (unitArg && !unit) return ctx.reply(T.unitNotFound(unitArg));
        if (unit?.archived) return ctx.reply(T.unitArchivedInvite);
        if (unit?.staffRoom && (role === 'student' || role === 'parent')) return ctx.reply(T.staffRoomNoFamily);
        const decision = await org.authorize(userId, 'invite', { unitId: unit?.id ?? null, role });
        if (!decision.ok) return ctx.reply(DENIALS[decision.reason]);
        // Keyed by the update: handled twice (after a crash), it answers with the same invite.
        const invite = await org.invites.create({ role, unitId: unit?.id ?? null, maxUses: uses, days, createdBy: userId }, org.now(), ctx.updateId);
        if (invite.created) await org.audit.append(userId, 'invite.created', `invite:${invite.code.slice(0, 6)}`, { role, unit: unit?.id ?? '-', uses, days });
        ctx.reply(T.inviteCreated(inviteLink(ctx.services.bot.username, invite.code), role, unit?.name ?? null, uses, T.ruDate(invite.expiresAt, await tz())));
      },
    },
    {
      name: 'invites',
      description: 'Действующие приглашения',
      where: 'dialog',
      inMenu: false,
      usage: '[{unit}]',
      permission: 'invites',
      async run(ctx, args) {
        const list = await visibleInvites(ctx, args.trim(), 'invites');
        if (!list) return;
        if (list.length === 0) return ctx.reply(T.invitesEmpty);
        const zone = await tz();
        const lines = await Promise.all(list.map(async (i) => T.inviteLine(i.code, i.role, await org.unitName(i.unitId), i.uses, i.maxUses, T.ruDate(i.expiresAt, zone))));
        ctx.reply([T.invitesTitle, ...lines, '', 'Отозвать: /revoke <код> или /revoke unused [{unit}]'].join('\n'));
      },
    },
    {
      name: 'revoke',
      description: 'Отозвать приглашение',
      where: 'dialog',
      inMenu: false,
      usage: '<код> | unused [{unit}]',
      permission: 'revoke',
      async run(ctx, args) {
        const userId = ctx.actor!.userId;
        const parsed = parseRevokeArgs(args);
        if (!parsed.ok) return ctx.reply(REVOKE_ARGS_ERRORS_RU[parsed.error]);
        if (parsed.value.kind === 'code') {
          const invite = await org.invites.get(parsed.value.code);
          if (!invite) return ctx.reply(T.inviteUnknown);
          const d = await org.authorize(userId, 'revoke', { unitId: invite.unitId });
          if (!d.ok) return ctx.reply(DENIALS[d.reason]);
          // An invite that already ended by itself is not "revoked": say how it ended.
          const state = InviteStore.stateOf(invite, org.now());
          if (state === 'expired') return ctx.reply(T.inviteAlreadyExpired);
          if (state === 'exhausted') return ctx.reply(T.inviteAlreadyUsed);
          const r = await org.invites.revoke(invite.code, org.now());
          if (r === 'revoked') return ctx.reply(T.inviteAlreadyRevoked);
          if (r !== 'ok') return ctx.reply(T.inviteUnknown);
          await org.audit.append(userId, 'invite.revoked', `invite:${invite.code.slice(0, 6)}`, { role: invite.role, unit: invite.unitId ?? '-' });
          return ctx.reply(T.revoked);
        }
        const list = await visibleInvites(ctx, parsed.value.unit ?? '', 'revoke');
        if (!list) return;
        let n = 0;
        for (const i of list.filter((x) => x.uses === 0)) {
          if ((await org.invites.revoke(i.code, org.now(), true)) === 'ok') {
            n++;
            await org.audit.append(userId, 'invite.revoked', `invite:${i.code.slice(0, 6)}`, { role: i.role, unit: i.unitId ?? '-', unused: 1 });
          }
        }
        ctx.reply(T.revokedMany(n));
      },
    },
    {
      name: 'requests',
      description: 'Заявки на подтверждение',
      where: 'dialog',
      inMenu: false,
      permission: 'requests',
      async run(ctx) {
        const list = await org.requestsFor(ctx.actor!.userId);
        if (list.length === 0) return ctx.reply(T.requestsEmpty);
        ctx.reply(T.requestsTitle);
        for (const r of list.slice(0, 30)) {
          const card = await joining.card(r);
          ctx.reply(card.text, card.keyboard);
        }
      },
    },
    {
      name: 'join',
      description: 'Заявка на вступление без приглашения',
      where: 'dialog',
      inMenu: true,
      permission: 'join',
      async run(ctx) {
        await joining.selfJoin(ctx);
      },
    },
  ];
}
