// The organisation's word for its units, chosen in /setup: «класс» (a school),
// «группа» (a college), «объединение» (a club or centre). Texts shown to people never
// spell the word out; they name the case they need, and the text is rendered with the
// organisation's word when it leaves the bot:
//   {unit} {unit:gen} {unit:dat} {unit:acc} {unit:ins} {unit:loc}   — singular
//   {units} {units:gen} {units:dat} {units:acc} {units:ins} {units:loc} — plural
//   {Unit…} / {Units…}                                               — capitalised
//   {ваш|ваша|ваше}                                                   — a word agreeing in gender
// (masculine | feminine | neuter) of the unit word;
//   {org} {org:gen} … {Org…}                                          — the organisation's kind:
// «школа» (units are classes), «колледж» (groups), «организация» (anything else), so the bot
// calls itself «бот колледжа» in a college. Texts without braces are returned as they are.
//
// People's own words (a chat's title, a quoted message, a reason typed by hand) are never
// read for marks: a texts module wrapped in ownWordsIn() puts every string it is given in
// with its braces hidden (ownWords), and withUnitWord shows them again only after the marks
// are filled — so a chat titled «Чат {ого|ой|ого} {Units}» keeps its title.

export const UNIT_WORDS = ['класс', 'группа', 'объединение'] as const;
export type UnitWord = (typeof UNIT_WORDS)[number];

type Case = 'nom' | 'gen' | 'dat' | 'acc' | 'ins' | 'loc';
type Forms = Record<Case, string>;

const FORMS: Record<UnitWord, { gender: 0 | 1 | 2; one: Forms; many: Forms }> = {
  класс: {
    gender: 0,
    one: { nom: 'класс', gen: 'класса', dat: 'классу', acc: 'класс', ins: 'классом', loc: 'классе' },
    many: { nom: 'классы', gen: 'классов', dat: 'классам', acc: 'классы', ins: 'классами', loc: 'классах' },
  },
  группа: {
    gender: 1,
    one: { nom: 'группа', gen: 'группы', dat: 'группе', acc: 'группу', ins: 'группой', loc: 'группе' },
    many: { nom: 'группы', gen: 'групп', dat: 'группам', acc: 'группы', ins: 'группами', loc: 'группах' },
  },
  объединение: {
    gender: 2,
    one: { nom: 'объединение', gen: 'объединения', dat: 'объединению', acc: 'объединение', ins: 'объединением', loc: 'объединении' },
    many: { nom: 'объединения', gen: 'объединений', dat: 'объединениям', acc: 'объединения', ins: 'объединениями', loc: 'объединениях' },
  },
};

const ORG: Record<UnitWord, Forms> = {
  класс: { nom: 'школа', gen: 'школы', dat: 'школе', acc: 'школу', ins: 'школой', loc: 'школе' },
  группа: { nom: 'колледж', gen: 'колледжа', dat: 'колледжу', acc: 'колледж', ins: 'колледжем', loc: 'колледже' },
  объединение: { nom: 'организация', gen: 'организации', dat: 'организации', acc: 'организацию', ins: 'организацией', loc: 'организации' },
};

const TOKEN = /\{(unit|units|Unit|Units|org|Org)(?::(nom|gen|dat|acc|ins|loc))?\}|\{([^{}|\n]{1,30})\|([^{}|\n]{1,30})\|([^{}|\n]{1,30})\}/g;

// Braces of people's own words, hidden from the marks until they are filled, and the marks of
// a wrapped texts module, kept live wherever its text goes (Unicode private use).
const OPEN = '\uE000';
const CLOSE = '\uE001';
const LIVE_OPEN = '\uE002';
const LIVE_CLOSE = '\uE003';
const SPECIAL = /[{}\uE000-\uE003]/;

/** People's own words, to be put into a text: no mark in them is ever filled. */
export function ownWords(text: string): string {
  return SPECIAL.test(text) ? text.replace(/[{\uE002]/g, OPEN).replace(/[}\uE003]/g, CLOSE) : text;
}

/**
 * Incoming text (a message, a name, a chat's title) with the private-use characters this
 * module uses for its protection taken out, so that nobody can forge a protected span or a
 * live mark. Applied where text enters the bot (updates, MAX's answers).
 */
export function withoutMarkChars(text: string): string {
  return /[\uE000-\uE003]/.test(text) ? text.replace(/[\uE000-\uE003]/g, '') : text;
}

/** A code text put into a page or message as a value: its marks stay marks (filled when the page is rendered). */
export function marked(text: string): string {
  return live(text);
}

/** A text of a texts module: its marks stay marks even when it is put into another text. */
const live = (text: string) => (text.includes('{') || text.includes('}') ? text.replace(/\{/g, LIVE_OPEN).replace(/\}/g, LIVE_CLOSE) : text);

const shown = (text: string) => text.replace(/[\uE000\uE001]/g, (c) => (c === OPEN ? '{' : '}'));

/** The text with the organisation's unit word in place of its {unit…}, {org…} and {m|f|n} marks; people's own words as they wrote them. */
export function withUnitWord(text: string, word: UnitWord): string {
  if (!SPECIAL.test(text)) return text;
  const marks = text.replace(/[\uE002\uE003]/g, (c) => (c === LIVE_OPEN ? '{' : '}'));
  return shown(fill(marks, FORMS[word] ? word : 'класс'));
}

function fill(text: string, word: UnitWord): string {
  const w = FORMS[word];
  return text.replace(TOKEN, (whole, name: string | undefined, c: Case | undefined, m?: string, f?: string, n?: string) => {
    if (name === undefined) return [m, f, n][w.gender] ?? whole;
    const lower = name.toLowerCase();
    const form = (lower === 'org' ? ORG[word] : lower === 'units' ? w.many : w.one)[c ?? 'nom'];
    // {Unit…}, {Units…}, {Org…}: capitalised.
    return name[0] === 'U' || name[0] === 'O' ? form[0]!.toUpperCase() + form.slice(1) : form;
  });
}

/** Renders texts with a lazily read unit word (the settings are cached; most texts have no mark). */
export type UnitWordRenderer = (text: string) => Promise<string>;

export function unitWordRenderer(word: () => Promise<UnitWord>): UnitWordRenderer {
  return async (text) => (SPECIAL.test(text) ? withUnitWord(text, await word()) : text);
}

const isPlain = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype;

/** Arguments: raw braces are people's words (hidden); a module's live marks stay live. */
export const hideRaw = (text: string) => (text.includes('{') || text.includes('}') ? text.replace(/\{/g, OPEN).replace(/\}/g, CLOSE) : text);
const guarded = (arg: unknown): unknown =>
  typeof arg === 'string'
    ? hideRaw(arg)
    : Array.isArray(arg)
      ? arg.map(guarded)
      : isPlain(arg)
        ? Object.fromEntries(Object.entries(arg).map(([k, v]) => [k, guarded(v)]))
        : arg;

/** A module's own strings and results: their marks made live. */
const own = (value: unknown): unknown =>
  typeof value === 'string'
    ? live(value)
    : Array.isArray(value)
      ? value.map(own)
      : isPlain(value)
        ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, own(v)]))
        : value;

/**
 * A texts module whose templates take people's words safely: every string given to one of
 * its functions (also inside an array or a plain object) goes in with its braces hidden, so
 * only the template's own marks are filled; the module's own texts carry live marks, so a
 * text of one template can be put into another and its marks are still filled.
 */
export function ownWordsIn<T extends object>(texts: T): T {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(texts)) {
    out[key] = typeof value === 'function' ? (...args: unknown[]) => own((value as (...a: unknown[]) => unknown)(...args.map(guarded))) : own(value);
  }
  return out as T;
}
