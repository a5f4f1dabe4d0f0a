// The MAX sandbox as its own process for the bench. Besides its HTTP Bot API and
// control API (used by the driver through SandboxControl), it answers a few bench
// calls over IPC:
//   inject  — creates many user messages in one synchronous step, the same way the
//             control API does (UserActions). Done in-process so that the driver's
//             HTTP round trips never cap how fast a bot can be fed: the whole batch
//             is in the update feed before any bot can poll again.
//   stats   — uncommitted updates in the feed and messages the bot has sent (cheap
//             counters instead of listing every message over HTTP).
//   replies — for each (user, seq): the bot's first message in the user's dialog
//             after that seq, with the sandbox's own timestamps (reply latency).
// Env: BENCH_SANDBOX_RPS, BENCH_SANDBOX_CALLBACK_RPS.
import { UserActions } from '../../src/sandbox/actions.js';
import type { PollingFeed } from '../../src/sandbox/feed.js';
import { dialogChatId } from '../../src/sandbox/model.js';
import { MaxSandbox } from '../../src/sandbox/server.js';
import type { SandboxState } from '../../src/sandbox/state.js';
import { serve } from '../lib/rpc.js';

const sandbox = new MaxSandbox({
  rps: Number(process.env.BENCH_SANDBOX_RPS ?? 100_000),
  callbackRps: Number(process.env.BENCH_SANDBOX_CALLBACK_RPS ?? 100_000),
});
await sandbox.start();
// The bench reaches into the sandbox's world directly; tests never do this.
const internals = sandbox as unknown as { state: SandboxState; feed: PollingFeed };
const state = internals.state;
const actions = new UserActions(state);

// The bot's messages, indexed as they appear: a count, and per chat in seq order.
interface BotMessage {
  seq: number;
  at: number;
  text: string | null;
}
let scanned = 0;
let botMessages = 0;
const botMessagesByChat = new Map<number, BotMessage[]>();
function indexBotMessages(): number {
  const all = state.messages;
  for (; scanned < all.length; scanned++) {
    const m = all[scanned]!;
    if (m.senderId !== sandbox.botUserId) continue;
    botMessages++;
    const list = botMessagesByChat.get(m.chatId) ?? [];
    list.push({ seq: m.seq, at: m.createdAt, text: m.text });
    botMessagesByChat.set(m.chatId, list);
  }
  return botMessages;
}

export interface ReplyQuery {
  userId: number;
  /** seq of the user's message; the bot's first matching message after it is the reply. */
  afterSeq: number;
  startsWith?: string;
}
export interface ReplyAnswer {
  sentAt: number | null;
  reply: BotMessage | null;
}

function replyAfter(q: ReplyQuery): ReplyAnswer {
  indexBotMessages();
  const sent = state.messages[q.afterSeq - 1]?.seq === q.afterSeq ? state.messages[q.afterSeq - 1] : state.messages.find((m) => m.seq === q.afterSeq);
  const reply =
    (botMessagesByChat.get(dialogChatId(q.userId)) ?? []).find(
      (m) => m.seq > q.afterSeq && (q.startsWith === undefined || (m.text ?? '').startsWith(q.startsWith)),
    ) ?? null;
  return { sentAt: sent?.createdAt ?? null, reply };
}

export interface InjectArgs {
  /** Group chat to write in; omitted: each user writes in their dialog with the bot. */
  chatId?: number;
  users: number[];
  texts: string[];
  count: number;
  /** Paced loads come in pieces: the piece's place in the whole, so people and texts keep rotating. */
  offset?: number;
}

serve(
  {
    inject: ({ chatId, users, texts, count, offset = 0 }: InjectArgs) => {
      let first = 0;
      let last = 0;
      for (let i = offset; i < offset + count; i++) {
        const user = users[i % users.length]!;
        const text = texts[i % texts.length]!;
        const { mid } = chatId === undefined ? actions.sendText(user, text) : actions.sendChatText(chatId, user, text, null);
        const seq = state.messagesByMid.get(mid)!.seq;
        if (i === offset) first = seq;
        last = seq;
      }
      return { at: Date.now(), firstSeq: first, lastSeq: last };
    },
    stats: () => ({ pending: internals.feed.size, botMessages: indexBotMessages(), messages: state.messages.length, cpu: process.cpuUsage() }),
    /** Answers many reply queries at once (the driver polls every outstanding probe in one call). */
    replies: ({ queries }: { queries: ReplyQuery[] }) => queries.map(replyAfter),
    stop: async () => {
      await sandbox.stop();
      setImmediate(() => process.exit(0));
    },
  },
  { url: sandbox.url, token: sandbox.token, botUserId: sandbox.botUserId },
);
