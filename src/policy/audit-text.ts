// One readable description of an audit entry, for every place that shows the log: /audit in
// the chat (src/org/audit-lines.ts), the panel's «Журнал» (src/web/pages/audit-readable.ts)
// and the workbook (src/reports/builder.ts). The log keeps ids only (no personal data in it);
// here people are named by name, units by their name, chats by title, and every key and value
// by Russian words — never `request:<id>`, `role=parent` or a chat's number.
//
// Pure: the caller reads the names the entries need (auditIdsOf) and passes them in. The texts
// carry the unit-word marks live and people's words protected (ownWordsIn), so the caller fills
// the marks with the organisation's word when the text leaves (message, page, workbook).
import { CHAT_KIND_TITLES_RU, type ChatKind } from './chat-membership.js';
import { RULE_TITLES_RU } from './chat-policy.js';
import { ruDay } from './dates.js';
import type { RuleId } from './etiquette/index.js';
import { person } from './person-name.js';
import { ROLE_TITLES_RU, ROLES, type Role } from './roles.js';
import { marked, ownWordsIn } from './unit-word.js';

/** Every action the log records, by its Russian name (what the workbook, /audit and the panel show). */
export const AUDIT_ACTIONS_RU = {
  'org.setup': 'настройка организации',
  'unit.created': 'создано подразделение',
  'unit.renamed': 'подразделение переименовано',
  'unit.restored': 'подразделение возвращено из архива',
  'unit.archived': 'подразделение в архиве',
  'curator.appointed': 'назначен классный руководитель',
  'curator.removed': 'снят классный руководитель',
  'admin.appointed': 'назначен администратор',
  'admin.dismissed': 'администратор снят',
  'invite.created': 'выдано приглашение',
  'invite.used': 'приглашение использовано',
  'invite.revoked': 'приглашение отозвано',
  'invite.lapsed': 'приглашение истекло',
  'invite.bad_codes': 'неверные коды приглашений',
  'request.created': 'подана заявка',
  'request.approved': 'заявка одобрена',
  'request.rejected': 'заявка отклонена',
  'person.moved': 'перевод в {другой|другую|другое} {unit:acc}',
  'person.removed': 'исключение из организации',
  'consent.refused': 'отказ от согласия',
  'consent.parent': 'родитель дал согласие за ученика',
  'consent.parent_refused': 'родитель не дал согласия за ученика',
  'consent.written': 'записано письменное согласие родителя',
  'chat.policy': 'изменены правила чата',
  'security.report': 'сообщение о безопасности',
  'numbers.added': 'добавлен открытый телефон {org:gen}',
  'numbers.removed': 'убран открытый телефон {org:gen}',
  'broadcast.sent': 'рассылка',
  'child.linked': 'родитель связан с учеником',
  'hours.changed': 'изменены рабочие дни или часы',
  'person.forgotten': 'данные удалены по просьбе человека',
  'year.rollover': 'переход на новый учебный год',
  'roster.imported': 'загружен список {units:gen}',
  'chat.bound': 'чат привязан',
  'chat.unbound': 'чат отвязан',
  'chat.readded': 'недостающие приглашены в чат снова',
  'stranger.removed': 'посторонний удалён из чата',
  'stranger.kept': 'посторонний оставлен в чате',
  'activist.changed': 'изменён актив',
  'sanction.applied': 'санкция за нарушение правил',
} as const;

/** An entry as the log keeps it (src/store/audit-log.ts). */
export interface AuditEntryIds {
  at: number;
  actor: number;
  action: string;
  target: string;
  details: Record<string, string | number>;
}

/** The names an entry list needs, read by the caller. */
export interface AuditNames {
  person(userId: number): string | null;
  unit(unitId: string): string | null;
  /** A chat's title. */
  chat(chatId: number): string | null;
}

/** One entry in words: who acted, the action, whom or what it concerned, and the rest. */
export interface AuditText {
  who: string;
  what: string;
  target: string;
  details: string;
}

const W = ownWordsIn({
  bot: 'бот',
  unknownPerson: 'человек без имени в боте',
  person: (name: string) => name,
  unit: (name: string) => `{Unit} «${name}»`,
  unitName: (name: string) => `«${name}»`,
  unknownUnit: 'удалённое подразделение',
  chat: (title: string) => `чат «${title}»`,
  unknownChat: 'чат без названия',
  invite: (code: string) => `приглашение ${code}`,
  request: 'заявка',
  broadcast: 'рассылка',
  rollover: 'учебный год',
  org: '{Org}',
  channel: (title: string) => `канал «${title}»`,
});

/** Russian labels of the detail fields (an action may name a field its own way: LABEL_BY_ACTION). */
const LABEL: Record<string, string> = {
  role: 'роль',
  roles: 'роли',
  unit: '{unit}',
  from: 'откуда',
  to: 'куда',
  user: 'человек',
  child: 'ученик',
  chat: 'чат',
  kind: 'что случилось',
  op: 'как',
  change: 'что изменено',
  uses: 'использований',
  days: 'срок, дней',
  count: 'сколько',
  rule: 'правило',
  people: 'людей',
  pupils: 'учеников',
  units: '{units}',
  created: 'создано {units:gen}',
  promoted: 'переведено {units:gen}',
  graduated: 'выпущено {units:gen}',
  recipients: 'получателей',
  media: 'вложения',
  audience: 'кому',
  timeZone: 'часовой пояс',
  week: 'рабочих дней в неделе',
  finalGrade: 'выпускн{ой|ая|ое} {unit}',
  selfConsentGrade: 'ученик сам даёт согласие начиная с {unit:gen} номер',
};

const LABEL_BY_ACTION: Partial<Record<string, Record<string, string>>> = {
  'sanction.applied': { count: 'нарушений за 30 дней' },
  'chat.readded': { count: 'ещё не вступили' },
  'invite.bad_codes': { count: 'неверных кодов' },
  'invite.lapsed': { uses: 'использовано раз' },
  'chat.bound': { kind: 'вид чата' },
};

const SECURITY_KIND: Record<string, string> = { misuse: 'аккаунтом пользуется кто-то другой', lost: 'потерян доступ к аккаунту' };
const READD_OP: Record<string, string> = { add: 'добавлены в чат', remind: 'напомнили ссылкой' };
const POLICY_CHANGE: Record<string, string> = {
  hours: 'сообщения в нерабочее время',
  rule: 'режим правила',
  autoremove: 'автоудаление',
  strangers: 'посторонние в чате',
};
const MEDIA: Record<string, string> = { image: 'фото', file: 'файл', video: 'видео', audio: 'аудио' };
const AUDIENCE: Record<string, string> = { all: 'всем', staff: 'сотрудникам', parents: 'родителям', students: 'ученикам' };

const isRole = (v: unknown): v is Role => typeof v === 'string' && (ROLES as readonly string[]).includes(v);
const isRule = (v: unknown): v is RuleId => typeof v === 'string' && v in RULE_TITLES_RU;
/** A user or chat id stored in the details (a number, or its digits). */
const idOf = (v: string | number | undefined): number | null =>
  typeof v === 'number' ? v : typeof v === 'string' && /^-?\d{1,20}$/.test(v) ? Number(v) : null;
const splitTarget = (t: string): [string, string] => {
  const i = t.indexOf(':');
  return i < 0 ? [t, ''] : [t.slice(0, i), t.slice(i + 1)];
};

/** The ids whose names an entry list needs. */
export function auditIdsOf(entries: readonly AuditEntryIds[]): { users: number[]; units: string[]; chats: number[] } {
  const users = new Set<number>();
  const units = new Set<string>();
  const chats = new Set<number>();
  for (const e of entries) {
    if (e.actor) users.add(e.actor);
    const [kind, id] = splitTarget(e.target);
    if (kind === 'user' && idOf(id) !== null) users.add(idOf(id)!);
    if (kind === 'unit' && id) units.add(id);
    if (kind === 'chat' && idOf(id) !== null) chats.add(idOf(id)!);
    for (const k of ['user', 'child']) if (idOf(e.details[k]) !== null) users.add(idOf(e.details[k])!);
    for (const k of ['unit', 'from', 'to']) if (typeof e.details[k] === 'string') units.add(e.details[k] as string);
    if (typeof e.details.units === 'string') for (const u of e.details.units.split(',')) units.add(u);
    if (idOf(e.details.chat) !== null) chats.add(idOf(e.details.chat)!);
    const channel = /^channel:(-?\d+)$/.exec(String(e.details.audience ?? ''));
    if (channel) chats.add(Number(channel[1]));
  }
  return { users: [...users], units: [...units], chats: [...chats] };
}

/** The entry in words (marks live, people's words protected: fill the marks where it is shown). */
/** Detail keys whose value is a yes/no flag, said in words by `flag`. */
const FLAGS: readonly string[] = ['deleted', 'removed', 'unused', 'archived', 'roster', 'on'];

export function auditText(e: AuditEntryIds, names: AuditNames): AuditText {
  const personName = (id: number) => {
    const name = names.person(id);
    return name ? W.person(name) : W.unknownPerson;
  };
  const unitName = (id: string) => {
    const name = names.unit(id);
    return name ? W.unitName(name) : W.unknownUnit;
  };
  const chatName = (id: number) => {
    const title = names.chat(id);
    return title ? W.chat(title) : W.unknownChat;
  };
  const [kind, id] = splitTarget(e.target);
  // The person the entry is about, for words that agree with them («удалён» / «удалена»).
  const aboutId = kind === 'user' ? idOf(id) : idOf(e.details.user);
  const about = person((aboutId !== null && names.person(aboutId)) || '');

  let target: string;
  if (kind === 'user' && idOf(id) !== null) target = personName(idOf(id)!);
  else if (kind === 'unit' && id) target = names.unit(id) ? W.unit(names.unit(id)!) : W.unknownUnit;
  else if (kind === 'chat' && idOf(id) !== null) target = chatName(idOf(id)!);
  else if (kind === 'request') target = idOf(e.details.user) !== null ? `${W.request}: ${personName(idOf(e.details.user)!)}` : W.request;
  // The code's first letters: /revoke and the workbook name an invite by them.
  else if (kind === 'invite') target = W.invite(id);
  else if (kind === 'broadcast') target = W.broadcast;
  else if (kind === 'rollover') target = W.rollover;
  else target = W.org;

  const labels = { ...LABEL, ...LABEL_BY_ACTION[e.action] };
  const flag = (k: string, on: boolean): string | null => {
    switch (k) {
      case 'deleted':
        return on ? 'сообщение удалено' : null;
      case 'removed':
        return on ? about.g('удалён из чата', 'удалена из чата', 'удалён(а) из чата') : null;
      case 'unused':
        return on ? 'все неиспользованные' : null;
      case 'archived':
        return on ? marked('при отправке {unit:gen} в архив') : null;
      case 'roster':
        return on ? 'по списку учеников' : null;
      case 'on':
        return on
          ? about.g('включён в актив', 'включена в актив', 'включён(а) в актив')
          : about.g('исключён из актива', 'исключена из актива', 'исключён(а) из актива');
      default:
        return null;
    }
  };

  const value = (k: string, v: string | number): string | null => {
    if (v === '-' || v === '') return null;
    if (FLAGS.includes(k)) return flag(k, v === 1 || v === '1');
    const label = labels[k] ?? k;
    const s = String(v);
    let shown: string | null = null;
    if (k === 'role') shown = isRole(v) ? ROLE_TITLES_RU[v] : null;
    else if (k === 'roles')
      shown =
        s
          .split(',')
          .filter(isRole)
          .map((r) => ROLE_TITLES_RU[r])
          .join(', ') || null;
    else if (k === 'rule') shown = isRule(v) ? RULE_TITLES_RU[v] : null;
    else if (k === 'unit' || k === 'from' || k === 'to') shown = unitName(s);
    else if (k === 'units') shown = typeof v === 'number' || /^\d+$/.test(s) ? s : s.split(',').map(unitName).join(', ');
    else if (k === 'user' || k === 'child') {
      // Already named as the target: said once.
      if (idOf(v) === null || (kind === 'user' && idOf(id) === idOf(v)) || (kind === 'request' && k === 'user')) return null;
      shown = personName(idOf(v)!);
    } else if (k === 'chat') return idOf(v) !== null ? chatName(idOf(v)!) : null;
    else if (k === 'kind')
      shown = e.action === 'security.report' ? (SECURITY_KIND[s] ?? null) : s in CHAT_KIND_TITLES_RU ? marked(CHAT_KIND_TITLES_RU[s as ChatKind]) : null;
    else if (k === 'op') shown = READD_OP[s] ?? null;
    else if (k === 'change') shown = e.action === 'chat.policy' ? (POLICY_CHANGE[s] ?? null) : hoursChange(s);
    else if (k === 'media')
      shown = s
        .split(',')
        .map((m) => MEDIA[m] ?? 'вложение')
        .join(', ');
    else if (k === 'audience') {
      const channel = /^channel:(-?\d+)$/.exec(s);
      const title = channel ? names.chat(Number(channel[1])) : null;
      shown = channel ? (title ? W.channel(title) : 'канал') : (AUDIENCE[s] ?? null);
    } else if (typeof v === 'number' || /^\d+$/.test(s) || k === 'timeZone') shown = s;
    // A value the log has no words for is left out rather than shown raw.
    return shown === null ? null : `${marked(label)}: ${shown}`;
  };

  return {
    who: e.actor === 0 ? W.bot : personName(e.actor),
    what: marked((AUDIT_ACTIONS_RU as Record<string, string>)[e.action] ?? 'действие'),
    target,
    details: Object.entries(e.details)
      .filter(([k]) => LABEL[k] !== undefined || FLAGS.includes(k))
      .map(([k, v]) => value(k, v))
      .filter((x): x is string => x !== null)
      .join('; '),
  };
}

/** A change of working hours in words: «рабочие дни», «часы», «выходной 01.01.2027». */
function hoursChange(change: string): string | null {
  if (change === 'days') return 'рабочие дни';
  if (change === 'window') return 'рабочие часы';
  const m = /^(on|off):(\d{4}-\d{2}-\d{2})$/.exec(change);
  if (m) return `${m[1] === 'off' ? 'выходной' : 'рабочий день'} ${ruDay(m[2]!)}`;
  return null;
}

/**
 * The entry as one line (/audit in the chat): «06.12.2026 10:00 · кто · что · кого · подробности».
 * Words only: /audit вид takes the Russian title; the code stays in the workbook's «Код действия».
 */
export function auditLine(when: string, t: AuditText): string {
  return [when, t.who, t.what, t.target, t.details].filter(Boolean).join(' · ');
}
