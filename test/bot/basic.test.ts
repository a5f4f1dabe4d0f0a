import { afterEach, describe, expect, it } from 'vitest';
import { createWorld, say, type World } from '../support/harness.js';

describe('basic commands through the sandbox', () => {
  let world: World;
  afterEach(async () => world?.close());

  it('answers /start, registers the command menu, lists /help with support contacts', async () => {
    world = await createWorld();
    const [greeting] = await say(world, 1001, '/start');
    expect(greeting!.text).toContain('Здравствуйте');
    const commandCalls = await world.control.requests({ method: 'PATCH', path: '/me/commands' });
    expect(commandCalls.length).toBe(1);
    const [help] = await say(world, 1001, '/help');
    expect(help!.text).toContain('/feedback');
    expect(help!.text).toContain('info@sferum.ru');
    expect(help!.text).toContain('https://max.ru/sferum_help');
  });

  it('the command menu lists only what everyone may run; /help shows syntax and, in a dialog, no chat-only commands', async () => {
    world = await createWorld();
    await say(world, 1, '/start');
    const [call] = await world.control.requests({ method: 'PATCH', path: '/me/commands' });
    const menu = ((call!.body as { commands: Array<{ name: string }> }).commands ?? []).map((c) => c.name).sort();
    expect(menu).toEqual(['cancel', 'feedback', 'help', 'join', 'me', 'report', 'rules', 'start']);
    const [help] = await say(world, 1, '/help');
    expect(help!.text).toContain('/invite <роль> [класс] [раз=N] [дней=D] — ');
    expect(help!.text).toContain('/unit добавить <названия через запятую>');
    expect(help!.text).not.toMatch(/^\/bind /m);
    const [inDialog] = await say(world, 1, '/bind');
    expect(inDialog!.text).toBe('Эта команда работает в групповом чате, куда добавлен бот.');
  });

  it('answers unknown commands and plain text politely', async () => {
    world = await createWorld();
    const [unknown] = await say(world, 1002, '/nonsense');
    expect(unknown!.text).toContain('/help');
    const [plain] = await say(world, 1002, 'привет');
    expect(plain!.text).toContain('/help');
  });

  it('greets on bot_started without a payload', async () => {
    world = await createWorld();
    const after = await world.control.lastSeq();
    await world.control.startBot(1003);
    const [m] = await world.control.waitForMessages({ userId: 1003, fromBot: true }, { afterSeq: after });
    expect(m!.text).toContain('Здравствуйте');
  });

  it('/me tells anyone, even without a role, their MAX id (what ADMIN_USER_IDS needs)', async () => {
    world = await createWorld();
    const [me] = await say(world, 1004, '/me');
    expect(me!.text).toContain('Ваш id в MAX: 1004');
  });
});
