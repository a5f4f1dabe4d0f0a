// /invite, /invites, /revoke, /requests, /join — invites and join requests.
import { allowedCommands } from '../policy/permissions.js';
import { INVITE_ARGS_ERRORS_RU, parseInviteArgs, parseRevokeArgs, REVOKE_ARGS_ERRORS_RU } from '../policy/invite-args.js';
import { type CallbackAction, type Command, onPress } from '../bot/commands/types.js';
import { inviteQr } from './buttons.js';
import type { UpdateContext } from '../bot/context.js';
import { Invitations, inviteLink } from './invitations.js';
import type { Joining } from './joining.js';
import type { Organisation } from './organisation.js';
import { DENIALS, ORG_TEXTS as T } from './texts.js';

/**
 * The «QR-код для печати» button under a new invite: the invite's QR code as an
 * image (through the reports' delivery queue, which uploads it with the SDK), for those who
 * may see that invite.
 */
export function inviteQrAction(org: Organisation, qr: (userId: number, link: string, key: string) => Promise<void>): CallbackAction {
  const invitations = new Invitations(org);
  return onPress(inviteQr, async (ctx, [code]) => {
    const userId = ctx.actor!.userId;
    if (!(await invitations.visible(userId, 'invites')).some((i) => i.code === code)) return { notification: T.inviteUnknown };
    await qr(userId, inviteLink(ctx.services.bot.username, code), `iq:${ctx.updateId}`);
    return { notification: T.inviteQrQueued };
  });
}

export function inviteCommands(org: Organisation, joining: Joining): Command[] {
  const tz = async () => (await org.org.settings()).timeZone;
  const invitations = new Invitations(org);

  /** Live invites the person may act on with the command (its row of the permission table decides). */
  /** The unit a listing is narrowed to: undefined for all, null when the person was answered (unknown unit, or not theirs). */
  async function unitFilter(ctx: UpdateContext, unitArg: string, command: 'invites' | 'revoke'): Promise<string | undefined | null> {
    if (!unitArg) return undefined;
    const unit = await org.org.findUnit(unitArg);
    if (!unit) {
      ctx.reply(T.unitNotFound(unitArg));
      return null;
    }
    const d = await org.authorize(ctx.actor!.userId, command, { unitId: unit.id });
    if (!d.ok) {
      ctx.reply(DENIALS[d.reason]);
      return null;
    }
    return unit.id;
  }

  return [
    {
      name: 'invite',
      description: 'Создать ссылку-приглашение',
      where: 'dialog',
      inMenu: false,
      usage: '<роль> [{unit}] [раз=N] [дней=D]',
      permission: 'invite',
      async run(ctx, args) {
        const userId = ctx.actor!.userId;
        const parsed = parseInviteArgs(args);
        if (!parsed.ok) return ctx.reply(INVITE_ARGS_ERRORS_RU[parsed.error]);
        const { role, unit: unitArg, uses, days } = parsed.value;
        const unit = unitArg ? await org.org.findUnit(unitArg) : null;
        if (unitArg && !unit) return ctx.reply(T.unitNotFound(unitArg));
        // Keyed by the update: handled twice (after a crash), it answers with the same invite.
        const r = await invitations.create(userId, { role, unit, uses, days }, ctx.updateId);
        if (!r.ok) return ctx.reply(r.text);
        const invite = r.invite;
        ctx.reply(T.inviteCreated(inviteLink(ctx.services.bot.username, invite.code), role, unit?.name ?? null, uses, T.ruDate(invite.expiresAt, await tz())), [
          [{ text: T.inviteQrButton, payload: inviteQr.encode(invite.code) }],
        ]);
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
        const unitId = await unitFilter(ctx, args.trim(), 'invites');
        if (unitId === null) return;
        const list = await invitations.visible(ctx.actor!.userId, 'invites', unitId);
        if (list.length === 0) return ctx.reply(T.invitesEmpty);
        const zone = await tz();
        const lines = await Promise.all(
          list.map(async (i) => T.inviteLine(i.code, i.role, await org.unitName(i.unitId), i.uses, i.maxUses, T.ruDate(i.expiresAt, zone))),
        );
        // The head reads invites but cannot revoke them: no hint of a command they cannot use.
        const mayRevoke = allowedCommands(await org.actor(ctx.actor!.userId)).includes('revoke');
        ctx.reply([T.invitesTitle, ...lines, ...(mayRevoke ? ['', T.invitesRevokeHint] : [])].join('\n'));
      },
    },
    {
      name: 'revoke',
      description: 'Отозвать приглашение',
      where: 'dialog',
      inMenu: false,
      usage: '<код> | неиспользованные [{unit}]',
      permission: 'revoke',
      async run(ctx, args) {
        const userId = ctx.actor!.userId;
        const parsed = parseRevokeArgs(args);
        if (!parsed.ok) return ctx.reply(REVOKE_ARGS_ERRORS_RU[parsed.error]);
        if (parsed.value.kind === 'code') {
          return ctx.reply((await invitations.revoke(userId, parsed.value.code)).text);
        }
        const unitId = await unitFilter(ctx, parsed.value.unit ?? '', 'revoke');
        if (unitId === null) return;
        const n = await invitations.revokeUnused(userId, unitId);
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
