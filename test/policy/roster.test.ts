import { describe, expect, it } from 'vitest';
import { parseRoster, problemText, ROSTER_MAX_ROWS } from '../../src/policy/roster.js';

const rows = (...r: string[][]) => r.map((cells, i) => ({ line: i + 1, cells }));

describe('roster rows', () => {
  it('skips the header and empty rows, tidies names', () => {
    const r = parseRoster(rows(['Класс', 'Фамилия', 'Имя', 'Отчество'], ['5А', 'иванов', 'пётр', 'сергеевич'], ['', '', '', ''], [' 5 Б ', 'Ли', 'Анна', '']));
    expect(r.problems).toEqual([]);
    expect(r.rows).toEqual([
      { line: 2, unit: '5А', fullName: 'Иванов Пётр Сергеевич' },
      { line: 4, unit: '5 Б', fullName: 'Ли Анна' },
    ]);
  });

  it.each([
    [['', 'Иванов', 'Пётр', ''], 'Строка 2, столбец «Класс»: пусто.'],
    [['5А', '', 'Пётр', ''], 'Строка 2, столбец «Фамилия»: пусто.'],
    [['5А', 'Иванов', '', ''], 'Строка 2, столбец «Имя»: пусто.'],
    [['5А', 'Иванов', 'Пётр7', ''], 'Строка 2, столбец «Имя»: только буквы, пробел, дефис и апостроф.'],
    [['5А', 'Иванов', 'Пётр', 'С.'], 'Строка 2, столбец «Отчество»: только буквы, пробел, дефис и апостроф.'],
    [['5А@', 'Иванов', 'Пётр', ''], expect.stringContaining('Строка 2, столбец «Класс»: В названии можно')],
  ])('%j → %s', (cells, text) => {
    const r = parseRoster(rows(['Класс', 'Фамилия', 'Имя', 'Отчество'], cells));
    expect(r.rows).toEqual([]);
    expect(r.problems.map(problemText)).toEqual([text]);
  });

  it('a repeated pupil, an empty file and too many rows are reported', () => {
    expect(parseRoster(rows(['5А', 'Иванов', 'Пётр', ''], ['5а', 'ИВАНОВ', 'Петр', ''])).problems.map(problemText)).toEqual([
      'Строка 2: тот же ученик уже есть в строке 1.',
    ]);
    expect(parseRoster(rows(['5А', 'Иванов', 'Пётр', ''], ['5Б', 'Иванов', 'Пётр', ''])).problems).toEqual([]);
    expect(parseRoster(rows(['5А', 'Иванов', 'Пётр', ''], ['5А', 'Иванов', 'Пётр', ''])).problems.map(problemText)).toEqual([
      'Строка 2: тот же ученик уже есть в строке 1.',
    ]);
    expect(parseRoster(rows(['Класс', 'Фамилия', 'Имя', 'Отчество'])).problems.map(problemText)).toEqual(['Строка 1: в файле нет ни одной строки с учеником.']);
    const many = Array.from({ length: ROSTER_MAX_ROWS + 1 }, () => ['5А', 'Иванов', 'Пётр', '']);
    expect(parseRoster(rows(...many)).problems.map(problemText)).toEqual([
      `Строка ${ROSTER_MAX_ROWS + 1}: в файле больше ${ROSTER_MAX_ROWS} строк; разделите список на несколько файлов.`,
    ]);
  });
});
