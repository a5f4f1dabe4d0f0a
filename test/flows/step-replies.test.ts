// A flow step's messages go out with the acknowledgement of the update that took the step
// (src/flows/runner.ts). Stored with the step's state, they were sent while the update was
// still writing (its timeout job, the button's answer, the acknowledgement itself): a crash
// there, after a message went out and before the outbox marked it sent, sent it again after
// the restart — the join crash test's reviewer was told «Заявка на подтверждение» twice.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createKeys } from '../../src/store/keys.js';
import { InboxStore } from '../../src/store/inbox.js';
import { createWorld, type World } from '../support/harness.js';
import { invite } from '../org/support.js';
import { toldCount, toldExactly, upToConsent } from '../crash/support.js';

const ADMIN = 1;
const USER = 7101;

describe("a flow step's messages", () => {
  let world: World | undefined;
  afterEach(async () => {
    vi.restoreAllMocks();
    await world?.close();
  });

  it('are neither queued nor sent before the update that took the step is acknowledged', async () => {
    world = await createWorld();
    const w = world;
    const keys = createKeys(w.prefix);
    const code = await invite(w, ADMIN, 'учитель');
    const consent = await upToConsent(w, USER, code, 'Петров Иван');
    const after = await w.control.lastSeq();
    // What the outbox holds or has sent of the step when the press is acknowledged.
    const atAck: Array<{ sent: number; queued: number }> = [];
    const ackNext = InboxStore.prototype.ackNext;
    vi.spyOn(InboxStore.prototype, 'ackNext').mockImplementation(async function (this: InboxStore, ...args: Parameters<InboxStore['ackNext']>) {
      if (this.keys.pending === keys.inboxPending && args[2].includes('"message_callback"')) {
        const sent = (await toldCount(w, USER, after, 'Заявка отправлена')) + (await toldCount(w, ADMIN, after, 'Заявка на подтверждение'));
        const queued = (await w.redis.llen(keys.outboxQueue(`u:${USER}`))) + (await w.redis.llen(keys.outboxQueue(`u:${ADMIN}`)));
        atAck.push({ sent, queued });
      }
      return ackNext.apply(this, args);
    });
    await w.control.pressByText(USER, consent.mid, 'Даю согласие');
    await toldExactly(w, USER, after, 'Заявка отправлена');
    await toldExactly(w, ADMIN, after, 'Заявка на подтверждение: Петров Иван');
    expect(atAck).toEqual([{ sent: 0, queued: 0 }]);
  });
});
