// A terminal to talk to the bot as several MAX users through the sandbox's control API:
// dialogs, group chats (create one, add the bot, write in it, join by its link), and
// everything the bot does in return — new messages, edits, deletions and the pop-up
// notifications of button presses.
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { ChatView, MessageView, SandboxControl, UploadView } from '../sandbox/control.js';

export const REPL_HELP = [
  'Команды (вы действуете как пользователь MAX с указанным id):',
  '  as <id> <текст>              написать боту в личный диалог, например: as 1001 /start',
  '  as <id> press <N>            нажать N-ю кнопку последнего сообщения бота этому пользователю',
  '  as <id> open <код|ссылка>    открыть ссылку-приглашение https://max.ru/<бот>?start=<код>',
  '  as <id> start                нажать «Начать» в диалоге с ботом',
  '  as <id> panel                новая ссылка на панель управления (открывается один раз, действует 5 минут)',
  'Групповые чаты:',
  '  as <id> newchat <название>   создать чат (владелец — этот пользователь, у чата есть ссылка)',
  '  as <id> addbot <чат>         добавить бота в чат администратором',
  '  as <id> in <чат> <текст>     написать в чат (например, /bind или вопрос учителю)',
  '  as <id> in <чат> press <N>   нажать N-ю кнопку последнего сообщения бота в чате',
  '  as <id> join <чат|ссылка>    вступить в чат по ссылке',
  '  chats                        список чатов: id, название, ссылка, участники',
  '  users                        кто уже писал боту',
  '  help                         эта справка',
  '  exit                         выход',
  '<чат> — id чата из списка chats (отрицательное число) или его номер в этом списке: #1, #2…',
].join('\n');

/** How long the bot must stay silent after `exit` before the terminal closes. */
const QUIET_MS = 3000;

function where(m: MessageView, titles: Map<number, string>): string {
  if (m.chatType === 'dialog') return `→ ${m.recipientUserId}`;
  const title = titles.get(m.chatId);
  return `→ чат ${m.chatId}${title ? ` «${title}»` : ''}`;
}

function renderButtons(m: MessageView): string[] {
  const buttons = m.buttons.flat();
  if (buttons.length === 0) return [];
  return [`   ${buttons.map((b, i) => `(${i + 1}) ${b.text}${b.url ? ` ${b.url}` : ''}`).join('   ')}`];
}

/** A file name for an attachment: the uploaded name when there is one, else by its type. */
function attachmentName(mid: string, n: number, view: UploadView): string {
  const ext = view.type === 'image' ? '.png' : view.type === 'video' ? '.mp4' : view.type === 'audio' ? '.ogg' : '';
  const own = view.filename ? basename(view.filename).replace(/[^\p{L}\p{N}._-]+/gu, '_') : '';
  // The SDK names uploaded pictures by a random id with no extension.
  return `${mid}-${n}${own ? `-${own}` : ''}${/\.\w{2,5}$/.test(own) ? '' : ext}`;
}

/** Has the bot answered the last thing someone wrote to it in a dialog? */
async function lastDialogAnswered(control: SandboxControl): Promise<boolean> {
  const [all, fromBot] = await Promise.all([control.messages({}), control.messages({ fromBot: true })]);
  const botMids = new Set(fromBot.map((m) => m.mid));
  const last = all.filter((m) => m.chatType === 'dialog' && !botMids.has(m.mid)).at(-1);
  return !last || fromBot.some((m) => m.chatId === last.chatId && m.seq > last.seq);
}

/** What the bot did since the last look: new messages, edits, deletions, notifications. */
class BotWatcher {
  private readonly seen = new Map<string, { editedAt: number | undefined; deleted: boolean }>();
  private answersSeen = 0;
  private titles = new Map<number, string>();

  /** When the bot last did something that was printed (the terminal waits for quiet before leaving). */
  lastPrintAt = Date.now();
  private readonly print: (s: string) => void;

  constructor(
    private readonly control: SandboxControl,
    print: (s: string) => void,
    /** Where the files and pictures the bot sends are saved; unset: they are only named. */
    private readonly attachmentsDir?: string,
  ) {
    this.print = (line) => {
      this.lastPrintAt = Date.now();
      print(line);
    };
  }

  /** Saves the message's attachments (images, files…) and returns a line with their paths. */
  private async saved(m: MessageView): Promise<string[]> {
    const tokens = m.attachmentTokens ?? [];
    if (tokens.length === 0) return [];
    if (!this.attachmentsDir) return [`   вложения: ${m.attachmentTypes.join(', ')}`];
    const uploads = await this.control.uploads();
    mkdirSync(this.attachmentsDir, { recursive: true });
    const paths: string[] = [];
    for (const [i, token] of tokens.entries()) {
      const upload = uploads.find((u) => u.token === token);
      if (!upload) continue;
      const { view, data } = await this.control.uploadData(upload.id);
      const path = join(this.attachmentsDir, attachmentName(m.mid, i + 1, view));
      writeFileSync(path, data);
      paths.push(path);
    }
    return paths.map((p) => `   вложение сохранено: ${p}`);
  }

  /** Remembers what exists already, so that only what happens from now on is printed. */
  async prime(): Promise<void> {
    for (const m of await this.control.messages({ fromBot: true })) this.seen.set(m.mid, { editedAt: m.editedAt, deleted: m.deleted });
    this.answersSeen = (await this.control.answers()).length;
  }

  async look(): Promise<void> {
    const messages = await this.control.messages({ fromBot: true });
    if (messages.some((m) => m.chatType !== 'dialog' && !this.titles.has(m.chatId))) {
      this.titles = new Map((await this.control.chats()).map((c) => [c.chatId, c.title ?? '']));
    }
    for (const m of messages) {
      const before = this.seen.get(m.mid);
      this.seen.set(m.mid, { editedAt: m.editedAt, deleted: m.deleted });
      if (!before) {
        if (!m.deleted) this.print([`[бот ${where(m, this.titles)}] ${m.text ?? ''}`, ...renderButtons(m), ...(await this.saved(m))].join('\n'));
      } else if (m.deleted && !before.deleted) {
        this.print(`[бот удалил своё сообщение ${where(m, this.titles)}]`);
      } else if (m.editedAt !== before.editedAt && !m.deleted) {
        this.print([`[бот изменил сообщение ${where(m, this.titles)}] ${m.text ?? ''}`, ...renderButtons(m)].join('\n'));
      }
    }
    const answers = await this.control.answers();
    for (const a of answers.slice(this.answersSeen)) {
      if (a.notification) this.print(`[уведомление для ${a.userId}] ${a.notification}`);
    }
    this.answersSeen = answers.length;
  }
}

export interface ReplStreams {
  input?: Readable;
  output?: Writable;
  /** The panel's address: `as <id> panel` prints a fresh launch link to it (each link opens once). */
  panelUrl?: string;
  /** Where attachments the bot sends are saved (their paths are printed). */
  attachmentsDir?: string;
}

export async function runRepl(control: SandboxControl, botUsername: string, print: (s: string) => void, streams: ReplStreams = {}): Promise<void> {
  const watcher = new BotWatcher(control, print, streams.attachmentsDir ? resolve(streams.attachmentsDir) : undefined);
  await watcher.prime();
  let looking = false;
  const poll = setInterval(() => {
    if (looking) return;
    looking = true;
    watcher
      .look()
      .catch(() => undefined)
      .finally(() => (looking = false));
  }, 150);

  const input = streams.input ?? process.stdin;
  const rl = createInterface({ input, output: streams.output ?? process.stdout, terminal: input === process.stdin && process.stdin.isTTY });
  rl.setPrompt('> ');
  print(REPL_HELP);
  rl.prompt();
  const queue: string[] = [];
  let busy = false;
  let closed = false;

  /** A chat by id (-70000000001) or by its number in `chats` (#1). */
  async function chatRef(ref: string): Promise<ChatView | null> {
    const chats = await control.chats();
    const n = /^#(\d+)$/.exec(ref);
    if (n) return chats[Number(n[1]) - 1] ?? null;
    if (/^-?\d+$/.test(ref)) return chats.find((c) => c.chatId === Number(ref)) ?? null;
    return chats.find((c) => c.link === ref) ?? null;
  }

  async function pressLast(userId: number, messages: MessageView[], n: number): Promise<void> {
    const last = messages.filter((x) => x.buttons.flat().length > 0 && !x.deleted).at(-1);
    const button = last?.buttons.flat()[n - 1];
    if (!last || !button?.payload) return print('Нет такой кнопки.');
    await control.press(userId, last.mid, button.payload);
  }

  async function asUser(userId: number, rest: string): Promise<void> {
    let m: RegExpExecArray | null;
    m = /^press\s+(\d+)$/.exec(rest);
    if (m) return pressLast(userId, await control.botMessagesTo(userId), Number(m[1]));
    m = /^open\s+(\S+)$/.exec(rest);
    if (m) {
      const link = m[1]!.startsWith('https://') ? m[1]! : `https://max.ru/${botUsername}?start=${m[1]}`;
      await control.openDeepLink(userId, link);
      return;
    }
    if (rest === 'start') return void (await control.startBot(userId));
    if (rest === 'panel') return print(streams.panelUrl ? await control.miniAppUrl(userId, streams.panelUrl) : 'Панель в этом запуске не настроена.');
    m = /^newchat\s+(.+)$/.exec(rest);
    if (m) {
      const link = `https://max.ru/join/${randomBytes(6).toString('hex')}`;
      const { chat_id } = await control.createChat({ title: m[1]!.trim(), owner_id: userId, link });
      const number = (await control.chats()).findIndex((c) => c.chatId === chat_id) + 1;
      print(`Чат #${number} создан: id ${chat_id}, ссылка ${link}. Добавьте бота: as ${userId} addbot #${number}`);
      return;
    }
    m = /^addbot\s+(\S+)$/.exec(rest);
    if (m) {
      const chat = await chatRef(m[1]!);
      if (!chat) return print('Нет такого чата. Наберите chats.');
      await control.addBot(chat.chatId, { by: userId });
      return;
    }
    m = /^join\s+(\S+)$/.exec(rest);
    if (m) {
      const chat = await chatRef(m[1]!);
      if (!chat) return print('Нет такого чата. Наберите chats.');
      await control.addMember(chat.chatId, userId, { viaLink: true });
      return;
    }
    m = /^in\s+(\S+)\s+([\s\S]+)$/.exec(rest);
    if (m) {
      const chat = await chatRef(m[1]!);
      if (!chat) return print('Нет такого чата. Наберите chats.');
      const press = /^press\s+(\d+)$/.exec(m[2]!.trim());
      if (press) return pressLast(userId, await control.messages({ chatId: chat.chatId, fromBot: true }), Number(press[1]));
      await control.sendChatText(chat.chatId, userId, m[2]!.trim());
      return;
    }
    await control.sendText(userId, rest);
  }

  async function handle(line: string): Promise<boolean> {
    const trimmed = line.trim();
    if (trimmed === '') return true;
    if (trimmed === 'exit' || trimmed === 'quit') return false;
    if (trimmed === 'help') {
      print(REPL_HELP);
      return true;
    }
    try {
      if (trimmed === 'users') {
        const users = await control.users();
        print(users.map((u) => `${u.user_id}: ${u.first_name}${u.last_name ? ` ${u.last_name}` : ''}`).join('\n') || 'пока никого');
        return true;
      }
      if (trimmed === 'chats') {
        const chats = await control.chats();
        print(
          chats
            .map((c, i) => {
              const bot = c.bot.inChat ? (c.bot.isAdmin ? 'бот — администратор' : 'бот — участник') : 'бота нет';
              const members = c.members.map((x) => x.userId).join(', ');
              return `#${i + 1} ${c.chatId} «${c.title ?? ''}» ${c.link ?? 'без ссылки'}; ${bot}; участники: ${members || '—'}`;
            })
            .join('\n') || 'чатов пока нет: as <id> newchat <название>',
        );
        return true;
      }
      const m = /^as\s+(\d{1,15})\s+([\s\S]+)$/.exec(trimmed);
      if (!m) {
        print('Не понял. Наберите help.');
        return true;
      }
      await asUser(Number(m[1]), m[2]!.trim());
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
          queue.length = 0;
          rl.close();
          break;
        }
        // Give the bot a moment so that answers print before the next prompt.
        await new Promise((r) => setTimeout(r, 400));
      }
      busy = false;
      // No prompt after close: readline throws on a closed interface.
      if (!closed) rl.prompt();
    };
    rl.on('line', (line) => {
      queue.push(line);
      void pump();
    });
    // Ctrl+C leaves like `exit` (readline would only pause without a listener).
    rl.on('SIGINT', () => rl.close());
    rl.on('close', () => {
      closed = true;
      const finish = async () => {
        // Input that ended (a pipe) still has its lines handled; `exit` emptied the queue.
        while (busy || queue.length > 0) await new Promise((r) => setTimeout(r, 100));
        // Let the last answers arrive and print: a slow one (/stats draws its charts for
        // seconds) would otherwise be lost when `exit` follows at once. Leave once the bot has
        // been quiet for a while, and in any case within 20 s.
        const closedAt = Date.now();
        const quiet = () => Date.now() - Math.max(watcher.lastPrintAt, closedAt) >= QUIET_MS;
        while (Date.now() - closedAt < 20_000 && !(quiet() && (await lastDialogAnswered(control).catch(() => true))))
          await new Promise((r) => setTimeout(r, 100));
        await watcher.look().catch(() => undefined);
        clearInterval(poll);
        resolveDone();
      };
      void finish();
    });
  });
}
