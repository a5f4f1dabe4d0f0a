/**
 * The kinds of misses and false alarms left after blind batches A and B
 * (issue 22, docs/etiquette.md), one table per kind: several phrasings that
 * must be found and near-misses that must stay clean. The rows are examples
 * of a kind, written for these tests, not sentences of the corpora.
 */
import { describe, expect, it } from 'vitest';
import { brokenRules, checkMessage, type RuleId } from '../../../src/policy/etiquette/index.js';

const rulesOf = (text: string, allowedNumbers?: readonly string[]): RuleId[] =>
  brokenRules(checkMessage(text, { allowedNumbers }));

describe('messengers: where people are now', () => {
  it.each([
    'Короче, все в телеге',
    'Я в дс, кто со мной',
    'Я в дс',
    'Все обсуждения теперь в телеге',
    'Мы все уже в вотсапе, догоняйте',
    'Я в вайбере сижу, там отвечу быстрее',
    'Домашка теперь в телеге, смотрите там',
    'кто в дс вечером? катаем',
    'Весь класс уже в ватсапе 😉',
  ])('tells the chat where to go: «%s»', (text) => {
    expect(rulesOf(text)).toEqual(['banned_messenger']);
  });

  it.each([
    ['a verb follows: a report', 'Мы в телеграме видели новость про каникулы'],
    ['someone else, in the past', 'Он в телеге вчера писал про это'],
    ['not there', 'Я не в телеге, пишите здесь'],
    ['not sitting there', 'Я в телеге не сижу, пишите сюда'],
    ['a past that is over', 'Раньше все были в вайбере, теперь только Сферум'],
    ['a rule', 'Все в вотсапе запрещено, помните об этом'],
    ['a game, not a chat', 'Я в дс играю по вечерам'],
    ['the allowed messenger', 'Ребята, я в Сферуме, пишите сюда'],
    ['a question who saw it', 'Кто в телеге видел новость про каникулы?'],
  ])('%s: «%s»', (_kind, text) => {
    expect(rulesOf(text)).toEqual([]);
  });
});

describe('messengers: the post, not the messenger', () => {
  it.each([
    'Пришла настоящая телеграмма от бабушки из Самары, обсудим на уроке, как работает почта',
    'Отправим телеграмму ветеранам, пишите текст поздравления',
    'На уроке истории читали телеграммы с фронта, приносите конверты',
    'Поздравительной телеграммой занимается 7Б, пишите идеи',
  ])('«%s»', (text) => {
    expect(rulesOf(text)).toEqual([]);
  });

  it('the messenger spelled with two «м» is still the messenger', () => {
    expect(rulesOf('Пишите мне в телеграмм')).toEqual(['banned_messenger']);
    expect(rulesOf('Пишите в телеграмме, там быстрее')).toEqual(['banned_messenger']);
  });
});

describe('messengers: a report of a removed link', () => {
  it.each([
    'Сегодня кто-то опять скинул ссылку на дискорд, я её удалила. Ещё раз — и докладная.',
    'Кто-то выложил ссылку на телеграм-канал, я удалила, не надо так',
    'Опять кто-то кинул приглашение в вотсап-группу, модератор удалил',
    'Утром в чат скинули приглашение в дискорд, админ его удалил, не повторяйте',
    'Вчера ученик выложил ссылку на тг, сообщение удалено',
  ])('«%s»', (text) => {
    expect(rulesOf(text)).toEqual([]);
  });
});

describe('a phone number inside a messenger link', () => {
  // Decided as a class teacher would (docs/etiquette.md): the link pulls people into
  // the messenger and the number is someone's phone posted in the chat — both count,
  // as they do for «пишите в ватсап 8912…».
  it.each([
    'вот мой ватсап wa.me/79123456789',
    'пишите https://wa.me/79123456789',
    'wa.me/+79123456789 — по вопросам формы',
  ])('is a messenger link and personal data: «%s»', (text) => {
    expect(rulesOf(text)).toEqual(['banned_messenger', 'personal_data']);
  });

  it("the organisation's own public number in such a link is the link only", () => {
    expect(rulesOf('Приёмная школы: wa.me/79123456789', ['8 (912) 345-67-89'])).toEqual(['banned_messenger']);
  });
});

describe('insults: a people as a whole', () => {
  it.each([
    'Цыгане опять воруют',
    'Цыгане в классе опять всё воруют',
    'Цыгане всё воруют, закрывайте раздевалку',
    'Эти таджики ничего не умеют',
    'Все эти таджики из 7Д воняют и не моются',
    'Понаехали тут мигранты',
    'Понаехали приезжие, теперь в очереди не протолкнуться',
  ])('«%s»', (text) => {
    expect(rulesOf(text)).toEqual(['insult']);
  });

  it.each([
    'Цыгане приедут на концерт с ансамблем',
    'Цыгане у нас не воруют, хватит сплетен',
    'Доклад о культуре цыган на уроке истории',
    'Таджики и узбеки из нашего класса заняли призовые места',
    'У нас кто-то ворует из раздевалки, закрывайте шкафчики',
  ])('clean: «%s»', (text) => {
    expect(rulesOf(text)).toEqual([]);
  });
});

describe('insults: an adjective for a nickname', () => {
  it.each([
    'Жирная опять опоздала',
    'жирная опять всю пиццу сожрала на переменке',
    'Смотрите жирная опять в столовке третью булку берёт',
    'Толстая снова пришла без формы',
    'А тупая опять ничего не сдала',
    'Очкастый вечно всё знает',
  ])('«%s»', (text) => {
    expect(rulesOf(text)).toEqual(['insult']);
  });

  it.each([
    ['a noun after the adjective', 'Жирная рыба полезна детям'],
    ['a noun after the adjective, then the adverb', 'Толстая тетрадь опять пропала'],
    ['the adjective describes a noun before it', 'Картошка жирная опять, повар пересолил'],
    ['not a listed word', 'Жирное пятно на форме не отстирывается'],
    ['a patient', 'Больной опять не пришёл на приём'],
  ])('%s: «%s»', (_kind, text) => {
    expect(rulesOf(text)).toEqual([]);
  });
});

describe('insults: a group with «все …»', () => {
  it.each([
    'Все девчонки в этом классе овцы',
    'Все мальчишки в пятом классе бараны',
    'Вы там в родительском комитете все тупые или только притворяетесь?',
  ])('«%s»', (text) => {
    expect(rulesOf(text)).toEqual(['insult']);
  });

  it.each([
    'Все ножницы в этом классе тупые',
    'Все овцы на ферме здоровы',
    'Все дети в нашем классе молодцы',
  ])('clean: «%s»', (text) => {
    expect(rulesOf(text)).toEqual([]);
  });
});

describe('insults: a disability as a name-call', () => {
  it.each(['Этот инвалид опять тормозит всю команду', 'аутист какой-то, даже не смотрит в глаза', 'Эй, калека, подвинься'])(
    '«%s»',
    (text) => {
      expect(rulesOf(text)).toContain('insult');
    },
  );

  it.each([
    'У нас в классе учится мальчик-инвалид, помогите ему с лифтом',
    'В школе открыли класс для детей-аутистов',
    'Справка об инвалидности нужна для льгот на питание',
  ])('clean: «%s»', (text) => {
    expect(rulesOf(text)).toEqual([]);
  });

  it('a disability stated as a fact is health data, not an insult', () => {
    expect(rulesOf('Наш сын Лука — инвалид по слуху, у него слуховой аппарат.')).toEqual(['personal_data']);
  });
});

describe('names are not insults: two surnames joined by «и»', () => {
  it.each([
    'Дураков и Скотникова, вы в списке на отчисление за пропуски',
    'Хорошилов и Дуракова, ваши поделки признаны лучшими на выставке',
    'Козлов и Баранова сегодня дежурят по столовой',
    'Сукин и Дуракова, подойдите к завучу после уроков',
    'Баранов, Козлова и Дураков — дежурные на этой неделе',
    'Поздравляем Сукина и Ослова с победой на олимпиаде',
  ])('«%s»', (text) => {
    expect(rulesOf(text)).toEqual([]);
  });
});

describe('addresses: a small word before the street name', () => {
  it.each([
    'Справку оставила у соседки, это Октябрьская 25-140, можете зайти',
    'Забирайте ребёнка у бабушки, это Садовая 12-4, второй подъезд',
  ])('«%s»', (text) => {
    expect(rulesOf(text)).toEqual(['personal_data']);
  });

  it.each(['Наш класс это Пятый Б, кабинет 25-140 не наш', 'Встречаемся у школы на Октябрьской 25'])(
    'clean: «%s»',
    (text) => {
      expect(rulesOf(text)).toEqual([]);
    },
  );
});

describe('profanity: an italic look-alike inside a transliterated word', () => {
  it.each(['nizdec ya ustal', 'nizda kakaya-to', 'ty nidor'])('«%s»', (text) => {
    expect(rulesOf(text)).toContain('profanity');
  });

  it.each(['Nice day, see you at dinner', 'Anna, nine ninjas, nonstop', 'Ninel Petrovna, spasibo', 'nazvanie nado napisat'])(
    'clean: «%s»',
    (text) => {
      expect(rulesOf(text)).toEqual([]);
    },
  );
});
