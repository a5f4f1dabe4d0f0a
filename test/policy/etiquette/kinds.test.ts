/**
 * The kinds of misses and false alarms of issue 13, one table per kind. The
 * sentences here are examples of a kind, not the corpus: each row must hold
 * because of a general rule (normalisation, morphology or a context window).
 */
import { describe, expect, it } from 'vitest';
import { brokenRules, checkMessage, detectPersonalData, type RuleId } from '../../../src/policy/etiquette/index.js';

const rulesOf = (text: string, allowedNumbers?: readonly string[]): RuleId[] => brokenRules(checkMessage(text, { allowedNumbers }));

describe('insults: who is insulted', () => {
  it.each([
    ['a name or a noun as the subject', 'Сидоров — баран'],
    ['a noun subject and a noun insult', 'Витька осёл, опять всё сломал'],
    ['words between the pronoun and the insult', 'Ты по жизни какой-то овощ'],
    ['a whole group', 'Вы все здесь клоуны'],
    ['glued to the pronoun', 'тыидиот'],
    ['glued to the pronoun, plural', 'выдебилы'],
    ['spelled with spaces', 'и д и о т'],
    ['3 read as е', 'ты кр3тин'],
    ['1 read as л', 'ты о1ух'],
    ['a call for attention', 'Эй, дятел, подвинься'],
    ['a newly listed insult', 'Ты бездарь'],
  ])('%s: «%s»', (_kind, text) => {
    expect(rulesOf(text)).toEqual(['insult']);
  });

  it.each(['Ты мудак', 'Иванов — долбоёб', 'Вы все ебланы', 'ты м*дак', 'хуйло'])('an obscene name-call is profanity and an insult: «%s»', (text) => {
    expect(rulesOf(text)).toEqual(['profanity', 'insult']);
  });

  it.each(['Бля, опять дождь', 'Пиздец, сколько задали', 'ёпта'])('an obscene interjection is profanity only: «%s»', (text) => {
    expect(rulesOf(text)).toEqual(['profanity']);
  });
});

describe('insults: false alarms', () => {
  it.each([
    ['a title in quotes', 'Дочитали «Идиота» до середины'],
    ['a word discussed as a word', 'Слово «кретин» пришло из французского'],
    ['a word after «слово»', 'Объясните, почему слово дурак обидное'],
    ['a definition', 'Дебил — это устаревший медицинский термин'],
    ['a rule quoting the word', 'Запрещено называть друг друга «тупой» и «урод»'],
    ['negation', 'Ты не дурак, просто не выспался'],
    ['negation further away', 'Никто тут не называет тебя идиотом'],
    ['talking about oneself', 'Я дура, опять забыла пропуск'],
    ['talking about oneself with «сама»', 'Сама тупая, не дочитала объявление'],
    ['a branch', 'Кот залез на сук и не может слезть'],
    ['a dog', 'Сука овчарки принесла шестерых щенков'],
    ['a card game', 'В поезде дети играли в дурака'],
    ['a plant', 'Лох серебристый цветёт в июне'],
    ['a medical term', 'Кретинизм — следствие нехватки йода'],
    ['livestock', 'Вся скотина в деревне накормлена'],
    ['a circus clown', 'Клоун в цирке всех рассмешил'],
    ['a blunt tool', 'Нож тупой, дайте другой'],
    ['a verb between the pronoun and the word', 'Ты взял тупые ножницы'],
    ['the retort still counts, though', 'Сам дурак'],
  ])('%s: «%s»', (_kind, text) => {
    const expected: RuleId[] = text === 'Сам дурак' ? ['insult'] : [];
    expect(rulesOf(text)).toEqual(expected);
  });

  it.each([
    'Река Хуанхэ разлилась',
    'Летом были в Сукко',
    'Доклад про Мандалай',
    'Р Е Б Я Т А, внимание',
    'Ну я и балбес, забыл',
    'Класс 3Б молодцы',
    'Двоеборье — вид спорта',
  ])('place names, spaced words, one-letter words and class names: «%s»', (text) => {
    expect(rulesOf(text)).not.toContain('profanity');
  });
});

describe('profanity: morphology and obfuscation', () => {
  it.each([
    ['a compound with a linking vowel', 'мозгоёб какой-то'],
    ['a compound with a prefix chain', 'хитровыебанный'],
    ['the root followed by «л»', 'мудло'],
    ['a starred form not listed', 'бл*дский'],
    ['a starred form not listed, two stars', 'пи**ец'],
    ['a starred prefixed form', 'з*ебали'],
    ['digits for a whole syllable', '3.14здец'],
    ['digits for a whole syllable with a comma', '3,14зда рулю'],
  ])('%s: «%s»', (_kind, text) => {
    expect(rulesOf(text)).toContain('profanity');
  });

  it('«3.14» stays a number when no letter follows', () => {
    expect(rulesOf('Число пи — это 3.14 и ещё немного')).toEqual([]);
  });
});

describe('banned messengers', () => {
  it.each([
    ['a hyphenated word', 'Подписывайтесь на тг-канал класса'],
    ['a hyphenated word with a case ending', 'Заходите в вотсап-группу'],
    ['«тут» meaning «not here»', 'Пишите в вайбер, тут неудобно'],
    ['a past move into a group', 'Добавила всех в чат в телеге'],
    ['a first-person move', 'Перехожу в телеграм'],
    ['«теперь в группе»', 'Мы теперь в группе в вотсапе'],
    ['a short name with a case ending', 'Го в дсе вечером'],
    ['a slang name', 'Я в тгшке, пишите'],
    ['another slang name', 'Созвонимся в тимсе'],
    ['a dot as a word', 't точка me/class5b'],
    ['a dot as an English word', 'discord dot gg/abc'],
    ['a full-width dot', 't．me/class5b'],
    ['an ideographic dot', 'wa。me/79001234567'],
    ['a comma for the dot', 't,me/class5b'],
    ['a middle dot for the dot', 'discord·gg/abc'],
    ['a Cyrillic letter in a Latin name', 'Пишите в whаtsapp'],
    ['a labelled handle', 'тг: masha_2010'],
    ['a labelled handle with «tg»', 'tg: @klass_5b'],
  ])('%s: «%s»', (_kind, text) => {
    expect(rulesOf(text)).toContain('banned_messenger');
  });

  it.each([
    'Раньше был тг-канал, теперь всё тут',
    'Перехожу к следующему вопросу',
    'Добавила в таблицу всех, кто сдал',
    'Найдите tg: угла A',
    'tg: 0,5',
    'В ДС №5 праздник',
    'Привет,мы пришли',
    'Мама,мне купили форму',
  ])('not an invitation: «%s»', (text) => {
    expect(rulesOf(text)).toEqual([]);
  });
});

describe('personal data', () => {
  it.each([
    ['a passport with «№»', 'паспорт 4510 № 123456'],
    ['the number before the series', 'паспорт: № 654321, серия 45 12'],
    ['a phone with dots', '8.912.345.67.89'],
    ['a phone with underscores', '8_912_345_67_89'],
    ['a phone digit by digit', '8 9 1 2 3 4 5 6 7 8 9'],
    ['a phone with look-alike letters', '89I2З45б789'],
    ['a look-alike inside the area code', '+7 (9l6) 123-45-67'],
    ['a URL-encoded phone', 'https://example.ru/?tel=%2B7%20912%20345%2067%2089'],
  ])('%s: «%s»', (_kind, text) => {
    expect(rulesOf(text)).toEqual(['personal_data']);
  });

  it('spans a URL-encoded phone in the original text', () => {
    const text = 'см. ?tel=%2B79123456789 ок';
    const [verdict] = detectPersonalData(text);
    expect(text.slice(verdict?.span.start, verdict?.span.end)).toBe('%2B79123456789');
  });

  it.each(['Дата 01.02.2025, время 9.00', 'Версия 2.14.3.1', 'Адрес 192.168.100.200', 'Сдали 1 2 3 4 5 6 7 8 9 10 задания', 'Класс 5б, кабинет 12'])(
    'not personal data: «%s»',
    (text) => {
      expect(rulesOf(text)).toEqual([]);
    },
  );

  describe('the organisation’s own public numbers', () => {
    const allowed = ['+7 (812) 246-13-57', '8 921 555 01 02'];
    it.each([
      // (not «Приёмная: …»: a school office's number is taken for public without the list, issue 22)
      'Звоните: 8 (812) 246-13-57',
      'Звоните: +78122461357',
      'Наш номер: 8.921.555.01.02',
      'Наш номер: +7 921 555-01-02',
    ])('may be posted in any spelling: «%s»', (text) => {
      expect(rulesOf(text, allowed)).toEqual([]);
      expect(rulesOf(text)).toEqual(['personal_data']);
    });

    it('do not hide another number in the same message', () => {
      expect(rulesOf('Звоните 8 (812) 246-13-57, мой 8 912 345-67-89', allowed)).toEqual(['personal_data']);
    });

    it("a school office's number is public even without the list", () => {
      expect(rulesOf('Телефон приёмной школы: 8 (495) 123-45-67, звоните с 9 до 17')).toEqual([]);
      expect(rulesOf('Телефон учительской: 8 (343) 210-11-22')).toEqual([]);
    });
  });
});
