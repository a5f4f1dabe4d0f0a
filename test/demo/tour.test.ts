// README's five-minute tour, run VERBATIM: its commands are read from README.md, so the test
// breaks when README changes and the expectations below are not updated with it. The demo's
// organisation works round the clock (src/demo/settings.ts), so the tour holds on any day and
// hour: it runs on a weekday, on a Sunday at 23:00 and on 1 January (the bot's clock is a
// parameter). With a school's hours the same request waits, and its author is told until when.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { runRepl } from '../../src/demo/repl.js';
import { DEMO_DEFAULTS } from '../../src/demo/settings.js';
import { createWorld, type World } from '../support/harness.js';

/** The `> …` lines of README's tour, in order. */
function readmeTour(): string[] {
  const readme = readFileSync('README.md', 'utf8');
  const from = readme.indexOf('### Пятиминутная экскурсия');
  const to = readme.indexOf('\n## ', from);
  expect(from).toBeGreaterThan(0);
  return [...readme.slice(from, to).matchAll(/^\s*> (.+)$/gm)].map((m) => m[1]!.trim());
}

/** What each tour line must print (null: nothing in particular), in README's order. */
const TOUR: [string, string | RegExp | null][] = [
  ['as 1001 /start', 'Здравствуйте'],
  ['as 1001 /unit добавить 5А', '5А'],
  ['as 1001 /invite родитель 5А', /start=\S+/],
  ['as 2001 open <код>', 'Продолжим?'],
  ['as 2001 press 1', 'фамилию, имя и отчество'],
  ['as 2001 Петрова Анна Сергеевна', 'ребёнка'],
  ['as 2001 Петров Иван', 'Даёте согласие'],
  // The organisation is open: the admin gets the request at once, whatever the day.
  ['as 2001 press 1', 'Заявка на подтверждение'],
  ['as 1001 press 1', 'Ваша заявка подтверждена'],
  ['as 1001 newchat 5А родители', /Чат #1 создан: .*ссылка https:\/\/max\.ru\/join\/\w+/],
  ['as 1001 addbot #1', 'Что это за чат?'],
  ['as 1001 press 2', 'Какого класса этот чат?'],
  ['as 1001 press 1', 'это чат родителей класса «5А»'],
  ['as 2001 join #1', null],
  ['chats', /#1 -\d+ «5А родители» .*бот — администратор; участники: 1001, 2001/],
  ['as 2002 join #1', 'нет среди подтверждённых участников'],
  ['as 1001 in #1 /hours 07:30-07:31', 'Рабочее время чата «5А родители»: 07:30–07:31'],
  ['as 2001 in #1 Когда собрание?', 'нерабочее время'],
  ['as 2001 in #1 Мой телефон +7 912 345-67-89', 'Ваше сообщение в чате «5А родители» удалено'],
  ['as 1001 /stats', /вложение сохранено: \S+\.png[\s\S]*вложение сохранено: \S+\.png[\s\S]*вложение сохранено: \S+\.xlsx/],
  ['exit', null],
];

class Terminal {
  readonly input = new PassThrough();
  private readonly output = new PassThrough();
  private out: string[] = [];
  private prompts = 0;
  readonly done: Promise<void>;

  constructor(world: World, attachmentsDir: string) {
    // readline writes its prompt after each handled line: that is how a line is known done.
    this.output.on('data', (d: Buffer) => (this.prompts += d.toString().split('> ').length - 1));
    this.done = runRepl(world.control, world.sandbox.botUsername, (s) => this.out.push(s), { input: this.input, output: this.output, attachmentsDir });
  }

  /** Types a line, waits until it is handled and the output since contains `expected`; returns that output. */
  async type(line: string, expected: string | RegExp | null, timeoutMs = 20_000): Promise<string> {
    const from = this.out.length;
    const prompts = this.prompts;
    this.input.write(`${line}\n`);
    // No prompt follows `exit`: the terminal closes (the caller awaits `done`).
    if (line === 'exit') return '';
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const since = this.out.slice(from).join('\n');
      const handled = this.prompts > prompts;
      if (handled && (expected === null || (typeof expected === 'string' ? since.includes(expected) : expected.test(since)))) return since;
      if (Date.now() > deadline) throw new Error(`after «${line}» no ${String(expected)} within ${timeoutMs} ms; got:\n${since}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

/** The bot's clock, running from `iso` (a moment in Moscow's terms is given in UTC). */
const clockFrom = (iso: string) => {
  const base = Date.parse(iso);
  const start = Date.now();
  return () => base + (Date.now() - start);
};

describe("README's tour, verbatim", () => {
  let world: World | undefined;
  let dir: string | undefined;
  afterEach(async () => {
    await world?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('has the lines this test expects (update both together)', () => {
    expect(readmeTour()).toEqual(TOUR.map(([line]) => line));
  });

  it.each([
    ['a weekday morning', '2026-12-08T07:00:00Z'],
    ['a Sunday at 23:00', '2026-12-13T20:00:00Z'],
    ['1 January', '2027-01-01T09:00:00Z'],
  ])(
    'works on %s',
    async (_when, start) => {
      world = await createWorld({
        env: { ADMIN_USER_IDS: DEMO_DEFAULTS.ADMIN_USER_IDS, WORK_HOURS: DEMO_DEFAULTS.WORK_HOURS },
        app: { now: clockFrom(start) },
      });
      dir = mkdtempSync(join(tmpdir(), 'sferum-tour-'));
      const t = new Terminal(world, dir);
      const lines = readmeTour();
      let code = '';
      for (const [i, raw] of lines.entries()) {
        const line = raw.replace('<код>', code);
        const expected = TOUR[i]?.[1] ?? null;
        const out = await t.type(line, expected);
        if (raw.includes('/invite')) code = /start=(\S+)/.exec(out)![1]!;
        if (raw.includes('/stats')) {
          const saved = [...out.matchAll(/вложение сохранено: (\S+)/g)].map((m) => m[1]!);
          for (const path of saved) expect(existsSync(path) && readFileSync(path).length > 0).toBe(true);
        }
      }
      await t.done;
    },
    120_000,
  );

  it("with a school's hours, a request filed on a Sunday night waits, and its author is told until when", async () => {
    world = await createWorld({
      env: { ADMIN_USER_IDS: DEMO_DEFAULTS.ADMIN_USER_IDS, WORK_HOURS: '07:30-20:00' },
      app: { now: clockFrom('2026-12-13T20:00:00Z') },
    });
    dir = mkdtempSync(join(tmpdir(), 'sferum-tour-'));
    const t = new Terminal(world, dir);
    const lines = readmeTour();
    let code = '';
    // The tour up to the parent's last answer: the request is filed.
    for (const [i, raw] of lines.slice(0, 7).entries()) {
      const out = await t.type(raw.replace('<код>', code), TOUR[i]![1]);
      if (raw.includes('/invite')) code = /start=(\S+)/.exec(out)![1]!;
    }
    const filed = await t.type(lines[7]!, 'её увидят 14.12.2026 в 07:30');
    expect(filed).not.toContain('Заявка на подтверждение');
    await t.type('exit', null);
    await t.done;
  }, 120_000);
});
