// MAX's API host is served with a certificate of the Russian Trusted Root CA, which
// Node does not trust by default. Here a test CA plays that role: an HTTPS front of
// the sandbox with a certificate it signed. Without the CA the bot logs one clear line
// naming the fix and keeps retrying; given the CA through NODE_EXTRA_CA_CERTS it works.
import type { ChildProcess } from 'node:child_process';
import type { Server } from 'node:https';
import { afterEach, describe, expect, it } from 'vitest';
import { httpsFront, makeCertificates } from '../support/certificates.js';
import { pollCount, untilPolling } from '../support/crash-process.js';
import { MAIN_ENTRY, startEntry } from '../support/entry.js';
import { createWorld, eventually, say, type World } from '../support/harness.js';

function runBot(env: Record<string, string>): { child: ChildProcess; out: () => string } {
  const child = startEntry(MAIN_ENTRY, { PATH: process.env.PATH ?? '', ...env });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  return { child, out: () => out };
}

describe('the Russian Trusted Root CA', () => {
  let world: World | undefined;
  let front: Server | undefined;
  const children: ChildProcess[] = [];
  afterEach(async () => {
    for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
    await new Promise((r) => (front ? front.close(r) : r(undefined)));
    await world?.close();
  });

  it('without the CA: one clear log line naming the fix, retries go on; with NODE_EXTRA_CA_CERTS: the bot answers', async () => {
    const certs = makeCertificates();
    world = await createWorld({ noBot: true });
    const f = await httpsFront(world.sandbox.url, certs.key, certs.cert);
    front = f.server;
    const env = {
      MAX_BOT_TOKEN: world.sandbox.token,
      MAX_API_URL: f.url,
      REDIS_URL: world.config.REDIS_URL,
      REDIS_PREFIX: world.prefix,
      ADMIN_USER_IDS: '1',
      LOG_LEVEL: 'info',
    };
    const untrusted = runBot(env);
    children.push(untrusted.child);
    // Wait until it has logged the hint and come back at least twice more (its retries).
    await eventually(() => {
      expect(untrusted.out()).toContain('NODE_EXTRA_CA_CERTS');
      expect(f.connections()).toBeGreaterThanOrEqual(3);
    }, 40_000);
    expect(untrusted.child.exitCode).toBeNull(); // still trying
    const lines = untrusted.out().trim().split('\n').filter(Boolean);
    const hints = lines.filter((l) => l.includes('NODE_EXTRA_CA_CERTS'));
    expect(hints).toHaveLength(1);
    expect(JSON.parse(hints[0]!)).toMatchObject({ level: 50, tls: expect.stringMatching(/CERT|ISSUER|SIGNATURE/) });
    // Every line is one JSON record: no stack traces.
    for (const l of lines) expect(() => JSON.parse(l)).not.toThrow();
    // It did retry: several connections reached the front, with one hint for all of them.
    expect(f.connections()).toBeGreaterThanOrEqual(3);
    untrusted.child.kill('SIGKILL');

    const polls = await pollCount(world);
    const trusted = runBot({ ...env, NODE_EXTRA_CA_CERTS: certs.ca });
    children.push(trusted.child);
    await untilPolling(world, polls);
    const [hello] = await say(world, 5002, '/start');
    expect(hello!.text).toContain('Здравствуйте');
    expect(trusted.out()).not.toContain('NODE_EXTRA_CA_CERTS');
  }, 120_000);
});
