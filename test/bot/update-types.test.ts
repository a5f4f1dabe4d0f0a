// Every update type of MAX's official description is handled or ignored cleanly, and so
// are the shapes MAX really sends outside it: a voice message or video circle arrives as
// message_created with no message (SDK issue max-bot-api-client-ts#250), and MAX may add
// types. Nothing of these may crash a handler or hold up the person's next update.
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { BOT_TEXTS } from '../../src/bot/texts.js';
import { DESCRIBED_UPDATE_TYPES, IGNORED_UPDATE_TYPES, updateSchema } from '../../src/bot/update.js';
import { createWorld, eventually, say, type World } from '../support/harness.js';
import { vendoredDescription } from '../support/max-schema.js';

/**
 * The `Update` discriminator mapping of the vendored official description
 * (vendor/max-api-schema/schema.yaml, components.schemas.Update.discriminator.mapping), in its order.
 */
const SCHEMA_UPDATE_TYPES = Object.keys(vendoredDescription()['components']['schemas']['Update']['discriminator']['mapping'] as Record<string, string>);

type LogLine = { msg?: string; level?: number; updateType?: string; [k: string]: unknown };

describe('update types', () => {
  it('each type of the description is either understood or deliberately ignored', () => {
    expect([...DESCRIBED_UPDATE_TYPES]).toEqual(SCHEMA_UPDATE_TYPES);
    const handled = updateSchema.options.map((o) => o.shape.update_type.value as string);
    for (const type of SCHEMA_UPDATE_TYPES) expect(handled.includes(type) !== IGNORED_UPDATE_TYPES.has(type), type).toBe(true);
    expect([...IGNORED_UPDATE_TYPES].sort()).toEqual(
      ['comment_created', 'comment_edited', 'comment_removed', 'dialog_cleared', 'dialog_muted', 'dialog_removed', 'dialog_unmuted', 'message_removed'].sort(),
    );
  });
});

describe('updates the bot has no use for, and shapes outside the description', () => {
  let world: World;
  const lines: LogLine[] = [];
  afterEach(async () => {
    lines.length = 0;
    await world?.close();
  });

  async function start(): Promise<void> {
    const logger = pino({ level: 'debug' }, { write: (line: string) => lines.push(JSON.parse(line) as LogLine) });
    world = await createWorld({ app: { logger } });
  }

  it('ignored types and an unknown type are logged by type only, and the person’s next message is answered', async () => {
    await start();
    await world.control.createUser({ user_id: 41, first_name: 'Ольга' });
    await say(world, 41, '/start');
    const dialog = 100_000_041;
    const user = { user_id: 41, first_name: 'Ольга', last_name: null, is_bot: false, last_activity_time: Date.now() };
    const comment = {
      sender: user,
      recipient: { chat_id: -70000000077, chat_type: 'channel' },
      timestamp: Date.now(),
      body: { mid: 'mid.c1', seq: 1, text: 'Секретный комментарий' },
    };
    // Shapes as the description gives them (required fields of each).
    const shapes: Array<{ update_type: string } & Record<string, unknown>> = [
      { update_type: 'message_removed', message_id: 'mid.000000000001', chat_id: dialog, user_id: 41 },
      { update_type: 'comment_created', message: comment },
      { update_type: 'comment_edited', message: comment },
      { update_type: 'comment_removed', message_id: 'mid.c1', chat_id: -70000000077, user_id: 41, post_id: 'mid.p1' },
      { update_type: 'dialog_cleared', chat_id: dialog, user, user_locale: 'ru' },
      { update_type: 'dialog_removed', chat_id: dialog, user, user_locale: 'ru' },
      { update_type: 'dialog_muted', chat_id: dialog, user, muted_until: Date.now() + 3_600_000, user_locale: 'ru' },
      { update_type: 'dialog_unmuted', chat_id: dialog, user, user_locale: 'ru' },
      // A type MAX might add later.
      { update_type: 'message_reaction_added', chat_id: dialog, user, reaction: 'Секретная реакция' },
    ];
    world.contract.allowOutside('a type MAX might add later', (v) => v.value.includes('"update_type":"message_reaction_added"'));
    for (const update of shapes) await world.control.injectUpdate(update);
    const [answer] = await say(world, 41, '/help');
    expect(answer!.text!.length).toBeGreaterThan(0);

    await eventually(() =>
      expect(
        lines
          .filter((l) => l.msg === 'update ignored: not used')
          .map((l) => l.updateType)
          .sort(),
      ).toEqual([...IGNORED_UPDATE_TYPES].sort()),
    );
    const unknown = lines.filter((l) => l.msg === 'update ignored: unknown type');
    expect(unknown.map((l) => l.updateType)).toEqual(['message_reaction_added']);
    // The type only: nothing of the content (names, texts) reaches the log.
    const logged = JSON.stringify(lines);
    expect(logged).not.toContain('Секретн');
    expect(lines.filter((l) => l.msg === 'update handler failed' || l.msg === 'update ignored: not understood')).toEqual([]);
    // Nothing was said to anyone about them.
    expect((await world.control.botMessagesTo(41)).map((m) => m.text)).toHaveLength(2);
  }, 60_000);

  it('a voice message (message_created with no message): a note in a dialog, silence in a group chat, and nothing held up', async () => {
    await start();
    await world.control.createUser({ user_id: 42, first_name: 'Пётр' });
    await world.control.createUser({ user_id: 43, first_name: 'Вера' });
    await say(world, 42, '/start');
    const { chat_id: chatId } = await world.control.createChat({ title: 'Класс', owner_id: 43, members: [42] });
    await world.control.addBot(chatId, { by: 43 });

    // MAX as observed sends a voice message with no chat and no person; the `named` variant models
    // a MAX that names them (chat_id and user), which the description does not list for it.
    world.contract.allowOutside(
      'a voice message that names its chat and person',
      (v) => v.value.includes('"update_type":"message_created"') && !v.value.includes('"message"'),
    );
    // As MAX names the person: the note, once.
    const before = await world.control.lastSeq();
    await world.control.sendVoice(42, { named: true });
    const [note] = await world.control.waitForBotMessage(42, { afterSeq: before });
    expect(note!.text).toBe(BOT_TEXTS.textOnly);

    // As observed in issue #250 (only timestamp and user_locale): nobody to answer; ignored.
    await world.control.sendVoice(42);
    // In a group chat: silence, named or not.
    await world.control.sendVoice(42, { chatId, named: true });
    await world.control.sendVoice(42, { chatId });

    // The inbox goes on: the person's next message is answered after them.
    const [help] = await say(world, 42, '/help');
    expect(help!.text).not.toBe(BOT_TEXTS.textOnly);
    await eventually(() => expect(lines.filter((l) => l.msg === 'message without content')).toHaveLength(4));
    expect((await world.control.botMessagesTo(42)).filter((m) => m.text === BOT_TEXTS.textOnly)).toHaveLength(1);
    expect((await world.control.messages({ chatId, fromBot: true })).filter((m) => m.text === BOT_TEXTS.textOnly)).toEqual([]);
    expect(lines.filter((l) => l.msg === 'update handler failed' || l.msg === 'update ignored: not understood')).toEqual([]);
  }, 60_000);
});
