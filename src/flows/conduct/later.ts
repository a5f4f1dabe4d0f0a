// /later (SPEC §3.5): a teacher composes a message for one of their chats, or a
// parent a question for the curator; it goes out at the start of the next working period.
import { assign, emit, setup } from 'xstate';
import { ownWords } from '../../policy/unit-word.js';
import type { FlowDefinition, FlowEffect, FlowEvent } from '../types.js';

export interface LaterInput {
  /** Teachers: the chats they may write to; empty for a parent's question to the curator. */
  chats: Array<{ id: number; title: string }>;
}

export const LATER_TEXTS = {
  pickChat: 'В какой чат отправить сообщение в начале рабочего дня?',
  ask: 'Напишите сообщение одним текстом. /cancel — отменить.',
  askQuestion: 'Напишите вопрос классному руководителю одним сообщением — он получит его в начале рабочего дня. /cancel — отменить.',
  tooLong: 'Слишком длинно — не больше 3500 символов.',
  useButtons: 'Выберите чат кнопкой.',
  timedOut: 'Отложенное сообщение не отправлено: вы долго не отвечали.',
} as const;

const MAX_TEXT = 3500;

export const laterMachine = setup({
  types: { input: {} as LaterInput, context: {} as LaterInput & { chatId: number | null }, events: {} as FlowEvent, emitted: {} as FlowEffect },
}).createMachine({
  id: 'later',
  context: ({ input }) => ({ ...input, chatId: null }),
  initial: 'start',
  on: { timeout: { target: '.timedOut' } },
  states: {
    start: { always: [{ guard: ({ context }) => context.chats.length > 0, target: 'picking' }, { target: 'writing' }] },
    picking: {
      entry: emit(({ context }) => ({
        type: 'say' as const,
        text: LATER_TEXTS.pickChat,
        buttons: context.chats.slice(0, 30).map((c, i) => [{ text: ownWords(c.title), choice: `c${i}` }]),
      })),
      on: {
        choice: {
          guard: ({ context, event }) => event.type === 'choice' && /^c\d+$/.test(event.choice) && Number(event.choice.slice(1)) < context.chats.length,
          target: 'writing',
          actions: assign({ chatId: ({ context, event }) => context.chats[Number(event.type === 'choice' ? event.choice.slice(1) : 0)]!.id }),
        },
        text: { actions: emit({ type: 'say', text: LATER_TEXTS.useButtons }) },
      },
    },
    writing: {
      entry: emit(({ context }) => ({ type: 'say' as const, text: context.chatId === null ? LATER_TEXTS.askQuestion : LATER_TEXTS.ask })),
      on: {
        text: [
          { guard: ({ event }) => event.type === 'text' && event.text.length > MAX_TEXT, actions: emit({ type: 'say', text: LATER_TEXTS.tooLong }) },
          {
            target: 'done',
            actions: emit(({ context, event }) => ({ type: 'later.schedule' as const, chatId: context.chatId, text: event.type === 'text' ? event.text : '' })),
          },
        ],
      },
    },
    done: { type: 'final' },
    timedOut: { type: 'final', entry: emit({ type: 'say', text: LATER_TEXTS.timedOut }) },
  },
});

export const laterFlow: FlowDefinition = { id: 'later', version: 1, machine: laterMachine, command: '/later', idleTimeoutMs: 24 * 3600 * 1000 };
