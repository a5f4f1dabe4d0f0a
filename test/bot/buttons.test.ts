import pino from 'pino';
import { describe, expect, it } from 'vitest';
import * as broadcasts from '../../src/broadcasts/buttons.js';
import * as chats from '../../src/chats/buttons.js';
import * as conduct from '../../src/conduct/buttons.js';
import * as lifecycle from '../../src/lifecycle/buttons.js';
import * as org from '../../src/org/buttons.js';
import * as reports from '../../src/reports/buttons.js';
import { arg, button, type Button } from '../../src/bot/buttons.js';
import { parseCallbackPayload } from '../../src/bot/callback-payload.js';
import { onPress } from '../../src/bot/commands/types.js';
import type { Services } from '../../src/bot/context.js';
import { Router } from '../../src/bot/router.js';

type AnyButton = Button<readonly unknown[]>;
const modules = { org, chats, conduct, lifecycle, reports, broadcasts };
const declared: Array<{ feature: string; name: string; button: AnyButton }> = Object.entries(modules).flatMap(([feature, m]) =>
  Object.entries(m).map(([name, button]) => ({ feature, name, button: button as AnyButton })),
);
const byCode = new Map(declared.map((d) => [d.button.code, d.button]));

const REQ = 'AbC_-123xyz0'; // a join request id (12)
const CHAT = -70000000123;
const OFFER = 'q7_Xa-9b'; // randomBytes(6).toString('base64url')

/**
 * Payloads as the bot sent them before the codecs (actionPayload(code, ...args)), with the
 * arguments their handlers read. Buttons like these sit in people's chats: each must still
 * decode to the same values, and encoding those values must give the very same bytes.
 * A code's wire format never changes; a new format is a new code (and a new row here).
 */
const FROZEN: Array<[string, unknown[]]> = [
  // org
  [`a:rq:${REQ}:y`, [REQ, 'y']],
  [`a:rq:${REQ}:n`, [REQ, 'n']],
  ['a:cu:u3:1234567', ['u3', 1234567]],
  ['a:cu:staff:12', ['staff', 12]],
  ['a:cp:u3:2', ['u3', 2]],
  ['a:ap:add:0', ['add', 0]],
  ['a:ap:rm:11', ['rm', 11]],
  ['a:ad:add:42', ['add', 42]],
  ['a:ad:rm:42', ['rm', 42]],
  ['a:mv:41', [41]],
  ['a:mv:41:u2', [41, 'u2']],
  ['a:rm:41', [41]],
  ['a:rm:41:y', [41, 'y']],
  [`a:ck:${REQ}`, [REQ]],
  [`a:ck:${REQ}:77`, [REQ, 77]],
  [`a:pc:${REQ}:y`, [REQ, 'y']],
  [`a:pc:${REQ}:n`, [REQ, 'n']],
  [`a:wc:${REQ}`, [REQ]],
  ['a:iq:Zk3_q-9AbCdEfGhIjKlMnO', ['Zk3_q-9AbCdEfGhIjKlMnO']],
  ['a:ua:u12', ['u12']],
  ['a:rs:Ab_-12xY:y', ['Ab_-12xY', 'y']],
  ['a:rs:Ab_-12xY:n', ['Ab_-12xY', 'n']],
  // lifecycle
  ['a:ro:Ab_-12xY:y', ['Ab_-12xY', 'y']],
  ['a:ro:Ab_-12xY:n', ['Ab_-12xY', 'n']],
  // chats
  [`a:bk:${CHAT}:${OFFER}:unit_students`, [CHAT, OFFER, 'unit_students']],
  [`a:bk:${CHAT}:${OFFER}:mgmt_parent_activists`, [CHAT, OFFER, 'mgmt_parent_activists']],
  [`a:bu:${CHAT}:${OFFER}:unit_parents:u1`, [CHAT, OFFER, 'unit_parents', 'u1']],
  [`a:sg:${CHAT}:1002:rm`, [CHAT, 1002, 'rm']],
  [`a:sg:${CHAT}:1002:keep`, [CHAT, 1002, 'keep']],
  ['a:sg:5001:1002:rm', [5001, 1002, 'rm']],
  [`a:sy:${CHAT}:add`, [CHAT, 'add']],
  [`a:rj:${CHAT}`, [CHAT]],
  ['a:ac:1002:parent:u1', [1002, 'parent', 'u1']],
  ['a:ac:1003:student:u7', [1003, 'student', 'u7']],
  // conduct
  ['a:fa:Ab_-12xYAb_-12xY', ['Ab_-12xYAb_-12xY']],
  ['a:nd:Ab_-12xYAb_-:y', ['Ab_-12xYAb_-', 'y']],
  ['a:nd:Ab_-12xYAb_-:n', ['Ab_-12xYAb_-', 'n']],
  [`a:lt:${'Ab_-12xY'.repeat(4)}`, ['Ab_-12xY'.repeat(4)]],
  ['a:rc:Ab_-12xYAb_-:y', ['Ab_-12xYAb_-', 'y']],
  // reports
  ['a:stats:7', [7]],
  ['a:stats:30', [30]],
  ['a:stats:365', [365]],
  // broadcasts
  ['a:bx:Ab_-12xYAb_-12xY', ['Ab_-12xYAb_-12xY']],
  ['a:bf:Ab_-12xYAb_-12xY', ['Ab_-12xYAb_-12xY']],
];

describe('button codes in people’s chats', () => {
  it('every declared code has a frozen payload, and no code is declared twice', () => {
    const codes = declared.map((d) => d.button.code);
    expect(new Set(codes).size, `a code declared twice: ${codes.join(' ')}`).toBe(codes.length);
    const frozen = new Set(FROZEN.map(([raw]) => parseCallbackPayload(raw)?.kind === 'action' && (parseCallbackPayload(raw) as { action: string }).action));
    expect([...frozen].sort()).toEqual([...codes].sort());
    // The 27 codes of the day the codecs came (issue 25); removing one breaks the buttons already sent.
    expect(codes).toHaveLength(27);
  });

  it.each(FROZEN)('%s decodes as before, and encodes to the same bytes', (raw, values) => {
    const p = parseCallbackPayload(raw);
    expect(p?.kind).toBe('action');
    if (p?.kind !== 'action') return;
    const b = byCode.get(p.action)!;
    expect(b, p.action).toBeDefined();
    expect(b.decode(p.args)).toEqual(values);
    expect(b.encode(...values)).toBe(raw);
  });

  it('sg is one button: conduct sends the one chats handles', () => {
    expect(chats.strangerChoice.encode(CHAT, 1002, 'rm')).toBe(`a:sg:${CHAT}:1002:rm`);
  });
});

describe('button codecs', () => {
  const pair = button('zz', [arg.userId, arg.oneOf(['rm', 'keep'])]);
  const optional = button('zo', [arg.requestId, arg.userId.optional()]);
  const free = button('zf', [arg.key]);

  it.each<[string, AnyButton, string[]]>([
    ['too few', pair, ['12']],
    ['too many', pair, ['12', 'rm', 'x']],
    ['none', pair, []],
    ['not a number', pair, ['1x', 'rm']],
    ['a negative user id', pair, ['-12', 'rm']],
    ['a user id of 16 digits', pair, ['1234567890123456', 'rm']],
    ['a word not in the list', pair, ['12', 'RM']],
    ['a request id too short', optional, ['AbC_-123xyz', '1']],
    ['an optional argument malformed', optional, [REQ, 'x']],
    ['a unit id not of the pattern', org.archiveUnit as AnyButton, ['x12']],
    ['a period not offered', reports.statsPeriod as AnyButton, ['8']],
    ['a chat kind that does not exist', chats.bindKind as AnyButton, [String(CHAT), OFFER, 'unit_pupils']],
    ['an offer too short', chats.bindKind as AnyButton, [String(CHAT), 'abc', 'unit_students']],
  ])('decode refuses %s', (_, b, args) => expect(b.decode(args)).toBeNull());

  it.each<[string, AnyButton, unknown[]]>([
    ['a colon inside an argument', free, ['a:b']],
    ['a space', free, ['a b']],
    ['Cyrillic', free, ['да']],
    ['an argument of 41 characters', free, ['x'.repeat(41)]],
    ['an empty argument', free, ['']],
    ['a negative user id', pair, [-1, 'rm']],
    ['a fraction', pair, [1.5, 'rm']],
    ['a word not in the list', pair, [1, 'drop']],
    ['a missing required argument', pair, [1]],
    ['a period not offered', reports.statsPeriod as AnyButton, [8]],
  ])('encode refuses %s', (_, b, args) => expect(() => b.encode(...args)).toThrow(/button z?[a-z]+:/));

  it('round-trips, leaving out an absent optional argument', () => {
    expect(pair.encode(7, 'keep')).toBe('a:zz:7:keep');
    expect(pair.decode(['7', 'keep'])).toEqual([7, 'keep']);
    expect(optional.encode(REQ)).toBe(`a:zo:${REQ}`);
    expect(optional.encode(REQ, undefined)).toBe(`a:zo:${REQ}`);
    expect(optional.decode([REQ])).toEqual([REQ]);
    expect(optional.decode([REQ, '5'])).toEqual([REQ, 5]);
    expect(free.encode('x'.repeat(40))).toBe(`a:zf:${'x'.repeat(40)}`);
    for (const raw of [pair.encode(0, 'rm'), optional.encode(REQ, 99), free.encode('A-_z')]) expect(parseCallbackPayload(raw)?.kind).toBe('action');
  });

  it.each([
    ['an upper-case code', () => button('Zz', [])],
    ['a one-letter code', () => button('z', [])],
    ['a code of 9 letters', () => button('abcdefghi', [])],
    ['five arguments', () => button('zz', [arg.key, arg.key, arg.key, arg.key, arg.key])],
  ])('button() refuses %s', (_, make) => expect(make).toThrow(/button/));
});

describe('the router’s buttons', () => {
  it('refuses two handlers of one code, naming it', () => {
    const handler = onPress(chats.strangerChoice, async () => ({}));
    const other = onPress(chats.remindJoin, async () => ({}));
    const make = (list: Array<typeof handler | typeof other>) => () => new Router([], list, {} as Services, pino({ level: 'silent' }));
    expect(make([handler, other])).not.toThrow();
    expect(make([handler, other, onPress(chats.strangerChoice, async () => ({}))])).toThrow('duplicate button code sg');
  });
});
