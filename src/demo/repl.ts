// A terminal to talk to the bot as several MAX users through the sandbox's control API.
import { createInterface } from 'node:readline';
import type { SandboxControl, MessageView } from '../sandbox/control.js';

export const REPL_HELP = [
  'Команды (вы действуете как пользователь MAX с указанным id):',
  '  as <id> <текст>         написать боту, например: as 1001 /start',
  '  as <id> press <N>       нажать N-ю кнопку последнего сообщения бота этому пользователю',
  '  as <id> open <код|ссылка>  открыть ссылку-приглашение https://max.ru/<бот>?start=<код>',
  '  as <id> start           нажать «Начать» в диалоге с ботом',
  '  users                   кто уже писал боту',
  '  help                    эта справка',
  '  exit                    выход',
].join('\n');

function render(m: MessageView, buttonsStart = 1): string {
  const who = m.chatType === 'dialog' ? `→ ${m.recipientUserId}` : `→ чат ${m.chatId}`;
  const lines = [`[бот ${who}] ${m.text ?? ''}`];
  let n = buttonsStart;
  const buttons = m.buttons.flat();
  if (buttons.length > 0) lines.push('   ' + buttons.map((b) => `(${n++}) ${b.text}`).join('   '));
  return lines.join('\n');
}

export async function runRepl(control: SandboxControl, botUsername: string, print: (s: string) => void): Promise<void> {
  let lastSeq = await control.lastSeq();
  const shown = new Set<string>();
  const poll = setInterval(() => {
    control
      .messages({ fromBot: true, afterSeq: lastSeq })
      .then((msgs) => {
        for (const m of msgs) {
          lastSeq = Math.max(lastSeq, m.seq);
          if (shown.has(m.mid)) continue;
          shown.add(m.mid);
          print(render(m));
        }
      })
      .catch(() => undefined);
  }, 150);

  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: process.stdin.isTTY });
  rl.setPrompt('> ');
  print(REPL_HELP);
  rl.prompt();
  const queue: string[] = [];
  let busy = false;

  async function handle(line: string): Promise<boolean> {
    const trimmed = line.trim();
    if (trimmed === '') return true;
    if (trimmed === 'exit' || trimmed === 'quit') return false;
    if (trimmed === 'help') return print(REPL_HELP), true;
    if (trimmed === 'users') {
      const users = await control.users();
      print(users.map((u) => `${u.user_id}: ${u.first_name}${u.last_name ? ' ' + u.last_name : ''}`).join('\n') || 'пока никого');
      return true;
    }
    const m = /^as\s+(\d{1,15})\s+([\s\S]+)$/.exec(trimmed);
    if (!m) return print('Не понял. Наберите help.'), true;
    const userId = Number(m[1]);
    const rest = m[2]!.trim();
    try {
      const pressM = /^press\s+(\d+)$/.exec(rest);
      const openM = /^open\s+(\S+)$/.exec(rest);
      if (pressM) {
        const mine = (await control.botMessagesTo(userId)).filter((x) => x.buttons.flat().length > 0 && !x.deleted);
        const last = mine.at(-1);
        const button = last?.buttons.flat()[Number(pressM[1]) - 1];
        if (!last || !button?.payload) return print('Нет такой кнопки.'), true;
        await control.press(userId, last.mid, button.payload);
      } else if (openM) {
        const link = openM[1]!.startsWith('https://') ? openM[1]! : `https://max.ru/${botUsername}?start=${openM[1]}`;
        await control.openDeepLink(userId, link);
      } else if (rest === 'start') {
        await control.startBot(userId);
      } else {
        await control.sendText(userId, rest);
      }
    } catch (err) {
      print(`Песочница ответила ошибкой: ${(err as Error).message}`);
    }
    return true;
  }

  await new Promise<void>((resolveDone) => {
    const pump = async () => {
      if (busy) return;
      busy = true;
      while (queue.length > 0) {
        const line = queue.shift()!;
        if (!(await handle(line))) {
          rl.close();
          break;
        }
        // Give the bot a moment so that answers print before the next prompt.
        await new Promise((r) => setTimeout(r, 400));
      }
      busy = false;
      rl.prompt();
    };
    rl.on('line', (line) => {
      queue.push(line);
      void pump();
    });
    rl.on('close', () => {
      const finish = async () => {
        while (busy || queue.length > 0) await new Promise((r) => setTimeout(r, 100));
        await new Promise((r) => setTimeout(r, 500));
        clearInterval(poll);
        resolveDone();
      };
      void finish();
    });
  });
}
