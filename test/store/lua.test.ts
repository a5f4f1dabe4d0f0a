// The Lua scripts as files (src/**/lua/*.lua) and their one loader (src/store/scripts.ts):
// every header tells its keys, includes resolve (each fragment once; unknown ones and cycles
// throw), the constants the Lua repeats equal the TypeScript ones, and no Lua is left in a
// .ts file under src.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { QUIET_GIVES_WAY_MS } from '../../src/store/inbox.js';
import { ABSOLUTE_TIME, ROLE_CODES } from '../../src/store/request-store.js';
import { defineScripts, loadScript, loadScripts, ScriptLoadError, scriptName } from '../../src/store/scripts.js';
import { redisUrl } from '../support/harness.js';

function walk(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, e.name);
    if (e.isDirectory()) walk(path, out);
    else out.push(path);
  }
  return out;
}

const all = walk('src');
const luaFolders = [...new Set(all.filter((f) => /\/lua\/[^/]+\.lua$/.test(f)).map((f) => f.slice(0, f.lastIndexOf('/'))))];
const scripts = luaFolders.flatMap((d) => [...loadScripts(d).values()]);
const fragments = all.filter((f) => /\/lua\/includes\/[^/]+\.lua$/.test(f));

/** The opening `--[[ … ]]` block of a file. */
function header(file: string): string {
  const text = readFileSync(file, 'utf8');
  const m = /^--\[\[\n([\s\S]*?)\n\]\]\n/.exec(text);
  if (!m) throw new Error(`${file}: no header`);
  return m[1]!;
}

describe('the Lua files', () => {
  it('are found: the store’s and the features’ own', () => {
    expect(luaFolders).toContain(join('src', 'store', 'lua'));
    expect(scripts.length).toBeGreaterThanOrEqual(30);
    expect(fragments.map((f) => relative('src', f)).sort()).toEqual(
      ['store/lua/includes/inboxAccept.lua', 'store/lua/includes/inboxAck.lua', 'store/lua/includes/requestCodec.lua'].sort(),
    );
  });

  it('each opens with a header in BullMQ’s style naming what it does, its input and its output', () => {
    for (const s of scripts) {
      const h = header(s.file);
      expect(h.split('\n')[0]!.trim().length, s.file).toBeGreaterThan(10);
      expect(h, s.file).toMatch(/\n {2}Output:\n/);
      if (s.numberOfKeys !== 0 || /ARGV\[/.test(readFileSync(s.file, 'utf8'))) expect(h, s.file).toMatch(/\n {2}Input:\n/);
    }
    for (const f of fragments) expect(header(f).length, f).toBeGreaterThan(20);
  });

  it('a header lists KEYS[1..N] for a file named <command>-N.lua, and no key past N', () => {
    for (const s of scripts) {
      const h = header(s.file);
      const listed = [...h.matchAll(/KEYS\[(\d+)\]/g)].map((m) => Number(m[1]));
      if (s.numberOfKeys === undefined) {
        // A dynamic key count: the header still says what the keys are.
        expect(h, s.file).toMatch(/KEYS\[/);
        continue;
      }
      for (let i = 1; i <= s.numberOfKeys; i++) expect(h, `${s.file}: KEYS[${i}]`).toMatch(new RegExp(`^ {4}KEYS\\[${i}\\] `, 'm'));
      expect(Math.max(0, ...listed), s.file).toBeLessThanOrEqual(s.numberOfKeys);
      // And the script uses no key past N either.
      const used = [...s.lua.matchAll(/KEYS\[(\d+)\]/g)].map((m) => Number(m[1]));
      expect(Math.max(0, ...used), s.file).toBeLessThanOrEqual(s.numberOfKeys);
    }
  });

  it('includes resolve: no include line is left, and each fragment is in once', () => {
    for (const s of scripts) {
      expect(s.lua, s.file).not.toMatch(/@include/);
      for (const fn of ['local function loadreq', 'local function accept(', 'local function ackNext(']) {
        expect(s.lua.split(fn).length - 1, `${s.file}: ${fn}`).toBeLessThanOrEqual(1);
      }
    }
    const ack = scripts.find((s) => s.name === 'inboxAckMany')!;
    // inboxAckMany includes inboxAccept and inboxAck; inboxAck includes inboxAccept again.
    expect(ack.lua.split('local function accept(').length - 1).toBe(1);
    expect(ack.lua.indexOf('local function isQuiet')).toBeLessThan(ack.lua.indexOf('local function ackNext('));
  });

  it('the constants the Lua repeats equal the TypeScript ones', () => {
    const accept = readFileSync('src/store/lua/includes/inboxAccept.lua', 'utf8');
    expect(accept).toContain(`local QUIET_GIVES_WAY_MS = ${QUIET_GIVES_WAY_MS}\n`);
    const codec = readFileSync('src/store/lua/includes/requestCodec.lua', 'utf8');
    const roles = Object.entries(ROLE_CODES)
      .map(([r, c]) => `[${c}] = '${r}', ${r} = ${c}`)
      .join(', ');
    expect(codec).toContain(`local ROLES = { ${roles} }\n`);
    expect(codec).toContain(`t[7] < ${ABSOLUTE_TIME} then`);
  });

  it('no Lua is left in a .ts file under src, and no eval of a script', () => {
    for (const f of all.filter((p) => p.endsWith('.ts'))) {
      const text = readFileSync(f, 'utf8');
      expect(text, f).not.toMatch(/redis\.call\(/);
      expect(text, f).not.toMatch(/\.eval(sha)?\(/);
    }
  });

  it('each script compiles in Redis (SCRIPT LOAD)', async () => {
    const redis = new Redis(redisUrl(), { lazyConnect: true });
    try {
      for (const s of scripts) expect(await redis.script('LOAD', s.lua), s.file).toMatch(/^[0-9a-f]{40}$/);
    } finally {
      redis.disconnect();
    }
  });
});

describe('the loader', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lua-loader-'));
  const folder = (name: string, files: Record<string, string>) => {
    const d = join(dir, name);
    for (const [f, text] of Object.entries(files)) {
      mkdirSync(join(d, f, '..'), { recursive: true });
      writeFileSync(join(d, f), text);
    }
    return d;
  };
  const redis = new Redis(redisUrl(), { lazyConnect: true });
  afterAll(() => redis.disconnect());

  it('names a command and its keys from the file name', () => {
    expect(scriptName('/x/inboxAckMany-0.lua')).toEqual({ name: 'inboxAckMany', numberOfKeys: 0 });
    expect(scriptName('/x/requestDecide-2.lua')).toEqual({ name: 'requestDecide', numberOfKeys: 2 });
    expect(scriptName('/x/peopleRolesAndCurated.lua')).toEqual({ name: 'peopleRolesAndCurated' });
    expect(() => scriptName('/x/Bad-name-1.lua')).toThrow(ScriptLoadError);
  });

  it('puts a fragment in once per script, where it is first included, also through another fragment', () => {
    const d = folder('once', {
      'both-0.lua': '--- @include "includes/b"\n--- @include "includes/a"\nreturn a() + b()\n',
      'includes/a.lua': 'local function a() return 1 end\n',
      'includes/b.lua': "--- @include 'a'\nlocal function b() return a() end\n",
    });
    const s = loadScript(join(d, 'both-0.lua'));
    expect(s.lua).toBe('local function a() return 1 end\nlocal function b() return a() end\nreturn a() + b()\n');
  });

  it('an include that names no file throws, naming it', () => {
    const d = folder('unknown', { 'x-0.lua': '--- @include "includes/nowhere"\nreturn 1\n' });
    expect(() => loadScript(join(d, 'x-0.lua'))).toThrow(/include not found: "includes\/nowhere"/);
  });

  it('a cycle throws', () => {
    const d = folder('cycle', {
      'x-0.lua': '--- @include "includes/a"\nreturn 1\n',
      'includes/a.lua': '--- @include "b"\n',
      'includes/b.lua': '--- @include "a"\n',
    });
    expect(() => loadScript(join(d, 'x-0.lua'))).toThrow(/include cycle/);
  });

  it('two files for one command throw', () => {
    const d = folder('twins', { 'x-0.lua': 'return 1\n', 'x-1.lua': 'return 2\n' });
    expect(() => loadScripts(d)).toThrow(/two files for the command x/);
  });

  it('defines commands that work alone, in MULTI and in a pipeline; a name ioredis uses is refused', async () => {
    const d = folder('define', { 'loaderEcho-1.lua': 'return {KEYS[1], ARGV[1]}\n', 'loaderCount.lua': 'return #KEYS\n' });
    defineScripts(redis, d);
    defineScripts(redis, d); // a second store on the same client: nothing twice
    const r = redis as Redis & { loaderEcho(k: string, a: string): Promise<string[]>; loaderCount(n: number, ...keys: string[]): Promise<number> };
    expect(await r.loaderEcho('k', 'a')).toEqual(['k', 'a']);
    expect(await r.loaderCount(3, 'a', 'b', 'c')).toBe(3);
    const multi = redis.multi() as ReturnType<Redis['multi']> & { loaderEcho(k: string, a: string): unknown };
    multi.loaderEcho('m', '1');
    expect(await multi.exec()).toEqual([[null, ['m', '1']]]);
    const pipe = redis.pipeline() as ReturnType<Redis['pipeline']> & { loaderEcho(k: string, a: string): unknown };
    pipe.loaderEcho('p', '2');
    expect(await pipe.exec()).toEqual([[null, ['p', '2']]]);
    const clash = folder('clash', { 'get-1.lua': 'return 1\n' });
    expect(() => defineScripts(new Redis(redisUrl(), { lazyConnect: true }), clash)).toThrow(/name ioredis uses/);
  });
});
