// A flow step replayed after a crash between its commit and the acknowledgement of its update
// sends what its first run planned (src/bot/step-plans.ts), not a new plan made from the state
// of the replay: the reject step has erased the applicant's name by then, and a card the first
// run held for working hours would go out at once once the hours have opened. The crash is the
// acknowledgement failing once (as a kill just before it would), or the queuing of the step's held
// messages failing once as Redis going away does: either way the update is handled again.
import { Queue } from 'bullmq';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { jobIdOf, Outbox } from '../../src/bot/outbox.js';
import { createKeys } from '../../src/store/keys.js';
import { InboxStore } from '../../src/store/inbox.js';
import { movableClock } from '../chats/support.js';
import { createWorld, eventually, redisUrl, type World } from '../support/harness.js';
import { decide, invite, workdayClock } from '../org/support.js';
import { nothingPending, toldCount, toldExactly, upToConsent } from '../crash/support.js';

const ADMIN = 1;
const HOUR = 3600_000;
/** Monday 22:00 in Moscow: a join request's card waits for the morning. */
const EVENING = '2026-11-23T19:00:00Z';

/**
 * The first acknowledgement of an inbox update that `matches` fails, as a crash just before it
 * would; `meanwhile` runs first (e.g. the clock moves on). Returns what the step's plan key held then.
 */
function failFirstAck(world: World, matches: (raw: string) => boolean, meanwhile: () => void = () => undefined) {
  const keys = createKeys(world.prefix);
  const seen = { failed: false, plansAtAck: [] as string[] };
  const ackNext = InboxStore.prototype.ackNext;
  vi.spyOn(InboxStore.prototype, 'ackNext').mockImplementation(async function (this: InboxStore, ...args: Parameters<InboxStore['ackNext']>) {
    if (this.keys.pending === keys.inboxPending && matches(args[2])) {
      seen.plansAtAck.push(...(await world.redis.keys(keys.flowStepPlan('*'))));
      if (!seen.failed) {
        seen.failed = true;
        meanwhile();
        throw new Error('test: the process died before the acknowledgement');
      }
    }
    return ackNext.apply(this, args);
  });
  return seen;
}

type Later = Parameters<Outbox['addLater']>[0];

/**
 * The first queuing of held messages for which `matches` holds fails, as Redis going away between
 * the step's commit and its after() would (the update is left unacknowledged, and handled again);
 * `meanwhile` runs first. Returns what that first call was given: what the step's first run planned.
 */
function failFirstAddLater(matches: (later: Later) => boolean, meanwhile: () => Promise<void>) {
  const seen = { failed: false, planned: [] as Later };
  const addLater = Outbox.prototype.addLater;
  vi.spyOn(Outbox.prototype, 'addLater').mockImplementation(async function (this: Outbox, ...args: Parameters<Outbox['addLater']>) {
    if (!seen.failed && matches(args[0])) {
      seen.failed = true;
      seen.planned = structuredClone(args[0]);
      await meanwhile();
      throw new Error('Connection is closed.');
    }
    return addLater.apply(this, args);
  });
  return seen;
}

const planKeys = (world: World) => world.redis.keys(createKeys(world.prefix).flowStepPlan('*'));

describe('a flow step replayed after a crash before its acknowledgement', () => {
  let world: World | undefined;
  afterEach(async () => {
    vi.restoreAllMocks();
    await world?.close();
  });

  it("sends the rejection the first run planned, with the applicant's name, once", async () => {
    world = await createWorld({ app: { now: workdayClock() } });
    const w = world;
    const USER = 7201;
    const code = await invite(w, ADMIN, 'учитель');
    const consent = await upToConsent(w, USER, code, 'Петров Иван');
    await w.control.pressByText(USER, consent.mid, 'Даю согласие');
    await eventually(async () => expect(await toldCount(w, ADMIN, 0, 'Заявка на подтверждение: Петров Иван')).toBe(1));
    const ask = await decide(w, ADMIN, 'Петров Иван', 'Отклонить');
    expect(ask.text).toContain('причину');
    const reason = 'Не работает в нашей школе';
    const seen = failFirstAck(w, (raw) => raw.includes(reason));
    const after = await w.control.lastSeq();
    await w.control.sendText(ADMIN, reason);
    await toldExactly(w, ADMIN, after, 'Заявка отклонена');
    expect(seen.failed).toBe(true);
    // Planned again, it said «Заявка отклонена: .»: the step had erased the name.
    expect(await toldCount(w, ADMIN, after, 'Заявка отклонена: Петров Иван.')).toBe(1);
    await toldExactly(w, USER, after, `Причина: ${reason}.`);
    // The plan was kept until the acknowledgement that stored it (both tries), and deleted by it.
    expect(seen.plansAtAck).toHaveLength(2);
    expect(seen.plansAtAck[0]).toContain(`flow:${ADMIN}:reject:`);
    expect(await planKeys(w)).toEqual([]);
  });

  it('sends a card the first run held for working hours once, at the planned time, when replayed after the hours opened', async () => {
    const clock = movableClock(EVENING);
    world = await createWorld({ app: { now: clock.now } });
    const w = world;
    const USER = 7202;
    const code = await invite(w, ADMIN, 'учитель');
    const consent = await upToConsent(w, USER, code, 'Сидоров Пётр');
    // The night passes between the step's commit and its (second) acknowledgement.
    const seen = failFirstAck(
      w,
      (raw) => raw.includes('"message_callback"') && /f:join:\d+:accept/.test(raw),
      () => clock.advance(10 * HOUR),
    );
    const after = await w.control.lastSeq();
    await w.control.pressByText(USER, consent.mid, 'Даю согласие');
    // The applicant is told what the first run told them: the request waits for the morning.
    await toldExactly(w, USER, after, 'Заявка отправлена');
    expect(seen.failed).toBe(true);
    expect(await toldCount(w, USER, after, 'ждёт подтверждения. Я сообщу')).toBe(0);
    await nothingPending(w);
    expect(await toldCount(w, ADMIN, after, 'Заявка на подтверждение: Сидоров Пётр')).toBe(0);
    // The held card's time comes (BullMQ's delay runs on the real clock: promoted here).
    const q = new Queue('outbox', { connection: { url: redisUrl() } as never, prefix: createKeys(w.prefix).queuePrefix });
    try {
      expect(await q.getJobCountByTypes('delayed')).toBe(1);
      await q.promoteJobs();
      await eventually(async () => expect(await q.getJobCountByTypes('delayed', 'waiting', 'active')).toBe(0));
    } finally {
      await q.close();
    }
    await toldExactly(w, ADMIN, after, 'Заявка на подтверждение: Сидоров Пётр');
    expect(await planKeys(w)).toEqual([]);
  });

  it("keeps a held card's time and job id when the crash comes before the card was queued", async () => {
    const clock = movableClock(EVENING);
    world = await createWorld({ app: { now: clock.now } });
    const w = world;
    const USER = 7203;
    const card = 'Заявка на подтверждение: Кузнецов Олег';
    const code = await invite(w, ADMIN, 'учитель');
    const consent = await upToConsent(w, USER, code, 'Кузнецов Олег');
    // Before the restart the clock moves on (still night) and the working day now begins at 10:00:
    // planned again, the card would be held until 10:00, and the applicant told so.
    const seen = failFirstAddLater(
      (later) => later.some((l) => l.list.some((m) => m.text.includes(card))),
      async () => {
        clock.advance(2 * HOUR);
        const org = w.app.organisation;
        await org.org.saveHours({ ...(await org.hoursSettings()), start: '10:00' });
      },
    );
    const after = await w.control.lastSeq();
    await w.control.pressByText(USER, consent.mid, 'Даю согласие');
    await toldExactly(w, USER, after, 'Заявка отправлена');
    expect(seen.failed).toBe(true);
    expect(await toldCount(w, USER, after, '10:00')).toBe(0);
    expect(await toldCount(w, ADMIN, after, card)).toBe(0);
    // What the first run planned: the card alone, held until Tuesday's opening (07:30 in Moscow).
    expect(seen.planned).toHaveLength(1);
    const morning = seen.planned[0]!.at;
    expect(morning).toBe(Date.parse('2026-11-24T04:30:00Z'));
    const step = JSON.parse((await w.redis.get(createKeys(w.prefix).flow(USER, 'join')))!) as { run: string; rev: number };
    const q = new Queue('outbox', { connection: { url: redisUrl() } as never, prefix: createKeys(w.prefix).queuePrefix });
    try {
      const delayed = await q.getDelayed();
      expect(delayed).toHaveLength(1);
      const [job] = delayed;
      expect(job!.id).toBe(jobIdOf(`flow:${USER}:join:${step.run}:${step.rev}@later0`));
      // The delay is measured on the bot's clock; the job's timestamp is the real time it was queued.
      const appTime = job!.timestamp + (clock.now() - Date.now());
      expect(appTime + job!.delay - morning).toBeGreaterThanOrEqual(0);
      expect(appTime + job!.delay - morning).toBeLessThan(10_000);
      await q.promoteJobs();
      await eventually(async () => expect(await q.getJobCountByTypes('delayed', 'waiting', 'active')).toBe(0));
    } finally {
      await q.close();
    }
    await toldExactly(w, ADMIN, after, card);
    expect(await planKeys(w)).toEqual([]);
  });
});
