// A college is never called a school: every text of every texts module, rendered with the
// college's word («группа» → «колледж»), has no «школ…». Templates are called with sample
// arguments; the few that need a shaped argument and throw on a string are skipped.
import { describe, expect, it } from 'vitest';
import { BOT_TEXTS } from '../../src/bot/texts.js';
import { CHAT_TEXTS } from '../../src/chats/texts.js';
import { CONDUCT_TEXTS } from '../../src/conduct/texts.js';
import { FEEDBACK_DESK_TEXTS } from '../../src/feedback/texts.js';
import { AUDIT_TEXTS } from '../../src/org/audit-query.js';
import { CONSENT_TEXTS } from '../../src/org/consent-texts.js';
import { ERASURE_TEXTS } from '../../src/org/erasure-texts.js';
import { ROLLOVER_TEXTS } from '../../src/lifecycle/rollover-texts.js';
import { ROSTER_TEXTS } from '../../src/org/roster-texts.js';
import { DENIALS, ORG_TEXTS, SAFE_MODE_ADVICE } from '../../src/org/texts.js';
import { POST_TEXTS } from '../../src/broadcasts/texts.js';
import { JOIN_TEXTS, REJECT_TEXTS } from '../../src/flows/org/join-texts.js';
import { LATER_TEXTS } from '../../src/flows/conduct/later.js';
import { REPORT_TEXTS } from '../../src/flows/conduct/report-texts.js';
import { SETUP_TEXTS } from '../../src/flows/org/setup.js';
import { FEEDBACK_TEXTS, FLOW_TEXTS } from '../../src/flows/texts.js';
import { AUDIT_ACTIONS_RU } from '../../src/policy/audit-text.js';
import { withUnitWord } from '../../src/policy/unit-word.js';
import { STATS_TEXTS } from '../../src/reports/texts.js';
import { WEB_TEXTS } from '../../src/web/texts.js';

const MODULES: Record<string, unknown> = {
  BOT_TEXTS,
  CHAT_TEXTS,
  CONDUCT_TEXTS,
  FEEDBACK_DESK_TEXTS,
  AUDIT_TEXTS,
  CONSENT_TEXTS,
  ERASURE_TEXTS,
  ROLLOVER_TEXTS,
  ROSTER_TEXTS,
  DENIALS,
  ORG_TEXTS,
  SAFE_MODE_ADVICE,
  POST_TEXTS,
  JOIN_TEXTS,
  REJECT_TEXTS,
  LATER_TEXTS,
  REPORT_TEXTS,
  SETUP_TEXTS,
  FEEDBACK_TEXTS,
  FLOW_TEXTS,
  AUDIT_ACTIONS_RU,
  STATS_TEXTS,
  WEB_TEXTS,
};

/** Every text a value can give: strings as they are, templates called with sample arguments. */
function texts(value: unknown, path: string, out: Array<[string, string]>): void {
  if (typeof value === 'string') out.push([path, value]);
  else if (Array.isArray(value)) for (const [i, v] of value.entries()) texts(v, `${path}[${i}]`, out);
  else if (typeof value === 'function') {
    for (const sample of ['Иванов Иван', 1, 'student', true]) {
      try {
        texts((value as (...a: unknown[]) => unknown)(...Array.from({ length: Math.max(1, value.length) }, () => sample)), `${path}()`, out);
      } catch {
        // a template that needs an argument of another shape
      }
    }
  } else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) texts(v, `${path}.${k}`, out);
}

describe('a college is never called a school', () => {
  it('no text of any texts module says «школ…» in a college', () => {
    const all: Array<[string, string]> = [];
    for (const [name, m] of Object.entries(MODULES)) texts(m, name, all);
    expect(all.length).toBeGreaterThan(300);
    const school = all.map(([path, t]) => [path, withUnitWord(t, 'группа')]).filter(([, t]) => /школ/i.test(t!));
    expect(school).toEqual([]);
  });
});
