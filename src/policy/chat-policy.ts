// A chat's own settings for working hours and content rules (SPEC §3.5–3.6):
// what happens outside hours, and per rule what happens on a violation.
import type { RuleId } from './etiquette/index.js';

export type OffHoursMode = 'remind' | 'hold' | 'off';
export type RuleMode = 'delete' | 'warn' | 'report' | 'off';

export interface ChatPolicy {
  offHours: OffHoursMode;
  rules: Record<RuleId, RuleMode>;
  /** On the third violation remove the member at once instead of offering the curator a button. */
  autoRemove: boolean;
  /** Remove strangers at once instead of asking the curator. */
  removeStrangers: boolean;
}

/** Defaults: obscene words, banned-messenger links and personal data are deleted; insults warned. */
export const DEFAULT_CHAT_POLICY: ChatPolicy = {
  offHours: 'remind',
  rules: { profanity: 'delete', insult: 'warn', banned_messenger: 'delete', personal_data: 'delete' },
  autoRemove: false,
  removeStrangers: false,
};

export const RULE_TITLES_RU: Record<RuleId, string> = {
  profanity: 'нецензурная лексика',
  insult: 'оскорбления и грубость',
  banned_messenger: 'ссылки и приглашения в запрещённые мессенджеры',
  personal_data: 'персональные данные в общем чате',
};

/** Regulation clauses to cite when explaining a rule to its breaker. */
export const RULE_CLAUSES: Record<RuleId, string> = {
  profanity: 'п. 6.1 и 6.3 Порядка взаимодействия в «Сферуме»: общение без нецензурной лексики',
  insult: 'п. 6.1 Порядка взаимодействия в «Сферуме» и п. 4.5.3 Порядка применения сервисов взаимодействия: уважительное общение',
  banned_messenger: 'приложение 2 к Порядку применения сервисов взаимодействия: мессенджеры, запрещённые для учебного процесса',
  personal_data:
    'п. 8.3 Порядка взаимодействия в «Сферуме» и п. 4.6.2 Порядка применения сервисов взаимодействия: персональные данные не публикуются в общих чатах',
};

export const MODE_TITLES_RU: Record<RuleMode, string> = {
  delete: 'удалять и предупреждать',
  warn: 'предупреждать',
  report: 'сообщать руководителю',
  off: 'не проверять',
};

export const OFF_HOURS_TITLES_RU: Record<OffHoursMode, string> = {
  remind: 'напоминать о рабочем времени (один раз за нерабочий период)',
  hold: 'придерживать сообщения и публиковать утром',
  off: 'не следить',
};

// The words as canonicalArgs leaves them (src/policy/command-words.ts holds the Russian words and aliases).
const RULES: Record<string, RuleId> = { profanity: 'profanity', insult: 'insult', messengers: 'banned_messenger', personal: 'personal_data' };
const RULE_MODES: Record<string, RuleMode> = { delete: 'delete', warn: 'warn', report: 'report', off: 'off' };
const HOURS_MODES: Record<string, OffHoursMode> = { remind: 'remind', hold: 'hold', off: 'off' };
const ON_OFF: Record<string, boolean> = { on: true, off: false };

export type PolicyChange =
  | { kind: 'hours'; mode: OffHoursMode }
  | { kind: 'rule'; rule: RuleId; mode: RuleMode }
  | { kind: 'autoremove'; on: boolean }
  | { kind: 'strangers'; remove: boolean };

export const POLICY_USAGE_RU =
  'Формат: /policy часы напоминать|придерживать|выкл · /policy <правило> удалять|предупреждать|сообщать|выкл (правила: мат, оскорбления, мессенджеры, данные) · /policy автоудаление вкл|выкл · /policy посторонние удалять|сообщать';

/** Parses "/policy <what> <mode>" in canonical words (canonicalArgs('policy', …)). */
export function parsePolicyChange(args: string): PolicyChange | null {
  const [what, mode, ...rest] = args.trim().toLowerCase().split(/\s+/);
  if (!what || !mode || rest.length > 0) return null;
  if (what === 'hours') return Object.hasOwn(HOURS_MODES, mode) ? { kind: 'hours', mode: HOURS_MODES[mode]! } : null;
  if (what === 'autoremove') return Object.hasOwn(ON_OFF, mode) ? { kind: 'autoremove', on: ON_OFF[mode]! } : null;
  if (what === 'strangers') return mode === 'delete' ? { kind: 'strangers', remove: true } : mode === 'report' ? { kind: 'strangers', remove: false } : null;
  const rule = Object.hasOwn(RULES, what) ? RULES[what] : undefined;
  const ruleMode = Object.hasOwn(RULE_MODES, mode) ? RULE_MODES[mode] : undefined;
  return rule && ruleMode ? { kind: 'rule', rule, mode: ruleMode } : null;
}

export function applyPolicyChange(policy: ChatPolicy, change: PolicyChange): ChatPolicy {
  switch (change.kind) {
    case 'hours':
      return { ...policy, offHours: change.mode };
    case 'rule':
      return { ...policy, rules: { ...policy.rules, [change.rule]: change.mode } };
    case 'autoremove':
      return { ...policy, autoRemove: change.on };
    case 'strangers':
      return { ...policy, removeStrangers: change.remove };
  }
}
