// /post: audience (a bound channel, or a group of people, optionally of chosen classes),
// the text with photos or files (or the photos/files alone), a preview exactly as
// recipients will see it (the same attachments), then send or cancel. Pure:
// it emits `post.submit`; the broadcast service checks the permission again and sends.
import { ownWords } from '../../policy/unit-word.js';
import { assign, emit, setup } from 'xstate';
import { mediaProblem, type PostMedia } from '../../bot/media.js';
import { GROUP_TITLES_RU, POST_MAX_TEXT, POST_TEXTS as T, type PostGroup } from '../../broadcasts/texts.js';
import type { PostAudience } from '../../policy/permissions.js';
import type { FlowButton, FlowDefinition, FlowEffect, FlowEvent } from '../types.js';

export interface PostInput {
  channels: Array<{ id: number; title: string }>;
  groups: PostGroup[];
  units: Array<{ id: string; name: string }>;
  /** Admins and the director: no class chosen means the whole organisation. */
  orgWide: boolean;
}

interface PostContext extends PostInput {
  audience: PostAudience | null;
  chosen: string[];
  text: string;
  media: PostMedia[];
}

const GROUP_CHOICE = /^g-(all|staff|parents|students)$/;

function audienceButtons(c: PostContext): FlowButton[][] {
  const rows: FlowButton[][] = c.channels.slice(0, 10).map((ch, i) => [{ text: T.channelButton(ch.title), choice: `ch${i}` }]);
  const groups = c.groups.map((g) => ({ text: GROUP_TITLES_RU[g], choice: `g-${g}` }));
  if (groups.length > 0) rows.push(groups);
  return rows;
}

function classButtons(c: PostContext): FlowButton[][] {
  const rows: FlowButton[][] = [];
  const units = c.units.slice(0, 40);
  for (let i = 0; i < units.length; i += 4) {
    rows.push(units.slice(i, i + 4).map((u, j) => ({ text: `${c.chosen.includes(u.id) ? '✓ ' : ''}${ownWords(u.name)}`, choice: `u${i + j}` })));
  }
  rows.push([{ text: T.next, choice: 'next' }]);
  return rows;
}

export function describeAudience(c: Pick<PostContext, 'audience' | 'channels' | 'units'>): string {
  const a = c.audience;
  if (!a) return '';
  if (a.kind === 'channel') return T.audienceChannel(c.channels.find((ch) => ch.id === a.chatId)?.title ?? '');
  return T.audiencePeople(
    a.group,
    a.unitIds.map((id) => c.units.find((u) => u.id === id)?.name ?? id),
  );
}

const norm = (s: string) => s.toLowerCase().replace(/ё/g, 'е').replace(/\s+/g, '');

export const postMachine = setup({
  types: { input: {} as PostInput, context: {} as PostContext, events: {} as FlowEvent, emitted: {} as FlowEffect },
  guards: {
    chose: ({ event }, choice: string) => event.type === 'choice' && event.choice === choice,
    channel: ({ context, event }) => event.type === 'choice' && /^ch\d+$/.test(event.choice) && Number(event.choice.slice(2)) < context.channels.length,
    group: ({ context, event }) => event.type === 'choice' && GROUP_CHOICE.test(event.choice) && context.groups.includes(event.choice.slice(2) as PostGroup),
    unit: ({ context, event }) => event.type === 'choice' && /^u\d+$/.test(event.choice) && Number(event.choice.slice(1)) < context.units.length,
    needsClasses: ({ context }) => context.audience?.kind === 'people' && context.audience.group !== 'staff' && context.units.length > 0,
    classesReady: ({ context }) => context.orgWide || context.chosen.length > 0,
    knownClass: ({ context, event }) => event.type === 'text' && context.units.some((u) => norm(u.name) === norm(event.text)),
    // Spaces and invisible characters only, and no photo or file (MAX itself refuses a truly empty message).
    empty: ({ event }) => event.type === 'text' && !event.media?.length && /^[\s\u200b-\u200d\u2060\ufeff]*$/.test(event.text),
    badMedia: ({ event }) => event.type === 'text' && mediaProblem(event.media ?? []) !== null,
    tooLong: ({ event }) => event.type === 'text' && [...event.text].length > POST_MAX_TEXT,
  },
}).createMachine({
  id: 'post',
  context: ({ input }) => ({ ...input, audience: null, chosen: [], text: '', media: [] }),
  initial: 'audience',
  on: { timeout: { target: '.timedOut' } },
  states: {
    audience: {
      entry: emit(({ context }) => ({ type: 'say' as const, text: T.pickAudience, buttons: audienceButtons(context) })),
      on: {
        choice: [
          {
            guard: 'channel',
            target: 'writing',
            actions: assign({
              audience: ({ context, event }) => ({
                kind: 'channel' as const,
                chatId: context.channels[Number(event.type === 'choice' ? event.choice.slice(2) : 0)]!.id,
              }),
            }),
          },
          {
            guard: 'group',
            target: 'routing',
            actions: assign({
              audience: ({ event }) => ({
                kind: 'people' as const,
                group: (event.type === 'choice' ? event.choice.slice(2) : 'all') as PostGroup,
                unitIds: [],
              }),
            }),
          },
          { actions: emit({ type: 'say', text: T.useButtons }) },
        ],
        text: { actions: emit({ type: 'say', text: T.useButtons }) },
      },
    },
    routing: { always: [{ guard: 'needsClasses', target: 'classes' }, { target: 'writing' }] },
    classes: {
      entry: emit(({ context }) => ({ type: 'say' as const, text: T.pickClasses(context.orgWide), buttons: classButtons(context) })),
      on: {
        choice: [
          {
            guard: 'unit',
            target: 'classes',
            reenter: true,
            actions: assign({
              chosen: ({ context, event }) => {
                const id = context.units[Number(event.type === 'choice' ? event.choice.slice(1) : 0)]!.id;
                return context.chosen.includes(id) ? context.chosen.filter((x) => x !== id) : [...context.chosen, id];
              },
            }),
          },
          { guard: { type: 'chose', params: 'next' }, target: 'classesChosen' },
          { actions: emit({ type: 'say', text: T.useButtons }) },
        ],
        text: [
          {
            guard: 'knownClass',
            target: 'classes',
            reenter: true,
            actions: assign({
              chosen: ({ context, event }) => {
                const id = context.units.find((u) => event.type === 'text' && norm(u.name) === norm(event.text))!.id;
                return context.chosen.includes(id) ? context.chosen : [...context.chosen, id];
              },
            }),
          },
          {
            actions: emit(({ context, event }) => ({
              type: 'say' as const,
              text: T.unknownClass(event.type === 'text' ? event.text.trim().slice(0, 40) : '', context.units.map((u) => u.name).join(', ')),
            })),
          },
        ],
      },
    },
    classesChosen: {
      always: [
        {
          guard: 'classesReady',
          target: 'writing',
          actions: assign({
            audience: ({ context }) => (context.audience?.kind === 'people' ? { ...context.audience, unitIds: [...context.chosen] } : context.audience),
          }),
        },
        { target: 'classes', actions: emit({ type: 'say', text: T.noClassChosen }) },
      ],
    },
    writing: {
      entry: emit({ type: 'say', text: T.ask }),
      on: {
        text: [
          { guard: 'empty', actions: emit({ type: 'say', text: T.empty }) },
          {
            guard: 'badMedia',
            actions: emit(({ event }) => ({ type: 'say' as const, text: T.mediaProblem(mediaProblem(event.type === 'text' ? (event.media ?? []) : [])!) })),
          },
          { guard: 'tooLong', actions: emit(({ event }) => ({ type: 'say' as const, text: T.tooLong(event.type === 'text' ? [...event.text].length : 0) })) },
          {
            target: 'preview',
            actions: assign({
              text: ({ event }) => (event.type === 'text' ? event.text.trim() : ''),
              // badMedia passed: only photos and files are left.
              media: ({ event }) => (event.type === 'text' ? (event.media ?? []).filter((m): m is PostMedia => m.type !== 'other') : []),
            }),
          },
        ],
        choice: { actions: emit({ type: 'say', text: T.ask }) },
      },
    },
    preview: {
      entry: [
        emit({ type: 'say', text: T.previewIntro }),
        // The text and its photos or files, exactly as recipients will get them.
        emit(({ context }) => ({ type: 'say' as const, text: context.text, verbatim: true, ...(context.media.length > 0 ? { media: context.media } : {}) })),
        emit(({ context }) => ({
          type: 'say' as const,
          text: T.confirm(describeAudience(context)),
          buttons: [
            [
              { text: T.send, choice: 'send' },
              { text: T.edit, choice: 'edit' },
              { text: T.cancel, choice: 'cancel' },
            ],
          ],
        })),
      ],
      on: {
        choice: [
          { guard: { type: 'chose', params: 'send' }, target: 'sent' },
          { guard: { type: 'chose', params: 'edit' }, target: 'writing' },
          { guard: { type: 'chose', params: 'cancel' }, target: 'cancelled' },
          { actions: emit({ type: 'say', text: T.useButtons }) },
        ],
        text: { actions: emit({ type: 'say', text: T.useButtons }) },
      },
    },
    sent: {
      type: 'final',
      entry: emit(({ context }) => ({ type: 'post.submit' as const, audience: context.audience!, text: context.text, media: context.media })),
    },
    cancelled: { type: 'final', entry: emit({ type: 'say', text: T.cancelled }) },
    timedOut: { type: 'final', entry: emit({ type: 'say', text: T.timedOut }) },
  },
});

// Version 2: posts carry photos and files (`media` in the context).
export const postFlow: FlowDefinition = { id: 'post', version: 2, machine: postMachine, command: '/post', idleTimeoutMs: 24 * 3600 * 1000 };
