// Complaints about a message in a chat (/report as a reply): how many, and how the message is quoted.

/**
 * A person's complaints a day. A parent with a real problem rarely needs more than a few in a
 * day; past this the curator would get a flood (one parent once sent 8 in a minute), and the
 * person is kindly told the curator has their complaints already.
 */
export const COMPLAINTS_PER_DAY = 5;

/**
 * A complaint about the same message is counted once per person for this long: a repeat gets a
 * kind answer, not another note to the curator. Longer than any day's limit matters.
 */
export const COMPLAINT_MEMORY_DAYS = 30;

/**
 * The reported message is quoted to the curator up to this many characters: enough to judge it,
 * far below MAX's 4000 per message together with the note's own lines.
 */
export const COMPLAINT_QUOTE_MAX = 1000;

/** The reported text as quoted: whitespace runs folded, cut at a word boundary with «…» when too long; null when there is no text. */
export function complaintQuote(text: string | null | undefined, max = COMPLAINT_QUOTE_MAX): string | null {
  const folded = (text ?? '').replace(/\s+/g, ' ').trim();
  if (folded === '') return null;
  if (folded.length <= max) return folded;
  const cut = folded.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  // A word boundary if one is near the end; otherwise the hard cut (a long link, a word without spaces).
  return `${(space > max * 0.8 ? cut.slice(0, space) : cut).trimEnd()}…`;
}
