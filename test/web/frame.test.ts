// The panel as MAX's web client shows it: in a frame of MAX's own site (https://web.max.ru), so
// the panel (its own https site) is a cross-site, third-party frame. Chromium sends such a frame
// no SameSite cookies and keeps none it sets — the probe below checks that this is so in this
// very browser, which is why a cookie session («Сессия закончилась» right after launch) cannot
// work here. The panel opens for an admin, keeps working across pages, a change and a reload,
// and the same launch data framed again in another browser opens nothing. A browser that gives
// the frame no storage at all still runs the panel (the token in memory); a reload there asks to
// reopen the panel from the bot.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { World } from '../support/harness.js';
import {
  botClockSec,
  firstShown,
  launchBrowser,
  newContext,
  panelWorld,
  PARTITIONED_STORAGE,
  screenshot,
  sessionToken,
  settled,
  type PanelBrowser,
} from './support.js';
import { httpsServer, makeCertificates, proxyTo, type HttpsServer } from './tls.js';

const ADMIN = 1;
const PANEL_HOST = 'panel.test';
const MAX_HOST = 'web.max.ru';
const PANEL_APP = `https://${PANEL_HOST}/app`;
/** MAX's web client: a page that frames the mini-app's address (launch data in its fragment). */
const maxWebClient = (launch: string) => `https://${MAX_HOST}/?app=${encodeURIComponent(launch)}`;

function maxPage(req: IncomingMessage, res: ServerResponse): void {
  const app = new URL(req.url ?? '/', `https://${MAX_HOST}`).searchParams.get('app') ?? '';
  const src = app.replace(/&/g, '&amp;').replace(/"/g, '&quot;');
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
  res.end(`<!doctype html><html><head><title>MAX</title></head><body><iframe src="${src}" style="width:375px;height:700px;border:0"></iframe></body></html>`);
}

/** The panel's HTTPS front, with two probe addresses: one sets a SameSite=Strict cookie, one tells which cookies came. */
const panelFront = (world: World) => (req: IncomingMessage, res: ServerResponse) => {
  if (req.url === '/probe/set') {
    res.writeHead(200, { 'set-cookie': 'probe=1; Path=/; Secure; HttpOnly; SameSite=Strict', 'content-type': 'text/plain' });
    return res.end('set');
  }
  if (req.url === '/probe/echo') {
    res.writeHead(200, { 'content-type': 'text/plain' });
    return res.end(req.headers.cookie ?? '');
  }
  proxyTo(`http://127.0.0.1:${world.app.ops.port}`, req, res);
};

/** What the old cookie session needed: a cookie set by a response to the panel's own request, sent back with the next. */
const cookieComesBack = (target: Page | Frame) =>
  target.evaluate(async () => {
    await fetch('/probe/set', { method: 'POST', credentials: 'include' });
    return (await (await fetch('/probe/echo', { credentials: 'include' })).text()).includes('probe=1');
  });

async function framedPanel(page: Page, launch: string): Promise<Frame> {
  await page.goto(maxWebClient(launch));
  const frame = (await (await page.waitForSelector('iframe')).contentFrame())!;
  await frame.waitForLoadState('load');
  await firstShown(frame);
  return frame;
}

describe('the panel in a cross-site frame of MAX web', () => {
  let world: World;
  let pb: PanelBrowser;
  let servers: HttpsServer[] = [];
  let browserArgs: string[] = [];
  beforeAll(async () => {
    const { certs, spki } = makeCertificates([PANEL_HOST, MAX_HOST]);
    world = await panelWorld({ env: { MINIAPP_URL: PANEL_APP } });
    servers = await Promise.all([httpsServer(certs[PANEL_HOST]!, panelFront(world)), httpsServer(certs[MAX_HOST]!, maxPage)]);
    const [panel, max] = servers as [HttpsServer, HttpsServer];
    // Both names on 127.0.0.1, at the default https port as the browser sees them (so that
    // the panel's CSP frame-ancestors `https://*.max.ru` is checked as in production).
    browserArgs = [
      `--host-resolver-rules=MAP ${PANEL_HOST}:443 127.0.0.1:${panel.port}, MAP ${MAX_HOST}:443 127.0.0.1:${max.port}`,
      `--ignore-certificate-errors-spki-list=${spki.join(',')}`,
    ];
    pb = await launchBrowser([...browserArgs, PARTITIONED_STORAGE]);
  }, 60_000);
  afterAll(async () => {
    await pb?.close();
    await Promise.all(servers.map((s) => s.close()));
    await world?.close();
  });

  it('SameSite cookies do not reach the panel in the frame (so a cookie session could not work there)', async () => {
    const context = await newContext(pb);
    // At the top level, on the panel's own site, the cookie comes back: the probe works.
    const top = await context.newPage();
    await top.goto(`https://${PANEL_HOST}/probe/echo`);
    expect(await cookieComesBack(top)).toBe(true);
    await top.close();
    await context.clearCookies();
    // In MAX web's frame it does not.
    const page = await context.newPage();
    await page.goto(maxWebClient(`https://${PANEL_HOST}/probe/echo`));
    const frame = (await (await page.waitForSelector('iframe')).contentFrame())!;
    await frame.waitForLoadState('load');
    expect(new URL(frame.url()).host).toBe(PANEL_HOST);
    expect(await cookieComesBack(frame)).toBe(false);
    await context.close();
  }, 60_000);

  it('opens for an admin and keeps working across pages, a change and a reload; the same launch framed again opens nothing', async () => {
    const launch = await world.control.miniAppUrl(ADMIN, PANEL_APP, { authDate: botClockSec(world) });
    expect(launch.startsWith(`${PANEL_APP}#WebAppData=`)).toBe(true);
    const context = await newContext(pb);
    const page = await context.newPage();
    const frame = await framedPanel(page, launch);
    expect(new URL(frame.url()).pathname).toBe('/app/school');
    expect(await frame.textContent('h1')).toBe('Школа');
    expect(await sessionToken(frame)).toMatch(/^[A-Za-z0-9_-]{43}$/);

    // A change: a class is created through the page's form (CSRF token and all).
    await frame.fill('input[name="name"]', '9А');
    await settled(frame, () => frame.click('button:has-text("Создать класс")'));
    expect(await frame.textContent('.notice.ok')).toContain('«9А» — создано');
    expect(await world.app.organisation.org.findUnit('9А')).not.toBeNull();

    // Across pages, by the navigation.
    await settled(frame, () => frame.click('nav a:has-text("Люди")'));
    expect(await frame.textContent('h1')).toBe('Люди');
    await settled(frame, () => frame.click('nav a:has-text("Приглашения")'));
    expect(await frame.textContent('h1')).toBe('Приглашения');
    await frame.selectOption('select[name="role"]', 'parent');
    await frame.selectOption('select[name="unit"]', { label: '9А' });
    await settled(frame, () => frame.click('form[action="/app/invites/create"] button[type="submit"]'));
    expect(await frame.textContent('.notice.ok')).toContain('Приглашение создано');
    await settled(frame, () => frame.click('nav a:has-text("Статистика")'));
    expect(await frame.textContent('h1')).toBe('Статистика');
    for (const img of await frame.locator('.chart img').all()) {
      await expect.poll(() => img.evaluate((i) => (i as unknown as { naturalWidth: number }).naturalWidth), { timeout: 30_000 }).toBeGreaterThan(100);
    }
    await settled(frame, () => frame.click('nav a:has-text("Школа")'));
    expect(await frame.textContent('main')).toContain('9А');
    await screenshot(page, 'framed-school');

    // A reload of the frame (no launch data in its address any more): the tab's token serves.
    await frame.goto(frame.url());
    await firstShown(frame);
    expect(await frame.textContent('h1')).toBe('Школа');
    expect(await context.cookies()).toEqual([]);

    // The same launch data, framed in another browser: nothing opens.
    const other = await newContext(pb);
    const stranger = await framedPanel(await other.newPage(), launch);
    expect(await stranger.textContent('main')).toContain('Эти данные запуска уже открыли панель');
    expect(await sessionToken(stranger)).toBeNull();
    await Promise.all([context.close(), other.close()]);
  }, 90_000);

  it('with no storage for the frame at all, the panel works in memory, and a reload asks to reopen it from the bot', async () => {
    // playwright's own chromium configuration: third-party storage neither partitioned nor allowed.
    const strict = await launchBrowser(browserArgs);
    try {
      const context = await newContext(strict);
      const page = await context.newPage();
      const frame = await framedPanel(page, await world.control.miniAppUrl(ADMIN, PANEL_APP, { authDate: botClockSec(world) }));
      expect(
        await frame.evaluate(() => {
          try {
            return typeof (globalThis as unknown as { sessionStorage: unknown }).sessionStorage;
          } catch {
            return 'denied';
          }
        }),
      ).toBe('denied');
      expect(await frame.textContent('h1')).toBe('Школа');
      await settled(frame, () => frame.click('nav a:has-text("Люди")'));
      expect(await frame.textContent('h1')).toBe('Люди');
      await frame.goto(frame.url());
      await firstShown(frame);
      expect(await frame.textContent('main')).toContain('Сессия закончилась');
      expect(await frame.textContent('main')).toContain('Откройте панель снова из бота');
      await context.close();
    } finally {
      await strict.close();
    }
  }, 60_000);
});
