// The MAX sandbox as its own process for the bench. Besides its HTTP Bot API and
// control API (used by the driver through SandboxControl), it answers a few bench
// calls over IPC:
//   inject  — creates many user messages in one synchronous step, the same way the
//             control API does (UserActions). Done in-process so that the driver's
//             HTTP round trips never cap how fast a bot can be fed: the whole batch
//             is in the update feed before any bot can poll again.
//   stats   — uncommitted updates in the feed and messages the bot has sent (cheap
//             counters instead of listing every message over HTTP).
//   replyAfter — the bot's first message in a user's dialog after a given seq,
//             with the sandbox's own timestamps (for reply latency).
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

let scanned = 0;
let botMessages = 0;
function countBotMessages(): number {
  const all = state.messages;
  for (; scanned < all.length; scanned++) if (all[scanned]!.senderId === sandbox.botUserId) botMessages++;
  return botMessages;
}

export interface InjectArgs {
  /** Group chat to write in; omitted: each user writes in their dialog with the bot. */
  chatId?: number;
  users: number[];
  texts: string[];
  count: number;
}

serve(
  {
    inject: ({ chatId, users, texts, count }: InjectArgs) => {
      let first = 0;
      let last = 0;
      for (let i = 0; i < count; i++) {
        const user = users[i % users.length]!;
        const text = texts[i % texts.length]!;
        const { mid } = chatId === undefined ? actions.sendText(user, text) : actions.sendChatText(chatId, user, text, null);
        const seq = state.messagesByMid.get(mid)!.seq;
        if (i === 0) first = seq;
        last = seq;
      }
      return { at: Date.now(), firstSeq: first, lastSeq: last };
    },
    stats: () => ({ pending: internals.feed.size, botMessages: countBotMessages(), messages: state.messages.length }),
    replyAfter: ({ userId, afterSeq, startsWith }: { userId: number; afterSeq: number; startsWith?: string }) => {
      const chatId = dialogChatId(userId);
      const sent = state.messages.find((m) => m.seq === afterSeq);
      // Messages are in seq order: search back from the end to afterSeq, keep the earliest match.
      let found: { seq: number; at: number; text: string | null } | null = null;
      for (let i = state.messages.length - 1; i >= 0; i--) {
        const m = state.messages[i]!;
        if (m.seq <= afterSeq) break;
        if (m.chatId === chatId && m.senderId === sandbox.botUserId && (startsWith === undefined || (m.text ?? '').startsWith(startsWith))) {
          found = { seq: m.seq, at: m.createdAt, text: m.text };
        }
      }
      return { sentAt: sent?.createdAt ?? null, reply: found };
    },
    stop: async () => {
      await sandbox.stop();
      setImmediate(() => process.exit(0));
    },
  },
  { url: sandbox.url, token: sandbox.token, botUserId: sandbox.botUserId },
);
