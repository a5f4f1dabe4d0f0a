// The «Люди» page's staff list costs O(page), not O(organisation): the Redis commands one
// page runs (counted with MONITOR, only those on this world's keys, Lua included) stay the
// same when the staff grows tenfold, and walking the pages shows every staff member once.
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { createKeys } from '../../src/store/keys.js';
import { redisUrl, type World } from '../support/harness.js';
import { monitorFeed } from '../support/redis-monitor.js';
import { botClockSec, localApp, MINIAPP_URL, panelWorld } from './support.js';

/**
 * The Redis commands on people's records (a person's hash, their roles, the role sets) while
 * `act` runs — the part that would grow with the organisation; the bot's own background
 * polling touches none of them.
 */
async function commandsDuring(prefix: string, act: () => Promise<unknown>): Promise<number> {
  const keys = createKeys(prefix);
  const family = (key: string) => key.slice(0, key.lastIndexOf(':') + 1);
  const families = [family(keys.person(1)), family(keys.personRoles(1)), family(keys.roleHolders('teacher'))];
  let count = 0;
  let ends = 0;
  const feed = await monitorFeed(redisUrl(), (args) => {
    if (args.some((a) => a === `${prefix}:monitor-end`)) ends++;
    else if (args.some((a) => a === `${prefix}:monitor-marker` || families.some((f) => a.startsWith(f)))) count++;
  });
  const probe = new Redis(redisUrl(), { maxRetriesPerRequest: null });
  try {
    // MONITOR starts with the next command: a marker on our keys proves it is on.
    const deadline = Date.now() + 20_000;
    while (count === 0 && Date.now() < deadline) {
      await probe.exists(`${prefix}:monitor-marker`);
      await new Promise((r) => setTimeout(r, 20));
    }
    count = 0;
    await act();
    // The page's own read ends before its lines reach us; MONITOR reports commands in the order
    // they ran, so once a command sent after the page is seen, every line of the page is in.
    await probe.exists(`${prefix}:monitor-end`);
    for (const until = Date.now() + 20_000; ends === 0; ) {
      if (Date.now() > until) throw new Error('MONITOR did not report the end marker');
      await new Promise((r) => setTimeout(r, 20));
    }
    return count;
  } finally {
    probe.disconnect();
    feed.stop();
  }
}

async function addStaff(world: World, from: number, n: number): Promise<void> {
  const people = world.app.organisation.people;
  const now = world.app.organisation.now();
  for (let i = 0; i < n; i++) {
    const userId = from + i;
    await people.saveProfile(userId, `Учитель${userId} Иван Петрович`, now);
    await people.putMembership(userId, { role: 'teacher', unitId: null, status: 'verified', since: now });
  }
}

describe('the «Люди» page reads a page, not the staff', () => {
  let world: World | undefined;
  afterEach(async () => world?.close());

  it('costs the same Redis commands at 40 and at 400 staff, and its pages show everyone once', async () => {
    world = await panelWorld();
    const w = world;
    const app = localApp(w);
    await addStaff(w, 5_000, 40);
    // A session as the launch page opens it (admin 1 is in ADMIN_USER_IDS).
    const launch = await w.control.miniAppUrl(1, MINIAPP_URL, { authDate: botClockSec(w) });
    const opened = await fetch(`${app}/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ fragment: launch.slice(launch.indexOf('#') + 1) }),
    });
    expect(opened.status).toBe(200);
    const session = { authorization: `Bearer ${((await opened.json()) as { token: string }).token}` };
    const page = async (path: string) => {
      const res = await fetch(`${app}${path}`, { headers: session });
      expect(res.status).toBe(200);
      return res.text();
    };
    await page('/people'); // warm: the first view records the admin seen, etc.

    const small = await commandsDuring(w.prefix, () => page('/people'));
    await addStaff(w, 10_000, 360);
    const large = await commandsDuring(w.prefix, () => page('/people'));
    // A page of 30 reads about 30 people; ten times the staff must not show in the count.
    expect(large, `commands at 40 staff: ${small}, at 400: ${large}`).toBeLessThanOrEqual(small + 20);

    // Every staff member once over the pages, following «Дальше».
    const seen: string[] = [];
    let path: string | null = '/people';
    for (let i = 0; path && i < 100; i++) {
      const body = await page(path);
      seen.push(...[...body.matchAll(/Учитель(\d+)/g)].map((m) => m[1]!));
      const next = /<a href="(\/app\/people\?[^"]*after=[^"]+)">Дальше/.exec(body)?.[1]?.replaceAll('&amp;', '&');
      path = next ? next.replace('/app', '') : null;
    }
    const staff = new Set(seen);
    expect(staff.size).toBe(400);
    // SSCAN may hand an element twice while a set is rehashed; never here, where nothing changes.
    expect(seen.length).toBe(400);

    // A filter fills the page from the whole staff: five pending teachers among 405 all show on
    // the first page, with no «Дальше» to an empty one.
    const now = w.app.organisation.now();
    for (let i = 0; i < 5; i++) {
      await w.app.organisation.people.saveProfile(20_000 + i, `Учитель${20_000 + i} Иван Петрович`, now);
      await w.app.organisation.people.putMembership(20_000 + i, { role: 'teacher', unitId: null, status: 'pending', since: now });
    }
    const pending = await page('/people?status=pending');
    expect(new Set([...pending.matchAll(/Учитель(\d+)/g)].map((m) => m[1]))).toEqual(new Set(['20000', '20001', '20002', '20003', '20004']));
    expect(pending).not.toContain('Дальше');
  }, 180_000);
});
