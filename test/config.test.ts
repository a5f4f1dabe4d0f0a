import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError, configSchema, loadConfig } from '../src/config.js';

const base = { MAX_BOT_TOKEN: 'token', ADMIN_USER_IDS: '42' };

describe('loadConfig', () => {
  it('fills the defaults README lists', () => {
    const c = loadConfig(base);
    expect(c).toMatchObject({
      REDIS_URL: 'redis://127.0.0.1:6379',
      ADMIN_USER_IDS: [42],
      ORG_TIMEZONE: 'Europe/Moscow',
      WORK_HOURS: { start: '07:30', end: '20:00' },
      UPDATES_MODE: 'polling',
      LOG_LEVEL: 'info',
      MAX_RPS: 30,
      HTTP_PORT: 8081,
      HTTP_HOST: '0.0.0.0',
    });
    expect(c.MAX_API_URL).toBeUndefined();
  });

  it('parses lists and ranges leniently', () => {
    const c = loadConfig({ ...base, ADMIN_USER_IDS: ' 1, 2 ,2,3 ', WORK_HOURS: '8:00 – 19:30', MAX_RPS: '10' });
    expect(c.ADMIN_USER_IDS).toEqual([1, 2, 3]);
    expect(c.WORK_HOURS).toEqual({ start: '08:00', end: '19:30' });
    expect(c.MAX_RPS).toBe(10);
  });

  it.each([
    [{ ADMIN_USER_IDS: '1' }, 'MAX_BOT_TOKEN'],
    [{ MAX_BOT_TOKEN: '  ', ADMIN_USER_IDS: '1' }, 'MAX_BOT_TOKEN'],
    [{ MAX_BOT_TOKEN: 't' }, 'ADMIN_USER_IDS'],
    [{ ...base, ADMIN_USER_IDS: ',' }, 'ADMIN_USER_IDS'],
    [{ ...base, ADMIN_USER_IDS: '12,abc' }, 'ADMIN_USER_IDS'],
    [{ ...base, ADMIN_USER_IDS: '-5' }, 'ADMIN_USER_IDS'],
    [{ ...base, MAX_API_URL: 'not a url' }, 'MAX_API_URL'],
    [{ ...base, REDIS_URL: 'http://localhost' }, 'REDIS_URL'],
    [{ ...base, REDIS_URL: 'redis://host:notaport' }, 'REDIS_URL'],
    [{ ...base, REDIS_URL: 'redis://host:0' }, 'REDIS_URL'],
    [{ ...base, REDIS_URL: 'redis:///0' }, 'REDIS_URL'],
    [{ ...base, REDIS_PREFIX: 'bad prefix' }, 'REDIS_PREFIX'],
    [{ ...base, ORG_TIMEZONE: 'Mars/Olympus' }, 'ORG_TIMEZONE'],
    [{ ...base, WORK_HOURS: '7-20' }, 'WORK_HOURS'],
    [{ ...base, WORK_HOURS: '20:00-07:30' }, 'WORK_HOURS'],
    [{ ...base, WORK_HOURS: '25:00-26:00' }, 'WORK_HOURS'],
    [{ ...base, UPDATES_MODE: 'push' }, 'UPDATES_MODE'],
    [{ ...base, UPDATES_MODE: 'webhook', WEBHOOK_SECRET: 'secret-123' }, 'WEBHOOK_URL'],
    [{ ...base, UPDATES_MODE: 'webhook', WEBHOOK_URL: 'https://bot.example.ru/max' }, 'WEBHOOK_SECRET'],
    [{ ...base, WEBHOOK_SECRET: 'short' }, 'WEBHOOK_SECRET'],
    [{ ...base, UPDATES_MODE: 'webhook', WEBHOOK_URL: 'http://bot.example.ru/max/webhook', WEBHOOK_SECRET: 'secret-123' }, 'WEBHOOK_URL'],
    [{ ...base, UPDATES_MODE: 'webhook', WEBHOOK_URL: 'https://bot.example.ru:8443/max/webhook', WEBHOOK_SECRET: 'secret-123' }, 'WEBHOOK_URL'],
    [{ ...base, WEBHOOK_URL: 'webhook' }, 'WEBHOOK_URL'],
    [{ ...base, WEBHOOK_PORT: '70000' }, 'WEBHOOK_PORT'],
    [{ ...base, HTTP_PORT: '65536' }, 'HTTP_PORT'],
    [{ ...base, HTTP_PORT: 'http' }, 'HTTP_PORT'],
    [{ ...base, HTTP_HOST: 'not a host' }, 'HTTP_HOST'],
    [{ ...base, MINIAPP_URL: 'http://bot.example.ru/app' }, 'MINIAPP_URL'],
    [{ ...base, MINIAPP_URL: 'https://bot.example.ru/panel' }, 'MINIAPP_URL'],
    [{ ...base, MINIAPP_URL: 'panel' }, 'MINIAPP_URL'],
    [{ ...base, MAX_RPS: '0' }, 'MAX_RPS'],
    [{ ...base, MAX_RPS: 'fast' }, 'MAX_RPS'],
    [{ ...base, LOG_LEVEL: 'verbose' }, 'LOG_LEVEL'],
  ])('%j is refused naming %s', (env, variable) => {
    let error: unknown;
    try {
      loadConfig(env);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const e = error as ConfigError;
    expect(e.variable).toBe(variable);
    expect(e.message).toMatch(new RegExp(`^Ошибка конфигурации: ${variable} — \\S`));
    expect(e.message).not.toContain('\n');
  });

  it('MINIAPP_URL: https at the root or /app, http only on this machine', () => {
    for (const url of ['https://bot.example.ru/app', 'https://panel.example.ru/', 'http://127.0.0.1:8081/app'])
      expect(loadConfig({ ...base, MINIAPP_URL: url }).MINIAPP_URL).toBe(url);
    expect(loadConfig({ ...base, MINIAPP_URL: '' }).MINIAPP_URL).toBeUndefined();
  });

  it('WEBHOOK_URL: https on port 443 (MAX posts nowhere else); http and other ports only on this machine', () => {
    const hook = { ...base, UPDATES_MODE: 'webhook', WEBHOOK_SECRET: 'secret-123' };
    for (const url of [
      'https://bot.example.ru/max/webhook',
      'https://bot.example.ru:443/max/webhook',
      'http://127.0.0.1:8080/max/webhook',
      'https://localhost:8443/hook',
    ]) {
      expect(loadConfig({ ...hook, WEBHOOK_URL: url }).WEBHOOK_URL).toBe(url);
    }
    expect(() => loadConfig({ ...hook, WEBHOOK_URL: 'http://bot.example.ru/max' })).toThrow(/WEBHOOK_URL — нужен адрес https:\/\//);
    expect(() => loadConfig({ ...hook, WEBHOOK_URL: 'https://bot.example.ru:8080/max' })).toThrow(/порт 443/);
  });

  it('WORK_HOURS=24/7: round the clock, every day', () => {
    expect(loadConfig({ ...base, WORK_HOURS: '24/7' }).WORK_HOURS).toEqual({ start: '00:00', end: '24:00', always: true });
  });

  it('MAX_RPS above the limit says the limit', () => {
    expect(() => loadConfig({ ...base, MAX_RPS: '5000' })).toThrow(/MAX_RPS — нужно от 1 до 1000/);
  });
});

describe('the list of settings', () => {
  // src/config.ts, .env.example and README's table name the same variables, in the same order.
  const inSchema = Object.keys(configSchema.shape);
  it('.env.example has every variable once, besides BOT_DOMAIN for docker compose', () => {
    const names = readFileSync('.env.example', 'utf8')
      .split('\n')
      .filter((l) => /^[A-Z_]+=/.test(l))
      .map((l) => l.slice(0, l.indexOf('=')));
    expect(names[0]).toBe('BOT_DOMAIN');
    expect(names.slice(1)).toEqual(inSchema);
  });
  it('README has a row for every variable', () => {
    const readme = readFileSync('README.md', 'utf8');
    const section = readme.slice(readme.indexOf('## Конфигурация'));
    const rows = [...section.matchAll(/^\| `([A-Z_]+)` \|/gm)].map((m) => m[1]);
    expect(rows).toEqual(inSchema);
  });
});
