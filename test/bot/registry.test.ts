// A name has one owner: a second command, button action, flow, effect, hook or port provider
// stops the start with an error naming both features (a Map built from a list would silently
// keep the last one).
import { button } from '../../src/bot/buttons.js';
import { onPress } from '../../src/bot/commands/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import type { Feature } from '../../src/bot/feature.js';
import { createKernel } from '../../src/bot/kernel.js';
import { Registry } from '../../src/bot/registry.js';
import type { Command } from '../../src/bot/commands/types.js';
import { feedbackFlow } from '../../src/flows/feedback/feedback.js';
import { createWorld, quietLogger, type World } from '../support/harness.js';

const command = (name: string): Command => ({ name, description: 'тест', where: 'any', inMenu: false, run: async () => undefined });

describe('Registry', () => {
  it('keeps the first owner and refuses a second, naming both', () => {
    const r = new Registry<number>('command', '/');
    r.add('org', 'x', 1);
    expect(() => r.add('chats', 'x', 2)).toThrow('duplicate command /x (org, chats)');
    expect(r.get('x')).toBe(1);
    expect(r.ownerOf('x')).toBe('org');
    expect(r.values()).toEqual([1]);
  });

  it('a lookup and a record handed out early find what is registered later', () => {
    const r = new Registry<() => string>('effect');
    const lookup = r.lookup();
    const record = r.asRecord<Record<string, (() => string) | undefined>>();
    expect(lookup.get('a')).toBeUndefined();
    r.add('one', 'a', () => 'A');
    expect(lookup.get('a')?.()).toBe('A');
    expect(record.a?.()).toBe('A');
    expect('a' in record).toBe(true);
  });
});

describe('installing features', () => {
  let world: World;
  beforeAll(async () => {
    world = await createWorld({ noBot: true });
  });
  afterAll(async () => world?.close());

  it('a planted command with a taken name stops createApp: /help (kernel), /rules (conduct), /forget (org)', () => {
    const plant = (name: string) => () => createApp(world.config, { logger: quietLogger(), extraCommands: [command(name)] });
    expect(plant('help')).toThrow('duplicate command /help (kernel, extra)');
    expect(plant('rules')).toThrow('duplicate command /rules (conduct, extra)');
    expect(plant('forget')).toThrow('duplicate command /forget (org, extra)');
  });

  it('the features of the app claim no name twice', async () => {
    const app = createApp(world.config, { logger: quietLogger(), extraCommands: [command('mark'), command('boom')] });
    await app.kill();
  });

  it.each<[string, Omit<Feature, 'name' | 'api'>, string]>([
    ['button action', { actions: [onPress(button('zz', []), async () => ({}))] }, 'duplicate button action zz (a, b)'],
    ['flow', { flows: [feedbackFlow] }, `duplicate flow ${feedbackFlow.id} (a, b)`],
    ['effect', { effects: { 'feedback.save': async () => [] } }, 'duplicate effect feedback.save (a, b)'],
    ['hook', { hooks: { onDialog: async () => undefined } }, 'duplicate hook onDialog (a, b)'],
    ['port provider', { provides: { unitWord: async () => 'class' as never } }, 'duplicate port provider unitWord (a, b)'],
    ['command', { commands: [command('zz')] }, 'duplicate command /zz (a, b)'],
  ])('a second %s throws, naming both features', async (_kind, part, message) => {
    const kernel = createKernel(world.config, { logger: quietLogger() });
    try {
      kernel.install({ name: 'a', ...part, api: {} });
      expect(() => kernel.install({ name: 'b', ...part, api: {} })).toThrow(message);
    } finally {
      await kernel.kill();
    }
  });
});
