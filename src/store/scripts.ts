// The one loader of the Redis Lua scripts. Every script is a file in a `lua/` folder next
// to the module that owns it (src/store/lua/, a feature's own <feature>/lua/), named
// `<command>-<numberOfKeys>.lua`, or `<command>.lua` when the caller passes the number of keys
// itself. Each file opens with a header in BullMQ's style (`--[[ what it does  Input: KEYS[1] …,
// ARGV[1] …  Output: … ]]`). Shared Lua sits in the folder's `includes/` and is pulled in by a
// line `--- @include "includes/<name>"` (relative to the including file): each fragment once per
// script, wherever the first include of it stands; an include that names no file, or a cycle,
// throws. The design follows BullMQ's src/commands/script-loader.ts (no glob includes, no
// path mappings: none is needed here).
//
// Scripts are defined as ioredis commands (EVALSHA, EVAL once after a SCRIPT FLUSH or on a
// fresh server), so they also work inside MULTI and pipelines; no `eval` of a literal is left.
// A folder is read once per process, synchronously: stores define their commands in their
// constructors.
import { readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, extname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Redis } from 'ioredis';

export interface LuaScript {
  /** The ioredis command's name. */
  name: string;
  /** Keys the command takes; absent: the caller passes the number first. */
  numberOfKeys?: number;
  /** The script with its includes in place. */
  lua: string;
  /** Where it was read from. */
  file: string;
}

export class ScriptLoadError extends Error {
  override readonly name = 'ScriptLoadError';
}

/** `--- @include "includes/x"` on a line of its own (BullMQ's form; the quotes may be single). */
const INCLUDE = /^-{2,3}[ \t]*@include[ \t]+(["'])(.+?)\1[ \t;]*(?:\r?\n|$)/gm;
const SCRIPT_FILE = /^([a-z][A-Za-z0-9]*)(?:-(\d+))?\.lua$/;

/** The command's name and number of keys from a script's file name. */
export function scriptName(file: string): { name: string; numberOfKeys?: number } {
  const m = SCRIPT_FILE.exec(basename(file));
  if (!m) throw new ScriptLoadError(`${file}: a script's file is named <command>-<numberOfKeys>.lua or <command>.lua`);
  return m[2] === undefined ? { name: m[1]! } : { name: m[1]!, numberOfKeys: Number(m[2]) };
}

function withExt(ref: string): string {
  return extname(ref) === '.lua' ? ref : `${ref}.lua`;
}

/**
 * A file's text with its includes in place. `stack`: the files being expanded (the cycle check),
 * `emitted`: the fragments already placed in this script, `texts`: files read so far.
 */
function expand(file: string, stack: readonly string[], emitted: Set<string>, texts: Map<string, string>): string {
  const text = texts.get(file) ?? readFileSync(file, 'utf8');
  texts.set(file, text);
  return text.replace(INCLUDE, (_line, _quote, ref: string) => {
    const target = resolve(dirname(file), withExt(ref));
    const root = stack[0]!;
    if (stack.includes(target) || target === file) {
      const chain = [...stack, target].map((f) => relative(dirname(root), f)).join(' → ');
      throw new ScriptLoadError(`${root}: include cycle ${chain}`);
    }
    if (emitted.has(target)) return '';
    emitted.add(target);
    try {
      texts.set(target, texts.get(target) ?? readFileSync(target, 'utf8'));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new ScriptLoadError(`${file}: include not found: "${ref}"`);
      throw err;
    }
    return expand(target, [...stack, target], emitted, texts);
  });
}

/** One script file, read with its includes. */
export function loadScript(file: string, texts = new Map<string, string>()): LuaScript {
  const path = resolve(file);
  return { ...scriptName(path), lua: expand(path, [path], new Set(), texts), file: path };
}

const folders = new Map<string, ReadonlyMap<string, LuaScript>>();

function folderPath(dir: URL | string): string {
  return typeof dir === 'string' ? resolve(dir) : fileURLToPath(dir);
}

/** The scripts of a folder (its own `.lua` files; `includes/` holds fragments), read once per process. */
export function loadScripts(dir: URL | string): ReadonlyMap<string, LuaScript> {
  const path = folderPath(dir);
  const known = folders.get(path);
  if (known) return known;
  const texts = new Map<string, string>();
  const scripts = new Map<string, LuaScript>();
  const files = readdirSync(path, { withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.lua'))
    .map((e) => e.name)
    .sort();
  if (files.length === 0) throw new ScriptLoadError(`${path}: no .lua files`);
  for (const name of files) {
    const script = loadScript(join(path, name), texts);
    const twin = scripts.get(script.name);
    if (twin) throw new ScriptLoadError(`${path}: two files for the command ${script.name}: ${basename(twin.file)}, ${name}`);
    scripts.set(script.name, script);
  }
  folders.set(path, scripts);
  return scripts;
}

/**
 * Defines a folder's scripts as commands of `redis`, each unless the client has it already (a
 * client shared by several stores gets each once). A name ioredis itself uses is refused: the
 * guard would silently keep ioredis's method instead of the script.
 */
export function defineScripts(redis: Redis, dir: URL | string): void {
  const builtins = Object.getPrototypeOf(redis) as object;
  for (const s of loadScripts(dir).values()) {
    if (s.name in builtins) throw new ScriptLoadError(`${s.file}: ${s.name} is a name ioredis uses itself`);
    if (s.name in redis) continue;
    redis.defineCommand(s.name, s.numberOfKeys === undefined ? { lua: s.lua } : { numberOfKeys: s.numberOfKeys, lua: s.lua });
  }
}

/** src/store's own scripts (src/store/lua/; dist/store/lua/ once built). */
export const STORE_LUA = new URL('./lua/', import.meta.url);
