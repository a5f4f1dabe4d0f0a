// The demo's terminal, driven line by line against the real bot and the sandbox:
// the README's tour — a class, an invite, a join, a bound parents' chat, an
// off-hours message and an etiquette violation — and `exit`.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { runRepl } from '../../src/demo/repl.js';
import { DEMO_ENTRY } from '../support/entry.js';
import { createWorld, sleep, type World } from '../support/harness.js';

class Terminal {
  readonly input = new PassThrough();
  private readonly output = new PassThrough();
  private out: string[] = [];
  private prompts = 0;
  readonly done: Promise<void>;

  constructor(world: World) {
    // readline writes its prompt after each handled line: that is how a line is known done.
    this.output.on('data', (d: Buffer) => (this.prompts += d.toString().split('> ').length - 1));
    this.done = runRepl(world.control, world.sandbox.botUsername, (s) => this.out.push(s), { input: this.input, output: this.output });
  }

  /** Types a line, waits until it is handled and the output since then contains `expected`; returns that output. */
  async type(line: string, expected?: string | RegExp, timeoutMs = 20_000): Promise<string> {
    const from = this.out.length;
    const prompts = this.prompts;
    this.input.write(`${line}\n`);
    // No prompt follows `exit`: the terminal closes (the caller awaits `done`).
    if (line === 'exit') return '';
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const since = this.out.slice(from).join('\n');
      const handled = this.prompts > prompts;
      if (handled && (expected === undefined || (typeof expected === 'string' ? since.includes(expected) : expected.test(since)))) return since;
      if (Date.now() > deadline) throw new Error(`after «${line}» no ${String(expected)} within ${timeoutMs} ms; got:\n${since}`);
      await sleep(50);
    }
  }

  get all(): string {
    return this.out.join('\n');
  }
}

describe('the demo terminal', () => {
  let world: World;
  afterEach(async () => world?.close());

  it('walks the tour: class, invite, join, parents’ chat, off-hours, etiquette', async () => {
    world = await createWorld({ env: { ADMIN_USER_IDS: '1001' } });
    const t = new Terminal(world);
    await t.type('as 1001 /start', 'Здравствуйте');
    await t.type('as 1001 /unit add 5А', '5А');
    const invite = await t.type('as 1001 /invite родитель 5А', 'https://max.ru/');
    const code = /start=(\S+)/.exec(invite)![1]!;
    await t.type(`as 2001 open ${code}`, 'Продолжим?');
    await t.type('as 2001 press 1', 'фамилию, имя и отчество');
    await t.type('as 2001 Петрова Анна Сергеевна', 'ребёнка');
    await t.type('as 2001 Петров Иван', 'Даёте согласие');
    await t.type('as 2001 press 1', 'Заявка на подтверждение');
    // The admin's decision edits the request (its buttons go) and tells the parent.
    const approved = await t.type('as 1001 press 1', 'Ваша заявка подтверждена');
    expect(approved).toContain('[бот изменил сообщение → 1001]');

    const created = await t.type('as 1001 newchat 5А родители', 'Чат #1 создан');
    expect(created).toMatch(/ссылка https:\/\/max\.ru\/join\/\w+/);
    // MAX names nobody in bot_added: the chat's staff admin is asked privately.
    await t.type('as 1001 addbot #1', 'Что это за чат?');
    await t.type('as 1001 press 2', 'Какого класса этот чат?');
    await t.type('as 1001 press 1', 'это чат родителей класса «5А»');
    // Bots may not add members: the parent gets the chat's link and joins.
    await t.type('as 2001 join #1');
    await t.type('chats', /#1 -\d+ «5А родители» .*бот — администратор; участники: 1001, 2001/);

    // Someone who is not a parent of the class comes in by the chat's link.
    await t.type('as 2002 join #1', 'нет среди подтверждённых участников');
    await t.type('as 1001 in #1 /hours 07:30-07:31', 'Рабочее время чата «5А родители»: 07:30–07:31');
    await t.type('as 2001 in #1 Когда собрание?', 'нерабочее время');
    await t.type('as 2001 in #1 Мой телефон +7 912 345-67-89', 'Ваше сообщение в чате «5А родители» удалено');

    await t.type('exit');
    await t.done;
  }, 60_000);
});

describe('npm run demo', () => {
  it('stops the redis-server it started when the configuration is wrong', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'sferum-demo-'));
    try {
      const child = spawn(process.execPath, [DEMO_ENTRY], {
        cwd,
        env: { PATH: process.env.PATH ?? '', ORG_TIMEZONE: 'Mars/Olympus' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stderr = '';
      child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
      child.stdout!.resume();
      const code = await new Promise<number | null>((r) => child.once('exit', r));
      expect(code).toBe(2);
      expect(stderr.trim()).toMatch(/^Ошибка конфигурации: ORG_TIMEZONE — /);
      // redis-server writes this line when it shuts down on SIGTERM.
      const log = readFileSync(join(cwd, '.data/redis/redis.log'), 'utf8');
      expect(log).toContain('ready to exit');
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
  }, 30_000);
});
