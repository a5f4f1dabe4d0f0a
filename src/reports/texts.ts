// Russian texts of statistics (/stats) and exports. Counts only: never a message text,
// never a child's name.
import { ownWordsIn } from '../policy/unit-word.js';
import { AUDIT_ACTIONS_RU as ACTION_NAMES } from '../policy/audit-text.js';
import { CHAT_KIND_TITLES_RU, type ChatKind } from '../policy/chat-membership.js';
import type { RuleId } from '../policy/etiquette/index.js';
import { ROLES, type Role } from '../policy/roles.js';
import type { AuditAction } from '../store/audit-log.js';
import type { Metric } from './counters.js';
import { ruDay } from '../policy/days.js';
import type { StatsFigures } from './stats-query.js';

export const ROLE_SHORT_RU: Record<Role, string> = {
  admin: 'администраторы',
  director: 'руководство',
  curator: 'кл. руководители',
  teacher: 'учителя',
  staff: 'сотрудники',
  student: 'ученики',
  parent: 'родители',
};

export const RULE_TITLES_RU: Record<RuleId, string> = {
  profanity: 'ненормативная лексика',
  insult: 'оскорбления',
  banned_messenger: 'запрещённые мессенджеры',
  personal_data: 'персональные данные',
};

/** Sheet rows of the workbook, per metric. */
export const METRIC_TITLES_RU: Record<Exclude<Metric, `violation.${string}` | `false_alarm.${string}`>, string> = {
  'request.created': 'Заявки: подано',
  'request.approved': 'Заявки: одобрено',
  'request.rejected': 'Заявки: отклонено',
  'invite.created': 'Приглашения: выдано',
  'invite.used': 'Приглашения: использовано',
  'invite.lapsed': 'Приглашения: истекло',
  'invite.revoked': 'Приглашения: отозвано',
  'consent.refused': 'Отказы от согласия на обработку данных',
  'person.removed': 'Исключено из организации',
  'chat.messages': 'Сообщения в чатах',
  'chat.removed': 'Удалений из чатов',
  'offhours.reminded': 'Напоминания о рабочем времени',
  'offhours.held': 'Сообщения, отложенные до утра',
  'broadcast.sent': 'Рассылки',
  'broadcast.delivered': 'Рассылки: доставлено сообщений',
  'broadcast.failed': 'Рассылки: не доставлено',
};

/** The log's actions in Russian (one table, in src/policy/audit-text.ts); typed here so that every action has its name. */
export const AUDIT_ACTIONS_RU: Record<AuditAction, string> = ACTION_NAMES;

const list = (pairs: Array<[string, number]>) =>
  pairs
    .filter(([, n]) => n > 0)
    .map(([t, n]) => `${t} ${n}`)
    .join(', ') || 'нет';

/** The median time to a decision, as both the message and the workbook show it (one computation). */
export function decisionTime(ms: number | null): string {
  if (ms === null) return '—';
  if (ms < 60_000) return 'меньше минуты';
  const min = Math.round(ms / 60_000);
  if (min < 60) return `${min} мин`;
  const h = Math.round(min / 6) / 10;
  if (h < 48) return `${h.toLocaleString('ru-RU')} ч`;
  return `${Math.round(h / 24)} дн`;
}

/** A unit's line in the summary: its people (confirmed) and violations. */
function unitLine(u: StatsFigures['units'][number]): string {
  const people = Object.values(u.byRole).reduce((s, n) => s + (n ?? 0), 0);
  return `${u.name} — людей ${people}${u.waiting ? ` (+${u.waiting} ждут)` : ''}, нарушений ${u.violations}`;
}

export const STATS_TEXTS = ownWordsIn({
  periodButton: (days: number) => (days === 365 ? 'Год' : `${days} дней`),
  usage: 'Формат: /stats, /stats 7, /stats 30 или /stats 365; /stats выкл — не присылать сводку по понедельникам, /stats вкл — снова присылать.',
  weeklyOff: 'Хорошо, еженедельную сводку по понедельникам больше не присылаю. Вернуть — /stats вкл.',
  weeklyOn: 'Хорошо, еженедельная сводка будет приходить по понедельникам в начале рабочего дня.',
  noUnits: 'У вас пока нет своих {units:gen} — статистика появится, когда вас назначат классным руководителем.',
  summary(f: StatsFigures, title: string): string {
    const t = f.totals;
    const own = f.scope.kind === 'units';
    const lines = [
      `${title} за ${f.days.length} дн. (${ruDay(f.days[0]!)}–${ruDay(f.days.at(-1)!)})`,
      '',
      `Люди сейчас: ${list(ROLES.map((r) => [ROLE_SHORT_RU[r], f.byRole[r]]))}.`,
      `Подтверждено: ${f.verified}, ждут подтверждения: ${f.waiting}.`,
      ...(own ? [] : [`Отказов от согласия на обработку данных: ${t['consent.refused']}.`]),
      `Заявки: подано ${t['request.created']}, одобрено ${t['request.approved']}, отклонено ${t['request.rejected']}; медиана до решения — ${decisionTime(f.medianDecisionMs)}.`,
      `Приглашения: выдано ${t['invite.created']}, использовано ${t['invite.used']}, истекло ${t['invite.lapsed']}, отозвано ${t['invite.revoked']}.`,
      `Чаты: ${list(Object.entries(f.chats.boundByKind).map(([k, n]) => [CHAT_KIND_TITLES_RU[k as ChatKind], n]))}; должны состоять ${f.chats.belong}, вступили ${f.chats.joined}; без нужных прав бота: ${f.chats.missingRights}.`,
      `Сообщений в чатах: ${t['chat.messages']}.`,
      `Нарушения правил: ${list((Object.keys(RULE_TITLES_RU) as RuleId[]).map((r) => [RULE_TITLES_RU[r], f.violationsByRule[r]]))}; удалений из чатов: ${t['chat.removed']}.`,
      `Отмечено как ошибка правила («Это ошибка»): ${list((Object.keys(RULE_TITLES_RU) as RuleId[]).map((r) => [RULE_TITLES_RU[r], f.falseAlarmsByRule[r]]))}.`,
      `По {units:dat}: ${f.units.length > 0 ? f.units.map(unitLine).join('; ') : 'нет {units:gen}'}.`,
      `Вне рабочего времени: напоминаний ${t['offhours.reminded']}, отложено сообщений ${t['offhours.held']}.`,
      `Рассылки: ${t['broadcast.sent']}, доставлено сообщений ${t['broadcast.delivered']}, не доставлено ${t['broadcast.failed']}.`,
    ];
    if (!own) lines.splice(lines.length - 2, 0, `Исключено из организации: ${t['person.removed']}.`);
    return lines.join('\n');
  },
  titleAll: 'Статистика организации',
  chartClasses: '{Units}: люди и нарушения',
  chartActivity: 'Активность по дням',
  statsFile: (days: number) => `statistika-${days}d.xlsx`,
  filesCaption: 'Таблицы — во вложении.',
  membersFile: 'sostav.xlsx',
  auditFile: 'zhurnal.xlsx',
  membersCaption: 'Состав — во вложении (Excel).',
  auditCaption: 'Журнал действий — во вложении (Excel).',
  exportEmpty: 'Выгружать пока нечего.',
  exportFailed: 'Не получилось подготовить файл. Попробуйте ещё раз чуть позже.',
  titleOwn: (units: string[]) => `Статистика: ${units.join(', ')}`,
});
