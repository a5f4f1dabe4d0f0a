// The anchor: a bare @maxhub/max-bot-api bot with the SDK's own long polling, on
// the same sandbox and machine as the real bot. BENCH_BARE_MODE=replying answers
// every message with ctx.reply; "silent" does nothing with it.
// Env: MAX_API_URL, MAX_BOT_TOKEN, BENCH_BARE_MODE.
import { Bot } from '@maxhub/max-bot-api';
import { serve } from '../lib/rpc.js';

const mode = process.env.BENCH_BARE_MODE === 'replying' ? 'replying' : 'silent';
const bot = new Bot(process.env.MAX_BOT_TOKEN!, { clientOptions: { baseUrl: process.env.MAX_API_URL! } });
bot.on('message_created', async (ctx) => {
  if (mode === 'replying') await ctx.reply('Принято.');
});
bot.catch((err) => console.error('[bare bot]', (err as Error).message));
void bot.start();

serve(
  {
    metrics: () => ({ cpu: process.cpuUsage(), rss: process.memoryUsage().rss }),
    stop: () => {
      bot.stop();
      setImmediate(() => process.exit(0));
    },
  },
  { mode },
);
