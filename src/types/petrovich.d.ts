// Types for `petrovich` (declension of Russian first names, patronymics and surnames),
// which ships none.
declare module 'petrovich' {
  type Gender = 'male' | 'female' | 'androgynous';
  type Case = 'genitive' | 'dative' | 'accusative' | 'instrumental' | 'prepositional';
  interface Person {
    first?: string;
    middle?: string;
    last?: string;
    gender?: Gender;
  }
  interface Petrovich {
    (person: Person, gcase: Case): Person & { gender: Gender };
    detect_gender(middle: string): Gender;
  }
  const petrovich: Petrovich;
  export default petrovich;
}
