// The statistics feature put together: counters listening to the domain, the query,
// and its commands and buttons. The composition root calls createReports() once.
import type { Redis } from 'ioredis';
import type { Chats } from '../bot/chats/chats.js';
import type { Conduct } from '../bot/conduct/conduct.js';
import type { Organisation } from '../bot/org/organisation.js';
import type { Logger } from '../log.js';
import type { Keys } from '../store/keys.js';
import { statsActions, statsCommands } from './commands.js';
import { StatsCounters } from './counters.js';
import { StatsQuery } from './stats-query.js';

export interface ReportsDeps {
  redis: Redis;
  keys: Keys;
  organisation: Organisation;
  chats: Chats;
  conduct: Conduct;
  log: Logger;
}

export function createReports(d: ReportsDeps) {
  const org = d.organisation;
  const counters = new StatsCounters(d.redis, d.keys, async () => (await org.org.settings()).timeZone, org.now, d.log);
  counters.attach({ audit: org.audit, conduct: d.conduct.store, chats: d.chats.store, requests: org.requests });
  const query = new StatsQuery(d.redis, d.keys, org.org, org.requests, d.chats.store);
  const deps = { org, query };
  return { counters, query, commands: statsCommands(deps), actions: statsActions(deps) };
}

export type Reports = ReturnType<typeof createReports>;
