// Structured JSON logs to stdout. Personal data never goes here: callers log ids
// (user, chat, update), never names, phone numbers or message texts.
import { pino, type Logger } from 'pino';

export type { Logger };

export function createLogger(level: string, bindings: Record<string, unknown> = {}): Logger {
  return pino({
    level,
    base: { service: 'sferum-max-bot', ...bindings },
    // Belt and braces: if a payload slips into a log call, these fields are masked.
    redact: {
      paths: ['text', '*.text', 'name', '*.name', 'first_name', '*.first_name', 'last_name', '*.last_name', 'phone', '*.phone', 'fullName', '*.fullName'],
      censor: '[hidden]',
    },
  });
}
