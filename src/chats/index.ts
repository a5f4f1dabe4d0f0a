// The chats feature put together: the organisation's group chats and channels (binding, rights,
// membership jobs that follow the organisation's domain events), their commands and buttons.
import type { Feature, KernelContext } from '../bot/feature.js';
import type { OrgApi } from '../org/index.js';
import { ChatStore } from '../store/chat-store.js';
import { Binding } from './binding.js';
import { ChatJobs } from './chat-jobs.js';
import { Chats } from './chats.js';
import { chatActions, chatCommands } from './commands.js';

export function createChats(k: KernelContext, { organisation }: Pick<OrgApi, 'organisation'>) {
  const { redis, keys, api, log } = k;
  const chats = new Chats(organisation, new ChatStore(redis, keys), api, () => k.services.bot.userId, log);
  const chatJobs = new ChatJobs(k.workerRedis, redis, keys.queuePrefix, chats, k.outbox, log, api);
  const binding = new Binding(chats, chatJobs, api, log);
  // Chat membership follows the organisation's domain events (verified, moved, role changes, removed).
  organisation.events.on((event, eventId) => chatJobs.person(event.userId, eventId));

  return {
    name: 'chats',
    commands: chatCommands(chats, binding, chatJobs),
    actions: [...binding.actions(), ...chatActions(chats)],
    hooks: { onChatUpdate: (ctx, u) => binding.onChatUpdate(ctx, u) },
    provides: {
      unitChats: async (unitId) => (await chats.store.all()).filter((c) => c.unitId === unitId).map((c) => c.chatId),
      chatTitle: chats.title,
    },
    queues: [{ name: 'chat-jobs', queue: chatJobs.queue, readiness: true }],
    erase: [
      { stage: 'chats', holder: chats.personalData },
      { stage: 'chats', holder: chats.store },
      { stage: 'queued', holder: chatJobs },
    ],
    init: () => chats.store.listen(k.subscriber),
    start: () => chatJobs.start(),
    stop: (force) => chatJobs.close(force),
    api: { chats, chatJobs, binding },
  } satisfies Feature<object>;
}

export type ChatsApi = ReturnType<typeof createChats>['api'];
