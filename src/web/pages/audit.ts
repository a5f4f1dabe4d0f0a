// «Журнал»: the audit log (as /audit shows it) with filters by action, by who acted and by
// day. The filters look at the latest AUDIT_WINDOW entries (a bounded read of the stream,
// newest first), then the page shows 50 of what matched.
import { marked, ownWordsIn } from '../../policy/unit-word.js';
import { dayOf } from '../../policy/days.js';
import { AUDIT_ACTIONS_RU } from '../../policy/audit-text.js';
import { ORG_TEXTS } from '../../org/texts.js';
import { BY_NAME, html, pager, type Html } from '../html.js';
import { STAFF_ROLES } from '../../policy/roles.js';
import type { PanelFeature, Query, Viewer } from '../panel.js';
import type { PanelServices } from '../services.js';
import { WEB_TEXTS as W } from '../texts.js';
import { readableEntries } from './audit-readable.js';

const AUDIT_WINDOW = 2_000;
const PAGE_SIZE = 50;
/** Every action the log knows (the workbook export names them in Russian). */
const AUDIT_ACTIONS: ReadonlySet<string> = new Set(Object.keys(AUDIT_ACTIONS_RU));

const T = ownWordsIn({
  title: 'Журнал',
  anyAction: 'Все действия',
  actor: 'Кто',
  anyActor: 'Все сотрудники',
  day: 'День',
  show: 'Показать',
  window: (n: number) => `Фильтры смотрят последние ${n} записей журнала.`,
  bot: 'бот',
});

export function auditFeature(s: PanelServices): PanelFeature {
  const org = s.organisation;

  async function render(_v: Viewer, q: Query): Promise<Html> {
    const action = q.action && AUDIT_ACTIONS.has(q.action) ? q.action : '';
    const actor = q.actor && /^\d{1,15}$/.test(q.actor) ? Number(q.actor) : null;
    const day = q.day && /^\d{4}-\d{2}-\d{2}$/.test(q.day) ? q.day : '';
    const wanted = Math.max(1, Number.parseInt(q.page ?? '1', 10) || 1);
    // Unfiltered, only the entries up to the page asked for are read; filtered, the latest window.
    const entries = await org.audit.latest(action || actor !== null || day ? AUDIT_WINDOW : Math.min(AUDIT_WINDOW, wanted * PAGE_SIZE + 1));
    const actions = [...AUDIT_ACTIONS].sort();
    const zone = (await org.org.settings()).timeZone;
    const matched = entries.filter((e) => (!action || e.action === action) && (actor === null || e.actor === actor) && (!day || dayOf(e.at, zone) === day));
    const pages = Math.max(1, Math.ceil(matched.length / PAGE_SIZE));
    const page = Math.min(pages, wanted);
    const shown = matched.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);
    const readable = await readableEntries(s, shown);
    // Who may be picked: the organisation's staff, by name (the filter keeps their id).
    const staffIds = new Set<number>();
    for (const role of STAFF_ROLES) for (const id of await org.people.holders(role)) staffIds.add(id);
    if (actor !== null) staffIds.add(actor);
    const staffNames = await org.people.fullNames([...staffIds]);
    const staff = [...staffIds].map((id) => [id, staffNames.get(id) ?? `id ${id}`] as const).sort((a, b) => BY_NAME.compare(a[1], b[1]));
    const option = (value: string, label: string) => html`<option value="${value}"${value === action ? html` selected` : ''}>${label}</option>`;
    const filters = { ...(action ? { action } : {}), ...(actor !== null ? { actor: String(actor) } : {}), ...(day ? { day } : {}) };
    return html`<form class="filters" method="get" action="/app/audit">
<select name="action" aria-label="Действие">${option('', T.anyAction)}${actions.map((a) => option(a, marked(AUDIT_ACTIONS_RU[a as keyof typeof AUDIT_ACTIONS_RU] ?? a)))}</select>
<select name="actor" aria-label="${T.actor}"><option value="">${T.anyActor}</option>${staff.map(([id, name]) => html`<option value="${id}"${id === actor ? html` selected` : ''}>${name}</option>`)}</select>
<label>${T.day}<input type="date" name="day" value="${day}"></label>
<button type="submit" class="secondary">${T.show}</button></form>
<p class="muted">${T.window(AUDIT_WINDOW)}</p>
${
  shown.length === 0
    ? html`<p class="muted">${W.nothingFound}</p>`
    : html`<div class="table-wrap"><table class="cards"><thead><tr><th>Когда</th><th>Кто</th><th>Что</th><th>Кого</th></tr></thead><tbody>
${shown.map((e, i) => {
  const r = readable[i]!;
  return html`<tr><td data-label="Когда">${ORG_TEXTS.ruDateTime(e.at, zone)}</td><td data-label="Кто">${r.who}</td><td data-label="Что">${r.what}</td>
<td data-label="Кого">${r.target}${r.details ? html`<div class="muted">${r.details}</div>` : ''}</td></tr>`;
})}</tbody></table></div>`
}
${pager('/app/audit', filters, page, pages)}`;
  }

  return { pages: [{ path: '/audit', title: T.title, command: 'audit', nav: true, render }] };
}
