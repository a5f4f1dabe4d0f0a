// The panel's static files are looked up by a name from the URL: only the files it has are
// served, and names an object would answer from its prototype find nothing.
import { afterEach, describe, expect, it } from 'vitest';
import type { World } from '../support/harness.js';
import { localApp, panelWorld } from './support.js';

describe('panel static files', () => {
  let world: World;
  afterEach(async () => world?.close());

  it('serves panel.js and panel.css; __proto__, constructor, toString and unknown names are 404', async () => {
    world = await panelWorld();
    const get = (name: string) => fetch(`${localApp(world)}/static/${name}`);
    const js = await get('panel.js');
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toContain('javascript');
    expect((await js.text()).length).toBeGreaterThan(0);
    const css = await get('panel.css');
    expect(css.status).toBe(200);
    // Names in table cells are never hyphenated mid-word (a phone would split «Петро-ва»).
    expect(await css.text()).not.toMatch(/hyphens\s*:\s*auto/);
    for (const name of ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'nothing.js']) {
      const res = await get(name);
      expect(res.status, name).toBe(404);
      await res.arrayBuffer();
    }
  });
});
