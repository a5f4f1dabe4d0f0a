// The production files agree with each other and with README: docker-compose.yml runs
// the bot in webhook mode behind Caddy, Caddyfile passes the same path the bot
// subscribes, and README's production section describes that path.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { configSchema } from '../../src/config.js';

const compose = readFileSync('docker-compose.yml', 'utf8');
const caddyfile = readFileSync('Caddyfile', 'utf8');
const readme = readFileSync('README.md', 'utf8');
const production = readme.slice(readme.indexOf('## Запуск в продакшене'), readme.indexOf('## Эксплуатация'));

/** The block of one compose service (two-space indented key up to the next one). */
function service(name: string): string {
  const match = new RegExp(`^  ${name}:\\n((?:    .*\\n|\\s*\\n)*)`, 'm').exec(compose);
  expect(match, `service ${name}`).not.toBeNull();
  return match![1]!;
}

describe('production setup', () => {
  it('compose runs the bot in webhook mode at https://BOT_DOMAIN/<path>, with a secret, and publishes none of its ports', () => {
    const bot = service('bot');
    expect(bot).toMatch(/^ {6}UPDATES_MODE: webhook$/m);
    expect(bot).toMatch(/^ {6}WEBHOOK_URL: https:\/\/\$\{BOT_DOMAIN:\?[^}]*\}\/max\/webhook$/m);
    expect(bot).toMatch(/^ {6}WEBHOOK_SECRET: \$\{WEBHOOK_SECRET:\?[^}]*\}$/m);
    expect(bot).not.toMatch(/^ {4}ports:/m);
    // The resulting settings pass the bot's own checks.
    const env = {
      MAX_BOT_TOKEN: 't',
      ADMIN_USER_IDS: '1',
      UPDATES_MODE: 'webhook',
      WEBHOOK_URL: 'https://bot.school.ru/max/webhook',
      WEBHOOK_SECRET: 'a'.repeat(64),
    };
    expect(configSchema.safeParse(env).success).toBe(true);
  });

  it('Caddy terminates TLS on 443 and 80 for BOT_DOMAIN and passes the webhook path to WEBHOOK_PORT, the panel to HTTP_PORT, nothing else', () => {
    const caddy = service('caddy');
    expect(caddy).toMatch(/^ {4}image: caddy:2$/m);
    expect(caddy).toContain('"443:443"');
    expect(caddy).toContain('"80:80"');
    expect(caddy).toContain('./Caddyfile:/etc/caddy/Caddyfile:ro');
    expect(caddy).toMatch(/BOT_DOMAIN: \$\{BOT_DOMAIN/);
    expect(caddyfile).toMatch(/^\{\$BOT_DOMAIN\} \{$/m);
    expect(caddyfile).toMatch(/handle \/max\/webhook \{[\s\S]*?reverse_proxy bot:\{\$WEBHOOK_PORT:8080\}/);
    expect(caddyfile).toMatch(/@panel path \/app \/app\/\*\n\s*handle @panel \{\n\s*reverse_proxy bot:\{\$HTTP_PORT:8081\}/);
    expect(caddyfile).toMatch(/handle \{\n\s*respond 404\n\s*\}/);
    expect(caddyfile).toMatch(/read_body \d+s/);
    expect(caddyfile).toMatch(/max_size 1MiB/);
  });

  it("README's production section describes the same path", () => {
    for (const fact of [
      'docker compose up -d',
      'BOT_DOMAIN',
      'WEBHOOK_SECRET',
      'Caddyfile',
      '443',
      '80/tcp',
      'https://bot.school.ru/max/webhook',
      'GET /subscriptions',
      'Russian Trusted Root CA',
      'только\nдля разработки',
    ]) {
      expect(production.replace(/\s+/g, ' ')).toContain(fact.replace(/\s+/g, ' '));
    }
    expect(production).not.toMatch(/Один экземпляр работает в режиме `polling`/);
  });
});
