// The /feedback machine on its own: pure, no Redis, no bot.
import { describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import { feedbackMachine } from '../../src/flows/feedback/feedback.js';
import type { FlowEffect, FlowEvent } from '../../src/flows/types.js';

function run(events: FlowEvent[]) {
  const effects: FlowEffect[] = [];
  const actor = createActor(feedbackMachine);
  actor.on('*', (e) => effects.push(e as FlowEffect));
  actor.start();
  for (const e of events) actor.send(e);
  return { effects, snapshot: actor.getSnapshot() };
}

describe('feedback machine', () => {
  it('asks, takes an answer, confirms and saves', () => {
    const { effects, snapshot } = run([
      { type: 'text', text: '  Удобный бот  ' },
      { type: 'choice', choice: 'send' },
    ]);
    expect(snapshot.status).toBe('done');
    expect(effects.map((e) => e.type)).toEqual(['say', 'say', 'feedback.save', 'say']);
    expect(effects[2]).toEqual({ type: 'feedback.save', text: 'Удобный бот' });
    expect(effects[1]).toMatchObject({ buttons: [[{ choice: 'send' }, { choice: 'edit' }, { choice: 'cancel' }]] });
  });

  it('re-asks on a too short or too long answer, with the reason', () => {
    const { effects, snapshot } = run([
      { type: 'text', text: 'ок' },
      { type: 'text', text: 'x'.repeat(2001) },
    ]);
    expect(snapshot.value).toBe('asking');
    expect((effects[1] as { text: string }).text).toContain('короткое');
    expect((effects[2] as { text: string }).text).toContain('длинное');
  });

  it('edit goes back to the question; cancel and timeout end without saving', () => {
    expect(
      run([
        { type: 'text', text: 'Текст отзыва' },
        { type: 'choice', choice: 'edit' },
      ]).snapshot.value,
    ).toBe('asking');
    const cancelled = run([
      { type: 'text', text: 'Текст отзыва' },
      { type: 'choice', choice: 'cancel' },
    ]);
    expect(cancelled.snapshot.status).toBe('done');
    expect(cancelled.effects.some((e) => e.type === 'feedback.save')).toBe(false);
    const timedOut = run([{ type: 'timeout' }]);
    expect(timedOut.snapshot.status).toBe('done');
    expect((timedOut.effects.at(-1) as { text: string }).text).toContain('долго не отвечали');
  });

  it('ignores a choice it does not know', () => {
    const { snapshot } = run([
      { type: 'text', text: 'Текст отзыва' },
      { type: 'choice', choice: 'launch' },
    ]);
    expect(snapshot.value).toBe('confirming');
  });
});
