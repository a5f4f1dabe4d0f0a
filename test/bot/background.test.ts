// The background mark (src/bot/background.ts): it follows the async calls of a run, and the
// storage behind it is switched off between runs — which must never take the mark from a run
// still going, nor leave it on people's work.
import { describe, expect, it } from 'vitest';
import { inBackground, isBackground } from '../../src/bot/background.js';

/** A turn of the event loop (a timer, not a sleep for time). */
const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('background mark', () => {
  it('holds through awaits and timers inside a run, and is gone outside it', async () => {
    expect(isBackground()).toBe(false);
    const seen = await inBackground(async () => {
      const first = isBackground();
      await tick();
      const afterTimer = await new Promise<boolean>((resolve) => setTimeout(() => resolve(isBackground()), 1));
      return [first, afterTimer, isBackground()];
    });
    expect(seen).toEqual([true, true, true]);
    expect(isBackground()).toBe(false);
  });

  it('one run ending leaves the mark on another run still going, and people’s work between them unmarked', async () => {
    let letLongGo!: () => void;
    const longHeld = new Promise<void>((resolve) => (letLongGo = resolve));
    const long = inBackground(async () => {
      await longHeld;
      await tick();
      return isBackground();
    });
    await inBackground(async () => {
      await tick();
    });
    // The short run is over: people's work started now is not background, the long run still is.
    const person = await (async () => {
      await tick();
      return isBackground();
    })();
    letLongGo();
    expect(await long).toBe(true);
    expect(person).toBe(false);
  });

  it('a failed run ends like any other: the next run is marked, work after it is not', async () => {
    await expect(inBackground(async () => Promise.reject(new Error('job failed')))).rejects.toThrow('job failed');
    await expect(inBackground(() => Promise.resolve(isBackground()))).resolves.toBe(true);
    await tick();
    expect(isBackground()).toBe(false);
  });

  it('a run inside a run keeps the mark until the outer one ends', async () => {
    const seen = await inBackground(async () => {
      const inner = await inBackground(async () => {
        await tick();
        return isBackground();
      });
      await tick();
      return [inner, isBackground()];
    });
    expect(seen).toEqual([true, true]);
    expect(isBackground()).toBe(false);
  });

  it('a run started inside a run and not awaited keeps its mark after the outer run ends', async () => {
    let letInnerGo!: () => void;
    const gate = new Promise<void>((resolve) => (letInnerGo = resolve));
    let inner!: Promise<boolean>;
    await inBackground(async () => {
      inner = inBackground(async () => {
        await gate;
        await tick();
        return isBackground();
      });
    });
    // The outer run is over; the inner one is still waiting.
    await tick();
    letInnerGo();
    expect(await inner).toBe(true);
    await tick();
    expect(isBackground()).toBe(false);
  });
});
