// The key schema: every Redis key the bot uses is named here and nowhere else.
// All keys live under one prefix (REDIS_PREFIX) so that several bots — and each
// test — can share one Redis without touching each other's data.

export type Keys = ReturnType<typeof createKeys>;

export function createKeys(prefix: string) {
  const k = (...parts: Array<string | number>) => [prefix, ...parts].join(':');
  return {
    prefix,
    /** BullMQ queues use this as their own prefix (their keys are `<prefix>:q:<queue>:…`). */
    queuePrefix: k('q'),

    // --- updates pipeline (src/bot/transport, src/store/inbox) ---
    /** string: the long-polling marker, committed after a batch was handled. */
    updatesMarker: k('updates', 'marker'),
    /** string with TTL: an update id seen already (re-deliveries are dropped). */
    updateSeen: (updateId: string) => k('inbox', 'seen', updateId),
    /** list: one ordering key's updates waiting to be handled, oldest first. */
    inboxQueue: (orderKey: string) => k('inbox', 'q', orderKey),
    /** zset: ordering keys with work, scored by the time they got it. */
    inboxPending: k('inbox', 'pending'),
    /** string with PX lease: which process is draining an ordering key now. */
    inboxLock: (orderKey: string) => k('inbox', 'lock', orderKey),
    /** pub/sub channel: "there is new work". */
    inboxWake: k('inbox', 'wake'),

    // --- outgoing (src/bot/outbox): the same queue shape as the inbox, one queue per recipient ---
    /** string with TTL: a reply job id queued already (a handler run twice queues it once). */
    outboxSeen: (jobId: string) => k('outbox', 'seen', jobId),
    /** list: one recipient's reply jobs waiting to be sent, oldest first. */
    outboxQueue: (orderKey: string) => k('outbox', 'q', orderKey),
    /** zset: recipients with replies waiting. */
    outboxPending: k('outbox', 'pending'),
    /** string with PX lease: which process is sending to a recipient now. */
    outboxLock: (orderKey: string) => k('outbox', 'lock', orderKey),
    /** pub/sub channel: "there are replies to send". */
    outboxWake: k('outbox', 'wake'),
    /** string with TTL: how many messages of a multi-message reply job went out already. */
    outboxSent: (jobId: string) => k('outbox', 'sent', jobId),

    // --- outgoing rate ---
    /** zset: the MAX requests granted in the last window (sliding-window log, src/bot/rate-limiter.ts). */
    rateMaxApi: k('rate', 'max-api'),
    /** zset: the same for callback answers in one chat (MAX allows 2/s per chat). */
    rateCallbackAnswers: (chatId: number) => k('rate', 'answers', chatId),

    // --- crash tests only (src/bot/crash-points.ts, with BOT_CRASH_POINTS=on) ---
    /** string "<scope>:<n>": the kill point a crash test armed. */
    crashArm: k('crash', 'arm'),
    /** list: writes counted after their update was acknowledged (a bug the crash tests look for). */
    crashLate: k('crash', 'late'),

    // --- conversations (src/flows, src/store/flow-store) ---
    /** string JSON: a flow's persisted snapshot envelope for one user. */
    flow: (userId: number, flowId: string) => k('flow', userId, flowId),
    /** string (before the shared hashes below): "<base>|<starting event>" of the user's latest run of the flow. */
    flowRunSeq: (userId: number, flowId: string) => k('flow', userId, flowId, 'runs'),
    /**
     * hash: "<user id>:<flow id>" → "<base>|<starting event>" of that user's latest run of the flow,
     * for the users whose id gives this shard (src/store/flow-store.ts, runShardOf).
     */
    flowRuns: (shard: number) => k('flow', 'runs', shard),
    /** string: the id of the user's active flow. */
    activeFlow: (userId: number) => k('flow', userId, 'active'),
    /**
     * string JSON with a day's TTL: what a flow step planned to send (its outbox record and held
     * messages), written with the step, sent as is if the step is replayed (src/bot/step-plans.ts).
     * `step` is the step's idempotency key, "flow:<user id>:<flow id>:…" (src/flows/runner.ts).
     */
    flowStepPlan: (step: string) => k('flowstep', step),

    // --- organisation (src/store/org-store) ---
    /** hash: the organisation's name, time zone, unit word, final grade, the grade pupils consent themselves from, setup time. */
    org: k('org'),
    /** pub/sub channel: the organisation's settings or hours changed (instances drop their cached copy). */
    orgChanged: k('org', 'changed'),
    /** set: ADMIN_USER_IDS already made admins (a later dismissal then sticks across restarts). */
    configAdminsSeen: k('org', 'config-admins'),
    /** string counter: the last unit number given (ids are "u<n>"). */
    unitSeq: k('unit', 'seq'),
    /** set: every unit id, archived ones included. */
    units: k('units'),
    /** hash: a unit's fields (id, name, archived, createdAt). */
    unit: (unitId: string) => k('unit', unitId),
    /** hash: normalised unit name → unit id (live units only). */
    unitByName: k('unit', 'by-name'),
    /** set: user ids of a unit's curators. */
    unitCurators: (unitId: string) => k('unit', unitId, 'curators'),

    // --- people (src/store/people-store) ---
    /** hash: a person's own data (full name, consent time). */
    person: (userId: number) => k('person', userId),
    /** hash: "<role>|<unit id>" → membership JSON (status, children). */
    personRoles: (userId: number) => k('person', userId, 'roles'),
    /** set: unit ids the person curates. */
    personCurates: (userId: number) => k('person', userId, 'curates'),
    /** set: "<user id>|<role>" of everyone with a role in the unit. */
    unitPeople: (unitId: string) => k('unit', unitId, 'people'),
    /** set: user ids holding the role anywhere. */
    roleHolders: (role: string) => k('role', role),
    /**
     * set: user ids with a VERIFIED membership of the role in the unit ("-": organisation-wide);
     * with `activist`, those of them marked activists. Kept by PeopleStore.reindex only;
     * chat syncs read a chat's people from it (src/chats/chats.ts, expected()).
     */
    verifiedIn: (unitId: string | null, role: string, activist = false) =>
      activist ? k('verified', unitId ?? '-', role, 'activist') : k('verified', unitId ?? '-', role),
    /** The common start of the verified index keys (for its script). */
    verifiedPrefix: k('verified', ''),
    /** string: the version of the verified index that was built for existing data (a one-time migration). */
    verifiedIndexVersion: k('verified', 'version'),
    /** stream: refusals of consent to personal-data processing (000 1.8): user id and time only. */
    consentRefusals: k('consent', 'refusals'),

    // --- invites (src/store/invite-store) ---
    /** hash: one invite (role, unit, limits, counters, who made it). */
    invite: (code: string) => k('invite', code),
    /** string with TTL: the code of the invite an update (by its id) created, so handling it twice makes one. */
    inviteByEvent: (updateId: string) => k('invite', 'by-event', updateId),
    /** set: user ids that have used the invite. */
    inviteUsers: (code: string) => k('invite', code, 'users'),
    /** zset: live invite codes by expiry time. */
    invitesLive: k('invites', 'live'),
    /** string counter with TTL: invalid codes a user sent this hour. */
    badCodes: (userId: number) => k('invites', 'bad', userId),

    /** string JSON with TTL: what a multi-step operation (move, remove) asked by an update is doing (src/store/intent-store). */
    intent: (operationId: string) => k('intent', operationId),

    // --- join requests (src/store/request-store) ---
    /** string JSON: one join request (decided and applied: a compact array, see src/store/request-store.ts). */
    request: (requestId: string) => k('request', requestId),
    /** zset: pending request ids by creation time. */
    requestsPending: k('requests', 'pending'),
    /** string: the pending request id of (user, role, unit), so a person does not ask twice. */
    requestOpen: (userId: number, role: string, unitId: string) => k('request', 'open', userId, role, unitId),
    /** The same key's prefix, for the Lua script that closes a request (it builds the rest). */
    requestOpenPrefix: `${k('request', 'open')}:`,

    // --- chats (src/store/chat-store) ---
    /** hash: a chat the bot is in (title, link, kind, unit, binding offer, rights, health). */
    chat: (chatId: number) => k('chat', chatId),
    /** pub/sub channel: a chat record changed (message: the chat id); instances drop their cached copy. */
    chatChanged: k('chat', 'changed'),
    /** set: ids of chats the bot was added to (MAX has no "list my chats" since June 2026). */
    chats: k('chats'),
    /** hash: user id → placement JSON (present / link_sent / manual / removed / failed). */
    chatPlacements: (chatId: number) => k('chat', chatId, 'placements'),
    /** set: user ids a curator chose to keep in the chat as guests. */
    chatGuests: (chatId: number) => k('chat', chatId, 'guests'),
    /**
     * string with TTL: the missing rights the binder was told about when the bot needed them
     * (`about`: moderation, hold); deleted when the bot's rights change.
     */
    chatRightsTold: (chatId: number, about: string) => k('chat', chatId, 'rights-told', about),

    // --- conduct: hours and content rules in chats (src/store/conduct-store) ---
    /** zset: one person's violations in one chat ("<mid>|<rule>" by time); no message text. */
    violations: (chatId: number, userId: number) => k('conduct', 'violations', chatId, userId),
    /** zset: every violation ("<chat>|<user>|<message id>|<rule>" by time), for statistics. */
    violationLog: k('conduct', 'violations', 'all'),
    /** hash: one person's account alerts (/report) of one day: flow-step key → its place; 3 go out. */
    accountAlerts: (userId: number, day: number) => k('conduct', 'account-alerts', userId, day),
    /**
     * hash with TTL (30 days, renewed): one person's complaints about chat messages (/report as a
     * reply): "m:<message id>" → the filing update, "d:<day>" → that day's count. Ids and counts only
     * (src/store/complaint-store.ts; erased with the person).
     */
    complaints: (userId: number) => k('conduct', 'complaints', userId),
    /** set: the organisation's public phone numbers (digits only) that chats may carry. */
    publicNumbers: k('org', 'public-numbers'),
    /** hash: one violation a "это ошибка" button names (chat, user, rule, time; no text), 30 days. */
    violationRef: (id: string) => k('conduct', 'violation', id),
    /** hash: rule → how many violations someone marked as a false alarm, for statistics. */
    falseAlarms: k('conduct', 'false-alarms'),
    /** string with TTL: the chat already got its reminder in this off-hours period. */
    reminded: (chatId: number, periodId: string) => k('conduct', 'reminded', chatId, periodId),
    /** hash: a recording-consent poll (chat, starter, time). */
    recording: (pollId: string) => k('recording', pollId),
    /** hash: user id → yes / no. */
    recordingAnswers: (pollId: string) => k('recording', pollId, 'answers'),
    /** hash with TTL: a staff member's off-hours message the bot offered to move to the morning. */
    nudge: (nudgeId: string) => k('conduct', 'nudge', nudgeId),
    /** hash: /later job id → JSON (sender, chat, when), so the sender may cancel. */
    later: (userId: number) => k('later', userId),

    // --- erasure (src/org/erasure.ts, src/store/personal-data.ts) ---
    /** hash with TTL: one person's erasure in progress: its plan (ids only) and "done:<holder>" per holder finished. */
    erasure: (userId: number) => k('erasure', userId),
    /** set: user ids whose erasure began and has not finished (resumed at start). */
    erasuresPending: k('erasures', 'pending'),

    // --- audit and events ---
    /** stream: administrative acts (who, what, whom, when); ids only. */
    audit: k('audit'),
    /** stream: domain events (verified, moved, role changes, removed) for other features. */
    events: k('events'),

    // --- statistics (src/reports) ---
    /**
     * hash with TTL (~400 days): one day's counters in the organisation's zone, "YYYY-MM-DD".
     * Fields are "<metric>" for the whole organisation and "<metric>@<unit id>" per unit;
     * counts only — no names, no texts. Updated as events happen, so /stats reads ≤365 hashes.
     */
    statsDay: (day: string) => k('stats', 'day', day),
    /** zset with TTL: that day's decided join requests (request id → ms from creation to decision), for the median. */
    statsDecisions: (day: string) => k('stats', 'decisions', day),
    /** set: user ids who turned the weekly summary off (/stats off). */
    statsWeeklyOff: k('stats', 'weekly-off'),

    // --- broadcasts (src/broadcasts) ---
    /** hash: user id → the id of their dialog with the bot (learned from updates and sends); to check a send after a crash. */
    dialogChats: k('dialogs'),
    /** hash: one broadcast (sender, audience JSON, text, status, times, counts). */
    broadcast: (id: string) => k('broadcast', id),
    /** set: recipients not yet attempted. */
    broadcastTodo: (id: string) => k('broadcast', id, 'todo'),
    /**
     * hash: recipient → "claim|<ms>" (being sent now), "ok|<mid>", "fail|<code>". A recipient is
     * claimed before the send, so a restarted worker never sends twice: it checks claims in the dialog.
     */
    broadcastState: (id: string) => k('broadcast', id, 'state'),
    /** zset: a sender's broadcasts by creation time. */
    broadcastsBySender: (userId: number) => k('broadcasts', 'by', userId),

    // --- the web panel (src/web) ---
    /** hash with TTL: a panel session by the SHA-256 of its bearer token (user id, CSRF token, a one-time notice, searches). */
    webSession: (hash: string) => k('web', 'session', hash),
    /** string with TTL: a mini-app launch (SHA-256 of its query_id or signature) already exchanged for a session. */
    webLaunch: (hash: string) => k('web', 'launch', hash),
    /** string counter with TTL: requests of one panel user (or one address before sign-in) in one minute. */
    webRate: (who: string, minute: number) => k('web', 'rate', who, minute),
    /** zset: every distinct word of every person's name (score 0), for the panel's prefix search (src/store/name-index.ts). */
    webNameWords: k('web', 'names', 'words'),
    /** set of user ids: whose name has the word; `shardAndWord` is "<shard of the id>:<word>" ('' gives the prefix). */
    webNameIds: (shardAndWord: string) => k('web', 'names', 'ids', shardAndWord),
    /** string: the name index's version once it was built for the people already there. */
    webNameIndexVersion: k('web', 'names', 'version'),
    /** zset: the first name index ("<word>|<user id>"); dropped by NameIndex.backfill. */
    webNameIndexV1: k('web', 'names'),

    // --- feedback (src/store/feedback-store) ---
    /** stream: feedback left through /feedback. */
    feedback: k('feedback'),
    /** string with TTL: a feedback effect already performed (idempotency). */
    feedbackDone: (idempotencyKey: string) => k('feedback', 'done', idempotencyKey),

    // --- school year (src/store/rollover-store) ---
    /** string (JSON) with TTL: an admin's /rollover preview being edited. */
    rolloverDraft: (userId: number) => k('rollover', 'draft', userId),
    /** string (JSON): a confirmed rollover (plan, graduates' ids, applied flag). */
    rolloverAct: (id: string) => k('rollover', 'act', id),
    /** set: ids of confirmed rollovers not applied yet (resumed at start). */
    rolloversPending: k('rollover', 'pending'),
    /** set: steps of a rollover already done ("grad:<unit>", "move:<unit>"). */
    rolloverDone: (id: string) => k('rollover', 'act', id, 'done'),
    /** hash: a unit's expected pupils from a roster file, normalised name → full name (until they join and are verified). */
    unitExpected: (unitId: string) => k('unit', unitId, 'expected'),
    /** string (JSON) with TTL: a roster file read and previewed, waiting for the admin's confirmation. */
    rosterDraft: (userId: number) => k('roster', 'draft', userId),
    /** string with TTL: the admin asked for the template (/roster) — a file they send next is a roster. */
    rosterAwait: (userId: number) => k('roster', 'await', userId),
  } as const;
}

/**
 * The key maker of a feature that names its keys in its own folder (`Feature.keys`): every key under
 * `<prefix>:f:<feature>:…`. No key above starts with the part `f` (test/bot/feature-module.test.ts checks),
 * and the kernel refuses two features of one name, so a feature's keys collide neither with those above
 * nor with another feature's. Its families join keys.ts's in the personal-data check
 * (test/store/personal-data.test.ts).
 */
export function featureKeyMaker(prefix: string, feature: string) {
  return (...parts: Array<string | number>) => [prefix, 'f', feature, ...parts].join(':');
}
