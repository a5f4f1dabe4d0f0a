// «Приглашения»: create (role, class, uses, days; several at once for a parents' meeting),
// each with its link and QR code (PNG), a printable sheet, revoke one or every unused one.
// Everything through Invitations, as /invite, /invites and /revoke do. An invite is named in
// URLs by the first 6 characters of its code (as in the audit), never by the whole code.
import { ownWordsIn } from '../../policy/unit-word.js';
import { UNIT_ID } from '../../store/org-store.js';
import QRCode from 'qrcode';
import { DEFAULT_INVITE_DAYS, DEFAULT_INVITE_USES, INVITE_DAYS_MAX, INVITE_USES_MAX } from '../../policy/invite-args.js';
import { CURATOR_INVITABLE } from '../../policy/permissions.js';
import { ROLE_TITLES_RU, ROLES, isRole } from '../../policy/roles.js';
import type { Invite } from '../../store/invite-store.js';
import { inviteLink } from '../../org/invitations.js';
import { ORG_TEXTS } from '../../org/texts.js';
import { formGuard, html, trustedMarkup, type Html } from '../html.js';
import type { PanelFeature, Query, Viewer } from '../panel.js';
import type { PanelServices } from '../services.js';
import { WEB_TEXTS as W } from '../texts.js';
import { randomBytes } from 'node:crypto';

/** Invites made by one form at most (one sheet for a class meeting). */
const INVITES_PER_FORM = 40;
/** Invite cards on the page (a sheet shows up to INVITES_PER_FORM of one class). */
const INVITES_SHOWN = 30;
const REF = /^[A-Za-z0-9_-]{6}$/;
const ONCE_KEY = /^[A-Za-z0-9_-]{16}$/;

const T = ownWordsIn({
  title: 'Приглашения',
  sheetTitle: 'Лист приглашений',
  create: 'Создать',
  role: 'Роль',
  unit: '{Unit}',
  wholeOrg: 'Вся организация',
  uses: 'Использований',
  days: 'Дней',
  count: 'Сколько ссылок',
  live: 'Действующие',
  none: 'Действующих приглашений нет.',
  line: (uses: number, max: number, until: string) => `использовано ${uses} из ${max}; до ${until}`,
  revoke: 'Отозвать',
  revokeConfirm: 'Отозвать это приглашение?',
  revokeUnused: 'Отозвать все неиспользованные',
  revokeUnusedConfirm: 'Отозвать все неиспользованные приглашения?',
  sheet: 'Лист для печати',
  print: 'Печать',
  scan: 'Наведите камеру телефона на код или откройте ссылку',
  created: (n: number) => (n === 1 ? 'Приглашение создано.' : `Создано приглашений: ${n}.`),
  gone: 'Такого приглашения нет.',
  png: 'QR-код картинкой (PNG)',
  more: (n: number) => `И ещё ${n} — сузьте список, выбрав {unit:acc} на листе для печати.`,
});

const onceKey = () => randomBytes(12).toString('base64url');

export function invitesFeature(s: PanelServices): PanelFeature {
  const org = s.organisation;

  async function visible(v: Viewer, unitId?: string): Promise<Invite[]> {
    return (await s.invitations.visible(v.userId, 'invites', unitId)).sort((a, b) => b.createdAt - a.createdAt);
  }

  const findByRef = async (v: Viewer, command: 'invites' | 'revoke', ref: string | undefined) =>
    ref && REF.test(ref) ? ((await s.invitations.visible(v.userId, command)).find((i) => i.code.startsWith(ref)) ?? null) : null;

  async function inviteCard(i: Invite, zone: string, v: Viewer | null): Promise<Html> {
    const ref = i.code.slice(0, 6);
    const link = inviteLink(s.botUsername(), i.code);
    // The QR code is drawn into the page (one request for the whole list); the PNG is a download.
    const svg = await QRCode.toString(link, { type: 'svg', margin: 2, errorCorrectionLevel: 'M' });
    return html`<div class="card" data-invite="${ref}"><h3>${ROLE_TITLES_RU[i.role]}${i.unitId ? `, ${(await org.unitName(i.unitId)) ?? ''}` : ''}</h3>
<div class="qr" role="img" aria-label="QR-код приглашения">${trustedMarkup(svg)}</div>
<p class="link">${link}</p>
<p class="no-print"><a href="/app/invites/qr.png?ref=${ref}" download="priglashenie-${ref}.png">${T.png}</a></p>
<p class="muted">${T.line(i.uses, i.maxUses, ORG_TEXTS.ruDate(i.expiresAt, zone))}</p>
${v?.may('revoke', { unitId: i.unitId }) ? html`<form method="post" action="/app/invites/revoke" data-confirm="${T.revokeConfirm}">${formGuard(v.session.csrf)}<input type="hidden" name="ref" value="${ref}"><button type="submit" class="secondary">${T.revoke}</button></form>` : ''}</div>`;
  }

  async function render(v: Viewer, q: Query): Promise<Html> {
    const zone = (await org.org.settings()).timeZone;
    const units = (await org.unitsInScope(v.userId, 'invite')).filter((u) => !u.archived);
    const roles = v.scope('invite') === 'all' ? ROLES : CURATOR_INVITABLE;
    const list = await visible(v);
    const role = q.role && isRole(q.role) ? q.role : roles[roles.length - 1]!;
    const option = (value: string, label: string, current: string) =>
      html`<option value="${value}"${value === current ? html` selected` : ''}>${label}</option>`;
    return html`
${
  v.may('invite')
    ? html`<form class="inline" method="post" action="/app/invites/create">${formGuard(v.session.csrf, onceKey())}
<label>${T.role} <select name="role">${roles.map((r) => option(r, ROLE_TITLES_RU[r], role))}</select></label>
<label>${T.unit} <select name="unit">${v.scope('invite') === 'all' ? option('', T.wholeOrg, '') : ''}${units.map((u) => option(u.id, u.name, q.unit ?? ''))}</select></label>
<label>${T.uses} <input type="number" name="uses" min="1" max="${INVITE_USES_MAX}" value="${DEFAULT_INVITE_USES[role]}"></label>
<label>${T.days} <input type="number" name="days" min="1" max="${INVITE_DAYS_MAX}" value="${DEFAULT_INVITE_DAYS}"></label>
<label>${T.count} <input type="number" name="count" min="1" max="${INVITES_PER_FORM}" value="1"></label>
<button type="submit">${T.create}</button></form>`
    : ''
}
<h2>${T.live} (${list.length})</h2>
${list.length === 0 ? html`<p class="muted">${T.none}</p>` : html`<p><a href="/app/invites/sheet">${T.sheet}</a></p>`}
${await Promise.all(list.slice(0, INVITES_SHOWN).map((i) => inviteCard(i, zone, v)))}
${list.length > INVITES_SHOWN ? html`<p class="muted">${T.more(list.length - INVITES_SHOWN)}</p>` : ''}
${v.may('revoke') && list.some((i) => i.uses === 0) ? html`<form method="post" action="/app/invites/revoke-unused" data-confirm="${T.revokeUnusedConfirm}">${formGuard(v.session.csrf)}<button type="submit" class="danger">${T.revokeUnused}</button></form>` : ''}`;
  }

  async function renderSheet(v: Viewer, q: Query): Promise<Html> {
    const zone = (await org.org.settings()).timeZone;
    const unitId = q.unit && UNIT_ID.test(q.unit) ? q.unit : undefined;
    const list = (await visible(v, unitId)).slice(0, INVITES_PER_FORM);
    const { name } = await org.org.settings();
    return html`<p class="no-print"><button type="button" data-print>${T.print}</button> <a href="/app/invites">${W.back}</a></p>
${list.length === 0 ? html`<p class="muted">${T.none}</p>` : ''}
<div class="sheet">${await Promise.all(
      list.map(async (i) => {
        const card = await inviteCard(i, zone, null);
        return html`${name ? html`<p class="muted">${name}</p>` : ''}${card}`;
      }),
    )}</div><p class="muted">${T.scan}</p>`;
  }

  return {
    pages: [
      { path: '/invites', title: T.title, command: 'invites', nav: true, render },
      { path: '/invites/sheet', title: T.sheetTitle, command: 'invites', nav: false, render: renderSheet },
    ],
    files: [
      {
        path: '/invites/qr.png',
        command: 'invites',
        async send(v, q, reply) {
          const invite = await findByRef(v, 'invites', q.ref);
          if (!invite) return reply.code(404).type('text/plain; charset=utf-8').send(T.gone);
          const png = await QRCode.toBuffer(inviteLink(s.botUsername(), invite.code), { type: 'png', width: 320, margin: 2, errorCorrectionLevel: 'M' });
          return reply.type('image/png').header('cache-control', 'no-store').send(png);
        },
      },
    ],
    actions: [
      {
        path: '/invites/create',
        command: 'invite',
        async run(v, form) {
          const role = isRole(form.role) ? form.role : null;
          const unit = form.unit && UNIT_ID.test(form.unit) ? await org.org.unit(form.unit) : null;
          const count = Math.min(INVITES_PER_FORM, Math.max(1, Number.parseInt(form.count ?? '1', 10) || 1));
          if (!role || (form.unit && !unit) || !form._key || !ONCE_KEY.test(form._key)) return { ok: false, text: T.gone, to: '/app/invites' };
          let made = 0;
          for (let n = 0; n < count; n++) {
            // The form's one-time key makes a repeated post answer with the same invites.
            const r = await s.invitations.create(v.userId, { role, unit, uses: Number(form.uses), days: Number(form.days) }, `web:${form._key}:${n}`);
            if (!r.ok) return { ok: false, text: r.text, to: '/app/invites' };
            made++;
          }
          return { ok: true, text: T.created(made), to: count > 1 && unit ? `/app/invites/sheet?unit=${unit.id}` : '/app/invites' };
        },
      },
      {
        path: '/invites/revoke',
        command: 'revoke',
        async run(v, form) {
          const invite = await findByRef(v, 'revoke', form.ref);
          if (!invite) return { ok: false, text: T.gone, to: '/app/invites' };
          return { ...(await s.invitations.revoke(v.userId, invite.code)), to: '/app/invites' };
        },
      },
      {
        path: '/invites/revoke-unused',
        command: 'revoke',
        async run(v) {
          const n = await s.invitations.revokeUnused(v.userId);
          return { ok: true, text: ORG_TEXTS.revokedMany(n), to: '/app/invites' };
        },
      },
    ],
  };
}
