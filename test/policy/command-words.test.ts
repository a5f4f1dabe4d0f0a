// One table of sub-words per command: every Russian word and every English alias reaches
// the command's parser in one form; /help shows the Russian word.
import { describe, expect, it } from 'vitest';
import { COMMAND_WORDS, canonicalArgs, shownWord } from '../../src/policy/command-words.js';

const rows = Object.entries(COMMAND_WORDS).flatMap(([command, t]) =>
  (['sub', 'second', 'options', 'tail'] as const).flatMap((kind) =>
    Object.entries(t[kind] ?? {}).flatMap(([canonical, words]) => words.map((word) => [command, kind, canonical, word] as const)),
  ),
);

describe('command sub-words', () => {
  it.each(rows)('/%s %s: «%s» ← «%s»', (command, kind, canonical, word) => {
    const typed = kind === 'sub' ? `${word} 5А` : kind === 'second' ? `5А ${word}` : kind === 'options' ? `родитель 5А ${word}=7` : `5А ${word}`;
    const expected =
      kind === 'sub' ? `${canonical} 5А` : kind === 'second' ? `5А ${canonical}` : kind === 'options' ? `родитель 5А ${canonical}=7` : `5А ${canonical}`;
    expect(canonicalArgs(command, typed)).toBe(expected);
    expect(canonicalArgs(command, typed.toUpperCase())).toBe(expected.toUpperCase().replace(canonical.toUpperCase(), canonical));
  });

  it.each([
    ['unit', 'добавить 1А, 1Б', 'add 1А, 1Б'],
    ['unit', 'Переименовать 5А 6А', 'rename 5А 6А'],
    ['hours', 'дни пн-пт', 'days пн-пт'],
    ['hours', 'выходной 30.12.2026', 'off 30.12.2026'],
    ['hours', '08:00-19:00', '08:00-19:00'],
    ['invite', 'родитель 5А раз = 30 дней=7', 'родитель 5А uses = 30 days=7'],
    ['revoke', 'неиспользованные 5А', 'unused 5А'],
    ['members', '5А таблица', '5А xlsx'],
    ['audit', 'кто Петрова вид чат таблица', 'кто Петрова вид чат xlsx'],
    ['admin', 'назначить Петро', 'add Петро'],
    // A word that is not a sub-word stays as typed, and other commands are not touched.
    ['unit', 'добавлять 5А', 'добавлять 5А'],
    ['members', 'таблица', 'xlsx'],
    ['move', 'добавить', 'добавить'],
    ['policy', 'Мат удалять', 'profanity delete'],
    ['policy', 'часы выкл', 'hours off'],
  ])('/%s %s → %s', (command, typed, expected) => expect(canonicalArgs(command, typed)).toBe(expected));

  it('/help shows the Russian word first', () => {
    expect(shownWord('unit', 'add')).toBe('добавить');
    expect(shownWord('invite', 'uses')).toBe('раз');
    expect(shownWord('members', 'xlsx')).toBe('таблица');
    for (const [command, t] of Object.entries(COMMAND_WORDS))
      for (const words of [t.sub, t.second, t.options, t.tail])
        for (const [canonical, accepted] of Object.entries(words ?? {})) {
          expect(accepted, `/${command} ${canonical}`).toContain(canonical); // the English word stays an alias
          expect(accepted[0], `/${command} ${canonical}`).toMatch(/^[а-яё]+$/); // the shown one is Russian
        }
  });
});
