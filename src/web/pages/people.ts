// «Люди»: requests waiting for the viewer (approve / reject with a reason, the same decision
// the bot's buttons and reject flow make, so the person is told in MAX), and a paged,
// searchable list of people by class, role, status and consent.
import { ownWordsIn } from '../../policy/unit-word.js';
import { UNIT_ID } from '../../store/org-store.js';
import { REJECT_REASON_MAX } from '../../flows/org/reject.js';
import { ROLE_TITLES_RU, ROLES, type Role, STAFF_ROLES } from '../../policy/roles.js';
import type { Membership, Person } from '../../store/people-store.js';
import { REQUEST_ID } from '../../store/request-store.js';
import { DENIALS, ORG_TEXTS, STATUS_RU, statusOf } from '../../org/texts.js';
import { CONSENT_TEXTS } from '../../org/consent-texts.js';
import { outcomeParts } from '../../bot/effects.js';
import { BY_NAME, formGuard, html, pager, type Html } from '../html.js';
import type { PanelFeature, Query, Viewer } from '../panel.js';
import type { PanelServices } from '../services.js';
import { WEB_TEXTS as W } from '../texts.js';
import { randomBytes } from 'node:crypto';

const PEOPLE_PAGE_SIZE = 30;
/** Request cards on the page at once (the oldest first); decided ones make room for the next. */
const REQUESTS_SHOWN = 20;
const ONCE_KEY = /^[A-Za-z0-9_-]{16}$/;

const T = ownWordsIn({
  title: 'Люди',
  requests: 'Заявки, ждущие вашего решения',
  approve: 'Подтвердить',
  reject: 'Отклонить',
  reasonPlaceholder: 'Причина (необязательно)',
  people: 'Список',
  anyUnit: 'Все {units}',
  anyRole: 'Все роли',
  anyStatus: 'Любой статус',
  anyConsent: 'Согласие: любое',
  consentYes: 'Согласие дано',
  consentNo: 'Согласия нет',
  searchPlaceholder: 'Фамилия или имя',
  pickHint: 'Выберите {unit:acc} или найдите человека по фамилии — учеников и родителей слишком много для одного списка.',
  capped: 'Найдено слишком много — уточните запрос.',
  consentAt: (d: string) => `согласие ${d}`,
  noConsent: 'согласия нет',
  /** Administrators from the bot's settings (ADMIN_USER_IDS) fill in no questionnaire, so give no consent there. */
  configuredAdmin: 'не нужно: администратор из настроек бота',
  staffByDefault: 'Сейчас показаны сотрудники. Чтобы увидеть учеников и родителей, выберите {unit:acc} или роль либо найдите человека по фамилии.',
  moreRequests: (n: number) => `И ещё заявок: ${n} — они появятся здесь, когда вы решите по этим.`,
  reasonTooLong: `Причина длиннее ${REJECT_REASON_MAX} символов — сократите.`,
  staffShown: (n: number, total: number) => `На странице: ${n}; всего сотрудников: ${total}. Порядок по алфавиту — внутри страницы.`,
  staffFirst: '« В начало',
  staffNext: 'Дальше »',
});

interface Row {
  userId: number;
  fullName: string | null;
  consentAt: number | null;
  membership: Membership;
}

const onceKey = () => randomBytes(12).toString('base64url');

/** Where a staff page starts: the role set being walked, its SSCAN cursor, and ids of that batch already shown. */
interface StaffToken {
  role: number;
  cursor: string;
  skip: number;
}
const STAFF_TOKEN = /^(\d{1,2})\.(\d{1,20})\.(\d{1,4})$/;

function parseStaffToken(raw: string | undefined, roles: number): StaffToken {
  const m = raw ? STAFF_TOKEN.exec(raw) : null;
  if (!m || Number(m[1]) >= roles) return { role: 0, cursor: '0', skip: 0 };
  return { role: Number(m[1]), cursor: m[2]!, skip: Number(m[3]) };
}

function staffPager(filters: Record<string, string>, notFirst: boolean, next: StaffToken | null): Html {
  if (!notFirst && !next) return html``;
  const link = (label: string, after?: StaffToken) =>
    html`<a href="/app/people?${new URLSearchParams({ ...filters, ...(after ? { after: `${after.role}.${after.cursor}.${after.skip}` } : {}) }).toString()}">${label}</a>`;
  return html`<nav class="pager">${notFirst ? link(T.staffFirst) : ''}${next ? link(T.staffNext, next) : ''}</nav>`;
}

export function peopleFeature(s: PanelServices): PanelFeature {
  const org = s.organisation;

  function rowsOf(person: Person): Row[] {
    return person.memberships.map((m) => ({ userId: person.userId, fullName: person.fullName, consentAt: person.consentAt, membership: m }));
  }

  async function persons(ids: number[]): Promise<Person[]> {
    return (await Promise.all(ids.map((id) => org.people.person(id)))).filter((p): p is Person => p !== null);
  }

  /** The people the list starts from: a search, a class, or the staff; never every family of the school. */
  async function selection(v: Viewer, f: { unit: string; role: string; query: string }): Promise<{ rows: Row[]; hint?: string }> {
    const inScope = (m: Membership) => v.may('members', { unitId: m.unitId ?? null }) || (m.unitId === null && v.scope('members') === 'all');
    if (f.query) {
      const found = await s.names.search(f.query);
      const rows = (await persons(found.ids)).flatMap(rowsOf).filter((r) => inScope(r.membership));
      return { rows, hint: found.capped ? T.capped : undefined };
    }
    if (f.unit) {
      const rows = (await org.people.roster(f.unit)).map((e) => ({ ...e, consentAt: null as number | null }));
      // The consent time lives in the person's own record: read it for the class only.
      const people = await persons(rows.map((r) => r.userId));
      const consent = new Map(people.map((p) => [p.userId, p.consentAt]));
      return { rows: rows.map((r) => ({ ...r, consentAt: consent.get(r.userId) ?? null })) };
    }
    if (v.scope('members') !== 'all') {
      const rows: Row[] = [];
      for (const unitId of v.actor.curatedUnits) rows.push(...(await selection(v, { ...f, unit: unitId })).rows);
      return { rows };
    }
    return { rows: [], hint: T.pickHint };
  }

  /**
   * The staff, a page at a time: the role sets are walked with SSCAN from the page's token
   * (role, cursor), so a page reads about a page of records whatever the size of the staff.
   * Order is the sets' own (names sorted within a page); a person who holds two staff roles
   * shows once under each, as one row per role. Only rows that `keep` (the page's filters)
   * fill the page, so a filtered page is never cut short or empty while more would match.
   */
  async function staffPage(
    roles: readonly Role[],
    token: StaffToken,
    keep: (r: Row) => boolean,
  ): Promise<{ rows: Row[]; next: StaffToken | null; total: number }> {
    const total = (await Promise.all(roles.map((r) => s.redis.scard(s.keys.roleHolders(r))))).reduce((a, b) => a + b, 0);
    const rows: Row[] = [];
    let { role: i, cursor, skip } = token;
    while (i < roles.length && rows.length < PEOPLE_PAGE_SIZE) {
      const role = roles[i]!;
      // A small set (up to 512 ids, one compact block in Redis) comes whole whatever COUNT
      // says: only a page of it is read, and the token remembers how far into it we are.
      const [next, ids] = await s.redis.sscan(s.keys.roleHolders(role), cursor, 'COUNT', PEOPLE_PAGE_SIZE);
      const fresh = ids.slice(skip);
      const take = fresh.slice(0, PEOPLE_PAGE_SIZE - rows.length);
      rows.push(...(await persons(take.map(Number))).flatMap(rowsOf).filter((r) => r.membership.role === role && keep(r)));
      if (take.length < fresh.length) {
        // The rest of this block on the next round (the loop ends once the page is full).
        skip += take.length;
        continue;
      }
      skip = 0;
      if (next === '0') {
        i++;
        cursor = '0';
      } else cursor = next;
    }
    return { rows, next: i < roles.length ? { role: i, cursor, skip } : null, total };
  }

  async function requestsBlock(v: Viewer): Promise<Html> {
    if (!v.may('requests')) return html``;
    const list = await org.requestsFor(v.userId);
    return html`<h2>${T.requests} (${list.length})</h2>
${list.length === 0 ? html`<p class="muted">${ORG_TEXTS.requestsEmpty}</p>` : ''}
${await Promise.all(
  list.slice(0, REQUESTS_SHOWN).map(async (r) => {
    const card = await s.joining.card(r);
    return html`<div class="card request" data-request="${r.id}"><div class="pre">${card.text}</div>
<form class="inline" method="post" action="/app/people/approve">${formGuard(v.session.csrf, onceKey())}<input type="hidden" name="request" value="${r.id}"><button type="submit">${T.approve}</button></form>
<form class="inline" method="post" action="/app/people/reject">${formGuard(v.session.csrf, onceKey())}<input type="hidden" name="request" value="${r.id}">
<input type="text" name="reason" maxlength="${REJECT_REASON_MAX}" placeholder="${T.reasonPlaceholder}" aria-label="${T.reasonPlaceholder}"><button type="submit" class="danger">${T.reject}</button></form></div>`;
  }),
)}${list.length > REQUESTS_SHOWN ? html`<p class="muted">${T.moreRequests(list.length - REQUESTS_SHOWN)}</p>` : ''}`;
  }

  async function render(v: Viewer, q: Query): Promise<Html> {
    const units = await org.unitsInScope(v.userId, 'members');
    const unit = q.unit && UNIT_ID.test(q.unit) && units.some((u) => u.id === q.unit) ? q.unit : '';
    const role = q.role && (ROLES as readonly string[]).includes(q.role) ? q.role : '';
    const status = q.status === 'pending' || q.status === 'verified' ? q.status : '';
    const consent = q.consent === 'yes' || q.consent === 'no' ? q.consent : '';
    const query = await v.search('/people');
    const configured = new Set(s.config.ADMIN_USER_IDS);
    const consentCell = (r: Row) =>
      r.consentAt ? ORG_TEXTS.ruDate(r.consentAt, zone) : configured.has(r.userId) && r.membership.role === 'admin' ? T.configuredAdmin : T.noConsent;
    // The whole staff (no search, no class, an organisation-wide viewer): a page by cursor.
    const staffRoles = role ? [role as Role] : STAFF_ROLES;
    const staffListing = !query && !unit && v.scope('members') === 'all' && staffRoles.every((r) => STAFF_ROLES.includes(r));
    const token = staffListing ? parseStaffToken(q.after, staffRoles.length) : null;
    const keep = (r: Row) =>
      (!unit || r.membership.unitId === unit) &&
      (!role || r.membership.role === role) &&
      (!status || r.membership.status === status) &&
      (!consent || (consent === 'yes') === (r.consentAt !== null));
    const staff = token ? await staffPage(staffRoles, token, keep) : null;
    const { rows: all, hint } = staff ? { rows: staff.rows, hint: undefined } : await selection(v, { unit, role, query });
    // Unfiltered, the list is the staff only: say so, and how to see everyone else.
    const note = staff && !role ? T.staffByDefault : undefined;
    const rows = all.filter(keep).sort((a, b) => BY_NAME.compare(a.fullName ?? '', b.fullName ?? '') || a.userId - b.userId);
    const pages = staff ? 1 : Math.max(1, Math.ceil(rows.length / PEOPLE_PAGE_SIZE));
    const page = Math.min(pages, Math.max(1, Number.parseInt(q.page ?? '1', 10) || 1));
    const shown = staff ? rows : rows.slice((page - 1) * PEOPLE_PAGE_SIZE, page * PEOPLE_PAGE_SIZE);
    const unitName = new Map(units.map((u) => [u.id, u.name]));
    const zone = (await org.org.settings()).timeZone;
    const option = (value: string, label: string, current: string) =>
      html`<option value="${value}"${value === current ? html` selected` : ''}>${label}</option>`;
    const filters = { ...(unit ? { unit } : {}), ...(role ? { role } : {}), ...(status ? { status } : {}), ...(consent ? { consent } : {}) };
    return html`${await requestsBlock(v)}
<h2>${T.people}</h2>
<form class="filters" method="get" action="/app/people">
<select name="unit" aria-label="{Unit}">${option('', T.anyUnit, unit)}${units.map((u) => option(u.id, u.name, unit))}</select>
<select name="role" aria-label="Роль">${option('', T.anyRole, role)}${ROLES.map((r) => option(r, ROLE_TITLES_RU[r], role))}</select>
<select name="status" aria-label="Статус">${option('', T.anyStatus, status)}${option('pending', STATUS_RU.pending, status)}${option('verified', STATUS_RU.verified, status)}</select>
<select name="consent" aria-label="Согласие">${option('', T.anyConsent, consent)}${option('yes', T.consentYes, consent)}${option('no', T.consentNo, consent)}</select>
<noscript><button type="submit">Показать</button></noscript></form>
<form class="inline" method="post" action="/app/search">${formGuard(v.session.csrf)}<input type="hidden" name="page" value="/people"><input type="hidden" name="back" value="/app/people?${new URLSearchParams(filters).toString()}">
<input type="search" name="q" value="${query}" placeholder="${T.searchPlaceholder}" aria-label="${T.searchPlaceholder}"><button type="submit">${W.search}</button></form>
${hint ? html`<p class="muted">${hint}</p>` : ''}${note ? html`<p class="muted" data-note="staff">${note}</p>` : ''}
${shown.length === 0 && !hint ? html`<p class="muted">${query ? W.nothingFound : W.empty}</p>` : ''}
${
  shown.length > 0
    ? html`<div class="table-wrap"><table class="cards"><thead><tr><th>ФИО</th><th>Роль</th><th>Статус</th><th>Согласие</th></tr></thead><tbody>
${shown.map(
  (
    r,
  ) => html`<tr><td data-label="ФИО">${r.fullName ?? `id ${r.userId}`}</td><td data-label="Роль">${ROLE_TITLES_RU[r.membership.role]}${r.membership.unitId ? `, ${unitName.get(r.membership.unitId) ?? r.membership.unitId}` : ''}</td>
<td data-label="Статус">${statusOf(r.membership.status, r.fullName)}</td><td data-label="Согласие">${consentCell(r)}</td></tr>`,
)}</tbody></table></div>
${staff ? html`<p class="muted">${T.staffShown(shown.length, staff.total)}</p>` : html`<p class="muted">${W.shown((page - 1) * PEOPLE_PAGE_SIZE + 1, (page - 1) * PEOPLE_PAGE_SIZE + shown.length, rows.length)}</p>`}`
    : ''
}
${staff ? staffPager(filters, q.after !== undefined && q.after !== '', staff.next) : pager('/app/people', filters, page, pages)}`;
  }

  /** The form's request id and one-time key (the decision's idempotency key), or null when malformed. */
  const decisionInput = (form: Query) =>
    form.request && REQUEST_ID.test(form.request) && form._key && ONCE_KEY.test(form._key) ? { id: form.request, key: `web:${form._key}` } : null;

  return {
    pages: [{ path: '/people', title: T.title, command: 'members', nav: true, render }],
    actions: [
      {
        path: '/people/approve',
        command: 'requests',
        async run(v, form) {
          const input = decisionInput(form);
          if (!input) return { ok: false, text: ORG_TEXTS.requestGone, to: '/app/people' };
          const res = await org.approve(v.userId, input.id, input.key);
          if (res.result === 'denied') return { ok: false, text: DENIALS.not_allowed, to: '/app/people' };
          if (res.result === 'already') return { ok: false, text: ORG_TEXTS.alreadyDecided, to: '/app/people' };
          // A younger pupil: approved, but verified only with a parent's consent (asked in the bot).
          if (res.result === 'consent' && res.request) return { ok: true, text: CONSENT_TEXTS.heldPanel(res.request.fullName), to: '/app/people' };
          if (res.result !== 'ok' || !res.request) return { ok: false, text: ORG_TEXTS.requestGone, to: '/app/people' };
          // The person is told in MAX, as after the bot's «Подтвердить» button.
          await s.outbox.send(
            [{ to: { userId: res.request.userId }, text: ORG_TEXTS.youApproved(res.request.role, await org.unitName(res.request.unitId)) }],
            input.key,
          );
          return { ok: true, text: ORG_TEXTS.approved(res.request.fullName), to: '/app/people' };
        },
      },
      {
        path: '/people/reject',
        command: 'requests',
        async run(v, form) {
          const input = decisionInput(form);
          if (!input) return { ok: false, text: ORG_TEXTS.requestGone, to: '/app/people' };
          const reason = (form.reason ?? '').trim();
          if (reason.length > REJECT_REASON_MAX) return { ok: false, text: T.reasonTooLong, to: '/app/people' };
          // The same step the bot's reject flow ends with; what it says to the reviewer is shown here instead.
          const { messages, afterCommit } = outcomeParts(await s.joining.reject(v.userId, input.id, reason, input.key));
          const mine = messages.filter((m) => 'userId' in m.to && m.to.userId === v.userId);
          const others = messages.filter((m) => !mine.includes(m));
          if (others.length > 0) await s.outbox.send(others, input.key);
          // The names go once the messages naming them are queued (see Joining.reject).
          await afterCommit();
          return { ok: others.length > 0, text: mine.map((m) => m.text).join(' ') || ORG_TEXTS.requestGone, to: '/app/people' };
        },
      },
    ],
  };
}
