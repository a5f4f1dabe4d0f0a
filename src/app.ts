// Composition root: builds the bot from its parts and runs it.
//   transport (polling | webhook) → Ingest → inbox (Redis) → Dispatcher → Router
//   → commands / flows → outbox (BullMQ) → SDK Api (rate-limited, retrying fetch) → MAX
import { Bot } from '@maxhub/max-bot-api';
import type { Config } from './config.js';
import { CallbackAnswers } from './bot/callback-answers.js';
import { basicCommands } from './bot/commands/basic.js';
import type { Command } from './bot/commands/types.js';
import type { Services } from './bot/context.js';
import { Dispatcher, type DispatcherOptions } from './bot/dispatcher.js';
import { BotEffects } from './bot/effects.js';
import { FlowTimeoutWorker, FlowTimeouts } from './bot/flow-timeouts.js';
import { Ingest } from './bot/ingest.js';
import { createMaxFetch, DEFAULT_RETRY, type RetryPolicy } from './bot/max-fetch.js';
import { waitForMax } from './bot/max-identity.js';
import { Outbox, OutboxWorker } from './bot/outbox.js';
import { RateLimiter } from './bot/rate-limiter.js';
import { Router } from './bot/router.js';
import { PollingTransport, type PollingOptions } from './bot/transport/polling.js';
import { WebhookTransport } from './bot/transport/webhook.js';
import { feedbackFlow } from './flows/feedback.js';
import { joinFlow } from './flows/join.js';
import { rejectFlow } from './flows/reject.js';
import { setupFlow } from './flows/setup.js';
import { orgActions } from './bot/org/actions.js';
import { ChildLinks } from './bot/org/child-links.js';
import { FeedbackDesk } from './bot/feedback/feedback-desk.js';
import { Erasure } from './bot/org/erasure.js';
import { forgetFlow } from './flows/forget.js';
import { FIVE_DAY_WEEK, SIX_DAY_WEEK } from './policy/hours/settings.js';
import { Binding } from './bot/chats/binding.js';
import { ChatJobs } from './bot/chats/chat-jobs.js';
import { Chats } from './bot/chats/chats.js';
import { chatActions, chatCommands } from './bot/chats/commands.js';
import { ChatStore } from './store/chat-store.js';
import { ConductStore } from './store/conduct-store.js';
import { Conduct } from './bot/conduct/conduct.js';
import { conductActions, conductCommands, scheduleLater } from './bot/conduct/commands.js';
import { laterFlow } from './flows/later.js';
import { reportFlow } from './flows/report.js';
import { AccountReports } from './bot/conduct/account-reports.js';
import { DomainEvents } from './bot/org/events.js';
import { Housekeeping } from './bot/org/housekeeping.js';
import { inviteCommands } from './bot/org/invite-commands.js';
import { Joining } from './bot/org/joining.js';
import { Organisation } from './bot/org/organisation.js';
import { structureCommands } from './bot/org/structure-commands.js';
import { DENIALS, ORG_TEXTS } from './bot/org/texts.js';
import { allowedCommands, scopeOf } from './policy/permissions.js';
import { AuditLog } from './store/audit-log.js';
import { InviteStore } from './store/invite-store.js';
import { OrgStore } from './store/org-store.js';
import { PeopleStore } from './store/people-store.js';
import { RequestStore } from './store/request-store.js';
import { FlowRunner } from './flows/runner.js';
import type { FlowDefinition } from './flows/types.js';
import { createLogger, type Logger } from './log.js';
import { FeedbackStore } from './store/feedback-store.js';
import { FlowStore } from './store/flow-store.js';
import { InboxStore } from './store/inbox.js';
import { createKeys } from './store/keys.js';
import { connectRedis } from './store/redis.js';

export interface AppOptions {
  logger?: Logger;
  /** Extra commands (tests use this to plant failing or slow handlers). */
  extraCommands?: Command[];
  dispatcher?: DispatcherOptions;
  retry?: RetryPolicy;
  polling?: PollingOptions;
  /** Webhook listen host (default all interfaces). */
  webhookHost?: string;
  /** The clock of domain decisions (invite expiry, request times); tests move it. */
  now?: () => number;
}

export const FLOWS: FlowDefinition[] = [feedbackFlow, joinFlow, rejectFlow, setupFlow, laterFlow, reportFlow, forgetFlow];

export function createApp(config: Config, options: AppOptions = {}) {
  const log = options.logger ?? createLogger(config.LOG_LEVEL);
  const keys = createKeys(config.REDIS_PREFIX);
  const redis = connectRedis(config.REDIS_URL, 'sferum-bot');
  const subscriber = connectRedis(config.REDIS_URL, 'sferum-bot-sub');
  const workerRedis = connectRedis(config.REDIS_URL, 'sferum-bot-workers');

  const limiter = new RateLimiter(redis, keys.rateMaxApi, config.MAX_RPS);
  const bot = new Bot(config.MAX_BOT_TOKEN, {
    clientOptions: {
      ...(config.MAX_API_URL ? { baseUrl: config.MAX_API_URL } : {}),
      fetch: createMaxFetch(limiter, log, options.retry ?? DEFAULT_RETRY),
    },
  });
  // Never let the SDK's default handler exit the process (we do not route through it, but be safe).
  bot.catch((err) => log.error({ err }, 'SDK handler error'));
  const api = bot.api;

  const inbox = new InboxStore(redis, keys);
  const ingest = new Ingest(inbox, log);
  const now = options.now ?? Date.now;
  const outbox = new Outbox(redis, keys.queuePrefix, now);
  const timeouts = new FlowTimeouts(redis, keys.queuePrefix);
  const feedback = new FeedbackStore(redis, keys);
  const answers = new CallbackAnswers(api, redis, keys, log);

  const organisation = new Organisation({
    config,
    org: new OrgStore(redis, keys, { timeZone: config.ORG_TIMEZONE }),
    people: new PeopleStore(redis, keys),
    invites: new InviteStore(redis, keys),
    requests: new RequestStore(redis, keys),
    audit: new AuditLog(redis, keys),
    events: new DomainEvents(redis, keys, log),
    now,
  });

  const accountReports = new AccountReports(organisation, redis, keys);
  // The runner needs the effects and the joining needs the runner: wire them through `flows`.
  let joining!: Joining;
  let conduct!: Conduct;
  let chats!: Chats;
  const feedbackDesk = new FeedbackDesk(organisation, feedback);
  const effects = new BotEffects(outbox, {
    'feedback.save': (userId, e, key) => feedbackDesk.submit(userId, e.text, key),
    'person.forget': (userId) => erasure.forget(userId),
    'join.submit': (userId, e, key) => joining.submit(userId, e.application, key),
    'consent.refused': (userId) => joining.consentRefused(userId),
    'request.reject': (userId, e) => joining.reject(userId, e.requestId, e.reason),
    'later.schedule': (userId, e, key) => scheduleLater(chats, conduct, outbox, userId, e.chatId, e.text, key),
    'report.account': (userId, e, key) => accountReports.account(userId, e.kind, key),
    'report.other': (userId, e) => accountReports.other(userId, e.text),
    'org.save': async (userId, e) => {
      await organisation.org.saveSettings({ name: e.name, timeZone: e.timeZone, unitWord: e.unitWord });
      // The zone lives only in the settings; the hours keep the window and the working week.
      await organisation.org.saveHours({ ...(await organisation.hoursSettings()), days: e.week === 6 ? SIX_DAY_WEEK : FIVE_DAY_WEEK });
      await organisation.audit.append(userId, 'org.setup', 'org', { timeZone: e.timeZone, week: e.week });
      return [{ to: { userId }, text: ORG_TEXTS.setupDone(e.name, e.timeZone, e.unitWord) }];
    },
  });
  const flows = new FlowRunner(new FlowStore(redis, keys), FLOWS, effects, timeouts);
  const childLinks = new ChildLinks(organisation);
  joining = new Joining(organisation, flows, childLinks);

  const services: Services = { config, api, outbox, answers, flows, feedback, bot: { userId: 0, username: '' } };
  chats = new Chats(organisation, new ChatStore(redis, keys), api, () => services.bot.userId, log);
  const erasure = new Erasure(organisation, chats, redis, keys, log);
  conduct = new Conduct(chats, new ConductStore(redis, keys), outbox, api, log);
  const chatJobs = new ChatJobs(workerRedis, redis, keys.queuePrefix, chats, outbox, log);
  const binding = new Binding(chats, chatJobs, api, log);
  // Chat membership follows the organisation's domain events (verified, moved, role changes, removed).
  organisation.events.on((event, eventId) => chatJobs.person(event.userId, eventId));
  // A verified pupil is linked by id to the parents who typed their name.
  organisation.events.on((event) => childLinks.onEvent(event));
  const commands: Command[] = [];
  const visibleTo = async (userId: number, list: Command[]) => {
    const actor = await organisation.actor(userId);
    const allowed = new Set(allowedCommands(actor));
    return { commands: list.filter((c) => !c.permission || allowed.has(c.permission)), guest: actor.roles.size === 0 && actor.curatedUnits.size === 0 };
  };
  commands.push(
    ...basicCommands(() => commands, visibleTo),
    feedbackDesk.command(),
    erasure.command(),
    ...structureCommands(organisation),
    ...inviteCommands(organisation, joining),
    ...chatCommands(chats, binding),
    ...conductCommands(chats, conduct),
    ...(options.extraCommands ?? []),
  );
  const router = new Router(commands, [...orgActions(organisation), childLinks.action((r) => joining.card(r)), ...binding.actions(), ...chatActions(chats), ...conductActions(chats, conduct, outbox)], services, log, {
    mayRun: async (userId, command) => (scopeOf(await organisation.actor(userId), command) === null ? DENIALS.not_allowed : null),
    onStartPayload: (ctx, payload) => joining.openInvite(ctx, payload),
    onChatUpdate: (ctx, u) => binding.onChatUpdate(ctx, u),
    onChatMessage: (ctx, u) => conduct.onChatMessage(ctx, u),
  });
  const dispatcher = new Dispatcher(inbox, subscriber, keys.inboxWake, (item) => router.handle(item), log, options.dispatcher);
  const housekeeping = new Housekeeping(workerRedis, redis, keys.queuePrefix, organisation, log);

  let outboxWorker: OutboxWorker | null = null;
  let timeoutWorker: FlowTimeoutWorker | null = null;
  let transport: PollingTransport | WebhookTransport | null = null;
  let state: 'new' | 'running' | 'stopped' = 'new';
  const starting = new AbortController();

  return {
    log,
    keys,
    redis,
    services,
    organisation,
    chats,
    chatJobs,
    conduct,
    get transport() {
      return transport;
    },

    async start(): Promise<void> {
      if (state !== 'new') throw new Error('app already started');
      state = 'running';
      await organisation.bootstrap();
      services.bot = await waitForMax(api, log, starting.signal);
      await api.setMyCommands(commands.filter((c) => c.inMenu).map((c) => ({ name: c.name, description: c.description })));
      outboxWorker = new OutboxWorker(workerRedis, keys.queuePrefix, api, log);
      timeoutWorker = new FlowTimeoutWorker(workerRedis, keys.queuePrefix, inbox, log);
      await housekeeping.start();
      await chatJobs.start();
      await dispatcher.start();
      if (config.UPDATES_MODE === 'webhook') {
        transport = new WebhookTransport(api, ingest, log, {
          url: config.WEBHOOK_URL!,
          port: config.WEBHOOK_PORT,
          secret: config.WEBHOOK_SECRET!,
          host: options.webhookHost,
        });
      } else {
        transport = new PollingTransport(api, redis, keys, ingest, dispatcher, log, options.polling);
      }
      await transport.start();
      log.info({ botId: services.bot.userId, mode: config.UPDATES_MODE }, 'bot started');
    },

    /** Graceful stop: no new updates, finish those in flight, close Redis. */
    async stop(): Promise<void> {
      if (state === 'stopped') return;
      state = 'stopped';
      starting.abort();
      await transport?.stop();
      await dispatcher.stop();
      await Promise.allSettled([outboxWorker?.close(), timeoutWorker?.close(), housekeeping.close(), chatJobs.close()]);
      await Promise.allSettled([outbox.close(), timeouts.close()]);
      await Promise.allSettled([redis.quit(), subscriber.quit(), workerRedis.quit()]);
      log.info({}, 'bot stopped');
    },

    /** Simulates a crash (tests): drops every connection without finishing anything. */
    async kill(): Promise<void> {
      state = 'stopped';
      void transport?.stop().catch(() => undefined);
      void dispatcher.stop().catch(() => undefined);
      void outboxWorker?.worker.close(true).catch(() => undefined);
      void timeoutWorker?.worker.close(true).catch(() => undefined);
      void housekeeping.close(true).catch(() => undefined);
      void chatJobs.close(true).catch(() => undefined);
      redis.disconnect();
      subscriber.disconnect();
      workerRedis.disconnect();
    },
  };
}

export type App = ReturnType<typeof createApp>;
