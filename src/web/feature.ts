// The panel feature: the web panel (src/web) on the operations server, when MINIAPP_URL is set —
// its code is loaded only then — and the button under /start's greeting that opens it.
import type { Feature, KernelContext } from '../bot/feature.js';
import type { ChatsApi } from '../chats/index.js';
import type { OrgApi } from '../org/index.js';
import { scopeOf } from '../policy/permissions.js';
import type { Reports } from '../reports/index.js';
import { SessionStore } from './session.js';
import { WEB_TEXTS } from './texts.js';

export function createPanel(
  k: KernelContext,
  d: Pick<OrgApi, 'organisation' | 'structure' | 'invitations' | 'joining' | 'names'> & Pick<ChatsApi, 'chats'> & { reports: Pick<Reports, 'query'> },
) {
  const { config } = k;
  const mount = async () => {
    const { panelRoutes } = await import('./index.js');
    const services = {
      config,
      redis: k.redis,
      keys: k.keys,
      organisation: d.organisation,
      structure: d.structure,
      invitations: d.invitations,
      joining: d.joining,
      chats: d.chats,
      outbox: k.outbox,
      names: d.names,
      botUsername: () => k.services.bot.username,
    };
    return panelRoutes(services, d.reports, k.log);
  };
  return {
    name: 'web',
    ...(config.MINIAPP_URL ? { http: mount } : {}),
    provides: {
      // The panel opens as the bot's mini-app (registered for the bot at MINIAPP_URL in MAX's partner platform).
      panelButton: async (userId, ctx) =>
        config.MINIAPP_URL && scopeOf(await k.actorOf(userId, ctx), 'units') !== null
          ? [[{ text: WEB_TEXTS.openPanel, openApp: { webApp: k.services.bot.username, contactId: k.services.bot.userId } }]]
          : undefined,
    },
    erase: [{ stage: 'data', holder: new SessionStore(k.redis, k.keys) }],
    api: {},
  } satisfies Feature<object>;
}
