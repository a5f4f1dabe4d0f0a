import { describe, expect, it } from 'vitest';
import { detectBannedMessengers } from '../../../src/policy/etiquette/messengers.js';

const found = (text: string): Array<[string, string]> => detectBannedMessengers(text).map((v) => [v.kind, v.messenger]);

describe('links to banned messengers (001 appendix 2)', () => {
  it.each([
    ['https://t.me/school5a', 'telegram'],
    ['t.me/+AbCdEf123', 'telegram'],
    ['tg://resolve?domain=school', 'telegram'],
    ['web.telegram.org/k/', 'telegram'],
    ['telegram.me/joinchat/xyz', 'telegram'],
    ['https://chat.whatsapp.com/KXyZ12abc', 'whatsapp'],
    ['wa.me/79991234567', 'whatsapp'],
    ['invite.viber.com/?g2=AQBxyz', 'viber'],
    ['viber.click/school', 'viber'],
    ['discord.gg/qwerty', 'discord'],
    ['https://discord.com/invite/xyz', 'discord'],
    ['https://teams.microsoft.com/l/meetup-join/19%3ameeting', 'teams'],
    ['teams.live.com/meet/123', 'teams'],
    ['join.skype.com/AbCdEf', 'skype_for_business'],
    ['snapchat.com/add/masha', 'snapchat'],
    ['threema.id/ABCD1234', 'threema'],
    ['weixin.qq.com/g/abc', 'wechat'],
    ['u.wechat.com/abc', 'wechat'],
  ])('%s', (text, messenger) => {
    expect(found(text)).toEqual([['link', messenger]]);
  });

  it.each([
    ['t . me/abc', 'telegram'],
    ['t. me/abc', 'telegram'],
    ['t[.]me/abc', 'telegram'],
    ['т.ме/klass_5a', 'telegram'], // Cyrillic т, м, е
    ['Т.МЕ/klass_5a', 'telegram'],
    ['wа.mе/79001234567', 'whatsapp'], // Cyrillic а, е
    ['discord . gg/abc', 'discord'],
  ])('obfuscated: %s', (text, messenger) => {
    expect(found(text)).toEqual([['link', messenger]]);
  });

  it('reports the span of the link host', () => {
    const text = 'Вот: https://t.me/school';
    const [verdict] = detectBannedMessengers(text);
    expect(text.slice(verdict?.span.start, verdict?.span.end)).toBe('t.me');
  });

  it.each([
    'Материалы на https://sferum.ru/?p=messages',
    'Почта: teacher@school.ru',
    'Сайт школы school-5.edu.ru',
    'Т.е. завтра не учимся',
    'т. е. всё как обычно',
    'см. стр. 45',
    'Время 10:30',
    'bit.me/xyz', // not t.me
    'at.meeting — собрание',
  ])('%s is not a banned link', (text) => {
    expect(detectBannedMessengers(text)).toEqual([]);
  });
});

describe('invitations into banned messengers', () => {
  it.each([
    ['пишите в телеграм', 'telegram'],
    ['давайте в вотсап', 'whatsapp'],
    ['переходим в телегу', 'telegram'],
    ['кину в ватсапе', 'whatsapp'],
    ['добавлю в вайбер', 'viber'],
    ['го в дискорд', 'discord'],
    ['Напишите мне в WhatsApp, обсудим', 'whatsapp'],
    ['Перекинь мне в вацап домашку', 'whatsapp'],
    ['Давайте лучше в тг переписываться', 'telegram'],
    ['Скиньте фото в вайбер, пожалуйста', 'viber'],
    ['Присоединяйтесь к нашему телеграм-каналу', 'telegram'],
    ['Созвонимся в Teams вечером?', 'teams'],
    ['Подключайтесь через скайп для бизнеса, созвонимся', 'skype_for_business'],
    ['Добавляйтесь в снапчат', 'snapchat'],
    ['В вичат пиши', 'wechat'],
    ['Ребята, все в телегу!', 'telegram'],
    ['Мой тг @masha_ivanova', 'telegram'],
    ['Телеграм: @ivanov_teacher — для срочных вопросов', 'telegram'],
    ['Есть чат в вотсапе для родителей', 'whatsapp'],
    ['Создала группу в вайбере', 'viber'],
    ['Приглашаю всех в нашу группу в Viber', 'viber'],
    ['Мой вотсап 89123456789', 'whatsapp'],
    ['Пишите в тeлeграм', 'telegram'], // Latin e
  ])('%s', (text, messenger) => {
    expect(found(text)).toEqual([['invitation', messenger]]);
  });

  it.each([
    'в телеграме было сообщение о каникулах',
    'Telegram запрещён регламентом',
    'Напоминаю, что Telegram и WhatsApp запрещены для учебной переписки',
    'Не пишите в вайбер, все вопросы только здесь',
    'Не надо переходить в телеграм',
    'Пишите мне в MAX, а не в телеграм',
    'Никаких вотсапов, пишите сюда',
    'Удалите ссылку на телеграм-канал',
    'Вчера в вотсапе кто-то писал, что отменили уроки',
    'Видели новость в телеграме?',
    'Моя дочь раньше сидела в дискорде',
    'Раньше у нас был чат в вайбере',
    'Пишите в этот чат', // no banned messenger
    'Переходим в чат класса в МАКС',
    'Скайп работает плохо, созвонимся по телефону', // regular Skype is not on the list
  ])('%s is not an invitation', (text) => {
    expect(detectBannedMessengers(text)).toEqual([]);
  });

  it('reports each named messenger once, at its name', () => {
    const text = 'Пишите в телеграм или в вотсап';
    const verdicts = detectBannedMessengers(text);
    expect(verdicts.map((v) => v.messenger)).toEqual(['telegram', 'whatsapp']);
    expect(verdicts.map((v) => text.slice(v.span.start, v.span.end))).toEqual(['телеграм', 'вотсап']);
  });

  it('does not report a name inside a reported link twice', () => {
    expect(found('Подписывайтесь: telegram.me/school')).toEqual([['link', 'telegram']]);
  });

  it('keeps sentences apart', () => {
    expect(found('В телеграме было сообщение. Пишите, если есть вопросы.')).toEqual([]);
  });
});

describe('invitations found missing in issue 22', () => {
  const messengers = (text: string): string[] => [...new Set(detectBannedMessengers(text).map((v) => v.messenger))];

  it.each([
    ['Т е л е г р а м: канал класса, подписывайтесь', 'telegram'],
    ['В. А. Й. Б. Е. Р — там группа, добавляйтесь', 'viber'],
    ['Д И С К О Р Д сервер класса — ищите нас', 'discord'],
    ['Т Г канал 9А — подписывайтесь', 'telegram'],
    ['ТЕЛЕ ГРАМ канал нашего класса: @ulet_8g', 'telegram'],
    ['ищите меня в в а т с а п е по номеру', 'whatsapp'],
    ['Кто в ватсапе, я туда скинула список вещей', 'whatsapp'],
    ['Кто ещё не в нашей беседе в WhatsApp? Напишите, я туда добавлю', 'whatsapp'],
    ['У нас в дискорде сервер 10Б, вечером все там, приходите', 'discord'],
    ['Кто не в телеге, подключайтесь', 'telegram'],
    ['вотсапните мне, когда выйдете', 'whatsapp'],
    ['viber group 2B — ssylka u menya, pishite', 'viber'],
  ])('%s', (text, messenger) => {
    expect(messengers(text)).toEqual([messenger]);
  });

  it.each([
    'Родители просили ссылку на телеграм-чат, но мы общаемся только в Сферуме, так положено.',
    'У бабушки только вайбер, поэтому фото ей отправлю отдельно.',
    'В телеграме было сообщение. Там всё написали.',
    'Пишите сюда, а не в телеграм',
    'Т Е С Т по истории в пятницу',
  ])('not: %s', (text) => {
    expect(messengers(text)).toEqual([]);
  });
});
