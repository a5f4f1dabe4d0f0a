// Process configuration: the environment of SPEC §4, parsed once with zod.
// A bad value stops the start with one line that names the variable (see main.ts).
import { isIP } from 'node:net';
import { z } from 'zod';

const HHMM = /^([01]?\d|2[0-3]):([0-5]\d)$/;

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('ru-RU', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

function minutes(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}

function isLoopbackUrl(u: string): boolean {
  return URL.canParse(u) && /^(127\.\d+\.\d+\.\d+|localhost|\[::1\])$/.test(new URL(u).hostname);
}

/** A redis:// address the client can parse: a host, and a port 1–65535 when one is given. */
function isRedisUrl(u: string): boolean {
  if (!URL.canParse(u)) return false;
  const url = new URL(u);
  if (url.hostname === '') return false;
  return url.port === '' || (Number(url.port) >= 1 && Number(url.port) <= 65535);
}

const emptyToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);

const userIdList = z.string({ error: 'обязательная переменная: перечислите id администраторов через запятую' }).transform((raw, ctx) => {
  const parts = raw
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '');
  if (parts.length === 0) {
    ctx.addIssue({ code: 'custom', message: 'нужен хотя бы один id администратора' });
    return z.NEVER;
  }
  const ids: number[] = [];
  for (const part of parts) {
    if (!/^\d{1,15}$/.test(part) || Number(part) <= 0) {
      ctx.addIssue({ code: 'custom', message: `«${part}» — не id пользователя MAX (нужно положительное целое число)` });
      return z.NEVER;
    }
    ids.push(Number(part));
  }
  return [...new Set(ids)];
});

export const configSchema = z
  .object({
    MAX_BOT_TOKEN: z.string({ error: 'обязательная переменная: токен бота из MAX' }).trim().min(1, 'обязательная переменная: токен бота из MAX'),
    MAX_API_URL: z.preprocess(emptyToUndefined, z.url({ error: 'нужен адрес вида https://host[:port]' }).optional()),
    REDIS_URL: z.preprocess(
      emptyToUndefined,
      z
        .string()
        .regex(/^rediss?:\/\/\S+$/, 'нужен адрес вида redis://host:port')
        // ioredis throws a stack trace on an address it cannot parse (a port that is not a number).
        .refine(isRedisUrl, 'нужен адрес вида redis://host:port: имя хоста и порт от 1 до 65535, например redis://127.0.0.1:6379')
        .default('redis://127.0.0.1:6379'),
    ),
    REDIS_PREFIX: z.preprocess(
      emptyToUndefined,
      z
        .string()
        .regex(/^[A-Za-z0-9_.-]{1,40}$/, 'латинские буквы, цифры, «_», «-», «.»; до 40 символов')
        .default('sferum'),
    ),
    ADMIN_USER_IDS: userIdList,
    ORG_TIMEZONE: z.preprocess(
      emptyToUndefined,
      z.string().refine(isTimeZone, 'неизвестный часовой пояс IANA (например, Europe/Moscow)').default('Europe/Moscow'),
    ),
    WORK_HOURS: z.preprocess(
      emptyToUndefined,
      z
        .string()
        .default('07:30-20:00')
        .transform((raw, ctx): { start: string; end: string; always?: true } => {
          // Round the clock, every day, holidays too (the demo's default).
          if (raw.trim() === '24/7') return { start: '00:00', end: '24:00', always: true };
          const [start, end, ...rest] = raw.split(/\s*[-–]\s*/);
          if (!start || !end || rest.length > 0 || !HHMM.test(start) || !HHMM.test(end)) {
            ctx.addIssue({ code: 'custom', message: 'нужен интервал вида 07:30-20:00 или 24/7 (круглосуточно)' });
            return z.NEVER;
          }
          if (minutes(start) >= minutes(end)) {
            ctx.addIssue({ code: 'custom', message: 'начало рабочего времени должно быть раньше конца' });
            return z.NEVER;
          }
          const pad = (t: string) => t.padStart(5, '0');
          return { start: pad(start), end: pad(end) };
        }),
    ),
    UPDATES_MODE: z.preprocess(emptyToUndefined, z.enum(['polling', 'webhook'], { error: 'допустимо polling или webhook' }).default('polling')),
    // MAX posts only to https:// on port 443 with a trusted certificate; plain http and other ports only on this machine (tests).
    WEBHOOK_URL: z.preprocess(
      emptyToUndefined,
      z
        .url({ error: 'нужен публичный адрес вида https://bot.example.ru/max/webhook' })
        .refine(
          (u) => /^https:\/\//.test(u) || isLoopbackUrl(u),
          'нужен адрес https:// (MAX шлёт обновления только по HTTPS; http — только для 127.0.0.1 и localhost)',
        )
        .refine(
          (u) => !URL.canParse(u) || new URL(u).port === '' || isLoopbackUrl(u),
          'MAX шлёт обновления только на порт 443: уберите порт из адреса (прокси с TLS слушает 443)',
        )
        .optional(),
    ),
    WEBHOOK_PORT: z.preprocess(emptyToUndefined, z.coerce.number({ error: 'нужен номер порта' }).int().min(1).max(65535).default(8080)),
    WEBHOOK_SECRET: z.preprocess(
      emptyToUndefined,
      z
        .string()
        .regex(/^[A-Za-z0-9_-]{8,256}$/, 'от 8 до 256 символов: латинские буквы, цифры, «_», «-»')
        .optional(),
    ),
    HTTP_PORT: z.preprocess(
      emptyToUndefined,
      z.coerce.number({ error: 'нужен номер порта' }).int('нужен номер порта').min(0, 'от 0 до 65535').max(65535, 'от 0 до 65535').default(8081),
    ),
    HTTP_HOST: z.preprocess(
      emptyToUndefined,
      z
        .string()
        .refine((h) => isIP(h) !== 0 || /^[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?$/.test(h), 'нужен адрес: IP (например, 127.0.0.1 или ::) или имя хоста')
        .default('0.0.0.0'),
    ),
    // The web panel (a MAX mini-app) at <MINIAPP_URL>; off when unset. Plain http only for this machine (the demo).
    MINIAPP_URL: z.preprocess(
      emptyToUndefined,
      z
        .url({ error: 'нужен публичный адрес вида https://bot.example.ru/app' })
        .refine(
          (u) => /^https:\/\//.test(u) || /^http:\/\/(127\.0\.0\.1|localhost)(:\d+)?\//.test(u),
          'нужен адрес https:// (http — только для 127.0.0.1 и localhost)',
        )
        .refine((u) => URL.canParse(u) && /^\/(app\/?)?$/.test(new URL(u).pathname), 'адрес — корень сайта или путь /app, например https://bot.example.ru/app')
        .optional(),
    ),
    MAX_RPS: z.preprocess(
      emptyToUndefined,
      z.coerce
        .number({ error: 'нужно число запросов в секунду' })
        .int('нужно целое число')
        .min(1, 'нужно от 1 до 1000 запросов в секунду')
        .max(1000, 'нужно от 1 до 1000 запросов в секунду (MAX разрешает боту около 30)')
        .default(30),
    ),
    LOG_LEVEL: z.preprocess(
      emptyToUndefined,
      z
        .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], { error: 'допустимо fatal, error, warn, info, debug, trace или silent' })
        .default('info'),
    ),
  })
  .superRefine((cfg, ctx) => {
    if (cfg.UPDATES_MODE === 'webhook') {
      if (!cfg.WEBHOOK_URL) ctx.addIssue({ code: 'custom', path: ['WEBHOOK_URL'], message: 'обязательна при UPDATES_MODE=webhook' });
      if (!cfg.WEBHOOK_SECRET) ctx.addIssue({ code: 'custom', path: ['WEBHOOK_SECRET'], message: 'обязательна при UPDATES_MODE=webhook' });
    }
  });

export type Config = z.infer<typeof configSchema>;

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    readonly reason: string,
  ) {
    super(`Ошибка конфигурации: ${variable} — ${reason}`);
    this.name = 'ConfigError';
  }
}

/**
 * Reads `.env` from the working directory into process.env when the file exists
 * (Node's own loader, no dependency). A variable already set in the environment
 * wins over the file — even when set to an empty string. Returns whether a file was read.
 */
export function loadDotEnv(path = '.env'): boolean {
  try {
    process.loadEnvFile(path);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw new ConfigError(path, `файл не читается (${(err as Error).message})`);
  }
}

/** Parses the environment; throws ConfigError naming the first bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const result = configSchema.safeParse(env);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const variable = String(issue?.path[0] ?? 'окружение');
  throw new ConfigError(variable, issue?.message ?? 'неверное значение');
}
