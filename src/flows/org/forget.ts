// /forget: explain what is deleted and what stays, ask to confirm, then erase (the bot does it).
import { emit, setup } from 'xstate';
import { ERASURE_TEXTS as T } from '../../org/erasure-texts.js';
import type { FlowDefinition, FlowEffect, FlowEvent } from '../types.js';

export const forgetMachine = setup({
  types: { events: {} as FlowEvent, emitted: {} as FlowEffect },
  guards: { chose: ({ event }, choice: string) => event.type === 'choice' && event.choice === choice },
}).createMachine({
  id: 'forget',
  initial: 'asking',
  on: { timeout: { target: '.timedOut' } },
  states: {
    asking: {
      entry: emit({ type: 'say', text: T.explain, buttons: [[{ text: T.confirm, choice: 'yes' }], [{ text: T.cancel, choice: 'no' }]] }),
      on: {
        choice: [
          { guard: { type: 'chose', params: 'yes' }, target: 'confirmed' },
          { guard: { type: 'chose', params: 'no' }, target: 'cancelled' },
        ],
        // Asked again, with live buttons: the earlier message's buttons are stale after this step.
        text: { target: 'asking', reenter: true, actions: emit({ type: 'say', text: T.useButtons }) },
      },
    },
    confirmed: { type: 'final', entry: emit({ type: 'person.forget' }) },
    cancelled: { type: 'final', entry: emit({ type: 'say', text: T.cancelled }) },
    timedOut: { type: 'final', entry: emit({ type: 'say', text: T.timedOut }) },
  },
});

export const forgetFlow: FlowDefinition = {
  id: 'forget',
  version: 1,
  machine: forgetMachine,
  command: '/forget',
  idleTimeoutMs: 24 * 3600 * 1000,
  leavesNoTrace: true,
};
