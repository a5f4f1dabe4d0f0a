// Russian texts of the chats feature (SPEC §3.4).
import { ownWordsIn } from '../policy/unit-word.js';
import { sayHours, type HoursWindow } from '../policy/hours/index.js';
import { person } from '../policy/person-name.js';
import { CHAT_KIND_TITLES_RU, type ChatKind } from '../policy/chat-membership.js';
import type { GroupChatType, NeededRight } from '../policy/chat-rights.js';

/**
 * The bot's rights named as MAX names them. The names are MAX's own Russian names of the
 * permissions in its Bot API documentation's list of admin rights («read_all_messages —
 * Читать все сообщения», «add_remove_members — Добавлять/удалять участников»,
 * «pin_message — Закреплять сообщения», «write — Писать сообщения», «delete_message —
 * Удалять сообщения»). What each one allows in a group chat or a channel is MAX's
 * ChatAdminPermission description (see src/policy/chat-rights.ts): in a group chat the
 * right to delete others' messages is `write`, so it is named «Писать сообщения» and
 * its meaning is said, since the name does not tell it.
 */
export const RIGHT_NAMES_RU: Record<GroupChatType, Record<NeededRight, string>> = {
  chat: { read: 'Читать все сообщения', members: 'Добавлять и удалять участников', moderate: 'Писать сообщения', pin: 'Закреплять сообщения' },
  channel: { read: 'Читать все сообщения', members: 'Добавлять и удалять участников', moderate: 'Удалять сообщения', pin: 'Закреплять сообщения' },
};

const RIGHT_EFFECTS_RU: Record<NeededRight, string> = {
  read: 'бот не сможет проверять этикет и рабочее время',
  members: 'бот не сможет удалять из чата посторонних',
  moderate: 'бот не сможет удалять нарушения',
  pin: 'бот не закрепит правила чата',
};

/** One line of a rights report: which right is missing and what the bot cannot do without it. */
export function missingRightLine(type: GroupChatType, need: NeededRight): string {
  const meaning = type === 'chat' && need === 'moderate' ? ' (в групповом чате MAX это право и удалять чужие сообщения)' : '';
  return `нет права «${RIGHT_NAMES_RU[type][need]}»${meaning} — ${RIGHT_EFFECTS_RU[need]}`;
}

export const CHAT_TEXTS = ownWordsIn({
  // Binding. MAX no longer says who added the bot (since November 2026): the right to
  // bind comes from being a verified staff member and an admin of the chat in MAX.
  greeting: (asked: boolean) =>
    [
      'Здравствуйте! Я бот {org:gen} в MAX.',
      'Настроить меня может подтверждённый сотрудник {org:gen} — администратор этого чата: команда /bind в этом чате.',
      asked ? 'Администраторам чата из числа сотрудников я уже написал в личные сообщения.' : '',
      'Если чат не настроят в течение суток, я выйду из него.',
    ]
      .filter(Boolean)
      .join('\n'),
  askKindPrivately: (title: string) => `Меня добавили в чат «${title}», где вы администратор. Что это за чат?`,
  askKind: 'Что это за чат? Выбрать может сотрудник {org:gen} — администратор этого чата.',
  askUnit: '{Какого|Какой|Какого} {unit:gen} этот чат?',
  noUnits: 'Нет {units:gen}, к которым вы можете привязать чат.',
  notYours: 'Настроить чат может подтверждённый сотрудник {org:gen} — администратор этого чата в MAX.',
  staleButton: 'Эта кнопка уже неактуальна.',
  boundPrivately: (title: string) => `Чат «${title}» настроен.`,
  leftUnbound: 'За сутки чат так и не настроили, поэтому я выхожу из него. Чтобы подключить бота снова, добавьте его администратором и отправьте /bind.',
  rightsChanged: (title: string, lines: string[]) => [`В чате «${title}» у бота изменились права.`, ...lines.map((l) => `• ${l}`)].join('\n'),
  rightsRestored: (title: string) => `В чате «${title}» у бота снова есть все нужные права.`,
  notAllowedKind: 'Вам нельзя привязать чат такого вида.',
  bound: (kind: ChatKind, unit: string | null) =>
    `Готово: это ${CHAT_KIND_TITLES_RU[kind]}${unit ? ` «${unit}»` : ''}. Тем, кто должен здесь быть, я пришлю ссылку на этот чат и буду следить за составом.`,
  rightsOk: 'Все нужные права у бота есть.',
  rightsMissing: (lines: string[]) => ['Чтобы всё работало, дайте боту права администратора чата:', ...lines.map((l) => `• ${l}`)].join('\n'),
  rules: (hours: HoursWindow) =>
    [
      'Правила чата',
      '1. Общаемся вежливо: без мата, оскорблений и грубости.',
      '2. Не зовём в мессенджеры, запрещённые для учёбы (Telegram, WhatsApp, Viber, Discord и др.).',
      sayHours(hours).always ? '3. Вопросы — в любое время.' : `3. Вопросы — ${sayHours(hours).text}; в остальное время ответят утром.`,
      '4. Не публикуем телефоны, СНИЛС, паспортные и банковские данные — пишите их лично.',
    ].join('\n'),
  unbound: 'Чат больше не привязан: я не слежу за его составом.',
  notBound: 'Этот чат ещё не привязан. Команда /bind — выбрать, что это за чат.',
  chatOnly: 'Эта команда работает в групповом чате, куда добавлен бот.',
  botRemoved: (title: string) => `Меня удалили из чата «${title}». Я больше не слежу за его составом.`,
  linkInvite: (title: string) => `Вас ждут в чате «${title}». Нажмите кнопку, чтобы вступить.`,
  linkReminder: (title: string) => `Напоминаю: вас ждут в чате «${title}». Нажмите кнопку, чтобы вступить.`,
  joinBtn: 'Вступить в чат',
  addByHand: (title: string, names: string[]) =>
    `У чата «${title}» нет ссылки-приглашения, а боты в MAX не могут добавлять участников сами. Добавьте, пожалуйста, вручную или пришлите им ссылку на чат: ${names.join(', ')}.`,
  stranger: (title: string, who: string) => `В чате «${title}» появился человек, которого нет среди подтверждённых участников: ${who}.`,
  strangerRemoved: (title: string, who: string) =>
    `Из чата «${title}» ${person(who).g('удалён посторонний', 'удалена посторонняя', 'удалён посторонний участник')}: ${who}.`,
  removeBtn: 'Удалить',
  removeWhoBtn: (name: string) => `Удалить: ${name}`,
  keepBtn: 'Оставить гостем',
  kept: 'Решено: остаётся в чате как гость.',
  removed: 'Решено: удаление из чата выполнено.',
  removeFailed: 'Не получилось удалить: у бота нет права удалять участников.',
  syncTitle: (title: string) => `Сверка чата «${title}»:`,
  bindReportTitle: (title: string) => `Чат «${title}» привязан. Кто в нём сейчас:`,
  syncClean: 'Состав в порядке.',
  /** Progress of a /sync of several chats: one message, edited as it goes. */
  syncProgress: (n: number, total: number) => `Сверяю ${n} ${chatsWord(n)} из ${total}…`,
  syncDone: (total: number) => `Сверка закончена: ${total} ${chatsWord(total)}. Отчёты — отдельными сообщениями.`,
  syncFailed: (title: string) => `Чат «${title}» сейчас не проверить: возможно, бота из него удалили или у него нет прав.`,
  syncMissing: (names: string[]) => `Нет в чате (${names.length}): ${names.join(', ')}`,
  syncNotJoined: (names: string[]) => `Ссылка отправлена, не вступили (${names.length}): ${names.join(', ')}`,
  syncStrangers: (names: string[]) => `Посторонние (${names.length}): ${names.join(', ')}`,
  addMissingBtn: 'Пригласить недостающих',
  remindBtn: 'Напомнить ещё раз',
  remindChatBtn: (title: string) => `Напомнить: «${title}»`,
  reminded: (n: number) => `Напоминание со ссылкой получат: ${n}.`,
  invitesQueued: 'Приглашения отправляются.',
  nobodyToRemind: 'Некому напоминать: все вступили.',
  chatsTitle: 'Привязанные чаты:',
  chatsEmpty: 'Привязанных чатов нет. Создайте чат в MAX, добавьте бота администратором и выберите, что это за чат.',
  chatLine: (title: string, kind: ChatKind, health: string) => `• «${title}» — ${CHAT_KIND_TITLES_RU[kind]}${health ? `; ${health}` : ''}`,
  joinedCount: (n: number) => `вступили: ${n}`,
  missingTitle: 'Не хватает обязательных чатов (у {unit:gen} — чаты учеников, родителей и педагогов):',
  missingLine: (unit: string, kinds: ChatKind[]) => `• ${unit}: ${kinds.map((k) => CHAT_KIND_TITLES_RU[k]).join(', ')}`,
  notJoinedLine: (names: string[]) => `  не вступили (${names.length}): ${names.join(', ')}`,
  activistUsage: 'Формат: /activist <фамилия или часть ФИО> — отметить члена родительского или ученического актива.',
  activistPick: 'Кого отметить (или снять отметку) актива?',
  nobodyFound: (query: string) => `Никого не нашёл по запросу «${query}».`,
  activistOn: (name: string) => `${name} — в активе.`,
  activistOff: (name: string) => `${name} — больше не в активе.`,
} as const);

/** «чат», «чата», «чатов» after a number. */
function chatsWord(n: number): string {
  const d = n % 10;
  const dd = n % 100;
  if (d === 1 && dd !== 11) return 'чат';
  if (d >= 2 && d <= 4 && (dd < 12 || dd > 14)) return 'чата';
  return 'чатов';
}
