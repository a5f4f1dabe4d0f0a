// The contract of a feature: everything a feature adds to the bot comes through one object of
// this shape, built by the factory in the feature's folder (`src/<feature>/index.ts`) and
// installed by the kernel (src/bot/kernel.ts). Adding a feature is its folder plus one line in
// src/features.ts. Names are registered once: a second command, button action, flow, effect,
// hook or port provider throws at startup (src/bot/registry.ts).
//
// Features reach those built before them through their `api`; what an earlier feature needs
// from a later one (or the kernel from any feature) goes through a port: a typed function
// declared here, provided by one feature and resolved when called, so nothing imports upward.
import type { FastifyInstance } from 'fastify';
import type { Queue } from 'bullmq';
import type { Config } from '../config.js';
import type { FlowRunner } from '../flows/runner.js';
import type { FlowDefinition } from '../flows/types.js';
import type { Logger } from '../log.js';
import type { HoursWindow } from '../policy/hours/describe.js';
import type { Access, ActorRoles, CommandName } from '../policy/permissions.js';
import type { UnitWord } from '../policy/unit-word.js';
import type { AuditFilter } from '../store/audit-log.js';
import type { Keys } from '../store/keys.js';
import type { Unit } from '../store/org-store.js';
import type { PersonalDataHolder, PersonalDataRegistry } from '../store/personal-data.js';
import type { CallbackAnswers } from './callback-answers.js';
import type { CallbackAction, Command, RouterHooks } from './commands/types.js';
import type { Services, UpdateContext } from './context.js';
import type { DomainEffectHandlers } from './effects.js';
import type { Keyboard, Outbox } from './outbox.js';
import type { Redis } from 'ioredis';
import type { Api } from '@maxhub/max-bot-api';

/**
 * When a holder of personal data is erased, relative to the others: requests close and roles end
 * first (so the chats let the person out), then the chats, then the rest of the data, then work
 * waiting in queues (held messages, kept step plans, jobs, the inbox), then the records that tell
 * the erasure itself, and the person's own record (their name, which the others may need) last.
 * Within a stage, holders run in feature order (the kernel first).
 */
export const ERASE_STAGES = ['roles', 'chats', 'data', 'queued', 'wrap-up', 'identity'] as const;
export type EraseStage = (typeof ERASE_STAGES)[number];

/** A document made in the background and sent to a person (src/reports: the `reports` queue). */
export type DocumentRequest = { kind: 'roster-template'; userId: number } | { kind: 'invite-qr'; userId: number; link: string };

/** Spreadsheet exports of /members and /audit, when the arguments end with "xlsx". */
export interface SpreadsheetExports {
  wants(args: string): boolean;
  members(ctx: UpdateContext, args: string): Promise<void>;
  audit(ctx: UpdateContext, filter: AuditFilter): Promise<void>;
}

/**
 * What one feature asks of another built after it, or the kernel of a feature. Each port has one
 * provider; calling a port with no provider throws (optional ones: see `Ports.optional`).
 */
export interface PortTypes {
  /** The organisation's word for a unit (класс, группа…): texts name units in it. */
  unitWord(): Promise<UnitWord>;
  /** The roles of a person. */
  actor(userId: number): Promise<ActorRoles>;
  /** The organisation's working hours in force, told in the greeting. */
  workingHours(): Promise<HoursWindow>;
  /** Whether an outbox message about a request is still due (a request card: the request still pending). */
  requestPending(requestId: string): Promise<boolean>;
  /** Queues a document for a person. */
  documents(request: DocumentRequest, key: string): Promise<void>;
  /** Spreadsheet exports. */
  exports(): SpreadsheetExports;
  /** Erases a person (asked by themselves or by an admin). */
  erase(userId: number, actorId: number): Promise<unknown>;
  /** Archives a unit at the end of its school life (its chats released, invites revoked). */
  archiveUnit(unit: Unit, actorId: number, key: string): Promise<void>;
  /** The chats bound to a unit. */
  unitChats(unitId: string): Promise<number[]>;
  /** A chat's title. */
  chatTitle(chatId: number): Promise<string | null>;
  /** The button under /start's greeting that opens the panel (the panel, when MINIAPP_URL is set). */
  panelButton(userId: number, ctx: UpdateContext): Promise<Keyboard | undefined>;
}
export type PortName = keyof PortTypes;

/** What the kernel hands every feature. */
export interface KernelContext {
  config: Config;
  log: Logger;
  keys: Keys;
  /** Commands and domain writes. */
  redis: Redis;
  /** Pub/sub listeners (cache invalidation). */
  subscriber: Redis;
  /** BullMQ workers' blocking connection. */
  workerRedis: Redis;
  api: Api;
  outbox: Outbox;
  flows: FlowRunner;
  answers: CallbackAnswers;
  services: Services;
  /** Renders {unit:…} words in texts with the organisation's word. */
  unitWords: (text: string) => Promise<string>;
  /** The clock of domain decisions. */
  now: () => number;
  ports: Ports;
  /** Every holder of personal data, in erasure order (filled once all features are installed). */
  personalData: PersonalDataRegistry;
  /** The roles of a person (port `actor`), computed once per update when `ctx` is given. */
  actorOf(userId: number, ctx?: UpdateContext): Promise<ActorRoles>;
}

export interface Ports {
  /** The port's function; it finds its provider when called. */
  get<K extends PortName>(name: K): PortTypes[K];
  /** The provider, or undefined when no feature provides the port. */
  optional<K extends PortName>(name: K): PortTypes[K] | undefined;
}

/** A BullMQ queue a feature owns: its errors are watched, and it is listed in `app.queues`. */
export interface FeatureQueue {
  name: string;
  queue: Queue;
  /** Its depth is reported by /metrics with the inbox's (the operations server's queue depths). */
  readiness?: boolean;
}

export interface Feature<Api = object> {
  /** Short, unique; named in duplicate errors and logs. */
  name: string;
  commands?: Command[];
  /**
   * Rows of the permission table for the feature's own commands (those not in the organisation's
   * table, src/policy/permissions.ts; named in `FeatureCommands`).
   */
  permissions?: Partial<Record<CommandName, Access>>;
  /**
   * The feature's own Redis key families (names in `FeatureKeyFamilies`): the keys or key functions,
   * made with `featureKeyMaker(ctx.keys.prefix, <feature>)`. Each is declared by a personal-data holder.
   */
  keys?: Record<string, unknown>;
  actions?: CallbackAction[];
  flows?: FlowDefinition[];
  /** Handlers of the domain effects the feature's flows emit (declared in flows/types.ts DomainEffects). */
  effects?: Partial<DomainEffectHandlers>;
  /** Router hooks; each hook has one owner. */
  hooks?: RouterHooks;
  /** Ports this feature provides. */
  provides?: Partial<PortTypes>;
  queues?: FeatureQueue[];
  /** Holders of personal data, with the stage of an erasure they run in. */
  erase?: { stage: EraseStage; holder: PersonalDataHolder }[];
  /** HTTP routes on the operations server (mounted before it starts listening). */
  http?: () => Promise<(server: FastifyInstance) => void>;
  /** Work before MAX is asked anything (listeners, bootstrap, resumed erasures). */
  init?(): Promise<void>;
  /** Workers, after the bot knows itself (waitForMax) and its menu is set. */
  start?(): Promise<void>;
  /** `force`: drop what is unfinished (a crash or a stop past its time limit). */
  stop?(force: boolean): Promise<void>;
  /** What later features (and tests, through the app) use. */
  api: Api;
}
