import { describe, expect, it } from 'vitest';
import { gradeOf, nextYear, renamedTitle, renameOrder } from '../../src/policy/rollover.js';

describe('school-year rollover rules', () => {
  it.each([
    ['5А', 11, { kind: 'promote', to: '6А' }],
    ['10 «Б»', 11, { kind: 'promote', to: '11 «Б»' }],
    ['1 курс ИС', 4, { kind: 'promote', to: '2 курс ИС' }],
    ['11Б', 11, { kind: 'graduate' }],
    ['9А', 9, { kind: 'graduate' }],
    ['10А', 9, { kind: 'graduate' }],
    ['Звёздочка', 11, { kind: 'keep' }],
    ['ИС-21', 4, { kind: 'keep' }],
    ['123', 11, { kind: 'keep' }],
    ['0', 11, { kind: 'keep' }],
  ] as const)('%s with final grade %i', (name, final, expected) => {
    expect(nextYear(name, final)).toEqual(expected);
  });

  it.each([
    ['5А родители', '5А', '6А', '6А родители'],
    ['Родители 5 А', '5А', '6А', 'Родители 6А'],
    ['11А родители', '1А', '2А', null],
    ['5АБ', '5А', '6А', null],
    ['Чат класса', '5А', '6А', null],
    ['5а ученики', '5А', '6А', '6А ученики'],
  ])('title %s: %s → %s', (title, from, to, expected) => {
    expect(renamedTitle(title, from, to)).toBe(expected);
  });

  it('renames the highest grade first, names without a grade last', () => {
    expect(renameOrder([{ from: '5А' }, { from: 'Звёздочка' }, { from: '10А' }, { from: '6А' }]).map((r) => r.from)).toEqual(['10А', '6А', '5А', 'Звёздочка']);
    expect(gradeOf(' 7Б')).toBe(7);
  });
});
