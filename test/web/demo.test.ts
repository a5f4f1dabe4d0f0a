// `npm run demo` prints the address of the panel, signed for the demo administrator: opening it
// (the launch page posts its fragment and gets a session token) opens the first page. The link
// opens once, as MAX's do; `as <id> panel` in the demo's terminal prints a fresh one.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO_ENTRY } from '../support/entry.js';
import { redisUrl } from '../support/harness.js';

describe('npm run demo', () => {
  it('prints a panel address that signs the demo administrator in', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'sferum-demo-panel-'));
    const child = spawn(process.execPath, [DEMO_ENTRY], {
      cwd,
      env: { PATH: process.env.PATH ?? '', REDIS_URL: redisUrl(), REDIS_PREFIX: `demo${process.pid}`, LOG_LEVEL: 'silent' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    try {
      let out = '';
      const url = await new Promise<string>((found, fail) => {
        child.stdout!.on('data', (d: Buffer) => {
          out += d.toString();
          const m = /(http:\/\/127\.0\.0\.1:\d+\/app#WebAppData=\S+)/.exec(out);
          if (m) found(m[1]!);
        });
        child.once('exit', () => fail(new Error(`demo exited: ${out}`)));
      });
      expect(out).toContain('Панель управления (администратор 1001)');
      const [page, fragment] = url.split('#') as [string, string];
      // What panel.js does on the launch page: post the fragment.
      const res = await fetch(`${page}/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ fragment }),
        redirect: 'manual',
      });
      expect(res.status).toBe(200);
      const { token, to } = (await res.json()) as { token: string; to: string };
      expect(to).toBe('/app/school');
      const school = await fetch(`${page}/school`, { headers: { authorization: `Bearer ${token}` } });
      expect(school.status).toBe(200);
      expect(await school.text()).toContain('<h1>Школа</h1>');
      // The printed link opens once; `as <id> panel` gives a fresh one.
      const post = (f: string) =>
        fetch(`${page}/session`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ fragment: f }),
        });
      expect((await post(fragment)).status).toBe(401);
      const seen = out.length;
      child.stdin!.write('as 1001 panel\n');
      const fresh = await new Promise<string>((found) => {
        const look = () => {
          const m = /(http:\/\/127\.0\.0\.1:\d+\/app#WebAppData=\S+)/.exec(out.slice(seen));
          if (m) found(m[1]!);
        };
        child.stdout!.on('data', look);
        look();
      });
      expect((await post(fresh.split('#')[1]!)).status).toBe(200);
      child.stdin!.write('exit\n');
      await new Promise((r) => child.once('exit', r));
    } finally {
      child.kill();
      rmSync(cwd, { recursive: true, force: true });
    }
  }, 90_000);
});
