// Russian texts of working hours and conduct in chats (SPEC §3.5–3.7).
import type { RuleId } from '../../policy/etiquette/index.js';
import { MODE_TITLES_RU, OFF_HOURS_TITLES_RU, RULE_CLAUSES, RULE_TITLES_RU, type ChatPolicy } from '../../policy/chat-policy.js';

const DAYS_RU = ['', 'пн', 'вт', 'ср', 'чт', 'пт', 'сб', 'вс'];

export const CONDUCT_TEXTS = {
  remind: (when: string) => `Сейчас нерабочее время. Ваш вопрос увидят ${when}. Спасибо за понимание!`,
  held: (when: string) => `Ваше сообщение в чате придержано: сейчас нерабочее время. Я опубликую его ${when}.`,
  heldPost: (name: string, time: string, text: string) => `Сообщение от ${name}, отправлено в ${time}:\n${text}`,
  holdFallback: (title: string) => `В чате «${title}» включён режим «придерживать сообщения», но у бота нет права удалять сообщения — пока напоминаю о рабочем времени. Дайте боту право «Удалять сообщения».`,
  staffNudge: (title: string, when: string) => `Вы написали в чат «${title}» в нерабочее время. Хотите, я удалю сообщение и опубликую его ${when}?`,
  staffNudgeYes: 'Да, перенести',
  staffNudgeNo: 'Оставить',
  staffMoved: (when: string) => `Хорошо, сообщение будет опубликовано ${when}.`,
  staffKept: 'Хорошо, сообщение остаётся.',
  violationPrivate: (rule: RuleId, deleted: boolean, title: string) =>
    `${deleted ? 'Ваше сообщение в чате «' + title + '» удалено' : 'Ваше сообщение в чате «' + title + '» нарушает правила'}: ${RULE_TITLES_RU[rule]}. Основание — ${RULE_CLAUSES[rule]}.${rule === 'personal_data' ? ' Такие данные передавайте лично.' : ''}`,
  violationWarn: (name: string) => `${name}, пожалуйста, соблюдайте правила чата. Это повторное нарушение — классный руководитель уведомлён.`,
  curatorReport: (title: string, name: string, rule: RuleId, count: number) => `В чате «${title}» нарушение (${RULE_TITLES_RU[rule]}): ${name}. Нарушений за 30 дней: ${count}.`,
  curatorRemoveOffer: (title: string, name: string) => `${name} нарушает правила чата «${title}» в третий раз. Удалить из чата?`,
  removeBtn: 'Удалить из чата',
  removedAuto: (title: string, name: string) => `${name} удалён(а) из чата «${title}» после третьего нарушения.`,
  removedNote: 'Удалён(а) из чата.',
  rulesTitle: (title: string) => `Правила чата «${title}»:`,
  rulesGeneral: 'Правила чатов: вежливое общение без мата и оскорблений; не зовём в запрещённые мессенджеры; вопросы в учебных чатах — в рабочее время; не публикуем персональные данные. Правила конкретного чата — /rules в нём.',
  policyLines: (p: ChatPolicy) => [
    `Вне рабочего времени: ${OFF_HOURS_TITLES_RU[p.offHours]}`,
    ...(Object.keys(p.rules) as RuleId[]).map((r) => `${RULE_TITLES_RU[r]}: ${MODE_TITLES_RU[p.rules[r]]}`),
    `На третье нарушение: ${p.autoRemove ? 'удалять из чата автоматически' : 'предлагать руководителю удалить'}`,
    `Посторонние: ${p.removeStrangers ? 'удалять сразу' : 'сообщать руководителю'}`,
  ],
  policyChanged: 'Готово, настройки чата изменены.',
  hoursShow: (scope: string, start: string, end: string, tz: string, days: number[], off: string[]) =>
    `Рабочее время ${scope}: ${start}–${end} (${tz}), дни: ${days.length === 7 ? 'все' : days.map((d) => DAYS_RU[d]).join(', ')}${off.length ? `; нерабочие даты: ${off.join(', ')}` : ''}.`,
  hoursUsage: 'Формат: /hours · /hours 08:00-19:00 · /hours days mon-fri · /hours off 2026-12-31',
  hoursChanged: 'Готово, рабочее время изменено.',
  laterPickChat: 'В какой чат отправить сообщение в начале рабочего дня?',
  laterAsk: 'Напишите сообщение одним текстом. /cancel — отменить.',
  laterNoChats: 'Нет чатов, куда вы можете отправить отложенное сообщение.',
  laterNoCurator: 'Не нашёл классного руководителя для вашего вопроса.',
  laterScheduled: (when: string) => `Сообщение будет отправлено ${when}.`,
  laterCancelBtn: 'Отменить отправку',
  laterCancelled: 'Отправка отменена.',
  laterTooLate: 'Это сообщение уже отправлено или отменено.',
  laterQuestion: (name: string, unit: string, text: string) => `Вопрос от родителя ${name}${unit ? ` (${unit})` : ''}:\n${text}`,
  reportDialogDone: 'Спасибо. Сообщение о несанкционированном доступе к вашему аккаунту отправлено администраторам. Смените пароль и проверьте активные сеансы в настройках MAX.',
  reportAdmins: (id: number, name: string) => `Внимание: ${name} (id ${id}) сообщает о несанкционированном доступе к своему аккаунту (п. 4.5.2 Порядка применения сервисов взаимодействия). Свяжитесь с ним.`,
  reportNeedReply: 'Чтобы пожаловаться на сообщение, ответьте на него командой /report.',
  reportChatDone: 'Спасибо, жалоба передана классному руководителю.',
  reportCurator: (title: string, reporter: string, author: string) => `Жалоба в чате «${title}»: ${reporter} пожаловался(ась) на сообщение участника ${author}. Проверьте переписку.`,
  recordingAsk: (who: string) => `${who} хочет записать видеовстречу (п. 6.5 Порядка взаимодействия в «Сферуме»). Согласны на запись?`,
  recordingYes: 'Согласен(на)',
  recordingNo: 'Не согласен(на)',
  recordingStatus: (yes: string[], no: string[], silent: string[]) =>
    [`Согласие на запись: согласны — ${yes.length}, не согласны — ${no.length}, не ответили — ${silent.length}.`, no.length ? `Не согласны: ${no.join(', ')}` : '', silent.length ? `Не ответили: ${silent.join(', ')}` : ''].filter(Boolean).join('\n'),
  recordingAllAgreed: 'Все участники согласились на запись.',
  recordingThanks: 'Спасибо, ответ учтён.',
  recordingNotMember: 'Голосовать могут только участники чата.',
  notStudyChat: 'Эта команда работает в привязанном групповом чате.',
  time: (ms: number, tz: string) => new Intl.DateTimeFormat('ru-RU', { timeZone: tz, hour: '2-digit', minute: '2-digit' }).format(new Date(ms)),
} as const;
