// The statistics feature put together: counters listening to the domain, the query,
// the reports queue, and the commands and buttons. The composition root calls
// createReports() once, start() with the other workers, close() on the way out.
import type { Api } from '@maxhub/max-bot-api';
import type { Redis } from 'ioredis';
import type { Feature, KernelContext } from '../bot/feature.js';
import type { Chats } from '../chats/chats.js';
import type { Conduct } from '../conduct/conduct.js';
import type { Organisation } from '../org/organisation.js';
import type { Logger } from '../log.js';
import type { Keys } from '../store/keys.js';
import { ReportBuilder } from './builder.js';
import { orgExports, statsActions, statsCommands } from './commands.js';
import { STATS_DATA, StatsCounters } from './counters.js';
import { ReportDelivery } from './delivery.js';
import { StatsQuery } from './stats-query.js';
import { WeeklySummary } from './weekly.js';

export interface ReportsDeps {
  redis: Redis;
  workerRedis: Redis;
  keys: Keys;
  api: Api;
  organisation: Organisation;
  chats: Chats;
  conduct: Conduct;
  log: Logger;
}

export function createReports(d: ReportsDeps) {
  const org = d.organisation;
  const counters = new StatsCounters(d.redis, d.keys, async () => (await org.org.settings()).timeZone, org.now, d.log);
  counters.attach({ audit: org.audit, conduct: d.conduct.store, chats: d.chats.store, requests: org.requests });
  const query = new StatsQuery(d.redis, d.keys, org.org, org.requests, d.chats.store, () => counters.flush());
  const builder = new ReportBuilder(org, query, d.chats.title);
  const delivery = new ReportDelivery(d.workerRedis, d.redis, d.keys.queuePrefix, d.api, builder.build, d.log);
  const weekly = new WeeklySummary(d.workerRedis, d.redis, d.keys.queuePrefix, d.keys, org, delivery, d.log);
  const deps = { org, delivery, weekly };
  return {
    counters,
    query,
    delivery,
    weekly,
    commands: statsCommands(deps),
    actions: statsActions(deps),
    exports: orgExports(deps),
    async start() {
      await delivery.start();
      await weekly.start();
    },
    async close(force = false) {
      await Promise.allSettled([delivery.close(force), weekly.close(force), force ? Promise.resolve() : counters.flush()]);
    },
  };
}

export type Reports = ReturnType<typeof createReports>;

/** The feature: documents and spreadsheets for earlier features, the stats queues, /stats. */
export function createReportsFeature(k: KernelContext, d: Pick<ReportsDeps, 'organisation' | 'chats' | 'conduct'>) {
  const reports = createReports({ ...d, redis: k.redis, workerRedis: k.workerRedis, keys: k.keys, api: k.api, log: k.log });
  return {
    name: 'reports',
    commands: reports.commands,
    actions: reports.actions,
    provides: {
      documents: (request, key) => reports.delivery.request(request, key),
      exports: () => reports.exports,
    },
    queues: [
      { name: 'reports', queue: reports.delivery.queue },
      { name: 'weekly-summary', queue: reports.weekly.queue },
    ],
    erase: [
      { stage: 'data', holder: reports.delivery },
      { stage: 'data', holder: reports.weekly },
      { stage: 'data', holder: STATS_DATA },
    ],
    start: () => reports.start(),
    stop: (force) => reports.close(force),
    api: { reports },
  } satisfies Feature<object>;
}
