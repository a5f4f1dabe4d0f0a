// Russian texts of the bot's own pipeline and basic commands, in one place.
import { ownWordsIn } from '../policy/unit-word.js';
import { sayHours, type HoursWindow } from '../policy/hours/index.js';
// MAX's own support (001 4.2: problems with the messenger itself go to MAX). No official
// support e-mail or bot of MAX could be confirmed from public sources; its official help
// centre is help.max.ru (already cited for MAX's own steps in src/conduct/texts.ts), where
// the support form is reached from the help articles.
export const MAX_SUPPORT = 'https://help.max.ru';

export const SUPPORT_CONTACTS = [
  'Поддержка «Сферума»:',
  '• бот «Помощник Сферума» — https://max.ru/sferum_help',
  '• почта — info@sferum.ru',
  '• инструкции — https://prof-sferum.ru',
  `Поддержка MAX (если не работает сам мессенджер) — ${MAX_SUPPORT}`,
].join('\n');

export const BOT_TEXTS = ownWordsIn({
  greeting: (hours: HoursWindow) =>
    [
      'Здравствуйте! Я бот «Сферума» в MAX.',
      `Я помогаю {org:dat} вести чаты {units:gen} по регламенту: приглашаю учеников, родителей и педагогов, подтверждаю их статус, присылаю ссылки на нужные чаты, ${sayHours(hours).always ? 'слежу за правилами общения' : `слежу за рабочим временем (${sayHours(hours).range}) и правилами общения`}.`,
      'Если вам прислали ссылку-приглашение, просто откройте её. Список команд — /help.',
    ].join('\n\n'),
  helpTitle: 'Что я умею:',
  helpGuest: 'Чтобы получить доступ к чатам {unit:gen}, откройте ссылку-приглашение от классного руководителя или администратора.',
  unknownCommand: (name: string) => `Не знаю команды /${name}. Список команд — /help.`,
  notACommand: 'Я понимаю команды. Список — /help.',
  /** A voice message or video circle: MAX gives the bot nothing of it to read. */
  textOnly: 'Я читаю только текст — напишите, пожалуйста, словами.',
  cancelled: 'Хорошо, разговор завершён.',
  nothingToCancel: 'Сейчас нет начатого разговора.',
  apology: 'Извините, что-то пошло не так. Попробуйте ещё раз чуть позже.',
  dialogOnly: 'Эта команда работает в личном диалоге с ботом.',
  chatOnly: 'Эта команда работает в групповом чате, куда добавлен бот.',
  unknownButton: 'Эта кнопка уже неактуальна.',
  inviteNotFound: 'Ссылка-приглашение не найдена или больше не действует. Попросите новую у классного руководителя или администратора.',
} as const);
