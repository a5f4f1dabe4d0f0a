// The demo keeps the bot's Redis (.data) across restarts, and the bot remembers message ids it
// has handled: a sandbox started later must not repeat an earlier one's message, callback or chat ids.
import { describe, expect, it } from 'vitest';
import { SandboxControl } from '../../src/sandbox/control.js';
import { MaxSandbox } from '../../src/sandbox/server.js';

async function oneRun(idBase: number): Promise<{ mid: string; chatId: number }> {
  const sandbox = new MaxSandbox({ idBase });
  await sandbox.start();
  try {
    const control = new SandboxControl(sandbox.url);
    await control.sendText(1001, '/start');
    const [m] = await control.messages({});
    const { chat_id } = await control.createChat({ title: 'чат', owner_id: 1001 });
    return { mid: m!.mid, chatId: chat_id };
  } finally {
    await sandbox.stop();
  }
}

describe('sandbox ids with an id base (the demo: its start time)', () => {
  it('a later start never repeats the ids of an earlier one', async () => {
    const first = await oneRun(Date.now());
    const second = await oneRun(Date.now());
    expect(second.mid).not.toBe(first.mid);
    expect(second.mid > first.mid).toBe(true);
    expect(second.chatId).not.toBe(first.chatId);
  });

  it('without a base, numbering starts over (what tests rely on)', async () => {
    expect((await oneRun(0)).mid).toBe((await oneRun(0)).mid);
  });
});
