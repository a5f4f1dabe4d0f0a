// A reviewer rejects a join request: the reason (or none) goes to the person.
import { emit, setup } from 'xstate';
import { REJECT_TEXTS as T } from './join-texts.js';
import type { FlowDefinition, FlowEffect, FlowEvent } from '../types.js';

export const REJECT_REASON_MAX = 300;

export const rejectMachine = setup({
  types: { input: {} as { requestId: string }, context: {} as { requestId: string }, events: {} as FlowEvent, emitted: {} as FlowEffect },
}).createMachine({
  id: 'reject',
  context: ({ input }) => ({ requestId: input.requestId }),
  initial: 'asking',
  on: { timeout: { target: '.timedOut' } },
  states: {
    asking: {
      entry: emit({ type: 'say', text: T.askReason, buttons: [[{ text: T.noReason, choice: 'none' }]] }),
      on: {
        text: [
          { guard: ({ event }) => event.type === 'text' && event.text.trim().length > REJECT_REASON_MAX, actions: emit({ type: 'say', text: T.tooLong }) },
          {
            target: 'done',
            actions: emit(({ context, event }) => ({
              type: 'request.reject' as const,
              requestId: context.requestId,
              reason: event.type === 'text' ? event.text.trim() : '',
            })),
          },
        ],
        choice: {
          guard: ({ event }) => event.type === 'choice' && event.choice === 'none',
          target: 'done',
          actions: emit(({ context }) => ({ type: 'request.reject' as const, requestId: context.requestId, reason: '' })),
        },
      },
    },
    done: { type: 'final' },
    timedOut: { type: 'final', entry: emit({ type: 'say', text: T.timedOut }) },
  },
});

export const rejectFlow: FlowDefinition = { id: 'reject', version: 1, machine: rejectMachine, command: '/requests', idleTimeoutMs: 24 * 3600 * 1000 };
