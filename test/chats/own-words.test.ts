// People's own words are never read for the unit-word marks: a chat titled with marks keeps
// its title in the bot's messages (the marks of the texts around it are still filled).
import { afterEach, describe, expect, it } from 'vitest';
import { CHAT_TEXTS } from '../../src/chats/texts.js';
import { updateSchema } from '../../src/bot/update.js';
import { withUnitWord } from '../../src/policy/unit-word.js';
import { createWorld, eventually, type World } from '../support/harness.js';
import { CURATOR, chatLink, setupSchool } from './support.js';

const TITLE = 'Чат {ого|ой|ого} {Units}';

describe('people’s own words in the bot’s texts', () => {
  let world: World;
  afterEach(async () => {
    await world?.close();
    world = undefined as never;
  });

  it('a chat titled «Чат {ого|ой|ого} {Units}» is named so, not «Чат ого Классы»', async () => {
    world = await createWorld();
    await setupSchool(world);
    const { chat_id } = await world.control.createChat({ title: TITLE, owner_id: CURATOR, link: chatLink('own words') });
    await world.control.addBot(chat_id, { by: CURATOR });
    await eventually(async () => {
      const texts = (await world.control.botMessagesTo(CURATOR)).map((m) => m.text ?? '');
      expect(texts).toContain(`Меня добавили в чат «${TITLE}», где вы администратор. Что это за чат?`);
    });
    // The texts module's own marks around the title are still filled.
    const kinds = (await world.control.botMessagesTo(CURATOR)).flatMap((m) => m.buttons.flat().map((b) => b.text));
    expect(kinds).toContain('чат родителей класса');
    expect(CHAT_TEXTS.askKindPrivately(TITLE)).not.toContain(TITLE); // hidden until rendered

    // A press shows the pressed message again (its keyboard closed): MAX's copy of it has the
    // title's braces as plain text, and they are still not marks.
    const ask = (await world.control.botMessagesTo(CURATOR)).find((m) => m.text?.includes(TITLE))!;
    await world.control.pressByText(CURATOR, ask.mid, 'чат родителей класса');
    await eventually(async () => {
      const shown = (await world.control.botMessagesTo(CURATOR)).find((m) => m.mid === ask.mid)!;
      expect(shown.buttons.flat()).toHaveLength(0);
      expect(shown.text).toContain(`«${TITLE}»`);
    });
  });

  it('the characters that protect people’s words are taken out of what people send, so nobody forges a span', () => {
    // U+E002/U+E003 would make «unit» a live mark; U+E000/U+E001 would close a protected span early.
    const forged = '\uE002Units\uE003 \uE000x\uE001';
    const user = { user_id: 7, first_name: forged, last_name: `\uE002unit\uE003` };
    const message = updateSchema.parse({
      update_type: 'message_created',
      timestamp: 1,
      message: { sender: user, recipient: { chat_id: 5, chat_type: 'chat' }, timestamp: 1, body: { mid: 'm1', text: forged } },
    });
    if (message.update_type !== 'message_created') throw new Error('parsed as another type');
    expect(message.message.body.text).toBe('Units x');
    expect(message.message.sender!.first_name).toBe('Units x');
    expect(message.message.sender!.last_name).toBe('unit');
    const title = updateSchema.parse({ update_type: 'chat_title_changed', timestamp: 1, chat_id: 5, user, title: forged });
    if (title.update_type !== 'chat_title_changed') throw new Error('parsed as another type');
    expect(title.title).toBe('Units x');
    // Put into a text, it stays as sent.
    expect(withUnitWord(CHAT_TEXTS.askKindPrivately(title.title), 'класс')).toContain('«Units x»');
  });
});
