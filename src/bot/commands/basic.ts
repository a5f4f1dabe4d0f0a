// /start, /help and /cancel — the commands everyone has (/feedback: src/feedback).
import { BOT_TEXTS, SUPPORT_CONTACTS } from '../texts.js';
import type { HoursWindow } from '../../policy/hours/index.js';
import type { Command } from './types.js';
import type { UpdateContext } from '../context.js';
import type { Keyboard } from '../outbox.js';

/** Commands the person may see in /help (the permission table decides). */
export type HelpFilter = (userId: number, commands: Command[], ctx?: UpdateContext) => Promise<{ commands: Command[]; guest: boolean }>;

/** The «Открыть панель» button for those the web panel is for (none when the panel is off). */
export type PanelButton = (userId: number, ctx: UpdateContext) => Promise<Keyboard | undefined>;

export function basicCommands(
  listCommands: () => Command[],
  visibleTo: HelpFilter = async (_u, commands) => ({ commands, guest: true }),
  panelButton: PanelButton = async () => undefined,
  /** The organisation's working hours in force, told in the greeting. */
  hours: () => Promise<HoursWindow> = async () => ({ start: '07:30', end: '20:00' }),
): Command[] {
  return [
    {
      name: 'start',
      description: 'Начать работу с ботом',
      where: 'dialog',
      inMenu: true,
      permission: 'start',
      async run(ctx) {
        ctx.reply(BOT_TEXTS.greeting(await hours()), ctx.actor && ctx.isDialog ? await panelButton(ctx.actor.userId, ctx) : undefined);
      },
    },
    {
      name: 'help',
      description: 'Что умеет бот',
      where: 'any',
      inMenu: true,
      permission: 'help',
      async run(ctx) {
        const { commands: mine, guest } = ctx.actor ? await visibleTo(ctx.actor.userId, listCommands(), ctx) : { commands: [], guest: true };
        const lines = mine
          .filter((c) => (ctx.isDialog ? c.where !== 'chat' : c.where !== 'dialog'))
          .map((c) => `/${c.name}${c.usage ? ` ${c.usage}` : ''} — ${c.description}`);
        // The invite hint is for those who have no role yet.
        const panel = ctx.actor && ctx.isDialog ? await panelButton(ctx.actor.userId, ctx) : undefined;
        ctx.reply([BOT_TEXTS.helpTitle, ...lines, '', ...(guest ? [BOT_TEXTS.helpGuest, ''] : []), SUPPORT_CONTACTS].join('\n'), panel);
      },
    },
    {
      name: 'cancel',
      description: 'Прервать текущий разговор',
      where: 'dialog',
      inMenu: true,
      permission: 'cancel',
      async run(ctx) {
        if (!ctx.actor) return;
        const ended = await ctx.services.flows.cancel(ctx.actor.userId);
        ctx.reply(ended ? BOT_TEXTS.cancelled : BOT_TEXTS.nothingToCancel);
      },
    },
  ];
}
