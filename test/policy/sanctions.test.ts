import { describe, expect, it } from 'vitest';
import { applyPolicyChange, DEFAULT_CHAT_POLICY, parsePolicyChange } from '../../src/policy/chat-policy.js';
import { sanctionFor } from '../../src/policy/sanctions.js';
import { canonicalArgs } from '../../src/policy/command-words.js';

/** As the router hands the arguments to /policy. */
const parse = (args: string) => parsePolicyChange(canonicalArgs('policy', args));

const base = { isStaff: false, autoRemove: false, canDelete: true } as const;

describe('sanction ladder', () => {
  it.each([
    [
      { ...base, mode: 'delete', count: 1 },
      { deleteMessage: true, explainPrivately: true, warnInChat: false, informCurator: false, offerRemoval: false, removeNow: false },
    ],
    [
      { ...base, mode: 'delete', count: 2 },
      { deleteMessage: true, explainPrivately: true, warnInChat: true, informCurator: true, offerRemoval: false, removeNow: false },
    ],
    [
      { ...base, mode: 'delete', count: 3 },
      { deleteMessage: true, explainPrivately: true, warnInChat: true, informCurator: true, offerRemoval: true, removeNow: false },
    ],
    [
      { ...base, mode: 'delete', count: 3, autoRemove: true },
      { deleteMessage: true, explainPrivately: true, warnInChat: true, informCurator: true, offerRemoval: false, removeNow: true },
    ],
    // Staff: never deleted, never named in the chat, never removed; told privately, a repeat reported.
    [
      { ...base, mode: 'delete', count: 1, isStaff: true },
      { deleteMessage: false, explainPrivately: true, warnInChat: false, informCurator: false, offerRemoval: false, removeNow: false },
    ],
    [
      { ...base, mode: 'delete', count: 5, isStaff: true, autoRemove: true },
      { deleteMessage: false, explainPrivately: true, warnInChat: false, informCurator: true, offerRemoval: false, removeNow: false },
    ],
    [
      { ...base, mode: 'warn', count: 2, isStaff: true },
      { deleteMessage: false, explainPrivately: true, warnInChat: false, informCurator: true, offerRemoval: false, removeNow: false },
    ],
    [
      { ...base, mode: 'report', count: 1, isStaff: true },
      { deleteMessage: false, explainPrivately: false, warnInChat: false, informCurator: true, offerRemoval: false, removeNow: false },
    ],
    [
      { ...base, mode: 'delete', count: 1, canDelete: false },
      { deleteMessage: false, explainPrivately: true, warnInChat: false, informCurator: false, offerRemoval: false, removeNow: false },
    ],
    [
      { ...base, mode: 'warn', count: 1 },
      { deleteMessage: false, explainPrivately: true, warnInChat: false, informCurator: false, offerRemoval: false, removeNow: false },
    ],
    [
      { ...base, mode: 'report', count: 3 },
      { deleteMessage: false, explainPrivately: false, warnInChat: false, informCurator: true, offerRemoval: false, removeNow: false },
    ],
    [
      { ...base, mode: 'off', count: 9 },
      { deleteMessage: false, explainPrivately: false, warnInChat: false, informCurator: false, offerRemoval: false, removeNow: false },
    ],
  ] as const)('%j', (input, expected) => expect(sanctionFor(input)).toEqual(expected));
});

describe('/policy arguments', () => {
  it.each([
    ['hours hold', { kind: 'hours', mode: 'hold' }],
    ['часы выкл', { kind: 'hours', mode: 'off' }],
    ['profanity warn', { kind: 'rule', rule: 'profanity', mode: 'warn' }],
    ['мат удалять', { kind: 'rule', rule: 'profanity', mode: 'delete' }],
    ['messengers report', { kind: 'rule', rule: 'banned_messenger', mode: 'report' }],
    ['personal off', { kind: 'rule', rule: 'personal_data', mode: 'off' }],
    ['autoremove on', { kind: 'autoremove', on: true }],
    ['strangers remove', { kind: 'strangers', remove: true }],
    ['Посторонние удалять', { kind: 'strangers', remove: true }],
    ['посторонние сообщать', { kind: 'strangers', remove: false }],
    ['оскорбления предупреждать', { kind: 'rule', rule: 'insult', mode: 'warn' }],
    ['данные сообщать', { kind: 'rule', rule: 'personal_data', mode: 'report' }],
    ['мессенджеры выкл', { kind: 'rule', rule: 'banned_messenger', mode: 'off' }],
    ['часы придерживать', { kind: 'hours', mode: 'hold' }],
    ['автоудаление да', { kind: 'autoremove', on: true }],
    ['автоудаление выкл', { kind: 'autoremove', on: false }],
  ])('%s', (args, change) => expect(parse(args)).toEqual(change));

  it.each([
    '',
    'hours',
    'hours sometimes',
    'spam delete',
    'profanity delete now',
    'часы удалять',
    'автоудаление сообщать',
    'мат напоминать',
    'посторонние выкл',
    'toString delete',
    'мат constructor',
  ])('refuses %j', (args) => expect(parse(args)).toBeNull());

  it('applies a change without touching the rest', () => {
    const p = applyPolicyChange(DEFAULT_CHAT_POLICY, { kind: 'rule', rule: 'insult', mode: 'delete' });
    expect(p.rules).toEqual({ ...DEFAULT_CHAT_POLICY.rules, insult: 'delete' });
    expect(p.offHours).toBe('remind');
  });
});
