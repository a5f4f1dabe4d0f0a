// /report in a dialog (001 4.5.2): asks what happened and confirms before anything
// is sent. Unauthorised access or a lost account alerts the admins (at once; the
// effect handler limits alerts per person per day); anything else goes, as text, to
// the curator or the admins within working hours.
import { assign, emit, setup } from 'xstate';
import { REPORT_TEXTS as T } from './report-texts.js';
import type { FlowDefinition, FlowEffect, FlowEvent } from '../types.js';

export const REPORT_MIN = 5;
export const REPORT_MAX = 2000;

const kindButtons = [
  [{ text: T.misuse, choice: 'misuse' }],
  [{ text: T.lost, choice: 'lost' }],
  [{ text: T.other, choice: 'other' }],
  [{ text: T.cancel, choice: 'cancel' }],
];
const yesNo = [
  [
    { text: T.yes, choice: 'yes' },
    { text: T.cancel, choice: 'cancel' },
  ],
];

export const reportMachine = setup({
  types: {
    context: {} as { kind: 'misuse' | 'lost' | null; text: string },
    events: {} as FlowEvent,
    emitted: {} as FlowEffect,
  },
  guards: {
    chose: ({ event }, choice: string) => event.type === 'choice' && event.choice === choice,
    tooShort: ({ event }) => event.type === 'text' && event.text.trim().length < REPORT_MIN,
    tooLong: ({ event }) => event.type === 'text' && event.text.trim().length > REPORT_MAX,
  },
}).createMachine({
  id: 'report',
  context: { kind: null, text: '' },
  initial: 'choosing',
  on: { timeout: { target: '.timedOut' } },
  states: {
    choosing: {
      entry: emit({ type: 'say', text: T.ask, buttons: kindButtons }),
      on: {
        choice: [
          { guard: { type: 'chose', params: 'misuse' }, target: 'confirming', actions: assign({ kind: 'misuse' as const }) },
          { guard: { type: 'chose', params: 'lost' }, target: 'confirming', actions: assign({ kind: 'lost' as const }) },
          { guard: { type: 'chose', params: 'other' }, target: 'describing' },
          { guard: { type: 'chose', params: 'cancel' }, target: 'cancelled' },
        ],
      },
    },
    confirming: {
      entry: emit(({ context }) => ({ type: 'say' as const, text: context.kind === 'lost' ? T.confirmLost : T.confirmMisuse, buttons: yesNo })),
      on: {
        choice: [
          { guard: { type: 'chose', params: 'yes' }, target: 'alerted' },
          { guard: { type: 'chose', params: 'cancel' }, target: 'cancelled' },
        ],
      },
    },
    describing: {
      entry: emit({ type: 'say', text: T.describe }),
      on: {
        text: [
          { guard: 'tooShort', actions: emit({ type: 'say', text: T.tooShort }) },
          { guard: 'tooLong', actions: emit({ type: 'say', text: T.tooLong(REPORT_MAX) }) },
          { target: 'confirmingText', actions: assign({ text: ({ event }) => (event.type === 'text' ? event.text.trim() : '') }) },
        ],
      },
    },
    confirmingText: {
      entry: emit(({ context }) => ({
        type: 'say' as const,
        text: T.confirmOther(context.text),
        buttons: [
          [
            { text: T.send, choice: 'send' },
            { text: T.cancel, choice: 'cancel' },
          ],
        ],
      })),
      on: {
        choice: [
          { guard: { type: 'chose', params: 'send' }, target: 'forwarded' },
          { guard: { type: 'chose', params: 'cancel' }, target: 'cancelled' },
        ],
      },
    },
    alerted: { type: 'final', entry: emit(({ context }) => ({ type: 'report.account' as const, kind: context.kind ?? 'misuse' })) },
    forwarded: { type: 'final', entry: emit(({ context }) => ({ type: 'report.other' as const, text: context.text })) },
    cancelled: { type: 'final', entry: emit({ type: 'say', text: T.cancelled }) },
    timedOut: { type: 'final', entry: emit({ type: 'say', text: T.timedOut }) },
  },
});

export const reportFlow: FlowDefinition = {
  id: 'report',
  version: 1,
  machine: reportMachine,
  command: '/report',
  idleTimeoutMs: 24 * 3600 * 1000,
};
