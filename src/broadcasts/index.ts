// Broadcasts and system-channel posts put together for the composition root.
import type { Api } from '@maxhub/max-bot-api';
import type { Feature, KernelContext } from '../bot/feature.js';
import { postFlow } from '../flows/broadcasts/post.js';
import type { Redis } from 'ioredis';
import type { Chats } from '../chats/chats.js';
import type { Outbox } from '../bot/outbox.js';
import type { Organisation } from '../org/organisation.js';
import type { Logger } from '../log.js';
import type { StatsCounters } from '../reports/counters.js';
import type { Keys } from '../store/keys.js';
import { Broadcasts } from './broadcasts.js';
import { postActions, postCommands } from './commands.js';
import { BroadcastDelivery } from './delivery.js';
import type { PostMedia } from '../bot/media.js';
import { BroadcastStore } from './store.js';

export interface BroadcastDeps {
  redis: Redis;
  workerRedis: Redis;
  keys: Keys;
  api: Api;
  organisation: Organisation;
  chats: Chats;
  outbox: Outbox;
  counters: StatsCounters;
  maxRps: number;
  botUserId: () => number;
  log: Logger;
}

export function createBroadcasts(d: BroadcastDeps) {
  const store = new BroadcastStore(d.redis, d.keys);
  const broadcasts = new Broadcasts(d.organisation, d.chats, store, d.outbox, d.counters);
  const known = new Set<number>();
  broadcasts.delivery = new BroadcastDelivery(d.workerRedis, d.redis, d.keys.queuePrefix, d.api, store, d.log, {
    // Enough sends in flight to keep the shared limiter busy; it does the spacing.
    concurrency: Math.min(64, Math.max(4, Math.ceil(d.maxRps / 4))),
    now: d.organisation.now,
    botUserId: d.botUserId,
    onFinished: broadcasts.finished,
  });
  return {
    broadcasts,
    commands: postCommands(broadcasts),
    actions: postActions(broadcasts),
    submit: (userId: number, e: { audience: Parameters<Broadcasts['submit']>[1]; text: string; media?: PostMedia[] }, key: string) =>
      broadcasts.submit(userId, e.audience, e.text, e.media ?? [], key),
    /** A person's dialog with the bot (from an update): kept so a resumed broadcast can check a send. */
    async dialogSeen(userId: number, chatId: number): Promise<void> {
      if (known.has(userId)) return;
      await store.rememberDialog(userId, chatId);
      known.add(userId);
    },
    start: () => broadcasts.delivery.start(),
    close: (force = false) => broadcasts.delivery.close(force),
  };
}

/** The feature: /post, its flow and buttons, the broadcasts queue. */
export function createBroadcastsFeature(k: KernelContext, d: Pick<BroadcastDeps, 'organisation' | 'chats'> & { reports: { counters: StatsCounters } }) {
  const posts = createBroadcasts({
    organisation: d.organisation,
    chats: d.chats,
    counters: d.reports.counters,
    redis: k.redis,
    workerRedis: k.workerRedis,
    keys: k.keys,
    api: k.api,
    outbox: k.outbox,
    maxRps: k.config.MAX_RPS,
    botUserId: () => k.services.bot.userId,
    log: k.log,
  });
  return {
    name: 'broadcasts',
    commands: posts.commands,
    actions: posts.actions,
    flows: [postFlow],
    effects: { 'post.submit': (userId, e, key) => posts.submit(userId, e, key) },
    hooks: { onDialog: (userId, chatId) => posts.dialogSeen(userId, chatId) },
    queues: [{ name: 'broadcasts', queue: posts.broadcasts.delivery.queue }],
    erase: [
      { stage: 'data', holder: posts.broadcasts.store },
      { stage: 'data', holder: posts.broadcasts.delivery },
    ],
    start: () => posts.start(),
    stop: (force) => posts.close(force),
    api: { posts },
  } satisfies Feature<object>;
}
