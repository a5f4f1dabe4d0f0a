// /setup (002 2.1, 003 4.1): the admin names the organisation, its time zone and
// the word for a unit, the working week (five or six days), the final grade and the grade
// from which pupils consent to the processing of their data themselves (younger ones on a
// parent's consent). Each step offers to keep the current value, so /setup also changes them later.
import { assign, emit, setup as xsetup } from 'xstate';
import { canonicalTimeZone } from '../../policy/hours/index.js';
import { DEFAULT_SELF_CONSENT_GRADE } from '../../policy/child-consent.js';
import type { FlowDefinition, FlowEffect, FlowEvent } from '../types.js';

import { UNIT_WORDS, type UnitWord } from '../../policy/unit-word.js';

export interface SetupInput {
  name: string | null;
  timeZone: string;
  unitWord: UnitWord;
  /** Working days a week: Monday–Friday or Monday–Saturday. */
  week: 5 | 6;
  /** The last grade (course): its pupils graduate at /rollover. */
  finalGrade?: number;
  /** From this grade pupils consent themselves (default: grade 8, i.e. 14 years). */
  selfConsentGrade?: number;
}

export const SETUP_TEXTS = {
  askName: (current: string | null) => `Как называется организация? Напишите полное название.${current ? `\nСейчас: ${current}` : ''}`,
  keep: 'Оставить как есть',
  badName: 'Название должно быть от 3 до 200 символов.',
  askZone: (current: string) => `Часовой пояс организации? Выберите или напишите в формате IANA (например, Asia/Yekaterinburg).\nСейчас: ${current}`,
  badZone: 'Не знаю такого часового пояса. Пример: Europe/Moscow, Asia/Novosibirsk.',
  askWord: 'Как называются подразделения: классы, группы или объединения?',
  askWeek: (current: 5 | 6) =>
    `Сколько дней в неделе учатся и работают? Праздники и переносы выходных бот учтёт сам.\nСейчас: ${current === 6 ? 'шестидневка' : 'пятидневка'}`,
  fiveDays: 'Пн–Пт (пятидневка)',
  sixDays: 'Пн–Сб (шестидневка)',
  askFinal: (current: number) =>
    `Какой класс (курс) выпускной? Его ученики выпускаются при переходе на новый учебный год (/rollover). Для колледжа напишите номер последнего курса.\nСейчас: ${current}`,
  badFinal: 'Напишите число от 1 до 12 или нажмите кнопку.',
  askConsent: (current: number) =>
    [
      'С какого класса (курса) ученики сами дают согласие на обработку своих персональных данных?',
      'За младших согласие даёт родитель: он подтверждает его кнопкой в боте, или классный руководитель отмечает, что письменное согласие родителя получено. До этого заявка ученика ждёт.',
      `По закону согласие за ребёнка даёт его законный представитель; обычно с 14 лет, то есть с ${DEFAULT_SELF_CONSENT_GRADE} класса, ученик даёт его сам.`,
      'Если номер класса нельзя прочитать из названия (например, «Кружок робототехники»), всегда нужно согласие родителя.',
      `Сейчас: с ${current} класса.`,
    ].join('\n'),
  consentDefault: (grade: number) => `С ${grade} класса (с 14 лет)`,
  badConsent: 'Напишите номер класса от 1 до 12 или нажмите кнопку.',
  timedOut: 'Настройка прервана: вы долго не отвечали. Начать заново: /setup',
} as const;

const ZONES = [
  'Europe/Kaliningrad',
  'Europe/Moscow',
  'Europe/Samara',
  'Asia/Yekaterinburg',
  'Asia/Omsk',
  'Asia/Novosibirsk',
  'Asia/Krasnoyarsk',
  'Asia/Irkutsk',
  'Asia/Yakutsk',
  'Asia/Vladivostok',
  'Asia/Magadan',
  'Asia/Kamchatka',
];

export const setupMachine = xsetup({
  types: { input: {} as SetupInput, context: {} as SetupInput, events: {} as FlowEvent, emitted: {} as FlowEffect },
}).createMachine({
  id: 'setup',
  context: ({ input }) => ({ ...input }),
  initial: 'name',
  on: { timeout: { target: '.timedOut' } },
  states: {
    name: {
      entry: emit(({ context }) => ({
        type: 'say' as const,
        text: SETUP_TEXTS.askName(context.name),
        buttons: context.name ? [[{ text: SETUP_TEXTS.keep, choice: 'keep' }]] : undefined,
      })),
      on: {
        text: [
          // A wrong answer asks the question again, so that its buttons stay live.
          {
            guard: ({ event }) => event.type === 'text' && (event.text.trim().length < 3 || event.text.trim().length > 200),
            target: 'name',
            reenter: true,
            actions: emit({ type: 'say', text: SETUP_TEXTS.badName }),
          },
          { target: 'zone', actions: assign({ name: ({ event }) => (event.type === 'text' ? event.text.trim().replace(/\s+/g, ' ') : null) }) },
        ],
        choice: { guard: ({ context, event }) => event.type === 'choice' && event.choice === 'keep' && context.name !== null, target: 'zone' },
      },
    },
    zone: {
      entry: emit(({ context }) => ({
        type: 'say' as const,
        text: SETUP_TEXTS.askZone(context.timeZone),
        buttons: [[{ text: SETUP_TEXTS.keep, choice: 'keep' }], ...ZONES.map((z, i) => [{ text: z, choice: `z${i}` }])],
      })),
      on: {
        text: [
          {
            guard: ({ event }) => event.type === 'text' && canonicalTimeZone(event.text.trim()) === null,
            target: 'zone',
            reenter: true,
            actions: emit({ type: 'say', text: SETUP_TEXTS.badZone }),
          },
          {
            target: 'word',
            actions: assign({
              timeZone: ({ context, event }) => (event.type === 'text' ? (canonicalTimeZone(event.text.trim()) ?? context.timeZone) : context.timeZone),
            }),
          },
        ],
        choice: [
          { guard: ({ event }) => event.type === 'choice' && event.choice === 'keep', target: 'word' },
          {
            guard: ({ event }) => event.type === 'choice' && /^z\d+$/.test(event.choice) && Number(event.choice.slice(1)) < ZONES.length,
            target: 'word',
            actions: assign({ timeZone: ({ event }) => ZONES[Number(event.type === 'choice' ? event.choice.slice(1) : 0)]! }),
          },
        ],
      },
    },
    word: {
      entry: emit({ type: 'say', text: SETUP_TEXTS.askWord, buttons: [UNIT_WORDS.map((w, i) => ({ text: w, choice: `w${i}` }))] }),
      on: {
        // Typed instead of pressed: ask again with live buttons (a silent step would leave the old ones stale).
        text: { target: 'word', reenter: true },
        choice: {
          guard: ({ event }) => event.type === 'choice' && /^w[0-2]$/.test(event.choice),
          target: 'week',
          actions: assign({ unitWord: ({ event }) => UNIT_WORDS[Number(event.type === 'choice' ? event.choice.slice(1) : 0)]! }),
        },
      },
    },
    week: {
      entry: emit(({ context }) => ({
        type: 'say' as const,
        text: SETUP_TEXTS.askWeek(context.week),
        buttons: [
          [
            { text: SETUP_TEXTS.fiveDays, choice: 'd5' },
            { text: SETUP_TEXTS.sixDays, choice: 'd6' },
          ],
        ],
      })),
      on: {
        text: { target: 'week', reenter: true },
        choice: {
          guard: ({ event }) => event.type === 'choice' && (event.choice === 'd5' || event.choice === 'd6'),
          target: 'final',
          actions: assign({ week: ({ event }) => (event.type === 'choice' && event.choice === 'd6' ? 6 : 5) }),
        },
      },
    },
    final: {
      entry: emit(({ context }) => ({
        type: 'say' as const,
        text: SETUP_TEXTS.askFinal(context.finalGrade ?? 11),
        buttons: [
          [
            { text: '9', choice: 'g9' },
            { text: '11', choice: 'g11' },
          ],
          [{ text: SETUP_TEXTS.keep, choice: 'keep' }],
        ],
      })),
      on: {
        text: [
          {
            guard: ({ event }) => event.type === 'text' && !/^(?:[1-9]|1[0-2])$/.test(event.text.trim()),
            target: 'final',
            reenter: true,
            actions: emit({ type: 'say', text: SETUP_TEXTS.badFinal }),
          },
          { target: 'consent', actions: assign({ finalGrade: ({ event }) => (event.type === 'text' ? Number(event.text.trim()) : 11) }) },
        ],
        choice: [
          { guard: ({ event }) => event.type === 'choice' && event.choice === 'keep', target: 'consent' },
          {
            guard: ({ event }) => event.type === 'choice' && (event.choice === 'g9' || event.choice === 'g11'),
            target: 'consent',
            actions: assign({ finalGrade: ({ event }) => (event.type === 'choice' && event.choice === 'g9' ? 9 : 11) }),
          },
        ],
      },
    },
    consent: {
      entry: emit(({ context }) => ({
        type: 'say' as const,
        text: SETUP_TEXTS.askConsent(context.selfConsentGrade ?? DEFAULT_SELF_CONSENT_GRADE),
        buttons: [[{ text: SETUP_TEXTS.consentDefault(DEFAULT_SELF_CONSENT_GRADE), choice: 'c8' }], [{ text: SETUP_TEXTS.keep, choice: 'keep' }]],
      })),
      on: {
        text: [
          {
            guard: ({ event }) => event.type === 'text' && !/^(?:[1-9]|1[0-2])$/.test(event.text.trim()),
            target: 'consent',
            reenter: true,
            actions: emit({ type: 'say', text: SETUP_TEXTS.badConsent }),
          },
          {
            target: 'done',
            actions: assign({ selfConsentGrade: ({ event }) => (event.type === 'text' ? Number(event.text.trim()) : DEFAULT_SELF_CONSENT_GRADE) }),
          },
        ],
        choice: [
          { guard: ({ event }) => event.type === 'choice' && event.choice === 'keep', target: 'done' },
          {
            guard: ({ event }) => event.type === 'choice' && event.choice === 'c8',
            target: 'done',
            actions: assign({ selfConsentGrade: DEFAULT_SELF_CONSENT_GRADE }),
          },
        ],
      },
    },
    done: {
      type: 'final',
      entry: emit(({ context }) => ({
        type: 'org.save' as const,
        name: context.name ?? '',
        timeZone: context.timeZone,
        unitWord: context.unitWord,
        week: context.week,
        finalGrade: context.finalGrade ?? 11,
        selfConsentGrade: context.selfConsentGrade ?? DEFAULT_SELF_CONSENT_GRADE,
      })),
    },
    timedOut: { type: 'final', entry: emit({ type: 'say', text: SETUP_TEXTS.timedOut }) },
  },
});

// 2: asks for the working week; 3: for the final grade; 4: for the grade pupils consent themselves from.
export const setupFlow: FlowDefinition = { id: 'setup', version: 4, machine: setupMachine, command: '/setup', idleTimeoutMs: 24 * 3600 * 1000 };
