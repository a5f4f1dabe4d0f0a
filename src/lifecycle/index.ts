// The lifecycle feature: the school year's rollover (/rollover, its button and queue) and the
// archive of a unit at the end of its school life, which the organisation's structure asks for.
import type { Feature, KernelContext } from '../bot/feature.js';
import type { ChatsApi } from '../chats/index.js';
import type { OrgApi } from '../org/index.js';
import { RolloverStore } from '../store/rollover-store.js';
import { SchoolYear } from './school-year.js';

export function createLifecycle(k: KernelContext, { roster, erasure, chats }: Pick<OrgApi, 'roster' | 'erasure'> & Pick<ChatsApi, 'chats'>) {
  const schoolYear = new SchoolYear(
    chats,
    k.api,
    new RolloverStore(k.redis, k.keys),
    (unitId) => roster.store.dropUnit(unitId),
    (userId, actorId) => erasure.erase(userId, actorId),
    k.outbox,
    k.workerRedis,
    k.redis,
    k.keys.queuePrefix,
    k.log,
  );
  return {
    name: 'lifecycle',
    commands: [schoolYear.command()],
    actions: schoolYear.actions(),
    provides: { archiveUnit: (unit, actorId, key) => schoolYear.archive(unit, actorId, key) },
    queues: [{ name: 'school-year', queue: schoolYear.queue }],
    erase: [
      { stage: 'data', holder: schoolYear.store },
      { stage: 'wrap-up', holder: schoolYear },
    ],
    start: () => schoolYear.start(),
    stop: (force) => schoolYear.close(force),
    api: { schoolYear },
  } satisfies Feature<object>;
}
