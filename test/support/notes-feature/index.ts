// A feature that exists only for test/bot/feature-module.test.ts: everything it adds to the bot —
// a command with its own permission row, a button, a Redis key family with its erasure, Russian
// texts — is in this folder, and the app takes it through one entry (AppOptions.extraFeatures,
// standing in for the line in src/features.ts).
import { button, arg } from '../../../src/bot/buttons.js';
import { onPress } from '../../../src/bot/commands/types.js';
import type { Feature, KernelContext } from '../../../src/bot/feature.js';
import { featureKeyMaker } from '../../../src/store/keys.js';

declare module '../../../src/policy/permissions.js' {
  interface FeatureCommands {
    note: true;
  }
}
declare module '../../../src/store/personal-data.js' {
  interface FeatureKeyFamilies {
    note: true;
  }
}

export const NOTES_TEXTS = {
  description: 'заметка для себя',
  usage: 'Напишите: /note <текст>',
  saved: (text: string) => `Заметка сохранена: ${text}`,
  shown: (text: string | null) => (text === null ? 'Заметки нет.' : `Ваша заметка: ${text}`),
  remove: 'Удалить',
  removed: 'Заметка удалена.',
};

const removeNote = button('nt', [arg.userId]);

/** The key of a person's note (a test reads it). */
export const noteKey = (prefix: string, userId: number) => featureKeyMaker(prefix, 'notes')('note', userId);

export function createNotes(k: KernelContext) {
  const keys = { note: (userId: number) => noteKey(k.keys.prefix, userId) };
  return {
    name: 'notes',
    permissions: { note: { admin: 'self', director: 'self' } },
    keys,
    commands: [
      {
        name: 'note',
        description: NOTES_TEXTS.description,
        where: 'dialog',
        inMenu: false,
        usage: '<текст>',
        permission: 'note',
        async run(ctx, args) {
          const userId = ctx.actor!.userId;
          if (args.trim() === '') return ctx.reply(NOTES_TEXTS.shown(await k.redis.get(keys.note(userId))));
          await k.redis.set(keys.note(userId), args.trim());
          ctx.reply(NOTES_TEXTS.saved(args.trim()), [[{ text: NOTES_TEXTS.remove, payload: removeNote.encode(userId) }]]);
        },
      },
    ],
    actions: [
      onPress(removeNote, async (ctx, [userId]) => {
        if (ctx.actor?.userId === userId) await k.redis.del(keys.note(userId));
        ctx.reply(NOTES_TEXTS.removed);
        return {};
      }),
    ],
    erase: [
      {
        stage: 'data',
        holder: {
          name: 'notes',
          families: { note: { holds: "the text of a person's note" } },
          erase: async (person) => void (await k.redis.del(keys.note(person.userId))),
        },
      },
    ],
    api: { notes: { keys } },
  } satisfies Feature<object>;
}
