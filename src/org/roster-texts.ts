// Russian texts of the roster import (/roster).
import { ownWordsIn } from '../policy/unit-word.js';
import { person } from '../policy/person-name.js';
export const ROSTER_TEXTS = ownWordsIn({
  howTo: [
    'Загрузка списков {units:gen}. Заполните шаблон (он придёт следующим сообщением): по строке на ученика, столбцы «Класс», «Фамилия», «Имя», «Отчество» (отчество — если есть).',
    'Пришлите файл сюда, в этот диалог: Excel (.xlsx) или CSV, до 2 МБ и 3000 строк. Я покажу, что получилось, и попрошу подтвердить.',
    'Списки видят только те, кто подтверждает заявки {unit:gen}; ученик уходит из списка, когда его заявку подтвердят.',
  ].join('\n'),
  exampleRow: ['5А', 'Иванов', 'Пётр', 'Сергеевич'],
  templateCaption: 'Шаблон списка {unit:gen} — во вложении.',
  templateFile: 'spisok-klassa.xlsx',
  notAFile: 'Пришлите список файлом (.xlsx или .csv). Шаблон — /roster',
  wrongType: 'Этот файл не подходит: нужен Excel (.xlsx) или CSV (.csv). Шаблон — /roster',
  tooBig: 'Файл больше 2 МБ. Разделите список на несколько файлов.',
  unreadableXlsx: 'Не получилось прочитать файл как таблицу Excel (.xlsx). Сохраните его заново в Excel и пришлите ещё раз.',
  unreadableCsv: 'Не получилось прочитать CSV-файл. Сохраните его как «CSV UTF-8» и пришлите ещё раз.',
  problems: 'Список не принят, исправьте файл:',
  moreProblems: (n: number) => `…и ещё ошибок: ${n}.`,
  fixAndResend: 'Исправьте и пришлите файл ещё раз (сначала /roster).',
  previewTitle: (units: number, pupils: number) => `В файле: {units:gen} — ${units}, учеников — ${pupils}.`,
  unitLine: (unit: string, n: number, isNew: boolean) => `• ${unit} — ${n}${isNew ? ' (нов{ый|ая|ое} {unit})' : ''}`,
  firstRows: 'Первые строки:',
  row: (line: number, unit: string, name: string) => `${line}. ${unit} — ${name}`,
  askApply: 'Применить? Будут созданы недостающие {units}, ученики попадут в списки ожидаемых.',
  apply: 'Применить',
  cancel: 'Отмена',
  stale: 'Этот список уже применён или устарел. Пришлите файл снова: /roster',
  cancelled: 'Отменено, ничего не изменено.',
  applied: (units: number, created: number, pupils: number) => `Готово: {units:gen} в списке — ${units} (новых — ${created}), ожидаемых учеников — ${pupils}.`,
  cardListed: (name: string) => `По списку {unit:gen}: есть — ${name}`,
  cardNotListed: (name: string) =>
    `По списку {unit:gen}: ${person(name).g('не найден — проверьте, знаете ли вы этого ученика', 'не найдена — проверьте, знаете ли вы эту ученицу')}.`,
  cardChildListed: (name: string) => `Ребёнок есть в списке {unit:gen} (ещё не присоединился): ${name}`,
} as const);
