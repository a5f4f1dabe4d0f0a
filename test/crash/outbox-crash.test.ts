// Replies in flight when the bot is killed (twice): none is lost, and sending resumes
// within seconds of the restart (not after BullMQ's stall detection).
import { afterEach, describe, expect, it } from 'vitest';
import { createWorld, eventually, type World } from '../support/harness.js';
import { nothingPending } from './support.js';
import { botEnv, everyDayWorking, spawnBot, type BotProcess } from '../support/crash-process.js';

describe('crash safety of the outbox', () => {
  let world: World | undefined;
  const procs: BotProcess[] = [];
  afterEach(async () => {
    for (const p of procs) if (p.child.exitCode === null) p.child.kill('SIGKILL');
    await world?.close();
  });

  it('two kills while replies are in flight: 0 lost, resumed before stall detection after each restart', async () => {
    // MAX admits 5 requests a second here: 40 replies take ~8 s, so both kills find replies in flight.
    world = await createWorld({ noBot: true, sandbox: { rps: 5 } });
    await everyDayWorking(world);
    const env = botEnv(world, { MAX_RPS: '5' });
    const users = Array.from({ length: 40 }, (_, i) => 9100 + i);
    let p = spawnBot(env);
    procs.push(p);
    for (const u of users) await world.control.sendText(u, '/start');
    const gotReply = async () => (await world!.control.messages({ fromBot: true })).filter((m) => m.text?.includes('Здравствуйте')).length;
    const resumeTimes: number[] = [];
    for (let kill = 0; kill < 2; kill++) {
      // Let some replies go out, then kill in the middle of sending.
      const before = await gotReply();
      await eventually(async () => expect(await gotReply()).toBeGreaterThan(before + 2), 60_000);
      p.child.kill('SIGKILL');
      await p.exited;
      const atKill = await gotReply();
      expect(atKill).toBeLessThan(users.length);
      const restartedAt = Date.now();
      p = spawnBot(env);
      procs.push(p);
      await eventually(async () => expect(await gotReply()).toBeGreaterThan(atKill), 40_000);
      resumeTimes.push(Date.now() - restartedAt);
    }
    await eventually(async () => {
      for (const u of users) expect((await world!.control.botMessagesTo(u)).length).toBeGreaterThanOrEqual(1);
    }, 30_000);
    await nothingPending(world!);
    const perUser = await Promise.all(users.map(async (u) => (await world!.control.botMessagesTo(u)).length));
    const duplicates = perUser.reduce((a, n) => a + (n - 1), 0);
    console.info(
      `outbox under two kills: 0 lost of ${users.length}, ${duplicates} duplicate(s), resumed after ${resumeTimes.join(' ms, ')} ms (process start included)`,
    );
    // Sooner than BullMQ's stall detection (30 s) would pick the replies up: the dead process's
    // lease (5 s) lapses and the restarted one takes over; the rest is the process's start.
    for (const t of resumeTimes) expect(t).toBeLessThan(25_000);
  }, 180_000);
});
