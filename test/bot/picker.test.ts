import { describe, expect, it } from 'vitest';
import { matchesQuery, PAGE_SIZE, pickerPage } from '../../src/bot/picker.js';
import { withUnitWord } from '../../src/policy/unit-word.js';

const items = Array.from({ length: 45 }, (_, i) => `Учитель ${i + 1}`);
const button = (s: string) => ({ text: s, payload: `x:${s.length}` });
const next = (p: number) => `a:cp:u1:${p}`;

describe('pickers', () => {
  it.each([
    [0, PAGE_SIZE + 1, 'Ещё (2 из 3) →', next(1)],
    [1, PAGE_SIZE + 1, 'Ещё (3 из 3) →', next(2)],
    [2, 5 + 1, 'В начало ↺', next(0)],
    [9, 5 + 1, 'В начало ↺', next(0)],
  ])('page %i: %i rows, the last one leads on', (page, rows, text, payload) => {
    const p = pickerPage(items, page, button, { searched: false, nextPayload: next });
    expect(p.keyboard).toHaveLength(rows);
    expect(p.keyboard.at(-1)![0]).toEqual({ text, payload });
  });

  it('a search shows one page and asks to narrow it; a short list has no paging', () => {
    const many = pickerPage(items, 0, button, { searched: true, nextPayload: next });
    expect(many.narrow).toBe(true);
    expect(many.keyboard).toHaveLength(PAGE_SIZE);
    const few = pickerPage(items.slice(0, 3), 0, button, { searched: false, nextPayload: next });
    expect(few).toMatchObject({ total: 3, narrow: false });
    expect(few.keyboard).toHaveLength(3);
  });

  it.each([
    ['Петрова Анна Ивановна', 'петр', true],
    ['Алёшина Ольга', 'алеш', true],
    ['Алешина Ольга', 'Алёш', true],
    ['Иванов  Пётр', 'иванов петр', true],
    ['Иванов Пётр', 'сидоров', false],
  ])('%j contains %j: %s', (name, q, expected) => expect(matchesQuery(name, q)).toBe(expected));

  it('a name with braces is shown as written, not read for the unit-word marks', () => {
    const p = pickerPage(['{Unit} Иван', 'Чат {ого|ой|ого}'], 0, button, { searched: false, nextPayload: next });
    expect(p.keyboard.map((row) => withUnitWord(row[0]!.text, 'группа'))).toEqual(['{Unit} Иван', 'Чат {ого|ой|ого}']);
  });
});
