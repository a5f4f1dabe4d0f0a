// Russian texts of the school-year rollover (/rollover) and of archiving a unit.
import { ownWordsIn } from '../policy/unit-word.js';
export const ROLLOVER_TEXTS = ownWordsIn({
  title: 'Переход на новый учебный год — проверьте и подтвердите:',
  rule: (finalGrade: number) => `Правило: номер в начале названия +1 (5А → 6А). Выпускной — ${finalGrade} (меняется в /setup).`,
  promote: (from: string, to: string) => `• ${from} → ${to}`,
  keep: (name: string) => `• ${name} — без изменений`,
  graduate: (name: string, pupils: number, parents: number) => `• ${name} → выпуск (учеников: ${pupils}, родителей: ${parents})`,
  noCurators: ' — без руководителя',
  curatorsStay: 'Классные руководители остаются со своими {units:ins}.',
  graduatesLeave:
    'Выпускники и их родители (если других детей в организации нет) выйдут из чатов и получат прощальное сообщение; чаты выпускных {units:gen} отвязываются.',
  edit: 'Изменить: /rollover 5А = 6 «А» · /rollover 10Б выпуск · /rollover Звёздочка = без изменений · /rollover 7Б без руководителя',
  nothing: 'Нет ни одного {unit:gen} — переводить нечего.',
  confirm: 'Применить',
  cancel: 'Отмена',
  usage: 'Формат: /rollover — показать план; /rollover <{unit}> = <новое название>; /rollover <{unit}> выпуск; /rollover <{unit}> без руководителя.',
  notInPlan: (name: string) => `«${name}» нет в плане перехода.`,
  cancelled: 'Переход отменён, ничего не изменено.',
  stale: 'План изменился или устарел. Покажите его снова: /rollover',
  started: 'Переход начат. Когда всё будет готово, я напишу.',
  already: 'Этот переход уже запущен.',
  done: (promoted: number, graduated: number, pupils: number) =>
    `Новый учебный год начат: переведено {units:gen} — ${promoted}, выпущено {units:gen} — ${graduated} (учеников — ${pupils}). Запись в журнале: /audit вид учебный год`,
  goodbye: (unit: string) => `{Unit} ${unit} выпустил{ся|ась|ось}. Спасибо, что были с нами! Вы выведены из чатов организации; ваши данные в боте удалены.`,
  goodbyeArchived: (unit: string) => `«${unit}» закрыт. Вы выведены из его чатов.`,
} as const);
