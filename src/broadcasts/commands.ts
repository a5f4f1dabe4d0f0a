// /post and the buttons of broadcasts: stop one in progress, see whom it did not reach.
import { type CallbackAction, type Command, onPress } from '../bot/commands/types.js';
import { broadcastFailures, cancelBroadcast } from './buttons.js';
import { DENIALS } from '../org/texts.js';
import { postFlow } from '../flows/broadcasts/post.js';
import type { Broadcasts } from './broadcasts.js';
import { POST_TEXTS as T } from './texts.js';

export function postCommands(broadcasts: Broadcasts): Command[] {
  return [
    {
      name: 'post',
      description: 'Рассылка или публикация в канале',
      where: 'dialog',
      inMenu: false,
      permission: 'post',
      async run(ctx) {
        const userId = ctx.actor!.userId;
        const input = await broadcasts.options(userId);
        if (!input) return ctx.reply(DENIALS.not_allowed);
        if (input.channels.length === 0 && input.groups.length === 0) return ctx.reply(T.noAudiences);
        await ctx.services.flows.start(userId, postFlow.id, ctx.updateId, input, ctx);
      },
    },
  ];
}

export function postActions(broadcasts: Broadcasts): CallbackAction[] {
  return [
    // The sender stops the broadcast.
    onPress(cancelBroadcast, async (ctx, [id], message) => {
      const answer = await broadcasts.cancel(ctx.actor!.userId, id);
      return answer === T.cancelDone ? { closeKeyboard: `${message.text ?? ''}\n\n${answer}` } : { notification: answer };
    }),
    // Whom the broadcast did not reach (names only for the sender).
    onPress(broadcastFailures, async (ctx, [id]) => {
      const list = await broadcasts.failedList(ctx.actor!.userId, id);
      if (list === null) return { notification: DENIALS.not_allowed };
      ctx.reply(list);
      return {};
    }),
  ];
}
