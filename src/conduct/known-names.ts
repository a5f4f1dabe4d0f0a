// Names are not insults (issue 22): a capitalised word the etiquette check was about to report
// as profanity or an insult may be a surname of the organisation's own people («Козлова»,
// «Дураков»). Only those few words are looked up, in the name index the people store keeps on
// join, rename and removal and erases with the person (src/store/name-index.ts) — the people
// store is never read whole, and nothing new is stored about anyone.
import type { Verdict } from '../policy/etiquette/index.js';

/** The capitalised single words of a message that profanity or insult verdicts point at, lower-cased. */
export function capitalisedFlaggedWords(text: string, verdicts: readonly Verdict[]): string[] {
  const words: string[] = [];
  for (const v of verdicts) {
    if (v.rule !== 'profanity' && v.rule !== 'insult') continue;
    const word = text.slice(v.span.start, v.span.end);
    if (!/^\p{Lu}\p{Ll}+(?:-\p{Lu}?\p{Ll}+)?$/u.test(word)) continue;
    words.push(word.toLowerCase().replace(/ё/g, 'е'));
  }
  return [...new Set(words)];
}
