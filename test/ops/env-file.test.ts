// `npm start` reads .env from the working directory; the environment wins over it.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runMain } from '../support/bot-process.js';

describe('.env', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  function dirWithEnv(lines: string[]): string {
    const dir = mkdtempSync(join(tmpdir(), 'sferum-env-'));
    dirs.push(dir);
    writeFileSync(join(dir, '.env'), `${lines.join('\n')}\n`);
    return dir;
  }

  it('is read when present: the required values may come from the file alone', async () => {
    // The file fills the two required values; its bad time zone is then the first error.
    const cwd = dirWithEnv(['MAX_BOT_TOKEN=from-file', 'ADMIN_USER_IDS=1', 'ORG_TIMEZONE=Moscow/Nowhere']);
    const bot = runMain({}, { cwd });
    expect(await bot.exited).toBe(2);
    expect(bot.stderr().trim()).toMatch(/^Ошибка конфигурации: ORG_TIMEZONE — /);
  }, 60_000);

  it('loses to the environment, even to an empty value there', async () => {
    const cwd = dirWithEnv(['MAX_BOT_TOKEN=from-file', 'ADMIN_USER_IDS=1', 'ORG_TIMEZONE=Moscow/Nowhere', 'WORK_HOURS=07:30-20:00']);
    // The environment's good time zone wins over the file's bad one; its bad hours win over the file's good ones.
    const bot = runMain({ ORG_TIMEZONE: 'Europe/Moscow', WORK_HOURS: '20:00-07:00' }, { cwd });
    expect(await bot.exited).toBe(2);
    expect(bot.stderr().trim()).toMatch(/^Ошибка конфигурации: WORK_HOURS — /);

    const empty = runMain({ MAX_BOT_TOKEN: '' }, { cwd });
    expect(await empty.exited).toBe(2);
    expect(empty.stderr().trim()).toMatch(/^Ошибка конфигурации: MAX_BOT_TOKEN — /);
  }, 60_000);

  it('is not needed', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'sferum-env-'));
    dirs.push(cwd);
    const bot = runMain({ ADMIN_USER_IDS: '1' }, { cwd });
    expect(await bot.exited).toBe(2);
    expect(bot.stderr().trim()).toMatch(/^Ошибка конфигурации: MAX_BOT_TOKEN — /);
  }, 60_000);
});
