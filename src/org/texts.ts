// Russian texts of the organisation feature: structure, invites, requests, roster.
import { ownWordsIn } from '../policy/unit-word.js';
import { ruDate, ruDateTime } from '../policy/dates.js';
import { person } from '../policy/person-name.js';
import type { Denial } from '../policy/permissions.js';
import { ROLE_TITLES_RU, type Role } from '../policy/roles.js';
import type { InviteState } from '../store/invite-store.js';

export const DENIALS: Record<Denial, string> = ownWordsIn({
  not_allowed: 'Эта команда вам недоступна. Список ваших команд — /help.',
  not_your_unit: 'Это не {ваш|ваша|ваше} {unit}: вы можете управлять только своими {units:ins}.',
  role_not_allowed: 'Классный руководитель приглашает только учеников и родителей {своего|своей|своего} {unit:gen}.',
});

export const ROLE_TITLES_PLURAL_RU: Record<Role, string> = {
  admin: 'Администраторы',
  director: 'Руководство',
  curator: 'Классные руководители',
  teacher: 'Учителя',
  staff: 'Сотрудники',
  student: 'Ученики',
  parent: 'Родители',
};

/** 000 2.10: the advice every person joining gets. */
export const SAFE_MODE_ADVICE =
  'Совет: включите в профиле MAX «Безопасный режим» (Профиль → «Безопасность» → «Безопасный режим»): незнакомые люди не найдут вас по номеру телефона, не смогут звонить и приглашать в чаты.';

/** Statuses as a filter names them (of many people). */
export const STATUS_RU = { pending: 'ждут подтверждения', verified: 'подтверждённые' } as const;

/** A membership's status beside a person's name: the word agrees with the person («подтверждена»). */
export const statusOf = (status: 'pending' | 'verified', fullName: string | null): string =>
  status === 'pending' ? 'ждёт подтверждения' : person(fullName ?? '').g('подтверждён', 'подтверждена');

export const ORG_TEXTS = ownWordsIn({
  ruDate,
  ruDateTime,
  unitNotFound: (name: string) => `Не нашёл «${name}». Список — /units.`,
  unitUsage: 'Формат: /unit добавить <название>, /unit переименовать <название> <новое название>, /unit архив <название>, /unit вернуть <название>.',
  unitCreated: (name: string) => `Готово: «${name}» — создано.`,
  unitTooMany: (max: number) => `За один раз можно создать не больше ${max}.`,
  unitRenameNeedsName: (name: string) => `Напишите и новое название: /unit переименовать ${name} <новое название>`,
  unitExists: (name: string) => `«${name}» уже есть.`,
  unitRenamed: (from: string, to: string) => `«${from}» теперь называется «${to}».`,
  unitNameTaken: (name: string) => `Название «${name}» уже занято.`,
  unitArchived: (name: string) =>
    `«${name}» — в архиве: {его|её|его} ученики, родители и руководители выведены из {его|её|его} чатов, чаты отвязаны, ссылки-приглашения не действуют.`,
  staffRoomFixed: 'Учительскую нельзя переименовать или отправить в архив.',
  /** Asked before archiving, in the chat (/unit архив) and in the panel alike. */
  archiveConfirm: (name: string) =>
    `Отправить «${name}» в архив? {Его|Её|Его} ученики, родители и руководители будут выведены из {его|её|его} чатов (у кого нет других ролей — удалены из организации), чаты отвязаны, приглашения перестанут действовать.`,
  archiveYes: 'Да, в архив',
  archiveGone: 'Этого подразделения уже нет или оно уже в архиве.',
  unitRestored: (name: string) => `«${name}» возвращено из архива. Людей пригласите заново (/invite), чаты привяжите снова.`,
  unitNotArchived: (name: string) => `«${name}» не в архиве.`,
  archivedNotFound: (name: string) => `В архиве нет «${name}».`,
  unitsTitle: 'Подразделения:',
  unitsEmpty: 'Пока нет ни одного подразделения. Создайте: /unit добавить 5А',
  unitLine: (name: string, curators: string, verified: number, pending: number, notJoined = 0) =>
    `• ${name} — руководитель: ${curators || 'не назначен'}; участников: ${verified}${pending ? `, ждут подтверждения: ${pending}` : ''}${notJoined ? `, по списку ещё не присоединились: ${notJoined}` : ''}`,
  notJoinedTitle: (n: number) => `По списку {unit:gen}, ещё не присоединились (${n}):`,
  curatorUsage: 'Формат: /curator <{unit}> [часть ФИО учителя] — назначить; /curator снять <{unit}> [часть ФИО] — снять.',
  curatorPick: (unit: string) => `Кого назначить руководителем «${unit}»? Выберите из подтверждённых учителей:`,
  noTeachers: 'Нет подтверждённых учителей. Сначала пригласите учителя: /invite учитель',
  curatorDone: (name: string, unit: string) => `${name} — руководитель «${unit}».`,
  curatorAlready: (name: string, unit: string) => `${name} уже руководит «${unit}».`,
  youAreCurator: (unit: string) => `Вас назначили классным руководителем: ${unit}. Ваши команды — /help.`,
  curatorRemoveUsage: 'Формат: /curator снять <{unit}> [часть ФИО руководителя]',
  curatorNone: (unit: string) => `У «${unit}» нет руководителя.`,
  curatorWhich: (unit: string, names: string[]) => `У «${unit}» несколько руководителей: ${names.join(', ')}. Добавьте часть ФИО: /curator снять ${unit} <ФИО>`,
  curatorNotThere: (name: string, unit: string) => `${name} не руководит «${unit}».`,
  curatorRemoved: (name: string, unit: string) => `${name} больше не руководит «${unit}».`,
  youAreNotCurator: (unit: string) => `Вы больше не классный руководитель: ${unit}.`,
  adminUsage: 'Формат: /admin назначить [часть ФИО] или /admin снять [часть ФИО]',
  adminPickAdd: 'Кого назначить администратором? Подтверждённые учителя и сотрудники:',
  adminPickRemove: 'Кого снять с должности администратора?',
  adminNobody: 'Подходящих людей нет.',
  adminAdded: (name: string) => `${name} теперь администратор.`,
  adminRemoved: (name: string) => `${name} больше не администратор.`,
  adminLast: 'Нельзя снять последнего администратора: сначала назначьте другого.',
  youAreAdmin: 'Вас назначили администратором «Сферума» в организации. Ваши команды — /help.',
  youAreNotAdmin: 'Вы больше не администратор организации.',
  personGone: 'Этого человека уже нет в организации.',
  moveUsage: 'Формат: /move <фамилия или часть ФИО ученика>',
  movePickPerson: 'Кого перевести?',
  movePickTarget: (name: string, from: string) => `Куда перевести ${person(name).acc} (сейчас: ${from})?`,
  moveDone: (name: string, from: string, to: string) =>
    `${name} ${person(name).g('переведён', 'переведена', '— перевод выполнен:')} из «${from}» в «${to}». Родители переведены вместе с ребёнком.`,
  moveSame: 'Ученик уже в {этом|этой|этом} {unit:loc}.',
  moveNoTarget: 'Перевести некуда: других {units:gen} нет. {Создайте новый|Создайте новую|Создайте новое} {unit:acc}: /unit добавить <название>.',
  youMoved: (to: string) => `Вас перевели в «${to}».`,
  removeUsage: 'Формат: /remove <фамилия или часть ФИО>',
  removePick: 'Кого удалить из организации?',
  removeConfirm: (name: string) => `Удалить ${person(name).acc} из организации? Человек потеряет все роли и привязки, его данные будут стёрты.`,
  removeYes: 'Да, удалить',
  removeDone: (name: string) => `${name}${person(name).g(' удалён из организации.', ' удалена из организации.', ': удаление из организации выполнено.')}`,
  youRemoved: 'Вас удалили из организации в «Сферуме». Если это ошибка, обратитесь к администратору.',
  nobodyFound: (q: string) => `Никого не нашёл по запросу «${q}».`,
  pickerNarrow: (total: number) => `Нашлось ${total} — показаны первые. Уточните запрос: добавьте часть фамилии.`,
  membersTitle: (unit: string) => `Состав «${unit}»:`,
  membersEmpty: 'Пока никого нет.',
  membersOrgTitle: 'Сотрудники организации:',
  membersHint: 'Состав {unit:gen}: /members <{unit}>',
  child: (names: string) => `ребёнок: ${names}`,
  inviteCreated: (link: string, role: Role, unit: string | null, uses: number, until: string) =>
    [
      `Ссылка-приглашение (${ROLE_TITLES_RU[role]}${unit ? `, ${unit}` : ''}):`,
      link,
      `Действует до ${until}, использований: ${uses}. Перешлите её тем, кого приглашаете.`,
    ].join('\n'),
  inviteQrButton: 'QR-код для печати',
  inviteQrCaption: (link: string) => `QR-код приглашения — распечатайте или покажите с экрана. Ссылка: ${link}`,
  inviteQrQueued: 'Готовлю QR-код…',
  invitesTitle: 'Действующие приглашения:',
  invitesEmpty: 'Действующих приглашений нет.',
  invitesRevokeHint: 'Отозвать: /revoke <код> или /revoke неиспользованные [{unit}]',
  inviteLine: (code: string, role: Role, unit: string | null, uses: number, max: number, until: string) =>
    `• ${code} — ${ROLE_TITLES_RU[role]}${unit ? `, ${unit}` : ''}; использовано ${uses} из ${max}; до ${until}`,
  revoked: 'Приглашение отозвано.',
  inviteAlreadyExpired: 'Срок этого приглашения уже истёк — отзывать нечего.',
  inviteAlreadyUsed: 'Это приглашение уже использовано полностью — отзывать нечего.',
  revokedMany: (n: number) => (n === 0 ? 'Неиспользованных приглашений нет.' : `Отозвано неиспользованных приглашений: ${n}.`),
  inviteUnknown: 'Такого приглашения нет.',
  inviteAlreadyRevoked: 'Это приглашение уже отозвано.',
  unitArchivedInvite: '{Этот|Эта|Это} {unit} в архиве — приглашать {в него|в неё|в него} нельзя.',
  staffRoomNoFamily: 'В Учительскую приглашают только сотрудников. Ученики и родители приглашаются в {свой|свою|своё} {unit:acc}.',
  inviteStates: {
    missing: 'Ссылка-приглашение не найдена. Проверьте, что скопировали её целиком, или попросите новую.',
    revoked: 'Эта ссылка-приглашение отозвана. Попросите новую у классного руководителя или администратора.',
    expired: 'Срок действия ссылки-приглашения истёк. Попросите новую у классного руководителя или администратора.',
    exhausted: 'По этой ссылке уже присоединилось максимальное число людей. Попросите новую ссылку.',
  } satisfies Record<Exclude<InviteState, 'live'>, string>,
  tooManyBadCodes: 'Слишком много неверных ссылок. Пожалуйста, подождите час и попробуйте снова.',
  alreadyMember: 'Вы уже состоите в организации с этой ролью. Ваши данные — /me.',
  requestSent: 'Спасибо! Заявка отправлена и ждёт подтверждения. Я сообщу, когда её рассмотрят.',
  /** Filed outside working hours: `when` is the next opening, «07.12.2026 в 07:30». */
  requestSentWaits: (when: string) => `Спасибо! Заявка отправлена. Сейчас нерабочее время: её увидят ${when}. Я сообщу, когда её рассмотрят.`,
  requestAlreadyOpen: 'Ваша заявка уже отправлена и ждёт подтверждения.',
  requestCard: (p: { fullName: string; role: Role; unit: string | null; child: string | null; viaInvite: boolean }) =>
    [
      `Заявка на подтверждение: ${p.fullName}`,
      `Роль: ${ROLE_TITLES_RU[p.role]}${p.unit ? `, ${p.unit}` : ''}${p.child ? `\n${p.child}` : ''}`,
      p.viaInvite ? 'По ссылке-приглашению.' : 'Без приглашения — проверьте, знаете ли вы этого человека.',
    ].join('\n'),
  childMatched: (name: string) => `Ребёнок: совпадает с ${person(name).g('учеником', 'ученицей')} {unit:gen}: ${name}`,
  childNotFound: (typed: string) => `Ребёнок: «${typed}» — в {unit:loc} не найден. Проверьте и выберите ученика из списка {unit:gen} или отклоните заявку.`,
  childPick: 'Выбрать ученика из списка',
  childPickTitle: (parent: string) =>
    `Кто ребёнок ${person(parent).g('заявителя', 'заявительницы')} ${person(parent).gen}? Список {unit:gen} видите только вы.`,
  childNoPupils: 'В {unit:loc} пока нет подтверждённых учеников.',
  childLinked: (name: string) => `Ребёнок указан: ${name}.`,
  approve: 'Подтвердить',
  reject: 'Отклонить',
  requestsTitle: 'Заявки, ждущие решения:',
  requestsEmpty: 'Заявок, ждущих решения, нет.',
  approved: (name: string) => `Заявка подтверждена: ${name}.`,
  rejected: (name: string) => `Заявка отклонена: ${name}.`,
  alreadyDecided: 'По этой заявке уже принято решение.',
  requestGone: 'Заявка не найдена.',
  // 000 2.10: participants are advised to switch on the profile's safe mode. Where it is: MAX
  // profile → «Безопасность» → «Безопасный режим» (it hides the profile from search by phone
  // number and blocks calls and chat invitations from strangers; mosregtoday.ru, 10.03.2026).
  youApproved: (role: Role, unit: string | null) =>
    `Ваша заявка подтверждена: ${ROLE_TITLES_RU[role]}${unit ? `, ${unit}` : ''}. Добро пожаловать! Ваши команды — /help.\n\n${SAFE_MODE_ADVICE}`,
  // A reason typed by hand gets its full stop; staff have no class teacher to ask.
  youRejected: (reason: string, role: Role) =>
    `К сожалению, ваша заявка отклонена.${reason ? ` Причина: ${reason.trim()}${/[.!?…]$/.test(reason.trim()) ? '' : '.'}` : ''} Если это ошибка, обратитесь ${
      role === 'student' || role === 'parent' ? 'к классному руководителю или администратору' : 'к администратору'
    }.`,
  meTitle: 'Что я о вас знаю:',
  meNothing: 'Я пока ничего о вас не храню: вы не состоите в организации. Чтобы присоединиться, откройте ссылку-приглашение или отправьте /join.',
  meName: (n: string) => `ФИО: ${n}`,
  meConsent: (d: string) => `Согласие на обработку персональных данных: ${d}`,
  meRole: (role: Role, unit: string | null, status: 'pending' | 'verified', fullName: string | null = null) =>
    `• ${ROLE_TITLES_RU[role]}${unit ? `, ${unit}` : ''} — ${statusOf(status, fullName)}`,
  /** A person in /members: the name as written, the status agreeing with it. */
  memberLine: (name: string, status: 'pending' | 'verified', children: string | null) =>
    `• ${name} — ${statusOf(status, name)}${children ? `; ребёнок: ${children}` : ''}`,
  meCurates: (units: string) => `Руководите: ${units}`,
  nameFromMax: 'Это имя из вашего профиля MAX, его видят другие. Указать ФИО полностью: /name Фамилия Имя Отчество',
  nameUsage: 'Формат: /name Фамилия Имя Отчество — так вас увидят родители и коллеги.',
  nameSaved: (name: string) => `Готово: теперь другие видят вас как «${name}».`,
  meIds: (id: number) => `Ваш id в MAX: ${id}. Храним только ФИО, роли, {units}, связи «родитель — ребёнок» и время согласия.`,
  auditTitle: 'Журнал действий (новые сверху):',
  auditEmpty: 'Журнал пуст.',
  auditNothingFound: 'В журнале нет таких записей.',
  setupDone: (name: string, tz: string, word: string) => `Настройки сохранены: ${name}, часовой пояс ${tz}, подразделения называются «${word}».`,
} as const);
