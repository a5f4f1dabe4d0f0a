// Russian texts of working hours and conduct in chats (SPEC §3.5–3.7).
import { ownWordsIn } from '../policy/unit-word.js';
import { sayHours } from '../policy/hours/index.js';
import { ruDay } from '../policy/dates.js';
import { person } from '../policy/person-name.js';
import type { PersonalDataKind, RuleId } from '../policy/etiquette/index.js';
import { MODE_TITLES_RU, OFF_HOURS_TITLES_RU, RULE_CLAUSES, RULE_TITLES_RU, type ChatPolicy } from '../policy/chat-policy.js';

/** How to give the bot a right, in MAX's own words for the place and the right. */
const grantRight = (right: string) => `Дайте боту право «${right}»: нажмите на название чата вверху экрана → «Администраторы» → бот.`;

const DAYS_RU = ['', 'пн', 'вт', 'ср', 'чт', 'пт', 'сб', 'вс'];

/** Clause 8.3 of the Sferum order (003) in our words: data about people serve the school's teaching, inside Sferum. */
const CLAUSE_8_3 =
  'По п. 8.3 Порядка взаимодействия в «Сферуме» сведения о людях используются только для учёбы и только там, где они нужны, а не в общем чате.';
/** Clause 8.2 in our words: what opens an account is never passed to others. */
const CLAUSE_8_2 = 'По п. 8.2 Порядка взаимодействия в «Сферуме» логины, пароли и коды для входа никому не передают.';

/** What was found, for the person who posted it: each kind of personal data with its reason (issue 22). */
export const PERSONAL_DATA_EXPLANATIONS: Record<PersonalDataKind, string> = {
  phone: `В сообщении номер телефона. ${CLAUSE_8_3} Номер передайте лично тому, кому он нужен.`,
  snils: `В сообщении номер СНИЛС. ${CLAUSE_8_3} Документы передают лично классному руководителю или через {org:acc}.`,
  passport: `В сообщении паспортные данные. ${CLAUSE_8_3} Документы передают лично классному руководителю или через {org:acc}.`,
  foreign_passport: `В сообщении номер загранпаспорта. ${CLAUSE_8_3} Документы передают лично классному руководителю или через {org:acc}.`,
  card: `В сообщении номер банковской карты. ${CLAUSE_8_3} Реквизиты для сбора денег передайте лично или через родительский комитет.`,
  birth_certificate: `В сообщении номер свидетельства о рождении. ${CLAUSE_8_3} Документы передают лично классному руководителю или через {org:acc}.`,
  medical_policy: `В сообщении номер медицинского полиса. ${CLAUSE_8_3} Документы передают лично медицинскому работнику или классному руководителю.`,
  inn: `В сообщении ИНН человека. ${CLAUSE_8_3} Документы передают лично классному руководителю или в бухгалтерию.`,
  address: `В сообщении домашний адрес. ${CLAUSE_8_3} Где живёт семья, сообщают лично тому, кому это нужно.`,
  health: `В сообщении сведения о здоровье названного человека. ${CLAUSE_8_3} О здоровье ребёнка сообщают лично классному руководителю или медицинскому работнику {org:gen} — не всему чату.`,
  credentials: `В сообщении логин или пароль. ${CLAUSE_8_2} Смените пароль: его уже видели все участники чата.`,
  one_time_code: `В сообщении одноразовый код. ${CLAUSE_8_2} Никому не сообщайте коды из СМС и Госуслуг; если код уже ввёл кто-то другой, смените пароль.`,
};

export const CONDUCT_TEXTS = ownWordsIn({
  remind: (when: string) => `Сейчас нерабочее время. Ваш вопрос увидят ${when}. Спасибо за понимание!`,
  held: (when: string) => `Ваше сообщение в чате придержано: сейчас нерабочее время. Я опубликую его ${when}.`,
  heldPost: (name: string, time: string, text: string) => `Сообщение от ${person(name).gen}, отправлено в ${time}:\n${text}`,
  // Where to grant it: MAX's help (help.max.ru, «Как назначить администратора чата?»): the chat's
  // name at the top → «Администраторы». The right's name: RIGHT_NAMES_RU (src/chats/texts.ts).
  holdFallback: (title: string, right: string) =>
    `В чате «${title}» включён режим «придерживать сообщения», но у бота нет права удалять чужие сообщения — пока напоминаю о рабочем времени. ${grantRight(right)}`,
  cannotDelete: (title: string, right: string) =>
    `В чате «${title}» бот нашёл нарушение, но не может удалять чужие сообщения. ${grantRight(right)} Пока право не выдано, я об этом больше не напоминаю.`,
  staffNudge: (title: string, when: string) => `Вы написали в чат «${title}» в нерабочее время. Хотите, я удалю сообщение и опубликую его ${when}?`,
  staffNudgeYes: 'Да, перенести',
  staffNudgeNo: 'Оставить',
  staffMoved: (when: string) => `Хорошо, сообщение будет опубликовано ${when}.`,
  staffKept: 'Хорошо, сообщение остаётся.',
  violationPrivate: (rule: RuleId, deleted: boolean, title: string, kind?: PersonalDataKind) =>
    `${deleted ? `Ваше сообщение в чате «${title}» удалено` : `Ваше сообщение в чате «${title}» нарушает правила`}: ${RULE_TITLES_RU[rule]}. ${
      rule === 'personal_data' && kind
        ? PERSONAL_DATA_EXPLANATIONS[kind]
        : `Основание — ${RULE_CLAUSES[rule]}.${rule === 'personal_data' ? ' Такие данные передавайте лично.' : ''}`
    }`,
  violationWarn: (name: string) => `${name}, пожалуйста, соблюдайте правила чата. Это повторное нарушение — классный руководитель уведомлён.`,
  curatorReport: (title: string, name: string, rule: RuleId, count: number) =>
    `В чате «${title}» нарушение (${RULE_TITLES_RU[rule]}): ${name}. Нарушений за 30 дней: ${count}.`,
  curatorRemoveOffer: (title: string, name: string, count: number) =>
    `${name} нарушает правила чата «${title}» ${count === 3 ? 'в третий раз' : `уже ${count}-й раз`} за 30 дней. Удалить из чата?`,
  removeBtn: 'Удалить из чата',
  falseAlarmBtn: 'Это ошибка',
  falseAlarmThanks: 'Спасибо, отметил как ложное срабатывание: это поможет настроить правила.',
  falseAlarmAlready: 'Это срабатывание уже отмечено как ошибка.',
  falseAlarmNotYours: 'Отметить ошибку может тот, о ком сообщение, или тот, кто получил отчёт.',
  falseAlarmUnknown: 'Эта кнопка уже неактуальна.',
  removedAuto: (title: string, name: string, count: number) =>
    `${name}${person(name).g(' удалён', ' удалена', ': удаление выполнено —')} из чата «${title}» после ${count === 3 ? 'третьего' : `${count}-го`} нарушения за 30 дней.`,
  removedNote: 'Готово: удаление из чата выполнено.',
  rulesTitle: (title: string) => `Правила чата «${title}»:`,
  rulesGeneral:
    'Правила чатов: вежливое общение без мата и оскорблений; не зовём в запрещённые мессенджеры; вопросы в учебных чатах — в рабочее время; не публикуем персональные данные. Правила конкретного чата — /rules в нём.',
  policyLines: (p: ChatPolicy) => [
    `Вне рабочего времени: ${OFF_HOURS_TITLES_RU[p.offHours]}`,
    ...(Object.keys(p.rules) as RuleId[]).map((r) => `${RULE_TITLES_RU[r]}: ${MODE_TITLES_RU[p.rules[r]]}`),
    `На третье нарушение: ${p.autoRemove ? 'удалять из чата автоматически' : 'предлагать руководителю удалить'}`,
    `Посторонние: ${p.removeStrangers ? 'удалять сразу' : 'сообщать руководителю'}`,
  ],
  policyChanged: 'Готово, настройки чата изменены.',
  hoursShow: (scope: string, start: string, end: string, tz: string, days: number[], off: string[]) =>
    sayHours({ start, end, days }).always && off.length === 0
      ? `Рабочее время ${scope}: круглосуточно, без выходных.`
      : `Рабочее время ${scope}: ${start}–${end} (${tz}), дни: ${days.length === 7 ? 'все' : days.map((d) => DAYS_RU[d]).join(', ')}${off.length ? `; нерабочие даты: ${off.map(ruDay).join(', ')}` : ''}.`,
  hoursUsage: 'Формат: /hours · /hours 08:00-19:00 · /hours дни пн-пт · /hours выходной 30.12.2026 · /hours рабочий 31.12.2026',
  hoursCalendar: 'Праздники и переносы выходных — по производственному календарю России.',
  hoursOwnDays: (off: readonly string[], on: readonly string[]) =>
    [off.length ? `Дополнительные выходные: ${off.map(ruDay).join(', ')}.` : '', on.length ? `Рабочие вопреки календарю: ${on.map(ruDay).join(', ')}.` : '']
      .filter(Boolean)
      .join('\n'),
  hoursChanged: 'Готово, рабочее время изменено.',
  laterPickChat: 'В какой чат отправить сообщение в начале рабочего дня?',
  laterAsk: 'Напишите сообщение одним текстом. /cancel — отменить.',
  laterNoChats: 'Нет чатов, куда вы можете отправить отложенное сообщение.',
  laterNoCurator: 'Не нашёл классного руководителя для вашего вопроса.',
  laterScheduled: (when: string) => `Сообщение будет отправлено ${when}.`,
  laterCancelBtn: 'Отменить отправку',
  laterCancelled: 'Отправка отменена.',
  laterTooLate: 'Это сообщение уже отправлено или отменено.',
  laterQuestion: (name: string, unit: string, text: string) => `Вопрос от родителя ${person(name).gen}${unit ? ` (${unit})` : ''}:\n${text}`,
  reportDialogDone:
    'Спасибо. Сообщение о несанкционированном доступе к вашему аккаунту отправлено администраторам. Смените пароль и проверьте активные сеансы в настройках MAX.',
  reportAdmins: (id: number, name: string) =>
    `Внимание: ${name} (id ${id}) сообщает о несанкционированном доступе к своему аккаунту (п. 4.5.2 Порядка применения сервисов взаимодействия). Свяжитесь с ${person(name).g('ним', 'ней', 'этим человеком')}.`,
  reportAdminsLost: (id: number, name: string) =>
    `Внимание: ${name} (id ${id}) сообщает о потере доступа к своему аккаунту. Свяжитесь с ${person(name).g('ним', 'ней', 'этим человеком')} лично и помогите восстановить доступ.`,
  reportLostDone: 'Спасибо. Администраторы {org:gen} получили ваше сообщение и свяжутся с вами. Доступ к аккаунту восстанавливается через поддержку MAX.',
  reportLimit: 'Вы уже сообщали об этом сегодня несколько раз — администраторы получили сообщения. Если дело срочное, позвоните в {org:acc}.',
  reportOther: (name: string, text: string) => `Сообщение от ${person(name).gen} (через /report):\n${text}`,
  reportOtherDoneCurator: 'Спасибо, сообщение передано классному руководителю.',
  reportOtherDoneAdmins: 'Спасибо, сообщение передано администраторам.',
  /** Sent outside working hours: `when` is the next opening, «24.11.2026 в 07:30». */
  reportOtherSeenAt: (when: string) => `Сейчас нерабочее время: его увидят ${when}.`,
  numbersList: (list: string[]) => ['Открытые телефоны {org:gen} (их можно публиковать в чатах):', ...list.map((n) => `• ${n}`)].join('\n'),
  numbersEmpty: 'Открытых телефонов {org:gen} пока нет. Добавьте: /numbers добавить +7 495 123-45-67',
  numbersUsage: 'Формат: /numbers · /numbers добавить <номер> · /numbers убрать <номер>',
  numbersBad: 'Это не похоже на телефонный номер: нужно от 5 до 15 цифр.',
  numbersAdded: (changed: boolean) => (changed ? 'Готово: этот номер можно публиковать в чатах.' : 'Этот номер уже в списке.'),
  numbersRemoved: (changed: boolean) => (changed ? 'Готово: номер убран из списка.' : 'Такого номера в списке нет.'),
  reportNeedReply: 'Чтобы пожаловаться на сообщение, ответьте на него командой /report.',
  reportChatDone: 'Спасибо, жалоба передана классному руководителю. Ваше сообщение с командой я убрал из чата, чтобы никто не видел, кто пожаловался.',
  reportChatDoneKept: 'Спасибо, жалоба передана классному руководителю. Убрать вашу команду из чата я не смог (нет прав) — при желании удалите её сами.',
  reportRepeat: 'Вы уже пожаловались на это сообщение — классный руководитель получил жалобу. Спасибо!',
  reportDailyLimit: (limit: number) =>
    `Сегодня вы уже отправили столько жалоб, сколько можно за день (${limit}), — классный руководитель их получил и разберётся. Новые жалобы можно будет отправить завтра; если дело срочное, напишите классному руководителю или позвоните в {org:acc}.`,
  reportCurator: (title: string, reporter: string, author: string | null, quote: string | null) =>
    [
      `Жалоба в чате «${title}» от ${person(reporter).gen} на сообщение ${author ? `${person(author).g('участника', 'участницы')} ${person(author).gen}` : 'неизвестного участника'}:`,
      quote ? `«${quote}»` : '(сообщение без текста: вложение или голосовое)',
      'Проверьте переписку.',
    ].join('\n'),
  recordingAsk: (who: string) => `${who} хочет записать видеовстречу (п. 6.5 Порядка взаимодействия в «Сферуме»). Согласны на запись?`,
  recordingYes: 'Даю согласие',
  recordingNo: 'Не даю согласия',
  recordingStatus: (yes: string[], no: string[], silent: string[]) =>
    [
      `Согласие на запись: согласны — ${yes.length}, не согласны — ${no.length}, не ответили — ${silent.length}.`,
      no.length ? `Не согласны: ${no.join(', ')}` : '',
      silent.length ? `Не ответили: ${silent.join(', ')}` : '',
    ]
      .filter(Boolean)
      .join('\n'),
  recordingAllAgreed: 'Все участники согласились на запись.',
  recordingThanks: 'Спасибо, ответ учтён.',
  recordingNotMember: 'Голосовать могут только участники чата.',
  notStudyChat: 'Эта команда работает в привязанном групповом чате.',
  time: (ms: number, tz: string) => new Intl.DateTimeFormat('ru-RU', { timeZone: tz, hour: '2-digit', minute: '2-digit' }).format(new Date(ms)),
} as const);
