import { describe, expect, it } from 'vitest';
import { byGender, declineName, genderOf } from '../../src/policy/person-name.js';

describe('person names: gender and declension', () => {
  it.each([
    ['Иванов Пётр Сергеевич', 'male'],
    ['Петрова Анна Ивановна', 'female'],
    ['Иванова Мария', 'female'],
    ['Сидоров Павел', 'male'],
    ['Кузнецова Ольга Ильинична', 'female'],
    ['Белых Саша', null],
    ['Ким Юна', null],
    ['id 12', null],
    ['', null],
  ] as const)('%j → %s', (name, gender) => expect(genderOf(name)).toBe(gender));

  it.each([
    ['Иванов Пётр Сергеевич', 'genitive', 'Иванова Петра Сергеевича'],
    ['Петрова Анна Ивановна', 'dative', 'Петровой Анне Ивановне'],
    ['Сидоров Павел', 'accusative', 'Сидорова Павла'],
    ['Белых Саша', 'genitive', 'Белых Саша'],
    ['id 12', 'genitive', 'id 12'],
  ] as const)('%j in %s → %j', (name, gcase, expected) => expect(declineName(name, gcase)).toBe(expected));

  it('chooses the wording by gender, neutral when unknown', () => {
    const forms = { male: 'переведён', female: 'переведена', unknown: 'переведён(а)' };
    expect(byGender('Иванов Пётр', forms)).toBe('переведён');
    expect(byGender('Иванова Мария', forms)).toBe('переведена');
    expect(byGender('Ким Юна', forms)).toBe('переведён(а)');
  });
});
