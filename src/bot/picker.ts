// Pickers: lists of people or units offered as buttons. MAX keyboards hold a limited
// number of buttons, so a long list is shown a page at a time with «Ещё» (the page
// number travels in the button; everything it names is checked again when pressed),
// and a search narrows it («/curator 5А Петр»). A search that still finds more than a
// page shows the first page and asks to narrow it.
import { ownWords } from '../policy/unit-word.js';
import type { Keyboard } from './outbox.js';

export const PAGE_SIZE = 20;

export interface PickerPage {
  keyboard: Keyboard;
  /** How many matched in all. */
  total: number;
  /** The page shown (clamped to the last one). */
  page: number;
  /** More than one page matched a search: ask to narrow it. */
  narrow: boolean;
}

/** Case- and ё-insensitive "contains" for names. */
export function matchesQuery(name: string, query: string): boolean {
  const norm = (s: string) => s.toLowerCase().replace(/ё/g, 'е').replace(/\s+/g, ' ').trim();
  return norm(name).includes(norm(query));
}

/**
 * One page of `items` as buttons. Without a search, a «Ещё» button (payload from
 * `nextPayload`) leads to the next page, and the last page leads back to the first.
 */
export function pickerPage<T>(
  items: readonly T[],
  page: number,
  button: (item: T) => { text: string; payload: string },
  opts: { searched: boolean; nextPayload: (page: number) => string },
): PickerPage {
  const pages = Math.max(1, Math.ceil(items.length / PAGE_SIZE));
  const p = Math.min(Math.max(0, page), pages - 1);
  // Every label is a name someone gave (a person's, a unit's): its braces are never marks.
  const keyboard: Keyboard = items.slice(p * PAGE_SIZE, (p + 1) * PAGE_SIZE).map((i) => {
    const b = button(i);
    return [{ ...b, text: ownWords(b.text) }];
  });
  if (pages > 1 && !opts.searched)
    keyboard.push([{ text: p + 1 < pages ? `Ещё (${p + 2} из ${pages}) →` : 'В начало ↺', payload: opts.nextPayload(p + 1 < pages ? p + 1 : 0) }]);
  return { keyboard, total: items.length, page: p, narrow: opts.searched && pages > 1 };
}
