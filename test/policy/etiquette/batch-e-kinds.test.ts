/**
 * The kinds of misses of blind batch E (issue 22, docs/etiquette.md), covered from the language
 * rather than from the batch: frames of condescension, comparison and rude questions
 * (data/phrases-frames.txt), person nouns and adjectives (insult-stems.txt, insult-addressed.txt).
 * Each table has phrasings that must be found and near-misses that must stay clean; the rows
 * were written for these tests, not copied from the batch.
 */
import { describe, expect, it } from 'vitest';
import { clean, found, rulesOf } from './kind-tables.js';

describe('insults: condescension without a rude word', () => {
  found([
    'Повторяю для особо одарённых: сбор в восемь',
    'Специально для альтернативно одарённых пишу ещё раз',
    'Неужели даже до тебя наконец дошло?',
    'До вас никак не доходит, что сдавать надо вовремя',
    'Туго до тебя доходит, как до жирафа',
    'С твоим-то умом в физмат класс?',
    'С вашим умом только полы мыть',
    'Куда уж ему понять такие задачи',
    'Сиди тихо и не отсвечивай',
    'Твоё мнение тут никого не интересует',
    'Ты правда думаешь, что кому-то интересно твоё мнение?',
  ]);
  clean([
    ['a programme for gifted children', 'Набор в программу для особо одарённых детей открыт до пятницы'],
    ['a letter that did not arrive', 'Письмо до вас не дошло? Отправлю ещё раз'],
    ['news that reached someone', 'Хоть до вас дошло приглашение на собрание?'],
    ['a cooking lesson', 'На технологии варили суп, а куриные крылышки жарили'],
    ['a question of opinion', 'Нам важно ваше мнение о поездке, напишите, пожалуйста'],
    ['asking where to go', 'Куда вам прислать справку, на почту?'],
  ]);
});

describe('insults: comparisons', () => {
  found([
    'Он тупее пробки, честное слово',
    'Ты глупее моей кошки',
    'Ваш сын ведёт себя как животное на переменах',
    'Они ведут себя словно дикари',
    'Пришли на линейку как из зоопарка',
    'Моя собака и то умнее, чем ваш сын',
    'У хомяка дисциплина лучше, чем у твоего брата',
    'Тебе до отличников как до Луны пешком',
    'Ты поёшь как резаный поросёнок',
    'Орёшь как сирена, уши болят',
    'Ты как пробка — пустой',
  ]);
  clean([
    ['a singer praised', 'Она поёт как соловей, возьмём её солисткой'],
    ['a pet described', 'Наша собака лучше всех на выставке'],
    ['a story about animals', 'В рассказе кот ведёт себя как хозяин дома'],
    ['a trip to the zoo', 'Дети пришли из зоопарка довольные'],
    ['a physics question', 'Почему пробка не тонет в воде?'],
    ['a distance', 'До Луны 384 тысячи километров, запишите'],
  ]);
});

describe('insults: rude questions', () => {
  found([
    'Вы вообще читать умеете? Там всё написано',
    'Ты вообще соображаешь?',
    'Вы хоть немного головой думаете?',
    'Уже совсем ничего не соображаешь',
    'У тебя голова на плечах есть?',
    'Вы сами-то учились в школе?',
    'Кто вас вообще воспитывал?',
    'Сто раз объяснила, или тебе картинками нарисовать?',
  ]);
  clean([
    ['the writer of themselves', 'После ночной смены я ничего не соображаю, простите'],
    ['a first-grader asked kindly', 'Ты уже умеешь читать по слогам? Молодец'],
    ['a headache', 'У тебя голова болит? Иди к медсестре'],
    ['who raised a child, neutrally', 'Кто его воспитывал после третьего класса — бабушка?'],
    ['a teacher explaining', 'Объясню на пальцах: дробь — это часть целого'],
  ]);
});

describe('insults: ability, body, where someone belongs', () => {
  found([
    'Он двух слов связать не может',
    'Мозгов ей явно не досталось',
    'У него с головой проблемы',
    'Таким только в дворники',
    'Тебе место в коррекционном классе',
    'Её только в цирк отдавать',
    'Тебе на диету пора, а не в команду',
    'Вам давно пора на пенсию',
  ]);
  clean([
    ['the writer of themselves', 'Мне на диету пора после праздников'],
    ['a circus trip', 'В субботу мы только в цирк пойдём, без зоопарка'],
    ['a fact about a class', 'Сын учится в коррекционном классе, там хорошие педагоги'],
    ['a retired teacher thanked', 'Марина Ивановна ушла на пенсию, спасибо ей за всё'],
    ['a problem with a task', 'С заданием по физике проблемы, подскажите'],
  ]);
});

describe('insults: person nouns and adjectives', () => {
  found([
    'Завуч — злобная грымза',
    'Соня у нас подлиза',
    'В родительском комитете одни халявщики',
    'Он же дефективный какой-то',
    'Карлик, подвинься',
    'Ты растяпа и лодырь',
    'Вы безнадёжны',
    'Эта мымра опять двойку поставила',
    'Ну ты и криворукий',
    'Он подлец и жлоб',
  ]);
  clean([
    ['an astronomy lesson', 'Белый карлик — это остывшая звезда'],
    ['literature', 'Толстой писал о дубине народной войны'],
    ['a hopeless situation', 'Ситуация безнадёжная, автобус сломался'],
    ['the writer of themselves', 'Я такая растяпа, забыла тетрадь дома'],
    ['a fairy tale', 'В сказке ведьма живёт в лесу'],
    ['a useless thing', 'Этот учебник бесполезный, возьмите другой'],
  ]);
});

describe('messengers: slang, digits for letters, «здесь» where the writer is not', () => {
  const invites = (rows: string[]) =>
    it.each(rows)('«%s» invites to a banned messenger', (text) => {
      expect(rulesOf(text)).toContain('banned_messenger');
    });
  invites([
    'Скиньте в тележку, я тут редко бываю',
    'Кидайте всё в телегу, я здесь не сижу почти',
    'Давайте в вайб3р, там удобнее',
    'Переходим в т3леграм',
    'Давайте в вайбер, тут очень неудобно',
    'Все вопросы по форме — ко мне в вотсап',
    'Телегу все установили? Там будет канал класса',
  ]);
  clean([
    ['this chat', 'Пишите сюда, в телеге я не сижу'],
    ['this chat, the other place inconvenient', 'Пишите тут, в вайбере неудобно'],
    ['a message that arrived', 'Ко мне в вотсап пришло странное сообщение, осторожно'],
    ['the writer installed it', 'Я установила телеграм, но там пусто'],
    ['digits in a class', 'В 3 классе 23 ученика'],
    ['a shop trolley', 'В магазине взяли тележку для продуктов'],
  ]);
});

describe('personal data: a mobile typed digit by digit without its 8', () => {
  it.each(['Мой тел 9 1 5 4 0 2 7 7 3 8, звоните вечером', 'номер телефона: 9 0 3 1 2 3 4 5 6 7'])('«%s»', (text) => {
    expect(rulesOf(text)).toContain('personal_data');
  });
  clean([
    ['answers to a test', 'Ответы к тесту: 9 1 5 4 0 2 7 7 3 8'],
    ['a list of marks', 'Оценки за неделю: 5 4 4 5 3 5 4 5 5 4'],
  ]);
});

// Each frame must be opened by a word of its own section of phrases-frames.txt: these rows
// were found while the file was one section and were missed once it was split (review of the
// split); the last ones never had a prefix of their own.
describe('insults: every frame is opened by its own section', () => {
  found([
    'Ну, с его-то способностями, конечно, в гимназию',
    'Думать вы совсем не умеете',
    'Думать он у вас не приучен',
    'С такими мозгами лучше молчать',
    'Объясняю для самых тупых: сбор в восемь',
    'Ты воешь как сирена на каждом уроке',
    'Ваш сын двух слов не может сказать у доски',
    'Вы бы сначала сами школу закончили',
  ]);
});
