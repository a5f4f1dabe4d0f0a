// The chat registry follows MAX events; activists reach the management chats.
import { afterEach, describe, expect, it } from 'vitest';
import { createWorld, eventually, say, type World } from '../support/harness.js';
import { decide, invite, join, workdayClock } from '../org/support.js';
import { ADMIN, CURATOR, bindChat, joinByLink, members, setupSchool } from './support.js';

describe('chat registry and activists', () => {
  let world: World;
  afterEach(async () => world?.close());

  it('a renamed chat keeps its binding; the binder hears when the bot is removed', async () => {
    world = await createWorld({ app: { now: workdayClock() } });
    await setupSchool(world);
    const chatId = await bindChat(world, CURATOR, '5А ученики', 'чат учеников класса', '5А');
    await world.control.renameChat(chatId, '5А — ученики', CURATOR);
    await eventually(async () => {
      const [list] = await say(world, CURATOR, '/chats');
      expect(list!.text).toContain('«5А — ученики»');
    });
    await world.control.removeBot(chatId, CURATOR);
    await eventually(async () =>
      expect((await world.control.botMessagesTo(CURATOR)).some((m) => m.text?.includes('Меня удалили из чата «5А — ученики»'))).toBe(true),
    );
    const [after] = await say(world, CURATOR, '/chats');
    expect(after!.text).not.toContain('5А — ученики');
  });

  it('a parent marked as an activist joins the chat of the head with the parents’ activists', async () => {
    world = await createWorld({ app: { now: workdayClock() } });
    await setupSchool(world);
    const activists = await bindChat(world, ADMIN, 'Родительский актив', 'руководство с родительским активом');
    await join(world, 30, await invite(world, CURATOR, 'родитель 5А'), { name: 'Иванова Мария', child: 'Иванов Пётр' });
    await decide(world, CURATOR, 'Иванова Мария', 'Подтвердить');
    expect(await members(world, activists)).not.toContain(30);
    const [pick] = await say(world, CURATOR, '/activist Иванова');
    await world.control.pressByText(CURATOR, pick!.mid, pick!.buttons.flat()[0]!.text);
    await joinByLink(world, 30, activists);
    await eventually(async () => expect(await members(world, activists)).toContain(30));
    const [again] = await say(world, CURATOR, '/activist Иванова');
    await world.control.pressByText(CURATOR, again!.mid, again!.buttons.flat()[0]!.text);
    await eventually(async () => expect(await members(world, activists)).not.toContain(30));
  });
});
