// Russian texts of a parent's consent for a pupil (152-FZ art. 9: for a child, a legal
// representative consents) and of the note staff get when someone refuses consent.
import { ownWordsIn } from '../policy/unit-word.js';
import { person } from '../policy/person-name.js';
import { ROLE_TITLES_RU, type Role } from '../policy/roles.js';

/** The offline ways the school keeps open for a person without the chats (the regulation's list). */
const OFFLINE = 'очные встречи с педагогами по договорённости, родительские собрания, информация на сайте и стендах {org:gen}';

export const CONSENT_TEXTS = ownWordsIn({
  // --- the pupil ---
  pupilRules: 'Вам ещё нет нужного возраста, поэтому согласие на обработку ваших данных даёт родитель. После заявки мы попросим его подтвердить.',
  pupilWaitsParent:
    'Спасибо! Заявка отправлена. Мы попросили вашего родителя подтвердить согласие на обработку ваших данных; после этого и решения классного руководителя я сообщу, что всё готово.',
  pupilNeedsParent: [
    'Спасибо! Заявка отправлена, но ждёт согласия родителя на обработку ваших данных.',
    'Попросите родителя присоединиться к боту по приглашению вашего {unit:gen} (его даёт классный руководитель) и подтвердить согласие — или передать в {org:acc} письменное согласие.',
  ].join('\n'),

  /** Filed outside working hours: `when` is the next opening, «09.03.2026 в 07:30». */
  pupilSeenAt: (when: string) => `Сейчас нерабочее время: заявку увидят ${when}.`,

  // --- the parent ---
  askParent: (pupil: string, unit: string) =>
    [
      `${pupil} просит подключить к чатам {unit:gen} ${unit}.`,
      'Для этого {org} будет обрабатывать ФИО, роль, {unit:acc} и id в MAX ребёнка. По закону за ребёнка согласие даёт родитель.',
      'Даёте согласие на обработку персональных данных вашего ребёнка?',
    ].join('\n'),
  parentYes: 'Даю согласие',
  parentNo: 'Не даю согласия',
  parentThanks: 'Спасибо, согласие записано.',
  parentRefused: `Поняли вас: без согласия ребёнок не будет подключён к чатам. Классный руководитель узнает об этом и предложит другие формы связи: ${OFFLINE}.`,
  notYourChild: 'Подтвердить согласие может только родитель этого ученика.',

  // --- reviewers ---
  cardMissing: (asked: boolean, pupil: string) =>
    `Согласие родителя: нет.${asked ? ' Родителя попросили подтвердить.' : ' Родитель пока не присоединился.'} Без него ${person(pupil).g('ученик не будет подтверждён', 'ученица не будет подтверждена', 'заявку не подтвердить')}.`,
  cardGot: (by: 'parent' | 'school') => `Согласие родителя: ${by === 'parent' ? 'подтверждено родителем в боте' : 'письменное, есть в {org:loc}'}.`,
  writtenButton: 'Есть письменное согласие родителя',
  held: (pupil: string, asked: boolean) =>
    [
      `${pupil}: заявка одобрена, но ${person(pupil).g('ученик будет подтверждён', 'ученица будет подтверждена')} только после согласия родителя.`,
      asked ? 'Родителя попросили подтвердить в боте.' : 'Родитель ещё не присоединился к боту.',
      'Если письменное согласие родителя есть в {org:loc}, нажмите кнопку.',
    ].join('\n'),
  heldLine: 'Ждём согласия родителя.',
  heldPanel: (pupil: string) =>
    `${pupil}: заявка одобрена, но ${person(pupil).g('ученик будет подтверждён', 'ученица будет подтверждена')} только после согласия родителя. Если письменное согласие есть в {org:loc}, нажмите «Есть письменное согласие родителя» в карточке заявки в боте (/requests).`,
  writtenDone: (pupil: string) =>
    `Письменное согласие родителя записано. ${pupil}${person(pupil).g(' подтверждён.', ' подтверждена.', ': заявка подтверждена.')}`,
  parentConsented: (pupil: string) => `Родитель дал согласие на обработку данных ${person(pupil).gen}. Заявка ждёт вашего решения: /requests`,
  parentConsentedApproved: (pupil: string) => `Родитель дал согласие: ${pupil}${person(pupil).g(' подтверждён.', ' подтверждена.', ': заявка подтверждена.')}`,
  parentRefusedNote: (pupil: string, unit: string | null) =>
    `Родитель не дал согласия на обработку данных ${person(pupil).gen}${unit ? ` (${unit})` : ''}. ${person(pupil).g('Ученик не будет подключён', 'Ученица не будет подключена', 'Ребёнок не будет подключён')} к чатам; предложите семье другие формы связи: ${OFFLINE}. Заявку можно отклонить: /requests`,

  // --- a refusal of consent in the join flow, to the curator or the admins ---
  refusalNote: (name: string, role: Role, unit: string | null) =>
    [
      `${name} (${ROLE_TITLES_RU[role].toLowerCase()}${unit ? `, ${unit}` : ''})${person(name).g(' отказался от согласия', ' отказалась от согласия', ': отказ от согласия')} на обработку персональных данных, поэтому к чатам не подключается.`,
      `Предложите другие формы связи: ${OFFLINE}.`,
    ].join('\n'),
} as const);
