// Composition root: builds the bot from its kernel and its features, and runs it.
//   transport (polling | webhook) → Ingest → inbox (Redis) → Dispatcher → Router
//   → commands / flows → outbox (BullMQ) → SDK Api (rate-limited, retrying fetch) → MAX
// The runtime is src/bot/kernel.ts; the features, in order, are listed in src/features.ts.
import type { Config } from './config.js';
import { createKernel, type AppOptions } from './bot/kernel.js';
import { buildFeatures } from './features.js';

export type { AppOptions } from './bot/kernel.js';

export function createApp(config: Config, options: AppOptions = {}) {
  const kernel = createKernel(config, options);
  const { features, apis } = buildFeatures(kernel.ctx);
  try {
    // A second command, button action, flow, effect, hook, port provider, permission row or key family throws here, naming both owners.
    for (const feature of features) kernel.install(feature);
    for (const extra of options.extraFeatures ?? []) kernel.install(extra(kernel.ctx));
    kernel.seal(options.extraCommands);
  } catch (err) {
    void kernel.kill();
    throw err;
  }
  // The kernel's handles (start, stop, kill, redis, personalData, queues, transport…) and each feature's api
  // (organisation, chats, chatJobs, conduct, reports, posts, schoolYear, roster, erasure…).
  return Object.assign(kernel, apis);
}

export type App = ReturnType<typeof createApp>;
