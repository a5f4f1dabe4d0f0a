// Browser tests of the web panel: Debian's chromium driven by playwright-core, one browser per
// test file, the bot and the sandbox of the usual harness. Screenshots go to test-results/panel/.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Frame, type Page } from 'playwright-core';
import { createWorld, type World, type WorldOptions } from '../support/harness.js';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOTS = 'test-results/panel';
/** The public address the panel is configured with; tests browse the same server on 127.0.0.1. */
export const MINIAPP_URL = 'https://panel.example.ru/app';

/**
 * Real browsers give a third-party frame storage of its own, partitioned by the top-level site
 * (Chrome since 115, Safari, Firefox), so the panel's sessionStorage works in MAX web's frame.
 * playwright launches chromium with ThirdPartyStoragePartitioning disabled, and this chromium then
 * denies such a frame any storage. This is playwright's list of disabled features without that one
 * (chromium takes the last --disable-features it is given).
 */
export const PARTITIONED_STORAGE =
  '--disable-features=AvoidUnnecessaryBeforeUnloadCheckSync,DestroyProfileOnBrowserClose,HttpsUpgrades,HttpsFirstBalancedModeAutoEnable,LensOverlay,MediaRouter,PaintHolding,AvoidCorsURLLoaderRestartOnRedirect,OptimizationHints,NetworkTimeServiceQuerying,AimEnabled,PreconnectToSearch';

export interface PanelBrowser {
  browser: Browser;
  close(): Promise<void>;
}

export async function launchBrowser(extraArgs: string[] = []): Promise<PanelBrowser> {
  // playwright starts chromium with a fresh temporary --user-data-dir of its own and removes it on close.
  const args = [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    ...extraArgs,
  ];
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

/** A fresh 375 px wide context, as a phone shows the panel. */
export async function newContext(pb: PanelBrowser): Promise<BrowserContext> {
  const context = await pb.browser.newContext({ viewport: { width: 375, height: 740 }, deviceScaleFactor: 1, locale: 'ru-RU', acceptDownloads: true });
  // A step that cannot happen fails with its own message, inside the test's time even on a busy machine.
  context.setDefaultTimeout(30_000);
  return context;
}

// What these helpers touch in the browser (the tests are compiled without the DOM's types).
interface InPage {
  document: { documentElement: { getAttribute(name: string): string | null; hasAttribute(name: string): boolean } };
  sessionStorage: { getItem(key: string): string | null };
}

// panel.js loads every page by fetch and swaps it in; it counts the pages it has shown in
// <html data-loads> and marks <html aria-busy> while one is on its way.
const shownCount = (target: Page | Frame) => target.evaluate(() => (globalThis as unknown as InPage).document.documentElement.getAttribute('data-loads'));
const waitShown = (target: Page | Frame, before: string | null) =>
  target.waitForFunction((b) => {
    const root = (globalThis as unknown as InPage).document.documentElement;
    return root.getAttribute('data-loads') !== b && !root.hasAttribute('aria-busy');
  }, before);

/** Does something that makes panel.js show another page (a click, a form), and waits until it has. */
export async function settled(target: Page | Frame, act: () => Promise<unknown>): Promise<void> {
  const before = await shownCount(target);
  await act();
  await waitShown(target, before);
}

/** Waits until panel.js has shown the first page of a document just loaded (a launch, a reload, a frame). */
export const firstShown = (target: Page | Frame) => waitShown(target, null);

/** Opens an address of the panel as a browser navigation (a typed address, a reload) and waits until panel.js has shown its page. */
export async function visit(page: Page, url: string): Promise<void> {
  // MAX opens a launch in a new frame: from a page at the same address, a new fragment alone
  // would be a same-document navigation, so go through a blank page first.
  if (url.includes('#')) await page.goto('about:blank');
  await page.goto(url);
  await waitShown(page, null);
}

/** Reloads the page (the browser's own reload, without the token) and waits until panel.js has shown the page again. */
export async function reload(page: Page): Promise<void> {
  await page.reload();
  await waitShown(page, null);
}

/** The session token the page keeps (sessionStorage), for requests a test makes beside the page. */
export const sessionToken = (target: Page | Frame) => target.evaluate(() => (globalThis as unknown as InPage).sessionStorage.getItem('panel-session'));

/** Request options with the page's session. */
export async function withSession(target: Page | Frame): Promise<{ headers: Record<string, string> }> {
  return { headers: { authorization: `Bearer ${await sessionToken(target)}` } };
}

/** Opens the panel as MAX would for the user (launch data signed by the sandbox), in a fresh 375 px wide context. */
export async function openPanel(
  pb: PanelBrowser,
  world: World,
  userId: number,
  opts: { authDate?: number; startParam?: string } = {},
): Promise<{ page: Page; context: BrowserContext }> {
  const url = await world.control.miniAppUrl(userId, localApp(world), {
    authDate: opts.authDate ?? botClockSec(world),
    ...(opts.startParam ? { startParam: opts.startParam } : {}),
  });
  const context = await newContext(pb);
  const page = await context.newPage();
  // The launch page exchanges the launch data for a token and shows the first page.
  await visit(page, url);
  return { page, context };
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}
