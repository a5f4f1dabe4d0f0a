// Russian texts of /post (broadcasts and posts to system channels).

export const POST_MAX_TEXT = 3900;

export const GROUP_TITLES_RU = {
  all: 'Все',
  staff: 'Сотрудники',
  parents: 'Родители',
  students: 'Ученики',
} as const;

export type PostGroup = keyof typeof GROUP_TITLES_RU;

const ruTime = (ms: number, zone: string) =>
  new Intl.DateTimeFormat('ru-RU', { timeZone: zone, day: '2-digit', month: '2-digit', hour: '2-digit', minute: '2-digit' }).format(new Date(ms));

export const POST_TEXTS = {
  pickAudience: 'Кому отправить? Выберите канал или группу людей. /cancel — отменить.',
  channelButton: (title: string) => `Канал «${title}»`,
  pickClasses: (orgWide: boolean) =>
    orgWide
      ? 'Выберите классы (можно несколько) и нажмите «Дальше». Без выбора — вся организация. Можно написать название класса.'
      : 'Выберите свои классы (можно несколько) и нажмите «Дальше». Можно написать название класса.',
  next: 'Дальше',
  noClassChosen: 'Выберите хотя бы один класс.',
  unknownClass: (name: string, list: string) => `Класса «${name}» нет среди доступных вам: ${list}.`,
  ask: 'Напишите текст сообщения одним сообщением.',
  empty: 'Сообщение пустое — напишите текст.',
  tooLong: (n: number) => `Слишком длинно: ${n} символов, можно не больше ${POST_MAX_TEXT}. Сократите, пожалуйста.`,
  previewIntro: 'Так сообщение будет выглядеть у получателей:',
  confirm: (audience: string) => `Получатели: ${audience}. Отправить?`,
  send: 'Отправить',
  edit: 'Изменить текст',
  cancel: 'Отмена',
  cancelled: 'Рассылка отменена, ничего не отправлено.',
  useButtons: 'Пожалуйста, выберите кнопкой.',
  timedOut: 'Рассылка не отправлена: вы долго не отвечали.',
  noAudiences: 'Вам пока некому отправлять: нет своих классов и привязанных каналов.',

  audienceChannel: (title: string) => `канал «${title}»`,
  audiencePeople: (group: PostGroup, classes: string[]) =>
    `${GROUP_TITLES_RU[group].toLowerCase()}${classes.length > 0 ? ` (${classes.join(', ')})` : ' (вся организация)'}`,
  notAllowed: 'Этой аудитории вы отправлять не можете: классный руководитель пишет только родителям и ученикам своих классов.',
  channelGone: 'Этот канал больше не привязан. Начните заново: /post.',
  noRecipients: 'Получателей не нашлось: в выбранной группе пока нет подтверждённых людей.',
  queuedNow: (n: number) => `Рассылка запущена: получателей — ${n}. Когда закончится, пришлю отчёт.`,
  queuedLater: (n: number, at: number, zone: string) => `Сейчас нерабочее время. Рассылка (получателей — ${n}) уйдёт ${ruTime(at, zone)}; потом пришлю отчёт.`,
  cancelButton: 'Остановить рассылку',
  cancelDone: 'Рассылка остановлена. Отчёт о том, что успело уйти, — следующим сообщением.',
  cancelTooLate: 'Рассылка уже закончилась.',
  report: (c: { total: number; ok: number; failed: number; cancelled: boolean }) =>
    [
      c.cancelled ? 'Рассылка остановлена.' : 'Рассылка завершена.',
      `Доставлено: ${c.ok} из ${c.total}.`,
      c.failed > 0 ? `Не доставлено: ${c.failed} (бот заблокирован, чат недоступен или доставку нельзя было проверить).` : '',
      c.cancelled && c.total - c.ok - c.failed > 0 ? `Не отправлено из-за остановки: ${c.total - c.ok - c.failed}.` : '',
    ].filter(Boolean).join('\n'),
  failedButton: 'Кому не доставлено',
  failedList: (lines: string[]) => ['Не доставлено:', ...lines].join('\n'),
  failedNone: 'Все сообщения доставлены.',
  failedReason: (code: string) => (code.startsWith('403') ? 'бот заблокирован' : code.startsWith('404') ? 'чат не найден' : code === 'unverified' ? 'не удалось проверить доставку' : code),
};
