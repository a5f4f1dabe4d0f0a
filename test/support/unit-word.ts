// A texts module as a school reads it: every {unit…} mark rendered with «класс», the default
// word, so tests compare with what the bot really sends.
import { withUnitWord } from '../../src/policy/unit-word.js';

export function asSchool<T extends Record<string, unknown>>(texts: T): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(texts)) {
    if (typeof v === 'string') out[k] = withUnitWord(v, 'класс');
    else if (typeof v === 'function') out[k] = (...args: unknown[]) => withUnitWord(String((v as (...a: unknown[]) => unknown)(...args)), 'класс');
    else out[k] = v;
  }
  return out as T;
}
