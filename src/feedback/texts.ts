// Russian texts of feedback as the admins see it (/feedback list, the message they get).
import { ownWordsIn } from '../policy/unit-word.js';
import { person } from '../policy/person-name.js';
export const FEEDBACK_DESK_TEXTS = ownWordsIn({
  toAdmins: (name: string | null, userId: number, text: string) =>
    `Отзыв о работе бота от ${name ? `${person(name).gen} (id ${userId})` : `id ${userId}`}:\n\n${text}\n\nВсе отзывы: /feedback список`,
  author: (name: string | null, userId: number) => (name ? `${name} (id ${userId})` : `id ${userId}`),
  listTitle: 'Последние отзывы (новые сверху):',
  listEmpty: 'Отзывов пока нет.',
  listLine: (when: string, author: string, text: string) => `• ${when}, ${author}:\n${text}`,
  listAdminsOnly: 'Читать отзывы могут только администраторы. Оставить отзыв: /feedback',
  usage: 'Формат: /feedback — оставить отзыв; /feedback список [N] — последние отзывы (для администраторов).',
} as const);
