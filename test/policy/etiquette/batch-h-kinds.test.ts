/**
 * The kinds of misses and false alarms of blind batch H (issue 22, docs/etiquette.md), covered
 * by kind from the language rather than from the batch. Each table has phrasings that must be
 * found and near-misses that must stay clean; the rows were written for these tests, not copied
 * from the batch.
 */
import { describe, expect, it } from 'vitest';
import { brokenRules, checkMessage, type RuleId } from '../../../src/policy/etiquette/index.js';

const rulesOf = (text: string): RuleId[] => brokenRules(checkMessage(text));
const flagged = (rule: RuleId, rows: string[]) =>
  it.each(rows)(`«%s» breaks ${rule}`, (text) => {
    expect(rulesOf(text)).toContain(rule);
  });
const exactly = (rows: Array<[string, RuleId[]]>) =>
  it.each(rows)('«%s» breaks exactly %j', (text, rules) => {
    expect(rulesOf(text)).toEqual(rules);
  });
const clean = (rows: Array<[string, string]>) =>
  it.each(rows)('%s: «%s» is clean', (_kind, text) => {
    expect(rulesOf(text)).toEqual([]);
  });

describe('precision: a lake, a toll-free line, a label that is no diagnosis', () => {
  clean([
    ['a lake with a hyphen', 'Легенда о чудовище озера Лох-Несс — тема доклада на английском'],
    ['a toll-free line after «линия»', 'Единая линия поддержки родителей 8-800-555-35-35, круглосуточно'],
    ['a dashed number after «линии»', 'По линии опеки справки по номеру 8-800-200-01-22, спросить инспектора'],
  ]);
  exactly([
    ['Да он лох-неудачник, а не вратарь', ['insult']],
    // «какой-то» makes a condition word a label: the insult stays, the health detail goes.
    ['Дочка у вас аутистка какая-то, пусть дома сидит, а не в классе', ['insult']],
  ]);
  flagged('personal_data', [
    'У моей дочки эпилепсия, прошу учесть на физкультуре',
    'Мы живём на 5-я линия, д. 12, кв. 4, заберите Диму оттуда',
  ]);
});

describe('condescension without a rude word: frames by shape', () => {
  flagged('insult', [
    'С вашим уровнем развития вам лучше помолчать на собрании',
    'С твоими умственными возможностями в эту олимпиаду и не суйся',
    'С таким кругозором ему разве что улицы мести',
    'Поразительно, как с вашей грамотностью вас взяли в методисты',
    'Вам, похоже, не хватает элементарного такта',
    'Вашему сыну явно не хватает воспитания',
    'Пунктуальность — это явно не про вашу семью.',
    'Вежливость — это не ваше, мы уже поняли',
    'Ты, похоже, из тех, кто учебник никогда не открывал и не читает',
    'Я тебе по слогам повторю: до-мой',
    'Вам, коллега, ещё учиться и учиться',
    'Вы сами понимаете, что пишете?',
  ]);
  clean([
    ['praise of ability', 'С вашими способностями вы легко поступите на бюджет'],
    ['praise with «только»', 'С такими способностями ему только в олимпиадную сборную!'],
    ['a neutral teacher remark', 'Мише не хватает знаний по алгебре, нужен репетитор'],
    ['a shortage of things', 'Нам не хватает двух стульев в кабинете'],
    ['«не ваше дело» about a task', 'Это не ваше дело, а комитета, не переживайте'],
    ['«не про вас, а про…»', 'Решайте сами, это не про вас, а про девятые классы'],
    ['a neutral «из тех, кто»', 'Вы, наверное, из тех, кто записался на экскурсию? Ждём вас'],
    ['reading by syllables', 'Читаем с ребёнком по слогам каждый вечер'],
    ['self-irony', 'Нам всем ещё учиться и учиться, коллеги'],
    ['a question about the chat', 'Вы понимаете, что пишете в общий чат? Лучше в личку'],
  ]);
});

describe('sarcasm and shaming: quotes, the know-all, the parent blamed', () => {
  flagged('insult', [
    'Ваш Петя снова «отличился» на уроке, весь класс смеялся',
    'Это твоя «умница» разлила краску?',
    'Мы уже привыкли к вашей полной бестолковости',
    'Наш староста вечно всё знает лучше остальных',
    'Жаль только, что ваш сын ничего не понимает',
    'Вашу дочь даже на линейку выпускать стыдно',
    'Неудивительно, что дети хамят, если вы сами так пишете',
    'Теперь понятно, в кого она такая',
  ]);
  clean([
    ['a group name in quotes', 'Группа «Звёздочка» заняла первое место на смотре'],
    ['a contest in quotes', 'Конкурс «Юные таланты» пройдёт в субботу'],
    ['a quiz question', 'Кто знает лучше всех правила дорожного движения? Викторина в пятницу'],
    ['self-irony', 'Жаль, что я ничего не понимаю в химии, не помогу'],
    ['praise of likeness', 'Интересно, в кого он такой талантливый — папа тоже художник'],
    ['a moral lesson', 'Брать чужое стыдно, объясните детям'],
  ]);
});

describe('insults by kind: a herd, a disability, comparisons, body, ethnicity', () => {
  flagged('insult', [
    'Совет класса — сборище лентяев, ничего не делают',
    'Этот тупой из параллельного класса опять толкается',
    'Ей с такой фигурой разве что в цирк выступать',
    'Тебе в детстве мозг отшибло, что ли?',
    'Опять этот колченогий в воротах стоит',
    'Не пускайте к нам этих умственно неполноценных',
    'Эй, глухня, отвечай, когда спрашивают',
    'Он инвалид на голову, не слушайте его',
    'Мальчики жрут как поросята, а девочки хихикают',
    'Ты прыгаешь как макака по партам',
    'Завуч разговаривает как базарная бабка',
    'Цыган в классе посадили, следите за сумками',
  ]);
  clean([
    ['a comparison with a bird', 'Поёт как соловей, а рисует как настоящий художник'],
    ['a broken chair', 'Колченогий стул в кабинете 12 надо заменить'],
    ['a heap of leaves', 'Кучка листьев во дворе, уберите до вечера'],
    ['a school for a disability', 'Школа для детей с умственной отсталостью проводит день открытых дверей'],
    ['children dancing', 'Дети на празднике танцевали как маленькие медвежата'],
    ['an idiom as a lesson topic', 'Слон в посудной лавке — тема урока по фразеологизмам'],
    ['songs of a people', 'Цыганские песни на концерте, приходите всей семьёй'],
  ]);
});

describe('messengers: moving a chat, a dotless link, a «по …» subject', () => {
  flagged('banned_messenger', [
    'Группа закрывается, всё обсуждение дальше переносим в телегу',
    'Кто-нибудь, добавьте меня в вайбер группу класса',
    'Родительское собрание проведём в тимсе, ссылку скину',
    'Все вопросы по выпускному — в вотсапе, здесь не отвечаю',
    'Материалы лежат тут: tme/klass_9a_materials',
  ]);
  clean([
    ['a move forbidden', 'Не переносите обсуждение в вайбер, здесь удобнее'],
    ['a move not allowed', 'Нельзя переносить обсуждение в вотсап, только Сферум'],
    ['a move in the past', 'Раньше мы переходили в вайбер, теперь всё тут'],
    ['questions set aside from a messenger', 'Вопросы по оплате — в Сферуме, не в вайбере'],
    ['adding to the allowed platform', 'Добавьте меня в чат класса в Сферуме'],
  ]);
});

describe('personal data: logins and passwords, codes, letters for digits, rural and plain addresses', () => {
  flagged('personal_data', [
    'Вот мой аккаунт в дневнике: petrova.anna, Anna2011x, зайдите кто-нибудь',
    'Доступ к аккаунту сына: sasha_k@yandex.ru / Sasha2012',
    'Мне пришло код 5519 04, что с ним делать?',
    'Пришёл код 5531 для регистрации на олимпиаду, куда вводить?',
    'Звоните: плюс семь 9I6 ЗЗ4 56 7O — мама Кати',
    'Живём в селе Берёзовка, дом 7, за магазином налево',
    'Забирайте Сашу у нашего дома, ул. Садовая, 14',
    'Прописан: г. Казань, пр. Победы, 12-44',
    'Привезите на 3-ю Парковую, 7б, квартира 12',
  ]);
  clean([
    ['a class code for registration', 'Код класса для регистрации в Сферуме: 482913'],
    ['a contest code handed out', 'Код олимпиады 4821 раздаст учитель'],
    ['a letter with a contest code', 'Пришло письмо: код олимпиады 4821 для всего класса'],
    ['access to a test', 'Доступ к тесту: открыт до 18:00, вопросы 1, 2 и 3'],
    ['logins listed without a password', 'Аккаунты проверены: ivanov, petrov'],
    ['a trip to a village museum', 'Экскурсия в деревню Ключи, дом 5 — музей ремёсел'],
    ['a village club', 'В селе Сосновка, дом 3 — сельский клуб, там ёлка'],
    ['a house of culture', 'Сбор у нашего дома культуры, ул. Мира, 8'],
  ]);
});

describe('profanity: «про-» before the vulgar root', () => {
  exactly([
    ['Опять всё просрал, контрольную завалил', ['profanity']],
    ['Просрочка по оплате обедов — до пятницы', []],
  ]);
});
