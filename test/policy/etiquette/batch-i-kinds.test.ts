/**
 * The kinds of misses and false alarms of blind batch I (issue 22, docs/etiquette.md), covered
 * by kind from the language rather than from the batch. Each table has phrasings that must be
 * found and near-misses that must stay clean; the rows were written for these tests, not copied
 * from the batch.
 */
import { describe } from 'vitest';
import { clean, exactly, flagged } from './kind-tables.js';

describe('precision: an eponym, a figurative «диагноз», a messenger as a topic', () => {
  clean([
    ['a day named after a syndrome', 'Международный день людей с синдромом Дауна: приходим в ярких носках'],
    ['a world day of an illness', 'Всемирный день борьбы с диабетом — классный час в четверг'],
    ['messengers as an essay topic', 'Можно в докладе писать про Telegram и WhatsApp, или тема другая?'],
    ['a messenger as a topic with «о»', 'Напишите сочинение о вайбере и его истории, две страницы'],
  ]);
  exactly([
    // The jibe is no health detail; whether it is an insult is condescension (not covered here).
    ['Ваш Петя — это, конечно, просто диагноз', []],
  ]);
  flagged('personal_data', [
    'У Маши синдром Дауна, прошу учесть на экскурсии',
    'Пете поставили диагноз СДВГ, будем заниматься с логопедом',
    'У Вани синдром Аспергера, прошу учесть на уроках',
    // «международный» without «день» makes no topic.
    'У Маши астма на международной олимпиаде обострилась',
  ]);
});

describe('messengers described rather than named', () => {
  flagged('banned_messenger', [
    'Все переходим в приложение с синим самолётиком, ссылку дам',
    'Давайте общаться в зелёном мессенджере с трубкой, там удобнее',
    'Айда к Дурову, там группа уже есть',
    'Переезжаем в сиреневый мессенджер, всех добавлю',
    'Предлагаю вернуться в запрещёнку с самолётиком',
    'Кто хочет — приложение Дурова, перебирайтесь туда',
    'Продолжим в зелёном чате, как до Сферума было',
  ]);
  clean([
    ['a founder mentioned', 'Павел Дуров — основатель Telegram, доклад по информатике к пятнице'],
    ['a paper plane', 'Давайте сделаем бумажный самолётик на технологии'],
    ['a drawing task', 'Нарисуйте зелёное приложение с трубкой на плакате по безопасности'],
    ['a kindergarten group', 'Дети из зелёной группы садика переходят в подготовительную'],
    ['the past, now here', 'Раньше сидели в зелёном приложении, теперь все здесь, пишите сюда'],
    ['a book', 'Книга о Дурове и его брате — кто читал?'],
    ['a founder as a lesson topic', 'На уроке про Павла Дурова поговорим, как растут стартапы'],
    ['a described messenger banned', 'Переходить в приложение с самолётиком запрещено регламентом'],
  ]);
});

describe('short calls: a bare «в …!», a move in the next sentence', () => {
  flagged('banned_messenger', [
    'В вотсап!',
    'На дискорд!',
    'У всех телега стоит? Переходим',
    'Вайбер у всех есть? Перебираемся',
    // «про …» as a heading, then «там/туда»: the invitation stands.
    'Насчёт вотсапа и про вайбер: там группа есть, вступайте туда',
    // Also one of the tuning corpus's old misses: the green chat «где раньше были».
    'Переносим разговор в зелёный чат, где все раньше сидели',
    // A move verb with a doubled letter («переезжаем», «переедем»), whatever else the sentence says.
    'Чат будет закрыт, переезжаем в вайбер',
    'Этот чат удалят, переедем в телегу',
  ]);
  clean([
    // Latin «tg» is not read as Telegram: it is the tangent («найдите tg угла A»).
    ['the tangent', 'Найдите tg угла B и запишите ответ'],
    ['the old green chat closed', 'Зелёный чат, где мы раньше были, удалён — теперь все в Сферуме'],
    // «раньше» is a past that is over (the shared blocker), for a described messenger too.
    ['a described messenger of the past', 'Раньше все писали в приложение с самолётиком, пишите теперь в Сферум'],
  ]);
  // «как раньше» recalls the place people are asked back to: not the blocker.
  flagged('banned_messenger', ['Пишите в приложение с самолётиком, как раньше', 'Как раньше, вступайте в приложение с самолётиком']);
  clean([
    ['where news was seen', 'Где видели новость? В телеге!'],
    ['a move to the allowed place', 'В ватсапе опять спам. Переезжаем в Сферум полностью'],
    ['a banned move asked about', 'Телеграм запрещён. Переезжаем?'],
    ['a move refused', 'Вотсап заблокировали. Не переезжаем, остаёмся тут'],
    ['a move refused before the name', 'Чат закрывают, но мы не переедем в вайбер'],
    ['«дс» is a kindergarten', 'Вчера в дс был утренник. Переходим к следующему вопросу'],
    ['«тг» is tenge', 'Оплата 500 тг. Переводим до пятницы'],
    ['a reminder', 'Напоминаю: телеграм для учёбы не используем. Переходим к домашке'],
  ]);
});

describe('profanity and name-calls: «ссаный», Latin «sooka ty», a name-call of an animal', () => {
  exactly([
    ['опять этот ссаный принтер зажевал бумагу', ['profanity']],
    ['Обоссанный подъезд, а не школа', ['profanity']],
    ['Говённый день, опять контрольная', ['profanity']],
    ['Засранцы коты опять всю клумбу раскопали', ['profanity']],
    ['Suka ty, Kolya, tak ne delayut', ['profanity', 'insult']],
    ['Sooka, opyat dozhd', ['profanity']],
  ]);
  clean([
    ['sledges', 'Берём санки на прогулку, горка у школы'],
    ['a sanatorium', 'Путёвки в санаторий раздают в профкоме'],
    ['a fast before communion', 'Говение у православных — тема доклада по ОРКСЭ'],
    ['English «book»', 'Read the book on page 12, please'],
    ['a platform with «oo»', 'Задания лежат в Moodle, и в Google-диске копия'],
  ]);
});

describe('insults: a seal, a monster comparison, brains asked after, a condition thrown at someone', () => {
  flagged('insult', [
    'ну ты и тюлень, опять последний',
    'У Даши уши, как у слона, вот и слышит всё',
    'Нос у Пети как у Буратино, ха-ха',
    'у вас мозги хоть есть вообще?',
    'Опять он с этой своей астмой ноет на физре, надоел',
  ]);
  clean([
    ['seals at the zoo', 'На экскурсии видели тюленей и моржей, дети в восторге'],
    ['a costume', 'Для спектакля нужен нос как у Бабы Яги, сделаем из папье-маше'],
    ['a biology fact', 'У слона уши большие, как у всех африканских слонов'],
  ]);
  // A named child's condition told kindly is a health detail, not an insult.
  exactly([['Маша со своей аллергией не может есть торт, принесём фрукты', ['personal_data']]]);
});

describe('personal data: a phone in words and digits, a card for money, an address and password pair', () => {
  flagged('personal_data', [
    'Звоните: восемь девятьсот 15 три два один 44 55',
    'Собираем на цветы, закидывайте на 5469 3800 1111 2222',
    'вход: ivanova@yandex.ru / Masha2012',
    // A word starting like a key word («доска», «пара») does not hide the pair.
    'Доска объявлений тут. Почта: gr21pk@mail.ru / Klass7b',
    'Завтра пара по физике. Почта группы: gr21pk@mail.ru / Fizika24',
  ]);
  clean([
    ['a sum in words and digits', 'Собрали девятьсот 15 рублей, спасибо всем'],
    ['money and years', 'Деньги сдаём до пятницы, 500 рублей, в 2025 году было 450'],
    ['a mail and a word', 'Пишите на school5@mail.ru / или звоните в приёмную'],
    ['two class mails', 'почты классов: 5a@mail.ru / 5b@mail.ru'],
  ]);
});
