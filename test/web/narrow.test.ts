// The panel on a phone, 375×812, in a real browser: no word is broken in the middle (every
// word's boxes lie on one line), the charts are drawn for the width they are shown at (their
// text is at least 11 px on the screen), every tab is in sight, «Люди» says that it shows the
// staff and how to see everyone, an administrator from the settings is not «согласия нет», and
// the journal shows names and a date picker, not ids. Screenshots go to test-results/panel/.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { World } from '../support/harness.js';
import { say } from '../support/harness.js';
import { decide, invite, join } from '../org/support.js';
import { launchBrowser, localApp, openPanel, panelWorld, screenshot, settled, visit, withSession, type PanelBrowser } from './support.js';

const ADMIN = 1;
const PARENT = 601;
// Long words, as Russian names and roles are: a table that breaks words splits these.
const PARENT_NAME = 'Константинопольская Александра Владимировна';
const CHILD_NAME = 'Константинопольский Вениамин';

// What the checks touch in the browser (the tests are compiled without the DOM's types).
type Rect = { top: number; bottom: number; left: number; right: number; width: number };
interface Dom {
  document: {
    querySelectorAll(s: string): ArrayLike<unknown>;
    createTreeWalker(root: unknown, what: number): { nextNode(): unknown };
    createRange(): { setStart(n: unknown, o: number): void; setEnd(n: unknown, o: number): void; getClientRects(): ArrayLike<Rect> };
  };
  innerWidth: number;
}

/** Words of the page's text whose boxes lie on more than one line: broken in the middle. */
function brokenWords(page: Page, selector: string): Promise<string[]> {
  return page.evaluate((sel) => {
    const g = globalThis as unknown as Dom;
    const broken: string[] = [];
    for (const root of Array.from(g.document.querySelectorAll(sel))) {
      const walker = g.document.createTreeWalker(root, 4 /* NodeFilter.SHOW_TEXT */);
      for (let node = walker.nextNode() as { data: string } | null; node; node = walker.nextNode() as { data: string } | null) {
        for (const m of node.data.matchAll(/\S+/g)) {
          const range = g.document.createRange();
          range.setStart(node, m.index!);
          range.setEnd(node, m.index! + m[0].length);
          const lines = new Set(
            Array.from(range.getClientRects())
              .filter((r) => r.width > 0)
              .map((r) => Math.round(r.top)),
          );
          if (lines.size > 1) broken.push(m[0]);
        }
      }
    }
    return broken;
  }, selector);
}

describe('the panel at 375 px', () => {
  let world: World;
  let pb: PanelBrowser;
  beforeAll(async () => {
    // The administrator comes from the settings (ADMIN_USER_IDS), as in the demo.
    [world, pb] = await Promise.all([panelWorld({ env: { ADMIN_USER_IDS: String(ADMIN) } }), launchBrowser()]);
    await say(world, ADMIN, '/start');
    await say(world, ADMIN, '/unit add 5А');
    const code = await invite(world, ADMIN, 'родитель 5А');
    await join(world, PARENT, code, { name: PARENT_NAME, child: CHILD_NAME });
    await decide(world, ADMIN, PARENT_NAME, 'Подтвердить');
  }, 90_000);
  afterAll(async () => {
    await pb?.close();
    await world?.close();
  });

  async function phone(): Promise<Page> {
    const { page } = await openPanel(pb, world, ADMIN);
    await page.setViewportSize({ width: 375, height: 812 });
    return page;
  }

  it('keeps words whole, shows every tab, and says what «Люди» shows', async () => {
    const page = await phone();
    // Every tab is on the screen (the bar wraps rather than hiding the last ones).
    for (const tab of await page.locator('header nav a').all()) {
      const box = (await tab.boundingBox())!;
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width).toBeLessThanOrEqual(375);
    }
    expect(await page.locator('header nav a', { hasText: 'Статистика' }).isVisible()).toBe(true);
    expect(await page.locator('header nav a', { hasText: 'Журнал' }).isVisible()).toBe(true);
    await screenshot(page, 'narrow-school');

    await visit(page, `${localApp(world)}/people`);
    expect(await page.textContent('[data-note="staff"]')).toMatch(/Сейчас показаны сотрудники\. Чтобы увидеть учеников и родителей, выберите класс/);
    // The administrator from the settings filled in no questionnaire: no «согласия нет» for them.
    expect(await page.textContent('main table')).toContain('администратор из настроек');
    expect(await page.textContent('main table')).not.toContain('согласия нет');
    expect(await brokenWords(page, 'main')).toEqual([]);
    await screenshot(page, 'narrow-people-staff');

    // A class shows its pupils and parents.
    await settled(page, () => page.selectOption('select[name="unit"]', { label: '5А' }));
    expect(await page.textContent('main table')).toContain(PARENT_NAME);
    expect(await page.locator('[data-note="staff"]').count()).toBe(0);
    expect(await brokenWords(page, 'main')).toEqual([]);
    // Nothing is wider than the screen.
    expect(
      await page.evaluate(() => (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document.documentElement.scrollWidth),
    ).toBeLessThanOrEqual(375);
    await screenshot(page, 'narrow-people-parents');
  }, 60_000);

  it('the journal shows names and a date picker, not ids', async () => {
    const page = await phone();
    await visit(page, `${localApp(world)}/audit`);
    expect(await page.locator('input[type="date"][name="day"]').count()).toBe(1);
    const text = (await page.textContent('main table'))!;
    expect(text).toContain(PARENT_NAME);
    expect(text).toContain('Класс «5А»');
    expect(text).not.toMatch(/\b(user|unit|request|invite):|role=|unit=u\d|\(\d+\)/);
    expect(await brokenWords(page, 'main')).toEqual([]);
    expect(
      await page.evaluate(() => (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document.documentElement.scrollWidth),
    ).toBeLessThanOrEqual(375);
    await screenshot(page, 'narrow-audit');
  }, 60_000);

  it('draws the charts for the screen: their text is at least 11 px', async () => {
    const page = await phone();
    await visit(page, `${localApp(world)}/stats`);
    const charts = await page.locator('.chart img').all();
    expect(charts.length).toBe(2);
    for (const img of charts) {
      await expect.poll(() => img.evaluate((i) => (i as unknown as { naturalWidth: number }).naturalWidth), { timeout: 30_000 }).toBeGreaterThan(0);
      // The scale the picture is shown at, and the SVG of the width it was drawn at (as panel.js asked).
      const { dataSrc, shown, natural } = await img.evaluate((i) => {
        const el = i as unknown as { getAttribute(n: string): string; clientWidth: number; naturalWidth: number };
        return { dataSrc: el.getAttribute('data-src'), shown: el.clientWidth, natural: el.naturalWidth };
      });
      const res = await page.context().request.get(new URL(`${dataSrc}&w=${natural}`, page.url()).toString(), await withSession(page));
      const svg = await res.text();
      expect(svg).toMatch(new RegExp(`^<svg width="${natural}"`));
      const sizes = [...svg.matchAll(/font-size:\s*(\d+(?:\.\d+)?)px/g)].map((m) => Number(m[1]));
      expect(sizes.length).toBeGreaterThan(0);
      const scale = shown / natural;
      expect(Math.min(...sizes) * scale).toBeGreaterThanOrEqual(11);
    }
    expect(await brokenWords(page, 'main')).toEqual([]);
    await screenshot(page, 'narrow-stats');
  }, 90_000);
});
