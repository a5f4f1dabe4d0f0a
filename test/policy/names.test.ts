import { describe, expect, it } from 'vitest';
import {
  FULL_NAME_REASONS_RU,
  childNameMatches,
  matchPupil,
  UNIT_NAME_REASONS_RU,
  normaliseUnitName,
  validateFullName,
  validateUnitName,
  type FullNameError,
} from '../../src/policy/names.js';

describe('normaliseUnitName', () => {
  // Each group lists spellings of one unit: all must give the first key.
  it.each([
    ['5а', ['5А', '5A', '5a', ' 5 А ', '5-А', '5 - a', '5\tА']],
    ['10б', ['10Б', '10 б', '10-Б']],
    ['11в', ['11В', '11B', '11 b']],
    ['it-класс', ['IT-класс', 'it-КЛАСС', 'IT - класс', 'IT–класс', 'IT-клaсс' /* Latin a */, 'IТ-класс' /* Cyrillic Т */]],
    ['кружок робототехники', ['Кружок  робототехники', 'КРУЖОК РОБОТОТЕХНИКИ', 'Kpужок робототехники']],
    ['кружок робототехника', ['Кружок «Робототехника»', 'кружок "робототехника"']],
    ['ученый совет', ['Учёный совет', 'УЧЁНЫЙ совет']],
    ['группа а', ['Группа A', 'группа а']],
    ['english club', ['English Club', 'english  club', 'Еnglish club' /* Cyrillic Е */]],
    ['ис-21', ['ИС-21', 'ис - 21', 'ИC-21' /* Latin C */]],
  ])('%s', (key, spellings) => {
    for (const s of spellings) expect(normaliseUnitName(s), s).toBe(key);
  });

  it.each([
    ['5а', '5б'],
    ['5а', '6а'],
    ['5d', '5а'],
    ['it-класс', 'ит-класс'],
    ['English club', 'English club A'],
    ['Группа 1', 'Группа 11'],
  ])('keeps %j and %j apart', (a, b) => {
    expect(normaliseUnitName(a)).not.toBe(normaliseUnitName(b));
  });

  it('is idempotent', () => {
    for (const s of ['5A', 'IT-класс', 'Кружок «Робототехника»', '10 - Б', 'Kpужок']) {
      const once = normaliseUnitName(s);
      expect(normaliseUnitName(once)).toBe(once);
    }
  });
});

describe('validateUnitName', () => {
  it.each([
    ['5А', '5А'],
    ['  10  Б ', '10 Б'],
    ['Кружок «Робототехника»', 'Кружок «Робототехника»'],
    ['IT-класс', 'IT-класс'],
    ['Группа №3', 'Группа №3'],
    ['9 кл., профиль "физмат"', '9 кл., профиль "физмат"'],
    ['Я', 'Я'],
    ['а'.repeat(40), 'а'.repeat(40)],
  ])('%j → ok %j', (input, value) => {
    expect(validateUnitName(input)).toEqual({ ok: true, value });
  });

  it.each([
    ['', 'empty'],
    ['   ', 'empty'],
    ['а'.repeat(41), 'too_long'],
    ['Кружок робототехники и программирования 3D', 'too_long'],
  ])('%j → %s', (input, reason) => {
    expect(validateUnitName(input)).toEqual({ ok: false, reason });
  });

  it.each(['5А\u0000', '5А\nБ', 'Класс <b>', 'a/b', 'класс 5А!', '---', '«»', '5А 😀', '中文班', 'x=1'])('%j → bad_characters', (input) => {
    expect(validateUnitName(input)).toEqual({ ok: false, reason: 'bad_characters' });
  });

  it('has a Russian text for every reason', () => {
    for (const text of Object.values(UNIT_NAME_REASONS_RU)) expect(text).toMatch(/[а-я]/);
  });
});

describe('validateFullName', () => {
  it.each([
    ['Иванова Мария Петровна', 'Иванова Мария Петровна'],
    ['  иванова   мария  петровна ', 'Иванова Мария Петровна'],
    ['ИВАНОВ ИВАН', 'Иванов Иван'],
    ['петрова-водкина анна', 'Петрова-Водкина Анна'],
    ['Петрова - Водкина Анна', 'Петрова-Водкина Анна'],
    ['Петрова–Водкина Анна', 'Петрова-Водкина Анна'],
    ['Семёнов Пётр', 'Семёнов Пётр'],
    ['Ли Ян', 'Ли Ян'],
    ["o'brien john", "O'Brien John"],
    ['О’Коннор Шон', "О'Коннор Шон"],
    ["Гнатюк Мар'яна", "Гнатюк Мар'яна"],
    ['Smith John Paul', 'Smith John Paul'],
    ['МакДональд Джон', 'МакДональд Джон'],
    ['иВАНОВ иван', 'Иванов Иван'],
    ['Ивaнова Мария' /* Latin a */, 'Иванова Мария'],
    ['Mария Иванова' /* Latin M */, 'Мария Иванова'],
    ['Алиев Рашид Мамед оглы', 'Алиев Рашид Мамед оглы'],
    ['алиева лейла гасан КЫЗЫ', 'Алиева Лейла Гасан кызы'],
    ['Иванов-Петров-Сидоров Иван', 'Иванов-Петров-Сидоров Иван'],
    ['А-Б Иван', 'А-Б Иван'],
  ])('%j → %j', (input, value) => {
    expect(validateFullName(input)).toEqual({ ok: true, value });
  });

  it.each<[string, FullNameError]>([
    ['', 'not_enough_words'],
    ['   ', 'not_enough_words'],
    ['Иванова', 'not_enough_words'],
    ['Петрова-Водкина', 'not_enough_words'],
    ['Иванова Мария Петровна Сидорова', 'too_many_words'],
    ['Иванов Иван Иванович оглы Второй', 'too_many_words'],
    ['Иванова М. П.', 'bad_characters'],
    ['Иванова М.П.', 'bad_characters'],
    ['Иванова Мария2', 'bad_characters'],
    ['Иванова @мария', 'bad_characters'],
    ['Ivanоva Maria' /* Cyrillic о in a Latin word */, 'bad_characters'],
    ['Ивaнoвd Мария' /* non-look-alike Latin d */, 'bad_characters'],
    ['-Иванова Мария', 'bad_characters'],
    ['Иванова- Мария', 'not_enough_words'], // joined into one hyphenated word
    ['Иванова--Петрова Мария', 'bad_characters'],
    ["Иванова Мария'", 'bad_characters'],
    ['Иванова\u0000 Мария', 'bad_characters'],
    ['Ivanov 伊万', 'bad_characters'],
    ['Иванова М П', 'too_short'],
    ['Ю Мария', 'too_short'],
    ['А Б', 'too_short'],
    [`${'а'.repeat(31)} Мария`, 'too_long'],
    [`${'а'.repeat(30)} ${'б'.repeat(30)} ${'в'.repeat(30)}`, 'too_long'],
  ])('%j → %s', (input, reason) => {
    expect(validateFullName(input)).toEqual({ ok: false, reason });
  });

  it('accepts the longest allowed word and total', () => {
    const w30 = 'а'.repeat(30);
    expect(validateFullName(`${w30} Мария`).ok).toBe(true);
    const total80 = `${'а'.repeat(30)} ${'б'.repeat(30)} ${'в'.repeat(18)}`;
    expect(total80.length).toBe(80);
    expect(validateFullName(total80).ok).toBe(true);
  });

  it('has a short polite Russian text for every reason', () => {
    const reasons: FullNameError[] = ['not_enough_words', 'too_many_words', 'bad_characters', 'too_long', 'too_short'];
    expect(Object.keys(FULL_NAME_REASONS_RU).sort()).toEqual([...reasons].sort());
    expect(FULL_NAME_REASONS_RU.not_enough_words).toBe('Укажите фамилию и имя (отчество — по желанию).');
    for (const r of reasons) {
      expect(FULL_NAME_REASONS_RU[r]).toMatch(/^[А-ЯЁ].*[.]$/);
      expect(FULL_NAME_REASONS_RU[r].length).toBeLessThan(160);
    }
  });
});

describe('childNameMatches', () => {
  it.each([
    ['Иванов Пётр Сергеевич', 'Иванов Пётр Сергеевич', true],
    ['иванов петр сергеевич', 'Иванов Пётр Сергеевич', true],
    ['Пётр Иванов', 'Иванов Пётр Сергеевич', true],
    ['Петр Сергеевич Иванов', 'Иванов Пётр Сергеевич', true],
    ['Иванов Пётр', 'Иванов Пётр Сергеевич', true],
    ['Иванов Пётр Сергеевич', 'Иванов Пётр', true],
    ['ИВАНОВА АЛЁНА', 'Иванова Алена Игоревна', true],
    ['Алиев Рашид Мамед оглы', 'Алиев Рашид', true],
    ['Римский-Корсаков Ян', 'Римский-Корсаков Ян Петрович', true],
    ['Ивaнов Пётр', 'Иванов Пётр', true], // a Latin «a» in a Russian word
    ['Пётр Сергеевич', 'Иванов Пётр Сергеевич', false], // the surname is not a patronymic
    ['Иванов Павел', 'Иванов Пётр Сергеевич', false],
    ['Иванова Пётр', 'Иванов Пётр', false],
    ['Иванов', 'Иванов Пётр', false],
    ['Иванов Иванов', 'Иванов Иван', false],
    ['Иванов Пётр Ильич', 'Иванов Пётр Сергеевич', false],
    ['', 'Иванов Пётр', false],
  ])('%s ~ %s → %s', (typed, registered, expected) => {
    expect(childNameMatches(typed, registered)).toBe(expected);
  });
});

describe('matchPupil', () => {
  const pupils = [
    { userId: 1, name: 'Иванов Пётр Сергеевич' },
    { userId: 2, name: 'Петрова Анна' },
    { userId: 3, name: 'Сидоров Олег Ильич' },
    { userId: 4, name: 'Сидоров Олег Павлович' },
  ];
  it.each([
    ['петр иванов', 1],
    ['Анна Петрова Викторовна', 2],
    ['Сидоров Олег Ильич', 3],
    ['Сидоров Олег', null], // two pupils of that name: the curator decides
    ['Кузнецов Иван', null],
  ])('%s → %s', (typed, id) => {
    expect(matchPupil(typed, pupils)?.userId ?? null).toBe(id);
  });
});
