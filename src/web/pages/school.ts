// «Школа» (the tab is named by the organisation's kind: «Колледж», …): the classes with their curators and counts; create, rename, archive a class;
// appoint a curator (searchable). Everything through Structure, as /unit and /curator do.
import { ownWordsIn } from '../../policy/unit-word.js';
import { randomBytes } from 'node:crypto';
import { type Unit, UNIT_ID } from '../../store/org-store.js';
import { matchesQuery } from '../../bot/picker.js';
import { BY_NAME, formGuard, html, pager, type Html } from '../html.js';
import type { PanelFeature, Query, Viewer } from '../panel.js';
import type { PanelServices } from '../services.js';
import { WEB_TEXTS as W } from '../texts.js';
import { ORG_TEXTS } from '../../org/texts.js';

export const PAGE_SIZE = 30;

const T = ownWordsIn({
  title: '{Org}',
  unitTitle: '{Unit}',
  create: 'Создать {unit:acc}',
  createPlaceholder: 'Например, 5А',
  searchPlaceholder: 'Название {unit:gen}',
  curators: 'Руководитель',
  nobody: 'не назначен',
  members: (n: number) => `участников: ${n}`,
  waiting: (n: number) => `ждут подтверждения: ${n}`,
  open: 'Открыть',
  rename: 'Переименовать',
  archive: 'В архив',
  appoint: 'Назначить руководителем',
  teacherSearch: 'Фамилия учителя',
  noTeachers: 'Подтверждённых учителей не найдено.',
  searchTeacher: 'Учителей много — найдите нужного по фамилии.',
  unitGone: 'Так{ого|ой|ого} {unit:gen} нет.',
  curatorOf: (name: string) => `Руководитель «${name}»`,
});

const onceKey = () => randomBytes(12).toString('base64url');

export function schoolFeature(s: PanelServices): PanelFeature {
  const org = s.organisation;

  async function pendingByUnit(): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    for (const r of await org.requests.pending()) if (r.unitId) out.set(r.unitId, (out.get(r.unitId) ?? 0) + 1);
    return out;
  }

  async function curatorNames(units: Unit[]): Promise<Map<string, string>> {
    const lists = await Promise.all(units.map((u) => org.org.curators(u.id)));
    const names = await org.people.fullNames([...new Set(lists.flat())]);
    return new Map(units.map((u, i) => [u.id, lists[i]!.map((id) => names.get(id) ?? `id ${id}`).join(', ')]));
  }

  async function memberCounts(units: Unit[]): Promise<number[]> {
    const pipe = s.redis.pipeline();
    for (const u of units) pipe.scard(s.keys.unitPeople(u.id));
    return ((await pipe.exec()) ?? []).map((r) => Number(r[1] ?? 0));
  }

  const searchForm = (v: Viewer, page: string, scope: string, value: string, placeholder: string, back: string) => html`
<form class="inline" method="post" action="/app/search">${formGuard(v.session.csrf)}
<input type="hidden" name="page" value="${page}"><input type="hidden" name="scope" value="${scope}"><input type="hidden" name="back" value="${back}">
<input type="search" name="q" value="${value}" placeholder="${placeholder}" aria-label="${placeholder}"><button type="submit">${W.search}</button></form>`;

  async function renderList(v: Viewer, q: Query): Promise<Html> {
    const query = await v.search('/school');
    const all = (await org.unitsInScope(v.userId, 'units')).filter((u) => !query || matchesQuery(u.name, query));
    const pages = Math.max(1, Math.ceil(all.length / PAGE_SIZE));
    const page = Math.min(pages, Math.max(1, Number.parseInt(q.page ?? '1', 10) || 1));
    const units = all.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);
    const [curators, counts, pending] = await Promise.all([curatorNames(units), memberCounts(units), pendingByUnit()]);
    return html`
${
  v.may('unit')
    ? html`<form class="inline" method="post" action="/app/school/create">${formGuard(v.session.csrf)}
<input type="text" name="name" required maxlength="40" placeholder="${T.createPlaceholder}" aria-label="${T.create}"><button type="submit">${T.create}</button></form>`
    : ''
}
${searchForm(v, '/school', '', query, T.searchPlaceholder, '/app/school')}
${units.length === 0 ? html`<p class="muted">${query ? W.nothingFound : W.empty}</p>` : ''}
${units.map(
  (u, i) => html`<div class="card" data-unit="${u.id}"><h3><a href="/app/school/unit?id=${u.id}">${u.name}</a></h3>
<div class="muted">${T.curators}: ${curators.get(u.id) || T.nobody}</div>
<div class="muted">${T.members(counts[i] ?? 0)}${pending.get(u.id) ? html` · ${T.waiting(pending.get(u.id)!)}` : ''}</div></div>`,
)}
${all.length > 0 ? html`<p class="muted">${W.shown((page - 1) * PAGE_SIZE + 1, (page - 1) * PAGE_SIZE + units.length, all.length)}</p>` : ''}
${pager('/app/school', {}, page, pages)}`;
  }

  /** Verified teachers matching the search; null when there are too many to list without one. */
  async function teacherCandidates(query: string): Promise<Array<{ id: number; name: string }> | null> {
    if (query) {
      const [found, teachers] = await Promise.all([s.names.search(query), org.people.holders('teacher', 'verified')]);
      const verified = new Set(teachers);
      const out = found.ids.filter((id) => verified.has(id)).map((id) => ({ id, name: found.names.get(id)! }));
      return out.sort((a, b) => BY_NAME.compare(a.name, b.name)).slice(0, PAGE_SIZE);
    }
    // Without a search, the list only when it is short: a large school searches by surname.
    if ((await s.redis.scard(s.keys.roleHolders('teacher'))) > PAGE_SIZE) return null;
    const ids = await org.people.holders('teacher', 'verified');
    const names = await org.people.fullNames(ids);
    return ids.map((id) => ({ id, name: names.get(id) ?? `id ${id}` })).sort((a, b) => BY_NAME.compare(a.name, b.name));
  }

  async function renderUnit(v: Viewer, q: Query): Promise<Html> {
    const id = q.id ?? '';
    const unit = UNIT_ID.test(id) ? await org.org.unit(id) : null;
    if (!unit || unit.archived || !v.may('units', { unitId: unit.id })) return html`<p>${T.unitGone}</p><p><a href="/app/school">${W.back}</a></p>`;
    const [curators, [count], pending] = await Promise.all([curatorNames([unit]), memberCounts([unit]), pendingByUnit()]);
    const parts: Html[] = [
      html`<div class="card"><h3>${unit.name}</h3><div class="muted">${T.curators}: ${curators.get(unit.id) || T.nobody}</div>
<div class="muted">${T.members(count ?? 0)}${pending.get(unit.id) ? html` · ${T.waiting(pending.get(unit.id)!)}` : ''}</div>
<p><a href="/app/people?unit=${unit.id}">Люди эт{ого|ой|ого} {unit:gen}</a></p></div>`,
    ];
    if (v.may('unit') && !unit.staffRoom) {
      parts.push(html`<h2>${T.rename}</h2><form class="inline" method="post" action="/app/school/rename">${formGuard(v.session.csrf)}
<input type="hidden" name="unit" value="${unit.id}"><input type="text" name="name" required maxlength="40" value="${unit.name}" aria-label="${T.rename}"><button type="submit">${W.save}</button></form>
<form method="post" action="/app/school/archive" data-confirm="${ORG_TEXTS.archiveConfirm(unit.name)}">${formGuard(v.session.csrf)}
<input type="hidden" name="unit" value="${unit.id}"><button type="submit" class="danger">${T.archive}</button></form>`);
    }
    if (v.may('curator') && !unit.staffRoom) {
      const query = await v.search(`/school/unit#curator`);
      const teachers = await teacherCandidates(query);
      parts.push(html`<h2>${T.curatorOf(unit.name)}</h2>
${searchForm(v, '/school/unit', 'curator', query, T.teacherSearch, `/app/school/unit?id=${unit.id}`)}
${teachers === null ? html`<p class="muted">${T.searchTeacher}</p>` : teachers.length === 0 ? html`<p class="muted">${T.noTeachers}</p>` : ''}
${(teachers ?? []).map(
  (t) => html`<form class="inline" method="post" action="/app/school/curator">${formGuard(v.session.csrf)}
<input type="hidden" name="unit" value="${unit.id}"><input type="hidden" name="user" value="${t.id}"><span>${t.name}</span><button type="submit" class="secondary">${T.appoint}</button></form>`,
)}`);
    }
    parts.push(html`<p><a href="/app/school">${W.back}</a></p>`);
    return html`${parts}`;
  }

  const unitOf = async (id: string | undefined) => (id && UNIT_ID.test(id) ? await org.org.unit(id) : null);
  const back = (unit: Unit | null) => (unit ? `/app/school/unit?id=${unit.id}` : '/app/school');

  return {
    pages: [
      { path: '/school', title: T.title, command: 'units', nav: true, render: renderList },
      { path: '/school/unit', title: T.unitTitle, command: 'units', nav: false, render: renderUnit },
    ],
    actions: [
      {
        path: '/school/create',
        command: 'unit',
        async run(v, form) {
          const r = await s.structure.createUnit(v.userId, form.name ?? '');
          return { ...r, to: r.ok && r.unit ? back(r.unit) : '/app/school' };
        },
      },
      {
        path: '/school/rename',
        command: 'unit',
        async run(v, form) {
          const unit = await unitOf(form.unit);
          if (!unit || unit.archived) return { ok: false, text: T.unitGone, to: '/app/school' };
          return { ...(await s.structure.renameUnit(v.userId, unit, form.name ?? '')), to: back(unit) };
        },
      },
      {
        path: '/school/archive',
        command: 'unit',
        async run(v, form) {
          const unit = await unitOf(form.unit);
          if (!unit || unit.archived) return { ok: false, text: T.unitGone, to: '/app/school' };
          return { ...(await s.structure.archiveUnit(v.userId, unit, `web:archive:${unit.id}`)), to: '/app/school' };
        },
      },
      {
        path: '/school/curator',
        command: 'curator',
        async run(v, form) {
          const unit = await unitOf(form.unit);
          const userId = /^\d{1,15}$/.test(form.user ?? '') ? Number(form.user) : 0;
          if (!unit) return { ok: false, text: T.unitGone, to: '/app/school' };
          const r = await s.structure.appointCurator(v.userId, unit.id, userId);
          // The new curator is told in MAX, as after the /curator button.
          if (r.messages.length > 0) await s.outbox.send(r.messages, `web:curator:${unit.id}:${userId}:${onceKey()}`);
          return { ok: r.result === 'ok' || r.result === 'already', text: r.text, to: back(unit) };
        },
      },
    ],
  };
}
