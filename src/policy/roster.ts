// A class list (roster) as an administrator fills it in: one pupil a row, columns
// «Класс», «Фамилия», «Имя», «Отчество». Pure checks; reading the file is elsewhere.
// Every problem names the row (as the spreadsheet numbers it) and the column.
import { withoutMarkChars } from './unit-word.js';
import { UNIT_NAME_REASONS_RU, validateFullName, validateUnitName, FULL_NAME_REASONS_RU } from './names.js';

export const ROSTER_COLUMNS = ['Класс', 'Фамилия', 'Имя', 'Отчество'] as const;
export const ROSTER_MAX_ROWS = 3000;
export const ROSTER_MAX_UNITS = 200;

export interface RosterRow {
  /** The row's number in the file (1-based, the header included). */
  line: number;
  unit: string;
  fullName: string;
}

export interface RosterProblem {
  line: number;
  column: (typeof ROSTER_COLUMNS)[number] | null;
  reason: string;
}

const WORD = /^[\p{L}' -]+$/u;

const REASONS = {
  empty: 'пусто',
  notAName: 'только буквы, пробел, дефис и апостроф',
  tooLong: 'не длиннее 30 букв',
  tooMany: (max: number) => `в файле больше ${max} строк; разделите список на несколько файлов`,
  tooManyUnits: (max: number) => `в файле больше ${max} классов`,
  nothing: 'в файле нет ни одной строки с учеником',
  duplicate: (line: number) => `тот же ученик уже есть в строке ${line}`,
} as const;

const isHeader = (cells: string[]) => cells.some((c) => /класс|фамилия/i.test(c)) && cells.some((c) => /имя|фамилия/i.test(c));

/** Checks the rows (cells as text, the first four columns); a header row is recognised and skipped. */
export function parseRoster(rows: Array<{ line: number; cells: string[] }>): { rows: RosterRow[]; problems: RosterProblem[] } {
  const out: RosterRow[] = [];
  const problems: RosterProblem[] = [];
  const seen = new Map<string, number>();
  const filled = rows.filter((r) => r.cells.slice(0, 4).some((c) => c.trim() !== ''));
  const data = filled.length > 0 && isHeader(filled[0]!.cells) ? filled.slice(1) : filled;
  if (data.length > ROSTER_MAX_ROWS)
    return { rows: [], problems: [{ line: data[ROSTER_MAX_ROWS]!.line, column: null, reason: REASONS.tooMany(ROSTER_MAX_ROWS) }] };
  for (const { line, cells } of data) {
    const [unitRaw = '', surname = '', name = '', patronymic = ''] = cells.map((c) => withoutMarkChars(c).replace(/\s+/g, ' ').trim());
    const unit = validateUnitName(unitRaw);
    if (!unit.ok) {
      problems.push({ line, column: 'Класс', reason: unitRaw === '' ? REASONS.empty : UNIT_NAME_REASONS_RU[unit.reason] });
      continue;
    }
    let bad = false;
    for (const [column, value, required] of [
      ['Фамилия', surname, true],
      ['Имя', name, true],
      ['Отчество', patronymic, false],
    ] as const) {
      if (value === '') {
        if (required) problems.push({ line, column, reason: REASONS.empty });
        bad ||= required;
      } else if (!WORD.test(value)) {
        problems.push({ line, column, reason: REASONS.notAName });
        bad = true;
      } else if (value.replace(/[ '-]/g, '').length > 30) {
        problems.push({ line, column, reason: REASONS.tooLong });
        bad = true;
      }
    }
    if (bad) continue;
    const full = validateFullName([surname, name, patronymic].filter(Boolean).join(' '));
    if (!full.ok) {
      problems.push({ line, column: null, reason: FULL_NAME_REASONS_RU[full.reason] });
      continue;
    }
    const key = `${unit.value.toLowerCase()}|${full.value.toLowerCase().replace(/ё/g, 'е')}`;
    const before = seen.get(key);
    if (before !== undefined) {
      problems.push({ line, column: null, reason: REASONS.duplicate(before) });
      continue;
    }
    seen.set(key, line);
    out.push({ line, unit: unit.value, fullName: full.value });
  }
  if (out.length === 0 && problems.length === 0) problems.push({ line: 1, column: null, reason: REASONS.nothing });
  if (new Set(out.map((r) => r.unit.toLowerCase())).size > ROSTER_MAX_UNITS)
    problems.push({ line: 1, column: null, reason: REASONS.tooManyUnits(ROSTER_MAX_UNITS) });
  return { rows: out, problems };
}

/** "Строка 7, столбец «Имя»: пусто." */
export function problemText(p: RosterProblem): string {
  return `Строка ${p.line}${p.column ? `, столбец «${p.column}»` : ''}: ${p.reason}.`;
}
