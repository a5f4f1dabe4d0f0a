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
  try {
    const { features, apis } = buildFeatures(kernel.ctx);
    // A second command, button action, flow, effect, hook, port provider, permission row or key family throws here, naming both owners.
    for (const feature of features) kernel.install(feature);
    for (const extra of options.extraFeatures ?? []) kernel.install(extra(kernel.ctx));
    kernel.seal(options.extraCommands);
    // The kernel's handles (start, stop, kill, redis, personalData, queues, transport…) and each feature's api
    // (organisation, chats, chatJobs, conduct, reports, posts, schoolYear, roster, erasure…); an api name that is a handle would replace it.
    const taken = Object.keys(apis).filter((name) => name in kernel);
    if (taken.length > 0) throw new Error(`duplicate api ${taken.join(', ')} (kernel, a feature)`);
    return Object.assign(kernel, apis);
  } catch (err) {
    void kernel.kill();
    throw err;
  }
}

export type App = ReturnType<typeof createApp>;
