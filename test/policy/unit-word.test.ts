// The unit word (класс / группа / объединение) in texts: cases, plural, capitals, agreement.
import { describe, expect, it } from 'vitest';
import { ownWords, ownWordsIn, unitWordRenderer, withUnitWord, type UnitWord } from '../../src/policy/unit-word.js';
import { CHAT_TEXTS } from '../../src/chats/texts.js';

describe('withUnitWord', () => {
  const table: Array<[string, UnitWord, string]> = [
    ['Выберите {unit:acc}.', 'класс', 'Выберите класс.'],
    ['Выберите {unit:acc}.', 'группа', 'Выберите группу.'],
    ['Выберите {unit:acc}.', 'объединение', 'Выберите объединение.'],
    ['Состав {unit:gen}: /members <{unit}>', 'группа', 'Состав группы: /members <группа>'],
    ['В {unit:loc} пока нет учеников.', 'объединение', 'В объединении пока нет учеников.'],
    ['Управлять только своими {units:ins}.', 'группа', 'Управлять только своими группами.'],
    ['Нет {units:gen}.', 'группа', 'Нет групп.'],
    ['Нет {units:gen}.', 'объединение', 'Нет объединений.'],
    ['По {units:dat}: 5А 1.', 'класс', 'По классам: 5А 1.'],
    ['{Units}: люди', 'группа', 'Группы: люди'],
    ['{Unit:gen} «7Б» нет', 'класс', 'Класса «7Б» нет'],
    ['Это не {ваш|ваша|ваше} {unit}.', 'класс', 'Это не ваш класс.'],
    ['Это не {ваш|ваша|ваше} {unit}.', 'группа', 'Это не ваша группа.'],
    ['Это не {ваш|ваша|ваше} {unit}.', 'объединение', 'Это не ваше объединение.'],
    ['{Этот|Эта|Это} {unit} в архиве', 'группа', 'Эта группа в архиве'],
    ['Без отметок {x} и {a|b} остаются', 'группа', 'Без отметок {x} и {a|b} остаются'],
    ['Никаких отметок', 'группа', 'Никаких отметок'],
  ];
  it.each(table)('%s (%s)', (text, word, expected) => expect(withUnitWord(text, word)).toBe(expected));
});

describe('people’s own words keep their braces', () => {
  const title = 'Чат {ого|ой|ого} {Units}';
  it('a title with marks, put into a text, is shown as written; the text’s own marks are filled', () => {
    expect(withUnitWord(`{Unit}: «${ownWords(title)}»`, 'класс')).toBe(`Класс: «${title}»`);
    expect(withUnitWord(CHAT_TEXTS.boundPrivately(title), 'группа')).toBe(`Чат «${title}» настроен.`);
  });
  it('through the renderer the bot sends with, also for a text with no marks of its own', async () => {
    const render = unitWordRenderer(async () => 'класс');
    expect(await render(CHAT_TEXTS.askKindPrivately(title))).toBe(`Меня добавили в чат «${title}», где вы администратор. Что это за чат?`);
  });
  it('a text of one template put into another keeps its marks live', () => {
    const T = ownWordsIn({ card: (child: string) => `Заявка\n${child}`, childNotFound: (typed: string) => `«${typed}» — в {unit:loc} не найден` });
    expect(withUnitWord(T.card(T.childNotFound('Иванова {Units}')), 'класс')).toBe('Заявка\n«Иванова {Units}» — в классе не найден');
  });
  it('a wrapped texts module hides braces in strings, arrays and plain objects it is given', () => {
    const T = ownWordsIn({ a: (x: string, xs: string[], o: { n: string }) => `{unit} ${x} ${xs.join()} ${o.n}` });
    expect(withUnitWord(T.a('{unit}', ['{a|b|c}'], { n: '{Units}' }), 'группа')).toBe('группа {unit} {a|b|c} {Units}');
  });
});
