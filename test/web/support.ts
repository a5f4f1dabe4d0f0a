// Browser tests of the web panel: Debian's chromium driven by playwright-core, one browser per
// test file, the bot and the sandbox of the usual harness. Screenshots go to test-results/panel/.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { createWorld, type World, type WorldOptions } from '../support/harness.js';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOTS = 'test-results/panel';
/** The public address the panel is configured with; tests browse the same server on 127.0.0.1. */
export const MINIAPP_URL = 'https://panel.example.ru/app';

export interface PanelBrowser {
  browser: Browser;
  close(): Promise<void>;
}

export async function launchBrowser(): Promise<PanelBrowser> {
  // playwright starts chromium with a fresh temporary --user-data-dir of its own and removes it on close.
  const args = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args });
  return {
    browser,
    async close() {
      await browser.close().catch(() => undefined);
    },
  };
}

export async function panelWorld(opts: WorldOptions = {}): Promise<World> {
  return createWorld({ ...opts, env: { MINIAPP_URL, ...opts.env } });
}

/** The panel's address on this machine. */
export const localApp = (world: World) => `http://127.0.0.1:${world.app.ops.port}/app`;

/** The bot's clock, in seconds (launch data is judged by it). */
export const botClockSec = (world: World) => Math.floor(world.app.organisation.now() / 1000);

/** Opens the panel as MAX would for the user (launch data signed by the sandbox), in a fresh 375 px wide context. */
export async function openPanel(pb: PanelBrowser, world: World, userId: number, opts: { authDate?: number; startParam?: string } = {}): Promise<{ page: Page; context: BrowserContext }> {
  const url = await world.control.miniAppUrl(userId, localApp(world), { authDate: opts.authDate ?? botClockSec(world), ...(opts.startParam ? { startParam: opts.startParam } : {}) });
  const context = await pb.browser.newContext({ viewport: { width: 375, height: 740 }, deviceScaleFactor: 1, locale: 'ru-RU' });
  // A step that cannot happen fails in seconds with its own message, well inside the test's time.
  context.setDefaultTimeout(8_000);
  const page = await context.newPage();
  await page.goto(url);
  await page.waitForLoadState('load');
  // The launch page posts itself: wait until it has been replaced.
  await page.waitForURL((u) => u.pathname !== '/app' && u.pathname !== '/app/');
  return { page, context };
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}
