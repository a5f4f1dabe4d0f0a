// /stats: figures for 7 / 30 / 365 days (buttons), for admins and the director over the
// whole organisation and for curators over their own classes (the permission table).
// The summary, two charts and a workbook go out through the reports queue (delivery.ts).
import { type CallbackAction, type Command, onPress } from '../bot/commands/types.js';
import { statsPeriod } from './buttons.js';
import type { UpdateContext } from '../bot/context.js';
import type { Organisation } from '../org/organisation.js';
import type { AuditFilter } from '../store/audit-log.js';
import { DENIALS, ORG_TEXTS } from '../org/texts.js';
import { statsScopeOf } from './builder.js';
import { PERIODS, type Period } from '../policy/days.js';
import type { ReportDelivery } from './delivery.js';
import { STATS_TEXTS as T } from './texts.js';

export interface StatsDeps {
  org: Organisation;
  delivery: ReportDelivery;
  weekly: { setEnabled(userId: number, on: boolean): Promise<void> };
}

const DEFAULT_PERIOD: Period = 30;

async function requestStats(deps: StatsDeps, ctx: UpdateContext, period: Period): Promise<void> {
  const userId = ctx.actor!.userId;
  const s = await statsScopeOf(deps.org, userId);
  if (!s) return ctx.reply(DENIALS.not_allowed);
  if (s.scope.kind === 'units' && s.scope.unitIds.length === 0) return ctx.reply(T.noUnits);
  await deps.delivery.request({ kind: 'stats', userId, period }, ctx.updateId);
}

export function statsCommands(deps: StatsDeps): Command[] {
  return [
    {
      name: 'stats',
      description: 'Статистика',
      where: 'dialog',
      inMenu: false,
      permission: 'stats',
      async run(ctx, args) {
        const a = args.trim().toLowerCase();
        if (a === '') return requestStats(deps, ctx, DEFAULT_PERIOD);
        if (a === 'off' || a === 'on' || a === 'выкл' || a === 'вкл') {
          const on = a === 'on' || a === 'вкл';
          await deps.weekly.setEnabled(ctx.actor!.userId, on);
          return ctx.reply(on ? T.weeklyOn : T.weeklyOff);
        }
        const days = Number(a);
        if (!(PERIODS as readonly number[]).includes(days)) return ctx.reply(T.usage);
        return requestStats(deps, ctx, days as Period);
      },
    },
  ];
}

export function statsActions(deps: StatsDeps): CallbackAction[] {
  return [
    // The period buttons under a summary.
    onPress(statsPeriod, async (ctx, [days]) => {
      await requestStats(deps, ctx, days);
      return {};
    }),
  ];
}

/** "/members [класс] xlsx" and "/audit xlsx": the spreadsheet versions of the org commands. */
export interface OrgExports {
  /** True when the arguments ask for a spreadsheet (the command then does nothing else). */
  wants(args: string): boolean;
  members(ctx: UpdateContext, args: string): Promise<void>;
  audit(ctx: UpdateContext, filter: AuditFilter): Promise<void>;
}

export function orgExports(deps: StatsDeps): OrgExports {
  const XLSX = /(?:^|\s)(xlsx|excel|эксель)$/i;
  return {
    wants: (args) => XLSX.test(args.trim()),
    async members(ctx, args) {
      const userId = ctx.actor!.userId;
      const name = args.trim().replace(XLSX, '').trim();
      let unitId: string | null = null;
      if (name) {
        const unit = await deps.org.org.findUnit(name);
        if (!unit) return ctx.reply(ORG_TEXTS.unitNotFound(name));
        unitId = unit.id;
      }
      const d = await deps.org.authorize(userId, 'members', unitId ? { unitId } : {});
      if (!d.ok) return ctx.reply(DENIALS[d.reason]);
      await deps.delivery.request({ kind: 'members', userId, unitId }, ctx.updateId);
    },
    async audit(ctx, filter) {
      const userId = ctx.actor!.userId;
      const d = await deps.org.authorize(userId, 'audit');
      if (!d.ok) return ctx.reply(DENIALS[d.reason]);
      await deps.delivery.request({ kind: 'audit', userId, filter }, ctx.updateId);
    },
  };
}
