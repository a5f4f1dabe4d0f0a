/**
 * The kinds of misses of blind batch F (issue 22, docs/etiquette.md), covered by kind from the
 * language rather than from the batch: condescension without a rude word, sarcasm about a child,
 * a disability, name-calls among pupils and students, ethnic frames, a teacher demeaned
 * (data/phrases-kinds.txt, insult-stems.txt, insult-addressed.txt), and the batch's false alarms
 * (self-deprecation set off by commas, «ну и говно эта столовка» about a thing). Each table has
 * phrasings that must be found and near-misses that must stay clean; the rows were written for
 * these tests, not copied from the batch.
 */
import { describe, expect, it } from 'vitest';
import { brokenRules, checkMessage, type RuleId } from '../../../src/policy/etiquette/index.js';

const rulesOf = (text: string): RuleId[] => brokenRules(checkMessage(text));
const found = (rows: string[]) =>
  it.each(rows)('«%s» is an insult', (text) => {
    expect(rulesOf(text)).toContain('insult');
  });
const clean = (rows: Array<[string, string]>) =>
  it.each(rows)('%s: «%s» is clean', (_kind, text) => {
    expect(rulesOf(text)).toEqual([]);
  });

describe('insults: condescension without a rude word', () => {
  found([
    'Приходится объяснять вам как первокласснику, по буквам',
    'С вами как с детсадовцем разговаривать надо',
    'Говорить с ним можно только как с трёхлеткой',
    'Первоклашки и то быстрее соображают, чем вы',
    'Или это для вас чересчур сложно?',
    'Для тебя это слишком сложно?',
    'С вашим-то образованием лезть в математику',
    'Со своими тройками ты только в ПТУ и годишься, лучше бы молчал',
    'Тебе бы улицы мести, а не в совет класса',
    'Вам бы полы мыть, а не детей учить',
    'Коров пасти иди, раз считать не умеешь',
    'Поступала, видимо, по остаточному принципу',
    'Где вы диплом купили, интересно?',
    'Кто вас вообще к детям допустил?',
    'Таких к детям нельзя подпускать',
    'Включите мозг хоть раз',
    'Включи, пожалуйста, голову перед тем как писать',
    'Подумать головой не пробовали?',
    'Это многое о вас говорит.',
    'Вы даже не в состоянии расписание прочитать',
    'Она не классный руководитель, а ходячее недоразумение',
    'Ты не староста, а посмешище',
    'Как обычно, блещете безграмотностью',
    'Ваша некомпетентность уже всех достала',
    'Вы хоть изредка читаете чат?',
  ]);
  clean([
    ['a teacher on explaining to small children', 'Объясняю детям на примерах, так им понятнее'],
    ['first-formers praised', 'Первоклассники быстрее всех сдали нормы ГТО на этой неделе'],
    ['a task too hard', 'Задание слишком сложное для третьего класса, можно заменить?'],
    ['a hard question asked kindly', 'Вам удобно в субботу или это слишком рано?'],
    ['experience praised', 'С вашим опытом вы легко справитесь с классом'],
    ['a cleaning day', 'В субботу субботник: будем полы мыть и улицы мести'],
    ['help asked', 'Кто сможет помочь полы мыть после ремонта?'],
    ['a budget', 'Ремонт спортзала финансируют по остаточному принципу'],
    ['certificates bought', 'Купили дипломы и медали для победителей олимпиады'],
    ['a diploma received', 'Где получить диплом за олимпиаду, в учительской?'],
    ['a doctor not let in', 'Посторонних к детям на продлёнке не подпускают'],
    ['a lamp switched on', 'Включите, пожалуйста, свет в коридоре'],
    ['a kind word', 'Это многое говорит о вас как о заботливой маме, спасибо'],
    ['unable to come', 'Если вы не в состоянии прийти, напишите заранее'],
    ['a misunderstanding', 'Это не ошибка, а недоразумение с оплатой, разберёмся'],
    ['a misunderstanding with a list', 'Произошло недоразумение какое-то со списками'],
    ['a pupil who shines', 'Маша блещет на олимпиадах, поздравляем!'],
    ['incompetence of an office', 'Управляющая компания проявила полную некомпетентность с отоплением'],
    ['reading in the summer', 'Дети, вы читаете что-нибудь летом?'],
  ]);
});

describe('insults: sarcasm about a child', () => {
  found([
    'Ага, конечно, ваш Тимур гений, только списывает у соседа',
    'Ну да, конечно, у вас вундеркинд растёт',
    'Ваш ангелочек, конечно, тут ни при чём',
    'Твоя принцесса никогда ничего не делает, да?',
    'А что ещё ждать от ребёнка с такими родителями',
    'Чего можно ожидать от таких?',
    'Что с него взять, он же из тех самых',
    'Ну что с неё и взять',
    'Из такой семьи другого не выйдет',
    'Яблочко от яблони, что тут скажешь',
    'Маменькин сынок опять плачет',
    'С ней в классе никто не дружит и правильно',
  ]);
  clean([
    ['praise of a child', 'Ваш сын настоящий гений в шахматах, поздравляю!'],
    ['a genius in a lesson', 'Сегодня на уроке читали про гения Ломоносова'],
    ['a little angel on a card', 'Нарисовали ангела на открытке к Рождеству'],
    ['waiting for a child', 'Что ждать от ребёнка в первом классе по чтению? Подскажите норму'],
    ['what to take', 'Что взять с собой в поход?'],
    ['a big family', 'Из многодетной семьи дети получают бесплатное питание'],
    ['apples', 'Собрали яблоки с яблони у школы, приходите угощаться'],
    ['a parent worried', 'Сын жалуется, что с ним никто не дружит, что посоветуете?'],
  ]);
});

describe('insults: a disability as a name-call', () => {
  found([
    'Опять этого даунёнка посадили с моей дочкой',
    'Зачем такого в обычный класс взяли?',
    'Пусть в коррекционную школу ходит',
    'Таким не место среди здоровых детей',
    'Он с аутистом этим возится весь урок',
    'Этот дцпшник опять упал',
    'Ты припадочный, что ли?',
  ]);
  clean([
    ['autism as a topic', 'Дети с аутизмом занимаются с тьютором по расписанию'],
    ['a teacher on inclusion', 'Дети с особенностями развития учатся в обычных классах по своей программе'],
    ['a transfer decided', 'По решению комиссии сына перевели в коррекционный класс'],
    ['a class for autists', 'Класс для детей-аутистов открыли в соседней школе'],
  ]);
});

describe('insults: name-calls among pupils and students', () => {
  found([
    'Наш староста стукач, всё сдаёт куратору',
    'Эта выскочка опять руку тянет',
    'Петров — подхалим и зубрила',
    'Ну ты и душнила',
    'Ты тряпка, а не капитан',
    'Объясните этой курице, что чайник не её',
    'Эй, мартышка, не ори',
    'Первокурсники в общаге — это просто обезьяны',
    'Вы деградирующее поколение',
    'Ты нюня и ябеда',
    'Ты слюнтяй и размазня',
  ]);
  clean([
    ['a rag for the board', 'Принесите тряпку для доски, пожалуйста'],
    ['a zoo trip', 'В зоопарке видели мартышку и бегемота'],
    ['a chicken recipe', 'На технологии готовили курицу с овощами'],
    ['a crybaby of oneself', 'Я такая плакса, всё утро рыдала на выпускном'],
    ['a generation in literature', 'Читаем Ремарка: потерянное поколение, сочинение к пятнице'],
    ['a rooster in a song', 'Петух в песенке кричит кукареку, выучите слова'],
  ]);
});

describe('insults: ethnic', () => {
  found([
    'Ехали бы вы к себе обратно в аул',
    'Сначала по-русски научись говорить',
    'Понабрали нерусских в класс',
    'Он что, из своего кишлака приехал такой?',
    'Черномазый опять без сменки',
  ]);
  clean([
    ['a trip to a village', 'Летом ездили в аул к бабушке, было здорово'],
    ['a language learnt', 'Он хорошо выучил русский за год, молодец'],
    ['a gypsy camp in a book', 'Читаем «Цыганы» Пушкина: табор, степь, воля'],
  ]);
});

describe('insults: about a teacher', () => {
  found([
    'Вам не место в школе',
    'Вам самим учиться надо',
    'Педагог от слова педаль',
    'Гнать таких поганой метлой',
    'Вы профнепригодны, это уже всем ясно',
    'Наша классная самодурка',
  ]);
  clean([
    ['no place for phones', 'Телефонам не место на уроке, напоминаю'],
    ['a place booked', 'Вам место в первом ряду оставить?'],
    ['a teacher praised', 'Наш педагог от бога, спасибо ей'],
  ]);
});

describe('swearing at someone is profanity, as the tuning corpus labels it (no name-call)', () => {
  it.each(['Да пошёл ты на хер со своими советами', 'Идите вы в жопу, Ирина Павловна'])('«%s»', (text) => {
    expect(rulesOf(text)).toEqual(['profanity']);
  });
});

describe('false alarms of batch F: self-deprecation and things', () => {
  clean([
    ['self, set off by commas', 'Я, растяпа, забыла ключи в кабинете'],
    ['we, set off by commas', 'Мы, балбесы, перепутали день экскурсии'],
  ]);
  it.each([
    'Ну и говно эта столовка, всё холодное',
    'Ну и дерьмо этот новый проектор',
    'Ну и жопа эта контрольная',
  ])('«%s» is swearing about a thing, not an insult', (text) => {
    expect(rulesOf(text)).toEqual(['profanity']);
  });
  it.each(['Ну и говно этот Серёжа', 'Ну и дерьмо этот физрук'])('«%s» is swearing at a person', (text) => {
    expect(rulesOf(text)).toEqual(['profanity', 'insult']);
  });
});

describe('personal data and messengers after batch F', () => {
  const kinds = (text: string): RuleId[] => rulesOf(text);
  it.each([
    'Тел 9 1 6 4 4 2 7 7 3 1, звоните после шести',
    'ИНН дочки нужен? Вот: 771234567891',
    'Пароль от электронного дневника сменила на kot_2015lev',
    'Пароль теперь поменяли на Qwerty77',
  ])('«%s» is personal data', (text) => {
    expect(kinds(text)).toContain('personal_data');
  });
  clean([
    ['task numbers typed one by one', 'Номера заданий 9 1 5 3 2 7 4 8 6 0, вопросы — звоните'],
    ['answers typed one by one', 'Ответы к тесту: 8 9 1 2 3 4 5 6 7 8 9'],
    ['a password changed to nothing said', 'Пароль поменяла на новый, пришлю каждому лично'],
  ]);
  it.each(['Пишите в Whats App, там быстрее', 'Скиньте в вотс ап фото'])('«%s» invites to a banned messenger', (text) => {
    expect(kinds(text)).toContain('banned_messenger');
  });
  clean([['a greeting in English', 'What is up? Как дела у всех']]);
});
