// Russian texts of the flow runner itself and of the /feedback flow.
import { ownWordsIn } from '../policy/unit-word.js';
export const FLOW_TEXTS = ownWordsIn({
  resetAfterUpdate: (command: string) => `Бот обновился, и начатый разговор пришлось сбросить. Пожалуйста, начните заново: ${command}`,
  staleButton: 'Эта кнопка уже неактуальна.',
} as const);

export const FEEDBACK_TEXTS = ownWordsIn({
  ask: 'Напишите одним сообщением ваш отзыв или предложение о работе бота.\nЧтобы отменить, отправьте /cancel.',
  tooShort: 'Сообщение слишком короткое. Напишите, пожалуйста, подробнее.',
  tooLong: (max: number) => `Сообщение слишком длинное — не больше ${max} символов. Сократите, пожалуйста.`,
  confirm: (text: string) => `Ваш отзыв:\n\n${text}\n\nОтправить?`,
  send: 'Отправить',
  edit: 'Исправить',
  cancel: 'Отмена',
  useButtons: 'Нажмите одну из кнопок под сообщением или напишите текст заново.',
  thanks: 'Спасибо! Отзыв передан администраторам.',
  cancelled: 'Хорошо, отзыв не отправлен.',
  timedOut: 'Вы долго не отвечали, поэтому разговор завершён. Начать заново: /feedback',
} as const);
