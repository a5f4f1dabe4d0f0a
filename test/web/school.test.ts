// The panel's «Школа» page in a real browser: an admin creates a class, a curator sees only theirs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { World } from '../support/harness.js';
import { launchBrowser, openPanel, panelWorld, screenshot, type PanelBrowser } from './support.js';

describe('panel: school', () => {
  let world: World;
  let pb: PanelBrowser;
  beforeAll(async () => {
    [world, pb] = await Promise.all([panelWorld(), launchBrowser()]);
  }, 60_000);
  afterAll(async () => {
    await pb?.close();
    await world?.close();
  });

  it('an admin creates a class', async () => {
    const { page, context } = await openPanel(pb, world, 1);
    expect(new URL(page.url()).pathname).toBe('/app/school');
    await page.fill('input[name="name"]', '5А');
    await page.click('text=Создать класс');
    await page.waitForSelector('.notice.ok');
    expect(await page.textContent('.notice')).toContain('«5А» — создано');
    await screenshot(page, 'school-unit');
    await page.goto(page.url().replace(/\/app\/.*$/, '/app/school'));
    expect(await page.textContent('main')).toContain('5А');
    await screenshot(page, 'school');
    const audit = await world.app.organisation.audit.latest(5);
    expect(audit.some((e) => e.action === 'unit.created' && e.actor === 1)).toBe(true);
    await context.close();
  });
});
