/**
 * Content rules of school chats (SPEC §3.6): speech etiquette and what must
 * not be posted — 001 4.5–4.6 and appendix 2, 003 6.1–6.3 and 8.3.
 *
 * `checkMessage` runs every detector on one message and returns what it
 * found, ordered by position; an empty list means the message is clean.
 * Pure: the data files are read once when the module loads, nothing else
 * touches the outside world. Verdicts never carry the text they matched,
 * only where it is (`span`, UTF-16 offsets into the message).
 */
import { detectBannedMessengers, type BannedMessengerVerdict } from './messengers.js';
import { normaliseText } from './normalise.js';
import { detectPersonalData, type PersonalDataVerdict } from './personal-data.js';
import { detectLexicon, type InsultVerdict, type ProfanityVerdict } from './profanity.js';

export type RuleId = 'profanity' | 'insult' | 'banned_messenger' | 'personal_data';
export const RULE_IDS: readonly RuleId[] = ['profanity', 'insult', 'banned_messenger', 'personal_data'];

export type Verdict = ProfanityVerdict | InsultVerdict | BannedMessengerVerdict | PersonalDataVerdict;

export interface CheckOptions {
  /** Rules to check (each chat sets its own, SPEC §3.6); all when omitted. */
  readonly rules?: Iterable<RuleId>;
  /**
   * The organisation's own public phone numbers (reception, duty phone), which
   * may be posted: any spelling, compared by their digits (see personal-data.ts).
   */
  readonly allowedNumbers?: Iterable<string>;
  /**
   * Words of the names of the organisation's own people (lower case, ё read
   * as е): written with a capital, such a word is a name, not an insult.
   */
  readonly knownNames?: ReadonlySet<string>;
}

/** Messages longer than this are checked on their first part only (MAX allows 4000 characters). */
export const MAX_CHECKED_LENGTH = 8000;

const ALL_RULES: ReadonlySet<RuleId> = new Set(RULE_IDS);

export function checkMessage(text: string, options: CheckOptions = {}): Verdict[] {
  const rules = options.rules === undefined ? ALL_RULES : new Set<RuleId>(options.rules);
  const n = normaliseText(text.length > MAX_CHECKED_LENGTH ? text.slice(0, MAX_CHECKED_LENGTH) : text);
  const verdicts: Verdict[] = [];
  if (rules.has('profanity') || rules.has('insult')) {
    for (const v of detectLexicon(n, { knownNames: options.knownNames })) if (rules.has(v.rule)) verdicts.push(v);
  }
  if (rules.has('banned_messenger')) verdicts.push(...detectBannedMessengers(n));
  if (rules.has('personal_data')) verdicts.push(...detectPersonalData(n, { allowedNumbers: options.allowedNumbers }));
  return verdicts.sort((a, b) => a.span.start - b.span.start);
}

/** The distinct rules a list of verdicts breaks, in RULE_IDS order. */
export function brokenRules(verdicts: readonly Verdict[]): RuleId[] {
  const seen = new Set(verdicts.map((v) => v.rule));
  return RULE_IDS.filter((rule) => seen.has(rule));
}

export {
  BANNED_MESSENGERS,
  detectBannedMessengers,
  type BannedMessengerVerdict,
  type MessengerId,
} from './messengers.js';
export {
  detectPersonalData,
  isValidSnils,
  passesLuhn,
  phoneKey,
  type PersonalDataKind,
  type PersonalDataOptions,
  type PersonalDataVerdict,
} from './personal-data.js';
export {
  classifyWord,
  detectInsults,
  detectLexicon,
  detectProfanity,
  type InsultVerdict,
  type LexiconOptions,
  type LexiconRule,
  type LexiconVerdict,
  type ProfanityVerdict,
} from './profanity.js';
export { normaliseText, wordForms, type NormalisedText, type Span } from './normalise.js';
export { isPersonName } from './names.js';
