// Russian texts of the chats feature (SPEC §3.4).
import { CHAT_KIND_TITLES_RU, type ChatKind } from '../../policy/chat-membership.js';

export const RIGHTS_RU: Array<{ right: string[]; missing: string }> = [
  { right: ['read_all_messages'], missing: 'нет права «Читать все сообщения» — бот не сможет проверять этикет и рабочее время' },
  { right: ['add_remove_members'], missing: 'нет права «Добавлять и удалять участников» — бот не сможет сам добавлять и удалять участников' },
  { right: ['delete_message', 'delete'], missing: 'нет права «Удалять сообщения» — бот не сможет удалять нарушения' },
  { right: ['pin_message'], missing: 'нет права «Закреплять сообщения» — бот не закрепит правила чата' },
];

export const CHAT_TEXTS = {
  outsider: 'Здравствуйте! Подключать бота к чатам могут только подтверждённые сотрудники школы — классные руководители, учителя и администраторы. Я выхожу из этого чата.',
  askKind: (who: string) => `Здравствуйте! Меня добавил(а) ${who}. Что это за чат? Выбрать может только тот, кто меня добавил, или администратор.`,
  askUnit: 'Какого класса этот чат?',
  noUnits: 'Нет классов, к которым вы можете привязать чат.',
  notYours: 'Выбрать может только тот, кто добавил бота, или администратор.',
  notAllowedKind: 'Вам нельзя привязать чат такого вида.',
  bound: (kind: ChatKind, unit: string | null) => `Готово: это ${CHAT_KIND_TITLES_RU[kind]}${unit ? ` «${unit}»` : ''}. Я добавлю сюда тех, кто должен здесь быть, и буду следить за составом.`,
  rightsOk: 'Все нужные права у бота есть.',
  rightsMissing: (lines: string[]) => ['Чтобы всё работало, дайте боту права администратора чата:', ...lines.map((l) => `• ${l}`)].join('\n'),
  rules: (start: string, end: string) =>
    [
      'Правила чата',
      '1. Общаемся вежливо: без мата, оскорблений и грубости.',
      '2. Не зовём в мессенджеры, запрещённые для учёбы (Telegram, WhatsApp, Viber, Discord и др.).',
      `3. Вопросы — с ${start} до ${end}; в остальное время ответят утром.`,
      '4. Не публикуем телефоны, СНИЛС, паспортные и банковские данные — пишите их лично.',
    ].join('\n'),
  unbound: 'Чат больше не привязан: я не слежу за его составом.',
  notBound: 'Этот чат ещё не привязан. Команда /bind — выбрать, что это за чат.',
  chatOnly: 'Эта команда работает в групповом чате, куда добавлен бот.',
  botRemoved: (title: string) => `Меня удалили из чата «${title}». Я больше не слежу за его составом.`,
  linkInvite: (title: string, link: string) => `Вас ждут в чате «${title}». Присоединиться: ${link}`,
  addByHand: (title: string, names: string[]) => `Не получилось добавить в чат «${title}» автоматически. Добавьте, пожалуйста, вручную: ${names.join(', ')}.`,
  stranger: (title: string, who: string) => `В чате «${title}» появился человек, которого нет среди подтверждённых участников: ${who}.`,
  strangerRemoved: (title: string, who: string) => `Из чата «${title}» удалён посторонний: ${who}.`,
  removeBtn: 'Удалить',
  keepBtn: 'Оставить гостем',
  kept: 'Оставлен(а) в чате как гость.',
  removed: 'Удалён(а) из чата.',
  removeFailed: 'Не получилось удалить: у бота нет права удалять участников.',
  syncTitle: (title: string) => `Сверка чата «${title}»:`,
  syncClean: 'Состав в порядке.',
  syncMissing: (names: string[]) => `Нет в чате (${names.length}): ${names.join(', ')}`,
  syncStrangers: (names: string[]) => `Посторонние (${names.length}): ${names.join(', ')}`,
  addMissingBtn: 'Добавить недостающих',
  chatsTitle: 'Привязанные чаты:',
  chatsEmpty: 'Привязанных чатов нет. Создайте чат в MAX, добавьте бота администратором и выберите, что это за чат.',
  chatLine: (title: string, kind: ChatKind, health: string) => `• «${title}» — ${CHAT_KIND_TITLES_RU[kind]}${health ? `; ${health}` : ''}`,
  activistUsage: 'Формат: /activist <фамилия или часть ФИО> — отметить члена родительского или ученического актива.',
  activistPick: 'Кого отметить (или снять отметку) актива?',
  activistOn: (name: string) => `${name} — в активе.`,
  activistOff: (name: string) => `${name} — больше не в активе.`,
} as const;
