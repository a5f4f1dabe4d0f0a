// /start, /help, /cancel and /feedback — the commands everyone has.
import { feedbackFlow } from '../../flows/feedback.js';
import { BOT_TEXTS, SUPPORT_CONTACTS } from '../texts.js';
import type { Command } from './types.js';

export function basicCommands(listCommands: () => Command[]): Command[] {
  return [
    {
      name: 'start',
      description: 'Начать работу с ботом',
      where: 'dialog',
      inMenu: true,
      async run(ctx) {
        ctx.reply(BOT_TEXTS.greeting);
      },
    },
    {
      name: 'help',
      description: 'Что умеет бот',
      where: 'any',
      inMenu: true,
      async run(ctx) {
        const lines = listCommands()
          .filter((c) => c.where !== 'chat' || !ctx.isDialog)
          .map((c) => `/${c.name} — ${c.description}`);
        ctx.reply([BOT_TEXTS.helpTitle, ...lines, '', BOT_TEXTS.helpGuest, '', SUPPORT_CONTACTS].join('\n'));
      },
    },
    {
      name: 'cancel',
      description: 'Прервать текущий разговор',
      where: 'dialog',
      inMenu: true,
      async run(ctx) {
        if (!ctx.actor) return;
        const ended = await ctx.services.flows.cancel(ctx.actor.userId);
        ctx.reply(ended ? BOT_TEXTS.cancelled : BOT_TEXTS.nothingToCancel);
      },
    },
    {
      name: 'feedback',
      description: 'Отзыв или предложение о работе бота',
      where: 'dialog',
      inMenu: true,
      async run(ctx) {
        if (!ctx.actor) return;
        await ctx.services.flows.start(ctx.actor.userId, feedbackFlow.id, ctx.updateId);
      },
    },
  ];
}
