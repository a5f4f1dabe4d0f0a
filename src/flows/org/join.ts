// The join flow (SPEC §3.3): what this is → full name → (parent) the child's name, typed:
// the class list is never shown to whoever opened the link; the bot matches the name later →
// rules and consent → a join request. Started by an invite link, or by /join
// without one (the person then picks the role and unit; the request goes to the admins).
import { assign, emit, setup } from 'xstate';
import { validateFullName, FULL_NAME_REASONS_RU } from '../../policy/names.js';
import { ROLE_TITLES_RU, type Role } from '../../policy/roles.js';
import { JOIN_TEXTS as T } from './join-texts.js';
import type { HoursWindow } from '../../policy/hours/index.js';
import type { JoinApplication } from '../../org/effects.js';
import type { FlowButton, FlowDefinition, FlowEffect, FlowEvent } from '../types.js';

export interface JoinInput {
  mode: 'invite' | 'self';
  inviteCode: string | null;
  /** Fixed by the invite; null in self mode until picked. */
  role: Role | null;
  unitId: string | null;
  unitName: string | null;
  orgName: string;
  unitWord: string;
  hours: HoursWindow;
  /** Self mode: the units to pick from; `parentConsent`: a pupil there needs a parent's consent. */
  units: Array<{ id: string; name: string; parentConsent?: boolean }>;
  /** A pupil of this unit needs a parent's consent (152-FZ art. 9): the consent step says so. */
  parentConsent?: boolean;
}

/** Roles one may ask for without an invite. */
export const SELF_JOIN_ROLES: Role[] = ['student', 'parent', 'teacher', 'staff'];
const MAX_LIST_BUTTONS = 30;

interface JoinContext extends JoinInput {
  fullName: string;
  child: JoinApplication['child'];
}

const list = (items: Array<{ text: string; choice: string }>): FlowButton[][] => items.slice(0, MAX_LIST_BUTTONS).map((b) => [b]);

function nameError(text: string): string | null {
  const r = validateFullName(text);
  return r.ok ? null : FULL_NAME_REASONS_RU[r.reason];
}

function application(ctx: JoinContext): JoinApplication {
  return { inviteCode: ctx.inviteCode, role: ctx.role!, unitId: ctx.unitId, fullName: ctx.fullName, child: ctx.role === 'parent' ? ctx.child : null };
}

export const joinMachine = setup({
  types: {
    input: {} as JoinInput,
    context: {} as JoinContext,
    events: {} as FlowEvent,
    emitted: {} as FlowEffect,
  },
  guards: {
    chose: ({ event }, choice: string) => event.type === 'choice' && event.choice === choice,
    choseRole: ({ event }) => event.type === 'choice' && event.choice.startsWith('r_') && SELF_JOIN_ROLES.includes(event.choice.slice(2) as Role),
    choseUnit: ({ context, event }) => event.type === 'choice' && context.units.some((u) => `u_${u.id}` === event.choice),
    badName: ({ event }) => event.type === 'text' && nameError(event.text) !== null,
    isSelf: ({ context }) => context.mode === 'self',
    needsUnit: ({ context }) => context.role === 'student' || context.role === 'parent',
    isParent: ({ context }) => context.role === 'parent',
  },
  actions: {
    sayNameError: emit(({ event }) => ({ type: 'say' as const, text: event.type === 'text' ? (nameError(event.text) ?? T.askName) : T.askName })),
    sayUseButtons: emit({ type: 'say', text: T.useButtons }),
  },
}).createMachine({
  id: 'join',
  context: ({ input }) => ({ ...input, fullName: '', child: null }),
  initial: 'start',
  on: { timeout: { target: '.timedOut' } },
  states: {
    start: { always: [{ guard: 'isSelf', target: 'pickingRole' }, { target: 'intro' }] },
    intro: {
      entry: emit(({ context }) => ({
        type: 'say' as const,
        text: T.intro({ orgName: context.orgName, role: context.role!, unitName: context.unitName }),
        buttons: [
          [
            { text: T.go, choice: 'go' },
            { text: T.cancel, choice: 'cancel' },
          ],
        ],
      })),
      on: {
        choice: [
          { guard: { type: 'chose', params: 'go' }, target: 'askingName' },
          { guard: { type: 'chose', params: 'cancel' }, target: 'cancelled' },
        ],
        // Asked again, with live buttons: the earlier message's buttons are stale after this step.
        text: { target: 'intro', reenter: true, actions: 'sayUseButtons' },
      },
    },
    pickingRole: {
      entry: emit({ type: 'say', text: T.pickRole, buttons: list(SELF_JOIN_ROLES.map((r) => ({ text: ROLE_TITLES_RU[r], choice: `r_${r}` }))) }),
      on: {
        choice: {
          guard: 'choseRole',
          target: 'afterRole',
          actions: assign({ role: ({ event }) => (event.type === 'choice' ? (event.choice.slice(2) as Role) : null) }),
        },
        // Asked again, with live buttons: the earlier message's buttons are stale after this step.
        text: { target: 'pickingRole', reenter: true, actions: 'sayUseButtons' },
      },
    },
    afterRole: {
      always: [
        { guard: ({ context }) => (context.role === 'student' || context.role === 'parent') && context.units.length === 0, target: 'noUnits' },
        { guard: 'needsUnit', target: 'pickingUnit' },
        { target: 'askingName' },
      ],
    },
    pickingUnit: {
      entry: emit(({ context }) => ({
        type: 'say' as const,
        text: T.pickUnit,
        buttons: list(context.units.map((u) => ({ text: u.name, choice: `u_${u.id}` }))),
      })),
      on: {
        choice: {
          guard: 'choseUnit',
          target: 'askingName',
          actions: assign(({ context, event }) => {
            const unit = context.units.find((u) => event.type === 'choice' && `u_${u.id}` === event.choice)!;
            return { unitId: unit.id, unitName: unit.name, parentConsent: unit.parentConsent === true };
          }),
        },
        // Asked again, with live buttons: the earlier message's buttons are stale after this step.
        text: { target: 'pickingUnit', reenter: true, actions: 'sayUseButtons' },
      },
    },
    noUnits: { type: 'final', entry: emit({ type: 'say', text: T.noUnits }) },
    askingName: {
      entry: emit({ type: 'say', text: T.askName }),
      on: {
        text: [
          { guard: 'badName', actions: 'sayNameError' },
          {
            target: 'afterName',
            actions: assign({
              fullName: ({ event }) => {
                const r = event.type === 'text' ? validateFullName(event.text) : null;
                return r?.ok ? r.value : '';
              },
            }),
          },
        ],
      },
    },
    afterName: {
      always: [{ guard: 'isParent', target: 'askingChildName' }, { target: 'consent' }],
    },
    askingChildName: {
      entry: emit({ type: 'say', text: T.askChildName }),
      on: {
        text: [
          { guard: 'badName', actions: 'sayNameError' },
          {
            target: 'consent',
            actions: assign({
              child: ({ event }) => {
                const r = event.type === 'text' ? validateFullName(event.text) : null;
                return r?.ok ? { name: r.value } : null;
              },
            }),
          },
        ],
      },
    },
    consent: {
      entry: emit(({ context }) => ({
        type: 'say' as const,
        text: context.role === 'student' && context.parentConsent ? `${T.consent(context.hours)}\n\n${T.pupilParentConsent}` : T.consent(context.hours),
        buttons: [
          [
            { text: T.accept, choice: 'accept' },
            { text: T.decline, choice: 'decline' },
          ],
        ],
      })),
      on: {
        choice: [
          { guard: { type: 'chose', params: 'accept' }, target: 'submitted' },
          { guard: { type: 'chose', params: 'decline' }, target: 'declined' },
        ],
        // Asked again, with live buttons: the earlier message's buttons are stale after this step.
        text: { target: 'consent', reenter: true, actions: 'sayUseButtons' },
      },
    },
    submitted: { type: 'final', entry: emit(({ context }) => ({ type: 'join.submit' as const, application: application(context) })) },
    declined: {
      type: 'final',
      entry: [
        emit(({ context }) => ({ type: 'consent.refused' as const, role: context.role, unitId: context.unitId, fullName: context.fullName })),
        emit(({ context }) => ({ type: 'say' as const, text: context.role === 'parent' ? T.declinedParent : T.declined })),
      ],
    },
    cancelled: { type: 'final', entry: emit({ type: 'say', text: T.cancelled }) },
    timedOut: { type: 'final', entry: emit({ type: 'say', text: T.timedOut }) },
  },
});

export const joinFlow: FlowDefinition = {
  id: 'join',
  // 2: the parent types the child's name; there is no list of children to pick from.
  version: 2,
  machine: joinMachine,
  command: '/join',
  idleTimeoutMs: 24 * 3600 * 1000,
  // A refusal of consent keeps nothing but the refusal: the finished record (whose last effect
  // carries the typed name, for the curator's note) is not kept.
  leavesNoTrace: (effects) => effects.some((e) => e.type === 'consent.refused'),
};
