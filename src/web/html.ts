// Server-rendered HTML: a tagged template that escapes every value unless it is
// already HTML (made by this same template), and the page frame.
//
// Pages are rendered with the organisation's unit word at the end (panel.ts: withUnitWord), so
// every value put into a page has its raw braces hidden: a chat's title, a person's name, a
// unit's name are shown as people wrote them on every page. Only the template's own literal
// text and texts whose marks are live (a texts module wrapped in ownWordsIn, or `marked()`)
// have their {unit…}, {org…} and {a|b|c} marks filled.
import { hideRaw, marked } from '../policy/unit-word.js';
const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** A piece of HTML that is safe to insert as it is. */
export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

/** Russian alphabetical order for names (one collator: localeCompare with a locale builds one a call). */
export const BY_NAME = new Intl.Collator('ru');

/** Markup made by trusted code (the QR code generator's SVG), inserted as it is. */
export const trustedMarkup = (markup: string) => new Html(markup);

export const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

type Part = Html | string | number | null | undefined | false | Part[];

function render(part: Part): string {
  if (part === null || part === undefined || part === false) return '';
  if (Array.isArray(part)) return part.map(render).join('');
  if (part instanceof Html) return part.value;
  return escapeHtml(hideRaw(String(part)));
}

export function html(strings: TemplateStringsArray, ...values: Part[]): Html {
  let out = strings[0] ?? '';
  for (const [i, v] of values.entries()) out += render(v) + (strings[i + 1] ?? '');
  return new Html(out);
}

export interface NavItem {
  href: string;
  title: string;
  current: boolean;
}

/**
 * The whole page: the same frame for every page, one stylesheet, one script, no inline code.
 * The notice is an action's answer — a bot text (people's words in it already protected by its
 * texts module), so its marks are filled like a message's.
 */
export function pageFrame(p: { title: string; nav: NavItem[]; notice?: { text: string; ok: boolean } | null; body: Html }): string {
  return html`<!doctype html>
<html lang="ru"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${p.title}</title><link rel="stylesheet" href="/app/static/panel.css"><script src="/app/static/panel.js" defer></script></head>
<body><header><nav>${p.nav.map((n) => html`<a href="${n.href}"${n.current ? html` aria-current="page"` : ''}>${n.title}</a>`)}</nav></header>
<main><h1>${p.title}</h1>${p.notice ? html`<p class="notice ${p.notice.ok ? 'ok' : 'bad'}" role="status">${marked(p.notice.text)}</p>` : ''}${p.body}</main></body></html>`
    .value;
}

/** A page with a title and a paragraph and nothing else (refusals, errors). */
export function plainPage(title: string, text: string): string {
  return html`<!doctype html>
<html lang="ru"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title><link rel="stylesheet" href="/app/static/panel.css"></head>
<body><main class="plain"><h1>${title}</h1><p>${text}</p></main></body></html>`.value;
}

/** Hidden fields every form that changes something carries: the session's CSRF token and a one-time key. */
export function formGuard(csrf: string, onceKey?: string): Html {
  return html`<input type="hidden" name="_csrf" value="${csrf}">${onceKey ? html`<input type="hidden" name="_key" value="${onceKey}">` : ''}`;
}

/** "1 2 3 … N" page links over the current query. */
export function pager(base: string, query: Record<string, string>, page: number, pages: number): Html {
  if (pages <= 1) return html``;
  const link = (n: number) => {
    const q = new URLSearchParams({ ...query, page: String(n) });
    return html`<a href="${base}?${q.toString()}"${n === page ? html` aria-current="page"` : ''}>${n}</a>`;
  };
  const shown = [...new Set([1, page - 1, page, page + 1, pages])].filter((n) => n >= 1 && n <= pages).sort((a, b) => a - b);
  return html`<nav class="pager">${shown.map((n) => link(n))}</nav>`;
}
