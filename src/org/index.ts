// The organisation feature put together: the organisation and its stores, joining (invites,
// requests, child links and consent), the structure (units, curators), the roster, admin names,
// housekeeping, the name index and the erasure of a person. Installed first: every later feature
// builds on `api.organisation`.
import type { Feature, KernelContext } from '../bot/feature.js';
import { forgetFlow } from '../flows/org/forget.js';
import { joinFlow } from '../flows/org/join.js';
import { rejectFlow } from '../flows/org/reject.js';
import { setupFlow } from '../flows/org/setup.js';
import { scopeOf } from '../policy/permissions.js';
import { AuditLog } from '../store/audit-log.js';
import { IntentStore } from '../store/intent-store.js';
import { InviteStore } from '../store/invite-store.js';
import { NameIndex } from '../store/name-index.js';
import { OrgStore } from '../store/org-store.js';
import { PeopleStore } from '../store/people-store.js';
import { RequestStore } from '../store/request-store.js';
import { RosterStore } from '../store/roster-store.js';
import { orgActions } from './actions.js';
import { AdminNames } from './admin-names.js';
import { ChildConsent } from './child-consent.js';
import { ChildLinks } from './child-links.js';
import { Erasure } from './erasure.js';
import { DomainEvents } from './events.js';
import { Housekeeping } from './housekeeping.js';
import { Invitations } from './invitations.js';
import { inviteCommands, inviteQrAction } from './invite-commands.js';
import { Joining } from './joining.js';
import { Organisation } from './organisation.js';
import { Roster } from './roster.js';
import { Structure } from './structure.js';
import { structureCommands, unitArchiveAction } from './structure-commands.js';
import { DENIALS } from './texts.js';

export function createOrg(k: KernelContext) {
  const { config, redis, keys, log, ports } = k;
  const organisation = new Organisation({
    config,
    org: new OrgStore(redis, keys, { timeZone: config.ORG_TIMEZONE }),
    people: new PeopleStore(redis, keys),
    invites: new InviteStore(redis, keys),
    requests: new RequestStore(redis, keys),
    audit: new AuditLog(redis, keys),
    events: new DomainEvents(redis, keys, log),
    intents: new IntentStore(redis, keys),
    now: k.now,
  });
  const childLinks = new ChildLinks(organisation);
  const childConsent = new ChildConsent(organisation, childLinks, k.outbox);
  const documents = ports.get('documents');
  const roster = new Roster(organisation, new RosterStore(redis, keys), (userId, key) => documents({ kind: 'roster-template', userId }, key), log);
  const joining = new Joining(organisation, k.flows, childLinks, (r) => roster.cardLine(r), childConsent);
  const erasure = new Erasure(organisation, k.personalData, redis, keys, log);
  const archiveUnit = ports.get('archiveUnit');
  const structure = new Structure(organisation, (unit, actor, key) => archiveUnit(unit, actor, key));
  const adminNames = new AdminNames(organisation);
  const housekeeping = new Housekeeping(k.workerRedis, redis, keys.queuePrefix, organisation, log);
  const names = new NameIndex(redis, keys);
  const erase = (userId: number, actorId: number) => erasure.erase(userId, actorId);
  const exports = ports.get('exports');

  // A verified pupil leaves the list of expected pupils.
  organisation.events.on((event) => roster.onEvent(event));
  // A verified pupil is linked by id to the parents who typed their name.
  organisation.events.on((event) => childLinks.onEvent(event));
  // A parent verified later is asked for their child's waiting consent (once).
  organisation.events.on((event, eventId) => childConsent.onEvent(event, eventId));

  return {
    name: 'org',
    commands: [
      erasure.command(),
      ...structureCommands(organisation, {
        // Spreadsheets come from the reports feature, asked for when a command runs.
        exports: { wants: (args) => exports().wants(args), members: (ctx, args) => exports().members(ctx, args), audit: (ctx, f) => exports().audit(ctx, f) },
        structure,
        unitChats: ports.get('unitChats'),
        chatTitle: ports.get('chatTitle'),
        expected: (unitId) => roster.store.expected(unitId),
      }),
      roster.command(),
      ...inviteCommands(organisation, joining),
      adminNames.command(),
    ],
    actions: [
      ...orgActions(organisation, structure, erase),
      childLinks.action((r) => joining.card(r)),
      ...childConsent.actions(),
      ...roster.actions(),
      inviteQrAction(organisation, (userId, link, key) => documents({ kind: 'invite-qr', userId, link }, key)),
      unitArchiveAction(organisation, structure),
    ],
    flows: [joinFlow, rejectFlow, setupFlow, forgetFlow],
    effects: {
      'join.submit': (userId, e, key) => joining.submit(userId, e.application, key),
      'consent.refused': (userId, e) =>
        joining.consentRefused(
          userId,
          e.role !== undefined && e.fullName !== undefined ? { role: e.role, unitId: e.unitId ?? null, fullName: e.fullName } : undefined,
        ),
      'request.reject': (userId, e, key) => joining.reject(userId, e.requestId, e.reason, key),
      'org.save': (userId, e) => organisation.saveSetup(userId, e),
      'person.forget': (userId) => erasure.forget(userId),
    },
    hooks: {
      mayRun: async (userId, command, ctx) => (scopeOf(await k.actorOf(userId, ctx), command) === null ? DENIALS.not_allowed : null),
      onStartPayload: (ctx, payload) => joining.openInvite(ctx, payload),
      onDialogAttachments: (ctx, attachments) => roster.onAttachments(ctx, attachments),
      onUser: adminNames.seen,
    },
    provides: {
      unitWord: async () => (await organisation.org.settings()).unitWord,
      actor: (userId) => organisation.actor(userId),
      workingHours: () => organisation.workingHours(),
      requestPending: async (requestId) => (await organisation.requests.get(requestId))?.status === 'pending',
      erase,
    },
    queues: [{ name: 'housekeeping', queue: housekeeping.queue }],
    // Requests close and roles end first (so the chats let the person out); the name goes last.
    erase: [
      { stage: 'roles', holder: organisation.requests },
      { stage: 'roles', holder: organisation.people.roles },
      { stage: 'roles', holder: organisation.org },
      { stage: 'data', holder: organisation.invites },
      { stage: 'data', holder: organisation.events },
      { stage: 'data', holder: names },
      { stage: 'data', holder: roster.store },
      { stage: 'wrap-up', holder: organisation.intents },
      { stage: 'wrap-up', holder: organisation.audit },
      { stage: 'wrap-up', holder: housekeeping },
      { stage: 'identity', holder: Erasure.personalData },
      { stage: 'identity', holder: organisation.people.profile },
    ],
    async init() {
      await organisation.org.listen(k.subscriber);
      await organisation.bootstrap();
      // An erasure a crash interrupted goes on before anything else is done.
      await erasure.resumePending();
      // Kept with every name write; built once for names written before (the panel searches it).
      await names.backfill();
    },
    start: () => housekeeping.start(),
    stop: (force) => housekeeping.close(force),
    api: { organisation, joining, childLinks, structure, roster, erasure, names, invitations: new Invitations(organisation) },
  } satisfies Feature<object>;
}

export type OrgFeature = ReturnType<typeof createOrg>;
export type OrgApi = OrgFeature['api'];
