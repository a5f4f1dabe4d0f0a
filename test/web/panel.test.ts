// The web panel in a real browser (Debian's chromium through playwright-core), against the bot
// and the sandbox: an admin creates a class and an invite, sees its QR code, a parent joins
// through the sandbox, the admin approves the request in the panel and the parent is told in MAX;
// a curator sees only their class; forged, expired and already used launch data are refused. The
// session is a bearer token the page keeps (no cookies): panel.js loads every page with it, so the
// steps below wait for it (settled/visit). A 375 px screenshot of every page goes to test-results/panel/.
import { readFileSync } from 'node:fs';
import type { Download } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { World } from '../support/harness.js';
import { eventually, say } from '../support/harness.js';
import { bindChat } from '../chats/support.js';
import { join, linkCode } from '../org/support.js';
import {
  botClockSec,
  launchBrowser,
  localApp,
  newContext,
  openPanel,
  panelWorld,
  reload,
  screenshot,
  sessionToken,
  settled,
  visit,
  withSession,
  type PanelBrowser,
} from './support.js';

const fileOf = async (download: Download) => readFileSync((await download.path())!);

const ADMIN = 1;
const PARENT = 501;
const TEACHER = 502;
const DIRECTOR = 503;

describe('web panel', () => {
  let world: World;
  let pb: PanelBrowser;
  beforeAll(async () => {
    [world, pb] = await Promise.all([panelWorld(), launchBrowser()]);
  }, 60_000);
  afterAll(async () => {
    await pb?.close();
    await world?.close();
  });

  it('an admin creates a class and an invite, a parent joins, the admin approves in the panel, the parent is told in MAX', async () => {
    // The bot offers the panel as its mini-app in /help and /start.
    for (const command of ['/help', '/start']) {
      const [reply] = await say(world, ADMIN, command);
      expect(reply!.buttons.flat()).toContainEqual(expect.objectContaining({ type: 'open_app', text: 'Открыть панель', webApp: world.sandbox.botUsername }));
    }
    const { page, context } = await openPanel(pb, world, ADMIN);
    expect(new URL(page.url()).pathname).toBe('/app/school');
    // No inline script may run: the page works with the CSP in force.
    expect(await page.locator('script:not([src])').count()).toBe(0);

    // No cookie at all: the session is the token the page keeps.
    expect(await context.cookies()).toEqual([]);
    expect(await sessionToken(page)).toMatch(/^[A-Za-z0-9_-]{43}$/);

    await page.fill('input[name="name"]', '5А');
    await settled(page, () => page.click('button:has-text("Создать класс")'));
    expect(await page.textContent('.notice.ok')).toContain('«5А» — создано');
    await settled(page, () => page.click('nav a:has-text("Школа")'));
    expect(await page.textContent('main')).toContain('5А');
    await screenshot(page, 'school');

    await settled(page, () => page.click('nav a:has-text("Приглашения")'));
    expect(new URL(page.url()).pathname).toBe('/app/invites');
    await page.selectOption('select[name="role"]', 'parent');
    await page.selectOption('select[name="unit"]', { label: '5А' });
    await settled(page, () => page.click('form[action="/app/invites/create"] button[type="submit"]'));
    expect(await page.textContent('.notice.ok')).toContain('Приглашение создано');
    const card = page.locator('[data-invite]').first();
    const code = linkCode(await card.locator('.link').textContent());
    // The QR code is drawn in the page, and downloads as a real PNG (fetched with the session).
    expect(await card.locator('.qr svg path').count()).toBeGreaterThan(0);
    const [pngDownload] = await Promise.all([page.waitForEvent('download'), card.locator('a[download]').click()]);
    expect(pngDownload.suggestedFilename()).toMatch(/^priglashenie-.+\.png$/);
    expect((await fileOf(pngDownload)).subarray(1, 4).toString()).toBe('PNG');
    const png = await context.request.get(new URL((await card.locator('a[download]').getAttribute('href'))!, page.url()).toString(), await withSession(page));
    expect(png.headers()['content-type']).toBe('image/png');
    await screenshot(page, 'invites');
    await settled(page, () => page.click('a:has-text("Лист для печати")'));
    expect(await page.locator('.sheet [data-invite]').count()).toBe(1);
    await screenshot(page, 'invites-sheet');
    // Back goes to the list, as in any site.
    await settled(page, () => page.goBack());
    expect(new URL(page.url()).pathname).toBe('/app/invites');
    expect(await page.locator('.sheet').count()).toBe(0);

    await join(world, PARENT, code, { name: 'Смирнова Ольга', child: 'Смирнов Иван' });

    // A typed address (like a reload): the launch page finds the token and shows the page.
    await visit(page, `${localApp(world)}/people`);
    const request = page.locator('.request', { hasText: 'Смирнова Ольга' });
    expect(await request.count()).toBe(1);
    await screenshot(page, 'people');
    await settled(page, () => request.locator('button:has-text("Подтвердить")').click());
    expect(await page.textContent('.notice.ok')).toContain('Заявка подтверждена: Смирнова Ольга');
    expect(new URL(page.url()).pathname).toBe('/app/people');
    expect(await page.locator('.request').count()).toBe(0);

    const told = await eventually(async () => {
      const messages = await world.control.botMessagesTo(PARENT);
      const m = messages.find((x) => x.text?.includes('Ваша заявка подтверждена'));
      expect(m).toBeDefined();
      return m!;
    });
    expect(told.text).toContain('5А');
    const audit = await world.app.organisation.audit.latest(20);
    for (const action of ['unit.created', 'invite.created', 'request.approved'] as const) {
      expect(audit.some((e) => e.action === action && e.actor === ADMIN)).toBe(true);
    }
    // The people list shows the parent, found by a search that never goes into a URL.
    await page.fill('input[name="q"]', 'смирн');
    await settled(page, () => page.click('form[action="/app/search"] button'));
    expect(await page.textContent('table')).toContain('Смирнова Ольга');
    expect(page.url()).not.toContain('смирн');
    // The parents' chat of 5А: bound in MAX, seen in the panel with the parent who belongs.
    const chatId = await bindChat(world, ADMIN, 'Родители 5А', 'чат родителей класса', '5А');
    await settled(page, () => page.click('nav a:has-text("Чаты")'));
    expect(await page.textContent(`[data-chat="${chatId}"]`)).toContain('чат родителей класса');
    await screenshot(page, 'chats');
    await settled(page, () => page.click(`[data-chat="${chatId}"] a`));
    expect(await page.textContent('main')).toContain('Посторонние в чате');
    await screenshot(page, 'chat');
    // A reload keeps the session (sessionStorage) and the page.
    await reload(page);
    expect(await page.textContent('main')).toContain('Посторонние в чате');

    await settled(page, () => page.click('nav a:has-text("Статистика")'));
    expect(await page.textContent('main')).toContain('Статистика организации');
    // The charts need the session too: panel.js fetches them and shows them from blob: URLs.
    for (const img of await page.locator('.chart img').all()) {
      await expect.poll(() => img.evaluate((i) => (i as unknown as { naturalWidth: number }).naturalWidth), { timeout: 30_000 }).toBeGreaterThan(100);
    }
    const [xlsx] = await Promise.all([page.waitForEvent('download'), page.click('a[download]:has-text(".xlsx")')]);
    expect((await fileOf(xlsx)).subarray(0, 2).toString()).toBe('PK');
    await screenshot(page, 'stats');

    await settled(page, () => page.click('nav a:has-text("Журнал")'));
    await settled(page, () => page.selectOption('select[name="action"]', 'request.approved'));
    expect(page.url()).toMatch(/action=request\.approved/);
    expect(await page.locator('tbody tr').count()).toBe(1);
    await screenshot(page, 'audit');
    await context.close();
  }, 90_000);

  it('a curator sees only their class; changes need the CSRF token', async () => {
    const org = world.app.organisation;
    const other = await org.org.createUnit('6Б', org.now());
    await org.people.saveProfile(TEACHER, 'Кузнецова Анна', org.now());
    await org.people.putMembership(TEACHER, { role: 'teacher', unitId: null, status: 'verified', since: org.now() });
    await world.control.startBot(TEACHER);
    const fiveA = (await org.org.findUnit('5А'))!;

    // The admin appoints the teacher curator of 5А, found by a search on the class's card.
    const admin = await openPanel(pb, world, ADMIN);
    await visit(admin.page, `${localApp(world)}/school/unit?id=${fiveA.id}`);
    await admin.page.fill('input[name="q"]', 'Кузн');
    await settled(admin.page, () => admin.page.click('form[action="/app/search"] button'));
    await settled(admin.page, () => admin.page.click('form[action="/app/school/curator"] button'));
    expect(await admin.page.textContent('.notice.ok')).toContain('Кузнецова Анна — руководитель «5А»');
    await admin.context.close();
    await eventually(async () => expect((await world.control.botMessagesTo(TEACHER)).some((m) => m.text?.includes('классным руководителем'))).toBe(true));

    const { page, context } = await openPanel(pb, world, TEACHER);
    const main = await page.textContent('main');
    expect(main).toContain('5А');
    expect(main).not.toContain('6Б');
    expect(await page.locator('form[action="/app/school/create"]').count()).toBe(0);
    await visit(page, `${localApp(world)}/school/unit?id=${other.unitId}`);
    expect(await page.textContent('main')).toContain('Такого класса нет');
    await visit(page, `${localApp(world)}/people?unit=${other.unitId}`);
    expect(await page.textContent('main')).toContain('Смирнова Ольга');
    await visit(page, `${localApp(world)}/audit`);
    expect(await page.textContent('main')).toContain('Этот раздел вам недоступен');
    const session = await withSession(page);
    expect((await context.request.get(`${localApp(world)}/audit`, session)).status()).toBe(403);

    // A change without the session's CSRF token is refused, even with the session's token.
    const noToken = await context.request.post(`${localApp(world)}/invites/revoke-unused`, { form: { x: '1' }, maxRedirects: 0, ...session });
    expect(noToken.status()).toBe(403);
    const badToken = await context.request.post(`${localApp(world)}/invites/revoke-unused`, { form: { _csrf: 'x'.repeat(32) }, maxRedirects: 0, ...session });
    expect(badToken.status()).toBe(403);
    // The CSRF token without the session's token is no session at all.
    await visit(page, `${localApp(world)}/invites`);
    const csrf = await page.locator('input[name="_csrf"]').first().inputValue();
    const bare = await context.request.post(`${localApp(world)}/invites/revoke-unused`, { form: { _csrf: csrf }, maxRedirects: 0 });
    expect(bare.status()).toBe(401);
    // A curator may not create classes: the permission table's `unit` row.
    const create = await context.request.post(`${localApp(world)}/school/create`, { form: { _csrf: csrf, name: '7В' }, maxRedirects: 0, ...session });
    expect(create.status()).toBe(403);
    expect(await org.org.findUnit('7В')).toBeNull();
    await context.close();
  }, 60_000);

  it('the head reads every page, the audit and the invites among them, and changes nothing', async () => {
    const org = world.app.organisation;
    await org.people.saveProfile(DIRECTOR, 'Орлова Вера', org.now());
    await org.people.putMembership(DIRECTOR, { role: 'director', unitId: null, status: 'verified', since: org.now() });
    await world.control.startBot(DIRECTOR);
    const { page, context } = await openPanel(pb, world, DIRECTOR);
    const nav = await page.textContent('nav');
    for (const title of ['Школа', 'Люди', 'Приглашения', 'Чаты', 'Статистика', 'Журнал']) expect(nav).toContain(title);
    const session = await withSession(page);
    for (const path of ['/school', '/people', '/invites', '/chats', '/stats', '/audit']) {
      expect((await context.request.get(`${localApp(world)}${path}`, session)).status()).toBe(200);
      await visit(page, `${localApp(world)}${path}`);
      // No change form on any page, only searches and filters.
      const forms = await page.locator('form[method="post"]').evaluateAll((fs) => fs.map((f) => f.getAttribute('action')));
      expect(forms.filter((a) => a !== '/app/search')).toEqual([]);
    }
    await screenshot(page, 'director-audit');
    // The session's CSRF token, from a search form: even with it, the head's changes are refused.
    await visit(page, `${localApp(world)}/people`);
    const csrf = await page.locator('input[name="_csrf"]').first().inputValue();
    const create = await context.request.post(`${localApp(world)}/school/create`, { form: { _csrf: csrf, name: '8Г' }, maxRedirects: 0, ...session });
    expect(create.status()).toBe(403);
    const revoke = await context.request.post(`${localApp(world)}/invites/revoke-unused`, { form: { _csrf: csrf }, maxRedirects: 0, ...session });
    expect(revoke.status()).toBe(403);
    expect(await org.org.findUnit('8Г')).toBeNull();
    await context.close();
  }, 60_000);

  it('refuses forged, expired and already used launch data, and people who are not staff', async () => {
    const [help] = await say(world, PARENT, '/help');
    expect(help!.buttons.flat().some((b) => b.type === 'open_app')).toBe(false);
    const context = await newContext(pb);
    const page = await context.newPage();
    const good = await world.control.miniAppUrl(ADMIN, localApp(world), { authDate: botClockSec(world) });
    // Another user id under the admin's signature.
    const forged = good.replace(encodeURIComponent(encodeURIComponent(`"id":${ADMIN},`)), encodeURIComponent(encodeURIComponent('"id":2,')));
    expect(forged).not.toBe(good);
    const refused = page.waitForResponse((r) => r.url().endsWith('/app/session'));
    await visit(page, forged);
    expect((await refused).status()).toBe(401);
    expect(await page.textContent('main')).toContain('Данные запуска не прошли проверку');
    await screenshot(page, 'refused');

    // MAX signs fresh launch data at every launch: ten minutes old is a copied link.
    const stale = await world.control.miniAppUrl(ADMIN, localApp(world), { authDate: botClockSec(world) - 10 * 60 });
    const refusedStale = page.waitForResponse((r) => r.url().endsWith('/app/session'));
    await visit(page, stale);
    expect((await refusedStale).status()).toBe(401);
    expect(await page.textContent('main')).toContain('Данные запуска не прошли проверку');

    // No token in this tab: the page asks to reopen the panel from the bot.
    await visit(page, `${localApp(world)}/school`);
    expect(await page.textContent('main')).toContain('Откройте панель снова из бота');
    expect(await context.request.get(`${localApp(world)}/school`, { headers: { authorization: `Bearer ${'A'.repeat(43)}` } }).then((r) => r.status())).toBe(
      401,
    );

    const parent = await world.control.miniAppUrl(PARENT, localApp(world), { authDate: botClockSec(world) });
    const staffOnly = page.waitForResponse((r) => r.url().endsWith('/app/session'));
    await visit(page, parent);
    expect((await staffOnly).status()).toBe(403);
    expect(await page.textContent('main')).toContain('для администраторов, директора и классных руководителей');
    expect(await sessionToken(page)).toBeNull();
    await screenshot(page, 'staff-only');

    // Good launch data posted from another site opens no session.
    const fragment = new URL(good).hash.slice(1);
    const crossSite = await context.request.post(`${localApp(world)}/session`, {
      form: { fragment },
      headers: { 'sec-fetch-site': 'cross-site' },
      maxRedirects: 0,
    });
    expect(crossSite.status()).toBe(403);
    const sameOrigin = await context.request.post(`${localApp(world)}/session`, {
      form: { fragment },
      headers: { 'sec-fetch-site': 'same-origin' },
      maxRedirects: 0,
    });
    expect(sameOrigin.status()).toBe(200);
    expect(sameOrigin.headers()['set-cookie']).toBeUndefined();
    const { token, to } = (await sameOrigin.json()) as { token: string; to: string };
    expect(to).toBe('/app/school');
    expect((await context.request.get(`${localApp(world)}/school`, { headers: { authorization: `Bearer ${token}` } })).status()).toBe(200);
    // The same launch data again opens nothing: not by a post, not in a browser.
    const again = await context.request.post(`${localApp(world)}/session`, {
      form: { fragment },
      headers: { 'sec-fetch-site': 'same-origin' },
      maxRedirects: 0,
    });
    expect(again.status()).toBe(401);
    expect(await again.text()).not.toMatch(/"token"/);
    const used = page.waitForResponse((r) => r.url().endsWith('/app/session'));
    await visit(page, good);
    expect((await used).status()).toBe(401);
    expect(await page.textContent('main')).toContain('Эти данные запуска уже открыли панель');
    expect(await sessionToken(page)).toBeNull();
    await context.close();
  }, 60_000);

  it('a launch opened in one browser opens nothing in another; the first keeps working after a reload', async () => {
    const url = await world.control.miniAppUrl(ADMIN, localApp(world), { authDate: botClockSec(world) });
    const first = await newContext(pb);
    const mine = await first.newPage();
    await visit(mine, url);
    expect(await mine.textContent('h1')).toBe('Школа');

    const second = await newContext(pb);
    const theirs = await second.newPage();
    await visit(theirs, url);
    expect(await theirs.textContent('main')).toContain('Эти данные запуска уже открыли панель');
    expect(await sessionToken(theirs)).toBeNull();
    await visit(theirs, `${localApp(world)}/people`);
    expect(await theirs.textContent('main')).toContain('Откройте панель снова из бота');

    // The first tab reloads (its address no longer holds the launch data) and carries on.
    await reload(mine);
    expect(await mine.textContent('h1')).toBe('Школа');
    await settled(mine, () => mine.click('nav a:has-text("Люди")'));
    expect(await mine.textContent('h1')).toBe('Люди');
    await Promise.all([first.close(), second.close()]);
  }, 60_000);
});
