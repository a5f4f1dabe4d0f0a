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

    // --- outgoing (src/bot/sender) ---
    /** string: GCRA "theoretical arrival time" of the next MAX request. */
    rateMaxApi: k('rate', 'max-api'),
    /** string: the same for callback answers in one chat (MAX allows 2/s per chat). */
    rateCallbackAnswers: (chatId: number) => k('rate', 'answers', chatId),

    // --- conversations (src/flows, src/store/flow-store) ---
    /** string JSON: a flow's persisted snapshot envelope for one user. */
    flow: (userId: number, flowId: string) => k('flow', userId, flowId),
    /** string: the id of the user's active flow. */
    activeFlow: (userId: number) => k('flow', userId, 'active'),

    // --- feedback (src/store/feedback-store) ---
    /** stream: feedback left through /feedback. */
    feedback: k('feedback'),
    /** string with TTL: a feedback effect already performed (idempotency). */
    feedbackDone: (idempotencyKey: string) => k('feedback', 'done', idempotencyKey),
  } as const;
}
