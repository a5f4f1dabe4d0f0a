// A person's full name as texts need it: the grammatical gender (so that a text says
// «переведён» or «переведена», never «переведён(а)») and the name declined
// («Куда перевести Иванова Петра Сергеевича?»). Names are stored as typed: «Фамилия
// Имя [Отчество]». The gender comes from the patronymic (-ич / -на), else from a
// surname with a gendered ending; when neither tells, it is unknown and texts use a
// wording without gender. Declension is done by `petrovich`.
import petrovich from 'petrovich';

export type Gender = 'male' | 'female';
export type NameCase = 'genitive' | 'dative' | 'accusative' | 'instrumental' | 'prepositional';

interface Parts {
  last: string;
  first?: string;
  middle?: string;
}

function parts(fullName: string): Parts | null {
  const words = fullName.trim().split(/\s+/).filter(Boolean);
  if (words.length === 0 || words.some((w) => !/^[А-ЯЁа-яё-]+$/.test(w))) return null;
  const [last, first, middle] = words;
  return { last: last!, ...(first ? { first } : {}), ...(middle && words.length === 3 ? { middle } : {}) };
}

const FEMALE_SURNAME = /(ова|ева|ёва|ина|ына|ская|цкая)$/i;
const MALE_SURNAME = /(ов|ев|ёв|ин|ын|ский|цкий)$/i;

/** The grammatical gender of a full name, or null when the name does not tell. */
export function genderOf(fullName: string): Gender | null {
  const p = parts(fullName);
  if (!p) return null;
  if (p.middle) {
    const g = petrovich.detect_gender(p.middle);
    if (g === 'male' || g === 'female') return g;
  }
  if (FEMALE_SURNAME.test(p.last)) return 'female';
  if (MALE_SURNAME.test(p.last)) return 'male';
  return null;
}

/** The full name in a case, in the stored word order; the name as is when it cannot be declined. */
export function declineName(fullName: string, gcase: NameCase): string {
  const p = parts(fullName);
  const gender = genderOf(fullName);
  if (!p || !gender) return fullName;
  try {
    const d = petrovich({ ...p, gender }, gcase);
    return [d.last, d.first, d.middle].filter(Boolean).join(' ');
  } catch {
    return fullName;
  }
}

/** Picks the wording for the person's gender; `unknown` when the name does not tell. */
export function byGender<T>(fullName: string, forms: { male: T; female: T; unknown: T }): T {
  const g = genderOf(fullName);
  return g === null ? forms.unknown : forms[g];
}

/** A person as texts name them: the name in each case and words agreeing with the person's gender. */
export interface NamedPerson {
  /** Nominative: the name as stored. */
  nom: string;
  gen: string;
  dat: string;
  acc: string;
  ins: string;
  loc: string;
  gender: Gender | null;
  /** The word for the person's gender; `unknown` (the masculine by default) when the name does not tell. */
  g(male: string, female: string, unknown?: string): string;
}

/**
 * The one way texts name a person: `person(name).gen` for «от Козловой Веры Ивановны»,
 * `person(name).g('ним', 'ней')` for words that agree with the person. A stand-in such as
 * «id 42», or a name that is not a Russian full name, is used as is in every case.
 */
export function person(fullName: string): NamedPerson {
  const gender = genderOf(fullName);
  return {
    nom: fullName,
    gen: declineName(fullName, 'genitive'),
    dat: declineName(fullName, 'dative'),
    acc: declineName(fullName, 'accusative'),
    ins: declineName(fullName, 'instrumental'),
    loc: declineName(fullName, 'prepositional'),
    gender,
    g: (male, female, unknown = male) => (gender === 'male' ? male : gender === 'female' ? female : unknown),
  };
}
