/**
 * The context windows that decide whether an insult word is said to or of
 * someone (issue 13). profanity.ts finds the words; this module looks at the
 * words around one of them:
 *
 *   - excused: inside quotation marks («Идиот» Достоевского, слово «дебил»),
 *     right after a word that talks about words («слово дебил»), negated
 *     («ты не дурак», «никто не считает тебя идиотом»), said of oneself
 *     («я дура, перепутала», «ну я и балбес»), reported («назвал сына
 *     дураком»), or a homonym in its context («сидела на суку», «играли в
 *     дурака», «лох серебристый»);
 *   - addressed: for words that insult only when said of a person («баран»,
 *     «тупая»): an address word up to four words before in the sentence with
 *     no verb between («ты по жизни такой баран», «вы все тут тупые»), right
 *     after («баран ты»), or a subject before a dash («Наш физрук — козёл»).
 *
 * Data: address-markers.txt, address-fillers.txt, insult-context.txt,
 * insult-homonyms.txt, reported-speech.txt.
 */
import { readDataLines, readDataPairs, squeezePattern } from './data.js';
import { joinWord, squeeze, type WordToken } from './normalise.js';

/** The writer's own pronoun that an insult set off by commas may follow: «я, дура, …». */
const APPOSED_SELF: ReadonlySet<string> = new Set(['я', 'мы']);
/** Words that may stand between a dash and the insult it introduces: «Первокурсники — это просто обезьяны». */
const AFTER_DASH: ReadonlySet<string> = new Set([
  'это',
  'просто',
  'же',
  'ж',
  'прямо',
  'реально',
  'натуральные',
  'натуральный',
  'натуральная',
  'настоящие',
  'сплошные',
  'все',
  'вообще',
]);
/** After an obscene word and a comma, the writer speaks of themselves («Сука, я опять…»). */
const INTERJECTION_AFTER: ReadonlySet<string> = new Set(['я', 'мы', 'мне', 'меня', 'нам', 'нас']);
/** After «ну и X»: X is said of someone («ну и корова наша Ленка», «ну и баран же»). */
const EXCLAIMED_AT: ReadonlySet<string> = new Set(['наш', 'наша', 'наши', 'этот', 'эта', 'эти', 'же', 'ваш', 'ваша', 'твой', 'твоя']);
/** A polite request to the chat: the word before it was an interjection. */
const POLITE: ReadonlySet<string> = new Set(['пожалуйста', 'пожалуста', 'плиз', 'пж', 'пжлст']);
const ADDRESS_MARKERS: ReadonlySet<string> = new Set(readDataLines('address-markers.txt'));
const ADDRESS_FILLERS: ReadonlySet<string> = new Set(readDataLines('address-fillers.txt'));
const CONTEXT = readDataPairs('insult-context.txt');
const contextWords = (role: string): ReadonlySet<string> => new Set(CONTEXT.filter(([r]) => r === role).map(([, word]) => word));
const NEGATIONS = contextWords('negation');
const SELF = contextWords('self');
const DISCUSSED = contextWords('discussed');
const DEFINED = contextWords('defined');
const PERSONS: ReadonlySet<string> = new Set([...contextWords('person')].map((word) => squeeze(word)));
/** A disability or illness said of a person may be a fact («сын у меня глухой»), not a name-call. */
const FACT_LIKE = /^(?:больн|глух|слеп|инвалид|аутист|калек)/;
/** After an insult closing what is said of a person: «ваш сын тупой совсем», «…глупая какая-то». */
const AFTER_PERSON_INSULT: ReadonlySet<string> = new Set(['совсем', 'вообще', 'просто', 'же', 'как', 'какойто', 'какаято', 'какието']);
const PAIRS: ReadonlySet<string> = new Set([...contextWords('pair')].map((pair) => pair.replace('_', ' ')));

const wholeWord = (source: string): RegExp => new RegExp(`^(?:${squeezePattern(source)})$`);
const REPORTING_VERB = wholeWord(
  readDataLines('reported-speech.txt')
    .map((l) => `(?:${l})`)
    .join('|'),
);
const HOMONYMS: ReadonlyArray<{ word: RegExp; context: RegExp }> = readDataLines('insult-homonyms.txt').map((line) => {
  const [word, context] = line.split(/\s{2,}/);
  if (!word || !context) throw new Error(`etiquette data insult-homonyms.txt: expected two patterns in "${line}"`);
  return { word: wholeWord(word), context: wholeWord(context) };
});

const SENTENCE_END = /[.!?\n]/;
/** Context words are looked for among the first words of a sentence only: bounds the work. */
const MAX_SENTENCE_WORDS = 200;
/** A clause ends at a sentence end, a comma, a colon, a semicolon or a dash between spaces. */
const CLAUSE_END = /[.!?\n,;:]| - /;
/** «сам», «сама», «сами»: the writer or, in «сам дурак», the one answered. */
const EMPHATIC_SELF: ReadonlySet<string> = new Set(['сам', 'сама', 'сами']);
const PAST_VERB = /[аяиеыу]л[аи]?(?:сь)?$/;
const ADJECTIVE_LIKE = /(?:ая|яя|ый|ий|ой|ое|ее|ые|ие|ую|юю|ого|его|ому|ему)$/;
/** First words that are not a subject: «вот крыса», «дома крыса», «это жаба». */
const NOT_A_SUBJECT: ReadonlySet<string> = new Set(['вот', 'это', 'дома', 'там', 'тут', 'где', 'как', 'какая', 'какой', 'или', 'ещё', 'еще']);
const IMPERATIVE = /(?:уй|уйте|ись|итесь)$/;
const DASH_BEFORE = /(?:^|\s)-\s*$/;
const DEMONSTRATIVES: ReadonlySet<string> = new Set(['этот', 'эта', 'эти', 'этого', 'этой', 'этих', 'этому', 'этим']);
const POSSESSIVES: ReadonlySet<string> = new Set(['наш', 'наша', 'наши', 'ваш', 'ваша', 'твой', 'твоя']);
const SECOND_PERSON: ReadonlySet<string> = new Set(['тебя', 'тебе', 'тобой', 'вас', 'вам', 'вами', 'твой', 'ваш', 'ваши']);
/** Words that may close a clause before «, корова?»: «ты куда, корова?», «сколько можно, баран?». */
const CLAUSE_CLOSERS: ReadonlySet<string> = new Set([
  'куда',
  'где',
  'зачем',
  'опять',
  'снова',
  'можно',
  'вообще',
  'уже',
  'же',
  'ну',
  'да',
  'нет',
  'ли',
  'отсюда',
  'сюда',
]);
/** «слышишь», «умеешь», «смотрите»: a verb in the second person. */
const SECOND_PERSON_VERB = /(?:ешь|ишь|ете|ите)$/;
/** Short imperatives said to someone: «Иди отсюда, чучело», «Колхозница, помолчи». */
const IMPERATIVES: ReadonlySet<string> = new Set([
  'иди',
  'уйди',
  'отойди',
  'отвали',
  'помолчи',
  'замолчи',
  'посмотри',
  'смотри',
  'слушай',
  'подвинься',
  'свали',
  'вали',
  'уймись',
  'угомонись',
]);
/** «аутист какой-то»: a contemptuous «какой-то» right after the word (joined and squeezed). */
const CONTEMPT_AFTER: ReadonlySet<string> = new Set(['какойто', 'какаято', 'какието', 'какогото', 'какоето']);
/** «Жирная опять всё съела»: a habitual adverb after an adjective that stands for a person. */
const HABITUAL: ReadonlySet<string> = new Set(['опять', 'снова', 'вечно', 'всегда', 'постоянно', 'вновь', 'опятьтаки']);
/** What may open a sentence before such a nickname: «а жирная опять…», «смотрите, толстая снова…». */
const NICKNAME_OPENERS: ReadonlySet<string> = new Set(['а', 'и', 'ну', 'короче', 'вот', 'блин', 'смотрите', 'гляньте', 'глядите', 'походу']);
/** «в родительском комитете»: a noun after a preposition, however verb-like its ending. */
const PREPOSITIONS: ReadonlySet<string> = new Set(['в', 'во', 'на', 'о', 'об', 'при', 'по']);
const PREPOSITIONAL_ADJECTIVE = /(?:ом|ем|ой|ей|ых|их)$/;
/**
 * A word that looks like a finite verb or an infinitive («взял», «купите»,
 * «решить», «сидит»): an address word with a verb between it and the insult
 * is the subject of that verb, not the one insulted («ты взял тупые ножницы»).
 */
const VERB_LIKE = /(?:[аяиеыу]л[аио]?|[ая]ть|ить|еть|ться|тся|ешь|ишь|ете|ите|ет|ит|ют|ут|ат|ят)$/;

/** Quoted stretches of a text: «…», „…“, “…”, "…". */
export function quotedRanges(text: string): Array<[number, number]> {
  if (!/[«„“"]/.test(text)) return [];
  const ranges: Array<[number, number]> = [];
  const pattern = /«[^«»\n]{1,200}»|„[^„“”\n]{1,200}[“”]|“[^“”\n]{1,200}”|"[^"\n]{1,200}"/g;
  for (const match of text.matchAll(pattern)) ranges.push([match.index, match.index + match[0].length]);
  return ranges;
}

/** The words of one message as the context checks see them. */
export class WordContext {
  private readonly plainCache: Array<string | undefined> = [];
  private quotes: Array<[number, number]> | undefined;
  private sentenceOf: number[] | undefined;
  private sentenceBounds: Array<[number, number]> | undefined;
  private readonly contextsOfSentence = new Map<number, Set<number>>();

  constructor(
    private readonly text: string,
    private readonly words: readonly WordToken[],
    /** Whether word k is written with a capital (a name: «эта жирная Лена»); unknown — never. */
    private readonly capitalised: (k: number) => boolean = () => false,
  ) {}

  /** Word k joined and squeezed, computed when first needed: most words are never looked at. */
  private word(k: number): string {
    return (this.plainCache[k] ??= squeeze(joinWord((this.words[k] as WordToken).text)));
  }

  private gap(k: number): string {
    return this.text.slice((this.words[k - 1] as WordToken).end, (this.words[k] as WordToken).start);
  }

  private inQuotes(at: number): boolean {
    this.quotes ??= quotedRanges(this.text);
    const start = (this.words[at] as WordToken).start;
    return this.quotes.some(([from, to]) => start > from && start < to);
  }

  /** The words of the sentence of word `at`: [first, last], cut once per message. */
  private sentence(at: number): [number, number] {
    if (!this.sentenceOf) {
      this.sentenceOf = [];
      this.sentenceBounds = [];
      let first = 0;
      for (let k = 0; k < this.words.length; k++) {
        if (k > 0 && SENTENCE_END.test(this.gap(k))) {
          this.sentenceBounds.push([first, k - 1]);
          first = k;
        }
        this.sentenceOf.push(this.sentenceBounds.length);
      }
      this.sentenceBounds.push([first, this.words.length - 1]);
    }
    return this.sentenceBounds?.[this.sentenceOf[at] as number] ?? [at, at];
  }

  /**
   * The insult word `at` is not an insult here (see the module comment).
   * `gluedAddress`: the word carries its own address word («тыдебил»), so no
   * pronoun before it can make it the writer's own.
   */
  excused(at: number, insultForms: readonly string[], gluedAddress = false): boolean {
    if (this.inQuotes(at)) return true;
    if (at > 0 && DISCUSSED.has(this.word(at - 1)) && !CLAUSE_END.test(this.gap(at))) return true;
    const next = at + 1;
    if (next < this.words.length && /^\s*-\s*$/.test(this.gap(next)) && DEFINED.has(this.word(next))) {
      return true;
    }
    // «не психуй»: a negated imperative is still said to someone.
    const imperative = insultForms.some((form) => IMPERATIVE.test(form));
    if (!imperative && this.negated(at)) return true;
    if (!gluedAddress && this.saidOfSelf(at)) return true;
    if (this.reported(at)) return true;
    return this.homonym(at, insultForms);
  }

  /** «не» or «ни» up to three words before, in the same clause. */
  private negated(at: number): boolean {
    for (let k = at - 1; k >= Math.max(0, at - 3); k--) {
      if (CLAUSE_END.test(this.gap(k + 1))) return false;
      // Not squeezed: «неё» squeezes to «не».
      if (NEGATIONS.has(joinWord((this.words[k] as WordToken).text))) return true;
    }
    return false;
  }

  /**
   * The nearest pronoun before the word, in its clause, is the writer's own.
   * «Сам/сама» is the writer only when the sentence goes on with what they
   * did («сама тупая, не сообразила»): alone it is the retort «сам дурак».
   */
  private saidOfSelf(at: number): boolean {
    // «Я, дура, опять ключи забыла», «Мы, балбесы, перепутали»: the word set off by commas right
    // after the writer's own pronoun is said of the writer.
    if (at > 0 && /^\s*,\s*$/.test(this.gap(at)) && APPOSED_SELF.has(this.word(at - 1))) return true;
    for (let k = at - 1; k >= Math.max(0, at - 4); k--) {
      if (CLAUSE_END.test(this.gap(k + 1))) return false;
      const word = this.word(k);
      if (SELF.has(word)) return !EMPHATIC_SELF.has(word) || this.goesOnWithAVerb(at);
      if (ADDRESS_MARKERS.has(word)) return false;
    }
    return false;
  }

  private goesOnWithAVerb(at: number): boolean {
    for (let k = at + 1; k < this.words.length && k <= at + 3; k++) {
      if (SENTENCE_END.test(this.gap(k))) return false;
      if (PAST_VERB.test(this.word(k))) return true;
    }
    return false;
  }

  /** «назвал моего сына дураком»: a verb of name-calling up to three words before. */
  private reported(at: number): boolean {
    for (let k = at - 1; k >= Math.max(0, at - 3); k--) {
      if (SENTENCE_END.test(this.gap(k + 1))) return false;
      if (REPORTING_VERB.test(this.word(k))) return true;
    }
    return false;
  }

  homonym(at: number, forms: readonly string[]): boolean {
    const entries = HOMONYMS.filter(({ word }) => forms.some((form) => word.test(form)));
    if (entries.length === 0) return false;
    const [first, last] = this.sentence(at);
    // Context words of a sentence are found once: a long message of insults stays linear.
    let found = this.contextsOfSentence.get(first);
    if (!found) {
      found = new Set();
      for (let k = first; k <= last && k - first < MAX_SENTENCE_WORDS; k++) {
        HOMONYMS.forEach(({ context }, e) => {
          if (context.test(this.word(k))) found?.add(e);
        });
      }
      this.contextsOfSentence.set(first, found);
    }
    const seen = found;
    return entries.some((entry) => seen.has(HOMONYMS.indexOf(entry)));
  }

  /**
   * Said to or of someone: an address word before (up to four words, no verb
   * between) or right after, in the same sentence, or a subject and a dash
   * right before («Иванов — баран», «Наш физрук — полный козёл»).
   */
  addressed(at: number, bareVocative = true): boolean {
    if (at >= 2 && /^ +$/.test(this.gap(at)) && /^ +$/.test(this.gap(at - 1)) && PAIRS.has(`${this.word(at - 2)} ${this.word(at - 1)}`)) {
      return true;
    }
    let between = 0;
    let afterDash = 0;
    let crossedClause = false;
    // Whether the insult closes its clause: the same for every person word before it, read once.
    let closes: boolean | undefined;
    for (let k = at - 1; k >= 0; k--) {
      const gap = this.gap(k + 1);
      if (SENTENCE_END.test(gap)) break;
      if (DASH_BEFORE.test(gap) && between - afterDash <= 1 && k >= 0) return true;
      if (AFTER_DASH.has(this.word(k + 1)) && k + 1 < at) afterDash++;
      // «Вы же понимаете, дети, что ошибка глупая»: a person named in another clause.
      if (CLAUSE_END.test(gap)) crossedClause = true;
      const word = this.word(k);
      if (ADDRESS_MARKERS.has(word)) return true;
      if (PERSONS.has(word) && !crossedClause && (closes ??= this.closesWhatIsSaid(at))) return true;
      // «этот баран», «эта училка просто сука»: a demonstrative just before points at someone.
      // An adjective only right after it: «этот карандаш тупой» is about a pencil.
      // «этот тупой нож», «эта страшная контрольная»: an adjective followed by its noun describes a thing.
      if (DEMONSTRATIVES.has(word) && between === 0 && ADJECTIVE_LIKE.test(this.word(at))) return !this.describesNext(at);
      if (DEMONSTRATIVES.has(word) && (between === 0 || (between <= 2 && !ADJECTIVE_LIKE.test(this.word(at))))) return true;
      if (!ADDRESS_FILLERS.has(word) && VERB_LIKE.test(word) && !this.afterPreposition(k)) break;
      // «вы там в родительском комитете все тупые»: a longer stretch without a verb.
      if (++between > 6) break;
    }
    const next = at + 1;
    if (next < this.words.length && !SENTENCE_END.test(this.gap(next))) {
      const word = this.word(next);
      if (ADDRESS_MARKERS.has(word)) return true;
      // «тупой как пробка»: a comparison is said of someone.
      if (word === 'как' && /^ +$/.test(this.gap(next))) return true;
      if (CONTEMPT_AFTER.has(word) && !this.contrastedWithThing(next)) return true;
      // «ну и корова наша Ленка», «ну и баран же»: an exclamation pointed at someone.
      // «ну и говно эта столовка», «ну и дерьмо этот новый учебник»: the demonstrative goes on to a thing.
      if (at >= 2 && this.word(at - 1) === 'и' && this.word(at - 2) === 'ну' && EXCLAIMED_AT.has(word)) {
        if (!DEMONSTRATIVES.has(word) && !POSSESSIVES.has(word)) return true;
        if (this.exclaimedAtPerson(next)) return true;
      }
    }
    return this.namedSubject(at) || this.groupSubject(at) || this.nickname(at) || this.vocative(at, bareVocative) || this.closingVocative(at);
  }

  /**
   * «Дерьмо какое-то, а не столовская еда»: «X какой-то, а не Y» measures Y,
   * and Y is a thing when no person noun, address word or capitalised name
   * follows «а не» within three words («чмо какое-то, а не учитель» is said
   * of a person).
   */
  private contrastedWithThing(contempt: number): boolean {
    const a = contempt + 1;
    if (a + 1 >= this.words.length || !/^\s*,\s*$/.test(this.gap(a))) return false;
    if (this.word(a) !== 'а' || this.word(a + 1) !== 'не') return false;
    for (let k = a + 2; k < this.words.length && k <= a + 4; k++) {
      if (SENTENCE_END.test(this.gap(k))) break;
      const word = this.word(k);
      if (PERSONS.has(word) || ADDRESS_MARKERS.has(word) || this.capitalised(k)) return false;
    }
    return true;
  }

  /**
   * After «ну и X этот/наш»: the exclamation is at a person when the clause ends there («ну и
   * корова наша»), or goes on (past adjectives) to a person noun or a capitalised name («ну и
   * крыса эта Светка», «ну и хам этот новый физрук»), not to a thing («эта столовка»).
   */
  private exclaimedAtPerson(pointer: number): boolean {
    for (let k = pointer + 1; k < this.words.length && k <= pointer + 3; k++) {
      if (CLAUSE_END.test(this.gap(k))) return true;
      const word = this.word(k);
      if (PERSONS.has(word) || this.capitalised(k) || ADDRESS_MARKERS.has(word)) return true;
      if (!ADJECTIVE_LIKE.test(word)) return false;
    }
    return pointer + 1 >= this.words.length || CLAUSE_END.test(this.gap(pointer + 1));
  }

  /**
   * «Ты куда смотришь, корова?», «Вы опять всё перепутали, овцы!»: a noun
   * after a comma closes a sentence that speaks to someone, and what stands
   * before the comma ends a clause of its own (a verb, «куда», «ты»), not a
   * list («козу, корову?»). An adjective is left out: «карандаш, тупой?».
   */
  private closingVocative(at: number): boolean {
    const [first, last] = this.sentence(at);
    if (at !== last || at - first < 2 || !/^\s*,\s*$/.test(this.gap(at))) return false;
    if (ADJECTIVE_LIKE.test(this.word(at))) return false;
    const before = this.word(at - 1);
    if (!VERB_LIKE.test(before) && !CLAUSE_CLOSERS.has(before) && !ADDRESS_MARKERS.has(before)) return false;
    for (let k = first; k < at - 1; k++) {
      const word = this.word(k);
      if (ADDRESS_MARKERS.has(word) || SECOND_PERSON.has(word) || SECOND_PERSON_VERB.test(word) || IMPERATIVES.has(word)) return true;
    }
    return false;
  }

  /**
   * The insult closes its clause («ваш сын тупой», «…тупой совсем») and is no
   * disability or illness word: said of the person named before it.
   */
  private closesWhatIsSaid(at: number): boolean {
    if (FACT_LIKE.test(this.word(at))) return false;
    const next = at + 1;
    if (next >= this.words.length || CLAUSE_END.test(this.gap(next))) return true;
    return AFTER_PERSON_INSULT.has(this.word(next));
  }

  /**
   * The adjective at `at` goes with the word after it, a noun that is not a
   * person («этот тупой нож»): not the clause end, a person noun, a habitual
   * adverb, «не» or a verb («этот тупой опять», «эта жирная не влезет»).
   */
  private describesNext(at: number): boolean {
    const next = at + 1;
    if (next >= this.words.length || CLAUSE_END.test(this.gap(next))) return false;
    const word = this.word(next);
    // «эта жирная из 8Б», «этот колченогий в воротах»: a preposition right after the adjective
    // says where the person is (a thing's adjective is followed by its noun).
    if (PERSONS.has(word) || HABITUAL.has(word) || AFTER_PERSON_INSULT.has(word) || word === 'не' || word === 'из' || PREPOSITIONS.has(word)) return false;
    if (this.capitalised(next)) return false;
    return !VERB_LIKE.test(word);
  }

  /** Word k follows a preposition, maybe with an adjective between: «в комитете», «в родительском комитете». */
  private afterPreposition(k: number): boolean {
    if (k >= 1 && PREPOSITIONS.has(this.word(k - 1))) return true;
    return k >= 2 && PREPOSITIONAL_ADJECTIVE.test(this.word(k - 1)) && PREPOSITIONS.has(this.word(k - 2));
  }

  /**
   * «Жирная опять всё сожрала», «Смотрите, толстая снова без формы»: an
   * adjective that opens its sentence (after «а», «ну», «смотрите» at most)
   * with a habitual adverb right after it stands for a person, not for a
   * thing it describes («жирная рыба», «тупой нож» have their noun next).
   * «Больной» is left out: it also means a patient.
   */
  private nickname(at: number): boolean {
    const word = this.word(at);
    if (!ADJECTIVE_LIKE.test(word) || word.startsWith('больн')) return false;
    const next = at + 1;
    if (next >= this.words.length || !/^ +$/.test(this.gap(next)) || !HABITUAL.has(this.word(next))) return false;
    const [first] = this.sentence(at);
    if (at === first) return true;
    return at - 1 === first && NICKNAME_OPENERS.has(this.word(at - 1));
  }

  /**
   * «Все девчонки в этом классе овцы»: a sentence opening with «все», a few
   * words with no verb, and a noun insult closing the clause. An adjective is
   * left out: «все ножницы в этом классе тупые» are about scissors.
   */
  private groupSubject(at: number): boolean {
    const [first] = this.sentence(at);
    if (at - first < 2 || at - first > 6 || this.word(first) !== 'все') return false;
    if (ADJECTIVE_LIKE.test(this.word(at))) return false;
    for (let k = first + 1; k < at; k++) {
      if (CLAUSE_END.test(this.gap(k + 1)) || (VERB_LIKE.test(this.word(k)) && !this.afterPreposition(k))) return false;
    }
    return at + 1 >= this.words.length || CLAUSE_END.test(this.gap(at + 1));
  }

  /**
   * «Бараны, читайте объявления»: the word opens its sentence, a comma
   * follows, and the sentence speaks to someone (an imperative or «ты/вы»).
   */
  private vocative(at: number, bare: boolean): boolean {
    const [first, last] = this.sentence(at);
    if (at !== first || at === last || !/^\s*,/.test(this.gap(at + 1))) return false;
    // The message opens with a noun and a comma: «Бараны, я же просил…».
    if (bare && at === 0 && !ADJECTIVE_LIKE.test(this.word(at))) return true;
    // «Сука, я опять забыл», «бл*дь, не туда скинула, удалите пожалуйста»: an obscene word opening the
    // writer's own words or a polite request is an interjection, not a call.
    if (!bare && INTERJECTION_AFTER.has(this.word(at + 1))) return false;
    if (!bare) for (let k = at + 1; k <= last; k++) if (POLITE.has(this.word(k))) return false;
    for (let k = at + 1; k <= last && k <= at + 6; k++) {
      const word = this.word(k);
      if (ADDRESS_MARKERS.has(word) || /(?:ите|йте|ись|ься)$/.test(word) || SECOND_PERSON.has(word) || IMPERATIVES.has(word)) return true;
    }
    return false;
  }

  /**
   * «Катька крыса, всё рассказала»: a sentence of a subject and the insult as
   * its predicate — the first word of the sentence, a noun (not an adjective
   * as in «белая крыса», not a stop word), then a noun insult (not an
   * adjective: «нож тупой»), then the clause ends.
   */
  private namedSubject(at: number): boolean {
    if (at === 0) return false;
    const subject = at - 1;
    if (subject > 0 && !SENTENCE_END.test(this.gap(subject))) return false;
    if (!/^ +$/.test(this.gap(at))) return false;
    // An adjective after a noun describes a thing: «нож тупой», «суп жирный».
    if (ADJECTIVE_LIKE.test(this.word(at))) return false;
    const word = this.word(subject);
    if (word.length < 3 || ADJECTIVE_LIKE.test(word) || NOT_A_SUBJECT.has(word) || ADDRESS_FILLERS.has(word)) return false;
    return at + 1 >= this.words.length || CLAUSE_END.test(this.gap(at + 1));
  }

  /** Two such words side by side insult on their own: «тупая овца», «овца тупая». */
  adjacent(at: number, other: number): boolean {
    const [a, b] = at < other ? [at, other] : [other, at];
    return /^ {1,2}$/.test(this.gap(b)) && b === a + 1;
  }
}
