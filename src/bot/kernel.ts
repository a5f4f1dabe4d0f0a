// The runtime every feature plugs into: Redis and its health, the rate-limited MAX Api, the
// inbox, ingest, dispatcher and router, the outbox, the flow engine, operations, the
// transports, and the basic commands. Features (src/bot/feature.ts) are installed into its
// registries, which refuse a name claimed twice; start and stop run the features' parts in order:
//   start: HTTP mounts → ops → every init → waitForMax → setMyCommands → outbox and timeout
//          workers → every feature's start → dispatcher → transport
//   stop:  transport → dispatcher → pending button answers → the outbox and timeout workers and
//          every feature's stop together → connections; graceful within stopTimeoutMs, else
//          everything is dropped (the work left stays in Redis for the next start).
import { Bot } from '@maxhub/max-bot-api';
import type { Config } from '../config.js';
import { FlowRunner } from '../flows/runner.js';
import type { FlowDefinition } from '../flows/types.js';
import { createLogger, type Logger } from '../log.js';
import { withinMs } from '../ops/deadline.js';
import { countRedisError } from '../ops/metrics.js';
import { createOperations, type JobCounter } from '../ops/operations.js';
import { RedisHealth } from '../ops/redis-health.js';
import { addPermissionRows, allowedCommands } from '../policy/permissions.js';
import { unitWordRenderer } from '../policy/unit-word.js';
import { FeedbackStore } from '../store/feedback-store.js';
import { FlowStore } from '../store/flow-store.js';
import { INBOX_DATA, InboxStore } from '../store/inbox.js';
import { createKeys } from '../store/keys.js';
import { PersonalDataRegistry, QUEUES_DATA, type PersonalDataHolder } from '../store/personal-data.js';
import { connectRedis } from '../store/redis.js';
import { CallbackAnswers } from './callback-answers.js';
import { basicCommands } from './commands/basic.js';
import type { CallbackAction, Command, RouterHooks } from './commands/types.js';
import type { Services, UpdateContext } from './context.js';
import { CRASH_POINTS_DATA, installCrashPoints } from './crash-points.js';
import { Dispatcher, type DispatcherOptions } from './dispatcher.js';
import { BotEffects, type DomainEffectHandlers } from './effects.js';
import { ERASE_STAGES, type EraseStage, type Feature, type FeatureQueue, type KernelContext, type PortName, type Ports, type PortTypes } from './feature.js';
import { FlowTimeoutWorker, FlowTimeouts } from './flow-timeouts.js';
import { HeldMessages } from './held-messages.js';
import { Ingest } from './ingest.js';
import { createMaxFetch, DEFAULT_RETRY, DEFAULT_TIMEOUTS, type CallTimeouts, type RetryPolicy } from './max-fetch.js';
import { waitForMax } from './max-identity.js';
import { Outbox, OutboxWorker, type OutboxWorkerOptions } from './outbox.js';
import { RATE_DATA, RateLimiter, type RateLimiterOptions } from './rate-limiter.js';
import { Registry } from './registry.js';
import { Router } from './router.js';
import { StepPlans } from './step-plans.js';
import { PollingTransport, type PollingOptions } from './transport/polling.js';
import { WebhookTransport, type WebhookOptions } from './transport/webhook.js';

export interface AppOptions {
  logger?: Logger;
  /** Extra commands (tests use this to plant failing or slow handlers). */
  extraCommands?: Command[];
  /** Features after the listed ones (a test installs one from its own folder, as src/features.ts would). */
  extraFeatures?: Array<(k: KernelContext) => Feature>;
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

type HookName = keyof RouterHooks;

export function createKernel(config: Config, options: AppOptions = {}) {
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

  // What the features contribute; each name has one owner (a second one throws).
  const registry = {
    commands: new Registry<Command>('command', '/'),
    actions: new Registry<CallbackAction>('button action'),
    flows: new Registry<FlowDefinition>('flow'),
    effects: new Registry<DomainEffectHandlers[keyof DomainEffectHandlers]>('effect'),
    hooks: new Registry<NonNullable<RouterHooks[HookName]>>('hook'),
    ports: new Registry<PortTypes[PortName]>('port provider'),
    keyFamilies: new Registry<true>('key family'),
  };
  // keys.ts's own families are the kernel's: a feature's family of the same name would be a second owner.
  for (const name of Object.keys(keys)) if (name !== 'prefix') registry.keyFamilies.add('keys.ts', name, true);
  const ports: Ports = {
    get: <K extends PortName>(name: K) =>
      ((...args: unknown[]) => {
        const provider = registry.ports.get(name) as ((...a: unknown[]) => unknown) | undefined;
        if (!provider) throw new Error(`no feature provides the port ${name}`);
        return provider(...args);
      }) as PortTypes[K],
    optional: <K extends PortName>(name: K) => registry.ports.get(name) as PortTypes[K] | undefined,
  };
  const features: Feature[] = [];
  const holders: { stage: EraseStage; feature: number; holder: PersonalDataHolder }[] = [];
  const queues: FeatureQueue[] = [];

  const inbox = new InboxStore(redis, keys);
  const ingest = new Ingest(inbox, log);
  const now = options.now ?? Date.now;
  const outbox = new Outbox(redis, keys, now);
  const timeouts = new FlowTimeouts(redis, keys.queuePrefix);
  // Texts name the unit in the case they need ({unit:gen}); the organisation's word (/setup) goes in as they leave.
  const unitWords = unitWordRenderer(() => ports.get('unitWord')());
  const answers = new CallbackAnswers(api, redis, keys, log, { render: unitWords });
  const stepPlans = new StepPlans(redis, keys);
  // The runner reads the effect and flow registries on each step: features register after it exists.
  const effects = new BotEffects(outbox, registry.effects.asRecord<DomainEffectHandlers>(), stepPlans);
  const flowStore = new FlowStore(redis, keys);
  const flows = new FlowRunner(flowStore, registry.flows.lookup(), effects, timeouts);
  const services: Services = { config, api, outbox, answers, flows, feedback: new FeedbackStore(redis, keys), bot: { userId: 0, username: '' } };
  const personalData = new PersonalDataRegistry();

  // The roles of the person behind an update, computed once per update.
  const actorOf = (userId: number, ctx?: UpdateContext) => (ctx ? ctx.once(`actor:${userId}`, () => ports.get('actor')(userId)) : ports.get('actor')(userId));
  const visibleTo = async (userId: number, list: Command[], ctx?: UpdateContext) => {
    const actor = await actorOf(userId, ctx);
    const allowed = new Set(allowedCommands(actor));
    const shown = list.filter((c) => !c.permission || allowed.has(c.permission)).map((c) => (c.usageFor ? { ...c, usage: c.usageFor(actor) } : c));
    return { commands: shown, guest: actor.roles.size === 0 && actor.curatedUnits.size === 0 };
  };
  const kernelFeature: Feature = {
    name: 'kernel',
    commands: basicCommands(
      () => registry.commands.values(),
      visibleTo,
      (userId, ctx) => ports.optional('panelButton')?.(userId, ctx) ?? Promise.resolve(undefined),
      () => ports.get('workingHours')(),
    ),
    erase: [
      ...[flowStore, timeouts].map((holder) => ({ stage: 'data' as const, holder })),
      ...[new HeldMessages(redis, outbox.queue, keys), stepPlans, INBOX_DATA, RATE_DATA, CRASH_POINTS_DATA, QUEUES_DATA].map((holder) => ({
        stage: 'queued' as const,
        holder,
      })),
    ],
    queues: [
      { name: 'outbox', queue: outbox.queue, readiness: true },
      { name: 'flow-timeouts', queue: timeouts.queue, readiness: true },
    ],
    api: {},
  };

  let router: Router | null = null;
  // Built once every feature is installed (at start, or at the first update handled).
  const routerOf = (): Router => {
    if (router) return router;
    const hooks = Object.fromEntries(registry.hooks.names().map((name) => [name, registry.hooks.get(name)])) as RouterHooks;
    router = new Router(registry.commands.values(), registry.actions.values(), services, log, hooks);
    return router;
  };
  const dispatcher = new Dispatcher(inbox, subscriber, keys.inboxWake, (item) => routerOf().handle(item), log, options.dispatcher);
  const depthOf: Record<string, JobCounter> = {};
  const operations = createOperations({ config, log, health, redis, inboxPendingKey: keys.inboxPending, queues: depthOf, readyCacheMs: options.readyCacheMs });

  const ctx: KernelContext = {
    config,
    log,
    keys,
    redis,
    subscriber,
    workerRedis,
    api,
    outbox,
    flows,
    answers,
    services,
    unitWords,
    now,
    ports,
    personalData,
    actorOf,
  };

  let sealed = false;
  function install(feature: Feature): void {
    // After the seal the router and the erasure order are built: a feature installed then would never be reached.
    if (sealed) throw new Error(`feature ${feature.name} installed after the kernel was sealed`);
    const owner = feature.name;
    const index = features.length;
    features.push(feature);
    for (const c of feature.commands ?? []) registry.commands.add(owner, c.name, c);
    for (const name of Object.keys(feature.keys ?? {})) registry.keyFamilies.add(owner, name, true);
    for (const a of feature.actions ?? []) registry.actions.add(owner, a.name, a);
    for (const f of feature.flows ?? []) registry.flows.add(owner, f.id, f);
    for (const [type, handler] of Object.entries(feature.effects ?? {})) if (handler) registry.effects.add(owner, type, handler);
    for (const [name, hook] of Object.entries(feature.hooks ?? {})) if (hook) registry.hooks.add(owner, name, hook);
    for (const [name, provider] of Object.entries(feature.provides ?? {})) if (provider) registry.ports.add(owner, name, provider);
    for (const q of feature.queues ?? []) {
      queues.push(q);
      // A BullMQ queue without an 'error' listener prints raw stack traces when Redis goes away.
      health.watchQueue(q.queue, q.name);
      if (q.readiness) depthOf[q.name] = q.queue;
    }
    for (const { stage, holder } of feature.erase ?? []) holders.push({ stage, feature: index, holder });
    // Last, once nothing else of the feature was refused: the rows are the process's (policy/permissions.ts).
    addPermissionRows(owner, feature.permissions ?? {});
  }
  install(kernelFeature);

  /** After every feature is installed: the erasure order (by stage, then feature order). */
  function seal(extraCommands: Command[] = []): void {
    if (sealed) throw new Error('the kernel is sealed already');
    sealed = true;
    for (const c of extraCommands) registry.commands.add('extra', c.name, c);
    const rank = (s: EraseStage) => ERASE_STAGES.indexOf(s);
    const sorted = [...holders].sort((a, b) => rank(a.stage) - rank(b.stage) || a.feature - b.feature);
    personalData.register(...sorted.map((h) => h.holder));
  }

  let outboxWorker: OutboxWorker | null = null;
  let timeoutWorker: FlowTimeoutWorker | null = null;
  let transport: PollingTransport | WebhookTransport | null = null;
  let state: 'new' | 'running' | 'stopped' = 'new';
  const stopTimeoutMs = options.stopTimeoutMs ?? 8_000;
  const starting = new AbortController();
  const others = () => features.filter((f) => f !== kernelFeature);
  const dropEverything = () => {
    health.stopWatching();
    void operations.stop().catch(() => undefined);
    void transport?.stop().catch(() => undefined);
    void dispatcher.stop().catch(() => undefined);
    answers.close();
    void outboxWorker?.close(true).catch(() => undefined);
    void timeoutWorker?.worker.close(true).catch(() => undefined);
    for (const f of others().reverse()) void f.stop?.(true).catch(() => undefined);
    redis.disconnect();
    subscriber.disconnect();
    workerRedis.disconnect();
  };

  return {
    ctx,
    install,
    seal,
    log,
    keys,
    redis,
    health,
    ops: operations.server,
    services,
    /** Every store's declaration of personal data, in erasure order (a test walks it). */
    personalData,
    /** Every Redis key family: keys.ts's and the features' own (a test checks each is declared by a personal-data holder). */
    get keyFamilies() {
      return registry.keyFamilies.names();
    },
    /** Every BullMQ queue of the app (a test checks each is declared by a personal-data holder). */
    get queues() {
      return queues.map((q) => q.queue);
    },
    get transport() {
      return transport;
    },

    async start(): Promise<void> {
      if (state !== 'new') throw new Error('app already started');
      state = 'running';
      for (const f of features) if (f.http) operations.server.mount(await f.http());
      // First, so that liveness answers while the rest waits for Redis or MAX.
      await operations.start();
      for (const f of features) await f.init?.();
      services.bot = await waitForMax(api, log, starting.signal);
      const menu = registry.commands.values().filter((c) => c.inMenu);
      await api.setMyCommands(await Promise.all(menu.map(async (c) => ({ name: c.name, description: await unitWords(c.description) }))));
      outboxWorker = new OutboxWorker(redis, subscriber, workerRedis, keys, outbox, api, log, {
        ...options.outbox,
        render: unitWords,
        // A request card waiting for working hours is not delivered once someone decided the request.
        stillDue: async (m) => !m.about?.requestId || (await ports.get('requestPending')(m.about.requestId)),
      });
      await outboxWorker.start();
      timeoutWorker = new FlowTimeoutWorker(workerRedis, keys.queuePrefix, inbox, log);
      for (const f of features) await f.start?.();
      routerOf();
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
          ...others()
            .reverse()
            .map((f) => f.stop?.(false)),
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

export type Kernel = ReturnType<typeof createKernel>;
