// Russian texts of /report in a dialog: what happened, a confirmation, the answers.
import { ownWordsIn } from '../../policy/unit-word.js';
export const REPORT_TEXTS = ownWordsIn({
  ask: 'Что случилось?',
  misuse: 'Моим аккаунтом пользуется кто-то другой',
  lost: 'Я не могу войти в свой аккаунт',
  other: 'Другое',
  cancel: 'Отмена',
  confirmMisuse: 'Сообщить администраторам {org:gen}, что вашим аккаунтом пользуется кто-то другой? Они получат сообщение сразу, в любое время.',
  confirmLost: 'Сообщить администраторам {org:gen}, что вы потеряли доступ к аккаунту? Они получат сообщение сразу, в любое время.',
  yes: 'Да, сообщить',
  describe: 'Опишите одним сообщением, что случилось. /cancel — отменить.',
  tooShort: 'Слишком коротко. Опишите, пожалуйста, подробнее.',
  tooLong: (max: number) => `Слишком длинно: не больше ${max} символов.`,
  confirmOther: (text: string) => `Передать это сообщение классному руководителю или администраторам?\n\n${text}`,
  send: 'Отправить',
  cancelled: 'Хорошо, ничего не отправляю.',
  timedOut: 'Сообщение так и не отправлено. Если нужно — начните снова: /report.',
} as const);
