// «Журнал»: the audit log (as /audit shows it) with filters by action, by who acted and by
// day. The filters look at the latest AUDIT_WINDOW entries (a bounded read of the stream,
// newest first), then the page shows 50 of what matched.
import type { AuditEntry } from '../../store/audit-log.js';
import { dayOf } from '../../reports/days.js';
import { AUDIT_ACTIONS_RU } from '../../reports/texts.js';
import { ORG_TEXTS } from '../../bot/org/texts.js';
import { html, pager, type Html } from '../html.js';
import type { PanelFeature, Query, Viewer } from '../panel.js';
import type { PanelServices } from '../services.js';
import { WEB_TEXTS as W } from '../texts.js';

const AUDIT_WINDOW = 2_000;
const PAGE_SIZE = 50;
/** Every action the log knows (the workbook export names them in Russian). */
const AUDIT_ACTIONS: ReadonlySet<string> = new Set(Object.keys(AUDIT_ACTIONS_RU));

const T = {
  title: 'Журнал',
  anyAction: 'Все действия',
  actor: 'id сотрудника',
  day: 'День',
  show: 'Показать',
  window: (n: number) => `Фильтры смотрят последние ${n} записей журнала.`,
  bot: 'бот',
};

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
    const names = await org.people.fullNames([...new Set(shown.map((e) => e.actor).filter((a) => a !== 0))]);
    const who = (e: AuditEntry) => (e.actor === 0 ? T.bot : `${names.get(e.actor) ?? ''} (${e.actor})`);
    const option = (value: string, label: string) => html`<option value="${value}"${value === action ? html` selected` : ''}>${label}</option>`;
    const filters = { ...(action ? { action } : {}), ...(actor !== null ? { actor: String(actor) } : {}), ...(day ? { day } : {}) };
    return html`<form class="filters" method="get" action="/app/audit">
<select name="action" aria-label="Действие">${option('', T.anyAction)}${actions.map((a) => option(a, AUDIT_ACTIONS_RU[a as keyof typeof AUDIT_ACTIONS_RU] ?? a))}</select>
<input type="number" name="actor" min="1" value="${actor ?? ''}" placeholder="${T.actor}" aria-label="${T.actor}">
<input type="text" name="day" value="${day}" placeholder="ГГГГ-ММ-ДД" pattern="\\d{4}-\\d{2}-\\d{2}" aria-label="${T.day}">
<button type="submit" class="secondary">${T.show}</button></form>
<p class="muted">${T.window(AUDIT_WINDOW)}</p>
${shown.length === 0 ? html`<p class="muted">${W.nothingFound}</p>` : html`<div class="table-wrap"><table><thead><tr><th>Когда</th><th>Кто</th><th>Что</th><th>Кого</th></tr></thead><tbody>
${shown.map(
  (e) => html`<tr><td>${ORG_TEXTS.ruDateTime(e.at, zone)}</td><td>${who(e)}</td><td>${AUDIT_ACTIONS_RU[e.action] ?? e.action}</td>
<td>${e.target}${Object.keys(e.details).length > 0 ? html`<div class="muted">${Object.entries(e.details).map(([k, v]) => `${k}=${v}`).join(' ')}</div>` : ''}</td></tr>`,
)}</tbody></table></div>`}
${pager('/app/audit', filters, page, pages)}`;
  }

  return { pages: [{ path: '/audit', title: T.title, command: 'audit', nav: true, render }] };
}
