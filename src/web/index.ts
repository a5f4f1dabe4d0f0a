// The web panel's parts, put together for the composition root.
import type { FastifyInstance } from 'fastify';
import type { Logger } from '../log.js';
import type { Reports } from '../reports/index.js';
import { registerPanel, type PanelFeature } from './panel.js';
import { auditFeature } from './pages/audit.js';
import { chatsFeature } from './pages/chats.js';
import { statsFeature } from './pages/stats.js';
import { invitesFeature } from './pages/invites.js';
import { peopleFeature } from './pages/people.js';
import { schoolFeature } from './pages/school.js';
import type { PanelServices } from './services.js';

export type { PanelServices } from './services.js';

/** The routes of the panel, to mount on the bot's HTTP server. */
export function panelRoutes(
  services: PanelServices,
  reports: Pick<Reports, 'query'>,
  log: Logger,
  extra: PanelFeature[] = [],
): (server: FastifyInstance) => void {
  const features: PanelFeature[] = [
    schoolFeature(services),
    peopleFeature(services),
    invitesFeature(services),
    chatsFeature(services),
    statsFeature(services, reports),
    auditFeature(services),
    ...extra,
  ];
  return (server) => registerPanel(server, services, features, log);
}
