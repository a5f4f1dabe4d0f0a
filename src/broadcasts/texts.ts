// Russian texts of /post (broadcasts and posts to system channels).
import { ownWordsIn } from '../policy/unit-word.js';
import { ruDateTime } from '../policy/dates.js';
import { POST_MAX_FILE_BYTES, POST_MAX_MEDIA, type MediaProblem } from '../bot/media.js';

export const POST_MAX_TEXT = 3900;

export const GROUP_TITLES_RU = {
  all: 'Все',
  staff: 'Сотрудники',
  parents: 'Родители',
  students: 'Ученики',
} as const;

export type PostGroup = keyof typeof GROUP_TITLES_RU;

const UNSUPPORTED_RU: Record<string, string> = {
  video: 'Видео',
  audio: 'Аудио',
  sticker: 'Стикер',
  contact: 'Контакт',
  location: 'Геолокацию',
  share: 'Ссылку-превью',
};

const mb = (bytes: number) => (Math.round((bytes / 1024 / 1024) * 10) / 10).toLocaleString('ru-RU');

export const POST_TEXTS = ownWordsIn({
  pickAudience: 'Кому отправить? Выберите канал или группу людей. /cancel — отменить.',
  channelButton: (title: string) => `Канал «${title}»`,
  pickClasses: (orgWide: boolean) =>
    orgWide
      ? 'Выберите {units:acc} (можно несколько) и нажмите «Дальше». Без выбора — вся организация. Можно написать название {unit:gen}.'
      : 'Выберите свои {units:acc} (можно несколько) и нажмите «Дальше». Можно написать название {unit:gen}.',
  next: 'Дальше',
  noClassChosen: 'Выберите хотя бы {один|одну|одно} {unit:acc}.',
  unknownClass: (name: string, list: string) => `{Unit:gen} «${name}» нет среди доступных вам: ${list}.`,
  ask: 'Напишите текст сообщения одним сообщением. Можно приложить фото или файл.',
  empty: 'Сообщение пустое — напишите текст или приложите фото или файл.',
  mediaProblem: (p: MediaProblem) =>
    p.kind === 'unsupported'
      ? `${UNSUPPORTED_RU[p.what] ?? 'Такое вложение'} в рассылку отправить нельзя: только текст, фото и файлы.`
      : p.kind === 'tooMany'
        ? `Вложений слишком много: ${p.count}, можно не больше ${POST_MAX_MEDIA}.`
        : p.kind === 'tooBig'
          ? `Файл «${p.filename.slice(0, 80)}» слишком большой: ${mb(p.size)} МБ, можно не больше ${mb(POST_MAX_FILE_BYTES)} МБ.`
          : `Файл «${p.filename.slice(0, 80)}» — программа или установщик, такие файлы в рассылку не отправляются.`,
  tooLong: (n: number) => `Слишком длинно: ${n} символов, можно не больше ${POST_MAX_TEXT}. Сократите, пожалуйста.`,
  previewIntro: 'Так сообщение будет выглядеть у получателей:',
  confirm: (audience: string) => `Получатели: ${audience}. Отправить?`,
  send: 'Отправить',
  edit: 'Изменить текст',
  cancel: 'Отмена',
  cancelled: 'Рассылка отменена, ничего не отправлено.',
  useButtons: 'Пожалуйста, выберите кнопкой.',
  timedOut: 'Рассылка не отправлена: вы долго не отвечали.',
  noAudiences: 'Вам пока некому отправлять: нет своих {units:gen} и привязанных каналов.',

  audienceChannel: (title: string) => `канал «${title}»`,
  audiencePeople: (group: PostGroup, classes: string[]) =>
    `${GROUP_TITLES_RU[group].toLowerCase()}${classes.length > 0 ? ` (${classes.join(', ')})` : ' (вся организация)'}`,
  notAllowed: 'Этой аудитории вы отправлять не можете: классный руководитель пишет только родителям и ученикам своих {units:gen}.',
  channelGone: 'Этот канал больше не привязан. Начните заново: /post.',
  noRecipients: 'Получателей не нашлось: в выбранной группе пока нет подтверждённых людей.',
  queuedNow: (n: number) => `Рассылка запущена: получателей — ${n}. Когда закончится, пришлю отчёт.`,
  queuedLater: (n: number, at: number, zone: string) =>
    `Сейчас нерабочее время. Рассылка (получателей — ${n}) уйдёт ${ruDateTime(at, zone)}; потом пришлю отчёт.`,
  cancelButton: 'Остановить рассылку',
  cancelDone: 'Рассылка остановлена. Отчёт о том, что успело уйти, — следующим сообщением.',
  cancelTooLate: 'Рассылка уже закончилась.',
  report: (c: { total: number; ok: number; failed: number; cancelled: boolean; halted?: 'attachment' | null }) =>
    [
      c.halted === 'attachment'
        ? 'Рассылка остановлена: MAX не принял фото или файл (возможно, его удалили). Отправьте пост заново: /post.'
        : c.cancelled
          ? 'Рассылка остановлена.'
          : 'Рассылка завершена.',
      `Доставлено: ${c.ok} из ${c.total}.`,
      c.failed > 0 ? `Не доставлено: ${c.failed} (бот заблокирован, чат недоступен или доставку нельзя было проверить).` : '',
      c.cancelled && c.total - c.ok - c.failed > 0 ? `Не отправлено из-за остановки: ${c.total - c.ok - c.failed}.` : '',
    ]
      .filter(Boolean)
      .join('\n'),
  failedButton: 'Кому не доставлено',
  failedList: (lines: string[]) => ['Не доставлено:', ...lines].join('\n'),
  failedNone: 'Все сообщения доставлены.',
  failedReason: (code: string) =>
    code.startsWith('403')
      ? 'бот заблокирован'
      : code.startsWith('404')
        ? 'чат не найден'
        : code === 'unverified'
          ? 'не удалось проверить доставку'
          : code.startsWith('400') && code.includes('attachment')
            ? 'вложение не принято'
            : code,
});
