// Fair turns in the inbox: a backlog under one person's key (a flood in one chat) does not
// hold back another person's update. The bot drains one key at a time here (concurrency 1),
// so the order in which updates are handled shows whose turn it was. No timing: the backlog
// and the other person's message wait in MAX together before the bot takes them.
import { afterEach, describe, expect, it } from 'vitest';
import type { Command } from '../../src/bot/commands/types.js';
import { createWorld, eventually, type World } from '../support/harness.js';

const FLOODER = 4101;
const OTHER = 4102;
const BACKLOG = 40;
const TURN = 4;

describe('fair turns between ordering keys', () => {
  let world: World;
  afterEach(async () => world?.close());

  it("another person's message is handled before one person's backlog drains, and each person's order holds", async () => {
    const handled: Array<{ user: number; n: number }> = [];
    const mark: Command = {
      name: 'mark',
      description: 'test',
      where: 'any',
      inMenu: false,
      async run(ctx, args) {
        handled.push({ user: ctx.actor!.userId, n: Number(args) });
      },
    };
    world = await createWorld({ noBot: true });
    const { chat_id } = await world.control.createChat({ title: 'Поток', owner_id: FLOODER, members: [OTHER] });
    // The bot is not running yet: everything below waits in MAX and arrives in one batch.
    await world.control.addBot(chat_id, { by: FLOODER });
    for (let n = 0; n < BACKLOG; n++) await world.control.sendChatText(chat_id, FLOODER, `/mark ${n}`);
    await world.control.sendText(OTHER, '/mark 0');
    await world.startBot({}, { extraCommands: [mark], dispatcher: { concurrency: 1, leaseMs: 1500, pollMs: 50, turn: TURN } });
    await eventually(() => expect(handled).toHaveLength(BACKLOG + 1), 30_000);

    // Per-person order and exactly once.
    expect(handled.filter((h) => h.user === FLOODER).map((h) => h.n)).toEqual([...Array(BACKLOG).keys()]);
    // The flooder's line was served first (else the test would prove nothing about turns), and
    // the other person waited one turn of the flooder's at most, not the whole backlog.
    expect(handled[0]!.user).toBe(FLOODER);
    const otherAt = handled.findIndex((h) => h.user === OTHER);
    expect(otherAt).toBeGreaterThanOrEqual(0);
    expect(otherAt).toBeLessThanOrEqual(TURN);
  }, 90_000);
});
