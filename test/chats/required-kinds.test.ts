// /chats names the classes that lack a required kind of chat (004 2.3: pupils, parents, teachers).
import { afterEach, describe, expect, it } from 'vitest';
import { createWorld, say, type World } from '../support/harness.js';
import { ADMIN, CURATOR, bindChat, setupSchool } from './support.js';

describe('/chats and the required chats of a class', () => {
  let world: World;
  afterEach(async () => world?.close());

  it('flags each class without a pupils’, parents’ or teachers’ chat; a curator sees their own classes', async () => {
    world = await createWorld();
    await setupSchool(world);
    await bindChat(world, CURATOR, '5А ученики', 'чат учеников класса', '5А');
    const [all] = await say(world, ADMIN, '/chats');
    expect(all!.text).toContain('Не хватает обязательных чатов (у класса — чаты учеников, родителей и педагогов):');
    expect(all!.text).toContain('• 5А: чат родителей класса, чат педагогов класса');
    expect(all!.text).toContain('• 6Б: чат учеников класса, чат родителей класса, чат педагогов класса');
    expect(all!.text).not.toContain('• Учительская');
    const [own] = await say(world, CURATOR, '/chats');
    expect(own!.text).toContain('• 5А: чат родителей класса, чат педагогов класса');
    expect(own!.text).not.toContain('6Б');
  });
});
