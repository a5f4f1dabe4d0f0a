// The web panel (a MAX mini-app) on the bot's HTTP server, under /app. How it holds together:
//   GET  /app              the launch page: panel.js posts the URL fragment (MAX's launch data) to
//   POST /app/session      which checks the signature and age (launch-data.ts), accepts the launch
//                          once, checks the person's rights and answers with a session token
//                          (session.ts: no cookies, the panel runs in a third-party frame).
//   Pages are server-rendered HTML, but the browser never navigates to them with the token:
//   panel.js fetches every page, form post, image and download with `Authorization: Bearer …`
//   and swaps the page in (history kept with pushState). A request for a page without that
//   header (a reload, a typed address) gets the launch page again, whose script finds the token
//   in sessionStorage and loads the page. Every change is a POST with the session's CSRF token,
//   answered by a redirect (fetch follows it with the same header).
// Pages and changes come from feature modules (src/web/pages/*) as PageDef / ActionDef / FileDef;
// each names the command of the permission table it stands for, and this file checks it.
import { withUnitWord, withoutMarkChars } from '../policy/unit-word.js';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { authorize, scopeOf, type ActorRoles, type CommandName, type Scope } from '../policy/permissions.js';
import type { Role } from '../policy/roles.js';
import type { Logger } from '../log.js';
import type { PanelServices } from './services.js';
import { pageFrame, plainPage, html, type Html, type NavItem } from './html.js';
import { launchDataFromFragment, validateLaunchData } from './launch-data.js';
import { bearerToken, LaunchLedger, SessionStore, withinRate, type Session } from './session.js';
import { WEB_TEXTS as T } from './texts.js';

/** Requests one person may make in a minute (pages, files and changes together). */
const REQUESTS_PER_MINUTE = 240;
/** Refused launches one address may make in a minute. */
const BAD_LAUNCHES_PER_MINUTE = 30;

export interface Viewer {
  userId: number;
  actor: ActorRoles;
  session: Session;
  /** The widest scope the permission table gives this person for the command. */
  scope(command: CommandName): Scope | null;
  /** May the person run the command on this unit (and, for invites, for this role)? */
  may(command: CommandName, target?: { unitId?: string | null; role?: Role }): boolean;
  /** The text last searched for on a page (kept in the session: names never go in URLs). */
  search(key: string): Promise<string>;
}

export type Query = Record<string, string>;

/** A form as typed: the private-use characters that protect people's words are taken out (see unit-word.ts). */
const typedText = (form: Query): Query => Object.fromEntries(Object.entries(form).map(([k, v]) => [k, typeof v === 'string' ? withoutMarkChars(v) : v]));

export interface PageDef {
  /** Under /app, e.g. "/school". */
  path: string;
  title: string;
  /** The permission table's row that lets a person see the page. */
  command: CommandName;
  /** Shown in the top navigation (pages like a unit's card are not). */
  nav: boolean;
  render(viewer: Viewer, query: Query): Promise<Html>;
}

export interface ActionDef {
  path: string;
  command: CommandName;
  /** Does the change; answers with the line to show and where to go back to. */
  run(viewer: Viewer, form: Query): Promise<{ text: string; ok: boolean; to: string }>;
}

export interface FileDef {
  path: string;
  command: CommandName;
  send(viewer: Viewer, query: Query, reply: FastifyReply): Promise<unknown>;
}

export interface PanelFeature {
  pages?: PageDef[];
  actions?: ActionDef[];
  files?: FileDef[];
}

// Looked up by a name from the URL: a Map, so that `__proto__`, `constructor` or `toString`
// find nothing (an object literal would answer them from its prototype).
const STATIC = new Map<string, { file: string; type: string }>([
  ['panel.js', { file: 'panel.js', type: 'text/javascript; charset=utf-8' }],
  ['panel.css', { file: 'panel.css', type: 'text/css; charset=utf-8' }],
]);

// No inline script or style anywhere: one script and one stylesheet from this server.
const CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  // Images that need the session are fetched by panel.js and shown from blob: URLs.
  "img-src 'self' data: blob:",
  "form-action 'self'",
  "base-uri 'none'",
  "connect-src 'self'",
  // Opened by MAX's apps as a page of its own; the web version may frame it.
  "frame-ancestors 'self' https://max.ru https://*.max.ru",
].join('; ');

const FORM_FIELD_LIMIT = 4_000;

function parseForm(body: string): Query {
  const out: Query = {};
  for (const [k, v] of new URLSearchParams(body)) if (!(k in out)) out[k] = v.slice(0, FORM_FIELD_LIMIT);
  return out;
}

/** A request panel.js made (it always sends the session header), not the browser's own navigation. */
const fromScript = (req: FastifyRequest) => req.headers.authorization !== undefined;

/** The query string as flat strings (repeated keys: the first wins). */
function flatQuery(q: unknown): Query {
  const out: Query = {};
  if (q && typeof q === 'object') for (const [k, v] of Object.entries(q)) out[k] = String(Array.isArray(v) ? v[0] : v).slice(0, 200);
  return out;
}

export function registerPanel(server: FastifyInstance, services: PanelServices, features: PanelFeature[], log: Logger): void {
  // MINIAPP_URL may be the site's root: the browser keeps the fragment (the launch data) through a redirect.
  server.get('/', async (_req, reply) => reply.redirect('/app/', 302));
  const sessions = new SessionStore(services.redis, services.keys);
  const launches = new LaunchLedger(services.redis, services.keys);
  const org = services.organisation;
  const assets = new Map([...STATIC].map(([name, s]) => [name, readFileSync(new URL(`./data/${s.file}`, import.meta.url), 'utf8')]));
  const pages = features.flatMap((f) => f.pages ?? []);
  const actions = features.flatMap((f) => f.actions ?? []);
  const files = features.flatMap((f) => f.files ?? []);
  const firstPage = (v: Viewer) => pages.find((p) => p.nav && v.scope(p.command) !== null);

  const send = (reply: FastifyReply, code: number, body: string) => reply.code(code).type('text/html; charset=utf-8').send(body);
  const plain = (reply: FastifyReply, code: number, title: string, text: string) => send(reply, code, plainPage(title, text));

  async function viewerOf(session: Session): Promise<Viewer> {
    const actor = await org.actor(session.userId);
    return {
      userId: session.userId,
      actor,
      session,
      scope: (command) => scopeOf(actor, command),
      may: (command, target) => authorize(actor, command, target ?? {}).ok,
      search: (key) => sessions.search(session, key),
    };
  }

  /** Session, rate, staff check and the command's row of the table; null when a refusal was sent. */
  async function guard(req: FastifyRequest, reply: FastifyReply, command: CommandName): Promise<Viewer | null> {
    const session = await sessions.get(bearerToken(req.headers.authorization));
    if (!session) {
      plain(reply, 401, T.noSessionTitle, T.noSession);
      return null;
    }
    if (!(await withinRate(services.redis, services.keys, `u${session.userId}`, REQUESTS_PER_MINUTE, Date.now()))) {
      plain(reply, 429, T.tooManyTitle, T.tooMany);
      return null;
    }
    const viewer = await viewerOf(session);
    if (viewer.scope('units') === null) {
      plain(reply, 403, T.staffOnlyTitle, T.staffOnly);
      return null;
    }
    if (viewer.scope(command) === null) {
      plain(reply, 403, T.forbiddenTitle, T.forbidden);
      return null;
    }
    return viewer;
  }

  server.register(
    async (app) => {
      app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 64 * 1024 }, (_req, body, done) =>
        done(null, parseForm(String(body))),
      );
      app.addHook('onSend', async (_req, reply, payload) => {
        reply.header('content-security-policy', CSP);
        reply.header('x-content-type-options', 'nosniff');
        reply.header('referrer-policy', 'no-referrer');
        if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
        return payload;
      });
      app.setNotFoundHandler((_req, reply) => plain(reply, 404, T.notFoundTitle, T.notFound));
      app.setErrorHandler((err, req, reply) => {
        // The route, never the query or the body: those may carry names.
        log.error({ err, route: req.routeOptions.url, event: 'panel.error' }, 'panel request failed');
        return plain(reply, (err as { statusCode?: number }).statusCode === 400 ? 400 : 500, T.errorTitle, T.error);
      });

      app.get('/static/:name', async (req, reply) => {
        const name = (req.params as { name: string }).name;
        const asset = STATIC.get(name);
        const body = assets.get(name);
        if (!asset || body === undefined) return plain(reply, 404, T.notFoundTitle, T.notFound);
        return reply.type(asset.type).header('cache-control', 'public, max-age=300').send(body);
      });

      // The launch page, also answered to any page asked for without the session header (a reload
      // inside MAX): no data in it; panel.js posts the launch data from the fragment, or finds its
      // token in sessionStorage and loads the page the address names.
      const launchPage = html`<!doctype html><html lang="ru"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${T.launchTitle}</title><link rel="stylesheet" href="/app/static/panel.css"><script src="/app/static/panel.js" defer></script></head>
<body data-launch><main class="plain"><p id="wait">${T.launchWait}</p><noscript><p>${T.launchNoScript}</p></noscript>
<div id="lapsed" hidden><h1>${T.noSessionTitle}</h1><p>${T.noSession}</p></div></main></body></html>`.value;

      app.get('/', async (req, reply) => {
        if (!fromScript(req)) return send(reply, 200, launchPage);
        // The launch page's script, with a token but no page named: the person's first page.
        const viewer = await guard(req, reply, 'units');
        if (!viewer) return reply;
        return reply.redirect(`/app${firstPage(viewer)?.path ?? '/school'}`, 303);
      });

      app.post('/session', async (req, reply) => {
        // Another site (or a sibling subdomain) has no business exchanging launch data: the launch
        // page posts from the panel itself. (With a bearer token a cross-site post could not plant
        // a session anyway; refused all the same.)
        const site = req.headers['sec-fetch-site'];
        if (site === 'cross-site' || site === 'same-site') return plain(reply, 403, T.badSignatureTitle, T.badSignature);
        const form = (req.body ?? {}) as Query;
        const raw = launchDataFromFragment(form.fragment ?? '');
        const check = raw ? validateLaunchData(raw, services.config.MAX_BOT_TOKEN, org.now()) : ({ ok: false, reason: 'malformed' } as const);
        if (!check.ok) {
          log.warn({ event: 'panel.launch_refused', reason: check.reason }, 'panel launch data refused');
          // The address only as a short hash, and only for two minutes.
          const ipKey = `ip${createHash('sha256').update(req.ip).digest('base64url').slice(0, 16)}`;
          if (!(await withinRate(services.redis, services.keys, ipKey, BAD_LAUNCHES_PER_MINUTE, Date.now())))
            return plain(reply, 429, T.tooManyTitle, T.tooMany);
          return plain(reply, 401, T.badSignatureTitle, T.badSignature);
        }
        const userId = check.data.user.id;
        if (!(await withinRate(services.redis, services.keys, `u${userId}`, REQUESTS_PER_MINUTE, Date.now())))
          return plain(reply, 429, T.tooManyTitle, T.tooMany);
        // Each launch once: the same launch data again (a copied link, another browser) opens nothing.
        if (!(await launches.claim(check.data.launchKey))) {
          log.warn({ event: 'panel.launch_refused', reason: 'replayed', userId }, 'panel launch data presented again');
          return plain(reply, 401, T.launchUsedTitle, T.launchUsed);
        }
        // Parents and students get the polite page, and no session.
        if (scopeOf(await org.actor(userId), 'units') === null) return plain(reply, 403, T.staffOnlyTitle, T.staffOnly);
        const token = await sessions.open(userId);
        const viewer = await viewerOf((await sessions.get(token))!);
        log.info({ event: 'panel.session', userId }, 'panel session opened');
        // "?startapp=<page>" in MAX puts the page's name in start_param.
        const wanted = pages.find((p) => p.nav && p.path === `/${check.data.startParam ?? ''}` && viewer.scope(p.command) !== null);
        // The token goes in the body (kept by the page), never in a cookie or a URL.
        return reply
          .code(200)
          .type('application/json; charset=utf-8')
          .send({ token, to: `/app${(wanted ?? firstPage(viewer))?.path ?? '/school'}` });
      });

      for (const page of pages) {
        app.get(page.path, async (req, reply) => {
          if (!fromScript(req)) return send(reply, 200, launchPage);
          const viewer = await guard(req, reply, page.command);
          if (!viewer) return reply;
          const body = await page.render(viewer, flatQuery(req.query));
          const nav: NavItem[] = pages
            .filter((p) => p.nav && viewer.scope(p.command) !== null)
            .map((p) => ({ href: `/app${p.path}`, title: p.title, current: p === page }));
          // Texts name the organisation's unit word by case ({unit:gen}…), as the bot's messages do.
          const word = (await org.org.settings()).unitWord;
          return send(reply, 200, withUnitWord(pageFrame({ title: page.title, nav, notice: await sessions.takeNotice(viewer.session), body }), word));
        });
      }

      for (const file of files) {
        app.get(file.path, async (req, reply) => {
          const viewer = await guard(req, reply, file.command);
          if (!viewer) return reply;
          return file.send(viewer, flatQuery(req.query), reply);
        });
      }

      for (const action of actions) {
        app.post(action.path, async (req, reply) => {
          const viewer = await guard(req, reply, action.command);
          if (!viewer) return reply;
          const form = typedText((req.body ?? {}) as Query);
          if (!SessionStore.csrfMatches(viewer.session, form._csrf)) return plain(reply, 403, T.staleFormTitle, T.staleForm);
          const result = await action.run(viewer, form);
          await sessions.setNotice(viewer.session, result.text, result.ok);
          log.info({ event: 'panel.change', route: action.path, userId: viewer.userId, ok: result.ok }, 'panel change');
          return reply.redirect(result.to.startsWith('/app/') ? result.to : '/app/school', 303);
        });
      }

      // A search typed on a page is kept in the session (no names in URLs), then the page is shown again.
      app.post('/search', async (req, reply) => {
        const form = typedText((req.body ?? {}) as Query);
        const page = pages.find((p) => p.path === form.page);
        if (!page) return plain(reply, 404, T.notFoundTitle, T.notFound);
        const viewer = await guard(req, reply, page.command);
        if (!viewer) return reply;
        if (!SessionStore.csrfMatches(viewer.session, form._csrf)) return plain(reply, 403, T.staleFormTitle, T.staleForm);
        await sessions.setSearch(viewer.session, `${page.path}${form.scope ? `#${form.scope}` : ''}`, (form.q ?? '').trim().slice(0, 100));
        const back = form.back && /^\/app\/[a-z/-]*(\?[A-Za-z0-9=&_-]*)?$/.test(form.back) ? form.back : `/app${page.path}`;
        return reply.redirect(back, 303);
      });
    },
    { prefix: '/app' },
  );
}
