// People's own words are never read for the unit-word marks: a chat titled with marks keeps
// its title in the bot's messages (the marks of the texts around it are still filled).
import { afterEach, describe, expect, it } from 'vitest';
import { CHAT_TEXTS } from '../../src/bot/chats/texts.js';
import { createWorld, eventually, type World } from '../support/harness.js';
import { CURATOR, chatLink, setupSchool } from './support.js';

const TITLE = 'Чат {ого|ой|ого} {Units}';

describe('people’s own words in the bot’s texts', () => {
  let world: World;
  afterEach(async () => world?.close());

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
  });
});
