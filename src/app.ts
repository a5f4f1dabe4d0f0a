// Composition root: builds the bot from its parts and runs it.
//   transport (polling | webhook) → Ingest → inbox (Redis) → Dispatcher → Router
//   → commands / flows → outbox (BullMQ) → SDK Api (rate-limited, retrying fetch) → MAX
import { Bot } from '@maxhub/max-bot-api';
import type { Config } from './config.js';
import { CallbackAnswers } from './bot/callback-answers.js';
import { CRASH_POINTS_DATA, installCrashPoints } from './bot/crash-points.js';
import { basicCommands } from './bot/commands/basic.js';
import type { Command } from './bot/commands/types.js';
import type { Services, UpdateContext } from './bot/context.js';
import { Dispatcher, type DispatcherOptions } from './bot/dispatcher.js';
import { BotEffects } from './bot/effects.js';
import { FlowTimeoutWorker, FlowTimeouts } from './bot/flow-timeouts.js';
import { Ingest } from './bot/ingest.js';
import { createMaxFetch, DEFAULT_RETRY, DEFAULT_TIMEOUTS, type CallTimeouts, type RetryPolicy } from './bot/max-fetch.js';
import { waitForMax } from './bot/max-identity.js';
import { Outbox, OutboxWorker, type OutboxWorkerOptions } from './bot/outbox.js';
import { RateLimiter, type RateLimiterOptions } from './bot/rate-limiter.js';
import { Router } from './bot/router.js';
import { PollingTransport, type PollingOptions } from './bot/transport/polling.js';
import { WebhookTransport, type WebhookOptions } from './bot/transport/webhook.js';
import { feedbackFlow } from './flows/feedback/feedback.js';
import { joinFlow } from './flows/org/join.js';
import { rejectFlow } from './flows/org/reject.js';
import { setupFlow } from './flows/org/setup.js';
import { orgActions } from './org/actions.js';
import { ChildLinks } from './org/child-links.js';
import { ChildConsent } from './org/child-consent.js';
import { FeedbackDesk } from './feedback/feedback-desk.js';
import { Erasure } from './org/erasure.js';
import { SchoolYear } from './lifecycle/school-year.js';
import { Roster } from './org/roster.js';
import { RosterStore } from './store/roster-store.js';
import { RolloverStore } from './store/rollover-store.js';
import { forgetFlow } from './flows/org/forget.js';
import { FIVE_DAY_WEEK, SIX_DAY_WEEK } from './policy/hours/settings.js';
import { Binding } from './chats/binding.js';
import { ChatJobs } from './chats/chat-jobs.js';
import { Chats } from './chats/chats.js';
import { chatActions, chatCommands } from './chats/commands.js';
import { ChatStore } from './store/chat-store.js';
import { ConductStore } from './store/conduct-store.js';
import { ComplaintStore } from './store/complaint-store.js';
import { ChatComplaints } from './conduct/complaints.js';
import { Conduct } from './conduct/conduct.js';
import { conductActions, conductCommands, scheduleLater } from './conduct/commands.js';
import { laterFlow } from './flows/conduct/later.js';
import { reportFlow } from './flows/conduct/report.js';
import { AccountReports } from './conduct/account-reports.js';
import { DomainEvents } from './org/events.js';
import { Housekeeping } from './org/housekeeping.js';
import { inviteCommands, inviteQrAction } from './org/invite-commands.js';
import { Joining } from './org/joining.js';
import { Organisation } from './org/organisation.js';
import { structureCommands, unitArchiveAction } from './org/structure-commands.js';
import { DENIALS, ORG_TEXTS } from './org/texts.js';
import { allowedCommands, scopeOf } from './policy/permissions.js';
import { AuditLog } from './store/audit-log.js';
import { IntentStore } from './store/intent-store.js';
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
import { createReports } from './reports/index.js';
import { createBroadcasts } from './broadcasts/index.js';
import { postFlow } from './flows/broadcasts/post.js';
import { connectRedis } from './store/redis.js';
import { RedisHealth } from './ops/redis-health.js';
import { withinMs } from './ops/deadline.js';
import { countRedisError } from './ops/metrics.js';
import { createOperations } from './ops/operations.js';
import { Invitations } from './org/invitations.js';
import { Structure } from './org/structure.js';
import { NameIndex } from './store/name-index.js';
import { PersonalDataRegistry, QUEUES_DATA } from './store/personal-data.js';
import { INBOX_DATA } from './store/inbox.js';
import { RATE_DATA } from './bot/rate-limiter.js';
import { STATS_DATA } from './reports/counters.js';
import { SessionStore } from './web/session.js';
import { HeldMessages } from './bot/held-messages.js';
import { StepPlans } from './bot/step-plans.js';
import { WEB_TEXTS } from './web/texts.js';
import { unitWordRenderer } from './policy/unit-word.js';
import { AdminNames } from './org/admin-names.js';

export interface AppOptions {
  logger?: Logger;
  /** Extra commands (tests use this to plant failing or slow handlers). */
  extraCommands?: Command[];
  dispatcher?: DispatcherOptions;
  outbox?: OutboxWorkerOptions;
  retry?: RetryPolicy;
  /** Deadlines of MAX calls (default 10 s a call; a long poll its own timeout + 5 s). */
  timeouts?: Partial<CallTimeouts>;
  polling?: PollingOptions;
  /** Webhook listen host (default HTTP_HOST). */
  webhookHost?: string;
  /** Webhook deadlines and the subscription check interval (tests shorten them). */
  webhook?: Pick<WebhookOptions, 'headersTimeoutMs' | 'bodyTimeoutMs' | 'subscriptionCheckMs'>;
  /** How long a /readyz result is reused (default 5 s; tests use 0). */
  readyCacheMs?: number;
  /** The clock of domain decisions (invite expiry, request times); tests move it. */
  now?: () => number;
  /** How long a graceful stop may take before what is unfinished is left for the next start (default 8 s). */
  stopTimeoutMs?: number;
  /** The MAX rate limiter's tuning (tests: a lag no busy machine reaches, so no grant is given back as late). */
  limiter?: RateLimiterOptions;
}

export const FLOWS: FlowDefinition[] = [feedbackFlow, joinFlow, rejectFlow, setupFlow, laterFlow, reportFlow, postFlow, forgetFlow];

export function createApp(config: Config, options: AppOptions = {}) {
  const rootLog = options.logger ?? createLogger(config.LOG_LEVEL);
  const keys = createKeys(config.REDIS_PREFIX);
  const health = new RedisHealth(rootLog);
  health.onErrorCounted = countRedisError;
  // Parts log their own errors; Redis connection errors during an outage are told once by `health`.
  const log = health.quietDuringOutage(rootLog);
  const redis = health.watch(connectRedis(config.REDIS_URL, 'sferum-bot'), 'main');
  const subscriber = health.watch(connectRedis(config.REDIS_URL, 'sferum-bot-sub'), 'subscriber');
  const workerRedis = health.watch(connectRedis(config.REDIS_URL, 'sferum-bot-workers'), 'workers');
  // Crash-safety tests only: BOT_CRASH_POINTS=on lets a test kill the process at a chosen Redis write (see crash-points.ts).
  installCrashPoints(redis, keys);

  const limiter = new RateLimiter(redis, keys.rateMaxApi, config.MAX_RPS, options.limiter);
  const bot = new Bot(config.MAX_BOT_TOKEN, {
    clientOptions: {
      ...(config.MAX_API_URL ? { baseUrl: config.MAX_API_URL } : {}),
      fetch: createMaxFetch(limiter, log, options.retry ?? DEFAULT_RETRY, { ...DEFAULT_TIMEOUTS, ...options.timeouts }),
    },
  });
  // Never let the SDK's default handler exit the process (we do not route through it, but be safe).
  bot.catch((err) => log.error({ err }, 'SDK handler error'));
  const api = bot.api;

  const inbox = new InboxStore(redis, keys);
  const ingest = new Ingest(inbox, log);
  const now = options.now ?? Date.now;
  const outbox = new Outbox(redis, keys, now);
  const timeouts = new FlowTimeouts(redis, keys.queuePrefix);
  const feedback = new FeedbackStore(redis, keys);
  // Texts name the unit in the case they need ({unit:gen}); the organisation's word (/setup) goes in as they leave.
  const unitWords = unitWordRenderer(async () => (await organisation.org.settings()).unitWord);
  const answers = new CallbackAnswers(api, redis, keys, log, unitWords);

  const organisation = new Organisation({
    config,
    org: new OrgStore(redis, keys, { timeZone: config.ORG_TIMEZONE }),
    people: new PeopleStore(redis, keys),
    invites: new InviteStore(redis, keys),
    requests: new RequestStore(redis, keys),
    audit: new AuditLog(redis, keys),
    events: new DomainEvents(redis, keys, log),
    intents: new IntentStore(redis, keys),
    now,
  });

  const accountReports = new AccountReports(organisation, redis, keys);
  // The runner needs the effects and the joining needs the runner: wire them through `flows`.
  let joining!: Joining;
  let conduct!: Conduct;
  let chats!: Chats;
  let posts!: ReturnType<typeof createBroadcasts>;
  const feedbackDesk = new FeedbackDesk(organisation, feedback);
  const stepPlans = new StepPlans(redis, keys);
  const effects = new BotEffects(
    outbox,
    {
      'feedback.save': (userId, e, key) => feedbackDesk.submit(userId, e.text, key),
      'person.forget': (userId) => erasure.forget(userId),
      'join.submit': (userId, e, key) => joining.submit(userId, e.application, key),
      'consent.refused': (userId, e) =>
        joining.consentRefused(
          userId,
          e.role !== undefined && e.fullName !== undefined ? { role: e.role, unitId: e.unitId ?? null, fullName: e.fullName } : undefined,
        ),
      'request.reject': (userId, e, key) => joining.reject(userId, e.requestId, e.reason, key),
      'post.submit': (userId, e, key) => posts.submit(userId, e, key),
      'later.schedule': (userId, e, key) => scheduleLater(chats, conduct, outbox, userId, e.chatId, e.text, key),
      'report.account': (userId, e, key) => accountReports.account(userId, e.kind, key),
      'report.other': (userId, e) => accountReports.other(userId, e.text),
      'org.save': async (userId, e) => {
        await organisation.org.saveSettings({
          name: e.name,
          timeZone: e.timeZone,
          unitWord: e.unitWord,
          finalGrade: e.finalGrade,
          selfConsentGrade: e.selfConsentGrade,
        });
        // The zone lives only in the settings; the hours keep the window and the working week.
        await organisation.org.saveHours({ ...(await organisation.hoursSettings()), days: e.week === 6 ? SIX_DAY_WEEK : FIVE_DAY_WEEK });
        await organisation.audit.append(userId, 'org.setup', 'org', {
          timeZone: e.timeZone,
          week: e.week,
          finalGrade: e.finalGrade,
          selfConsentGrade: e.selfConsentGrade,
        });
        return [{ to: { userId }, text: ORG_TEXTS.setupDone(e.name, e.timeZone, e.unitWord) }];
      },
    },
    stepPlans,
  );
  const flowStore = new FlowStore(redis, keys);
  const flows = new FlowRunner(flowStore, FLOWS, effects, timeouts);
  const childLinks = new ChildLinks(organisation);
  let roster!: Roster;
  const childConsent = new ChildConsent(organisation, childLinks, outbox);
  joining = new Joining(organisation, flows, childLinks, (r) => roster.cardLine(r), childConsent);

  const services: Services = { config, api, outbox, answers, flows, feedback, bot: { userId: 0, username: '' } };
  chats = new Chats(organisation, new ChatStore(redis, keys), api, () => services.bot.userId, log);
  // Every store's personal data and its eraser (src/store/personal-data.ts), filled below once all exist.
  const personalData = new PersonalDataRegistry();
  const erasure = new Erasure(organisation, personalData, redis, keys, log);
  conduct = new Conduct(chats, new ConductStore(redis, keys), outbox, api, log);
  // Complaints about chat messages: who complained about which message, and how many today (erase(userId) with the person).
  const complaints = new ChatComplaints(chats, new ComplaintStore(redis, keys), api, log);
  const reports = createReports({ redis, workerRedis, keys, api, organisation, chats, conduct, log });
  posts = createBroadcasts({
    redis,
    workerRedis,
    keys,
    api,
    organisation,
    chats,
    outbox,
    counters: reports.counters,
    maxRps: config.MAX_RPS,
    botUserId: () => services.bot.userId,
    log,
  });
  const chatJobs = new ChatJobs(workerRedis, redis, keys.queuePrefix, chats, outbox, log, api);
  const binding = new Binding(chats, chatJobs, api, log);
  roster = new Roster(organisation, new RosterStore(redis, keys), (userId, key) => reports.delivery.request({ kind: 'roster-template', userId }, key), log);
  const schoolYear = new SchoolYear(
    chats,
    api,
    new RolloverStore(redis, keys),
    (unitId) => roster.store.dropUnit(unitId),
    (userId, actorId) => erasure.erase(userId, actorId),
    outbox,
    workerRedis,
    redis,
    keys.queuePrefix,
    log,
  );
  // A verified pupil leaves the list of expected pupils.
  organisation.events.on((event) => roster.onEvent(event));
  // Chat membership follows the organisation's domain events (verified, moved, role changes, removed).
  organisation.events.on((event, eventId) => chatJobs.person(event.userId, eventId));
  // A verified pupil is linked by id to the parents who typed their name.
  organisation.events.on((event) => childLinks.onEvent(event));
  // A parent verified later is asked for their child's waiting consent (once).
  organisation.events.on((event, eventId) => childConsent.onEvent(event, eventId));
  const adminNames = new AdminNames(organisation);
  const commands: Command[] = [];
  // The roles of the person behind an update, computed once per update.
  const actorOf = (userId: number, ctx?: UpdateContext) => (ctx ? ctx.once(`actor:${userId}`, () => organisation.actor(userId)) : organisation.actor(userId));
  const visibleTo = async (userId: number, list: Command[], ctx?: UpdateContext) => {
    const actor = await actorOf(userId, ctx);
    const allowed = new Set(allowedCommands(actor));
    const shown = list.filter((c) => !c.permission || allowed.has(c.permission)).map((c) => (c.usageFor ? { ...c, usage: c.usageFor(actor) } : c));
    return { commands: shown, guest: actor.roles.size === 0 && actor.curatedUnits.size === 0 };
  };
  const structure = new Structure(organisation, (unit, actor, key) => schoolYear.archive(unit, actor, key));
  commands.push(
    ...basicCommands(
      () => commands,
      visibleTo,
      async (userId, ctx) =>
        // The panel opens as the bot's mini-app (registered for the bot at MINIAPP_URL in MAX's partner platform).
        config.MINIAPP_URL && scopeOf(await actorOf(userId, ctx), 'units') !== null
          ? [[{ text: WEB_TEXTS.openPanel, openApp: { webApp: services.bot.username, contactId: services.bot.userId } }]]
          : undefined,
      () => organisation.workingHours(),
    ),
    feedbackDesk.command(),
    erasure.command(),
    ...structureCommands(organisation, {
      exports: reports.exports,
      structure,
      unitChats: async (unitId) => (await chats.store.all()).filter((c) => c.unitId === unitId).map((c) => c.chatId),
      chatTitle: chats.title,
      expected: (unitId) => roster.store.expected(unitId),
    }),
    schoolYear.command(),
    roster.command(),
    ...inviteCommands(organisation, joining),
    ...chatCommands(chats, binding, chatJobs),
    ...conductCommands(chats, conduct, complaints),
    ...reports.commands,
    ...posts.commands,
    adminNames.command(),
    ...(options.extraCommands ?? []),
  );
  const router = new Router(
    commands,
    [
      ...orgActions(organisation, structure, (userId, actorId) => erasure.erase(userId, actorId)),
      childLinks.action((r) => joining.card(r)),
      ...childConsent.actions(),
      ...binding.actions(),
      ...schoolYear.actions(),
      ...roster.actions(),
      ...chatActions(chats),
      ...conductActions(chats, conduct, outbox),
      ...reports.actions,
      ...posts.actions,
      inviteQrAction(organisation, (userId, link, key) => reports.delivery.request({ kind: 'invite-qr', userId, link }, key)),
      unitArchiveAction(organisation, structure),
    ],
    services,
    log,
    {
      mayRun: async (userId, command, ctx) => (scopeOf(await actorOf(userId, ctx), command) === null ? DENIALS.not_allowed : null),
      onStartPayload: (ctx, payload) => joining.openInvite(ctx, payload),
      onChatUpdate: (ctx, u) => binding.onChatUpdate(ctx, u),
      onChatMessage: (ctx, u) => conduct.onChatMessage(ctx, u),
      onDialog: (userId, chatId) => posts.dialogSeen(userId, chatId),
      onDialogAttachments: (ctx, attachments) => roster.onAttachments(ctx, attachments),
      onUser: adminNames.seen,
    },
  );
  const dispatcher = new Dispatcher(inbox, subscriber, keys.inboxWake, (item) => router.handle(item), log, options.dispatcher);
  const housekeeping = new Housekeeping(workerRedis, redis, keys.queuePrefix, organisation, log);
  const names = new NameIndex(redis, keys);
  // In the order an erasure runs them: requests close and roles end first (so the chats let the
  // person out), the person's own record (their name, which the others may need) goes last.
  personalData.register(
    organisation.requests,
    organisation.people.roles,
    organisation.org,
    chats.personalData,
    chats.store,
    flowStore,
    timeouts,
    conduct.store,
    complaints.store,
    organisation.invites,
    feedback,
    organisation.events,
    posts.broadcasts.store,
    posts.broadcasts.delivery,
    reports.delivery,
    reports.weekly,
    STATS_DATA,
    new SessionStore(redis, keys),
    names,
    roster.store,
    schoolYear.store,
    new HeldMessages(redis, outbox.queue, keys),
    stepPlans,
    chatJobs,
    INBOX_DATA,
    RATE_DATA,
    CRASH_POINTS_DATA,
    QUEUES_DATA,
    organisation.intents,
    organisation.audit,
    housekeeping,
    schoolYear,
    Erasure.personalData,
    organisation.people.profile,
  );
  // A BullMQ queue without an 'error' listener prints raw stack traces when Redis goes away.
  for (const [queue, name] of [
    [outbox.queue, 'outbox'],
    [timeouts.queue, 'flow-timeouts'],
    [chatJobs.queue, 'chat-jobs'],
    [housekeeping.queue, 'housekeeping'],
    [reports.delivery.queue, 'reports'],
    [reports.weekly.queue, 'weekly-summary'],
    [posts.broadcasts.delivery.queue, 'broadcasts'],
    [schoolYear.queue, 'school-year'],
  ] as const) {
    health.watchQueue(queue, name);
  }
  const stopTimeoutMs = options.stopTimeoutMs ?? 8_000;
  const operations = createOperations({
    config,
    log,
    health,
    redis,
    inboxPendingKey: keys.inboxPending,
    queues: { outbox: outbox.queue, 'flow-timeouts': timeouts.queue, 'chat-jobs': chatJobs.queue },
    readyCacheMs: options.readyCacheMs,
  });

  // The web panel (src/web) on the operations server, when MINIAPP_URL is set; its code is loaded only then.
  const mountPanel = async () => {
    const { panelRoutes } = await import('./web/index.js');
    const panel = {
      config,
      redis,
      keys,
      organisation,
      structure,
      invitations: new Invitations(organisation),
      joining,
      chats,
      outbox,
      names,
      botUsername: () => services.bot.username,
    };
    operations.server.mount(panelRoutes(panel, reports, log));
  };

  let outboxWorker: OutboxWorker | null = null;
  let timeoutWorker: FlowTimeoutWorker | null = null;
  let transport: PollingTransport | WebhookTransport | null = null;
  let state: 'new' | 'running' | 'stopped' = 'new';
  const starting = new AbortController();
  const dropEverything = () => {
    health.stopWatching();
    void operations.stop().catch(() => undefined);
    void transport?.stop().catch(() => undefined);
    void dispatcher.stop().catch(() => undefined);
    answers.close();
    void outboxWorker?.close(true).catch(() => undefined);
    void timeoutWorker?.worker.close(true).catch(() => undefined);
    void housekeeping.close(true).catch(() => undefined);
    void chatJobs.close(true).catch(() => undefined);
    void reports.close(true).catch(() => undefined);
    void posts.close(true).catch(() => undefined);
    void schoolYear.close(true).catch(() => undefined);
    redis.disconnect();
    subscriber.disconnect();
    workerRedis.disconnect();
  };

  return {
    log,
    keys,
    redis,
    health,
    ops: operations.server,
    services,
    organisation,
    chats,
    chatJobs,
    conduct,
    reports,
    posts,
    schoolYear,
    roster,
    erasure,
    /** Every store's declaration of personal data, in erasure order (a test walks it). */
    personalData,
    /** Every BullMQ queue of the app (a test checks each is declared by a personal-data holder). */
    queues: [
      outbox.queue,
      timeouts.queue,
      chatJobs.queue,
      housekeeping.queue,
      reports.delivery.queue,
      reports.weekly.queue,
      posts.broadcasts.delivery.queue,
      schoolYear.queue,
    ],
    get transport() {
      return transport;
    },

    async start(): Promise<void> {
      if (state !== 'new') throw new Error('app already started');
      state = 'running';
      if (config.MINIAPP_URL) await mountPanel();
      // First, so that liveness answers while the rest waits for Redis or MAX.
      await operations.start();
      await organisation.org.listen(subscriber);
      await chats.store.listen(subscriber);
      await organisation.bootstrap();
      // An erasure a crash interrupted goes on before anything else is done.
      await erasure.resumePending();
      // Kept with every name write; built once for names written before (the panel searches it).
      await names.backfill();
      services.bot = await waitForMax(api, log, starting.signal);
      await api.setMyCommands(
        await Promise.all(commands.filter((c) => c.inMenu).map(async (c) => ({ name: c.name, description: await unitWords(c.description) }))),
      );
      outboxWorker = new OutboxWorker(redis, subscriber, workerRedis, keys, outbox, api, log, {
        ...options.outbox,
        render: unitWords,
        // A request card waiting for working hours is not delivered once someone decided the request.
        stillDue: async (m) => !m.about?.requestId || (await organisation.requests.get(m.about.requestId))?.status === 'pending',
      });
      await outboxWorker.start();
      timeoutWorker = new FlowTimeoutWorker(workerRedis, keys.queuePrefix, inbox, log);
      await housekeeping.start();
      await chatJobs.start();
      await reports.start();
      await posts.start();
      await schoolYear.start();
      await dispatcher.start();
      if (config.UPDATES_MODE === 'webhook') {
        transport = new WebhookTransport(api, ingest, log, {
          url: config.WEBHOOK_URL!,
          port: config.WEBHOOK_PORT,
          secret: config.WEBHOOK_SECRET!,
          host: options.webhookHost ?? config.HTTP_HOST,
          storeReachable: () => health.up,
          ...options.webhook,
        });
      } else {
        transport = new PollingTransport(api, redis, keys, ingest, inbox, log, { ...options.polling, waitForStore: (signal) => health.waitUntilUp(signal) });
      }
      await transport.start();
      log.info({ botId: services.bot.userId, mode: config.UPDATES_MODE }, 'bot started');
    },

    /**
     * Graceful stop: no new updates, finish those in flight, close Redis. It never takes
     * longer than `stopTimeoutMs`, and does not wait at all while Redis is unreachable:
     * an update not finished stays in the inbox, a message not sent stays a job, and the
     * next start takes them up.
     */
    async stop(): Promise<void> {
      if (state === 'stopped') return;
      state = 'stopped';
      starting.abort();
      const graceful = async () => {
        await transport?.stop();
        await dispatcher.stop();
        // Answers queued behind a chat's window go out (the stop's time limit bounds the wait).
        await answers.drained();
        answers.close();
        await Promise.allSettled([
          outboxWorker?.close(),
          timeoutWorker?.close(),
          housekeeping.close(),
          chatJobs.close(),
          reports.close(),
          posts.close(),
          schoolYear.close(),
        ]);
        await Promise.allSettled([outbox.close(), timeouts.close()]);
        health.stopWatching();
        await Promise.allSettled([redis.quit(), subscriber.quit(), workerRedis.quit()]);
        await operations.stop();
      };
      const finished =
        health.up &&
        (await withinMs(
          graceful().catch(() => undefined),
          stopTimeoutMs,
        ));
      if (!finished) {
        log.warn({ event: 'stop.unfinished', redisUp: health.up }, 'stopping without waiting: unfinished work stays in Redis for the next start');
        dropEverything();
      }
      log.info({}, 'bot stopped');
    },

    /** Simulates a crash (tests): drops every connection without finishing anything. */
    async kill(): Promise<void> {
      state = 'stopped';
      dropEverything();
    },
  };
}

export type App = ReturnType<typeof createApp>;
