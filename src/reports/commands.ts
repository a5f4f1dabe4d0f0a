// /stats: figures for 7 / 30 / 365 days (buttons), for admins and the director over the
// whole organisation and for curators over their own classes (the permission table).
import { actionPayload } from '../bot/callback-payload.js';
import type { CallbackAction, Command } from '../bot/commands/types.js';
import type { UpdateContext } from '../bot/context.js';
import type { Keyboard } from '../bot/outbox.js';
import type { Organisation } from '../bot/org/organisation.js';
import { DENIALS } from '../bot/org/texts.js';
import { PERIODS, type Period } from './days.js';
import type { StatsQuery, StatsScope } from './stats-query.js';
import { STATS_TEXTS as T } from './texts.js';

export interface StatsDeps {
  org: Organisation;
  query: StatsQuery;
}

const DEFAULT_PERIOD: Period = 30;

export function periodKeyboard(): Keyboard {
  return [PERIODS.map((d) => ({ text: T.periodButton(d), payload: actionPayload('stats', d) }))];
}

/** Whole organisation or the person's own units; null when they may not see statistics. */
async function scopeOf(org: Organisation, userId: number): Promise<{ scope: StatsScope; title: string } | null> {
  const d = await org.authorize(userId, 'stats');
  if (!d.ok) return null;
  if (d.scope === 'all') return { scope: { kind: 'all' }, title: T.titleAll };
  const units = await org.unitsInScope(userId, 'stats');
  return { scope: { kind: 'units', unitIds: units.map((u) => u.id) }, title: T.titleOwn(units.map((u) => u.name)) };
}

async function summary(deps: StatsDeps, ctx: UpdateContext, days: Period): Promise<void> {
  const userId = ctx.actor!.userId;
  const s = await scopeOf(deps.org, userId);
  if (!s) return ctx.reply(DENIALS.not_allowed);
  if (s.scope.kind === 'units' && s.scope.unitIds.length === 0) return ctx.reply(T.noUnits);
  const started = Date.now();
  const figures = await deps.query.figures(days, s.scope, deps.org.now());
  ctx.log.info({ userId, days, ms: Date.now() - started }, 'stats computed');
  ctx.reply(T.summary(figures, s.title), periodKeyboard());
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
        if (a === '') return summary(deps, ctx, DEFAULT_PERIOD);
        const days = Number(a);
        if (!(PERIODS as readonly number[]).includes(days)) return ctx.reply(T.usage);
        return summary(deps, ctx, days as Period);
      },
    },
  ];
}

export function statsActions(deps: StatsDeps): CallbackAction[] {
  return [
    {
      // stats:<days> — the period buttons under a summary.
      name: 'stats',
      async run(ctx, args) {
        const days = Number(args[0]);
        if (args.length !== 1 || !(PERIODS as readonly number[]).includes(days)) return { notification: T.periodGone };
        await summary(deps, ctx, days as Period);
        return {};
      },
    },
  ];
}
