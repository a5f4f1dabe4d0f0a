// /feedback — the pattern every flow follows: ask, take an answer, confirm.
// Pure machine: it only emits effects; the runner persists and performs them.
import { assign, emit, setup } from 'xstate';
import { FEEDBACK_TEXTS as T } from '../texts.js';
import type { FlowDefinition, FlowEffect, FlowEvent } from '../types.js';

export const FEEDBACK_MIN = 3;
export const FEEDBACK_MAX = 2000;

const confirmButtons = [
  [
    { text: T.send, choice: 'send' },
    { text: T.edit, choice: 'edit' },
    { text: T.cancel, choice: 'cancel' },
  ],
];

export const feedbackMachine = setup({
  types: {
    context: {} as { draft: string },
    events: {} as FlowEvent,
    emitted: {} as FlowEffect,
  },
  guards: {
    tooShort: ({ event }) => event.type === 'text' && event.text.trim().length < FEEDBACK_MIN,
    tooLong: ({ event }) => event.type === 'text' && event.text.trim().length > FEEDBACK_MAX,
    chose: ({ event }, choice: string) => event.type === 'choice' && event.choice === choice,
  },
  actions: {
    keepDraft: assign({ draft: ({ event }) => (event.type === 'text' ? event.text.trim() : '') }),
  },
}).createMachine({
  id: 'feedback',
  context: { draft: '' },
  initial: 'asking',
  on: {
    timeout: { target: '.timedOut' },
  },
  states: {
    asking: {
      entry: emit({ type: 'say', text: T.ask }),
      on: {
        text: [
          { guard: 'tooShort', actions: emit({ type: 'say', text: T.tooShort }) },
          { guard: 'tooLong', actions: emit({ type: 'say', text: T.tooLong(FEEDBACK_MAX) }) },
          { target: 'confirming', actions: 'keepDraft' },
        ],
      },
    },
    confirming: {
      entry: emit(({ context }) => ({ type: 'say' as const, text: T.confirm(context.draft), buttons: confirmButtons })),
      on: {
        choice: [
          { guard: { type: 'chose', params: 'send' }, target: 'sent' },
          { guard: { type: 'chose', params: 'edit' }, target: 'asking' },
          { guard: { type: 'chose', params: 'cancel' }, target: 'cancelled' },
        ],
        text: [
          { guard: 'tooShort', actions: emit({ type: 'say', text: T.tooShort }) },
          { guard: 'tooLong', actions: emit({ type: 'say', text: T.tooLong(FEEDBACK_MAX) }) },
          { target: 'confirming', reenter: true, actions: 'keepDraft' },
        ],
      },
    },
    sent: {
      type: 'final',
      entry: [emit(({ context }) => ({ type: 'feedback.save' as const, text: context.draft })), emit({ type: 'say', text: T.thanks })],
    },
    cancelled: { type: 'final', entry: emit({ type: 'say', text: T.cancelled }) },
    timedOut: { type: 'final', entry: emit({ type: 'say', text: T.timedOut }) },
  },
});

export const feedbackFlow: FlowDefinition = {
  id: 'feedback',
  version: 1,
  machine: feedbackMachine,
  command: '/feedback',
  idleTimeoutMs: 24 * 3600 * 1000,
};
