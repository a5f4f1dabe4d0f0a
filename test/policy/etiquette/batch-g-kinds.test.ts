/**
 * The kinds of misses and false alarms of blind batch G (issue 22, docs/etiquette.md), covered
 * by kind from the language rather than from the batch: surnames in a roll-call or after a
 * preposition, an order number that looks like a phone, «X какой-то, а не Y» about a thing,
 * and the misses that followed. Each table has phrasings that must be found and near-misses
 * that must stay clean; the rows were written for these tests, not copied from the batch.
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

describe('precision: names, order numbers, contempt for things', () => {
  clean([
    ['a roll-call of surnames', 'Дураков, Сукин, Баранов — задержитесь после урока'],
    ['two surnames and a list', 'Вызываются к доске: Лохова, Козлов и Гадюкина'],
    ['a surname after «с»', 'Поменяйтесь партами с Хреновым до конца четверти'],
    ['a surname after «у»', 'Тетрадь осталась у Сукиной, заберите завтра'],
    ['a surname after «к»', 'Подойдите к Дуракову за ключом от спортзала'],
    ['an order number', 'Номер заявки на доставку учебников 89261234567, сообщайте его оператору'],
    ['a contract number', 'Договор на питание № 89031234567 подписан обеими сторонами'],
  ]);
  exactly([
    ['Говно какое-то, а не новый учебник', ['profanity']],
    ['Хреновая погода, с Хреновым не знакома', ['profanity']],
    ['Сидит рядом с ХРЕНОВЫМ соседом', ['profanity']],
  ]);
  flagged('insult', ['Чмо какое-то, а не учитель', 'Дура какая-то, а не староста', 'Лох, баран, козёл — вот ты кто']);
  flagged('personal_data', ['Номер заказа есть, а мой телефон 89123456780, звоните']);
});

describe('messengers: requests, «туда», slang and announcements', () => {
  flagged('banned_messenger', [
    'Можно домашку дублировать в телегу? Я там чаще бываю',
    'Я вам туда буду присылать фото, в вайбере удобнее',
    'Обсуждение длинное, в вотсапе проще, перенесите его туда',
    'Скинула решения в тг, гляньте до вечера',
    'Кто хочет в беседу в дискорде по олимпиаде — ставьте плюс',
    'Кто заведёт вайбер-группу для класса? Здесь неудобно',
    'Консультация пройдёт в Teams, ссылку пришлю утром',
    'Экзаменационная встреча через Skype for Business, не опаздывайте',
    'Попечительский комитет теперь в телеге',
    'telega chat uzhe est, go tuda',
  ]);
  clean([
    ['a report of the past', 'Вчера в вотсапе обсуждали погоду, ничего интересного'],
    ['duplicating here', 'Объявления буду дублировать сюда и на сайт школы'],
    ['sending here', 'Присылайте фото работ сюда, в этот чат'],
    ['moving a lesson', 'Перенесите урок музыки на четверг, пожалуйста'],
    ['who wants to the museum', 'Кто хочет в музей в субботу — отметьтесь плюсом'],
    ['an event here', 'Собрание пройдёт в актовом зале в 18:00'],
    ['regular Skype', 'Консультация через Skype — только по договорённости с куратором, пишите здесь'],
    ['a rule', 'Напоминаю: переносить обсуждения в вотсап и телеграм запрещено регламентом'],
    ['a committee here', 'Родительский комитет теперь здесь, в Сферуме'],
    ['go in English class', 'Let us go to the park — переведите предложение'],
  ]);
});

describe('personal data: phones in words, mixed with digits or letters', () => {
  flagged('personal_data', [
    'Мой сотовый: восемь девятьсот шестнадцать, двести тридцать, сорок один, ноль два',
    'плюс семь девятьсот девяносто девять сто один двадцать два тридцать три',
    'номер мамы 8 девятьсот три 777 двенадцать 05',
    '8 9З6 тире 4О1 тире 22 тире 18 — звоните вечером',
    'Нашедшему ключи звонить 89161234567, у школы оставила объявление',
  ]);
  clean([
    ['amounts in words', 'Сдаём по восемьсот рублей, итого девятнадцать тысяч двести'],
    ['a room and a time', 'Встречаемся в восемь, кабинет триста двенадцать, потом сорок минут перерыв'],
    ['a toll-free line', 'Горячая линия: восемь восемьсот сто двадцать три сорок пять шестьдесят семь'],
    ['the school phone', 'Телефон нашей гимназии 8 495 765-43-21, звоните с девяти'],
    ['a count of pupils', 'В параллели девяносто восемь человек, в классе двадцать восемь'],
  ]);
});

describe('insults: condescension by shape, not by phrasing', () => {
  flagged('insult', [
    'Пишу для тех, кто вообще не способен запомнить дату собрания',
    'Для тех, кто не может даже прочитать объявление: сбор в 8:00',
    'Родители, которые не в состоянии даже открыть дневник, — вам сюда',
    'Некоторым, видимо, трудно осилить целый абзац',
    'Читать вы научились, а думать так и не научились',
    'Ей, как и матери, не дано, что тут поделать',
    'Что ещё ожидать от такой семьи',
    'С вашим уровнем развития лучше помолчать',
    'Ты бы сначала сам таблицу умножения выучил, умник',
    'Повторяю медленно и по слогам: сбор в восемь',
    'Видно, что книг в руках дома не держали',
    'Только и умеют умничать в чате',
    'Иди мести улицы, раз учиться не хочешь',
  ]);
  clean([
    ['an offer of help', 'Если вам сложно разобраться с заданием, приходите на консультацию'],
    ['young children', 'Малыши ещё читать не научились, помогите им с заданием'],
    ['a reading lesson', 'Первоклассники читают по слогам, это нормально'],
    ['a word split into syllables', 'Повторите слово по слогам и поставьте ударение'],
    ['those who cannot come', 'Детям, которые не могут прийти, задание пришлю сюда'],
    ['a compliment', 'С таким интеллектом и памятью он выиграл олимпиаду'],
    ['street cleaners', 'Дворники будут мести улицы с шести утра, машины уберите'],
    ['expectations of a trip', 'Чего ожидать от экскурсии: три часа пешком и обед'],
  ]);
});

describe('insults: a comparison with an animal or a lump', () => {
  flagged('insult', [
    'Мозги у тебя как у воробья, ничего не держится',
    'Башка как кочан, одни листья',
    'Жрёт как свинья, смотреть противно',
    'Стоишь у доски как истукан, хоть слово скажи',
    // The phrase's own words open its section (no word of another section in these).
    'Ты ешь как поросёнок',
    'Молчишь как истукан, отвечай',
  ]);
  clean([
    ['eating little', 'Ест как птичка, дайте ему с собой бутерброд'],
    ['a watch', 'Часы стоят как часы, батарейку поменяли'],
    ['a lesson on the brain', 'Мозг работает как компьютер — тема урока биологии'],
    ['a cabbage recipe', 'Голова капусты как мяч, такую и берите на засолку'],
  ]);
});
