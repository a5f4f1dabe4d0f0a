// «Чаты»: every bound chat the viewer may see (as /chats shows them): its kind, class, the
// bot's missing rights, who belongs and who has not joined; a chat's card asks MAX for its
// members to show the strangers (Chats.diff, as /sync does).
import { ownWordsIn } from '../../policy/unit-word.js';
import { CHAT_KIND_TITLES_RU } from '../../policy/chat-membership.js';
import { Chats } from '../../chats/chats.js';
import type { ChatRecord } from '../../store/chat-store.js';
import { html, type Html } from '../html.js';
import type { PanelFeature, Query, Viewer } from '../panel.js';
import type { PanelServices } from '../services.js';
import { WEB_TEXTS as W } from '../texts.js';
import { marked } from '../../policy/unit-word.js';

const T = ownWordsIn({
  title: 'Чаты',
  chatTitle: 'Чат',
  none: 'Привязанных чатов нет. Добавьте бота в чат Сферума и выполните там /bind.',
  org: 'Организация',
  belongs: (n: number) => `должны быть: ${n}`,
  joined: (n: number) => `вступили: ${n}`,
  notJoined: 'Ещё не вступили',
  byHand: 'Добавить вручную',
  strangers: 'Посторонние в чате',
  noStrangers: 'Посторонних нет.',
  rightsOk: 'Права бота: все нужные есть.',
  open: 'Подробнее',
  gone: 'Такого чата нет.',
  unreachable: 'MAX не ответил — список участников сейчас недоступен.',
});

export function chatsFeature(s: PanelServices): PanelFeature {
  const org = s.organisation;

  const missingRights = (c: ChatRecord) => Chats.missingRights(c);

  async function summary(c: ChatRecord): Promise<{ joined: number[]; notJoined: number[]; byHand: number[] }> {
    const placements = [...(await s.chats.store.placements(c.chatId))];
    const ids = (states: string[]) => placements.filter(([, p]) => states.includes(p.state)).map(([id]) => id);
    return { joined: ids(['present']), notJoined: ids(['link_sent']), byHand: ids(['manual', 'failed']) };
  }

  async function render(v: Viewer): Promise<Html> {
    const list = await s.chats.inScope(v.userId);
    if (list.length === 0) return html`<p class="muted">${T.none}</p>`;
    const cards = await Promise.all(
      list.map(async (c) => {
        const sum = await summary(c);
        const rights = missingRights(c);
        return html`<div class="card" data-chat="${c.chatId}"><h3><a href="/app/chats/chat?id=${c.chatId}">${c.title}</a></h3>
<div class="muted">${c.kind ? marked(CHAT_KIND_TITLES_RU[c.kind]) : ''} · ${c.unitId ? ((await org.unitName(c.unitId)) ?? c.unitId) : T.org}</div>
<div class="muted">${T.joined(sum.joined.length)}${sum.notJoined.length ? html` · ${T.notJoined.toLowerCase()}: ${sum.notJoined.length}` : ''}${sum.byHand.length ? html` · ${T.byHand.toLowerCase()}: ${sum.byHand.length}` : ''}</div>
${rights.length ? html`<ul>${rights.map((r) => html`<li>${r}</li>`)}</ul>` : ''}</div>`;
      }),
    );
    return html`${cards}`;
  }

  async function renderChat(v: Viewer, q: Query): Promise<Html> {
    const id = /^-?\d{1,19}$/.test(q.id ?? '') ? Number(q.id) : NaN;
    const chat = (await s.chats.inScope(v.userId)).find((c) => c.chatId === id);
    if (!chat) return html`<p>${T.gone}</p><p><a href="/app/chats">${W.back}</a></p>`;
    const sum = await summary(chat);
    const names = await org.people.fullNames([...sum.notJoined, ...sum.byHand]);
    const nameList = (ids: number[]) => html`<ul>${ids.map((i) => html`<li>${names.get(i) ?? `id ${i}`}</li>`)}</ul>`;
    let strangers: Html;
    let belongs = 0;
    try {
      const diff = await s.chats.diff(chat);
      belongs = diff.expected.size;
      strangers =
        diff.strangers.length === 0 ? html`<p class="muted">${T.noStrangers}</p>` : html`<ul>${diff.strangers.map((m) => html`<li>${m.name}</li>`)}</ul>`;
    } catch {
      strangers = html`<p class="muted">${T.unreachable}</p>`;
    }
    const rights = missingRights(chat);
    return html`<div class="card"><h3>${chat.title}</h3><div class="muted">${chat.kind ? marked(CHAT_KIND_TITLES_RU[chat.kind]) : ''} · ${chat.unitId ? ((await org.unitName(chat.unitId)) ?? chat.unitId) : T.org}</div>
<div class="muted">${T.belongs(belongs)} · ${T.joined(sum.joined.length)}</div>
${rights.length ? html`<ul>${rights.map((r) => html`<li>${r}</li>`)}</ul>` : html`<p class="muted">${T.rightsOk}</p>`}</div>
${sum.notJoined.length ? html`<h2>${T.notJoined}</h2>${nameList(sum.notJoined)}` : ''}
${sum.byHand.length ? html`<h2>${T.byHand}</h2>${nameList(sum.byHand)}` : ''}
<h2>${T.strangers}</h2>${strangers}
<p><a href="/app/chats">${W.back}</a></p>`;
  }

  return {
    pages: [
      { path: '/chats', title: T.title, command: 'chats', nav: true, render },
      { path: '/chats/chat', title: T.chatTitle, command: 'chats', nav: false, render: renderChat },
    ],
  };
}
